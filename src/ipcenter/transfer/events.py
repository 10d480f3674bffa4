"""Matchmaking events (对接活动): a match someone acts on, and what came of it, so that the platform learns
which matches work. An event links a need and a patent (and its inventory record, when an institution holds
it); its parties are whoever opened it, the need's enterprise and the patent's holder. Outcomes follow a
state table; a decline states its reason. Each change notifies the other parties through the in-app inbox.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ipcenter.accounts.principal import Principal
from ipcenter.errors import Conflict, InvalidValue
from ipcenter.platform.database import utcnow
from ipcenter.transfer import access, notices
from ipcenter.transfer.tables import InventoryItem, MatchEvent, MatchEventStep, Need

STATES: dict[str, tuple[str, str]] = {
    "proposed": ("已推荐", "proposed"),
    "contacted": ("已联系", "contacted"),
    "negotiating": ("洽谈中", "negotiating"),
    "licensed": ("已许可", "licensed"),
    "transferred": ("已转让", "transferred"),
    "declined": ("未成交", "declined"),
}
FINAL = frozenset({"licensed", "transferred", "declined"})


@dataclass(frozen=True)
class Transition:
    state: str
    to: str


TRANSITIONS: tuple[Transition, ...] = (
    Transition("proposed", "contacted"),
    Transition("proposed", "declined"),
    Transition("contacted", "negotiating"),
    Transition("contacted", "declined"),
    Transition("negotiating", "licensed"),
    Transition("negotiating", "transferred"),
    Transition("negotiating", "declined"),
)


def allowed(state: str) -> list[str]:
    return [t.to for t in TRANSITIONS if t.state == state]


def holder_item(db: Session, publication_number: str) -> InventoryItem | None:
    """The resource-library record of the patent, when an institution listed it."""
    return db.scalars(
        select(InventoryItem)
        .where(InventoryItem.publication_number == publication_number, InventoryItem.state == "in_library")
        .order_by(InventoryItem.id.desc())
    ).first()


def open_event(
    db: Session, principal: Principal, need: Need, publication_number: str, score: float, why: dict[str, Any]
) -> MatchEvent:
    """Open an event for a match the principal saw (the need's enterprise, or the patent's holder)."""
    access.require_need(db, principal, need, need.id)
    item = holder_item(db, publication_number)
    holder = item.organisation_id if item else None
    if principal.organisation_id not in (need.organisation_id, holder):
        raise Conflict("an event is opened by the need's enterprise or by the institution holding the patent")
    row = MatchEvent(
        organisation_id=principal.organisation_id,
        need_id=need.id,
        need_organisation_id=need.organisation_id,
        holder_organisation_id=holder,
        item_id=item.id if item else None,
        publication_number=publication_number,
        score=float(score),
        why=json.dumps(why, ensure_ascii=False, default=str),
        created_by=principal.user_id,
    )
    db.add(row)
    db.flush()
    _log(db, principal, row, "", "proposed", "opened")
    notices.tell_organisations(
        db,
        [need.organisation_id, holder],
        principal.organisation_id,
        f"对接活动 #{row.id}: {publication_number} ↔ 需求「{need.title}」",
        f"/transfer/events/{row.id}",
    )
    return row


def _log(db: Session, principal: Principal, row: MatchEvent, before: str, after: str, note: str) -> None:
    db.add(
        MatchEventStep(
            organisation_id=principal.organisation_id,
            event_id=row.id,
            from_state=before,
            to_state=after,
            note=note[:2000],
            user_id=principal.user_id,
            actor=principal.email,
        )
    )


def get(db: Session, principal: Principal, event_id: int) -> MatchEvent:
    return access.require_event(principal, db.get(MatchEvent, event_id), event_id)


def advance(db: Session, principal: Principal, row: MatchEvent, to: str, note: str = "") -> MatchEvent:
    """Record an outcome: contacted → negotiating → licensed / transferred, or declined with a reason."""
    access.require_event(principal, row, row.id)
    if to not in STATES:
        raise InvalidValue(f"unknown outcome {to!r}: one of {', '.join(STATES)}")
    if to not in allowed(row.state):
        raise Conflict(
            f"event {row.id} is {row.state}: next can be {', '.join(allowed(row.state)) or 'nothing'}"
        )
    if to == "declined" and not note.strip():
        raise InvalidValue("a declined event states its reason (so the platform learns what does not work)")
    _log(db, principal, row, row.state, to, note)
    row.state = to
    if to == "declined":
        row.reason = note.strip()[:2000]
    row.updated_at = utcnow()
    notices.tell_organisations(
        db,
        [row.need_organisation_id, row.holder_organisation_id, row.organisation_id],
        principal.organisation_id,
        f"对接活动 #{row.id}: {STATES[to][0]}",
        f"/transfer/events/{row.id}",
    )
    return row


def view(db: Session, row: MatchEvent) -> dict[str, Any]:
    steps = db.scalars(
        select(MatchEventStep).where(MatchEventStep.event_id == row.id).order_by(MatchEventStep.id)
    )
    need = db.get(Need, row.need_id)
    return {
        "id": row.id,
        "need_id": row.need_id,
        "need": need.title if need else None,
        "publication_number": row.publication_number,
        "item_id": row.item_id,
        "score": row.score,
        "why": json.loads(row.why or "{}"),
        "state": row.state,
        "state_label": STATES[row.state][0],
        "reason": row.reason,
        "next": allowed(row.state),
        "history": [
            {
                "from": s.from_state,
                "to": s.to_state,
                "note": s.note,
                "by": s.actor,
                "at": s.at.isoformat(timespec="seconds"),
            }
            for s in steps
        ],
    }


def mine(db: Session, principal: Principal, *, limit: int = 200) -> list[MatchEvent]:
    org = principal.organisation_id
    if org is None:
        return []
    statement = select(MatchEvent).where(
        or_(
            MatchEvent.organisation_id == org,
            MatchEvent.need_organisation_id == org,
            MatchEvent.holder_organisation_id == org,
        )
    )
    return list(db.scalars(statement.order_by(MatchEvent.id.desc()).limit(limit)))


def outcomes(db: Session, principal: Principal) -> dict[str, Any]:
    """What came of the principal's events: counts by state and the decline reasons (what does not work)."""
    rows = mine(db, principal, limit=10_000)
    return {
        "by_state": dict(Counter(r.state for r in rows)),
        "declined_reasons": [r.reason for r in rows if r.state == "declined"],
        "concluded": sum(1 for r in rows if r.state in ("licensed", "transferred")),
        "events": len(rows),
    }
