"""The platform's notifications: an in-app inbox per user, and e-mail through the configured SMTP server.
Every domain tells people through these functions (prexam's steps, protection's alerts, transfer's notices);
who is told is each domain's business, written as lists of user ids.

Messages are rows first (so nothing is lost when the mail server is down); `send_pending` mails those not
sent yet and records the time or the error. SMTP comes from the environment: ``IPCENTER_SMTP_HOST``,
``IPCENTER_SMTP_PORT`` (25), ``IPCENTER_SMTP_FROM``, optional ``IPCENTER_SMTP_USER`` /
``IPCENTER_SMTP_PASSWORD`` and ``IPCENTER_SMTP_STARTTLS=1``; without a host only the inbox is used.
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipcenter.accounts.models import InboxMessage, User
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import Role
from ipcenter.errors import NotFound
from ipcenter.platform.database import Database, utcnow


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    sender: str = "ipcenter@localhost"
    user: str = ""
    password: str = ""
    starttls: bool = False


def smtp_from_environment() -> SmtpSettings | None:
    host = os.environ.get("IPCENTER_SMTP_HOST", "").strip()
    if not host:
        return None
    return SmtpSettings(
        host=host,
        port=int(os.environ.get("IPCENTER_SMTP_PORT", "25")),
        sender=os.environ.get("IPCENTER_SMTP_FROM", "ipcenter@localhost"),
        user=os.environ.get("IPCENTER_SMTP_USER", ""),
        password=os.environ.get("IPCENTER_SMTP_PASSWORD", ""),
        starttls=os.environ.get("IPCENTER_SMTP_STARTTLS", "") not in ("", "0"),
    )


def notify(db: Session, user_ids: Iterable[int | None], subject: str, body: str = "", link: str = "") -> int:
    """One inbox message per (distinct, active) user; returns how many were written."""
    ids = sorted({u for u in user_ids if u is not None})
    if not ids:
        return 0
    active = db.scalars(select(User.id).where(User.id.in_(ids), User.active.is_(True)))
    count = 0
    for user_id in active:
        db.add(InboxMessage(user_id=user_id, subject=subject[:200], body=body, link=link[:300]))
        count += 1
    return count


def members(
    db: Session, organisation_id: int | None, roles: Iterable[Role] = (Role.member, Role.org_admin)
) -> list[int]:
    if organisation_id is None:
        return []
    wanted = [r.value for r in roles]
    return list(
        db.scalars(select(User.id).where(User.organisation_id == organisation_id, User.role.in_(wanted)))
    )


def view(message: InboxMessage) -> dict[str, Any]:
    return {"id": message.id, "subject": message.subject, "body": message.body, "link": message.link,
            "created_at": message.created_at.isoformat(timespec="seconds"),
            "read": message.read_at is not None, "emailed": message.emailed_at is not None}  # fmt: skip


def inbox(db: Session, principal: Principal, *, unread_only: bool = False, size: int = 50) -> dict[str, Any]:
    statement = select(InboxMessage).where(InboxMessage.user_id == principal.user_id)
    if unread_only:
        statement = statement.where(InboxMessage.read_at.is_(None))
    unread = db.scalar(
        select(func.count(InboxMessage.id)).where(
            InboxMessage.user_id == principal.user_id, InboxMessage.read_at.is_(None)
        )
    )
    rows = db.scalars(statement.order_by(InboxMessage.id.desc()).limit(size))
    return {"unread": int(unread or 0), "items": [view(m) for m in rows]}


def mark_read(db: Session, principal: Principal, message_id: int) -> InboxMessage:
    message = db.get(InboxMessage, message_id)
    if message is None or message.user_id != principal.user_id:  # nobody sees another's inbox
        raise NotFound(f"no message {message_id}")
    if message.read_at is None:
        message.read_at = utcnow()
    return message


def send_pending(database: Database, smtp: SmtpSettings | None, *, limit: int = 200) -> dict[str, int]:
    """Mail the messages not sent yet; each one's time or error is recorded (a failure is retried later)."""
    if smtp is None:
        return {"sent": 0, "failed": 0}
    with database.session() as db:
        pending = [
            (m.id, m.subject, m.body, m.link, email)
            for m, email in db.execute(
                select(InboxMessage, User.email)
                .join(User, User.id == InboxMessage.user_id)
                .where(InboxMessage.emailed_at.is_(None))
                .order_by(InboxMessage.id)
                .limit(limit)
            )
        ]
    sent = failed = 0
    results: dict[int, str] = {}
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as server:
            if smtp.starttls:
                server.starttls()
            if smtp.user:
                server.login(smtp.user, smtp.password)
            for message_id, subject, body, link, address in pending:
                mail = EmailMessage()
                mail["From"], mail["To"], mail["Subject"] = smtp.sender, address, subject
                mail.set_content(body + (f"\n\n{link}" if link else ""))
                try:
                    server.send_message(mail)
                    results[message_id] = ""
                    sent += 1
                except smtplib.SMTPException as exc:
                    results[message_id] = f"{type(exc).__name__}: {exc}"[:500]
                    failed += 1
    except (OSError, smtplib.SMTPException) as exc:
        error = f"SMTP {smtp.host}:{smtp.port}: {type(exc).__name__}: {exc}"[:500]
        results.update({m[0]: error for m in pending if m[0] not in results})
        failed = len(pending) - sent
    with database.session() as db:
        for message_id, error in results.items():
            message = db.get(InboxMessage, message_id)
            if message is None:
                continue
            if error:
                message.email_error = error
            else:
                message.emailed_at, message.email_error = utcnow(), ""
    return {"sent": sent, "failed": failed}
