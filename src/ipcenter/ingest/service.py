"""Ingest: detect each file's format, stream its records into the corpus, quarantine what cannot be stored.

Invariant, per file and per run: ``read = stored + duplicates + quarantined``. A record is quarantined
with its file, position and reason (``quarantine/<run>.jsonl`` in the corpus directory). A file that
cannot be read at all is reported as ``unreadable`` and makes the run fail (non-zero exit in the CLI);
files of no known format met while walking a directory are reported as ``skipped``.
"""

from __future__ import annotations

import codecs
import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from ipcenter.corpus.models import PatentRecord
from ipcenter.corpus.store import DUPLICATE, UPDATED, CorpusWriter, Manifest, atomic_write_text
from ipcenter.ingest import parallel
from ipcenter.ingest.errors import UnreadableFile
from ipcenter.ingest.readers import ALL_READERS, Reader
from ipcenter.ingest.readers.base import SplitReader
from ipcenter.ingest.validation import FIELD_LIMITS, validate_record

__all__ = ["FIELD_LIMITS", "validate_record"]  # re-exported: what a record must satisfy to be stored

SNIFF_BYTES = 64 * 1024


@dataclass
class FileReport:
    path: str
    format: str | None
    status: str  # ok / unreadable / skipped / failed
    read: int = 0
    stored: int = 0  # new documents + updated ones
    updated: int = 0  # of stored: merged into a document already in the corpus, and changed it
    duplicates: int = 0
    quarantined: int = 0
    error: str | None = None

    def tally(self, outcome: str) -> None:
        """Count one stored / updated / duplicate outcome (called late for merges the corpus batches)."""
        if outcome == DUPLICATE:
            self.duplicates += 1
        else:
            self.stored += 1
            self.updated += outcome == UPDATED


@dataclass
class IngestReport:
    run_id: str
    corpus: str
    files: list[FileReport] = field(default_factory=list)
    corpus_version: int = 0
    corpus_records: int = 0
    quarantine_file: str | None = None

    @property
    def read(self) -> int:
        return sum(f.read for f in self.files)

    @property
    def stored(self) -> int:
        return sum(f.stored for f in self.files)

    @property
    def updated(self) -> int:
        return sum(f.updated for f in self.files)

    @property
    def duplicates(self) -> int:
        return sum(f.duplicates for f in self.files)

    @property
    def quarantined(self) -> int:
        return sum(f.quarantined for f in self.files)

    @property
    def failed_files(self) -> list[FileReport]:
        return [f for f in self.files if f.status in ("unreadable", "failed")]

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "corpus": self.corpus,
            "read": self.read,
            "stored": self.stored,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "quarantined": self.quarantined,
            "corpus_version": self.corpus_version,
            "corpus_records": self.corpus_records,
            "quarantine_file": self.quarantine_file,
            "files": [asdict(f) for f in self.files],
        }


# --------------------------------------------------------------------------- discovery


def detect_reader(path: Path, readers: Iterable[Reader] = ALL_READERS) -> Reader | None:
    """The first reader that accepts the file, or None."""
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    for reader in readers:
        try:
            if reader.sniff(path, head):
                return reader
        except Exception:  # a sniffer must never stop discovery; treat as "not mine"
            continue
    return None


def read_records(path: Path | str) -> Iterator[PatentRecord]:
    """The one way any domain reads a user's file into canonical records (no corpus involved).

    The format is detected as at ingest; records that a reader could not map are left out (ingest
    quarantines them). Raises `UnreadableFile` (a `UserError`) when the file is missing or no reader
    accepts it, or when the file breaks off.
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file")
    try:
        reader = detect_reader(path)
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot open: {exc.strerror or exc}") from exc
    if reader is None:
        raise UnreadableFile(f"{path}: {_why_unrecognised(path)[1]}")
    for item in reader.read(path):
        if item.record is not None and item.error is None:
            yield item.record


def iter_input_files(paths: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """(file, given explicitly). Directories are walked in sorted order, hidden entries skipped."""
    for path in paths:
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if not name.startswith("."):
                        yield Path(dirpath) / name, False
        else:
            yield path, True


# --------------------------------------------------------------------------- ingest


class _Quarantine:
    """Append-only JSONL of quarantined records; created on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] | None = None

    def add(self, file: Path, fmt: str | None, position: str, reason: str, raw: str | None) -> None:
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        entry = {"file": str(file), "format": fmt, "position": position, "reason": reason, "raw": raw}
        self._fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


ProgressCallback = Callable[[str, int], None]


def ingest(
    paths: Iterable[Path | str],
    corpus_dir: Path | str,
    *,
    progress: ProgressCallback | None = None,
    today: date | None = None,
    workers: int | None = 1,
) -> IngestReport:
    """Ingest files and directories into the corpus; returns the run report (also saved under runs/).

    ``workers`` > 1 (None: one per core) parses and maps the files that can be split (USPTO weekly XML) in
    that many worker processes (:mod:`ingest.parallel`); the writer stays single and the corpus, counts and
    quarantine are the same as with one process.

    The report is saved before each switch to a new corpus version (status ``committing``) and again at
    the end (``done``), so a run killed right after a switch still has its report; the manifest names the
    run. Quarantine files of runs killed before any switch are attached to a report of their own first.
    """
    corpus_root = Path(corpus_dir)
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]
    report = IngestReport(run_id=run_id, corpus=str(corpus_root))
    quarantine = _Quarantine(corpus_root / "quarantine" / f"{run_id}.jsonl")
    as_of = today or date.today()

    def before_switch(manifest: Manifest) -> None:
        report.corpus_version, report.corpus_records = manifest.version, manifest.records
        _save_report(corpus_root, report, quarantine, "committing")

    count = parallel.default_workers() if workers is None else workers
    pool = parallel.WorkerPool(count) if count > 1 else None
    with CorpusWriter(corpus_root, run_id=run_id, before_switch=before_switch) as writer:
        attach_orphaned_quarantine(corpus_root)
        try:
            for path, explicit in iter_input_files(Path(p) for p in paths):
                report.files.append(_ingest_file(path, explicit, writer, quarantine, progress, as_of, pool))
            manifest = writer.commit()
        except BaseException:
            if pool is not None:
                pool.terminate()
            raise
        finally:
            quarantine.close()
            if pool is not None:
                pool.close()
        report.corpus_version = manifest.version
        report.corpus_records = manifest.records
        _save_report(corpus_root, report, quarantine, "done")
    return report


def _save_report(corpus_root: Path, report: IngestReport, quarantine: _Quarantine, status: str) -> None:
    if quarantine.path.exists():
        report.quarantine_file = str(quarantine.path)
    runs = corpus_root / "runs"
    runs.mkdir(exist_ok=True)
    saved = {**report.to_dict(), "status": status}
    atomic_write_text(runs / f"{report.run_id}.json", json.dumps(saved, indent=1, ensure_ascii=False))


def attach_orphaned_quarantine(corpus_root: Path) -> list[str]:
    """Give each quarantine file without a run report (its run was killed before it committed anything)
    a report saying so; returns their run ids. Call it holding the writer's lock (another run's file is
    not an orphan while that run goes on)."""
    runs = corpus_root / "runs"
    attached = []
    for path in sorted((corpus_root / "quarantine").glob("*.jsonl")):
        run_id = path.stem
        if (runs / f"{run_id}.json").exists():
            continue
        with open(path, encoding="utf-8", errors="replace") as fh:
            entries = sum(1 for line in fh if line.strip())
        runs.mkdir(exist_ok=True)
        orphan = {
            "run_id": run_id,
            "corpus": str(corpus_root),
            "status": "interrupted",
            "quarantined": entries,
            "quarantine_file": str(path),
            "note": "the run stopped before it committed: none of its records are in the corpus; "
            "the records listed in its quarantine file were not stored either",
        }
        atomic_write_text(runs / f"{run_id}.json", json.dumps(orphan, indent=1, ensure_ascii=False))
        attached.append(run_id)
    return attached


def _ingest_file(
    path: Path,
    explicit: bool,
    writer: CorpusWriter,
    quarantine: _Quarantine,
    progress: ProgressCallback | None,
    as_of: date,
    pool: parallel.WorkerPool | None = None,
) -> FileReport:
    if not path.exists():
        return FileReport(str(path), None, "unreadable", error="no such file")
    try:
        reader = detect_reader(path)
    except OSError as exc:
        return FileReport(str(path), None, "unreadable", error=f"cannot open: {exc.strerror or exc}")
    if reader is None:
        return _unrecognised(path, explicit)
    fr = FileReport(str(path), reader.name, "ok")
    ingested_at = datetime.now(UTC)
    if pool is not None and isinstance(reader, SplitReader):
        items = pool.prepare(reader, path, ingested_at, as_of)
    else:
        items = _prepare_here(reader, path, ingested_at, as_of)
    while True:
        try:
            item = next(items)
        except StopIteration:
            break
        except UnreadableFile as exc:
            fr.status, fr.error = "unreadable", str(exc)
            break
        except Exception as exc:  # a reader bug or an input no reader anticipated: stop this file, say where
            fr.status = "failed"
            fr.error = f"reading stopped after {fr.read} records: {type(exc).__name__}: {exc}"
            break
        if item.failure is not None:  # the same, met in a worker
            fr.status = "failed"
            fr.error = f"reading stopped after {fr.read} records: {item.failure}"
            break
        fr.read += 1
        if item.record is None:
            fr.quarantined += 1
            quarantine.add(path, reader.name, item.position, item.reason or "reader gave no record", item.raw)
            continue
        prepared = (item.plain, item.content) if item.plain is not None and item.content else None
        outcome = writer.upsert(item.record, on_outcome=fr.tally, prepared=prepared)
        if outcome is not None:
            fr.tally(outcome)
        if progress is not None:
            progress(str(path), fr.read)
    return fr


def _prepare_here(
    reader: Reader, path: Path, ingested_at: datetime, as_of: date
) -> Iterator[parallel.Prepared]:
    """The one-process path: read, validate and prepare each record here (the writer hashes it)."""
    for item in reader.read(path):
        yield parallel.prepare(item, str(path), reader.name, ingested_at, as_of, digest=False)


#: Suffixes of the text formats patent data comes in: such a file that cannot be decoded is unreadable
#: (the run fails and says why), not skipped like a README.
TEXT_DATA_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".json", ".jsonl", ".xml"})


def _unrecognised(path: Path, explicit: bool) -> FileReport:
    """The report of a file no reader accepts: unreadable when named explicitly or when it is patent data
    that cannot be decoded; skipped otherwise. Either way the reason is given."""
    looks_like_data, why = _why_unrecognised(path)
    status = "unreadable" if explicit or looks_like_data else "skipped"
    return FileReport(str(path), None, status, error=why)


def _why_unrecognised(path: Path) -> tuple[bool, str]:
    """(whether the file looks like patent data, why no reader accepts it)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        return True, f"cannot open: {exc.strerror or exc}"
    if size == 0:
        return False, "file is empty"
    if b"\x00" in head[:4096] and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False, "file is binary, not a known patent data format"
    broken = _broken_encoding(head)
    if broken is not None:
        why, transcoded = broken
        reader = _reader_of_head(path, transcoded) if transcoded is not None else None
        if reader is not None:
            why += f"; re-encoded it would be {reader} data: save it again as UTF-8 (or GBK without the mark)"
        return reader is not None or path.suffix.lower() in TEXT_DATA_SUFFIXES, why
    return False, "format not recognised (no reader accepts this file)"


def _broken_encoding(head: bytes) -> tuple[str, bytes | None] | None:
    """Why a text file's bytes contradict its byte-order mark, with its head re-encoded as UTF-8 when the
    text turns out to be GB18030/GBK (a UTF-8 mark saved in front of Chinese Windows text); None when the
    bytes agree with the mark (or there is none)."""
    if not head.startswith(codecs.BOM_UTF8):
        return None
    body = head[len(codecs.BOM_UTF8) :]
    try:
        body.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        if exc.start >= len(body) - 3 and exc.reason == "unexpected end of data":
            return None  # the sample ends inside a character
        why = (
            f"starts with a UTF-8 byte-order mark but is not UTF-8: bytes "
            f"{body[exc.start : exc.start + 2].hex(' ')} at byte {exc.start + 3} ({exc.reason})"
        )
    try:
        text = body.decode("gb18030")
    except UnicodeDecodeError:
        return why, None
    return why + "; the text is GB18030/GBK", text.encode("utf-8")


def _reader_of_head(path: Path, head: bytes) -> str | None:
    for reader in ALL_READERS:
        try:
            if reader.sniff(path, head):
                return reader.name
        except Exception:  # a sniffer must never stop the diagnosis
            continue
    return None
