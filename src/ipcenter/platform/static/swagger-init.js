// Starts Swagger UI on the API docs page (a file, not an inline script: the pages' CSP allows 'self' only).
window.addEventListener("load", function () {
  var node = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: node.dataset.openapi, dom_id: "#swagger-ui", deepLinking: true });
});
