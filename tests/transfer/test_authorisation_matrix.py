"""The authorisation matrix of the transfer routes (API and pages), generated from the app's route table:
every route × every actor → the expected status. A route without a policy or an example here fails.

Expectations are written from the rules (docs/transfer.md, Who sees what), not read back from the code:
anonymous → 401 on a route that needs an account (a page: 303 to sign-in); a role the route's policy does
not serve → 403; someone who is not a party to the object → 404; a party whose step it is not → the
refusal the step gives (403/409). The world has no corpus, index or model, so routes that need them answer
503 to those who may use them. Objects are made fresh for each request, owned as each example says:
the institution (its admin and its inventor are its members), the enterprise, or both (a need shown to the
institution, an event between them, a licence the enterprise took). Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ipcenter.accounts import sessions
from ipcenter.accounts.policy import route_policy, route_table
from ipcenter.platform.app import create_app
from ipcenter.platform.settings import Settings
from ipcenter.platform.testing import KINDS, postgres_url, throwaway_database
from ipcenter.transfer import events, licensees, licensing, needs
from ipcenter.transfer.tables import Assessment, Inventory, InventoryItem

from .conftest import INSTITUTE, ORGANISATIONS, PASSWORD, World

PREFIXES = ("/api/v1/transfer/", "/transfer")
INSTITUTION = {"admin", "inventor"}
ENTERPRISE = {"enterprise"}
OUTSIDERS = {"other", "university_admin", "bureau_admin", "statistician"}
SIGNED_IN = INSTITUTION | ENTERPRISE | OUTSIDERS
ACTORS = ["public", *sorted(SIGNED_IN)]
ADMINS = {"admin", "university_admin", "bureau_admin"}  # the OrgAdmin policy: org_admin and bureau_admin
MEMBERS_AND_ADMINS = SIGNED_IN - {"bureau_admin", "statistician"}  # accounts acting for their organisation


@dataclass
class Expect:
    ok: int = 200
    allow: set[str] = field(default_factory=lambda: set(SIGNED_IN))
    public: bool = False  # anonymous allowed too
    forbidden: set[str] = field(default_factory=set)  # the policy refuses their role: 403
    other: dict[str, int] = field(default_factory=dict)  # actor → a step's own refusal (403/409)

    def status(self, actor: str, page: bool) -> int:
        if actor in self.other:
            return self.other[actor]
        if actor == "public" and not self.public:
            return 303 if page else 401
        if actor in self.forbidden:
            return 403
        if actor in self.allow or (actor == "public" and self.public):
            return self.ok
        return 404


class Builder:
    """Fresh objects owned as each example needs (direct rows where a service would refuse the owner)."""

    def __init__(self, w: World) -> None:
        self.w = w
        self.serial = count(1)

    def number(self) -> str:
        return f"CN9{next(self.serial):08d}B"

    def inventory(self) -> int:
        admin = self.w.who("admin")
        with self.w.database.session() as db:
            row = Inventory(
                organisation_id=admin.organisation_id,
                name="matrix",
                as_of=date(2025, 12, 31),
                applicant_names="[]",
            )
            db.add(row)
            db.flush()
            return row.id

    def item(self, state: str = "candidate") -> int:
        inv = self.inventory()
        admin = self.w.who("admin")
        with self.w.database.session() as db:
            row = InventoryItem(
                organisation_id=admin.organisation_id,
                inventory_id=inv,
                patent_key=f"K{next(self.serial)}",
                publication_number=self.number(),
                faculty="数据科学研究所",
                inventors="李玺",
                converted="unconverted",
                grade="转化前景较好",
                legal_status="in_force",
                status_source="corpus: granted",
                state=state,
                title="",
                patent_type="",
                main_ipc="",
                applicant="",
                in_corpus=False,
                converted_basis="",
                scenario="",
                maturity="",
                source="import",
            )
            db.add(row)
            db.flush()
            return row.id

    def need(self, shown_to_institution: bool = True) -> int:
        with self.w.database.session() as db:
            fields = {
                "title": "网页数据采集",
                "problem": "需要一种通用的网页数据采集方法，适配多种网站",
                "visibility": "institutions" if shown_to_institution else "public",
            }
            return needs.post(
                db, self.w.who("enterprise"), fields, [INSTITUTE] if shown_to_institution else []
            ).id

    def event(self) -> int:
        item = self.item("in_library")
        need = self.need(False)
        with self.w.database.session() as db:
            number = db.get(InventoryItem, item).publication_number
            return events.open_event(db, self.w.who("enterprise"), needs.find(db, need), number, 0.5, {}).id

    def licence(self, announced: bool = False) -> int:
        admin = self.w.who("admin")
        with self.w.database.session() as db:
            row = licensing.declare(
                db,
                admin,
                None,
                self.number(),
                {
                    "patentees": [INSTITUTE],
                    "payment_method": "lump_sum",
                    "fee_fixed": 5.0,
                    "term_from": "2025-07-01",
                    "term_to": "2030-06-30",
                },
            )
            if announced:
                row.state, row.announced_on = "announced", date(2025, 6, 1)
            return row.id

    def licensee(self) -> int:
        licence = self.licence(announced=True)
        with self.w.database.session() as db:
            row = licensees.take(
                db,
                self.w.who("enterprise"),
                licensing.get(db, self.w.who("enterprise"), licence),
                "长沙示例科技有限公司",
                date(2025, 7, 1),
            )
            return row.id

    def assessment(self) -> int:
        admin = self.w.who("admin")
        with self.w.database.session() as db:
            row = Assessment(
                organisation_id=admin.organisation_id,
                title="交底书",
                disclosure="一种方法",
                result="{}",
                system_recommendation="invention",
                recommendation="invention",
                reasons="[]",
                state="assessed",
                faculty="",
                inventors="",
            )
            db.add(row)
            db.flush()
            return row.id


Example = Callable[[Builder, str], dict[str, Any]]
API = "/api/v1/transfer"
BAD_FILE = {"file": ("notes.xlsx", b"MZ not a workbook", "application/octet-stream")}
OWN = INSTITUTION
PARTIES_NEED = INSTITUTION | ENTERPRISE
REVIEW = {"action": "document", "comment": "ok"}

ROUTES: dict[tuple[str, str], tuple[Example, Expect]] = {
    ("GET", f"{API}/inventories"): (lambda b, a: {"url": f"{API}/inventories"}, Expect()),
    ("POST", f"{API}/inventories"): (
        lambda b, a: {"url": f"{API}/inventories", "json": {"as_of": "2025-12-31", "applicant_names": ["x"]}},
        Expect(201, {"admin", "university_admin"}, forbidden=SIGNED_IN - ADMINS, other={"bureau_admin": 409}),
    ),
    ("GET", f"{API}/inventories/{{inventory_id}}"): (
        lambda b, a: {"url": f"{API}/inventories/{b.inventory()}"},
        Expect(allow=OWN),
    ),
    ("GET", f"{API}/inventories/{{inventory_id}}/export"): (
        lambda b, a: {"url": f"{API}/inventories/{b.inventory()}/export"},
        Expect(allow=OWN),
    ),
    ("POST", f"{API}/inventories/{{inventory_id}}/names"): (
        lambda b, a: {"url": f"{API}/inventories/{b.inventory()}/names", "json": {"names": ["UNIV X"]}},
        Expect(allow=OWN),
    ),
    ("GET", f"{API}/variants"): (lambda b, a: {"url": f"{API}/variants?q=BEIHANG"}, Expect(503)),
    ("POST", f"{API}/inventories/{{inventory_id}}/discover"): (
        lambda b, a: {"url": f"{API}/inventories/{b.inventory()}/discover"},
        Expect(503, OWN),
    ),
    ("POST", f"{API}/inventories/{{inventory_id}}/import"): (
        lambda b, a: {"url": f"{API}/inventories/{b.inventory()}/import", "files": BAD_FILE},
        Expect(400, OWN),
    ),
    ("GET", f"{API}/items/{{item_id}}"): (
        lambda b, a: {"url": f"{API}/items/{b.item()}"},
        Expect(allow=OWN, other={"public": 404}),
    ),
    ("PATCH", f"{API}/items/{{item_id}}"): (
        lambda b, a: {"url": f"{API}/items/{b.item()}", "json": {"grade": "转化前景一般"}},
        Expect(allow=OWN),
    ),
    ("POST", f"{API}/items/{{item_id}}/review"): (
        lambda b, a: {"url": f"{API}/items/{b.item()}/review", "json": REVIEW},
        Expect(allow=OWN),
    ),
    ("POST", f"{API}/items/{{item_id}}/feedback"): (
        lambda b, a: {"url": f"{API}/items/{b.item('in_library')}/feedback", "json": {"interest": "high"}},
        Expect(201, other={"admin": 409, "inventor": 409}),
    ),
    ("GET", f"{API}/library"): (lambda b, a: {"url": f"{API}/library"}, Expect(public=True)),
    ("GET", f"{API}/reviewers"): (
        lambda b, a: {"url": f"{API}/reviewers"},
        Expect(allow=ADMINS, forbidden=SIGNED_IN - ADMINS),
    ),
    ("POST", f"{API}/reviewers"): (
        lambda b, a: {
            "url": f"{API}/reviewers",
            "json": {"faculty": "数据科学研究所", "email": f"{a}@example.cn"},
        },
        Expect(201, ADMINS, forbidden=SIGNED_IN - ADMINS),
    ),
    ("GET", f"{API}/settings"): (lambda b, a: {"url": f"{API}/settings"}, Expect(public=True)),
    ("POST", f"{API}/settings/{{name}}"): (
        lambda b, a: {
            "url": f"{API}/settings/grades",
            "json": {"value": ["转化前景较好", "其他"], "source": "test"},
        },
        Expect(allow={"bureau_admin"}, forbidden=SIGNED_IN - {"bureau_admin"}),
    ),
    ("GET", f"{API}/needs"): (lambda b, a: {"url": f"{API}/needs"}, Expect(public=True)),
    ("POST", f"{API}/needs"): (
        lambda b, a: {"url": f"{API}/needs", "json": {"title": "t", "problem": "一个足够长的问题描述文本"}},
        Expect(201),
    ),
    ("GET", f"{API}/needs/{{need_id}}"): (
        lambda b, a: {"url": f"{API}/needs/{b.need()}"},
        Expect(allow=PARTIES_NEED, other={"public": 404}),
    ),
    ("POST", f"{API}/needs/{{need_id}}/close"): (
        lambda b, a: {"url": f"{API}/needs/{b.need()}/close"},
        Expect(allow=ENTERPRISE, other={"admin": 403, "inventor": 403}),
    ),
    ("GET", f"{API}/needs/{{need_id}}/matches"): (
        lambda b, a: {"url": f"{API}/needs/{b.need()}/matches"},
        Expect(503, PARTIES_NEED, other={"public": 404}),
    ),
    ("GET", f"{API}/match"): (
        lambda b, a: {"url": f"{API}/match?need=网页数据采集"},
        Expect(503, public=True),
    ),
    ("GET", f"{API}/patents/{{number}}/needs"): (
        lambda b, a: {"url": f"{API}/patents/CN115883397B/needs"},
        Expect(503),
    ),
    ("GET", f"{API}/events"): (lambda b, a: {"url": f"{API}/events"}, Expect()),
    ("POST", f"{API}/events"): (
        lambda b, a: {
            "url": f"{API}/events",
            "json": {"need_id": b.need(False), "publication_number": "CN1B"},
        },
        Expect(503),
    ),
    ("GET", f"{API}/events/{{event_id}}"): (
        lambda b, a: {"url": f"{API}/events/{b.event()}"},
        Expect(allow=PARTIES_NEED),
    ),
    ("POST", f"{API}/events/{{event_id}}/outcome"): (
        lambda b, a: {"url": f"{API}/events/{b.event()}/outcome", "json": {"to": "contacted"}},
        Expect(allow=PARTIES_NEED),
    ),
    ("GET", f"{API}/licences"): (lambda b, a: {"url": f"{API}/licences?ipc=G06F"}, Expect(public=True)),
    ("GET", f"{API}/licence-check/{{number}}"): (
        lambda b, a: {"url": f"{API}/licence-check/CN1B"},
        Expect(503, public=True),
    ),
    ("GET", f"{API}/fee-estimate/{{number}}"): (
        lambda b, a: {"url": f"{API}/fee-estimate/CN1B"},
        Expect(503, public=True),
    ),
    ("POST", f"{API}/licences"): (
        lambda b, a: {
            "url": f"{API}/licences",
            "json": {"publication_number": b.number(), "payment_method": "royalty", "royalty_sales_pct": 3},
        },
        Expect(201, other={"bureau_admin": 409, "statistician": 409}),
    ),
    ("GET", f"{API}/licences/{{licence_id}}"): (
        lambda b, a: {"url": f"{API}/licences/{b.licence()}"},
        Expect(allow=OWN, other={"public": 404}),
    ),
    ("PATCH", f"{API}/licences/{{licence_id}}"): (
        lambda b, a: {"url": f"{API}/licences/{b.licence()}", "json": {"fee_fixed": 6}},
        Expect(allow=OWN),
    ),
    ("POST", f"{API}/licences/{{licence_id}}/check"): (
        lambda b, a: {"url": f"{API}/licences/{b.licence()}/check", "json": {"on": "2025-06-01"}},
        Expect(allow=OWN),
    ),
    ("POST", f"{API}/licences/{{licence_id}}/announce"): (
        lambda b, a: {"url": f"{API}/licences/{b.licence()}/announce", "json": {"on": "2025-06-01"}},
        Expect(409, OWN),
    ),
    ("POST", f"{API}/licences/{{licence_id}}/consents"): (
        lambda b, a: {
            "url": f"{API}/licences/{b.licence()}/consents",
            "json": {"co_owner": INSTITUTE, "given_on": "2025-08-01"},
        },
        Expect(201, OWN),
    ),
    ("POST", f"{API}/licences/{{licence_id}}/withdrawal"): (
        lambda b, a: {"url": f"{API}/licences/{b.licence()}/withdrawal", "json": {"reason": "转让"}},
        Expect(409, OWN),
    ),
    ("POST", f"{API}/licences/{{licence_id}}/withdrawal/cancel"): (
        lambda b, a: {"url": f"{API}/licences/{b.licence()}/withdrawal/cancel"},
        Expect(409, OWN),
    ),
    ("POST", f"{API}/licences/{{licence_id}}/withdrawal/announce"): (
        lambda b, a: {
            "url": f"{API}/licences/{b.licence()}/withdrawal/announce",
            "json": {"on": "2025-09-01"},
        },
        Expect(409, OWN),
    ),
    ("POST", f"{API}/licences/{{licence_id}}/licensees"): (
        lambda b, a: {
            "url": f"{API}/licences/{b.licence(announced=True)}/licensees",
            "json": {"notified_on": "2025-07-01"},
        },
        Expect(201, other={"admin": 409, "inventor": 409}),
    ),
    ("GET", f"{API}/licensees/{{licensee_id}}"): (
        lambda b, a: {"url": f"{API}/licensees/{b.licensee()}"},
        Expect(allow=PARTIES_NEED),
    ),
    ("POST", f"{API}/licensees/{{licensee_id}}/payments"): (
        lambda b, a: {
            "url": f"{API}/licensees/{b.licensee()}/payments",
            "json": {"amount": 1, "paid_on": "2025-07-02"},
        },
        Expect(201, PARTIES_NEED),
    ),
    ("GET", f"{API}/facts"): (lambda b, a: {"url": f"{API}/facts?number=CN1B"}, Expect()),
    ("POST", f"{API}/facts"): (
        lambda b, a: {"url": f"{API}/facts", "json": {"publication_number": "CN1B", "kind": "pledge"}},
        Expect(201),
    ),
    ("GET", f"{API}/assessments"): (lambda b, a: {"url": f"{API}/assessments"}, Expect()),
    ("POST", f"{API}/assessments"): (
        lambda b, a: {
            "url": f"{API}/assessments",
            "json": {"title": "交底书", "disclosure": "一种网页数据采集方法及装置"},
        },
        Expect(503),
    ),
    ("GET", f"{API}/assessments/{{assessment_id}}"): (
        lambda b, a: {"url": f"{API}/assessments/{b.assessment()}"},
        Expect(allow=OWN),
    ),
    ("POST", f"{API}/assessments/{{assessment_id}}/decision"): (
        lambda b, a: {
            "url": f"{API}/assessments/{b.assessment()}/decision",
            "json": {"recommendation": "utility_model", "reasons": ["结构简单"]},
        },
        Expect(allow=OWN),
    ),
    # pages
    ("GET", "/transfer"): (lambda b, a: {"url": "/transfer"}, Expect(public=True)),
    ("GET", "/transfer/inventory"): (lambda b, a: {"url": "/transfer/inventory"}, Expect()),
    ("POST", "/transfer/inventory/import"): (
        lambda b, a: {"url": "/transfer/inventory/import", "files": BAD_FILE, "before": b.inventory},
        Expect(
            400, OWN | {"university_admin"}, other={a: 409 for a in SIGNED_IN - OWN - {"university_admin"}}
        ),
    ),
    ("POST", "/transfer/items/{item_id}/review"): (
        lambda b, a: {"url": f"/transfer/items/{b.item()}/review", "data": REVIEW},
        Expect(303, OWN),
    ),
    ("POST", "/transfer/needs"): (
        lambda b, a: {
            "url": "/transfer/needs",
            "data": {"title": "t", "problem": "一个足够长的问题描述文本"},
        },
        Expect(303),
    ),
    ("GET", "/transfer/needs/{need_id}"): (
        lambda b, a: {"url": f"/transfer/needs/{b.need()}"},
        Expect(allow=PARTIES_NEED, other={"public": 404}),
    ),
    ("GET", "/transfer/licences"): (lambda b, a: {"url": "/transfer/licences"}, Expect(public=True)),
    ("GET", "/transfer/licences/{licence_id}"): (
        lambda b, a: {"url": f"/transfer/licences/{b.licence()}"},
        Expect(allow=OWN, other={"public": 404}),
    ),
    ("POST", "/transfer/reviewers"): (
        lambda b, a: {
            "url": "/transfer/reviewers",
            "data": {"faculty": "数据科学研究所", "email": f"{a}@example.cn"},
        },
        Expect(303, ADMINS),
    ),
    ("POST", "/transfer/licences"): (
        lambda b, a: {
            "url": "/transfer/licences",
            "data": {
                "publication_number": b.number(),
                "payment_method": "lump_sum",
                "fee_fixed": "5",
                "term_from": "2025-07-01",
                "term_to": "2030-06-30",
            },
        },
        Expect(303, other={"bureau_admin": 409, "statistician": 409}),
    ),
    ("POST", "/transfer/licences/{licence_id}/check"): (
        lambda b, a: {"url": f"/transfer/licences/{b.licence()}/check", "data": {"on": "2025-06-01"}},
        Expect(303, OWN),
    ),
    ("POST", "/transfer/licences/{licence_id}/announce"): (
        lambda b, a: {"url": f"/transfer/licences/{b.licence()}/announce", "data": {"on": "2025-06-01"}},
        Expect(409, OWN),
    ),
    ("POST", "/transfer/licences/{licence_id}/take"): (
        lambda b, a: {
            "url": f"/transfer/licences/{b.licence(announced=True)}/take",
            "data": {"notified_on": "2025-07-01"},
        },
        Expect(303, other={"admin": 409, "inventor": 409}),
    ),
    ("GET", "/transfer/assess"): (lambda b, a: {"url": "/transfer/assess"}, Expect()),
    ("POST", "/transfer/assess"): (
        lambda b, a: {
            "url": "/transfer/assess",
            "data": {"title": "交底书", "disclosure": "一种网页数据采集方法"},
        },
        Expect(503),
    ),
}


@pytest.fixture(scope="module", params=KINDS)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> Iterator[Any]:
    if request.param == "postgresql" and postgres_url() is None:
        pytest.skip("no test PostgreSQL (IPCENTER_TEST_PG_URL); .ci/run starts one")
    tmp = tmp_path_factory.mktemp("transfer-matrix")
    from .conftest import ACCOUNTS

    with throwaway_database(request.param, tmp) as url:
        app = create_app(
            Settings(
                corpus_dir=tmp / "corpus", database_url=url, data_dir=data_dir, models_dir=tmp / "models"
            )
        )
        database = app.state.platform.database
        world = World(database)
        tokens: dict[str, str] = {}
        from ipcenter.accounts import service

        with database.session() as db:
            for name, kind in ORGANISATIONS:
                world.orgs[name] = service.add_organisation(db, name, kind).id
            for name, role, org in ACCOUNTS:
                user = service.add_user(db, f"{name}@example.cn", role, PASSWORD, org)
                world.users[name] = sessions.principal_of(user, "token")
                tokens[name] = sessions.create_api_token(db, user, "matrix").token
        yield app, world, tokens
        database.dispose()


def _routes(app: Any) -> list[tuple[str, str, Any]]:
    return [(e.method, e.path, e.route) for e in route_table(app) if e.path.startswith(PREFIXES)]


def test_every_transfer_route_declares_a_policy_and_has_an_example(site: Any) -> None:
    app, _w, _t = site
    routes = _routes(app)
    assert [f"{m} {p}" for m, p, r in routes if route_policy(r) is None] == []
    assert [f"{m} {p}" for m, p, _r in routes if (m, p) not in ROUTES] == [], "add these routes to ROUTES"
    assert [k for k in ROUTES if k not in {(m, p) for m, p, _ in routes}] == [], (
        "examples of routes that are gone"
    )


def test_transfer_authorisation_matrix(site: Any) -> None:
    app, world, tokens = site
    client = TestClient(app, follow_redirects=False)
    builder = Builder(world)
    failures = []
    for method, path, _route in _routes(app):
        make, expect = ROUTES[(method, path)]
        page = not path.startswith("/api/")
        for actor in ACTORS:
            example = make(builder, actor)
            if "before" in example:
                example.pop("before")()
            headers = {"Authorization": f"Bearer {tokens[actor]}"} if actor in tokens else {}
            client.cookies.clear()
            response = client.request(
                method,
                example["url"],
                headers=headers,
                json=example.get("json"),
                data=example.get("data"),
                files=example.get("files"),
            )
            expected = expect.status(actor, page)
            if response.status_code != expected:
                failures.append(
                    f"{method} {path} as {actor}: {response.status_code}, expected {expected}:"
                    f" {response.text[:160]}"
                )
    assert failures == [], "\n".join(failures)
