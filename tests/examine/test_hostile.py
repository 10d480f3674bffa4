"""Inputs a hostile or careless user gives: a binary file as a batch, a claim set of thousands of claims."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from typer.testing import CliRunner

from ipcenter.cli import app
from ipcenter.examine.models import Application

runner = CliRunner()


def test_binary_batch_is_a_clear_error(tmp_path: Path, data_dir: Path) -> None:
    # the real KPPatent data set, gzipped (what a user holding the compressed download gives): an 'error:' line,
    # exit 2 (it was a UnicodeDecodeError, exit 3)
    binary = tmp_path / "kppatent_test.jsonl.gz"
    binary.write_bytes(
        gzip.compress((data_dir / "kppatent-zh" / "kppatent_test.jsonl").read_bytes()[:200_000])
    )
    result = runner.invoke(app, ["check", "claims", "--input", str(binary)])
    assert result.exit_code == 2, result.output
    assert "error:" in result.output and "Traceback" not in result.output
    random_bytes = tmp_path / "batch.jsonl"
    random_bytes.write_bytes(bytes(range(256)) * 40)
    result = runner.invoke(app, ["check", "claims", "--input", str(random_bytes)])
    assert result.exit_code == 2 and "binary" in result.output


def test_three_thousand_claims_are_three_thousand(tmp_path: Path, kppatent: dict[str, Application]) -> None:
    # a real independent claim and a real dependent claim of CN113914863A, the dependent one written out as
    # claims 2..3000 (the numbers ≥ 1000 merged into claim 999 before)
    claims = kppatent["CN113914863A"].claims
    first, dependent = claims[0][1], claims[1][1]  # type: ignore[index]
    text = f"1.{first}\n" + "".join(f"{n}.{dependent}\n" for n in range(2, 3001))
    batch = tmp_path / "big.jsonl"
    batch.write_text(json.dumps({"id": "big", "claims": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "claims", "--input", str(batch), "--format", "json"])
    assert result.exit_code == 0, result.output[-500:]
    data = json.loads(result.stdout)
    assert [c["number"] for c in data["claims"]] == list(range(1, 3001))
    assert not [f for f in data["findings"] if f["rule"] in ("CLM-NUMBERING", "CLM-REF-MISSING")]
