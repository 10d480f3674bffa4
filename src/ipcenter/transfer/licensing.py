"""Open licensing (专利开放许可): declarations, the rule-18 checks before acceptance, announcement,
withdrawal with every co-owner's consent, licensees' notices and payments, listings and the fee estimator.

A declaration's life is a state table (`TRANSITIONS`): it is *checked* (accepted or refused, with every
failure explained), *announced* on the date CNIPA announced it (the check runs again on that date), and may
be withdrawn: a withdrawal needs each co-owner's recorded consent and a reason, and takes effect on the day
its announcement is recorded. Licences taken before that day are unaffected (专利法 Art 50); a licensee's
written notice dated on or after it is refused. A licence is taken by the licensee's notice and becomes
active with its first payment (Art 51).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts.models import Organisation
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import Role
from ipcenter.corpus.store import Corpus
from ipcenter.errors import Conflict, InvalidValue, NotFound
from ipcenter.platform.database import utcnow
from ipcenter.transfer import access, licensees, listings, patents, rule18, settings
from ipcenter.transfer.tables import (
    CoOwnerConsent,
    LicenceDeclaration,
    LicenceStep,
    PatentFact,
)

STATES: dict[str, tuple[str, str]] = {
    "draft": ("草稿", "draft"),
    "refused": ("未通过审查", "refused by the checks"),
    "accepted": ("已受理·待公告", "accepted, awaiting announcement"),
    "announced": ("已公告·许可中", "announced: open for licensees"),
    "withdrawal_pending": ("撤回申请中", "withdrawal requested (in force until announced)"),
    "withdrawn": ("已撤回", "withdrawn"),
}


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    to: str


TRANSITIONS: tuple[Transition, ...] = (
    Transition("draft", "check", "accepted|refused"),
    Transition("refused", "check", "accepted|refused"),
    Transition("accepted", "check", "accepted|refused"),
    Transition("accepted", "announce", "announced"),
    Transition("announced", "request_withdrawal", "withdrawal_pending"),
    Transition("withdrawal_pending", "cancel_withdrawal", "announced"),
    Transition("withdrawal_pending", "announce_withdrawal", "withdrawn"),
)
EDITABLE = frozenset({"draft", "refused", "accepted"})


def transition_for(state: str, action: str) -> Transition:
    for t in TRANSITIONS:
        if t.state == state and t.action == action:
            return t
    allowed = [t.action for t in TRANSITIONS if t.state == state]
    raise Conflict(
        f"cannot {action} a declaration that is {state} ({STATES[state][0]}): allowed now: "
        f"{', '.join(allowed) or 'nothing'}"
    )


def _step(
    db: Session, principal: Principal, row: LicenceDeclaration, action: str, to: str, note: str = ""
) -> None:
    db.add(
        LicenceStep(
            organisation_id=row.organisation_id,
            licence_id=row.id,
            action=action,
            from_state=row.state,
            to_state=to,
            note=note[:4000],
            user_id=principal.user_id,
            actor=principal.email,
        )
    )
    row.state = to
    row.updated_at = utcnow()


# --------------------------------------------------------------------------- facts and the check


def add_fact(
    db: Session,
    principal: Principal,
    corpus: Corpus | None,
    number: str,
    kind: str,
    start_on: date | None,
    end_on: date | None,
    detail: str,
) -> PatentFact:
    """Record a fact about a patent for the checks (kept under the corpus's publication number)."""
    if principal.organisation_id is None:
        raise Conflict("facts are recorded for an organisation, and this account has none")
    if kind not in rule18.FACT_KINDS:
        raise InvalidValue(f"unknown fact {kind!r}: one of {', '.join(rule18.FACT_KINDS)}")
    if start_on and end_on and end_on < start_on:
        raise InvalidValue(f"the fact ends ({end_on}) before it starts ({start_on})")
    if kind == "annuity_paid_until" and end_on is None:
        raise InvalidValue("annuity_paid_until needs end_on: the day annuities are paid up to")
    number = _canonical_number(corpus, number)
    row = PatentFact(
        organisation_id=principal.organisation_id,
        publication_number=number,
        kind=kind,
        start_on=start_on,
        end_on=end_on,
        detail=detail.strip()[:2000],
        created_by=principal.user_id,
    )
    db.add(row)
    db.flush()
    return row


def _canonical_number(corpus: Corpus | None, number: str) -> str:
    number = number.strip().upper().replace(" ", "")
    if not number:
        raise InvalidValue("give a publication number")
    if corpus is not None:
        try:
            return patents.find_patent(corpus, number, date.today()).publication_number
        except (NotFound, InvalidValue):
            pass
    return number


def facts_for(
    db: Session, number: str, organisation_id: int | None, *, every_organisation: bool = False
) -> list[rule18.Fact]:
    statement = select(PatentFact).where(PatentFact.publication_number == number)
    if not every_organisation:
        statement = statement.where(PatentFact.organisation_id == organisation_id)
    return [
        rule18.Fact(f.kind, f.start_on, f.end_on, f.detail)
        for f in db.scalars(statement.order_by(PatentFact.id))
    ]


def fact_view(row: PatentFact) -> dict[str, Any]:
    return {
        "id": row.id,
        "publication_number": row.publication_number,
        "kind": row.kind,
        "start_on": row.start_on.isoformat() if row.start_on else None,
        "end_on": row.end_on.isoformat() if row.end_on else None,
        "detail": row.detail,
    }


def check_number(
    db: Session | None,
    corpus: Corpus | None,
    number: str,
    as_of: date,
    *,
    organisation_id: int | None = None,
    every_organisation: bool = False,
    declaration: rule18.Declaration | None = None,
) -> rule18.Verdict:
    """The rule-18 verdict for ``number`` on ``as_of``: the corpus's facts, the recorded facts (of
    ``organisation_id``, or of every organisation for the operator) and, given one, a declaration's fields."""
    facts: patents.PatentFacts | None = None
    if corpus is not None:
        try:
            facts = patents.find_patent(corpus, number, as_of)
        except NotFound:
            facts = None
    canonical = facts.publication_number if facts else number.strip().upper().replace(" ", "")
    recorded = facts_for(db, canonical, organisation_id, every_organisation=every_organisation) if db else []
    guidance = settings.current(db, "fee_guidance")
    case = rule18.LicenceCase(
        canonical, as_of, facts, recorded, declaration, dict(guidance.value), guidance.source
    )
    return rule18.check(case, list(settings.current(db, "licence_rules").value))


# --------------------------------------------------------------------------- declarations


def declaration_of(row: LicenceDeclaration) -> rule18.Declaration:
    return rule18.Declaration(
        patentees=json.loads(row.patentees or "[]"),
        payment_method=row.payment_method,
        fee_fixed=row.fee_fixed,
        royalty_sales_pct=row.royalty_sales_pct,
        royalty_profit_pct=row.royalty_profit_pct,
        term_from=row.term_from,
        term_to=row.term_to,
        evaluation_report=row.evaluation_report,
    )


DECLARATION_FIELDS = (
    "patentees",
    "payment_method",
    "fee_fixed",
    "royalty_sales_pct",
    "royalty_profit_pct",
    "fee_text",
    "term_from",
    "term_to",
    "evaluation_report",
    "scenario",
    "industry",
    "region",
    "products",
)


def _set_fields(row: LicenceDeclaration, fields: dict[str, Any]) -> None:
    unknown = [k for k in fields if k not in DECLARATION_FIELDS]
    if unknown:
        raise InvalidValue(f"unknown declaration fields {', '.join(unknown)}")
    for key, value in fields.items():
        if key == "patentees":
            names = [" ".join(str(n).split()) for n in value or [] if str(n).strip()]
            row.patentees = json.dumps(list(dict.fromkeys(names)), ensure_ascii=False)
        elif key in ("term_from", "term_to"):
            setattr(row, key, patents.parse_day(value, key) if value else None)
        elif key in ("fee_fixed", "royalty_sales_pct", "royalty_profit_pct"):
            if value is not None and (not isinstance(value, int | float) or value < 0):
                raise InvalidValue(f"{key} is a number ≥ 0")
            setattr(row, key, None if value is None else float(value))
        else:
            setattr(row, key, str(value or "").strip())


def declare(
    db: Session, principal: Principal, corpus: Corpus | None, number: str, fields: dict[str, Any]
) -> LicenceDeclaration:
    """A draft declaration of the principal's organisation for a patent (the patentees default to the
    corpus's current patentees)."""
    if principal.organisation_id is None or principal.role not in (Role.member, Role.org_admin):
        raise Conflict("a patentee's member or admin declares an open licence")
    facts = None
    if corpus is not None:
        try:
            facts = patents.find_patent(corpus, number, date.today())
        except NotFound:
            facts = None
    pn = facts.publication_number if facts else number.strip().upper()
    if not pn:
        raise InvalidValue("give the patent's publication number")
    live = db.scalars(
        select(LicenceDeclaration).where(
            LicenceDeclaration.publication_number == pn,
            LicenceDeclaration.state.in_(["accepted", "announced", "withdrawal_pending"]),
        )
    ).first()
    if live is not None:
        raise Conflict(f"{pn} already has a declaration in force or accepted (#{live.id})")
    row = LicenceDeclaration(
        organisation_id=principal.organisation_id,
        publication_number=pn,
        application_number=(facts.application_number or "") if facts else "",
        title=facts.title if facts else "",
        patent_type=(facts.patent_type or "") if facts else "",
        main_ipc=facts.main_ipc if facts else "",
        ipc="; ".join(facts.ipc) if facts else "",
        payment_method=str(fields.get("payment_method") or ""),
        created_by=principal.user_id,
        region=" ".join(p for p in (facts.province, facts.city) if p) if facts else "",
    )
    _set_fields(row, {"patentees": facts.patentees if facts else [], **fields})
    db.add(row)
    db.flush()
    _step(db, principal, row, "declare", "draft")
    return row


def get(db: Session, principal: Principal, licence_id: int) -> LicenceDeclaration:
    return access.require_licence(principal, db.get(LicenceDeclaration, licence_id), licence_id)


def _own(principal: Principal, row: LicenceDeclaration) -> None:
    access.require_own(principal, "licence", row.organisation_id, row.id)


def edit(
    db: Session, principal: Principal, row: LicenceDeclaration, fields: dict[str, Any]
) -> LicenceDeclaration:
    _own(principal, row)
    if row.state not in EDITABLE:
        raise Conflict(
            f"a declaration that is {STATES[row.state][0]} is not edited: withdraw it and declare anew"
        )
    _set_fields(row, fields)
    if row.state == "accepted":
        _step(db, principal, row, "edit", "draft", "changed after acceptance: check again")
    row.updated_at = utcnow()
    return row


def run_check(
    db: Session, principal: Principal, corpus: Corpus | None, row: LicenceDeclaration, as_of: date
) -> rule18.Verdict:
    """The rule-18 check of a declaration: accepted when nothing blocks, else refused with the reasons."""
    _own(principal, row)
    transition_for(row.state, "check")
    verdict = check_number(
        db,
        corpus,
        row.publication_number,
        as_of,
        organisation_id=row.organisation_id,
        declaration=declaration_of(row),
    )
    row.last_check = json.dumps(verdict.to_dict(), ensure_ascii=False)
    to = "accepted" if verdict.allowed else "refused"
    _step(db, principal, row, "check", to, "; ".join(f.message for f in verdict.reasons))
    return verdict


def announce(
    db: Session, principal: Principal, corpus: Corpus | None, row: LicenceDeclaration, on: date
) -> LicenceDeclaration:
    """Record CNIPA's announcement (公告) date: the checks run again on that day and must pass."""
    _own(principal, row)
    transition_for(row.state, "announce")
    verdict = check_number(
        db,
        corpus,
        row.publication_number,
        on,
        organisation_id=row.organisation_id,
        declaration=declaration_of(row),
    )
    if not verdict.allowed:
        raise Conflict(
            "not announced: on " + on.isoformat() + " " + "; ".join(f.message for f in verdict.reasons)
        )
    row.announced_on = on
    row.last_check = json.dumps(verdict.to_dict(), ensure_ascii=False)
    _step(db, principal, row, "announce", "announced", f"announced {on}")
    return row


def add_consent(
    db: Session, principal: Principal, row: LicenceDeclaration, co_owner: str, given_on: date, document: str
) -> CoOwnerConsent:
    """A co-owner's written consent to withdraw (recorded by the patentee's organisation)."""
    _own(principal, row)
    owners = json.loads(row.patentees or "[]")
    name = " ".join(co_owner.split())
    if name not in owners:
        raise InvalidValue(f"{name!r} is not a patentee of the declaration ({'、'.join(owners)})")
    consent = CoOwnerConsent(
        organisation_id=row.organisation_id,
        licence_id=row.id,
        co_owner=name,
        given_on=given_on,
        document=document.strip()[:300],
        created_by=principal.user_id,
    )
    db.add(consent)
    db.flush()
    return consent


def consents(db: Session, row: LicenceDeclaration) -> dict[str, str]:
    rows = db.scalars(select(CoOwnerConsent).where(CoOwnerConsent.licence_id == row.id))
    return {c.co_owner: c.given_on.isoformat() for c in rows}


def request_withdrawal(
    db: Session, principal: Principal, row: LicenceDeclaration, reason: str
) -> LicenceDeclaration:
    """Ask to withdraw: needs a reason and, with several patentees, every co-owner's consent."""
    _own(principal, row)
    transition_for(row.state, "request_withdrawal")
    if not reason.strip():
        raise InvalidValue(
            "a withdrawal states its reason (CNIPA FAQ Q25: a legitimate reason, no conditions)"
        )
    owners = json.loads(row.patentees or "[]")
    given = consents(db, row)
    missing = [o for o in owners if o not in given] if len(owners) > 1 else []
    if missing:
        raise Conflict(f"every co-owner must consent to the withdrawal; missing: {'、'.join(missing)}")
    row.withdrawal_reason = reason.strip()[:2000]
    _step(db, principal, row, "request_withdrawal", "withdrawal_pending", reason)
    return row


def cancel_withdrawal(db: Session, principal: Principal, row: LicenceDeclaration) -> LicenceDeclaration:
    _own(principal, row)
    transition_for(row.state, "cancel_withdrawal")
    _step(db, principal, row, "cancel_withdrawal", "announced")
    return row


def announce_withdrawal(
    db: Session, principal: Principal, row: LicenceDeclaration, on: date
) -> LicenceDeclaration:
    """The withdrawal takes effect on its announcement: licences noticed before ``on`` stay in force."""
    _own(principal, row)
    transition_for(row.state, "announce_withdrawal")
    if row.announced_on is not None and on < row.announced_on:
        raise InvalidValue(f"the withdrawal cannot be announced before the declaration ({row.announced_on})")
    row.withdrawn_on = on
    _step(db, principal, row, "announce_withdrawal", "withdrawn", f"withdrawal announced {on}")
    return row


# --------------------------------------------------------------------------- the view


def view(db: Session, principal: Principal, row: LicenceDeclaration) -> dict[str, Any]:
    own = principal.organisation_id == row.organisation_id
    steps = db.scalars(select(LicenceStep).where(LicenceStep.licence_id == row.id).order_by(LicenceStep.id))
    data = {
        "id": row.id,
        "publication_number": row.publication_number,
        "application_number": row.application_number,
        "title": row.title,
        "patent_type": row.patent_type,
        "ipc": row.ipc,
        "main_ipc": row.main_ipc,
        "patentees": json.loads(row.patentees or "[]"),
        "payment_method": row.payment_method,
        "payment_method_label": rule18.PAYMENT_METHODS.get(row.payment_method, row.payment_method),
        "fee_fixed": row.fee_fixed,
        "royalty_sales_pct": row.royalty_sales_pct,
        "royalty_profit_pct": row.royalty_profit_pct,
        "fee_text": row.fee_text,
        "term_from": row.term_from.isoformat() if row.term_from else None,
        "term_to": row.term_to.isoformat() if row.term_to else None,
        "evaluation_report": row.evaluation_report,
        "scenario": row.scenario,
        "industry": row.industry,
        "region": row.region,
        "products": row.products,
        "state": row.state,
        "state_label": STATES[row.state][0],
        "announced_on": row.announced_on.isoformat() if row.announced_on else None,
        "withdrawn_on": row.withdrawn_on.isoformat() if row.withdrawn_on else None,
        "withdrawal_reason": row.withdrawal_reason,
        "annuity_reduction": listings.annuity_reduction(db),
        "check": json.loads(row.last_check) if row.last_check else None,
    }
    if own:
        data["history"] = [
            {
                "action": s.action,
                "from": s.from_state,
                "to": s.to_state,
                "note": s.note,
                "by": s.actor,
                "at": s.at.isoformat(timespec="seconds"),
            }
            for s in steps
        ]
        data["consents"] = consents(db, row)
    data["licensees"] = licensees.for_declaration(db, principal, row)
    return data


def organisation_name(db: Session, organisation_id: int) -> str:
    org = db.get(Organisation, organisation_id)
    return org.name if org else ""
