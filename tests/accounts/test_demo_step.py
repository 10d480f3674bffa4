"""The platform's demo step: an app database beside the demo corpus, one account per role, passwords in
the report only."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from ipcenter.accounts.demo import ACCOUNTS, ORGANISATIONS, demo_step
from ipcenter.accounts.policy import CSRF_COOKIE, CSRF_FIELD
from ipcenter.accounts.roles import OrgKind
from ipcenter.context import DemoContext
from ipcenter.platform.app import create_app
from ipcenter.platform.settings import Settings


def _passwords(markdown: str) -> dict[str, str]:
    return dict(re.findall(r"\| (\S+@\S+) \| `([^`]+)` \|", markdown))


def test_demo_accounts_sign_in(tmp_path: Path, data_dir: Path) -> None:
    ctx = DemoContext(data_dir=data_dir, output=tmp_path, corpus_dir=tmp_path / "corpus", lang="zh")
    result = demo_step(ctx)
    assert {a["role"] for a in result.data["accounts"]} == {r.value for r in ACCOUNTS}
    assert set(ORGANISATIONS) == set(OrgKind)
    assert "password" not in str(result.data)  # report.json has no secret; report.md has them
    first = _passwords(result.markdown)
    assert set(first) == {a["email"] for a in result.data["accounts"]}
    again = demo_step(ctx)  # a second run starts afresh (new passwords, no "exists already")
    passwords = _passwords(again.markdown)
    assert all(passwords[e] != first[e] for e in first)

    app = create_app(Settings(corpus_dir=ctx.corpus_dir, database_url=f"sqlite:///{tmp_path / 'app.db'}"))
    client = TestClient(app, follow_redirects=False)
    for account in ({**a, "password": passwords[a["email"]]} for a in again.data["accounts"]):
        client.cookies.clear()
        client.cookies.set(CSRF_COOKIE, "t")
        response = client.post(
            "/signin", data={"email": account["email"], "password": account["password"], CSRF_FIELD: "t"}
        )
        assert response.status_code == 303, (account["role"], response.text[:200])
        me = client.get("/account")
        assert me.status_code == 200 and account["email"] in me.text
    app.state.platform.database.dispose()
