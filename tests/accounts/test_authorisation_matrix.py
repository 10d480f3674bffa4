"""The authorisation matrix, generated from the app's route table: every route × every role × own/other
organisation → the expected status. A route without a declared policy, or without an example request
below, fails the test (so a new route cannot skip authorisation or this matrix).

Expectations are written from the rules, not read back from the policy module: anonymous on a route that
needs an account → 401 (a page: 303 to the sign-in page); a role the route does not serve → 403; another
organisation's object → 404 (the bureau admin administers every organisation's accounts).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from ipcenter.accounts import saved_searches, service, sessions
from ipcenter.accounts.policy import CSRF_COOKIE, CSRF_FIELD, route_policy, route_table
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import Role
from ipcenter.platform.app import create_app
from ipcenter.platform.settings import Settings
from ipcenter.platform.testing import KINDS, postgres_url, throwaway_database

PASSWORD = "correct horse battery"
ROLES = list(Role)
HOME = {  # each role's organisation
    Role.member: "Own Enterprise",
    Role.org_admin: "Own Enterprise",
    Role.pre_examiner: "Protection Centre",
    Role.statistician: "Bureau",
    Role.bureau_admin: "Bureau",
}
OTHER = "Other Enterprise"
STAFF = {  # who may use routes of each policy (written out, independently of the policy module)
    "public": set(Role),
    "signed_in": set(Role) - {Role.public},
    "org_admin": {Role.org_admin, Role.bureau_admin},
    "bureau_admin": {Role.bureau_admin},
}
CROSS_ORGANISATION = {"user": {Role.bureau_admin}}


@dataclass
class World:
    app: Any
    database: Any
    client: TestClient
    principals: dict[Role, Principal] = field(default_factory=dict)
    tokens: dict[Role, str] = field(default_factory=dict)
    emails: dict[Role, str] = field(default_factory=dict)

    def member_of(self, organisation: str) -> Principal:
        with self.database.session() as db:
            user = service.add_user(
                db, f"{uuid.uuid4().hex[:10]}@example.cn", "member", PASSWORD, organisation
            )
            return sessions.principal_of(user, "test")

    def saved_search(self, owner: Principal) -> int:
        with self.database.session() as db:
            return saved_searches.create(db, owner, "电池", "TI=(锂电池)").id

    def token_of(self, owner: Principal) -> int:
        with self.database.session() as db:
            return sessions.create_api_token(db, service.get_user(db, owner, owner.user_id or 0), "t").row.id


@pytest.fixture(scope="module", params=KINDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> Iterator[World]:
    if request.param == "postgresql" and postgres_url() is None:
        pytest.skip("no test PostgreSQL (IPCENTER_TEST_PG_URL); .ci/run starts one")
    tmp = tmp_path_factory.mktemp("matrix")
    with throwaway_database(request.param, tmp) as url:
        # no corpus, no index, no model: the domain routes answer their documented 4xx/503 for roles they serve
        settings = Settings(
            corpus_dir=tmp / "corpus", database_url=url, data_dir=data_dir, models_dir=tmp / "models"
        )
        app = create_app(settings)
        database = app.state.platform.database
        with database.session() as db:
            for name, kind in (
                ("Own Enterprise", "enterprise"), (OTHER, "enterprise"), ("Bureau", "bureau"),
                ("Protection Centre", "protection_centre"),
            ):  # fmt: skip
                service.add_organisation(db, name, kind)
        w = World(app, database, TestClient(app, follow_redirects=False))
        for role in ROLES:
            if role is Role.public:
                continue
            with database.session() as db:
                user = service.add_user(db, f"{role.value}@example.cn", role.value, PASSWORD, HOME[role])
                w.principals[role] = sessions.principal_of(user, "token")
                w.tokens[role] = sessions.create_api_token(db, user, "matrix").token
                w.emails[role] = user.email
        yield w
        database.dispose()


# --------------------------------------------------------------------------- one example request per route

Request = dict[
    str, Any
]  # method, url, json/data; 'object' names the object type for other-organisation cases
Example = Callable[[World, Role, bool], Request]


def _me(w: World, role: Role) -> Principal:
    return w.principals[role]


def _owner(w: World, role: Role, other: bool) -> Principal:
    """A principal whose organisation owns the object: the role's own, or another organisation's member."""
    if other or role is Role.public:
        return w.member_of(OTHER)
    return _me(w, role)


def _target_user(w: World, role: Role, other: bool) -> int:
    home = OTHER if other or role is Role.public else HOME[role]
    return w.member_of(home).user_id or 0


def _email() -> str:
    return f"new-{uuid.uuid4().hex[:10]}@example.cn"


def _signin_data(w: World, role: Role) -> dict[str, str]:
    email = w.emails.get(role, "nobody@example.cn")
    return {"email": email, "password": PASSWORD}


EXAMPLES: dict[tuple[str, str], Example] = {
    ("GET", "/healthz"): lambda w, r, o: {"url": "/healthz"},
    ("GET", "/api/openapi.json"): lambda w, r, o: {"url": "/api/openapi.json"},
    ("GET", "/api/docs"): lambda w, r, o: {"url": "/api/docs"},
    ("GET", "/api/docs/assets/{name}"): lambda w, r, o: {"url": "/api/docs/assets/swagger-ui.css"},
    ("GET", "/static/{name:path}"): lambda w, r, o: {"url": "/static/style.css"},
    ("GET", "/"): lambda w, r, o: {"url": "/"},
    ("GET", "/api/v1/documents/{number}"): lambda w, r, o: {
        "url": "/api/v1/documents/CN101096965A",
        "ok": 404,
    },
    ("POST", "/api/v1/tokens"): lambda w, r, o: {
        "url": "/api/v1/tokens",
        "json": _signin_data(w, r),
        "ok": 201 if r is not Role.public else 401,
    },
    ("GET", "/api/v1/tokens"): lambda w, r, o: {"url": "/api/v1/tokens"},
    ("DELETE", "/api/v1/tokens/{token_id}"): lambda w, r, o: {
        "url": f"/api/v1/tokens/{w.token_of(_owner(w, r, o))}",
        "object": "api_token",
    },
    ("GET", "/api/v1/me"): lambda w, r, o: {"url": "/api/v1/me"},
    ("GET", "/api/v1/saved-searches"): lambda w, r, o: {"url": "/api/v1/saved-searches"},
    ("POST", "/api/v1/saved-searches"): lambda w, r, o: {
        "url": "/api/v1/saved-searches",
        "json": {"name": "储能", "query": "IPC=(H01M)"},
        "ok": 201,
    },
    ("GET", "/api/v1/saved-searches/{search_id}"): lambda w, r, o: {
        "url": f"/api/v1/saved-searches/{w.saved_search(_owner(w, r, o))}",
        "object": "saved_search",
    },
    ("DELETE", "/api/v1/saved-searches/{search_id}"): lambda w, r, o: {
        "url": f"/api/v1/saved-searches/{w.saved_search(_owner(w, r, o))}",
        "object": "saved_search",
        "ok": 204,
    },
    ("GET", "/api/v1/organisations"): lambda w, r, o: {"url": "/api/v1/organisations"},
    ("POST", "/api/v1/organisations"): lambda w, r, o: {
        "url": "/api/v1/organisations",
        "json": {"name": f"Org {uuid.uuid4().hex[:8]}", "kind": "university"},
        "ok": 201,
    },
    ("GET", "/api/v1/users"): lambda w, r, o: {"url": "/api/v1/users"},
    ("POST", "/api/v1/users"): lambda w, r, o: {
        "url": "/api/v1/users",
        "json": {"email": _email(), "role": "member", "password": PASSWORD, "organisation": HOME.get(r)},
        "ok": 201,
    },
    ("PATCH", "/api/v1/users/{user_id}"): lambda w, r, o: {
        "url": f"/api/v1/users/{_target_user(w, r, o)}",
        "json": {"active": False},
        "object": "user",
    },
    ("GET", "/api/v1/audit"): lambda w, r, o: {"url": "/api/v1/audit?size=5"},
    ("GET", "/api/v1/audit/export"): lambda w, r, o: {"url": "/api/v1/audit/export?format=csv&action=user"},
    # pages
    ("GET", "/signin"): lambda w, r, o: {"url": "/signin"},
    ("POST", "/signin"): lambda w, r, o: {
        "url": "/signin",
        "data": _signin_data(w, r),
        "ok": 303 if r is not Role.public else 401,
    },
    ("POST", "/signout"): lambda w, r, o: {"url": "/signout", "data": {}, "ok": 303},
    ("GET", "/account"): lambda w, r, o: {"url": "/account"},
    ("POST", "/account/password"): lambda w, r, o: {
        "url": "/account/password",
        "data": {"current": PASSWORD, "new": PASSWORD},
        "ok": 303,
    },
    ("GET", "/account/tokens"): lambda w, r, o: {"url": "/account/tokens"},
    ("POST", "/account/tokens"): lambda w, r, o: {"url": "/account/tokens", "data": {"name": "x"}, "ok": 201},
    ("POST", "/account/tokens/{token_id}/revoke"): lambda w, r, o: {
        "url": f"/account/tokens/{w.token_of(_owner(w, r, o))}/revoke",
        "data": {},
        "object": "api_token",
        "ok": 303,
    },
    ("GET", "/org"): lambda w, r, o: {"url": "/org"},
    ("POST", "/org/members"): lambda w, r, o: {
        "url": "/org/members",
        "data": {"email": _email(), "password": PASSWORD, "role": "member"},
        "ok": 303,
    },
    ("POST", "/org/members/{user_id}"): lambda w, r, o: {
        "url": f"/org/members/{_target_user(w, r, o)}",
        "data": {"active": "0"},
        "object": "user",
        "ok": 303,
    },
    ("GET", "/admin"): lambda w, r, o: {"url": "/admin"},
    ("POST", "/admin/organisations"): lambda w, r, o: {
        "url": "/admin/organisations",
        "data": {"name": f"Org {uuid.uuid4().hex[:8]}", "kind": "agency"},
        "ok": 303,
    },
    ("POST", "/admin/users"): lambda w, r, o: {
        "url": "/admin/users",
        "data": {"email": _email(), "password": PASSWORD, "role": "member", "organisation": OTHER},
        "ok": 303,
    },
    ("GET", "/admin/audit"): lambda w, r, o: {"url": "/admin/audit?action=user"},
    # domain APIs and pages (the world has no corpus, index or model: their answers are 4xx/503, not 5xx bugs)
    ("GET", "/api/v1/search"): lambda w, r, o: {"url": "/api/v1/search?q=电池", "ok": 503},
    ("GET", "/api/v1/search/export"): lambda w, r, o: {"url": "/api/v1/search/export?q=电池", "ok": 503},
    ("GET", "/api/v1/similar"): lambda w, r, o: {"url": "/api/v1/similar?text=电池", "ok": 503},
    ("GET", "/api/v1/stats/trend"): lambda w, r, o: {"url": "/api/v1/stats/trend", "ok": 400},
    ("GET", "/api/v1/stats/{indicator}"): lambda w, r, o: {"url": "/api/v1/stats/sei", "ok": 400},
    ("GET", "/api/v1/stats/{indicator}/export"): lambda w, r, o: {
        "url": "/api/v1/stats/valid-inventions/export?format=csv",
        "ok": 400,
    },
    ("POST", "/api/v1/check/claims"): lambda w, r, o: {
        "url": "/api/v1/check/claims",
        "json": {"claims": "1. 一种装置，包括壳体。\n2. 根据权利要求1所述的装置，其特征在于……"},
    },
    ("POST", "/api/v1/classify"): lambda w, r, o: {
        "url": "/api/v1/classify",
        "json": {"text": "锂电池"},
        "ok": 503,
    },
    ("GET", "/api/v1/scope/centres"): lambda w, r, o: {"url": "/api/v1/scope/centres"},
    ("POST", "/api/v1/scope/check"): lambda w, r, o: {
        "url": "/api/v1/scope/check",
        "json": {"centre": "成都", "ipc": "H01M4/13"},
    },
    ("POST", "/api/v1/ingest"): lambda w, r, o: {
        "url": "/api/v1/ingest",
        "files": {"file": ("notes.exe", b"MZ", "application/octet-stream")},
        "ok": 415,
    },
    ("GET", "/api/v1/ingest/runs"): lambda w, r, o: {"url": "/api/v1/ingest/runs"},
    ("GET", "/api/v1/ingest/runs/{run_id}"): lambda w, r, o: {
        "url": "/api/v1/ingest/runs/20250101T000000Z-abcdef",
        "ok": 404,
    },
    ("GET", "/search"): lambda w, r, o: {"url": "/search"},
    ("GET", "/documents/{number}"): lambda w, r, o: {"url": "/documents/CN101096965A", "ok": 404},
    ("POST", "/search/saved"): lambda w, r, o: {
        "url": "/search/saved",
        "data": {"name": "电池", "query": "TI=电池"},
        "ok": 303,
    },
    ("POST", "/search/saved/{search_id}/delete"): lambda w, r, o: {
        "url": f"/search/saved/{w.saved_search(_owner(w, r, o))}/delete",
        "data": {},
        "object": "saved_search",
        "ok": 303,
    },
    ("POST", "/admin/search-index"): lambda w, r, o: {"url": "/admin/search-index", "data": {}, "ok": 400},
    ("GET", "/check"): lambda w, r, o: {"url": "/check"},
    ("POST", "/check"): lambda w, r, o: {"url": "/check", "data": {"claims": "1. 一种装置，包括壳体。"}},
    ("POST", "/check/report"): lambda w, r, o: {
        "url": "/check/report?format=json",
        "data": {"claims": "1. 一种装置，包括壳体。"},
    },
    ("GET", "/classify"): lambda w, r, o: {"url": "/classify"},
    ("POST", "/classify"): lambda w, r, o: {
        "url": "/classify",
        "data": {"centre": "成都", "ipc": "H01M4/13"},
    },
    # value domain (no corpus in this world: 404 "no corpus" for the roles served)
    ("GET", "/api/v1/value/{number}"): lambda w, r, o: {"url": "/api/v1/value/CN115883397B", "ok": 404},
    ("GET", "/api/v1/value/{number}/report"): lambda w, r, o: {
        "url": "/api/v1/value/CN115883397B/report?format=xlsx",
        "ok": 404,
    },
    ("POST", "/api/v1/value/{number}/expert-inputs"): lambda w, r, o: {
        "url": "/api/v1/value/CN115883397B/expert-inputs",
        "json": {"indicator": "技术先进性", "score": 80},
        "ok": 404,
    },
    ("GET", "/api/v1/portfolio"): lambda w, r, o: {"url": "/api/v1/portfolio?applicant=Nestec", "ok": 404},
    ("GET", "/api/v1/navigate"): lambda w, r, o: {
        "url": "/api/v1/navigate?type=产业规划&ipc=A21D",
        "ok": 404,
    },
    ("GET", "/value"): lambda w, r, o: {"url": "/value"},
    ("GET", "/value/{number}"): lambda w, r, o: {"url": "/value/CN115883397B", "ok": 404},
    ("POST", "/value/{number}/expert-inputs"): lambda w, r, o: {
        "url": "/value/CN115883397B/expert-inputs",
        "data": {"indicator": "技术先进性", "score": "80"},
        "ok": 404,
    },
    ("GET", "/portfolio"): lambda w, r, o: {"url": "/portfolio"},
    ("GET", "/navigate"): lambda w, r, o: {"url": "/navigate"},
    ("GET", "/admin/ingest"): lambda w, r, o: {"url": "/admin/ingest"},
    ("POST", "/admin/ingest"): lambda w, r, o: {
        "url": "/admin/ingest",
        "data": {},
        "files": {"file": ("notes.exe", b"MZ", "application/octet-stream")},
        "ok": 415,
    },
    ("GET", "/admin/ingest/runs/{run_id}"): lambda w, r, o: {
        "url": "/admin/ingest/runs/20250101T000000Z-abcdef",
        "ok": 404,
    },
}


#: Route prefixes of domains that keep their own matrix, generated from the same route table, because their
#: objects are shared by several organisations (a pre-examination case: applicant, agency, centre):
#: tests/prexam/test_authorisation_matrix.py; likewise protection and the transfer domain (needs shown to
#: institutions, events and licences between an enterprise and an institution): tests/transfer/.
DOMAIN_MATRICES = (
    "/api/v1/prexam/", "/prexam", "/api/v1/protection/", "/protection", "/admin/protection", "/api/v1/transfer/",
    "/transfer",
)  # fmt: skip


def _routes(app: Any) -> list[tuple[str, str, Any]]:
    return [(e.method, e.path, e.route) for e in route_table(app) if not e.path.startswith(DOMAIN_MATRICES)]


def _expected(policy: str, role: Role, other: bool, example: Request, page: bool) -> int:
    if role not in STAFF[policy]:
        if role is Role.public:
            return 303 if page else 401
        return 403
    object_type = example.get("object")
    if other and object_type and role not in CROSS_ORGANISATION.get(object_type, set()):
        return 404
    return int(example.get("ok", 200))


def test_every_route_declares_a_policy_and_has_an_example(world: World) -> None:
    missing_policy = [f"{m} {p}" for m, p, r in _routes(world.app) if route_policy(r) is None]
    assert missing_policy == [], "routes without a policy dependency"
    missing_example = [f"{m} {p}" for m, p, _r in _routes(world.app) if (m, p) not in EXAMPLES]
    assert missing_example == [], "add these routes to EXAMPLES"
    others = [f"{m} {p}" for m, p, r in _routes(world.app) if not isinstance(r, APIRoute)]
    assert others == [], "mounts and plain routes bypass the policies"


def test_authorisation_matrix(world: World) -> None:
    failures: list[str] = []
    cases = 0
    for method, path, route in _routes(world.app):
        policy = route_policy(route)
        assert policy is not None
        if policy.name not in STAFF:
            continue  # policies of domain routes written later extend STAFF when they appear
        page = not path.startswith(("/api/", "/healthz", "/static/"))
        for role in ROLES:
            for other in (False, True):
                example = EXAMPLES[(method, path)](world, role, other)
                if other and "object" not in example:
                    continue
                headers = {"Authorization": f"Bearer {world.tokens[role]}"} if role in world.tokens else {}
                world.client.cookies.clear()
                data = example.get("data")
                if data is not None:  # a browser form carries its page's CSRF token (double submit)
                    world.client.cookies.set(CSRF_COOKIE, "matrix-csrf")
                    data = {**data, CSRF_FIELD: "matrix-csrf"}
                response = world.client.request(
                    method,
                    example["url"],
                    headers=headers,
                    json=example.get("json"),
                    data=data,
                    files=example.get("files"),
                )
                expected = _expected(policy.name, role, other, example, page)
                cases += 1
                if response.status_code != expected:
                    failures.append(
                        f"{method} {path} as {role.value} ({'other' if other else 'own'}): "
                        f"{response.status_code}, expected {expected}: {response.text[:120]}"
                    )
    assert failures == [], "\n".join(failures)
    assert cases > 200


def test_policies_cover_the_known_names() -> None:
    from ipcenter.accounts.policy import POLICIES

    assert {p.name for p in POLICIES} >= set(STAFF)


_ = Path
