"""The review: assignment, opinions and answers (rounds limited by the centre), conclusions, the formal filing
with CNIPA (申请号 back-filled, check character validated) and later CNIPA events. Every deadline is counted
with the centre's day type on the official calendar; a setting the centre has not entered stops the step
with a message saying which one.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipcenter.accounts.models import User
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import Role
from ipcenter.core.numbers import parse_cn_application_number
from ipcenter.errors import Conflict, InvalidValue, NotFound
from ipcenter.holiday_calendar import load_calendar
from ipcenter.prexam import access, centres, notices
from ipcenter.prexam.cases import examiners_of, load, move, record
from ipcenter.prexam.tables import Case, CnipaEvent, Opinion

CATEGORIES = {"形式": "formal", "实质": "substantive", "formal": "formal", "substantive": "substantive"}
# A defect cites the law by its 2023 numbering: the Patent Law (2020 amendment), its Implementing Rules
# (2023) or the Guidelines (2023).
_BASIS = re.compile(
    r"(专利法(实施细则)?第[一二三四五六七八九十百零〇]+条|专利审查指南|Patent Law|Implementing Rules|Guidelines)"
)
ACTIVE = ("accepted", "under_review", "awaiting_response", "answered")
CNIPA_KINDS = {"office_action": None, "publication": None, "grant": "record_grant", "rejection": "record_rejection",
               "withdrawal": "record_withdrawal"}  # fmt: skip


def _profile_for(db: Session, case: Case, on: date) -> Any:
    from ipcenter.prexam.tables import Centre

    centre = db.get(Centre, case.centre_id)
    assert centre is not None
    return centres.profile_on(db, centre, on)


def assign(db: Session, principal: Principal, case_id: int, examiner_id: int | None, on: date) -> Case:
    """Assign an accepted case: to the examiner named, or (None) by field and load: examiners who have reviewed
    cases of the case's field first, the one with the fewest active cases among them. Centre admins assign
    anyone; an examiner may take an unassigned case for themself."""
    case, centre = load(db, principal, case_id)
    if principal.role is Role.pre_examiner:
        access.require_centre_staff(principal, centre)
        if examiner_id not in (None, principal.user_id) or case.assigned_examiner_id is not None:
            raise Conflict("an examiner takes unassigned cases for themself; the centre's admins reassign")
        examiner_id = principal.user_id
    else:
        access.require_centre_admin(principal, centre)
    staff = examiners_of(db, centre)
    if not staff:
        raise Conflict(f"{centre.name} has no active examiner account")
    if examiner_id is None:
        load_by = dict(db.execute(
            select(Case.assigned_examiner_id, func.count(Case.id))
            .where(Case.centre_id == centre.id, Case.state.in_(ACTIVE))
            .group_by(Case.assigned_examiner_id)
        ).all())  # fmt: skip
        # Examiners who have reviewed cases of this field before come first; among them the least loaded.
        seasoned = set(db.scalars(
            select(Case.assigned_examiner_id).where(Case.centre_id == centre.id, Case.field == case.field,
                                                    Case.id != case.id, Case.assigned_examiner_id.is_not(None))
        ))  # fmt: skip
        examiner_id = min(staff, key=lambda u: (u.id not in seasoned, load_by.get(u.id, 0), u.id)).id
    if examiner_id not in {u.id for u in staff}:
        raise NotFound(f"no examiner {examiner_id} at {centre.name}")
    if case.state == "accepted":
        move(db, case, principal, "start_review", {"examiner_id": examiner_id})
    elif case.state not in ACTIVE:
        raise Conflict(f"a {case.state} case is not assigned")
    else:
        record(db, case, principal, "reassign", case.state, {"examiner_id": examiner_id})
    case.assigned_examiner_id = examiner_id
    return case


def check_defects(defects: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Each defect: category 形式|实质, location, legal basis (2023 numbering), explanation."""
    if not defects:
        raise InvalidValue("an opinion lists at least one defect")
    out = []
    for i, d in enumerate(defects, 1):
        category = CATEGORIES.get(str(d.get("category", "")).strip())
        if category is None:
            raise InvalidValue(f"defect {i}: category must be 形式 (formal) or 实质 (substantive)")
        basis, location, explanation = (
            str(d.get(k, "")).strip() for k in ("basis", "location", "explanation")
        )
        if not location or not explanation:
            raise InvalidValue(f"defect {i}: give where it is (location) and what is wrong (explanation)")
        if not _BASIS.search(basis):
            raise InvalidValue(
                f"defect {i}: the legal basis must cite 专利法/专利法实施细则 (2023 numbering, e.g. 专利法实施细则第二十二条) or 专利审查指南"
            )
        out.append({"category": "形式" if category == "formal" else "实质", "location": location, "basis": basis,
                    "explanation": explanation})  # fmt: skip
    return out


def send_opinion(
    db: Session, principal: Principal, case_id: int, defects: list[dict[str, Any]], summary: str, on: date
) -> Opinion:
    case, centre = load(db, principal, case_id)
    access.require_examiner(principal, case, centre)
    profile = _profile_for(db, case, on)
    max_rounds = int(profile.setting("max_rounds").require("max_rounds"))
    if case.round >= max_rounds:
        raise Conflict(f"the centre allows {max_rounds} opinion round(s); conclude the case instead")
    days = int(profile.setting("response_days").require("response_days"))
    day_type = str(profile.value("response_day_type"))
    due = load_calendar().add_days(on, days, day_type)
    checked = check_defects(defects)
    case.round += 1
    opinion = Opinion(case_id=case.id, round=case.round, defects=json.dumps(checked, ensure_ascii=False),
                      summary=summary.strip(), sent_by=principal.user_id, sent_on=on, response_due=due)  # fmt: skip
    db.add(opinion)
    db.flush()
    move(db, case, principal, "send_opinion", {"opinion_id": opinion.id, "response_due": due.isoformat()})
    case.response_due = due
    rule = f"{days} 个{'工作日' if day_type == 'working' else '日'}"
    notices.issue(db, case, profile, "opinion", on, due,
                  {"round": case.round, "defects": checked, "summary": summary.strip(), "deadline_rule": rule})  # fmt: skip
    return opinion


def answer(db: Session, principal: Principal, case_id: int, text: str, on: date) -> Opinion:
    """The applicant's answer to the open opinion (its amended documents are uploaded to this round first)."""
    case, _centre = load(db, principal, case_id)
    access.require_applicant(principal, case)
    opinion = db.scalar(select(Opinion).where(Opinion.case_id == case.id, Opinion.round == case.round))
    if opinion is None or case.state != "awaiting_response":
        raise Conflict(f"{case.number} awaits no answer")
    if case.response_due and on > case.response_due:
        raise Conflict(f"the answer was due on {case.response_due.isoformat()}")
    if not text.strip():
        raise InvalidValue("the answer needs an opinion statement (意见陈述), even with amended documents")
    opinion.answer, opinion.answered_on, opinion.answered_by = text.strip(), on, principal.user_id
    move(db, case, principal, "answer", {"answer_id": opinion.id})
    case.response_due = None
    return opinion


def resume(db: Session, principal: Principal, case_id: int) -> Case:
    case, centre = load(db, principal, case_id)
    access.require_examiner(principal, case, centre)
    move(db, case, principal, "resume_review", {})
    return case


def conclude(
    db: Session, principal: Principal, case_id: int, qualified: bool, reason_code: str, reason: str, on: date
) -> Case:
    """预审合格 (with the formal-filing deadline) or 预审不合格 (reason code and text)."""
    case, centre = load(db, principal, case_id)
    access.require_examiner(principal, case, centre)
    profile = _profile_for(db, case, on)
    if qualified:
        days = int(profile.setting("formal_filing_days").require("formal_filing_days"))
        day_type = str(profile.value("formal_filing_day_type"))
        due = load_calendar().add_days(on, days, day_type)
        move(db, case, principal, "qualify", {"filing_due": due.isoformat()})
        case.filing_due, case.reason_code, case.reason_text = due, "qualified", reason.strip()
        rule = f"{days} 个{'工作日' if day_type == 'working' else '日'}（{profile.setting('formal_filing_days').shown()}）"
        notices.issue(db, case, profile, "qualified", on, due, {"deadline_rule": rule})
    else:
        code = reason_code.strip()
        if not code or not reason.strip():
            raise InvalidValue("预审不合格 needs a reason code and its text")
        move(db, case, principal, "disqualify", {"reason_code": code, "reason": reason.strip()})
        case.reason_code, case.reason_text = code[:40], reason.strip()
        notices.issue(
            db, case, profile, "not_qualified", on, None, {"reason_code": code, "reason": reason.strip()}
        )
    case.concluded_on = on
    return case


def record_filing(db: Session, principal: Principal, case_id: int, number: str, filing_date: date) -> Case:
    """Back-fill the CNIPA application number (check character validated) and filing date; late filings are
    flagged (the fast channel may be lost), not refused."""
    case, _centre = load(db, principal, case_id)
    access.require_applicant(principal, case)
    parsed = parse_cn_application_number(number)
    expected = {"invention": "1", "utility_model": "2", "design": "3"}[case.patent_type]
    if parsed.type_digit != expected:
        raise InvalidValue(f"{parsed.canonical} is a {parsed.patent_type} number (type digit {parsed.type_digit}); "
                           f"this case is a {case.patent_type} (type digit {expected})")  # fmt: skip
    if parsed.year != filing_date.year:
        raise InvalidValue(
            f"{parsed.canonical} was given in {parsed.year}, but the filing date is {filing_date}"
        )
    if case.concluded_on and filing_date < case.concluded_on:
        raise InvalidValue(
            f"the filing date {filing_date} is before the pre-examination passed ({case.concluded_on})"
        )
    if db.scalar(
        select(Case.id).where(Case.cnipa_application_number == parsed.canonical, Case.id != case.id)
    ):
        raise Conflict(f"{parsed.canonical} is recorded for another case")
    move(db, case, principal, "record_filing", {"application_number": parsed.canonical,
                                               "filing_date": filing_date.isoformat()})  # fmt: skip
    case.cnipa_application_number, case.filing_date = parsed.canonical, filing_date
    case.filed_late = case.filing_due is not None and filing_date > case.filing_due
    return case


def record_cnipa_event(
    db: Session, principal: Principal, case_id: int, kind: str, on: date, note: str = ""
) -> CnipaEvent:
    """A CNIPA event of a filed case: an office action gets the fast track's shortened deadline."""
    case, centre = load(db, principal, case_id)
    if principal.organisation_id == centre.organisation_id:
        access.require_centre_staff(principal, centre)
    else:
        access.require_applicant(principal, case)
    if kind not in CNIPA_KINDS:
        raise InvalidValue(f"CNIPA event kind must be one of {', '.join(CNIPA_KINDS)}")
    if case.state != "filed":
        raise Conflict(f"CNIPA events are recorded for filed cases; {case.number} is {case.state}")
    if case.filing_date and on < case.filing_date:
        raise InvalidValue(f"the event date {on} is before the filing date {case.filing_date}")
    deadline = None
    if kind == "office_action":
        profile = _profile_for(db, case, on)
        days = int(profile.setting("cnipa_first_action_days").require("cnipa_first_action_days"))
        deadline = load_calendar().add_days(on, days, "calendar")
    if kind == "publication":
        case.published_on = on
    action = CNIPA_KINDS[kind]
    if action is not None:
        move(db, case, principal, action, {"event_date": on.isoformat()})
        case.cnipa_outcome = {"grant": "granted", "rejection": "rejected", "withdrawal": "withdrawn"}[kind]
        case.cnipa_concluded_on = on
    else:
        record(db, case, principal, f"cnipa_{kind}", case.state, {"on": on.isoformat(), "deadline": deadline})
    event = CnipaEvent(case_id=case.id, kind=kind, event_date=on, deadline=deadline, note=note.strip(),
                       recorded_by=principal.user_id)  # fmt: skip
    db.add(event)
    db.flush()
    return event


def sweep_overdue(db: Session, on: date, centre_id: int | None = None) -> list[str]:
    """Cases whose answer is overdue on ``on`` get the centre's overdue outcome (a system action); a centre
    without that setting keeps them waiting and is listed, so an admin can enter it."""
    done = []
    statement = select(Case).where(Case.state == "awaiting_response", Case.response_due < on)
    if centre_id is not None:
        statement = statement.where(Case.centre_id == centre_id)
    for case in db.scalars(statement):
        outcome = _profile_for(db, case, on).value("overdue_outcome")
        if outcome == "deemed_abandoned":
            move(db, case, None, "deem_abandoned", {"reason": f"答复期限 {case.response_due} 届满未答复"})
        elif outcome == "not_qualified":
            move(db, case, None, "overdue_disqualify", {"reason_code": "overdue"})
            case.reason_code, case.reason_text = "overdue", f"答复期限 {case.response_due} 届满未答复"
        else:
            done.append(f"{case.number}: overdue, but the centre's overdue_outcome is not set (UNCONFIRMED)")
            continue
        case.concluded_on = on
        done.append(f"{case.number}: {case.state}")
    return done


def opinions_of(db: Session, case: Case) -> list[dict[str, Any]]:
    rows = db.scalars(select(Opinion).where(Opinion.case_id == case.id).order_by(Opinion.round))
    out = []
    for o in rows:
        sender = db.get(User, o.sent_by) if o.sent_by else None
        out.append({"round": o.round, "defects": json.loads(o.defects), "summary": o.summary,
                    "sent_on": o.sent_on.isoformat(), "sent_by": sender.email if sender else None,
                    "response_due": o.response_due.isoformat(), "answer": o.answer,
                    "answered_on": o.answered_on.isoformat() if o.answered_on else None})  # fmt: skip
    return out


def cnipa_events_of(db: Session, case: Case) -> list[dict[str, Any]]:
    rows = db.scalars(select(CnipaEvent).where(CnipaEvent.case_id == case.id).order_by(CnipaEvent.event_date))
    return [{"kind": e.kind, "on": e.event_date.isoformat(), "deadline": e.deadline.isoformat() if e.deadline else None,
             "note": e.note} for e in rows]  # fmt: skip


def grant_cycle_days(case: Case) -> int | None:
    """Filing → grant in days (the fast track's grant cycle)."""
    if case.cnipa_outcome != "granted" or not case.filing_date or not case.cnipa_concluded_on:
        return None
    return (case.cnipa_concluded_on - case.filing_date).days
