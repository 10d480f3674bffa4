"""Parsing and mapping in worker processes; the corpus writer stays single, in the main process.

For a reader that can split its file cheaply (``readers.base.SplitReader``: the USPTO weekly XML files), the
main process cuts the file into documents and sends them in small batches to a pool of workers. Each worker
parses and maps its documents, validates the records, derives their legal status and computes what the writer
would otherwise compute itself (the record's dict and its content hash). The main process receives the
batches **in file order** and upserts them exactly as the one-process path does, so the corpus, the counts and
the quarantine come out the same; only the time differs.

Memory stays bounded by the largest document: a batch holds at most :data:`BATCH_BYTES` of input (or one
document larger than that), and at most :data:`IN_FLIGHT_PER_WORKER` batches per worker are out at a time —
the file is never read ahead further than that.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any

from ipcenter.corpus.models import PatentRecord, Provenance, content_hash_of
from ipcenter.corpus.status import derive_current_status
from ipcenter.ingest.readers.base import ReadItem, SplitReader, excerpt
from ipcenter.ingest.validation import validate_record

#: Input bytes per batch sent to a worker: big enough that sending costs little, small enough to bound memory.
BATCH_BYTES = 1 << 20
#: Batches out per worker at a time (one being mapped, one waiting), which bounds how far the file is read ahead.
IN_FLIGHT_PER_WORKER = 2


def default_workers() -> int:
    """One worker per core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass(slots=True)
class Prepared:
    """One input record as it reaches the writer: a record ready to store (with its dict and content hash
    when a worker computed them), or the reason it cannot be stored (with a raw excerpt for the quarantine);
    ``failure`` when the reader broke on it (the file stops there, as in the one-process path)."""

    position: str
    record: PatentRecord | None
    reason: str | None = None
    raw: str | None = None
    plain: dict[str, Any] | None = None
    content: str | None = None
    failure: str | None = None


def prepare(
    item: ReadItem, path: str, fmt: str, ingested_at: datetime, as_of: date, *, digest: bool
) -> Prepared:
    """Validate one read item and make its record ready to store: provenance, legal status and, with
    ``digest``, its dict and content hash. The one-process path and the workers share this."""
    record, reason = item.record, item.error
    if record is not None and reason is None:
        reason = validate_record(record)
    if record is None or reason is not None:
        shown = item.raw if item.raw is not None else (excerpt(repr(record)) if record else None)
        return Prepared(item.position, None, reason or "reader gave no record", shown)
    record.provenance = Provenance(path, fmt, item.position, ingested_at)
    record.legal_status = derive_current_status(record, as_of)
    if not digest:
        return Prepared(item.position, record)
    plain = record.to_dict()
    return Prepared(item.position, record, plain=plain, content=content_hash_of(plain))


# What a worker needs to know of the current file (a worker serves every file of the run).
_Job = tuple[SplitReader, str, str, datetime, date]


def _prepare_batch(job: _Job, units: list[tuple[str, bytes]]) -> list[Prepared]:
    """In a worker: map, validate, derive status and hash every unit of a batch (what the writer needs)."""
    reader, path, fmt, ingested_at, as_of = job
    out: list[Prepared] = []
    for position, raw in units:
        try:
            item = reader.map_unit(position, raw)
        except Exception as exc:  # a reader bug: the file stops here, as it would in one process
            out.append(Prepared(position, None, failure=f"{type(exc).__name__}: {exc}"))
            break
        if item is not None:
            out.append(prepare(item, path, fmt, ingested_at, as_of, digest=True))
    return out


def _batches(units: Iterator[tuple[str, bytes]]) -> Iterator[list[tuple[str, bytes]]]:
    batch: list[tuple[str, bytes]] = []
    size = 0
    for unit in units:
        batch.append(unit)
        size += len(unit[1])
        if size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _die_with_parent() -> None:
    """Worker start-up (Linux): a worker gets SIGTERM when the main process dies, even by SIGKILL, instead of
    living on as an orphan waiting for work (a killed ingest must leave nothing behind)."""
    with contextlib.suppress(Exception):
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class WorkerPool:
    """The worker processes of one ingest run, started on the first file that can use them."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: Pool | None = None

    def _get(self) -> Pool:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            # fork: the workers start at once with everything imported; elsewhere the platform's default
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            self._pool = context.Pool(self.workers, initializer=_die_with_parent)
        return self._pool

    def prepare(
        self, reader: SplitReader, path: Path, ingested_at: datetime, as_of: date
    ) -> Iterator[Prepared]:
        """Every record of ``path``, prepared by the workers, in file order. Raises what ``reader.units``
        raises (UnreadableFile) where the one-process reader would."""
        pool = self._get()
        job: _Job = (reader, str(path), reader.name, ingested_at, as_of)
        pending: deque[AsyncResult[list[Prepared]]] = deque()
        limit = self.workers * IN_FLIGHT_PER_WORKER
        for batch in _batches(reader.units(path)):
            pending.append(pool.apply_async(_prepare_batch, (job, batch)))
            while len(pending) >= limit:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def terminate(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
