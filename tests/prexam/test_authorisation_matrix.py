"""The authorisation matrix of the pre-examination routes, generated from the app's route table: every route
× every actor (anonymous; applicant member and admin; its entrusted agency; the assigned examiner, another
examiner and the admin of the centre; another enterprise's member and admin; the bureau's admin and
statistician) → the expected status. A route without a policy or an example here fails the test.

Expectations are written from the rules (docs/prexam.md, Confidentiality), not read back from the code:
anonymous → 401 on every route that needs an account; someone who is not a party to the object → 404;
a party without the right for this step → 403; the unpublished documents (and notices, diffs, PPH plans) →
the applicant, its agency, the assigned examiner and the centre's admins only. Each request gets a fresh
object in the state its step needs, so every actor's attempt is judged on its own.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from ipcenter.accounts import service as accounts
from ipcenter.accounts import sessions
from ipcenter.accounts.models import InboxMessage, User
from ipcenter.accounts.policy import route_policy, route_table
from ipcenter.core.uscc import gb11714_check_character, uscc_check_character
from ipcenter.platform.app import create_app
from ipcenter.platform.settings import Settings
from ipcenter.platform.testing import KINDS, postgres_url, throwaway_database
from ipcenter.prexam import batches, cases, entities, review
from ipcenter.prexam.tables import Aid, Centre, EntityRegistration, QuotaRequest

from .conftest import World, build_world, docx_bytes, entity_facts, real_application

APPLICANT_SIDE = {"applicant", "applicant_admin", "agency"}
CENTRE = {"examiner", "examiner2", "centre_admin"}
OUTSIDERS = {"other", "other_admin", "bureau_admin", "statistician"}
SIGNED_IN = APPLICANT_SIDE | CENTRE | OUTSIDERS
ACTORS = ["public", *sorted(SIGNED_IN)]
DOCUMENT_READERS = APPLICANT_SIDE | {"examiner", "centre_admin"}  # not the unassigned examiner2
PARTIES = APPLICANT_SIDE | CENTRE
PREFIXES = ("/api/v1/prexam/", "/prexam")
ON = "2025-12-01"


@dataclass
class Expect:
    ok: int = 200
    allow: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)  # refused with 403 (they know the object exists)
    public: bool = False

    page: bool = False  # a page: anonymous is sent to the sign-in page (303) instead of 401

    def status(self, actor: str) -> int:
        if self.public:
            return self.ok
        if actor == "public":
            return 303 if self.page else 401
        if actor in self.allow:
            return self.ok
        return 403 if actor in self.parties else 404


class Builder:
    """Fresh objects in the state a step needs, made through the services as their users would."""

    def __init__(self, world: World, data_dir: Path) -> None:
        self.w = world
        self.app = real_application(data_dir, 2)
        self.serial = count(1)
        self._entity: int | None = None

    def uscc(self) -> str:
        body = f"MA6D{next(self.serial):04d}"
        first17 = "91510104" + body + gb11714_check_character(body)
        return first17 + uscc_check_character(first17)

    def draft_facts(self) -> tuple[int, dict[str, Any]]:
        """A draft registration and its declaration, corrected (more insured staff)."""
        entity_id = self.entity("draft")
        with self.w.database.session() as db:
            row = db.get(EntityRegistration, entity_id)
            assert row is not None
            return entity_id, {**json.loads(row.facts), "insured_staff": 60}

    def entity(self, state: str = "approved") -> int:
        if state == "approved" and self._entity is not None:
            return self._entity
        with self.w.database.session() as db:
            centre = db.get(Centre, self.w.centre_id)
            assert centre is not None
            row = entities.apply(db, self.w.who("applicant"), centre, entity_facts(uscc=self.uscc()),
                                 agency="成都某专利代理有限公司")  # fmt: skip
            steps = {"draft": [], "pending": ["submit"], "approved": ["submit", "approve"]}[state]
            for action in steps:
                who = "centre_admin" if action == "approve" else "applicant"
                entities.act(db, self.w.who(who), row.id, action, {}, _day())
            if state == "approved":
                self._entity = row.id
            return row.id

    def case(self, state: str) -> int:
        """A case driven to ``state`` (the assigned examiner is 'examiner')."""
        w, on = self.w, _day()
        claims = "\n".join(self.app["claims"])
        with w.database.session() as db:
            case = cases.create(db, w.who("agency"), self.entity(), {
                "patent_type": "invention", "title": self.app["title"], "applicants": ["四川示例装备有限公司"],
                "main_class": "B23Q15/18", "documents": []})  # fmt: skip
            for kind, text in (("request", self.app["title"]), ("description", self.app["abstract"]),
                               ("claims", claims), ("abstract", self.app["abstract"])):  # fmt: skip
                cases.add_document(db, w.who("agency"), case.id, kind, f"{kind}.docx", docx_bytes(text))
            path = ["submit", "assign", "opinion", "amend", "answer", "resume", "qualify", "filing", "grant"]
            stop = {"draft": 0, "accepted": 1, "under_review": 2, "awaiting_response": 3, "answered": 5,
                    "qualified": 7, "filed": 8, "granted": 9}[state]  # fmt: skip
            defect = {
                "category": "形式",
                "location": "摘要",
                "basis": "专利法实施细则第二十六条",
                "explanation": "过长",
            }
            for step in path[:stop]:
                if step == "submit":
                    cases.submit(db, w.who("agency"), case.id, on)
                elif step == "assign":
                    review.assign(db, w.who("centre_admin"), case.id, w.who("examiner").user_id, on)
                elif step == "opinion":
                    review.send_opinion(db, w.who("examiner"), case.id, [defect], "", on)
                elif step == "amend":
                    cases.add_document(
                        db, w.who("applicant"), case.id, "claims", "c1.docx", docx_bytes(claims + "改")
                    )
                elif step == "answer":
                    review.answer(db, w.who("applicant"), case.id, "已修改", on)
                elif step == "resume":
                    review.resume(db, w.who("examiner"), case.id)
                elif step == "qualify":
                    review.conclude(db, w.who("examiner"), case.id, True, "", "合格", on)
                elif step == "filing":
                    review.record_filing(db, w.who("applicant"), case.id, self.application_number(), _day(12))
                elif step == "grant":
                    review.record_cnipa_event(db, w.who("applicant"), case.id, "grant", _day(30))
            assert case.state == state, (case.state, state)
            return case.id

    def application_number(self) -> str:
        from ipcenter.core.numbers import cn_check_character

        digits = f"20251{next(self.serial):07d}"
        return f"{digits}.{cn_check_character(digits)}"

    def document(self) -> int:
        with self.w.database.session() as db:
            case, _c = cases.load(db, self.w.who("applicant"), self.case("under_review"))
            return cases.documents_of(db, case)[0].id

    def notice(self) -> int:
        from ipcenter.prexam import notices

        with self.w.database.session() as db:
            case, _c = cases.load(db, self.w.who("applicant"), self.case("under_review"))
            return notices.notices_of(db, case)[0].id

    def search_report(self) -> int:
        case_id = self.case("under_review")
        with self.w.database.session() as db:
            db.add(Aid(case_id=case_id, kind="search_report", round=0, status="done",
                       result=json.dumps({"candidates": [], "signed": False})))  # fmt: skip
        return case_id

    def evidence(self) -> int:
        with self.w.database.session() as db:
            return entities.add_evidence(db, self.w.who("applicant"), self.entity(), "研发场所", "场所.docx",
                                         docx_bytes("租赁合同"), _day()).id  # fmt: skip

    def quota_request(self) -> int:
        with self.w.database.session() as db:
            row = QuotaRequest(entity_id=self.entity(), organisation_id=self.w.who("applicant").organisation_id,
                               year=2025, reason="国家级实验室")  # fmt: skip
            db.add(row)
            db.flush()
            return row.id

    def agency_registration(self) -> int:
        with self.w.database.session() as db:
            org = accounts.add_organisation(db, f"某代理事务所{next(self.serial)}", "agency")
            user = accounts.add_user(
                db, f"agency{org.id}@example.cn", "member", "correct horse battery", org.name
            )
            centre = db.get(Centre, self.w.centre_id)
            assert centre is not None
            return entities.register_agency(db, sessions.principal_of(user, "test"), centre).id

    def message(self) -> int:
        with self.w.database.session() as db:
            row = InboxMessage(user_id=self.w.who("applicant").user_id, subject="测试")
            db.add(row)
            db.flush()
            return row.id

    def batch(self, state: str = "draft") -> int:
        with self.w.database.session() as db:
            batch = batches.create(db, self.w.who("applicant"), self.entity(), "数控机床", "")
            if state == "submitted":
                zip_bytes, manifest = batch_files(self.app)
                batches.upload(db, self.w.who("applicant"), batch.id, zip_bytes, manifest)
                batches.act(db, self.w.who("applicant"), batch.id, "submit", {}, _day())
            return batch.id


def _day(offset: int = 0) -> Any:
    from datetime import date, timedelta

    return date.fromisoformat(ON) + timedelta(days=offset)


def batch_files(app: dict[str, Any]) -> tuple[bytes, bytes]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (("请求书", app["title"]), ("说明书", app["abstract"]), ("权利要求书", "\n".join(app["claims"])),
                           ("说明书摘要", app["abstract"])):  # fmt: skip
            archive.writestr(f"A1/{name}.docx", docx_bytes(text))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["编号", "名称", "主分类号", "申请人"])
    sheet.append(["A1", app["title"], "B23Q15/18", "四川示例装备有限公司"])
    out = io.BytesIO()
    book.save(out)
    return buffer.getvalue(), out.getvalue()


Example = Callable[[Builder, str], tuple[dict[str, Any], Expect]]
api = "/api/v1/prexam"
DEFECT = {
    "category": "实质",
    "location": "权利要求1",
    "basis": "专利法第二十二条第二款",
    "explanation": "缺乏新颖性",
}
SCOPE_CSV = "scheme,code,field\nIPC,B23Q,装备制造\n".encode()


def _public(url: str) -> Example:
    return lambda b, a: ({"url": url}, Expect(public=True))


EXAMPLES: dict[tuple[str, str], Example] = {
    ("GET", f"{api}/centres"): _public(f"{api}/centres"),
    ("GET", f"{api}/centres/{{slug}}/profile"): _public(f"{api}/centres/sichuan/profile"),
    ("GET", f"{api}/workdays/add"): _public(f"{api}/workdays/add?start=2025-09-30&n=3"),
    ("GET", f"{api}/workdays/between"): _public(f"{api}/workdays/between?from=2025-09-30&to=2025-10-31"),
    ("GET", f"{api}/statistics"): _public(f"{api}/statistics?from=2025-01-01&to=2025-12-31"),
    ("GET", f"{api}/statistics.xlsx"): _public(f"{api}/statistics.xlsx?from=2025-01-01&to=2025-12-31"),
    ("GET", f"{api}/pph/partners"): _public(f"{api}/pph/partners"),
    ("POST", f"{api}/centres/{{slug}}/settings"): lambda b, a: (
        {
            "url": f"{api}/centres/sichuan/settings",
            "json": {
                "changes": {"max_rounds": 3},
                "source": "中心通知",
                "effective_from": f"2026-0{next(b.serial) % 9 + 1}-01",
            },
        },
        Expect(201, {"centre_admin"}, SIGNED_IN),
    ),
    ("POST", f"{api}/centres/{{slug}}/scope"): lambda b, a: (
        {
            "url": f"{api}/centres/sichuan/scope",
            "files": {"file": ("scope.csv", SCOPE_CSV)},
            "data": {"effective_from": f"2027-{next(b.serial) % 12 + 1:02d}-01", "source": "中心公告"},
        },
        Expect(201, {"centre_admin"}, SIGNED_IN),
    ),
    ("POST", f"{api}/entities"): lambda b, a: (
        {"url": f"{api}/entities", "json": {"centre": "sichuan", "facts": entity_facts(uscc=b.uscc())}},
        Expect(201, {"applicant", "applicant_admin", "other", "other_admin"}, SIGNED_IN),
    ),
    ("GET", f"{api}/entities"): lambda b, a: ({"url": f"{api}/entities"}, Expect(200, SIGNED_IN)),
    ("GET", f"{api}/entities/{{entity_id}}"): lambda b, a: (
        {"url": f"{api}/entities/{b.entity()}"},
        Expect(200, PARTIES),
    ),
    ("PUT", f"{api}/entities/{{entity_id}}"): lambda b, a: (
        (lambda ef: {"url": f"{api}/entities/{ef[0]}", "json": {"facts": ef[1]}})(b.draft_facts()),
        Expect(200, {"applicant", "applicant_admin"}, PARTIES),
    ),
    ("POST", f"{api}/entities/{{entity_id}}/actions/{{action}}"): lambda b, a: (
        {"url": f"{api}/entities/{b.entity('pending')}/actions/approve", "json": {}},
        Expect(200, {"centre_admin"}, PARTIES),
    ),
    ("POST", f"{api}/entities/{{entity_id}}/evidence"): lambda b, a: (
        {
            "url": f"{api}/entities/{b.entity()}/evidence",
            "data": {"title": "知识产权管理制度"},
            "files": {"file": ("制度.docx", docx_bytes("制度"))},
        },
        Expect(201, {"applicant", "applicant_admin"}, PARTIES),
    ),
    ("GET", f"{api}/evidence/{{evidence_id}}"): lambda b, a: (
        {"url": f"{api}/evidence/{b.evidence()}"},
        Expect(200, PARTIES),
    ),
    ("POST", f"{api}/entities/{{entity_id}}/recheck"): lambda b, a: (
        {"url": f"{api}/entities/{b.entity()}/recheck"},
        Expect(200, {"centre_admin"}, PARTIES),
    ),
    ("POST", f"{api}/entities/{{entity_id}}/quota-requests"): lambda b, a: (
        {"url": f"{api}/entities/{b.entity()}/quota-requests", "json": {"reason": "新增国家级实验室"}},
        Expect(409, {"applicant", "applicant_admin"}, PARTIES),
    ),  # allowed, but no quota is configured
    ("POST", f"{api}/quota-requests/{{request_id}}/{{action}}"): lambda b, a: (
        {"url": f"{api}/quota-requests/{b.quota_request()}/approve", "json": {"details": {"extra": 2}}},
        Expect(200, {"centre_admin"}, PARTIES),
    ),
    ("POST", f"{api}/agencies"): lambda b, a: (
        {"url": f"{api}/agencies?centre=sichuan"},
        Expect(201, {"agency"}, SIGNED_IN),
    ),
    ("POST", f"{api}/agencies/{{agency_id}}/{{action}}"): lambda b, a: (
        {"url": f"{api}/agencies/{b.agency_registration()}/approve", "json": {}},
        Expect(200, {"centre_admin"}, SIGNED_IN),
    ),
    ("POST", f"{api}/cases"): lambda b, a: (
        {
            "url": f"{api}/cases",
            "json": {
                "entity_id": b.entity(),
                "patent_type": "invention",
                "title": "一种机床",
                "applicants": ["四川示例装备有限公司"],
                "main_class": "B23Q15/18",
            },
        },
        Expect(201, APPLICANT_SIDE, CENTRE),
    ),
    ("GET", f"{api}/cases"): lambda b, a: ({"url": f"{api}/cases"}, Expect(200, SIGNED_IN)),
    ("GET", f"{api}/cases/{{case_id}}"): lambda b, a: (
        {"url": f"{api}/cases/{b.case('accepted')}"},
        Expect(200, PARTIES),
    ),
    ("POST", f"{api}/cases/{{case_id}}/documents"): lambda b, a: (
        {
            "url": f"{api}/cases/{b.case('draft')}/documents",
            "data": {"kind": "drawings"},
            "files": {"file": ("附图.docx", docx_bytes("图1"))},
        },
        Expect(201, APPLICANT_SIDE, CENTRE),
    ),
    ("GET", f"{api}/documents/{{document_id}}"): lambda b, a: (
        {"url": f"{api}/documents/{b.document()}"},
        Expect(200, DOCUMENT_READERS, PARTIES),
    ),
    ("POST", f"{api}/cases/{{case_id}}/submit"): lambda b, a: (
        {"url": f"{api}/cases/{b.case('draft')}/submit"},
        Expect(200, APPLICANT_SIDE, CENTRE),
    ),
    ("POST", f"{api}/cases/{{case_id}}/assign"): lambda b, a: (
        {"url": f"{api}/cases/{b.case('accepted')}/assign", "json": {}},
        Expect(200, CENTRE, PARTIES),
    ),
    ("POST", f"{api}/cases/{{case_id}}/aids"): lambda b, a: (
        {"url": f"{api}/cases/{b.case('under_review')}/aids"},
        Expect(200, {"examiner"}, PARTIES),
    ),
    ("POST", f"{api}/cases/{{case_id}}/search-report"): lambda b, a: (
        {"url": f"{api}/cases/{b.search_report()}/search-report", "json": {"candidates": []}},
        Expect(200, {"examiner"}, PARTIES),
    ),
    ("POST", f"{api}/cases/{{case_id}}/opinions"): lambda b, a: (
        {"url": f"{api}/cases/{b.case('under_review')}/opinions", "json": {"defects": [DEFECT]}},
        Expect(201, {"examiner"}, PARTIES),
    ),
    ("POST", f"{api}/cases/{{case_id}}/answer"): lambda b, a: (
        {"url": f"{api}/cases/{b.case('awaiting_response')}/answer", "json": {"text": "意见陈述"}},
        Expect(200, APPLICANT_SIDE, PARTIES),
    ),
    ("POST", f"{api}/cases/{{case_id}}/resume"): lambda b, a: (
        {"url": f"{api}/cases/{b.case('answered')}/resume"},
        Expect(200, {"examiner"}, PARTIES),
    ),
    ("POST", f"{api}/cases/{{case_id}}/conclusion"): lambda b, a: (
        {"url": f"{api}/cases/{b.case('under_review')}/conclusion", "json": {"qualified": True}},
        Expect(200, {"examiner"}, PARTIES),
    ),
    ("POST", f"{api}/cases/{{case_id}}/filing"): lambda b, a: (
        {
            "url": f"{api}/cases/{b.case('qualified')}/filing",
            "json": {"application_number": b.application_number(), "filing_date": "2025-12-05"},
        },
        Expect(200, APPLICANT_SIDE, PARTIES),
    ),
    ("POST", f"{api}/cases/{{case_id}}/cnipa-events"): lambda b, a: (
        {
            "url": f"{api}/cases/{b.case('filed')}/cnipa-events",
            "json": {"kind": "office_action", "on": "2026-01-05"},
        },
        Expect(201, PARTIES),
    ),
    ("GET", f"{api}/cases/{{case_id}}/diff"): lambda b, a: (
        {"url": f"{api}/cases/{b.case('answered')}/diff?from=0&to=1"},
        Expect(200, DOCUMENT_READERS, PARTIES),
    ),
    ("GET", f"{api}/cases/{{case_id}}/pph"): lambda b, a: (
        {"url": f"{api}/cases/{b.case('granted')}/pph"},
        Expect(200, DOCUMENT_READERS, PARTIES),
    ),
    ("GET", f"{api}/notices/{{notice_id}}"): lambda b, a: (
        {"url": f"{api}/notices/{b.notice()}"},
        Expect(200, DOCUMENT_READERS, PARTIES),
    ),
    ("POST", f"{api}/overdue"): lambda b, a: (
        {"url": f"{api}/overdue"},
        Expect(200, {"centre_admin"}, SIGNED_IN),
    ),
    ("POST", f"{api}/batches"): lambda b, a: (
        {"url": f"{api}/batches", "json": {"entity_id": b.entity(), "theme": "数控机床"}},
        Expect(201, APPLICANT_SIDE, CENTRE),
    ),
    ("GET", f"{api}/batches"): lambda b, a: ({"url": f"{api}/batches"}, Expect(200, SIGNED_IN)),
    ("GET", f"{api}/batches/{{batch_id}}"): lambda b, a: (
        {"url": f"{api}/batches/{b.batch()}"},
        Expect(200, PARTIES),
    ),
    ("POST", f"{api}/batches/{{batch_id}}/upload"): lambda b, a: (
        {
            "url": f"{api}/batches/{b.batch()}/upload",
            "files": dict(
                zip(("documents", "manifest"), (("d.zip", f) for f in batch_files(b.app)), strict=True)
            ),
        },
        Expect(201, APPLICANT_SIDE, CENTRE),
    ),
    ("POST", f"{api}/batches/{{batch_id}}/actions/{{action}}"): lambda b, a: (
        {"url": f"{api}/batches/{b.batch('submitted')}/actions/start_review", "json": {}},
        Expect(200, {"centre_admin"}, PARTIES),
    ),
    ("GET", f"{api}/inbox"): lambda b, a: ({"url": f"{api}/inbox"}, Expect(200, SIGNED_IN)),
    ("POST", f"{api}/inbox/{{message_id}}/read"): lambda b, a: (
        {"url": f"{api}/inbox/{b.message()}/read"},
        Expect(200, {"applicant"}),
    ),
}


def _page(
    url: str, ok: int, allow: set[str], parties: set[str] | None = None, **form: Any
) -> tuple[dict[str, Any], Expect]:
    request: dict[str, Any] = {"url": url}
    if form:
        request["data"] = {k: v for k, v in form.items() if k != "files"}
        request["files"] = form.get("files")
    return request, Expect(ok, allow, parties or set(), page=True)


PAGE_EXAMPLES: dict[tuple[str, str], Example] = {
    ("GET", "/prexam"): lambda b, a: ({"url": "/prexam"}, Expect(200, public=True)),
    ("GET", "/prexam/centres/{slug}"): lambda b, a: (
        {"url": "/prexam/centres/sichuan"},
        Expect(200, public=True),
    ),
    ("GET", "/prexam/statistics"): lambda b, a: ({"url": "/prexam/statistics"}, Expect(200, public=True)),
    ("GET", "/prexam/register"): lambda b, a: _page("/prexam/register", 200, SIGNED_IN),
    ("POST", "/prexam/register"): lambda b, a: _page(
        "/prexam/register",
        303,
        {"applicant", "applicant_admin", "other", "other_admin"},
        SIGNED_IN,
        centre="sichuan",
        uscc=b.uscc(),
        name="某企业",
        legal_person="true",
        area_code="510104",
        founded="2019-01-01",
        insured_staff="9",
    ),
    ("GET", "/prexam/entities/{entity_id}"): lambda b, a: _page(
        f"/prexam/entities/{b.entity()}", 200, PARTIES
    ),
    ("POST", "/prexam/entities/{entity_id}/action"): lambda b, a: _page(
        f"/prexam/entities/{b.entity('pending')}/action", 303, {"centre_admin"}, PARTIES, action="approve"
    ),
    ("POST", "/prexam/entities/{entity_id}/evidence"): lambda b, a: _page(
        f"/prexam/entities/{b.entity()}/evidence",
        303,
        {"applicant", "applicant_admin"},
        PARTIES,
        title="研发团队名单",
        files={"file": ("团队.docx", docx_bytes("团队"))},
    ),
    ("GET", "/prexam/inbox"): lambda b, a: _page("/prexam/inbox", 200, SIGNED_IN),
    ("POST", "/prexam/inbox/{message_id}/read"): lambda b, a: _page(
        f"/prexam/inbox/{b.message()}/read", 303, {"applicant"}, set(), x="1"
    ),
    ("GET", "/prexam/batches/{batch_id}"): lambda b, a: _page(f"/prexam/batches/{b.batch()}", 200, PARTIES),
    ("POST", "/prexam/batches"): lambda b, a: _page(
        "/prexam/batches", 303, APPLICANT_SIDE, CENTRE, entity_id=str(b.entity()), theme="数控机床"
    ),
    ("POST", "/prexam/batches/{batch_id}/action"): lambda b, a: _page(
        f"/prexam/batches/{b.batch('submitted')}/action",
        303,
        {"centre_admin"},
        PARTIES,
        action="start_review",
    ),
    ("POST", "/prexam/batches/{batch_id}/upload"): lambda b, a: _page(
        f"/prexam/batches/{b.batch()}/upload",
        303,
        APPLICANT_SIDE,
        CENTRE,
        files=dict(zip(("documents", "manifest"), (("d.zip", f) for f in batch_files(b.app)), strict=True)),
    ),
    ("GET", "/prexam/cases/new"): lambda b, a: _page("/prexam/cases/new", 200, SIGNED_IN),
    ("POST", "/prexam/cases/new"): lambda b, a: _page(
        "/prexam/cases/new",
        303,
        APPLICANT_SIDE,
        CENTRE,
        entity_id=str(b.entity()),
        patent_type="invention",
        title="一种机床",
        applicants="四川示例装备有限公司",
        main_class="B23Q15/18",
    ),
    ("GET", "/prexam/cases/{case_id}"): lambda b, a: _page(
        f"/prexam/cases/{b.case('accepted')}", 200, PARTIES
    ),
    ("POST", "/prexam/cases/{case_id}/assign"): lambda b, a: _page(
        f"/prexam/cases/{b.case('accepted')}/assign", 303, CENTRE, PARTIES, examiner_id=""
    ),
    ("POST", "/prexam/cases/{case_id}/opinion"): lambda b, a: _page(
        f"/prexam/cases/{b.case('under_review')}/opinion",
        303,
        {"examiner"},
        PARTIES,
        category_1="实质",
        location_1="权利要求1",
        basis_1="专利法第二十二条第二款",
        explanation_1="缺乏新颖性",
    ),
    ("POST", "/prexam/cases/{case_id}/answer"): lambda b, a: _page(
        f"/prexam/cases/{b.case('awaiting_response')}/answer", 303, APPLICANT_SIDE, PARTIES, text="意见陈述"
    ),
    ("POST", "/prexam/cases/{case_id}/resume"): lambda b, a: _page(
        f"/prexam/cases/{b.case('answered')}/resume", 303, {"examiner"}, PARTIES, x="1"
    ),
    ("POST", "/prexam/cases/{case_id}/conclude"): lambda b, a: _page(
        f"/prexam/cases/{b.case('under_review')}/conclude", 303, {"examiner"}, PARTIES, outcome="qualified"
    ),
    ("POST", "/prexam/cases/{case_id}/filing"): lambda b, a: _page(
        f"/prexam/cases/{b.case('qualified')}/filing",
        303,
        APPLICANT_SIDE,
        PARTIES,
        application_number=b.application_number(),
        filing_date="2025-12-05",
    ),
    ("POST", "/prexam/cases/{case_id}/cnipa"): lambda b, a: _page(
        f"/prexam/cases/{b.case('filed')}/cnipa", 303, PARTIES, set(), kind="office_action", on="2026-01-05"
    ),
    ("POST", "/prexam/cases/{case_id}/search-report"): lambda b, a: _page(
        f"/prexam/cases/{b.search_report()}/search-report", 303, {"examiner"}, PARTIES, note="签署"
    ),
    ("GET", "/prexam/cases/{case_id}/diff"): lambda b, a: _page(
        f"/prexam/cases/{b.case('answered')}/diff", 200, DOCUMENT_READERS, PARTIES
    ),
    ("GET", "/prexam/cases/{case_id}/pph"): lambda b, a: _page(
        f"/prexam/cases/{b.case('granted')}/pph", 200, DOCUMENT_READERS, PARTIES
    ),
    ("GET", "/prexam/workbench"): lambda b, a: _page("/prexam/workbench", 200, CENTRE, SIGNED_IN),
}
EXAMPLES.update(PAGE_EXAMPLES)


@pytest.fixture(scope="module", params=KINDS)
def matrix(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> Iterator[tuple[Any, Builder, dict[str, str]]]:
    if request.param == "postgresql" and postgres_url() is None:
        pytest.skip("no test PostgreSQL (IPCENTER_TEST_PG_URL); .ci/run starts one")
    tmp = tmp_path_factory.mktemp("prexam-matrix")
    with pytest.MonkeyPatch.context() as patch, throwaway_database(request.param, tmp) as url:
        patch.setenv("IPCENTER_PREXAM_AIDS", "off")
        patch.setenv("IPCENTER_PREXAM_TODAY", ON)
        world = build_world(url, data_dir)
        app = create_app(Settings(corpus_dir=tmp / "corpus", database_url=url, data_dir=data_dir))
        tokens = {}
        with world.database.session() as db:
            for name, who in world.users.items():
                user = db.get(User, who.user_id)
                assert user is not None
                tokens[name] = sessions.create_api_token(db, user, "matrix").token
        yield app, Builder(world, data_dir), tokens
        app.state.platform.database.dispose()
        world.database.dispose()


def _routes(app: Any) -> list[tuple[str, str, Any]]:
    return [(e.method, e.path, e.route) for e in route_table(app) if e.path.startswith(PREFIXES)]


def test_every_route_declares_a_policy_and_has_an_example(
    matrix: tuple[Any, Builder, dict[str, str]],
) -> None:
    app, _b, _t = matrix
    routes = _routes(app)
    assert len(routes) >= 40
    assert [f"{m} {p}" for m, p, r in routes if route_policy(r) is None] == []
    assert [f"{m} {p}" for m, p, _r in routes if (m, p) not in EXAMPLES] == [], "add these routes to EXAMPLES"


def test_authorisation_matrix(matrix: tuple[Any, Builder, dict[str, str]]) -> None:
    app, builder, tokens = matrix
    client = TestClient(app, follow_redirects=False)
    failures, cases_run = [], 0
    for method, path, _route in _routes(app):
        for actor in ACTORS:
            request, expect = EXAMPLES[(method, path)](builder, actor)
            headers = {"Authorization": f"Bearer {tokens[actor]}"} if actor != "public" else {}
            response = client.request(method, request["url"], headers=headers, json=request.get("json"),
                                      data=request.get("data"), files=request.get("files"))  # fmt: skip
            cases_run += 1
            if response.status_code != expect.status(actor):
                failures.append(f"{method} {path} as {actor}: {response.status_code}, expected "
                                f"{expect.status(actor)}: {response.text[:160]}")  # fmt: skip
    assert failures == [], "\n".join(failures)
    assert cases_run >= 40 * len(ACTORS)
