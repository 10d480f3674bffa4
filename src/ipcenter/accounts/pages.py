"""Pages of the accounts domain: sign in/out, profile and password, API tokens, the organisation admin's
members, and the bureau admin's organisations, accounts and audit log. Forms post back with the page's
CSRF token and answer with a redirect (post/redirect/get); every route declares its policy."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ipcenter.accounts import audit, saved_searches, service, sessions
from ipcenter.accounts.errors import NotSignedIn, TooManyAttempts
from ipcenter.accounts.models import Organisation
from ipcenter.accounts.policy import CSRF_COOKIE, SESSION_COOKIE, BureauAdmin, OrgAdmin, Public, SignedIn
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import ACCOUNT_ROLES, OrgKind, Role, kind_label
from ipcenter.errors import UserError
from ipcenter.platform import web
from ipcenter.platform.deps import RowId, platform

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=1024)]


def _safe_next(target: str | None) -> str:
    """Only a path of this site (no scheme, no //host): an open redirect would help phishing."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _redirect(path: str, **params: Any) -> RedirectResponse:
    query = f"?{urlencode(params)}" if params else ""
    return RedirectResponse(path + query, status_code=303)


# --------------------------------------------------------------------------- sign in and out


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request, who: Public, next: Annotated[str, Query(max_length=500)] = "/") -> Response:
    return web.render(request, who, "signin.html", next=_safe_next(next), message="")


@router.post("/signin")
def signin(
    request: Request,
    who: Public,
    email: Text,
    password: Text,
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    state = platform(request)
    try:
        with audit.audited(state.database, who, "session.signin", "user") as event:
            user = sessions.authenticate(state.database, state.settings, email, password, who.client_address)
            event.object_id = user.id
            with state.database.session() as db:
                token = sessions.start_session(db, user, who.client_address, state.settings)
    except (NotSignedIn, TooManyAttempts) as exc:
        return web.render(
            request,
            who,
            "signin.html",
            status_code=exc.http_status,
            next=_safe_next(next),
            message=exc.message,
        )
    response = _redirect(_safe_next(next))
    secure = state.settings.secure_cookies
    lifetime = int(state.settings.session_lifetime.total_seconds())
    response.set_cookie(
        SESSION_COOKIE, token, max_age=lifetime, httponly=True, samesite="lax", secure=secure, path="/"
    )
    # A fresh CSRF token with the new session (a token planted before sign-in is worth nothing after it).
    from ipcenter.accounts.credentials import new_token

    response.set_cookie(CSRF_COOKIE, new_token(), httponly=True, samesite="lax", secure=secure, path="/")
    return response


@router.post("/signout")
def signout(request: Request, who: Public) -> Response:
    state = platform(request)
    if cookie := request.cookies.get(SESSION_COOKIE):
        with state.database.session() as db:
            sessions.end_session(db, cookie)
        if who.signed_in:
            audit.record(state.database, who, "session.signout", "user", who.user_id)
    response = _redirect("/")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# --------------------------------------------------------------------------- profile, password, tokens


@router.get("/account", response_class=HTMLResponse)
def profile(request: Request, who: SignedIn, done: str = "") -> Response:
    with platform(request).database.session() as db:
        user = service.user_view(service.get_user(db, who, _own(who)))
        searches = saved_searches.list_for(db, who, size=20) if who.organisation_id else None
    return web.render(request, who, "account.html", user=user, searches=searches, done=done)


@router.post("/account/password")
def change_password(request: Request, who: SignedIn, current: Text, new: Text) -> Response:
    state = platform(request)
    with (
        audit.audited(state.database, who, "user.password", "user", who.user_id),
        state.database.session() as db,
    ):
        service.change_password(db, who, current, new)
    response = _redirect("/signin", done="password")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account/tokens", response_class=HTMLResponse)
def tokens_page(request: Request, who: SignedIn) -> Response:
    with platform(request).database.session() as db:
        tokens = service.list_api_tokens(db, who)
    return web.render(request, who, "tokens.html", tokens=tokens, new_token=None)


@router.post("/account/tokens", response_class=HTMLResponse)
def create_token(
    request: Request, who: SignedIn, name: Annotated[str, Form(max_length=100)] = ""
) -> Response:
    """The new token is shown in this response only (not after a redirect: it is never stored)."""
    state = platform(request)
    with audit.audited(state.database, who, "token.create", "api_token") as event:
        with state.database.session() as db:
            user = service.get_user(db, who, _own(who))
            new = sessions.create_api_token(db, user, name)
            event.object_id = new.row.id
        with state.database.session() as db:
            tokens = service.list_api_tokens(db, who)
    response = web.render(request, who, "tokens.html", status_code=201, tokens=tokens, new_token=new.token)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(token_id: RowId, request: Request, who: SignedIn) -> Response:
    state = platform(request)
    with (
        audit.audited(state.database, who, "token.revoke", "api_token", token_id),
        state.database.session() as db,
    ):
        service.revoke_api_token(db, who, token_id)
    return _redirect("/account/tokens")


def _own(who: Principal) -> int:
    if who.user_id is None:
        raise NotSignedIn("sign in first")
    return who.user_id


# --------------------------------------------------------------------------- organisation admin


def _kinds(lang: str) -> list[tuple[str, str]]:
    return [(k.value, kind_label(k.value, lang)) for k in OrgKind]


@router.get("/org", response_class=HTMLResponse)
def organisation_page(request: Request, who: OrgAdmin, done: str = "") -> Response:
    state = platform(request)
    with state.database.session() as db:
        org = db.get(Organisation, who.organisation_id) if who.organisation_id is not None else None
        members = service.list_users(db, who, who.organisation_id) if org is not None else []
    roles = [r.value for r in ACCOUNT_ROLES] if who.role is Role.bureau_admin else ["member", "org_admin"]
    return web.render(request, who, "organisation.html", org=org, members=members, roles=roles, done=done)


@router.post("/org/members")
def add_member(
    request: Request, who: OrgAdmin, email: Text, password: Text, role: Text, display_name: Text = ""
) -> Response:
    state = platform(request)
    with audit.audited(state.database, who, "user.add", "user") as event, state.database.session() as db:
        org = db.get(Organisation, who.organisation_id) if who.organisation_id is not None else None
        if org is None:
            raise UserError("your account belongs to no organisation", http_status=409)
        if who.role is not Role.bureau_admin and service.parse_role(role) not in (
            Role.member,
            Role.org_admin,
        ):
            raise UserError("an organisation admin adds members and org_admins only", http_status=403)
        user = service.add_user(db, email, role, password, org.name, display_name)
        event.object_id = user.id
    return _redirect("/org", done="added")


@router.post("/org/members/{user_id}")
def change_member(
    user_id: RowId,
    request: Request,
    who: OrgAdmin,
    role: Annotated[str | None, Form(max_length=32)] = None,
    active: Annotated[str | None, Form(max_length=8)] = None,
    back: Annotated[str, Form(max_length=100)] = "/org",
) -> Response:
    state = platform(request)
    with audit.audited(state.database, who, "user.change", "user", user_id), state.database.session() as db:
        if role:
            service.set_role(db, who, user_id, role)
        if active in ("0", "1"):
            service.set_active(db, who, user_id, active == "1")
    return _redirect(_safe_next(back), done="changed")


# --------------------------------------------------------------------------- bureau admin


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, who: BureauAdmin, done: str = "") -> Response:
    state = platform(request)
    with audit.audited(state.database, who, "user.list", "user"), state.database.session() as db:
        organisations = service.list_organisations(db, who)
        users = service.list_users(db, who)
    return web.render(
        request,
        who,
        "admin.html",
        organisations=organisations,
        users=users,
        kinds=_kinds(web.page_language(request)),
        roles=[r.value for r in ACCOUNT_ROLES],
        done=done,
    )


@router.post("/admin/organisations")
def admin_add_organisation(request: Request, who: BureauAdmin, name: Text, kind: Text) -> Response:
    state = platform(request)
    with (
        audit.audited(state.database, who, "organisation.add", "organisation") as event,
        state.database.session() as db,
    ):
        event.object_id = service.add_organisation(db, name, kind).id
    return _redirect("/admin", done="organisation")


@router.post("/admin/users")
def admin_add_user(
    request: Request,
    who: BureauAdmin,
    email: Text,
    password: Text,
    role: Text,
    organisation: Text = "",
    display_name: Text = "",
) -> Response:
    state = platform(request)
    with audit.audited(state.database, who, "user.add", "user") as event, state.database.session() as db:
        event.object_id = service.add_user(db, email, role, password, organisation or None, display_name).id
    return _redirect("/admin", done="user")


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    who: BureauAdmin,
    actor: Annotated[str, Query(max_length=254)] = "",
    action: Annotated[str, Query(max_length=64)] = "",
    outcome: Annotated[str, Query(max_length=16)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    state = platform(request)
    flt = audit.AuditFilter(actor or None, action or None, None, outcome or None)
    with audit.audited(state.database, who, "audit.read", "audit_log"), state.database.session() as db:
        result = audit.query(db, flt, page=page, size=50)
    params = {k: v for k, v in (("actor", actor), ("action", action), ("outcome", outcome)) if v}
    return web.render(
        request,
        who,
        "audit.html",
        result=result,
        filters=params,
        query=urlencode(params),
        outcomes=audit.OUTCOMES,
    )
