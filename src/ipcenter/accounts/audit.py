"""The audit log: who did what to which object, when, from where, with what outcome. Append-only.

Recorded for every write, every admin action and every read of confidential material (the audit log
itself, account lists). Each event is written in its own transaction, after the action's own transaction
has committed (outcome ``ok``) or failed (``denied`` for a refusal, ``failed`` otherwise), so the log never
claims what did not happen and a rolled-back action still leaves its trace. The database refuses UPDATE and
DELETE on the table (migration 0002).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipcenter.accounts.models import AuditEvent
from ipcenter.accounts.principal import Principal
from ipcenter.errors import UserError
from ipcenter.platform.database import Database

OUTCOMES = ("ok", "denied", "failed")
FIELDS = (
    "id", "at", "actor", "role", "organisation_id", "action", "object_type", "object_id",
    "client_address", "outcome", "detail",
)  # fmt: skip


def record(
    database: Database,
    principal: Principal,
    action: str,
    object_type: str = "",
    object_id: object = "",
    *,
    outcome: str = "ok",
    detail: str = "",
) -> None:
    with database.session() as db:
        db.add(
            AuditEvent(
                user_id=principal.user_id,
                actor=principal.email,
                role=principal.role.value,
                organisation_id=principal.organisation_id,
                action=action[:64],
                object_type=object_type[:64],
                object_id=str(object_id)[:200],
                client_address=principal.client_address[:64],
                outcome=outcome,
                detail=detail[:2000],
            )
        )


@dataclass
class Pending:
    """An event being prepared: the action may fill in the object id once it knows it."""

    object_id: object = ""
    detail: str = ""


@contextmanager
def audited(
    database: Database, principal: Principal, action: str, object_type: str = "", object_id: object = ""
) -> Iterator[Pending]:
    """Run an action and record its outcome afterwards (``denied`` for 401/403/404, ``failed`` else)."""
    pending = Pending(object_id)
    try:
        yield pending
    except UserError as exc:
        outcome = "denied" if exc.http_status in (401, 403, 404) else "failed"
        record(
            database, principal, action, object_type, pending.object_id, outcome=outcome, detail=exc.message
        )
        raise
    except Exception as exc:
        record(
            database,
            principal,
            action,
            object_type,
            pending.object_id,
            outcome="failed",
            detail=type(exc).__name__,
        )
        raise
    record(database, principal, action, object_type, pending.object_id, detail=pending.detail)


def event_view(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "at": event.at.isoformat(timespec="seconds"),
        "actor": event.actor,
        "role": event.role,
        "organisation_id": event.organisation_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "client_address": event.client_address,
        "outcome": event.outcome,
        "detail": event.detail,
    }


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None  # a prefix: 'user' matches user.add, user.role, …
    organisation_id: int | None = None
    outcome: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _filtered(statement: Any, flt: AuditFilter) -> Any:
    if flt.actor:
        statement = statement.where(AuditEvent.actor == flt.actor.strip().lower())
    if flt.action:
        statement = statement.where(AuditEvent.action.startswith(flt.action, autoescape=True))
    if flt.organisation_id is not None:
        statement = statement.where(AuditEvent.organisation_id == flt.organisation_id)
    if flt.outcome:
        if flt.outcome not in OUTCOMES:
            raise UserError(f"outcome must be one of {', '.join(OUTCOMES)}", http_status=422)
        statement = statement.where(AuditEvent.outcome == flt.outcome)
    if flt.since is not None:
        statement = statement.where(AuditEvent.at >= flt.since)
    if flt.until is not None:
        statement = statement.where(AuditEvent.at < flt.until)
    return statement


def query(db: Session, flt: AuditFilter, *, page: int = 1, size: int = 50) -> dict[str, Any]:
    """One page of events, newest first, and the total that match."""
    total = db.scalar(_filtered(select(func.count(AuditEvent.id)), flt)) or 0
    rows = db.scalars(
        _filtered(select(AuditEvent), flt)
        .order_by(AuditEvent.id.desc())
        .offset((page - 1) * size)
        .limit(size)
    )
    return {"total": total, "page": page, "size": size, "events": [event_view(e) for e in rows]}


def export(db: Session, flt: AuditFilter, fmt: str) -> str:
    """Every matching event as CSV or JSON lines (oldest first), streamed from the database in batches."""
    rows = db.scalars(
        _filtered(select(AuditEvent), flt).order_by(AuditEvent.id).execution_options(yield_per=1000)
    )
    if fmt == "jsonl":
        return "".join(json.dumps(event_view(e), ensure_ascii=False) + "\n" for e in rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(FIELDS))
    writer.writeheader()
    for event in rows:
        writer.writerow(event_view(event))
    return out.getvalue()
