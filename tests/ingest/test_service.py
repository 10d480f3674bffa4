"""Ingest service: counts add up, bad input is quarantined or reported, a kill leaves the corpus intact."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ipcenter.corpus.models import PatentRecord
from ipcenter.corpus.store import Corpus
from ipcenter.ingest.service import ingest, validate_record

USPTO = "uspto-xml-samples/patentsview-db-fixtures"


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcenter", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def _check_counts(report: dict) -> None:
    assert report["read"] == report["stored"] + report["duplicates"] + report["quarantined"]
    for f in report["files"]:
        assert f["read"] == f["stored"] + f["duplicates"] + f["quarantined"], f


def test_json_report_and_counts(tmp_path: Path, data_dir: Path) -> None:
    weekly = data_dir / USPTO / "ipg050104.small.xml"
    result = _cli("ingest", str(weekly), "--corpus", str(tmp_path / "c"), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) >= {"read", "stored", "duplicates", "quarantined", "files"}
    _check_counts(report)
    assert report["read"] == 25 and report["stored"] == 25  # SOURCE.md: first 25 grants of the week
    again = json.loads(
        _cli("ingest", str(weekly), "--corpus", str(tmp_path / "c"), "--format", "json").stdout
    )
    assert (again["stored"], again["duplicates"]) == (0, 25)
    assert Corpus(tmp_path / "c").manifest.records == 25


def test_truncated_xml_keeps_the_good_documents(tmp_path: Path, data_dir: Path) -> None:
    source = (data_dir / USPTO / "ipg060103.small.xml").read_bytes()
    last = source.rfind(b"<us-patent-grant")  # 25 grants (and 2 sequence listings, not patents)
    cut = (last + source.find(b"</us-patent-grant>", last)) // 2  # the last grant loses its second half
    broken = tmp_path / "ipg060103.truncated.xml"
    broken.write_bytes(source[:cut])
    report = ingest([broken], tmp_path / "c")
    f = report.files[0]
    assert (f.read, f.stored, f.quarantined) == (25, 24, 1)
    entries = [json.loads(line) for line in Path(report.quarantine_file or "").read_text().splitlines()]
    assert len(entries) == 1
    assert entries[0]["file"] == str(broken)
    assert entries[0]["position"].startswith("document 27 (byte ")  # sequence listings count as documents
    assert entries[0]["reason"]


def test_empty_and_binary_files_are_unreadable(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    binary = tmp_path / "image.xml"
    binary.write_bytes(bytes(range(256)) * 40)
    result = _cli("ingest", str(empty), str(binary), "--corpus", str(tmp_path / "c"), "--format", "json")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    statuses = {Path(f["path"]).name: (f["status"], f["error"]) for f in report["files"]}
    assert statuses["empty.csv"] == ("unreadable", "file is empty")
    assert statuses["image.xml"][0] == "unreadable" and "binary" in statuses["image.xml"][1]
    # text output for people names the problem too
    text = _cli("ingest", str(empty), "--corpus", str(tmp_path / "c"), "--lang", "en")
    assert text.returncode == 1 and "file is empty" in text.stderr


def test_missing_file_is_reported(tmp_path: Path) -> None:
    result = _cli("ingest", str(tmp_path / "nope.xml"), "--corpus", str(tmp_path / "c"), "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["files"][0]["error"] == "no such file"


def test_absurd_field_lengths_are_quarantined_not_truncated() -> None:
    record = PatentRecord("CN114081026A", "CN", "A", title="长" * 10_000)
    assert "title" in (validate_record(record) or "")
    assert validate_record(PatentRecord("CN114081026A", "CN", "A", title="正常的名称")) is None
    assert "not normalised" in (validate_record(PatentRecord("cn114081026a", "CN", "A")) or "")


def _kill_ingest_after_parts(paths: list[Path], corpus_dir: Path, parts: int) -> None:
    """Run `ipcenter ingest` and kill it (SIGKILL) once it has staged ``parts`` part files, before a commit."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "ipcenter", "ingest", *map(str, paths), "--corpus", str(corpus_dir)],
        env={**os.environ, "IPCENTER_FLUSH_BYTES": "1"},  # a staged part per record: many writes to interrupt
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline and len(list((corpus_dir / "parts").glob("part-*.parquet"))) < parts:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert len(list((corpus_dir / "parts").glob("part-*.parquet"))) >= parts, "the kill came too late to test"


def test_kill_mid_ingest_leaves_previous_corpus_and_rerun_completes(tmp_path: Path, data_dir: Path) -> None:
    corpus_dir = tmp_path / "corpus"
    first = data_dir / USPTO / "ipg050104.small.xml"
    assert _cli("ingest", str(first), "--corpus", str(corpus_dir)).returncode == 0
    before = json.loads((corpus_dir / "manifest.json").read_text())
    big = data_dir / USPTO / "ipg120327.196.xml"  # 196 grants
    _kill_ingest_after_parts([big], corpus_dir, 20)
    assert json.loads((corpus_dir / "manifest.json").read_text()) == before
    corpus = Corpus(corpus_dir)
    assert len(corpus.get_rows("true")) == before["records"] == 25
    # re-running completes the job
    result = _cli("ingest", str(big), "--corpus", str(corpus_dir), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    _check_counts(report)
    assert report["read"] == 196
    assert Corpus(corpus_dir).manifest.records == 25 + report["stored"]
    assert len(list((corpus_dir / "parts").glob("*.parquet"))) == len(Corpus(corpus_dir).manifest.parts)


def test_monthly_re_export_updates_status_and_counts_add_up(tmp_path: Path, data_dir: Path) -> None:
    """A bureau re-ingests next month's export of the same patents: every row with a new status is an update."""
    rows = json.loads((data_dir / "cn-biblio-full-sample/patentsemantix_10_records.json").read_text("utf-8"))
    first = tmp_path / "2024-06.json"
    first.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    for row in rows:
        if row["法律状态"] == "审中-实质审查":
            row["法律状态"] = "无权-视为撤回"  # the two pending applications were deemed withdrawn
    second = tmp_path / "2024-07.json"
    second.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    corpus_dir = tmp_path / "c"
    ingest([first], corpus_dir)
    report = ingest([second], corpus_dir)
    assert (report.read, report.stored, report.updated, report.duplicates) == (10, 2, 2, 8)
    again = ingest([second], corpus_dir)
    assert (again.stored, again.duplicates) == (0, 10)
    statuses = Corpus(corpus_dir).get_rows("legal_status_raw = '无权-视为撤回'")
    assert len(statuses) == 2 and all(r["legal_status"] == "lapsed" for r in statuses)
    assert Corpus(corpus_dir).manifest.records == 10


def _bom_gbk_export(path: Path, data_dir: Path) -> None:
    """The real CN export's rows as a CSV saved with a UTF-8 byte-order mark in front of GBK text."""
    rows = json.loads((data_dir / "cn-biblio-full-sample/patentsemantix_10_records.json").read_text("utf-8"))
    columns = ["申请号", "公开号", "授权公告号", "专利名称", "申请日", "公开日", "申请人"]
    lines = [",".join(columns)] + [",".join(str(r.get(c, "")) for c in columns) for r in rows]
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode("gbk"))


def test_undecodable_data_in_a_folder_is_unreadable_and_every_skip_says_why(
    tmp_path: Path, data_dir: Path
) -> None:
    folder = tmp_path / "delivery"
    folder.mkdir()
    _bom_gbk_export(folder / "2024-06.csv", data_dir)
    (folder / "README.md").write_text("what the bureau sent\n", encoding="utf-8")
    (folder / "notes.csv").write_bytes(b"")
    result = _cli("ingest", str(folder), "--corpus", str(tmp_path / "c"), "--lang", "en")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "2024-06.csv: unreadable" in result.stderr
    assert "byte-order mark but is not UTF-8" in result.stderr and "GB18030/GBK" in result.stderr
    assert "cn-export-csv" in result.stderr  # what it would be, re-encoded
    assert "skipped (format not recognised (no reader accepts this file)): README.md" in result.stdout
    assert "skipped (file is empty): notes.csv" in result.stdout
    report = json.loads(
        _cli("ingest", str(folder), "--corpus", str(tmp_path / "c"), "--format", "json").stdout
    )
    statuses = {Path(f["path"]).name: f["status"] for f in report["files"]}
    assert statuses == {"2024-06.csv": "unreadable", "README.md": "skipped", "notes.csv": "skipped"}


def test_killed_right_after_the_switch_the_new_version_has_its_run_report(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ipcenter.corpus.store as store

    corpus_dir = tmp_path / "corpus"
    ingest([data_dir / USPTO / "ipg050104.small.xml"], corpus_dir)
    real_write = store.atomic_write_text

    class Killed(BaseException):
        pass

    def write_then_die(path: Path, text: str) -> None:
        real_write(path, text)
        if path.name == "manifest.json":
            raise Killed  # the process dies the instant the new manifest is live

    monkeypatch.setattr(store, "atomic_write_text", write_then_die)
    with pytest.raises(Killed):
        ingest([data_dir / USPTO / "ipg060103.small.xml"], corpus_dir)
    manifest = json.loads((corpus_dir / "manifest.json").read_text())
    assert manifest["version"] == 2 and manifest["run_id"]
    saved = json.loads((corpus_dir / "runs" / f"{manifest['run_id']}.json").read_text())
    assert saved["status"] == "committing" and saved["corpus_version"] == 2
    assert saved["corpus_records"] == manifest["records"] == 50 and saved["stored"] == 25


def test_quarantine_of_a_killed_run_is_attached_to_a_report(tmp_path: Path, data_dir: Path) -> None:
    corpus_dir = tmp_path / "corpus"
    abstracts_only = data_dir / "kppatent-zh/data_A.json"  # thousands of records without a number
    slow = data_dir / USPTO / "ipg120327.196.xml"
    _kill_ingest_after_parts([abstracts_only, slow], corpus_dir, 5)
    (orphan,) = list((corpus_dir / "quarantine").glob("*.jsonl"))
    assert not (corpus_dir / "runs").exists() or not list((corpus_dir / "runs").glob("*.json"))
    lines = len(orphan.read_text(encoding="utf-8").splitlines())
    assert lines == 3024  # every record of data_A.json (SOURCE.md: abstract-only)
    report = ingest([data_dir / USPTO / "ipg050104.small.xml"], corpus_dir)
    attached = json.loads((corpus_dir / "runs" / f"{orphan.stem}.json").read_text())
    assert attached["status"] == "interrupted" and attached["quarantined"] == lines
    assert attached["quarantine_file"] == str(orphan) and "none of its records" in attached["note"]
    assert json.loads((corpus_dir / "runs" / f"{report.run_id}.json").read_text())["status"] == "done"


def _corpus_rows(corpus_dir: Path) -> list[tuple[object, ...]]:
    con = Corpus(corpus_dir).connect()
    try:
        # sources hold the ingest time; everything else must be the same
        sql = "SELECT * EXCLUDE (sources) FROM patents ORDER BY publication_number"
        return [tuple(r) for r in con.sql(sql).fetchall()]
    finally:
        con.close()


def test_worker_processes_give_the_same_corpus_counts_and_quarantine(tmp_path: Path, data_dir: Path) -> None:
    folder = data_dir / USPTO
    good = folder / "ipg120327.196.xml"
    broken = tmp_path / "truncated.xml"  # a document cut off mid-way: quarantined, the others stored
    blob = (folder / "ipg050104.small.xml").read_bytes()
    broken.write_bytes(blob + blob[: len(blob) // 3])
    inputs = [good, broken, data_dir / "cn-patent-xml-samples" / "CN101243817A.xml"]  # the last: no workers
    reports = {}
    for workers in (1, 2):
        reports[workers] = ingest(inputs, tmp_path / f"c{workers}", workers=workers)
    one, two = reports[1].to_dict(), reports[2].to_dict()
    for key in ("read", "stored", "updated", "duplicates", "quarantined", "corpus_records"):
        assert one[key] == two[key], key
    assert one["files"] == two["files"]
    _check_counts(one)
    assert one["quarantined"] >= 1
    assert _corpus_rows(tmp_path / "c1") == _corpus_rows(tmp_path / "c2")

    def quarantined(report: dict) -> list[tuple[str, str]]:
        lines = Path(report["quarantine_file"]).read_text(encoding="utf-8").splitlines()
        return [(e["position"], e["reason"]) for e in map(json.loads, lines)]

    assert quarantined(one) == quarantined(two)
    # re-ingesting with workers recognises every document as a duplicate
    again = ingest(inputs, tmp_path / "c1", workers=2)
    assert again.stored == 0 and again.duplicates == one["stored"] + one["duplicates"]


def test_killed_ingest_leaves_no_worker_behind(tmp_path: Path, data_dir: Path) -> None:
    corpus_dir = tmp_path / "corpus-killed-with-workers"
    big = data_dir / USPTO / "ipg120327.196.xml"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ipcenter", "ingest", str(big), "--corpus", str(corpus_dir), "--workers", "2"],
        env={**os.environ, "IPCENTER_FLUSH_BYTES": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline and len(list((corpus_dir / "parts").glob("part-*.parquet"))) < 5:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    def survivors() -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    cmdline = (entry / "cmdline").read_bytes()
                except OSError:
                    continue
                if str(corpus_dir).encode() in cmdline:
                    found.append(int(entry.name))
        return found

    deadline = time.time() + 30
    while survivors() and time.time() < deadline:
        time.sleep(0.2)
    assert survivors() == []
