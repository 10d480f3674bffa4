"""Rights-protection cases (快速维权): complaints and reports (举报投诉), dispute mediation (纠纷调解),
rights-protection assistance (维权援助) routed to a district sub-centre, and the cases of special
enforcement actions (专项行动). Each kind has its states; each state that waits on the authority has a
working-day timer on the official holiday calendar (the pre-examination domain's loader, `core.workdays`).
A closed case proposed as typical is published after a reviewer's approval, with personal data removed.

Time limits are parameters: the values below follow the market-regulation complaint rules as commonly
cited (complaint acceptance in 7 working days, report verification in 15) and are UNCONFIRMED here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts import policy
from ipcenter.accounts.errors import Forbidden
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import Role
from ipcenter.core.workdays import CalendarNotPublished
from ipcenter.errors import Conflict, InvalidValue, NotFound
from ipcenter.holiday_calendar import load_calendar
from ipcenter.platform.database import utcnow
from ipcenter.protection.tables import CaseEvent, EnforcementAction, ProtectionCase

OBJECT = "protection_case"
KINDS = ("complaint", "report", "mediation", "assistance", "enforcement")
KIND_LABELS = {"complaint": ("投诉", "complaint"), "report": ("举报", "report"), "mediation": ("纠纷调解", "mediation"),
               "assistance": ("维权援助", "assistance"), "enforcement": ("专项行动案件", "enforcement case")}  # fmt: skip


@dataclass(frozen=True)
class Step:
    to: str
    working_days: int | None = None  # the timer of the state entered (None: no timer)


#: kind → state → the states it may move to (with the new state's timer). The first state is the intake's.
MACHINES: dict[str, dict[str, tuple[Step, ...]]] = {
    "complaint": {"received": (Step("accepted", 60), Step("rejected")), "accepted": (Step("closed"),),
                  "rejected": (), "closed": ()},
    "report": {"received": (Step("verifying", 15), Step("rejected")), "verifying": (Step("closed"),),
               "rejected": (), "closed": ()},
    "mediation": {"received": (Step("mediating", 30), Step("rejected")),
                  "mediating": (Step("agreed"), Step("failed")), "agreed": (), "failed": (), "rejected": ()},
    "assistance": {"received": (Step("routed", 5),), "routed": (Step("assisting", 20),),
                   "assisting": (Step("closed"),), "closed": ()},
    "enforcement": {"received": (Step("investigating", 60),), "investigating": (Step("penalised"), Step("closed")),
                    "penalised": (Step("closed"),), "closed": ()},
}  # fmt: skip
INTAKE_DAYS = {"complaint": 7, "report": 15, "mediation": 10, "assistance": 5, "enforcement": 10}
CLOSED = frozenset({"closed", "rejected", "agreed", "failed", "penalised"})
HANDLERS = frozenset({Role.bureau_admin, Role.pre_examiner})  # the bureau and the protection centre's staff
#: What is taken out of a published summary: phone numbers, e-mail addresses, ID-card and USCC numbers.
_PERSONAL = (
    (re.compile(r"1[3-9]\d{9}"), "[电话]"),
    (re.compile(r"0\d{2,3}-?\d{7,8}"), "[电话]"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[邮箱]"),
    (re.compile(r"\d{17}[\dXx]"), "[证件号]"),
    (re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}"), "[信用代码]"),
)


def _deadline(start: date, working_days: int | None, data: Path | None) -> date | None:
    """The timer's end; None when the state has no timer, or when it would run past the last published
    holiday schedule (it is never guessed: the timer starts once the next year's schedule is entered)."""
    if working_days is None:
        return None
    try:
        return load_calendar(data).add_working_days(start, working_days)
    except CalendarNotPublished:
        return None


def _visible(who: Principal, case: ProtectionCase) -> None:
    if who.role in HANDLERS:
        return
    policy.require_visible(who, OBJECT, case.organisation_id, case.id)


def get_case(db: Session, who: Principal, case_id: int) -> ProtectionCase:
    case = db.get(ProtectionCase, case_id)
    if case is None:
        raise NotFound(f"no protection case {case_id}")
    _visible(who, case)
    return case


def open_case(
    db: Session, who: Principal, *, kind: str, title: str, description: str = "", ip_type: str = "",
    counterparty: str = "", contact: str = "", sub_centre: str = "", action_id: int | None = None,
    today: date | None = None, data: Path | None = None,
) -> ProtectionCase:  # fmt: skip
    if kind not in KINDS:
        raise InvalidValue(f"case kind must be one of {', '.join(KINDS)}")
    if who.organisation_id is None:
        raise InvalidValue("a case is filed by an organisation: this account has none")
    if not title.strip():
        raise InvalidValue("a case needs a title")
    if kind == "assistance" and not sub_centre.strip():
        raise InvalidValue("an assistance request is routed to a district sub-centre: name it (sub_centre)")
    if action_id is not None and db.get(EnforcementAction, action_id) is None:
        raise NotFound(f"no enforcement action {action_id}")
    opened = today or date.today()
    case = ProtectionCase(
        organisation_id=who.organisation_id, kind=kind, state="received", title=title.strip()[:300],
        description=description, ip_type=ip_type, counterparty=counterparty[:300], contact=contact[:300],
        sub_centre=sub_centre.strip()[:100], action_id=action_id, opened_on=opened,
        due_on=_deadline(opened, INTAKE_DAYS[kind], data), created_by=who.user_id,
    )  # fmt: skip
    db.add(case)
    db.flush()
    db.add(CaseEvent(case_id=case.id, state_to="received", actor=who.email, note="intake"))
    return case


def move(db: Session, who: Principal, case_id: int, to: str, note: str = "", *, today: date | None = None,
         data: Path | None = None) -> ProtectionCase:  # fmt: skip
    """Move a case to its next state (handlers only); the new state's timer starts today."""
    case = get_case(db, who, case_id)
    if who.role not in HANDLERS:
        raise Forbidden("only the bureau or the protection centre moves a case")
    steps = {s.to: s for s in MACHINES[case.kind].get(case.state, ())}
    if to not in steps:
        allowed = ", ".join(steps) or "none (the case is closed)"
        raise Conflict(f"a {case.kind} case in state {case.state} can go to: {allowed}")
    day = today or date.today()
    db.add(CaseEvent(case_id=case.id, state_from=case.state, state_to=to, note=note, actor=who.email))
    case.state = to
    case.due_on = _deadline(day, steps[to].working_days, data)
    db.flush()
    return case


def redact(text: str, names: list[str]) -> str:
    """Personal data out: the named people/companies and phone, e-mail, ID and credit-code numbers."""
    for name in sorted({n for n in names if n and len(n) >= 2}, key=len, reverse=True):
        text = text.replace(name, "某" if len(name) <= 4 else "某公司")
    for pattern, replacement in _PERSONAL:
        text = pattern.sub(replacement, text)
    return text


def propose_typical(db: Session, who: Principal, case_id: int) -> ProtectionCase:
    case = get_case(db, who, case_id)
    if case.state not in CLOSED:
        raise Conflict("only a concluded case can be proposed as a typical case")
    case.typical = True
    return case


def publish(
    db: Session, who: Principal, case_id: int, title: str, summary: str, hide: list[str]
) -> ProtectionCase:
    """A reviewer (bureau admin) publishes a typical case: the text is stripped of the names given, the
    counterparty and the contact, and of phone/e-mail/ID numbers, before it is stored as published."""
    case = get_case(db, who, case_id)
    if who.role is not Role.bureau_admin:
        raise Forbidden("typical cases are reviewed and published by a bureau admin")
    if not case.typical:
        raise Conflict("propose the case as typical first (after it is concluded)")
    names = [*hide, case.counterparty, case.contact]
    case.published_title = redact(title.strip() or case.title, names)[:300]
    case.published_summary = redact(summary.strip() or case.description, names)
    case.published_at = utcnow()
    case.reviewed_by = who.user_id
    return case


def case_view(
    case: ProtectionCase, today: date | None = None, events: list[CaseEvent] | None = None
) -> dict[str, Any]:
    day = today or date.today()
    view: dict[str, Any] = {
        "id": case.id, "kind": case.kind, "kind_label": KIND_LABELS[case.kind][0], "state": case.state,
        "title": case.title, "description": case.description, "ip_type": case.ip_type,
        "counterparty": case.counterparty, "contact": case.contact, "sub_centre": case.sub_centre,
        "action_id": case.action_id, "organisation_id": case.organisation_id,
        "opened_on": case.opened_on.isoformat(), "due_on": case.due_on.isoformat() if case.due_on else None,
        "overdue": bool(case.due_on and case.state not in CLOSED and day > case.due_on),
        "typical": case.typical, "published": case.published_at is not None,
        "next_states": [s.to for s in MACHINES[case.kind].get(case.state, ())],
    }  # fmt: skip
    if events is not None:
        view["events"] = [{"at": e.at.isoformat(timespec="seconds"), "from": e.state_from, "to": e.state_to,
                           "note": e.note, "actor": e.actor} for e in events]  # fmt: skip
    return view


def case_events(db: Session, case_id: int) -> list[CaseEvent]:
    return list(db.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)))


def list_cases(db: Session, who: Principal) -> list[dict[str, Any]]:
    statement = select(ProtectionCase)
    if who.role not in HANDLERS:
        statement = policy.own_rows(who, OBJECT, statement, ProtectionCase.organisation_id)
    return [case_view(c) for c in db.scalars(statement.order_by(ProtectionCase.id.desc()).limit(500))]


def published_cases(db: Session) -> list[dict[str, Any]]:
    """The public page: only what the reviewer published (never the case's own fields)."""
    rows = db.scalars(select(ProtectionCase).where(ProtectionCase.published_at.is_not(None))
                      .order_by(ProtectionCase.published_at.desc()))  # fmt: skip
    return [{"id": c.id, "kind": c.kind, "kind_label": KIND_LABELS[c.kind][0], "title": c.published_title,
             "summary": c.published_summary, "published_at": c.published_at.isoformat(timespec="seconds")
             if c.published_at else None} for c in rows]  # fmt: skip


def add_action(db: Session, who: Principal, name: str, region: str = "", starts_on: date | None = None,
               ends_on: date | None = None, description: str = "") -> EnforcementAction:  # fmt: skip
    if who.organisation_id is None:
        raise InvalidValue("an enforcement action is run by an organisation (the bureau)")
    if not name.strip():
        raise InvalidValue("an enforcement action needs a name")
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidValue("an action cannot end before it starts")
    action = EnforcementAction(organisation_id=who.organisation_id, name=name.strip()[:200], region=region,
                               starts_on=starts_on, ends_on=ends_on, description=description)  # fmt: skip
    db.add(action)
    db.flush()
    return action


def list_actions(db: Session) -> list[dict[str, Any]]:
    counts: dict[int, int] = {}
    for action_id in db.scalars(
        select(ProtectionCase.action_id).where(ProtectionCase.action_id.is_not(None))
    ):
        if action_id is not None:
            counts[action_id] = counts.get(action_id, 0) + 1
    return [{"id": a.id, "name": a.name, "region": a.region, "starts_on": a.starts_on.isoformat() if a.starts_on else None,
             "ends_on": a.ends_on.isoformat() if a.ends_on else None, "description": a.description,
             "cases": counts.get(a.id, 0)} for a in db.scalars(select(EnforcementAction).order_by(EnforcementAction.id))]  # fmt: skip
