"""The one policy module: who may use which route, and which organisation's objects they may see.

Every route declares one policy as a typed dependency (after Polar's ``Authenticator``)::

    @router.get("/things/{id}")
    def get_thing(who: SignedIn, ...) -> ...

and a test walks the route table and fails for any route without one. The decision is made here only:

- **route level**: the policy names the roles allowed. Anonymous on a route that needs an account → 401;
  a signed-in role the policy does not name → 403 (routes are public knowledge, so this discloses nothing).
- **object level**: every row an organisation owns carries ``organisation_id``; `require_visible` answers
  404 for another organisation's object (existence is not disclosed); `own_rows` scopes a query to what the
  principal may list. `CROSS_ORGANISATION` names the roles that see every organisation's objects of a type.
- **browser writes**: a state-changing request that carries cookies or a form needs the page's CSRF token
  (double submit: the ``ipcenter_csrf`` cookie echoed in the ``csrf_token`` field or ``X-CSRF-Token``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy import Select

from ipcenter.accounts import audit, sessions
from ipcenter.accounts.credentials import same
from ipcenter.accounts.errors import CsrfRejected, Forbidden, NotSignedIn
from ipcenter.accounts.principal import Principal, anonymous
from ipcenter.accounts.roles import ACCOUNT_ROLES, Role
from ipcenter.errors import NotFound
from ipcenter.platform.deps import platform

SESSION_COOKIE = "ipcenter_session"
CSRF_COOKIE = "ipcenter_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Policy:
    name: str
    roles: frozenset[Role]
    description: str

    def allows(self, role: Role) -> bool:
        return role in self.roles


def _policy(name: str, roles: set[Role] | tuple[Role, ...], description: str) -> Policy:
    return Policy(name, frozenset(roles), description)


PUBLIC = _policy("public", set(Role), "everyone, signed in or not")
SIGNED_IN = _policy("signed_in", ACCOUNT_ROLES, "any account")
ORG_ADMIN = _policy("org_admin", {Role.org_admin, Role.bureau_admin}, "organisation admins (their own)")
PRE_EXAMINATION = _policy("pre_examination", {Role.pre_examiner, Role.bureau_admin}, "pre-examiners")
STATISTICS = _policy("statistics", {Role.statistician, Role.bureau_admin}, "statisticians")
BUREAU_ADMIN = _policy("bureau_admin", {Role.bureau_admin}, "bureau admins")
POLICIES: tuple[Policy, ...] = (PUBLIC, SIGNED_IN, ORG_ADMIN, PRE_EXAMINATION, STATISTICS, BUREAU_ADMIN)

#: Object types whose rows of every organisation some roles see (the bureau administers every account);
#: any other organisation-owned type (saved searches, …) is visible to its own organisation only.
CROSS_ORGANISATION: dict[str, frozenset[Role]] = {
    "organisation": frozenset({Role.bureau_admin}),
    "user": frozenset({Role.bureau_admin}),
}


def decide(policy: Policy, principal: Principal) -> None:
    """Raise unless ``principal`` may use a route of ``policy``."""
    if policy.allows(principal.role):
        return
    if not principal.signed_in:
        raise NotSignedIn("sign in first, or send Authorization: Bearer TOKEN (POST /api/v1/tokens)")
    raise Forbidden(f"the role {principal.role.value} may not do this ({policy.description} only)")


def sees_every_organisation(principal: Principal, object_type: str) -> bool:
    return principal.role in CROSS_ORGANISATION.get(object_type, frozenset())


def require_visible(principal: Principal, object_type: str, organisation_id: int | None, ref: object) -> None:
    """404 for an object the principal's organisation does not own (unless its role sees every one)."""
    if sees_every_organisation(principal, object_type):
        return
    if organisation_id is None or organisation_id != principal.organisation_id:
        raise NotFound(f"no {object_type.replace('_', ' ')} {ref}")


def require_party(
    principal: Principal,
    object_type: str,
    ref: object,
    *,
    organisations: Iterable[int | None] = (),
    users: Iterable[int | None] = (),
    admins_of: Iterable[int | None] = (),
) -> None:
    """404 unless the principal is a party to an object several organisations share (a pre-examination case:
    the applicant, its agency, the centre): a member of one of ``organisations``, one of ``users``, or an
    organisation admin of one of ``admins_of``."""
    if principal.user_id is not None and principal.user_id in set(users):
        return
    org = principal.organisation_id
    if org is not None and org in set(organisations):
        return
    if org is not None and principal.role is Role.org_admin and org in set(admins_of):
        return
    raise NotFound(f"no {object_type.replace('_', ' ')} {ref}")


def require_owner(principal: Principal, object_type: str, owner_user_id: int | None, ref: object) -> None:
    """404 for an object that belongs to another account (API tokens: nobody sees another's)."""
    if owner_user_id is None or owner_user_id != principal.user_id:
        raise NotFound(f"no {object_type.replace('_', ' ')} {ref}")


S = TypeVar("S", bound=Select[Any])


def own_rows(principal: Principal, object_type: str, statement: S, organisation_column: Any) -> S:
    """``statement`` limited to the rows the principal may list."""
    if sees_every_organisation(principal, object_type):
        return statement
    return statement.where(organisation_column == principal.organisation_id)  # None matches no row


# --------------------------------------------------------------------------- the request's principal


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def current_principal(request: Request) -> Principal:
    """The account behind the request: a bearer token first, then the session cookie; else the public.

    An unknown, expired or revoked token is an error (a script should know); an unknown session cookie is
    simply not signed in (a browser after expiry), never an error page."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    state = platform(request)
    address = client_address(request)
    principal = anonymous(address)
    token = _bearer(request)
    if token is not None:
        with state.database.session() as db:
            found = sessions.principal_for_api_token(db, token, address)
        if found is None:
            raise NotSignedIn("the bearer token is unknown, revoked or malformed")
        principal = found
    elif cookie := request.cookies.get(SESSION_COOKIE):
        with state.database.session() as db:
            principal = sessions.principal_for_session(db, cookie, address) or principal
    request.state.principal = principal
    return principal


async def check_csrf(request: Request, principal: Principal) -> None:
    """Browser writes must echo the page's CSRF cookie (bearer-token requests carry no ambient authority)."""
    if request.method in SAFE_METHODS or principal.via == "token":
        return
    content_type = request.headers.get("content-type", "")
    is_form = content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))
    if not request.cookies and not is_form:
        return
    expected = request.cookies.get(CSRF_COOKIE, "")
    given = request.headers.get(CSRF_HEADER, "")
    if not given and is_form:
        form = await request.form()  # Starlette keeps the parsed form for the route
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else ""
    if not expected or not given or not same(expected, given):
        raise CsrfRejected("the form is missing its security token or it expired: reload the page")


class Authorize:
    """The dependency a route declares: resolves the principal, applies the policy and the CSRF rule."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    async def __call__(self, request: Request) -> Principal:
        principal = current_principal(request)
        try:
            decide(self.policy, principal)
            await check_csrf(request, principal)
        except (NotSignedIn, Forbidden) as exc:
            if request.method not in SAFE_METHODS:  # a refused write is worth recording
                audit.record(
                    platform(request).database,
                    principal,
                    f"{request.method} {request.url.path}",
                    outcome="denied",
                    detail=exc.message,
                )
            raise
        return principal

    def __repr__(self) -> str:
        return f"Authorize({self.policy.name})"


AUTHORIZERS: dict[str, Authorize] = {p.name: Authorize(p) for p in POLICIES}

Public = Annotated[Principal, Depends(AUTHORIZERS["public"])]
SignedIn = Annotated[Principal, Depends(AUTHORIZERS["signed_in"])]
OrgAdmin = Annotated[Principal, Depends(AUTHORIZERS["org_admin"])]
PreExamination = Annotated[Principal, Depends(AUTHORIZERS["pre_examination"])]
Statistics = Annotated[Principal, Depends(AUTHORIZERS["statistics"])]
BureauAdmin = Annotated[Principal, Depends(AUTHORIZERS["bureau_admin"])]


def route_policy(route: Any) -> Policy | None:
    """The policy an APIRoute declares (through its dependencies), or None."""
    found: list[Policy] = []

    def walk(dependant: Any) -> None:
        for dep in dependant.dependencies:
            if isinstance(dep.call, Authorize):
                found.append(dep.call.policy)
            walk(dep)

    walk(route.dependant)
    return found[0] if len(set(found)) == 1 else None


@dataclass(frozen=True)
class RouteEntry:
    method: str
    path: str  # with the prefix it is mounted under
    route: Any  # the APIRoute (or another kind of route, which the route-table test refuses)
    policy: Policy | None


def route_table(app: Any) -> list[RouteEntry]:
    """Every (method, path) the app answers, with its declared policy (None when it declares none).

    FastAPI ≥ 0.160 keeps included routers as such in ``app.routes``; ``iter_route_contexts`` flattens them."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: include_router copies the routes into app.routes
        contexts = [(r.path, getattr(r, "methods", None), r) for r in app.routes]
    else:
        contexts = [(c.path, c.methods, c.original_route) for c in iter_route_contexts(app.routes)]
    entries = []
    for path, methods, route in contexts:
        policy = route_policy(route) if hasattr(route, "dependant") else None
        for method in sorted(methods or {"*"}):
            entries.append(RouteEntry(method, path, route, policy))
    return entries
