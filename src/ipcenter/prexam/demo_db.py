"""The pre-examination part of the demo's app database (``<output>/app.db``, made by the accounts step), so
`ipcenter serve` after `ipcenter demo` opens real cases: the 中国(四川) centre with its transcribed scope, its
staff, an enterprise and its agency, a registration, cases from real KPPatent-ZH applications through intake,
an opinion, an answer with amended claims, the conclusions, the back-filled application number and CNIPA's
grant, a batch of three, the automatic aids on the demo corpus, and the statistics of the period.

Settings no source gives (answer period, rounds, overdue outcome) get demo values that stay UNCONFIRMED, as
the pages show; the declared main classes are the demo applicant's declarations.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ipcenter.accounts import service as accounts
from ipcenter.accounts import sessions
from ipcenter.accounts.credentials import generate_password
from ipcenter.accounts.models import Organisation
from ipcenter.accounts.principal import Principal
from ipcenter.platform.database import Database
from ipcenter.prexam import aids, batches, cases, centres, entities, fixtures, jobs, reports, review, service
from ipcenter.prexam.models import Setting
from ipcenter.prexam.tables import Batch, Centre

CENTRE_ORG = "中国(四川)知识产权保护中心（示例）"
ENTERPRISE = "四川示例装备有限公司"
AGENCY = "成都示例专利代理事务所"
DEMO_VALUE = "demo value, illustrative: no source gives it (domain-cn-2.md §1.6)"
DEMO_SETTINGS = {"response_days": 10, "response_day_type": "working", "max_rounds": 2,
                 "overdue_outcome": "deemed_abandoned", "batch_pilot": True}  # fmt: skip
# A made-up credit code with valid check characters (GB 11714 and GB 32100), area 成都市锦江区.
USCC = "91510104MA6C000176"
#: (KPPatent-ZH row, the applicant's declared main class, what happens to it in the demo)
CASES = (
    (125, "G06F9/455", "granted"),  # 虚拟网络环境中的快照创建
    (526, "B25J9/16", "awaiting_response"),  # 机器人控制装置
    (101, "D06F33/00", "not_accepted"),  # 洗衣机及其控制方法: outside the centre's fields
    (444, "G05D1/10", "not_qualified"),  # 无人机的控制方法和设备
)
BATCH = ((506, "G06T7/20"), (257, "G06T1/00"), (584, "G06N3/08"))
ON = date(2025, 12, 1)


@dataclass
class Seeded:
    accounts: list[dict[str, str]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    batch: dict[str, Any] = field(default_factory=dict)
    statistics: list[dict[str, Any]] = field(default_factory=list)
    aids: dict[str, str] = field(default_factory=dict)


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines() or [text]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _applications(data_dir: Path) -> list[dict[str, Any]]:
    path = data_dir / "kppatent-zh" / "kppatent_test.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def seed(database: Database, data_dir: Path, corpus_dir: Path, models_dir: Path) -> Seeded:
    out = Seeded()
    profile = next(p for p in service.scope_centre_profiles(data_dir) if p.centre_id == "sichuan")
    profile = replace(
        profile,
        version=2,
        effective_from=date(2025, 1, 1),
        settings={
            **profile.settings,
            **{k: Setting(v, "UNCONFIRMED", DEMO_VALUE) for k, v in DEMO_SETTINGS.items()},
        },
        eligibility={
            **fixtures.NINGBO_2025_RULES,
            "name": "demo: the 宁波 2025 rules stand in for 四川's (not captured)",
        },
    )
    who: dict[str, Principal] = {}
    with database.session() as db:
        for name, kind in ((CENTRE_ORG, "protection_centre"), (ENTERPRISE, "enterprise"), (AGENCY, "agency")):
            accounts.add_organisation(db, name, kind)
        centre = centres.add_centre(db, accounts.find_organisation(db, CENTRE_ORG), profile)
        for key, role, org, label in (
            ("centre_admin", "org_admin", CENTRE_ORG, "中心管理员"), ("examiner", "pre_examiner", CENTRE_ORG, "预审员甲"),
            ("examiner2", "pre_examiner", CENTRE_ORG, "预审员乙"), ("applicant", "org_admin", ENTERPRISE, "企业管理员"),
            ("agency", "member", AGENCY, "代理师"),
        ):  # fmt: skip
            password = generate_password()
            user = accounts.add_user(db, f"prexam-{key}@demo.ipcenter.cn", role, password, org, label)
            who[key] = sessions.principal_of(user, "demo")
            out.accounts.append(
                {"email": user.email, "password": password, "role": role, "organisation": org}
            )
        centre_id = centre.id
    changsha = fixtures.changsha()
    with database.session() as db:
        org = db.scalar(
            select(Organisation).where(
                Organisation.kind == "protection_centre", Organisation.name != CENTRE_ORG
            )
        )
        if org is not None:  # the accounts step's 长沙 centre: its profile, scope not published (UNCONFIRMED)
            centres.add_centre(db, org, changsha)
    apps = _applications(data_dir)
    with database.session() as db:
        c = db.get(Centre, centre_id)
        assert c is not None
        clean = [{"kind": k, "adverse": False, "checked_on": "2025-11-20", "authority": "信用中国（示例）"}
                 for k in ("dishonest", "abnormal_filing", "wilful_infringement")]  # fmt: skip
        entity = entities.apply(db, who["applicant"], c, {
            "uscc": USCC, "name": ENTERPRISE, "legal_person": True, "area_code": "510104", "founded": "2019-06-01",
            "insured_staff": 40, "declared_fields": ["装备制造", "新一代信息技术"],
            "granted_first_applicant": {"invention": 3, "utility_model": 5}, "credit_checks": clean,
            "contact_name": "张工", "contact_is_employee": True}, agency=AGENCY)  # fmt: skip
        entities.act(db, who["applicant"], entity.id, "submit", {}, ON)
        entities.act(db, who["centre_admin"], entity.id, "approve", {}, ON)
        entity_id = entity.id
    accepted: list[int] = []
    for row, main_class, target in CASES:
        case_id = _file_case(database, who, entity_id, apps[row], main_class)
        with database.session() as db:
            if cases.load(db, who["agency"], case_id)[0].state == "accepted":
                accepted.append(case_id)
        _drive(database, who, case_id, target, apps[row])
        with database.session() as db:
            case, c = cases.load(db, who["applicant"], case_id)
            out.cases.append({"number": case.number, "title": case.title, "state": case.state, "id": case.id})
    out.batch = _batch(database, who, entity_id, [(apps[r], m) for r, m in BATCH])
    tools = aids.AidTools(corpus_dir, models_dir)
    members = [c["id"] for c in out.batch.get("cases", []) if c["state"] == "accepted"]
    done = jobs.run(jobs.AidJob("", corpus_dir, models_dir, tuple(accepted)), database, tools)
    done |= jobs.run(
        jobs.AidJob("", corpus_dir, models_dir, tuple(members), out.batch["id"]), database, tools
    )
    with database.session() as db:
        batch_row = db.get(Batch, out.batch["id"])
        assert batch_row is not None
        out.batch["progress"] = batches.batch_view(batch_row)["progress"]
    out.aids = {str(k): ", ".join(f"{kind} {status}" for kind, status in v.items()) for k, v in done.items()}
    with database.session() as db:
        out.statistics = [
            r.to_json() for r in reports.statistics(db, date(2025, 1, 1), date(2026, 12, 31), by=())
        ]
    return out


def _file_case(
    database: Database, who: dict[str, Principal], entity_id: int, app: dict[str, Any], main_class: str
) -> int:
    with database.session() as db:
        case = cases.create(db, who["agency"], entity_id, {
            "patent_type": "invention", "title": app["title"], "applicants": [ENTERPRISE], "inventors": ["张工"],
            "main_class": main_class, "documents": []})  # fmt: skip
        for kind, text in (("request", app["title"]), ("description", app["abstract"]),
                           ("claims", "\n".join(app["claims"])), ("abstract", app["abstract"])):  # fmt: skip
            cases.add_document(db, who["agency"], case.id, kind, f"{kind}.docx", _docx(text))
        cases.submit(db, who["agency"], case.id, ON)
        return case.id


def _drive(
    database: Database, who: dict[str, Principal], case_id: int, target: str, app: dict[str, Any]
) -> None:
    if target == "not_accepted":
        return
    defect = {"category": "实质", "location": "权利要求1", "basis": "专利法第二十二条第三款",
              "explanation": "权利要求1相对于检索到的对比文件的区别特征属于本领域常规技术手段"}  # fmt: skip
    with database.session() as db:
        review.assign(db, who["centre_admin"], case_id, who["examiner"].user_id, ON)
        review.send_opinion(
            db, who["examiner"], case_id, [defect], "请修改权利要求1或陈述意见", date(2025, 12, 3)
        )
    if target == "awaiting_response":
        return
    claims = app["claims"]
    amended = [claims[0].rstrip("。") + "，其中所述方法在检测到异常时回滚至上一快照。", *claims[1:]]
    with database.session() as db:
        cases.add_document(
            db, who["applicant"], case_id, "claims", "权利要求书（修改）.docx", _docx("\n".join(amended))
        )
        review.answer(
            db, who["applicant"], case_id, "已将从属特征并入权利要求1，并陈述创造性理由。", date(2025, 12, 8)
        )
        review.resume(db, who["examiner"], case_id)
        if target == "not_qualified":
            review.conclude(
                db,
                who["examiner"],
                case_id,
                False,
                "INVENTIVE_STEP",
                "修改后的权利要求1仍不具备创造性",
                date(2025, 12, 9),
            )
            return
        review.conclude(db, who["examiner"], case_id, True, "", "符合预审合格要求", date(2025, 12, 9))
        review.record_filing(db, who["applicant"], case_id, "202510000001.4", date(2025, 12, 12))
        review.record_cnipa_event(db, who["applicant"], case_id, "publication", date(2026, 1, 9))
        review.record_cnipa_event(db, who["applicant"], case_id, "grant", date(2026, 3, 13))


def _batch(
    database: Database, who: dict[str, Principal], entity_id: int, apps: list[tuple[dict[str, Any], str]]
) -> dict[str, Any]:
    from openpyxl import Workbook

    buffer, book = io.BytesIO(), Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["编号", "名称", "主分类号", "申请人", "发明人"])
    with zipfile.ZipFile(buffer, "w") as archive:
        for i, (app, main_class) in enumerate(apps, 1):
            key = f"B{i:02d}"
            for name, text in (("请求书", app["title"]), ("说明书", app["abstract"]),
                               ("权利要求书", "\n".join(app["claims"])), ("说明书摘要", app["abstract"])):  # fmt: skip
                archive.writestr(f"{key}/{name}.docx", _docx(text))
            sheet.append([key, app["title"], main_class, ENTERPRISE, "王工"])
    manifest = io.BytesIO()
    book.save(manifest)
    with database.session() as db:
        batch = batches.create(
            db, who["applicant"], entity_id, "图像与视觉处理（示例批量）", "批量预审请求书、技术路线说明"
        )
        batches.upload(db, who["applicant"], batch.id, buffer.getvalue(), manifest.getvalue())
        batches.act(db, who["applicant"], batch.id, "submit", {}, ON)
        members = batches.members(db, batch)
        batch.aids_total = sum(c.state == "accepted" for c in members)
        batches.act(db, who["centre_admin"], batch.id, "start_review", {}, ON)
        batches.act(db, who["centre_admin"], batch.id, "admit",
                    {"reason": "围绕同一关键技术的专利组合（示例）", "decision_date": "2025-12-05"}, ON)  # fmt: skip
        row = db.get(Batch, batch.id)
        assert row is not None
        return {**batches.batch_view(row, len(members)),
                "cases": [{"id": c.id, "number": c.number, "state": c.state} for c in members]}  # fmt: skip
