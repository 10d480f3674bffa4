"""Ingest runs as the platform shows them: the reports `ingest.service.ingest` saves under ``runs/`` and the
records it quarantined under ``quarantine/``, read back; and the ingest of one uploaded file."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from ipcenter.errors import InvalidValue, NotFound
from ipcenter.ingest.service import IngestReport, ingest

#: what `ingest.service.ingest` names a run: UTC time and six hex digits
RUN_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6}$")
#: file types an upload may have (the readers recognise a format by content; these are the ones they read)
UPLOAD_SUFFIXES = (".xml", ".json", ".jsonl", ".csv", ".tsv", ".txt", ".xlsx", ".xls")


def list_runs(corpus_dir: Path, limit: int = 100) -> list[dict[str, Any]]:
    """The latest runs, newest first, each with its counts (the `ipcenter ingest --format json` report)."""
    folder = corpus_dir / "runs"
    if not folder.is_dir():
        return []
    runs = []
    for path in sorted(folder.glob("*.json"), reverse=True)[:limit]:
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(report, dict) or not RUN_ID.match(str(report.get("run_id", ""))):
            continue  # not a run report this version wrote
        report["failed_files"] = sum(
            f.get("status") in ("unreadable", "failed") for f in report.get("files", [])
        )
        runs.append(report)
    return runs


def get_run(corpus_dir: Path, run_id: str) -> dict[str, Any]:
    if not RUN_ID.match(run_id):
        raise NotFound(f"no ingest run {run_id!r}")
    path = corpus_dir / "runs" / f"{run_id}.json"
    try:
        report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise NotFound(f"no ingest run {run_id!r}") from None
    return report


def quarantined(corpus_dir: Path, run_id: str, *, page: int = 1, size: int = 50) -> dict[str, Any]:
    """The run's quarantined records (file, format, position, reason, raw excerpt), a page at a time."""
    get_run(corpus_dir, run_id)
    path = corpus_dir / "quarantine" / f"{run_id}.jsonl"
    items: list[dict[str, Any]] = []
    total = 0
    first = (page - 1) * size
    if path.is_file():
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                if first <= total < first + size:
                    try:
                        items.append(json.loads(line))
                    except ValueError:
                        items.append({"reason": "unreadable quarantine line", "raw": line[:300]})
                total += 1
    return {"run_id": run_id, "total": total, "page": page, "size": size, "items": items}


def safe_name(filename: str) -> str:
    """The upload's base name reduced to letters, digits, CJK, dot, dash and underscore (no paths)."""
    base = Path(filename.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\-]", "_", base)[:120].lstrip(".")
    return cleaned or "upload"


def ingest_upload(corpus_dir: Path, filename: str, body: bytes) -> IngestReport:
    """Ingest one uploaded file into the corpus (its type checked first; the copy removed afterwards)."""
    name = safe_name(filename)
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InvalidValue(
            f"{filename or 'the file'}: expected one of {', '.join(UPLOAD_SUFFIXES)}", http_status=415
        )
    if not body.strip():
        raise InvalidValue(f"{filename}: the file is empty")
    with tempfile.TemporaryDirectory(prefix="ipcenter-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(body)
        return ingest([path], corpus_dir)
