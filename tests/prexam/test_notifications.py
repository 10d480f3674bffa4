"""Inbox and e-mail: messages are rows first; `send_pending` mails them through SMTP (a local aiosmtpd
server here), records the time, and keeps a failure's error for the next attempt."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from ipcenter.accounts import notifications
from ipcenter.errors import NotFound

from .conftest import World, build_world


class Collect:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Collect, int]]:
    handler = Collect()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def world(tmp_path: Path, data_dir: Path) -> Iterator[World]:
    w = build_world(f"sqlite:///{tmp_path / 'app.db'}", data_dir)
    yield w
    w.database.dispose()


def test_inbox_and_email(world: World, smtp: tuple[Collect, int], monkeypatch: pytest.MonkeyPatch) -> None:
    handler, port = smtp
    with world.database.session() as db:
        written = notifications.notify(db, [world.who("applicant").user_id, world.who("agency").user_id, None],
                               "YS-SICHUAN-2025-00001：预审合格", "请在期限内正式递交。", "/prexam/cases/1")  # fmt: skip
        assert written == 2
    monkeypatch.setenv("IPCENTER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("IPCENTER_SMTP_PORT", str(port))
    monkeypatch.setenv("IPCENTER_SMTP_FROM", "centre@example.cn")
    assert notifications.send_pending(world.database, notifications.smtp_from_environment()) == {
        "sent": 2,
        "failed": 0,
    }
    recipients = sorted(r for to, _m in handler.messages for r in to)
    assert recipients == ["agency@example.cn", "applicant@example.cn"]
    mail = handler.messages[0][1]
    assert mail["Subject"] == "YS-SICHUAN-2025-00001：预审合格" and "/prexam/cases/1" in mail.get_content()
    assert notifications.send_pending(world.database, notifications.smtp_from_environment()) == {
        "sent": 0,
        "failed": 0,
    }
    with world.database.session() as db:
        mine = notifications.inbox(db, world.who("applicant"))
        assert mine["unread"] == 1 and mine["items"][0]["emailed"]
        notifications.mark_read(db, world.who("applicant"), mine["items"][0]["id"])
        with pytest.raises(NotFound):
            notifications.mark_read(
                db, world.who("other"), mine["items"][0]["id"]
            )  # nobody reads another's inbox
        assert notifications.inbox(db, world.who("applicant"))["unread"] == 0


def test_an_unreachable_server_is_recorded_and_retried(world: World) -> None:
    with world.database.session() as db:
        notifications.notify(db, [world.who("examiner").user_id], "分配给你的预审案件")
    down = notifications.SmtpSettings("127.0.0.1", _free_port())
    assert notifications.send_pending(world.database, down) == {"sent": 0, "failed": 1}
    with world.database.session() as db:
        from ipcenter.accounts.models import InboxMessage

        (message,) = db.query(InboxMessage).all()
        assert message.emailed_at is None and "SMTP 127.0.0.1" in message.email_error
    assert notifications.send_pending(world.database, None) == {
        "sent": 0,
        "failed": 0,
    }  # no SMTP set: inbox only
