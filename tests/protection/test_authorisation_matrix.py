"""The authorisation matrix of the protection routes, generated from the app's route table: every route ×
every role × own/other organisation → the expected status. A route without a policy or without an example
here fails the test (the accounts matrix leaves these prefixes to this one).

Expectations are written from the rules (docs/protection.md): anonymous → 401 (pages: 303 to sign-in);
a role the route does not serve → 403; another organisation's case or watch → 404, except that the
bureau's and the protection centre's staff handle every organisation's cases."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ipcenter.accounts import service, sessions
from ipcenter.accounts.policy import CSRF_COOKIE, CSRF_FIELD, route_policy, route_table
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import Role
from ipcenter.platform.app import create_app
from ipcenter.platform.settings import Settings
from ipcenter.platform.testing import KINDS, postgres_url, throwaway_database
from ipcenter.protection import cases, itc, watches
from ipcenter.protection.tables import ItcMatch, ItcRespondent

PASSWORD = "correct horse battery"
PREFIXES = ("/api/v1/protection/", "/protection", "/admin/protection")
HOME = {Role.member: "Own Enterprise", Role.org_admin: "Own Enterprise", Role.pre_examiner: "Protection Centre",
        Role.statistician: "Bureau", Role.bureau_admin: "Bureau"}  # fmt: skip
OTHER = "Other Enterprise"
STAFF = {
    "public": set(Role),
    "signed_in": set(Role) - {Role.public},
    "pre_examination": {Role.pre_examiner, Role.bureau_admin},
    "org_admin": {Role.org_admin, Role.bureau_admin},
    "bureau_admin": {Role.bureau_admin},
}
#: Object types some roles see in every organisation.
CROSS = {"case": {Role.pre_examiner, Role.bureau_admin}, "watch": set()}
LIST_FILE = "商标\t注册人\t注册号\t类别\n示例商标\t示例公司\t12345678\t9\n".encode()


@dataclass
class World:
    app: Any
    database: Any
    client: TestClient
    tokens: dict[Role, str] = field(default_factory=dict)
    principals: dict[Role, Principal] = field(default_factory=dict)
    data_dir: Path = Path()

    def member_of(self, organisation: str) -> Principal:
        with self.database.session() as db:
            user = service.add_user(
                db, f"{uuid.uuid4().hex[:10]}@example.cn", "member", PASSWORD, organisation
            )
            return sessions.principal_of(user, "test")

    def owner(self, role: Role, other: bool) -> Principal:
        return self.member_of(OTHER) if other or role is Role.public else self.member_of(HOME[role])

    def case(self, owner: Principal, closed: bool = False, typical: bool = False) -> int:
        handler = self.principals[Role.bureau_admin]
        with self.database.session() as db:
            case = cases.open_case(db, owner, kind="complaint", title="仿冒商标", data=self.data_dir)
            if closed:
                cases.move(db, handler, case.id, "accepted", data=self.data_dir)
                cases.move(db, handler, case.id, "closed", data=self.data_dir)
            if typical:
                cases.propose_typical(db, handler, case.id)
            return case.id

    def watch(self, owner: Principal) -> int:
        with self.database.session() as db:
            return watches.add_watch(db, owner, "电池", "ipc", "H01M").id

    def candidate_match(self, organisation: str) -> int:
        with self.database.session() as db:
            if not itc.list_investigations(db):
                itc.import_file(db, self.data_dir / "itc-337")
            respondent = db.query(ItcRespondent).first()
            org_id = service.find_organisation(db, organisation).id
            row = ItcMatch(
                respondent_id=respondent.id, organisation_id=org_id, candidate=uuid.uuid4().hex, score=0.9
            )
            db.add(row)
            db.flush()
            return row.id

    def imported(self) -> None:
        with self.database.session() as db:
            if not itc.list_investigations(db):
                itc.import_file(db, self.data_dir / "itc-337")


@pytest.fixture(scope="module", params=KINDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, data_dir: Path,
          small_corpus: Path) -> Iterator[World]:  # fmt: skip
    if request.param == "postgresql" and postgres_url() is None:
        pytest.skip("no test PostgreSQL (IPCENTER_TEST_PG_URL); .ci/run starts one")
    tmp = tmp_path_factory.mktemp("protection-matrix")
    with throwaway_database(request.param, tmp) as url:
        settings = Settings(
            corpus_dir=small_corpus, database_url=url, data_dir=data_dir, models_dir=tmp / "m"
        )
        app = create_app(settings)
        database = app.state.platform.database
        with database.session() as db:
            for name, kind in (("Own Enterprise", "enterprise"), (OTHER, "enterprise"), ("Bureau", "bureau"),
                               ("Protection Centre", "protection_centre")):  # fmt: skip
                service.add_organisation(db, name, kind)
        w = World(app, database, TestClient(app, follow_redirects=False), data_dir=data_dir)
        for role, home in HOME.items():
            with database.session() as db:
                user = service.add_user(db, f"{role.value}@example.cn", role.value, PASSWORD, home)
                w.tokens[role] = sessions.create_api_token(db, user, "matrix").token
                w.principals[role] = sessions.principal_of(user, "token")
        yield w
        database.dispose()


Example = Callable[[World, Role, bool], dict[str, Any]]
API = "/api/v1/protection"
EXAMPLES: dict[tuple[str, str], Example] = {
    ("GET", f"{API}/lists"): lambda w, r, o: {"url": f"{API}/lists"},
    ("GET", f"{API}/marks"): lambda w, r, o: {"url": f"{API}/marks?q=微创&region=上海市"},
    ("POST", f"{API}/marks/compare"): lambda w, r, o: {
        "url": f"{API}/marks/compare",
        "json": {"a": "康师傅", "b": "康帅傅"},
    },
    ("GET", f"{API}/marks/similar"): lambda w, r, o: {"url": f"{API}/marks/similar?mark=微创&classes=10"},
    ("GET", f"{API}/partners"): lambda w, r, o: {"url": f"{API}/partners"},
    ("GET", f"{API}/typical-cases"): lambda w, r, o: {"url": f"{API}/typical-cases"},
    ("GET", f"{API}/itc/investigations"): lambda w, r, o: {"url": f"{API}/itc/investigations"},
    ("POST", f"{API}/lists/import"): lambda w, r, o: {
        "url": f"{API}/lists/import",
        "files": {"file": ("batch.tsv", LIST_FILE)},
        "form": {"list_name": "长沙市重点商标保护名录"},
        "ok": 201,
    },
    ("POST", f"{API}/partners"): lambda w, r, o: {
        "url": f"{API}/partners",
        "json": {"home_region": "长沙市", "partner_region": "上海市"},
        "ok": 201,
    },
    ("POST", f"{API}/itc/import"): lambda w, r, o: {
        "url": f"{API}/itc/import",
        "ok": 201,
        "files": {
            "file": (
                "ids.json",
                json.dumps(
                    {
                        "data": [
                            {
                                "Investigation Number": "337-TA-887",
                                "Participants": [
                                    {"Name": "Sany Heavy Industry Co., Ltd.", "Type": "Respondent"}
                                ],
                            }
                        ]
                    }
                ).encode(),
            )
        },
    },
    ("POST", f"{API}/itc/match"): lambda w, r, o: (w.imported(), {"url": f"{API}/itc/match", "json": {}})[1],
    ("GET", f"{API}/itc/matches"): lambda w, r, o: {"url": f"{API}/itc/matches"},
    ("POST", f"{API}/itc/matches/{{match_id}}/{{decision}}"): lambda w, r, o: {
        "url": f"{API}/itc/matches/{w.candidate_match(OTHER)}/confirm"
    },
    ("POST", f"{API}/watches/run"): lambda w, r, o: {"url": f"{API}/watches/run"},
    ("POST", f"{API}/actions"): lambda w, r, o: {
        "url": f"{API}/actions",
        "json": {"name": "铁拳行动"},
        "ok": 201,
    },
    ("GET", f"{API}/actions"): lambda w, r, o: {"url": f"{API}/actions"},
    ("GET", f"{API}/alerts"): lambda w, r, o: {"url": f"{API}/alerts"},
    ("GET", f"{API}/deadlines"): lambda w, r, o: {"url": f"{API}/deadlines?format=ics"},
    ("GET", f"{API}/watches"): lambda w, r, o: {"url": f"{API}/watches"},
    ("PUT", f"{API}/profile"): lambda w, r, o: {
        "url": f"{API}/profile",
        "json": {"province": "湖南省", "city": "长沙", "english_names": ["Own Enterprise Co., Ltd."]},
    },
    ("POST", f"{API}/watches"): lambda w, r, o: {
        "url": f"{API}/watches",
        "json": {"name": "锂电", "kind": "ipc", "value": "H01M"},
        "ok": 201,
    },
    ("GET", f"{API}/watches/{{watch_id}}"): lambda w, r, o: {
        "url": f"{API}/watches/{w.watch(w.owner(r, o))}",
        "object": "watch",
    },
    ("DELETE", f"{API}/watches/{{watch_id}}"): lambda w, r, o: {
        "url": f"{API}/watches/{w.watch(w.owner(r, o))}",
        "object": "watch",
        "ok": 204,
    },
    ("GET", f"{API}/cases"): lambda w, r, o: {"url": f"{API}/cases"},
    ("POST", f"{API}/cases"): lambda w, r, o: {
        "url": f"{API}/cases",
        "json": {"kind": "report", "title": "举报侵权"},
        "ok": 201,
    },
    ("GET", f"{API}/cases/{{case_id}}"): lambda w, r, o: {
        "url": f"{API}/cases/{w.case(w.owner(r, o))}",
        "object": "case",
    },
    ("POST", f"{API}/cases/{{case_id}}/move"): lambda w, r, o: {
        "url": f"{API}/cases/{w.case(w.owner(r, o))}/move",
        "json": {"to": "accepted"},
        "object": "case",
    },
    ("POST", f"{API}/cases/{{case_id}}/typical"): lambda w, r, o: {
        "url": f"{API}/cases/{w.case(w.owner(r, o), closed=True)}/typical",
        "object": "case",
    },
    ("POST", f"{API}/cases/{{case_id}}/publish"): lambda w, r, o: {
        "url": f"{API}/cases/{w.case(w.owner(r, o), closed=True, typical=True)}/publish",
        "json": {"title": "典型案例", "summary": "", "hide": []},
        "object": "case",
    },
    # pages
    ("GET", "/protection"): lambda w, r, o: {"url": "/protection?q=微创&a=康师傅&b=康帅傅"},
    ("GET", "/protection/typical-cases"): lambda w, r, o: {"url": "/protection/typical-cases"},
    ("GET", "/protection/alerts"): lambda w, r, o: {"url": "/protection/alerts"},
    ("GET", "/admin/protection"): lambda w, r, o: {"url": "/admin/protection"},
    ("POST", "/admin/protection/lists"): lambda w, r, o: {
        "url": "/admin/protection/lists",
        "data": {"list_name": "长沙市重点商标保护名录"},
        "files": {"file": ("batch.tsv", LIST_FILE)},
        "ok": 303,
    },
    ("POST", "/admin/protection/itc"): lambda w, r, o: {
        "url": "/admin/protection/itc",
        "data": {},
        "ok": 303,
        "files": {"file": ("ids.json", b'{"data": []}')},
    },
    ("POST", "/admin/protection/match"): lambda w, r, o: {
        "url": "/admin/protection/match",
        "data": {"region": "湖南省"},
        "ok": 303,
    },
    ("POST", "/admin/protection/matches/{match_id}/{decision}"): lambda w, r, o: {
        "url": f"/admin/protection/matches/{w.candidate_match(OTHER)}/dismiss",
        "data": {},
        "ok": 303,
    },
}


def _routes(app: Any) -> list[tuple[str, str, Any]]:
    return [(e.method, e.path, e.route) for e in route_table(app) if e.path.startswith(PREFIXES)]


def _expected(policy: str, role: Role, other: bool, example: dict[str, Any], page: bool) -> int:
    if role not in STAFF[policy]:
        if role is Role.public:
            return 303 if page else 401
        return 403
    object_type = example.get("object")
    if other and object_type and role not in CROSS[object_type]:
        return 404
    return int(example.get("ok", 200))


def test_every_route_declares_a_policy_and_has_an_example(world: World) -> None:
    routes = _routes(world.app)
    assert len(routes) >= 30
    assert [f"{m} {p}" for m, p, r in routes if route_policy(r) is None] == []
    assert [f"{m} {p}" for m, p, _r in routes if (m, p) not in EXAMPLES] == []


def test_authorisation_matrix(world: World) -> None:
    failures: list[str] = []
    cases_run = 0
    for method, path, route in _routes(world.app):
        policy = route_policy(route)
        assert policy is not None and policy.name in STAFF, f"{method} {path}: policy {policy}"
        page = not path.startswith("/api/")
        for role in Role:
            for other in (False, True):
                example = EXAMPLES[(method, path)](world, role, other)
                if other and "object" not in example:
                    continue
                headers = {"Authorization": f"Bearer {world.tokens[role]}"} if role in world.tokens else {}
                world.client.cookies.clear()
                data = example.get("data", example.get("form"))
                if "data" in example:  # a browser form carries its page's CSRF token
                    world.client.cookies.set(CSRF_COOKIE, "matrix-csrf")
                    data = {**example["data"], CSRF_FIELD: "matrix-csrf"}
                response = world.client.request(method, example["url"], headers=headers, json=example.get("json"),
                                                data=data, files=example.get("files"))  # fmt: skip
                expected = _expected(policy.name, role, other, example, page)
                cases_run += 1
                if response.status_code != expected:
                    failures.append(f"{method} {path} as {role.value} ({'other' if other else 'own'}): "
                                    f"{response.status_code}, expected {expected}: {response.text[:160]}")  # fmt: skip
    assert failures == [], "\n".join(failures)
    assert cases_run > 200
