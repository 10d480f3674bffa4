"""REST API of the accounts domain under /api/v1: tokens, the signed-in account, saved searches,
organisations and users (admins), the audit log (bureau admins). Every route declares its policy."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from ipcenter.accounts import audit, saved_searches, service, sessions
from ipcenter.accounts.errors import Forbidden
from ipcenter.accounts.policy import BureauAdmin, OrgAdmin, Public, SignedIn
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import Role
from ipcenter.platform.deps import RowId, platform
from ipcenter.platform.downloads import CSV, JSON_LINES, file_responses

router = APIRouter(tags=["accounts"])

Page = Annotated[int, Query(ge=1, le=100_000, description="Page number, from 1.")]
Size = Annotated[int, Query(ge=1, le=100, description="Items per page (at most 100).")]


class TokenRequest(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)
    name: str = Field(default="", max_length=100)


class SavedSearchIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    query: str = Field(min_length=1, max_length=saved_searches.MAX_QUERY_LENGTH)


class OrganisationIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: str = Field(max_length=32)


class UserIn(BaseModel):
    email: str = Field(max_length=254)
    role: str = Field(max_length=32)
    password: str = Field(max_length=1024)
    organisation: str | None = Field(default=None, max_length=200)
    display_name: str = Field(default="", max_length=200)


class UserChange(BaseModel):
    role: str | None = Field(default=None, max_length=32)
    active: bool | None = None


@router.post("/tokens", status_code=201)
def create_token(body: TokenRequest, request: Request, who: Public) -> dict[str, Any]:
    """E-mail and password in, a bearer token out: shown once, only its hash is kept."""
    state = platform(request)
    with audit.audited(state.database, who, "token.create", "api_token") as event:
        user = sessions.authenticate(
            state.database, state.settings, body.email, body.password, who.client_address
        )
        owner = sessions.principal_of(user, "password", who.client_address)
        with state.database.session() as db:
            new = sessions.create_api_token(db, user, body.name)
            view = sessions.token_view(new.row)
        event.object_id = view["id"]
    audit.record(state.database, owner, "token.issued", "api_token", view["id"])
    return {"token": new.token, **view}


@router.get("/tokens")
def list_tokens(request: Request, who: SignedIn) -> list[dict[str, Any]]:
    """The signed-in account's tokens (never their secret)."""
    with platform(request).database.session() as db:
        return service.list_api_tokens(db, who)


@router.delete("/tokens/{token_id}")
def revoke_token(token_id: RowId, request: Request, who: SignedIn) -> dict[str, Any]:
    state = platform(request)
    with (
        audit.audited(state.database, who, "token.revoke", "api_token", token_id),
        state.database.session() as db,
    ):
        return service.revoke_api_token(db, who, token_id)


@router.get("/me")
def me(request: Request, who: SignedIn) -> dict[str, Any]:
    """The signed-in account."""
    with platform(request).database.session() as db:
        return service.user_view(service.get_user(db, who, _own_id(who)))


def _own_id(who: Principal) -> int:
    assert who.user_id is not None
    return who.user_id


# --------------------------------------------------------------------------- saved searches


@router.get("/saved-searches")
def list_saved_searches(request: Request, who: SignedIn, page: Page = 1, size: Size = 50) -> dict[str, Any]:
    """The saved searches of the account's organisation, newest first."""
    with platform(request).database.session() as db:
        return saved_searches.list_for(db, who, page=page, size=size)


@router.post("/saved-searches", status_code=201)
def create_saved_search(body: SavedSearchIn, request: Request, who: SignedIn) -> dict[str, Any]:
    state = platform(request)
    with audit.audited(state.database, who, "saved_search.create", saved_searches.OBJECT) as event:
        with state.database.session() as db:
            view = saved_searches.view(saved_searches.create(db, who, body.name, body.query))
        event.object_id = view["id"]
    return view


@router.get("/saved-searches/{search_id}")
def get_saved_search(search_id: RowId, request: Request, who: SignedIn) -> dict[str, Any]:
    with platform(request).database.session() as db:
        return saved_searches.view(saved_searches.get(db, who, search_id))


@router.delete("/saved-searches/{search_id}", status_code=204)
def delete_saved_search(search_id: RowId, request: Request, who: SignedIn) -> Response:
    state = platform(request)
    with (
        audit.audited(state.database, who, "saved_search.delete", saved_searches.OBJECT, search_id),
        state.database.session() as db,
    ):
        saved_searches.delete(db, who, search_id)
    return Response(status_code=204)


# --------------------------------------------------------------------------- organisations and users


@router.get("/organisations")
def list_organisations(request: Request, who: OrgAdmin) -> list[dict[str, Any]]:
    """Every organisation (bureau admin) or the admin's own."""
    with platform(request).database.session() as db:
        return service.list_organisations(db, who)


@router.post("/organisations", status_code=201)
def add_organisation(body: OrganisationIn, request: Request, who: BureauAdmin) -> dict[str, Any]:
    state = platform(request)
    with audit.audited(state.database, who, "organisation.add", "organisation") as event:
        with state.database.session() as db:
            view = service.organisation_view(service.add_organisation(db, body.name, body.kind))
        event.object_id = view["id"]
    return view


@router.get("/users")
def list_users(request: Request, who: OrgAdmin) -> list[dict[str, Any]]:
    """Accounts of the admin's organisation (every account for the bureau admin). Audited: confidential."""
    state = platform(request)
    with audit.audited(state.database, who, "user.list", "user"), state.database.session() as db:
        return service.list_users(db, who)


@router.post("/users", status_code=201)
def add_user(body: UserIn, request: Request, who: OrgAdmin) -> dict[str, Any]:
    """An organisation admin adds members and admins to their organisation; the bureau admin any account."""
    state = platform(request)
    with audit.audited(state.database, who, "user.add", "user") as event:
        with state.database.session() as db:
            organisation = body.organisation
            if who.role is not Role.bureau_admin:
                organisation = _own_organisation_name(db, who)
                if service.parse_role(body.role) not in (Role.member, Role.org_admin):
                    raise Forbidden("an organisation admin adds members and org_admins only")
            user = service.add_user(db, body.email, body.role, body.password, organisation, body.display_name)
            view = service.user_view(user)
        event.object_id = view["id"]
        event.detail = f"{view['email']} as {view['role']}"
    return view


def _own_organisation_name(db: Any, who: Principal) -> str | None:
    from ipcenter.accounts.models import Organisation

    org = db.get(Organisation, who.organisation_id) if who.organisation_id is not None else None
    return org.name if org is not None else None


@router.patch("/users/{user_id}")
def change_user(user_id: RowId, body: UserChange, request: Request, who: OrgAdmin) -> dict[str, Any]:
    state = platform(request)
    with audit.audited(state.database, who, "user.change", "user", user_id) as event:
        with state.database.session() as db:
            user = service.get_user(db, who, user_id)
            if body.role is not None:
                user = service.set_role(db, who, user_id, body.role)
            if body.active is not None:
                user = service.set_active(db, who, user_id, body.active)
            view = service.user_view(user)
        event.detail = f"role={view['role']} active={view['active']}"
    return view


# --------------------------------------------------------------------------- audit log


def _filter(
    actor: str | None, action: str | None, organisation_id: int | None, outcome: str | None,
    since: datetime | None, until: datetime | None,
) -> audit.AuditFilter:  # fmt: skip
    return audit.AuditFilter(actor, action, organisation_id, outcome, since, until)


@router.get("/audit")
def audit_log(
    request: Request,
    who: BureauAdmin,
    actor: Annotated[str | None, Query(max_length=254)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    organisation_id: RowId | None = None,
    outcome: Literal["ok", "denied", "failed"] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    page: Page = 1,
    size: Size = 50,
) -> dict[str, Any]:
    """The audit log, newest first, filtered (reading it is itself recorded)."""
    state = platform(request)
    flt = _filter(actor, action, organisation_id, outcome, since, until)
    with audit.audited(state.database, who, "audit.read", "audit_log"), state.database.session() as db:
        return audit.query(db, flt, page=page, size=size)


@router.get(
    "/audit/export",
    response_class=Response,
    responses=file_responses(CSV, JSON_LINES, description="CSV (format=csv) or JSON lines (format=jsonl)."),
)
def audit_export(
    request: Request,
    who: BureauAdmin,
    format: Literal["csv", "jsonl"] = "csv",
    actor: Annotated[str | None, Query(max_length=254)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    organisation_id: RowId | None = None,
    outcome: Literal["ok", "denied", "failed"] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Response:
    """Every matching event as CSV or JSON lines (oldest first)."""
    state = platform(request)
    flt = _filter(actor, action, organisation_id, outcome, since, until)
    with audit.audited(state.database, who, "audit.export", "audit_log"), state.database.session() as db:
        body = audit.export(db, flt, format)
    media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson"
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="audit.{format}"'}
    )
