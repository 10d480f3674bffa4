"""The CLI contracts of the foundation issue, run end to end on real files: ingest, corpus info, show, export."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

EXPORT = "cn-biblio-full-sample/patentsemantix_10_records.json"
CN_XML = "cn-patent-xml-samples/CN101096965A.xml"
US_WEEK = "uspto-xml-samples/patentsview-db-fixtures/ipg050104.small.xml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcenter", *args], capture_output=True, text=True, timeout=300, env=os.environ
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("contract") / "corpus"
    result = run(
        "ingest",
        str(data_dir / EXPORT),
        str(data_dir / CN_XML),
        str(data_dir / US_WEEK),
        "--corpus",
        str(path),
    )
    assert result.returncode == 0, result.stderr
    return path


def test_show_json_has_the_canonical_fields(corpus: Path) -> None:
    result = run("show", "CN101096965A", "--corpus", str(corpus), "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    for key in (
        "publication_number", "application_number", "kind", "patent_type", "title", "abstract", "claims",
        "ipc", "applicants", "filing_date", "publication_date", "grant_date", "legal_status", "citations",
    ):  # fmt: skip
        assert key in doc, key
    # Values read by eye in CN101096965A.xml
    assert doc["publication_number"] == "CN101096965A"
    assert (
        doc["application_number"] == "200710112087.1"
    )  # the file writes 200710112087; the check character is computed
    assert doc["kind"] == "A" and doc["patent_type"] == "invention"
    assert doc["title"] == "轴流送风机"
    assert doc["filing_date"] == "2007-06-22" and doc["publication_date"] == "2008-01-02"
    assert doc["grant_date"] is None  # an A document is never a grant
    assert doc["ipc"][0] == "F04D29/38"
    assert doc["applicants"][0]["name"] == "三菱电机株式会社"
    assert doc["claims"][0]["number"] == 1 and doc["claims"][0]["depends_on"] == []
    assert doc["claims"][1]["depends_on"] == [1]
    assert doc["legal_status"] == "lapsed"  # deemed withdrawn (C02) in its legal events


@pytest.mark.parametrize(
    "form", ["CN101096965A", "cn 101096965 a", "CN101096965", "200710112087.1", "ZL200710112087.1"]
)
def test_show_accepts_any_number_form(corpus: Path, form: str) -> None:
    result = run("show", form, "--corpus", str(corpus), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["publication_number"] == "CN101096965A"


def test_show_grant_of_the_export_and_citation_fields(corpus: Path) -> None:
    doc = json.loads(run("show", "CN115883397", "--corpus", str(corpus), "--format", "json").stdout)
    assert doc["publication_number"] == "CN115883397B"  # the export row with a grant number is keyed by it
    assert doc["grant_date"] == "2024-04-05"
    us = json.loads(run("show", "US6836979B2", "--corpus", str(corpus), "--format", "json").stdout)
    assert us["citations"] and all({"number", "category"} <= set(c) for c in us["citations"])
    assert {c["category"] for c in us["citations"]} <= {
        "cited by examiner",
        "cited by applicant",
        "cited by other",
    }


def test_show_unknown_number_is_a_clear_error(corpus: Path) -> None:
    result = run("show", "CN999999999A", "--corpus", str(corpus))
    assert result.returncode == 1
    assert "no document" in result.stderr and "Traceback" not in result.stderr


def test_corpus_info_json(corpus: Path) -> None:
    info = json.loads(run("corpus", "info", "--corpus", str(corpus), "--format", "json").stdout)
    assert info["records"] == 10 + 1 + 25
    assert info["by_country"] == {"CN": 11, "US": 25}
    assert info["by_source"]["uspto-xml"] == 25
    assert sum(info["by_type"].values()) == info["records"]


def test_export_every_format(corpus: Path, tmp_path: Path) -> None:
    for fmt in ("csv", "xlsx", "jsonl", "parquet"):
        out = tmp_path / f"corpus.{fmt}"
        result = run("export", "--corpus", str(corpus), "--format", fmt, "--output", str(out))
        assert result.returncode == 0, result.stderr
    with open(tmp_path / "corpus.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 36
    assert {r["publication_number"] for r in rows} >= {"CN101096965A", "CN218751475U", "CN115883397B"}
    sheet = load_workbook(tmp_path / "corpus.xlsx", read_only=True)["patents"]
    assert sum(1 for _ in sheet.iter_rows()) == 37  # header + 36
    lines = (tmp_path / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 36 and all("publication_number" in json.loads(line) for line in lines)
    assert pq.read_table(tmp_path / "corpus.parquet").num_rows == 36


def test_export_unknown_format_is_rejected(corpus: Path, tmp_path: Path) -> None:
    result = run("export", "--corpus", str(corpus), "--format", "pdf", "--output", str(tmp_path / "x.pdf"))
    assert result.returncode != 0 and "Traceback" not in result.stderr


def test_invalid_date_is_quarantined_with_reason(tmp_path: Path, data_dir: Path) -> None:
    rows = json.loads((data_dir / EXPORT).read_text(encoding="utf-8"))
    rows[3]["申请日"] = 20221345  # month 13
    bad = tmp_path / "export_bad_date.json"
    bad.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = run("ingest", str(bad), "--corpus", str(tmp_path / "c"), "--format", "json")
    assert result.returncode == 0  # the file is readable; one record is quarantined
    report = json.loads(result.stdout)
    assert (report["read"], report["stored"], report["quarantined"]) == (10, 9, 1)
    (entry,) = [
        json.loads(x) for x in Path(report["quarantine_file"]).read_text(encoding="utf-8").splitlines()
    ]
    assert entry["file"] == str(bad) and entry["position"].startswith("row 4")
    assert "20221345" in entry["reason"]


@pytest.mark.parametrize(
    "command",
    [
        ["corpus", "info"],
        ["show", "CN101096965A"],
        ["export", "--format", "csv", "--output", "{tmp}/out.csv"],
    ],
)
def test_a_missing_corpus_is_an_error_everywhere(tmp_path: Path, command: list[str]) -> None:
    command = [c.replace("{tmp}", str(tmp_path)) for c in command]
    for where in (tmp_path / "no-such-folder", tmp_path):  # a typo, and a folder nothing was ingested into
        result = run(*command, "--corpus", str(where))
        assert result.returncode == 1, result.stdout
        assert result.stderr.startswith("error: no corpus at") and "ipcenter ingest" in result.stderr
        assert result.stdout == "" and "Traceback" not in result.stderr
    assert not (tmp_path / "no-such-folder").exists() and not (tmp_path / "out.csv").exists()


def test_show_finds_a_us_design_by_the_xml_number_and_kind(tmp_path: Path, data_dir: Path) -> None:
    # issue 17: the XML prints doc-number D0xxxxxx and kind S1; the corpus keys USDxxxxxxS
    corpus = tmp_path / "designs"
    design = run("ingest", str(data_dir / "uspto-xml-samples/patentsview-db-fixtures/2009_1.xml"),
                 "--corpus", str(corpus))  # fmt: skip
    assert design.returncode == 0, design.stderr
    for form in ("USD0586076S1", "USD586076S1", "USD586076"):
        result = run("show", form, "--corpus", str(corpus), "--format", "json")
        assert result.returncode == 0, (form, result.stderr)
        assert json.loads(result.stdout)["publication_number"] == "USD586076S"
