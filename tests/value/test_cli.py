"""The `ipcenter value` command-line contract, end to end on the real corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcenter", *args], capture_output=True, text=True, timeout=300, env=os.environ
    )


def test_value_json_contract(value_corpus: Path, data_dir: Path, tmp_path: Path) -> None:
    result = run(
        "value", "US 6,981,466 B2".replace(",", "").replace(" ", ""), "--scenario", "侵权救济", "--format", "json",
        "--as-of", "2025-12-31", "--corpus", str(value_corpus), "--data", str(data_dir),
        "--store", str(tmp_path / "s.json"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["publication_number"] == "US6981466B2"
    assert data["scenario"] == "侵权救济"
    assert sum(i["contribution"] for i in data["indicators"]) == round(data["composite"], 4)
    assert {"name": "claim_count", "dimension": "legal", "raw": 57}.items() <= next(
        i for i in data["indicators"] if i["name"] == "claim_count"
    ).items()
    assert data["cut_off"] == "2025-12-31" and "illustrative" in data["weight_set"]


def test_value_of_a_design_exits_non_zero_with_the_scope_reason(value_corpus: Path) -> None:
    result = run("value", "USD462507S1", "--corpus", str(value_corpus), "--format", "json")
    assert result.returncode != 0
    assert "outside GB/T 42748 scope" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_value_html_and_xlsx_reports(value_corpus: Path, data_dir: Path, tmp_path: Path) -> None:
    html_file, xlsx_file = tmp_path / "v.html", tmp_path / "v.xlsx"
    common = ["--corpus", str(value_corpus), "--data", str(data_dir), "--store", str(tmp_path / "s.json")]
    assert (
        run("value", "US6400996B1", "--format", "html", "--output", str(html_file), *common).returncode == 0
    )
    page = html_file.read_text(encoding="utf-8")
    assert "UNCONFIRMED" in page and "plotly" in page and "<script" in page
    result = run(
        "value",
        "US6400996B1",
        "--format",
        "xlsx",
        "--output",
        str(xlsx_file),
        "--scenario",
        "licensing",
        *common,
    )
    assert result.returncode == 0, result.stderr
    wb = load_workbook(xlsx_file)
    assert {"about", "indicators", "blanks", "tree"} <= set(wb.sheetnames)
    about = {r[0].value: r[1].value for r in wb["about"].iter_rows()}
    assert "illustrative" in str(about.get("权重版本"))
