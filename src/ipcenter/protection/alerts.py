"""Risk alerts: one row per organisation and subject (deduplicated by ``ref``), delivered to the members'
in-app inbox and by e-mail through the platform's notification service (`ipcenter.accounts.notifications`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts import notifications, policy
from ipcenter.accounts.models import Organisation
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import OrgKind, Role
from ipcenter.protection.tables import Alert

KINDS = ("itc", "deadline", "status", "watch")


def bureau_staff(db: Session) -> list[int]:
    """Accounts of every bureau (bureau admins and statisticians) — the bureau is told of 337 matches."""
    ids: list[int] = []
    for org_id in db.scalars(select(Organisation.id).where(Organisation.kind == OrgKind.bureau.value)):
        ids += notifications.members(db, org_id, (Role.bureau_admin, Role.statistician))
    return ids


def raise_alert(
    db: Session, organisation_id: int, kind: str, subject: str, body: str, ref: str, *,
    link: str = "", also_bureau: bool = False,
) -> Alert | None:  # fmt: skip
    """Record the alert and notify; None when the same alert (organisation, ref) was raised before."""
    if (
        db.scalar(select(Alert.id).where(Alert.organisation_id == organisation_id, Alert.ref == ref[:200]))
        is not None
    ):
        return None
    alert = Alert(organisation_id=organisation_id, kind=kind, subject=subject[:200], body=body, ref=ref[:200])
    db.add(alert)
    db.flush()
    recipients = notifications.members(db, organisation_id)
    if also_bureau:
        recipients += bureau_staff(db)
    notifications.notify(db, recipients, subject, body, link or "/protection/alerts")
    return alert


def alert_view(alert: Alert) -> dict[str, Any]:
    return {"id": alert.id, "organisation_id": alert.organisation_id, "kind": alert.kind, "subject": alert.subject,
            "body": alert.body, "ref": alert.ref, "created_at": alert.created_at.isoformat(timespec="seconds")}  # fmt: skip


def list_alerts(db: Session, who: Principal, size: int = 100) -> list[dict[str, Any]]:
    statement = policy.own_rows(who, "protection_alert", select(Alert), Alert.organisation_id)
    return [alert_view(a) for a in db.scalars(statement.order_by(Alert.id.desc()).limit(size))]
