"""Errors as ``application/problem+json`` (RFC 9457): one handler for `UserError`, and the framework's own
errors (validation, unknown route, method) in the same shape. Never a traceback in a response."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from ipcenter.errors import UserError

log = logging.getLogger("ipcenter.platform")
PROBLEM = "application/problem+json"


#: How every API error is declared in the OpenAPI document (one entry for the 4XX range): a problem object in
#: ``application/problem+json``, whatever the route (a bearer token can be refused anywhere, a body be too
#: large, a parameter invalid). Without it clients and schemathesis see undeclared statuses and media types.
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What was wrong, in words (the UserError's message)."},
        "errors": {
            "type": "array",
            "description": "Validation errors (422): where and what.",
            "items": {
                "type": "object",
                "properties": {"where": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {
        "description": "Refused: bad input (400, 422), not signed in (401), not allowed (403), not found or not"
        " yours (404), conflict (409), body too large (413), too many attempts (429).",
        "content": {PROBLEM: {"schema": PROBLEM_SCHEMA}},
    }
}


def problem(status: int, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    body.update(extra)
    headers = {"Retry-After": "900"} if status == 429 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _is_page(request: Request) -> bool:
    """A browser page (HTML error page, sign-in redirect) rather than the API (problem+json)."""
    path = request.url.path
    return not (path.startswith("/api/") or path == "/healthz" or path.startswith("/static/"))


def respond(request: Request, status: int, message: str) -> Response:
    if not _is_page(request):
        return problem(status, message)
    from ipcenter.accounts.principal import anonymous
    from ipcenter.platform import web

    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/signin?{urlencode({'next': target})}", status_code=303)
    who = getattr(request.state, "principal", None) or anonymous()
    return web.render(request, who, "error.html", status_code=status, status=status, message=message)


def _user_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UserError)
    return respond(request, exc.http_status, exc.message)


def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"where": ".".join(str(p) for p in e.get("loc", ())), "message": str(e.get("msg", ""))}
        for e in exc.errors()
    ]
    summary = "; ".join(f"{e['where']}: {e['message']}" for e in errors[:5])
    return problem(422, f"invalid request: {summary}", errors=errors[:20])


def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    return respond(request, exc.status_code, str(exc.detail))


def _data_error(request: Request, exc: Exception) -> Response:
    """PostgreSQL refuses a NUL character in text (SQLite stores it): any text a request sends (a query
    parameter, a form field, a JSON string) can carry one, so it is the sender's error, a 422, not a 500.
    Other data errors are ours and stay unexpected."""
    assert isinstance(exc, DataError)
    if "NUL (0x00)" in str(exc.orig):
        return respond(request, 422, "text may not contain the NUL character (\\x00)")
    return _unexpected(request, exc)


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, "internal error: it is logged on the server; please report it")


def install(app: FastAPI) -> None:
    app.add_exception_handler(UserError, _user_error)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(Exception, _unexpected)
