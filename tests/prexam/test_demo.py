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
