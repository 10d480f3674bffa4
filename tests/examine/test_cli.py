"""The `ipcenter check` contract: formats, JSON keys, batch JSONL, HTML, bad input → clear error, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ipcenter.cli import app
from ipcenter.examine.models import Application

runner = CliRunner()


def claim_lines(app: Application) -> list[str]:
    """The claims of an application read from a record, one line per claim with its number label."""
    assert isinstance(app.claims, list)
    return [
        f"{c[0]}.{c[1]}"
        if isinstance(c, tuple) and c[0] is not None
        else str(c if isinstance(c, str) else c[1])
        for c in app.claims
    ]


def _claims_file(tmp_path: Path, app_: Application) -> Path:
    path = tmp_path / "claims.txt"
    path.write_text("\n".join(claim_lines(app_)), encoding="utf-8")
    return path


def test_claims_json_contract(tmp_path: Path, kppatent: dict[str, Application]) -> None:
    path = _claims_file(tmp_path, kppatent["CN113982540A"])
    result = runner.invoke(app, ["check", "claims", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"id", "claims", "findings"}
    assert set(data["claims"][0]) >= {"number", "independent", "depends_on"}
    f = next(f for f in data["findings"] if f["rule"] == "CLM-REF-FORWARD")
    assert set(f) >= {"rule", "severity", "claim", "start", "end", "message", "basis"}
    assert (f["claim"], f["severity"]) == (3, "error")


def test_batch_jsonl_one_result_per_line(tmp_path: Path, kppatent: dict[str, Application]) -> None:
    ids = ["CN113914863A", "CN113982540A", "CN110832885A"]
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        "".join(
            json.dumps({"id": i, "claims": "\n".join(claim_lines(kppatent[i]))}, ensure_ascii=False) + "\n"
            for i in ids
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", "claims", "--input", str(batch), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["id"] for x in lines] == ids
    assert any(f["rule"] == "CLM-REF-TYPO" for f in lines[2]["findings"])


def test_application_text_and_html(tmp_path: Path, kppatent: dict[str, Application]) -> None:
    a = kppatent["CN111606816A"]
    path = tmp_path / "app.txt"
    path.write_text(
        f"发明名称：{a.title}\n摘要\n{a.abstract}\n权利要求书\n"
        + "\n".join(claim_lines(a))
        + "\n说明书\n如权利要求1所述的晶型。\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["check", "application", str(path), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "CLM-FIGURE-REF" in html and "DESC-CLAIM-REF" in html
    assert '<mark class="error"' in html and "不构成任何法律结论" in html


def test_cn_xml_application(data_dir: Path) -> None:
    path = data_dir / "cn-patent-xml-samples" / "CN101223695A.xml"
    result = runner.invoke(app, ["check", "application", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == "CN101223695A"
    assert {f["rule"] for f in data["findings"]} >= {"CLM-MULTI-ON-MULTI"}


def test_docx_input(tmp_path: Path, kppatent: dict[str, Application]) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("权利要求书")
    for claim in claim_lines(kppatent["CN110832885A"]):
        document.add_paragraph(claim)
    path = tmp_path / "app.docx"
    document.save(str(path))
    result = runner.invoke(app, ["check", "application", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert any(f["rule"] == "CLM-REF-TYPO" for f in json.loads(result.stdout)["findings"])


def test_bad_inputs(tmp_path: Path) -> None:
    assert runner.invoke(app, ["check", "claims", str(tmp_path / "none.txt")]).exit_code == 2
    assert runner.invoke(app, ["check", "claims"]).exit_code == 2
    broken = tmp_path / "x.docx"
    broken.write_text("not a word file")
    result = runner.invoke(app, ["check", "application", str(broken)])
    assert result.exit_code == 2 and "Traceback" not in result.output
