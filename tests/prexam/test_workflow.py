"""The whole pre-examination workflow on the app database (SQLite and PostgreSQL): registration, a case from
a real application's text through two rounds to 合格, the back-filled application number and CNIPA's
grant; confidentiality of the unpublished documents at every step."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from ipcenter.accounts.errors import Forbidden
from ipcenter.errors import Conflict, InvalidValue, NotFound, UserError
from ipcenter.prexam import cases, diff, entities, notices, review
from ipcenter.prexam.tables import Centre

from .conftest import World, docx_bytes, entity_facts, real_application

ON = date(2025, 12, 1)  # a Monday


def register(w: World) -> int:
    """The applicant's approved registration (made on first use)."""
    with w.database.session() as db:
        existing = entities.list_entities(db, w.who("applicant"), state="approved")
        if existing:
            return existing[0].id
        centre = db.get(Centre, w.centre_id)
        assert centre is not None
        row = entities.apply(db, w.who("applicant"), centre, entity_facts(), agency="成都某专利代理有限公司")
        entities.act(db, w.who("applicant"), row.id, "submit", {}, ON)
        entities.act(db, w.who("centre_admin"), row.id, "approve", {}, ON)
        return row.id


def filed_case(w: World, data_dir: Path, main_class: str = "B23Q15/18") -> int:
    app = real_application(data_dir)
    entity_id = register(w)
    with w.database.session() as db:
        case = cases.create(db, w.who("agency"), entity_id, {
            "patent_type": "invention", "title": app["title"], "applicants": ["四川示例装备有限公司"],
            "inventors": ["李工"], "main_class": main_class, "documents": [],
        })  # fmt: skip
        for kind, text in (("request", app["title"]), ("description", app["abstract"]),
                           ("claims", "\n".join(app["claims"])), ("abstract", app["abstract"])):  # fmt: skip
            cases.add_document(db, w.who("agency"), case.id, kind, f"{kind}.docx", docx_bytes(text))
        cases.submit(db, w.who("agency"), case.id, ON)
        return case.id


def test_registration_workflow(world: World) -> None:
    w = world
    with w.database.session() as db:
        centre = db.get(Centre, w.centre_id)
        assert centre is not None
        young = entities.apply(db, w.who("applicant"), centre, entity_facts(founded="2025-06-01"))
        entities.act(db, w.who("applicant"), young.id, "submit", {}, ON)
        with pytest.raises(Conflict, match="age"):
            entities.act(db, w.who("centre_admin"), young.id, "approve", {}, ON)
        with pytest.raises(InvalidValue, match="reason"):
            entities.act(db, w.who("centre_admin"), young.id, "reject", {}, ON)
        entities.act(db, w.who("centre_admin"), young.id, "reject", {"reason": "成立未满一年"}, ON)
        assert young.state == "rejected" and young.reason == "成立未满一年"
        with pytest.raises(Forbidden):
            entities.act(db, w.who("examiner"), young.id, "revise", {}, ON)
        with pytest.raises(NotFound):  # another enterprise does not learn it exists
            entities.get_entity(db, w.who("other"), young.id)
        with pytest.raises(Conflict, match="registered with"):
            entities.apply(db, w.who("applicant"), centre, entity_facts())
        with pytest.raises(Conflict, match="only a draft"):
            entities.update(db, w.who("applicant"), young.id, entity_facts())
        entities.act(db, w.who("applicant"), young.id, "revise", {}, ON)
        entities.update(db, w.who("applicant"), young.id, entity_facts())  # the founding date corrected
        entities.act(db, w.who("applicant"), young.id, "submit", {}, ON)
        entities.act(db, w.who("centre_admin"), young.id, "approve", {}, ON)
        assert young.state == "approved"
    entity_id = register(w)
    with w.database.session() as db:
        row = entities.act(db, w.who("centre_admin"), entity_id, "suspend",
                           {"reason": "资格复核", "suspended_from": "2026-01-01", "suspended_to": "2026-03-31"}, ON)  # fmt: skip
        assert row.state == "suspended" and row.suspended_to == date(2026, 3, 31)
        entities.act(db, w.who("centre_admin"), entity_id, "resume", {}, ON)
        found = entities.recheck(db, w.who("centre_admin"), entity_id, ON)
        assert found["eligible"] is True and found["findings"] == []
        evidence = entities.add_evidence(
            db, w.who("applicant"), entity_id, "研发场所", "场所.docx", docx_bytes("租赁合同"), ON
        )
        assert entities.get_evidence(db, w.who("centre_admin"), evidence.id)[0].title == "研发场所"
        with pytest.raises(NotFound):
            entities.get_evidence(db, w.who("other"), evidence.id)
        with pytest.raises(Forbidden):
            entities.add_evidence(db, w.who("examiner"), entity_id, "x", "x.docx", docx_bytes("x"), ON)


def test_a_case_from_submission_to_grant(world: World, data_dir: Path) -> None:
    w = world
    case_id = filed_case(w, data_dir)
    with w.database.session() as db:
        case, _centre = cases.load(db, w.who("applicant"), case_id)
        assert case.state == "accepted" and case.field == "装备制造"
        assert case.review_due == date(2025, 12, 10)  # 7 working days after Monday 2025-12-01
        assert [n.kind for n in notices.notices_of(db, case)] == ["acceptance"]
        review.assign(db, w.who("centre_admin"), case_id, None, ON)  # by load: the first examiner
        assert case.state == "under_review" and case.assigned_examiner_id == w.who("examiner").user_id
        with pytest.raises(Forbidden, match="assigned"):
            review.send_opinion(db, w.who("examiner2"), case_id, [], "", ON)
        with pytest.raises(InvalidValue, match="2023 numbering"):
            review.send_opinion(db, w.who("examiner"), case_id, [{"category": "实质", "location": "权利要求1",
                                "basis": "细则第二十条", "explanation": "x"}], "", ON)  # fmt: skip
        defect = {"category": "实质", "location": "权利要求1",
                  "basis": "专利法第二十二条第三款", "explanation": "相对于对比文件1不具备创造性"}  # fmt: skip
        opinion = review.send_opinion(db, w.who("examiner"), case_id, [defect], "请修改权利要求1", ON)
        assert opinion.response_due == date(2025, 12, 15)  # 10 working days
        old_claims = cases.current_text(db, case, "claims")
        new_claims = old_claims.replace("智能掘进机", "带截割臂的智能掘进机", 1)
        cases.add_document(
            db, w.who("applicant"), case_id, "claims", "claims-r1.docx", docx_bytes(new_claims)
        )
        review.answer(db, w.who("applicant"), case_id, "已按意见修改权利要求1。", date(2025, 12, 8))
        changes = diff.claims_diff(old_claims, cases.current_text(db, case, "claims"))
        assert diff.summary(changes)["changed"] == 1
        assert ("insert", "带截割臂的") in changes[0].segments
        review.resume(db, w.who("examiner"), case_id)
        review.conclude(db, w.who("examiner"), case_id, True, "", "符合授权条件", date(2025, 12, 9))
        assert case.state == "qualified" and case.filing_due == date(2025, 12, 19)  # 10 calendar days
        with pytest.raises(InvalidValue, match="check character"):
            review.record_filing(db, w.who("applicant"), case_id, "202510123456.7", date(2025, 12, 12))
        with pytest.raises(InvalidValue, match="type digit"):
            review.record_filing(db, w.who("applicant"), case_id, "202520123456.0", date(2025, 12, 12))
        review.record_filing(db, w.who("applicant"), case_id, "202510123456.5", date(2025, 12, 12))
        assert case.state == "filed" and not case.filed_late
        event = review.record_cnipa_event(db, w.who("applicant"), case_id, "office_action", date(2026, 1, 20))
        assert event.deadline == date(2026, 1, 30)
        review.record_cnipa_event(db, w.who("applicant"), case_id, "grant", date(2026, 3, 12))
        assert case.state == "granted" and review.grant_cycle_days(case) == 90
        assert [n.kind for n in notices.notices_of(db, case)] == ["acceptance", "opinion", "qualified"]
        html = notices.render_html(notices.notices_of(db, case)[2], case, "四川示例装备有限公司")
        assert "预审合格通知书" in html and "2025-12-19" in html and case.number in html


def test_confidentiality(world: World, data_dir: Path) -> None:
    w = world
    case_id = filed_case(w, data_dir)
    with w.database.session() as db:
        case, _centre = cases.load(db, w.who("applicant"), case_id)
        document_id = cases.documents_of(db, case)[0].id
        review.assign(db, w.who("centre_admin"), case_id, w.who("examiner").user_id, ON)
        for name in ("applicant", "applicant_admin", "agency", "examiner", "centre_admin"):
            cases.get_document(db, w.who(name), document_id)
        with pytest.raises(Forbidden, match="confidential"):
            cases.get_document(db, w.who("examiner2"), document_id)  # same centre, not assigned
        for name in ("other", "other_admin", "bureau_admin"):
            with pytest.raises(NotFound):
                cases.load(db, w.who(name), case_id)
            with pytest.raises(NotFound):
                cases.get_document(db, w.who(name), document_id)
        listed = cases.list_cases(db, w.who("other"))
        assert listed["total"] == 0
        assert cases.list_cases(db, w.who("examiner2"))["total"] == 1  # the queue shows it without documents


def test_field_mismatch_and_late_filing(world: World, data_dir: Path) -> None:
    w = world
    case_id = filed_case(w, data_dir, main_class="A23L33/105")
    with w.database.session() as db:
        case, _centre = cases.load(db, w.who("applicant"), case_id)
        assert case.state == "not_accepted" and case.reason_code == "field_mismatch"
        (notice,) = notices.notices_of(db, case)
        text = "\n".join(notices.paragraphs(notice, case, "四川示例装备有限公司"))
        assert "领域不符" in text and "普通程序" in text
        with pytest.raises(UserError):
            review.assign(db, w.who("centre_admin"), case_id, None, ON)


def test_rounds_are_limited_and_overdue_answers_follow_the_profile(world: World, data_dir: Path) -> None:
    w = world
    case_id = filed_case(w, data_dir)
    defect = {
        "category": "形式",
        "location": "说明书摘要",
        "basis": "专利法实施细则第二十六条",
        "explanation": "摘要超过300字",
    }
    with w.database.session() as db:
        review.assign(db, w.who("examiner"), case_id, None, ON)  # an examiner takes it
        for round_ in (1, 2):
            review.send_opinion(db, w.who("examiner"), case_id, [defect], "", ON)
            review.answer(db, w.who("applicant"), case_id, f"第{round_}次答复", ON)
            review.resume(db, w.who("examiner"), case_id)
        with pytest.raises(Conflict, match="2 opinion round"):
            review.send_opinion(db, w.who("examiner"), case_id, [defect], "", ON)
    second = filed_case(w, data_dir)
    with w.database.session() as db:
        review.assign(db, w.who("centre_admin"), second, None, ON)
        case, _c = cases.load(db, w.who("applicant"), second)
        examiner = "examiner" if case.assigned_examiner_id == w.who("examiner").user_id else "examiner2"
        review.send_opinion(db, w.who(examiner), second, [defect], "", ON)
        assert review.sweep_overdue(db, date(2025, 12, 15)) == []  # due that day: not yet overdue
        assert review.sweep_overdue(db, date(2025, 12, 16)) == [f"{case.number}: deemed_abandoned"]


def test_statistics_and_pph_of_the_cases(world: World, data_dir: Path) -> None:
    from openpyxl import load_workbook

    from ipcenter.prexam import pph, reports

    w = world
    granted = filed_case(w, data_dir)
    filed_case(w, data_dir, main_class="A23L33/105")  # 不予受理
    with w.database.session() as db:
        review.assign(db, w.who("centre_admin"), granted, None, ON)
        examiner = (
            "examiner"
            if cases.load(db, w.who("applicant"), granted)[0].assigned_examiner_id
            == w.who("examiner").user_id
            else "examiner2"
        )
        review.conclude(db, w.who(examiner), granted, True, "", "合格", date(2025, 12, 4))
        review.record_filing(db, w.who("applicant"), granted, "202510123456.5", date(2025, 12, 8))
        review.record_cnipa_event(db, w.who("applicant"), granted, "grant", date(2026, 2, 6))
        rows = reports.statistics(db, date(2025, 12, 1), date(2025, 12, 31))
        total = rows[0].to_json()
        assert (total["received"], total["accepted"], total["not_accepted"], total["qualified"]) == (
            2,
            1,
            1,
            1,
        )
        assert total["entities_new"] == 1 and total["entered_fast_channel"] == 1
        assert (
            total["rates"]["pass_rate"]["percent"] == 100.0
            and total["rates"]["acceptance"]["percent"] == 50.0
        )
        assert total["mean_review_working_days"] == 3.0  # received Monday 12-01, concluded Thursday 12-04
        grant_rows = reports.statistics(db, date(2026, 2, 1), date(2026, 2, 28))
        assert grant_rows[0].counts["granted"] == 1 and grant_rows[0].means["grant_cycle_days"] == 60
        book = load_workbook(io.BytesIO(reports.to_xlsx(rows, date(2025, 12, 1), date(2025, 12, 31))))
        assert book["预审统计"]["A1"].value == "保护中心" and book["口径"]["B3"].value.startswith(
            "合格量 / 受理量"
        )
        case, centre = cases.load(db, w.who("applicant"), granted)
        plan = pph.plan(cases.case_view(db, w.who("applicant"), case, centre, documents=False),
                        cases.current_text(db, case, "claims"))  # fmt: skip
        assert len(plan["correspondence"]) == len(real_application(data_dir)["claims"])
        assert {p["office"] for p in plan["partners"]} >= {"USPTO", "JPO", "KIPO", "EPO"}
        assert [c["key"] for c in plan["checklist"]][:2] == ["ole_application", "allowable_claims"]


def test_automatic_assignment_by_field_then_load(world: World, data_dir: Path) -> None:
    w = world
    first = filed_case(w, data_dir)
    with w.database.session() as db:
        review.assign(db, w.who("centre_admin"), first, w.who("examiner2").user_id, ON)
        review.conclude(
            db, w.who("examiner2"), first, False, "FORM", "申请文件不符合要求", ON
        )  # no longer active
    second = filed_case(w, data_dir)
    third = filed_case(w, data_dir)
    with w.database.session() as db:
        # examiner2 has reviewed a 装备制造 case: it gets the next one although both examiners are idle
        assert (
            review.assign(db, w.who("centre_admin"), second, None, ON).assigned_examiner_id
            == w.who("examiner2").user_id
        )
        # field first: examiner2 still the only one with 装备制造 experience, so it takes the third as well
        third_case = review.assign(db, w.who("centre_admin"), third, None, ON)
        assert third_case.assigned_examiner_id == w.who("examiner2").user_id
