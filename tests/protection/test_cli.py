"""The stable command-line contracts of issue 15, run as a user would (a subprocess, real files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def ipcenter(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ipcenter", *args], capture_output=True, text=True, env=env,
                          timeout=300, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, data_dir: Path, small_corpus: Path) -> dict[str, str]:
    db = tmp_path_factory.mktemp("cli") / "app.db"
    return {**os.environ, "IPCENTER_DB": f"sqlite:///{db}", "IPCENTER_DATA": str(data_dir),
            "IPCENTER_CORPUS": str(small_corpus)}  # fmt: skip


def test_compare(env: dict[str, str]) -> None:
    done = ipcenter("trademark", "compare", "康师傅", "康帅傅", "--class", "30", "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {"a", "b", "similar", "score", "rules"} <= set(result)
    assert result["similar"] is True and result["rules"][0]["rule"] == "one_character_different"
    bad = ipcenter("trademark", "compare", "a", "b", "--class", "99", env=env)
    assert bad.returncode != 0 and bad.stderr.startswith("error:") and "Traceback" not in bad.stderr


def test_import_similar_itc_and_deadlines(env: dict[str, str], data_dir: Path, tmp_path: Path) -> None:
    lists = data_dir / "trademark-protection-lists" / "mentioned_entries.tsv"
    assert (
        ipcenter("trademark", "import", str(lists), "--list", "上海市重点商标保护名录", env=env).returncode
        == 0
    )
    similar = json.loads(
        ipcenter("trademark", "similar", "英雄2000", "--class", "16", "--format", "json", env=env).stdout
    )
    assert (
        similar["candidates"][0]["mark"] == "英雄"
        and similar["candidates"][0]["rules"][0]["rule"] == "generic_addition"
    )

    assert ipcenter("org", "add", "三一重工股份有限公司", "--kind", "enterprise", env=env).returncode == 0
    assert ipcenter("org", "add", "三一集团有限公司", "--kind", "enterprise", env=env).returncode == 0
    done = ipcenter("watch", "itc", "import", str(data_dir / "itc-337" / "investigations.tsv"), env=env)
    assert done.returncode == 0, done.stderr
    matched = json.loads(
        ipcenter("watch", "itc", "match", "--region", "湖南省", "--format", "json", env=env).stdout
    )
    assert {(m["investigation_no"], m["organisation"]) for m in matched["matches"]} == {
        ("337-TA-887", "三一重工股份有限公司"), ("337-TA-887", "三一集团有限公司")}  # fmt: skip
    assert set(matched["matches"][0]) >= {
        "investigation_no",
        "respondent",
        "organisation",
        "score",
        "evidence",
    }

    assert ipcenter("org", "add", "中科大数据研究院", "--kind", "research_institute", env=env).returncode == 0
    as_json = ipcenter(
        "watch",
        "deadlines",
        "--org",
        "中科大数据研究院",
        "--as-of",
        "2026-12-01",
        "--format",
        "json",
        env=env,
    )
    assert json.loads(as_json.stdout)["deadlines"][0]["date"] == "2026-12-02"
    ics = ipcenter("watch", "deadlines", "--org", "中科大数据研究院", "--format", "ics", env=env)
    assert ics.returncode == 0 and ics.stdout.startswith("BEGIN:VCALENDAR")
    missing = ipcenter("watch", "deadlines", "--org", "无此机构", "--format", "json", env=env)
    assert missing.returncode == 1 and missing.stderr.startswith("error: no organisation named")
