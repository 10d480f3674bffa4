"""Notifications of the transfer domain through the platform's one in-app inbox (`ipcenter.prexam.inbox`:
a message per user, read at ``GET /api/v1/prexam/inbox``, mailed when SMTP is configured). This module is
the only place the transfer domain reaches into another domain's inbox, so a future shared inbox changes
one import."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from ipcenter.prexam import inbox


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
        users += inbox.members(db, org)
    return inbox.notify(db, users, subject, "", link)
