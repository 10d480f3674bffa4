"""The demo step runs on the real data and reports the fixtures' outcomes."""

from __future__ import annotations

import json
from pathlib import Path

from ipcenter.context import DemoContext
from ipcenter.prexam.demo import demo_step


def test_demo_step(tmp_path: Path, data_dir: Path) -> None:
    result = demo_step(DemoContext(data_dir, tmp_path, tmp_path / "corpus", "zh"))
    assert result is not None and result.ok, result.errors if result else None
    assert [v["eligible"] for v in result.data["ningbo_2025_eligibility"]] == [True, True, False, False]
    decisions = [d["decision"] for d in result.data["intake_examples"]]
    assert decisions == ["accepted", "not_accepted"]
    assert result.data["workdays"]["examples"][0]["due"] == "2025-10-13"
    assert "76.15" in result.markdown
    assert json.loads((tmp_path / "prexam" / "prexam.json").read_text(encoding="utf-8"))["profiles"]


def test_demo_database(tmp_path: Path, data_dir: Path) -> None:
    """The demo's app database: cases in every state the demo promises, a batch, statistics; without a corpus
    or a model here, the search and classification aids fail with their reason and the rest still works."""
    from ipcenter.accounts import service as accounts
    from ipcenter.platform.database import open_database
    from ipcenter.prexam import demo_db

    database = open_database(f"sqlite:///{tmp_path / 'app.db'}")
    with database.session() as db:
        accounts.add_organisation(db, "中国(长沙)知识产权保护中心（示例）", "protection_centre")
    try:
        seeded = demo_db.seed(database, data_dir, tmp_path / "corpus", tmp_path / "models")
    finally:
        database.dispose()
    assert [c["state"] for c in seeded.cases] == [
        "granted",
        "awaiting_response",
        "not_accepted",
        "not_qualified",
    ]
    assert seeded.batch["state"] == "admitted" and seeded.batch["members"] == 3
    assert seeded.batch["progress"]["done"] == seeded.batch["progress"]["total"] == 3
    assert all("formal_check done" in v and "search_report failed" in v for v in seeded.aids.values())
    total = seeded.statistics[0]
    assert (total["received"], total["accepted"], total["not_accepted"]) == (7, 6, 1)
    assert total["granted"] == 1 and len({a["email"] for a in seeded.accounts}) == 5
