"""The command-line contracts of issue 14, run end to end on real documents: `inventory import|report`,
`match --format json`, `licence check --format json`, and the `error:` line for bad input (no traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from ipcenter.transfer import xlsx_layout


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcenter", *args], capture_output=True, text=True, timeout=600, env=os.environ
    )


def test_inventory_import_and_report(served_corpus: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'app.db'}"
    common = ["--db", db, "--corpus", str(served_corpus)]
    assert run("org", "add", "中科大数据研究院", "--kind", "research_institute", *common).returncode == 0
    rows = [
        {
            "publication_number": "CN115883397B",
            "faculty": "数据科学研究所",
            "inventors": "李玺",
            "converted": "未转化",
            "grade": "转化前景较好",
        }
    ]
    sheet = xlsx_layout.write_inventory(tmp_path / "list.xlsx", rows, {})
    result = run(
        "inventory",
        "import",
        str(sheet),
        "--org",
        "中科大数据研究院",
        "--as-of",
        "2025-12-31",
        *common,
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["created"] == 1
    result = run("inventory", "report", "--org", "中科大数据研究院", "--format", "json", *common)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (
        report["items"][0]["publication_number"] == "CN115883397B"
        and report["items"][0]["state"] == "documented"
    )
    assert report["coverage"]["definition"].startswith("inventoried unconverted valid")
    out = tmp_path / "report.xlsx"
    result = run(
        "inventory", "report", "--org", "中科大数据研究院", "--format", "xlsx", "--output", str(out), *common
    )
    assert result.returncode == 0, result.stderr
    header = [c.value for c in next(load_workbook(out)[xlsx_layout.SHEET].iter_rows(max_row=1))]
    assert header == [c.zh for c in xlsx_layout.COLUMNS]
    bad = run("inventory", "import", str(tmp_path / "missing.xlsx"), "--org", "中科大数据研究院", *common)
    assert bad.returncode != 0 and bad.stderr.startswith("error:") and "Traceback" not in bad.stderr
    unknown = run("inventory", "report", "--org", "没有这个机构", *common)
    assert unknown.returncode == 1 and "no organisation" in unknown.stderr


def test_match_json_contract(served_corpus: Path, tmp_path: Path) -> None:
    result = run(
        "match",
        "--need",
        "需要一种通用的网页数据采集方法，适配多种不同结构的网站",
        "--region",
        "郑州市",
        "--limit",
        "3",
        "--format",
        "json",
        "--corpus",
        str(served_corpus),
        "--models",
        str(tmp_path),  # no IPC model there: the need's IPC is not predicted, and a note says where it looked
    )
    assert result.returncode == 0, result.stderr
    assert "no trained IPC model in" in result.stderr and "(given by --models)" in result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"need", "matches"} and len(data["matches"]) == 3
    assert all(m["why"]["shared_ipc"]["source"] != "predicted" for m in data["matches"])
    for m in data["matches"]:
        assert set(m) == {"publication_number", "title", "score", "why"}
        assert {"summary", "passages", "shared_ipc", "parts"} <= set(m["why"])
    assert data["matches"][0]["publication_number"] == "CN115883397B"
    assert data["matches"][0]["why"]["parts"]["region"]["value"] == 1.0  # holder in 郑州市
    bad = run("match", "--need", "无人机", "--region", "火星市", "--corpus", str(served_corpus))
    assert bad.returncode == 2 and "unknown region" in bad.stderr


def test_licence_check_json_contract(served_corpus: Path) -> None:
    result = run(
        "licence",
        "check",
        "CN115883397B",
        "--as-of",
        "2025-06-01",
        "--format",
        "json",
        "--corpus",
        str(served_corpus),
    )
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert set(verdict) == {"publication_number", "as_of", "allowed", "reasons", "warnings"}
    assert verdict["allowed"] is True and verdict["as_of"] == "2025-06-01"
    pending = json.loads(
        run(
            "licence",
            "check",
            "CN116245100A",
            "--as-of",
            "2025-06-01",
            "--format",
            "json",
            "--corpus",
            str(served_corpus),
        ).stdout
    )
    assert pending["allowed"] is False and pending["reasons"][0]["rule"] == "valid_on_date"
    assert "pending" in pending["reasons"][0]["message"]
    bad = run("licence", "check", "CN115883397B", "--as-of", "2025-13-01", "--corpus", str(served_corpus))
    assert bad.returncode == 2 and bad.stderr.startswith("error:")
