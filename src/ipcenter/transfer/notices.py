"""Notifications of the transfer domain through the platform's one in-app inbox
(`ipcenter.accounts.notifications`: a message per user, read at ``GET /api/v1/prexam/inbox``, mailed when
SMTP is configured). Who the transfer domain tells is decided here."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from ipcenter.accounts import notifications


def tell_organisations(
    db: Session,
    organisation_ids: Iterable[int | None],
    sender_organisation: int | None,
    subject: str,
    link: str,
) -> int:
    """One message to each member of the organisations (except the sender's): how many were written."""
    users: list[int] = []
    for org in {o for o in organisation_ids if o is not None and o != sender_organisation}:
        users += notifications.members(db, org)
    return notifications.notify(db, users, subject, "", link)
