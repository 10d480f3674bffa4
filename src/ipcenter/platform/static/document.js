// The document page's similar documents: fetched from /api/v1/similar?number=… after the page is shown
// (the page itself never waits for the vector search). #similar gets data-state="done" or "error".
(function () {
  "use strict";
  var section = document.getElementById("similar");
  if (!section) { return; }
  var list = document.getElementById("similar-list");
  var status = document.getElementById("similar-status");
  var number = section.getAttribute("data-number");
  fetch("/api/v1/similar?size=5&number=" + encodeURIComponent(number), { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(function (result) {
      result.hits.forEach(function (hit) {
        var item = document.createElement("li");
        item.setAttribute("data-testid", "similar-hit");
        var link = document.createElement("a");
        link.href = "/documents/" + encodeURIComponent(hit.publication_number);
        link.textContent = hit.title || hit.publication_number;
        item.appendChild(link);
        item.appendChild(document.createTextNode(" · " + hit.publication_number));
        list.appendChild(item);
      });
      status.textContent = "";
      section.setAttribute("data-state", "done");
    })
    .catch(function (error) {
      status.textContent = "—";
      section.setAttribute("data-state", "error");
      section.setAttribute("data-error", String(error));
    });
})();
