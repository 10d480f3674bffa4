"""Server-rendered pages: the Jinja2 environment (autoescaped), the page language and the CSRF cookie.

Labels come from `ipcenter.i18n` (Chinese first; ``?lang=en`` switches and is remembered in a cookie). A
domain's pages call `render(request, who, "template.html", ...)`; its templates extend ``base.html``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from ipcenter.accounts.credentials import new_token
from ipcenter.accounts.policy import CSRF_COOKIE, CSRF_FIELD
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import role_label
from ipcenter.i18n import label
from ipcenter.platform import labels as _labels  # noqa: F401  (registers the page labels)
from ipcenter.platform.deps import platform

LANG_COOKIE = "ipcenter_lang"


def page_language(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "zh"
    return "en" if asked.lower().startswith("en") else "zh"


@functools.cache
def _environment(dirs: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def csrf_token(request: Request) -> str:
    """The browser's CSRF token (its cookie), made for this response when the browser has none yet."""
    token: str | None = getattr(request.state, "new_csrf", None) or request.cookies.get(CSRF_COOKIE)
    if not token or len(token) > 100:
        token = new_token()
        request.state.new_csrf = token
    return token


def switch_language_url(request: Request, lang: str) -> str:
    params = dict(request.query_params)
    params["lang"] = "en" if lang == "zh" else "zh"
    return f"{request.url.path}?{urlencode(params)}"


def render(
    request: Request, who: Principal, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    state = platform(request)
    lang = page_language(request)
    env = _environment(tuple(state.template_dirs))
    html = env.get_template(template).render(
        request=request,
        who=who,
        lang=lang,
        t=lambda key: label(key, lang),
        role_label=lambda role: role_label(role, lang),
        csrf_field=CSRF_FIELD,
        csrf_token=csrf_token(request),
        switch_url=switch_language_url(request, lang),
        **context,
    )
    response = HTMLResponse(html, status_code=status_code)
    finish(request, response)
    return response


def finish(request: Request, response: Any) -> None:
    """Set the cookies a page response owes: a new CSRF token, the chosen language."""
    secure = platform(request).settings.secure_cookies
    new_csrf = getattr(request.state, "new_csrf", None)
    if new_csrf:
        response.set_cookie(CSRF_COOKIE, new_csrf, httponly=True, samesite="lax", secure=secure, path="/")
    asked = request.query_params.get("lang")
    if asked:
        response.set_cookie(
            LANG_COOKIE, page_language(request), max_age=365 * 86400, samesite="lax", secure=secure, path="/"
        )
