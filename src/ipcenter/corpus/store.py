"""The corpus: an immutable set of Parquet parts named by a manifest, queried with DuckDB.

Layout of a corpus directory::

    manifest.json        schema version, corpus version, the live parts, record count
    parts/*.parquet      immutable parts (rows of PATENT_SCHEMA)
    quarantine/*.jsonl   records that could not be stored (file, position, reason), one file per run
    runs/*.json          one report per ingest run
    .lock                held by the single writer

Atomicity: a writer only ever adds new part files and then swaps ``manifest.json`` with ``os.replace``.
A crash or kill before the swap leaves the previous manifest, hence the previous corpus, intact; the
orphaned parts are removed by the next writer. Readers see either the old or the new manifest. The writer's
``before_switch`` hook runs just before each swap (ingest writes its run report there), and the manifest
names the run that made it (``run_id``): every corpus version has its run report, even when the run was
killed right after the swap.

Upsert is keyed by the normalised publication number and merges: fields a new record has replace the
stored ones, fields it lacks keep their stored values (so a bibliographic export can add legal status to a
full-text record). Every merged input is listed in the row's ``sources`` with its content hash, so
re-ingesting the same input is recognised as a duplicate without reading the stored row.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ipcenter.core.errors import NotFound, UserError
from ipcenter.corpus.models import PatentRecord, Provenance, content_hash_of, is_empty
from ipcenter.corpus.schema import PATENT_SCHEMA, SCHEMA_VERSION, record_to_row, row_from_dict, row_to_record

MANIFEST = "manifest.json"


class CorpusError(UserError):
    """A corpus that cannot be opened or written (message says why and what to do)."""


class CorpusMissing(CorpusError, NotFound):
    """No corpus where one was named: only ``ipcenter ingest`` creates one."""


def atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _write_parquet_atomic(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


@dataclass
class Manifest:
    schema_version: int = SCHEMA_VERSION
    version: int = 0
    parts: list[str] = dataclasses.field(default_factory=list)
    records: int = 0
    updated_at: str | None = None
    run_id: str | None = None  # the ingest run that made this version (its report is runs/<run_id>.json)

    @classmethod
    def load(cls, root: Path) -> Manifest:
        path = root / MANIFEST
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CorpusError(f"corpus manifest {path} cannot be read: {exc}") from None
        if data.get("schema_version") != SCHEMA_VERSION:
            raise CorpusError(
                f"corpus {root} has schema version {data.get('schema_version')}, this ipcenter reads"
                f" {SCHEMA_VERSION}; re-ingest into a new corpus directory"
            )
        fields = ("schema_version", "version", "parts", "records", "updated_at")
        return cls(**{k: data[k] for k in fields}, run_id=data.get("run_id"))


class Corpus:
    """Read access to a corpus directory (no lock needed: parts are immutable)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.manifest = Manifest.load(self.root)

    @classmethod
    def existing(cls, root: Path | str) -> Corpus:
        """The corpus at ``root``; :class:`CorpusMissing` when there is none (a command that reads a corpus
        must not answer from an empty one because a path was mistyped)."""
        root = Path(root)
        if not (root / MANIFEST).is_file():
            why = "no such folder" if not root.exists() else "no manifest.json: nothing was ingested there"
            raise CorpusMissing(
                f"no corpus at {root} ({why}); create one with `ipcenter ingest PATH --corpus {root}`"
            )
        return cls(root)

    @property
    def exists(self) -> bool:
        return (self.root / MANIFEST).exists()

    @property
    def part_paths(self) -> list[Path]:
        return [self.root / p for p in self.manifest.parts]

    @property
    def version_label(self) -> str:
        """Corpus version for reports: version number and last update time."""
        return f"v{self.manifest.version} ({self.manifest.updated_at or 'empty'})"

    def connect(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with a ``patents`` view over the live parts (empty table when none)."""
        con = duckdb.connect()
        con.execute("SET threads TO 2")
        register_patents_view(con, self.part_paths)
        return con

    def __len__(self) -> int:
        return self.manifest.records

    def get_rows(self, where_sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        con = self.connect()
        try:
            cur = con.execute(f"SELECT * FROM patents WHERE {where_sql}", params or [])
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        finally:
            con.close()

    def publication_numbers_for(self, bases: list[str]) -> list[str]:
        """The stored publication numbers that are one of ``bases`` (numbers without kind code) or one of them
        with a kind code (A, B1, U …), in scan order: every publication of those numbers."""
        if not bases:
            return []
        marks = ", ".join("?" for _ in bases)
        rows = self.get_rows(
            f"publication_number IN ({marks}) OR regexp_replace(publication_number, '([0-9])[A-Z][0-9]?$', '\\1')"
            f" IN ({marks})",
            [*bases, *bases],
        )
        return list(dict.fromkeys(r["publication_number"] for r in rows))

    def iter_records(self, batch_size: int = 2000) -> Iterator[PatentRecord]:
        for path in self.part_paths:
            pf = pq.ParquetFile(path)
            for batch in pf.iter_batches(batch_size=batch_size):
                for row in batch.to_pylist():
                    yield row_to_record(row)


def register_patents_view(con: duckdb.DuckDBPyConnection, parts: list[Path]) -> None:
    if parts:
        files = ", ".join("'" + str(p).replace("'", "''") + "'" for p in parts)
        con.execute(f"CREATE OR REPLACE VIEW patents AS SELECT * FROM read_parquet([{files}])")
    else:
        con.register("_empty_patents", PATENT_SCHEMA.empty_table())
        con.execute("CREATE OR REPLACE VIEW patents AS SELECT * FROM _empty_patents")


# --------------------------------------------------------------------------- merge


def merge_records(old: PatentRecord, new: PatentRecord) -> PatentRecord:
    """Overlay: each field the new record has replaces the stored one; ``extra`` is united."""
    merged = dataclasses.replace(old)
    for f in dataclasses.fields(PatentRecord):
        if f.name in ("provenance",):
            continue
        value = getattr(new, f.name)
        if f.name == "extra":
            merged.extra = {**old.extra, **new.extra}
        elif not is_empty(value):
            setattr(merged, f.name, value)
    merged.provenance = new.provenance
    return merged


# --------------------------------------------------------------------------- writer

OutcomeCallback = Callable[[str], None]

STORED = "stored"  # a new publication number
UPDATED = "updated"  # stored: merged into an existing row and changed it
DUPLICATE = "duplicate"


class CorpusWriter:
    """The single writer of a corpus: upsert records, then :meth:`commit` (atomic manifest swap).

    Memory stays bounded: pending records are flushed to staged part files every ``flush_bytes`` of
    text; only the key → content-hash index of the corpus is kept in memory.
    """

    def __init__(
        self,
        root: Path | str,
        *,
        flush_bytes: int | None = None,
        commit_every: int = 200_000,
        run_id: str | None = None,
        before_switch: Callable[[Manifest], None] | None = None,
    ) -> None:
        self.root = Path(root)
        self.run_id = run_id
        self.before_switch = before_switch  # called with each new manifest just before it goes live
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "parts").mkdir(exist_ok=True)
        self._lock_fh = open(self.root / ".lock", "a+")  # noqa: SIM115 - held for the writer's life
        try:
            fcntl.flock(self._lock_fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock_fh.close()
            raise CorpusError(f"another ingest is writing to {self.root}; wait for it to finish") from None
        self.manifest = Manifest.load(self.root)
        self._remove_orphans()
        # IPCENTER_FLUSH_BYTES: smaller staged parts (less memory; also used by the kill test)
        self.flush_bytes = flush_bytes or int(os.environ.get("IPCENTER_FLUSH_BYTES", 32 << 20))
        self.commit_every = commit_every
        # key → content hashes of every input merged into the live row
        self._index: dict[str, set[str]] = self._load_index()
        # key → (record, its sources, its content hash and its to_dict() when already computed: a new record
        # is serialised once, for its hash and its row)
        self._pending: dict[
            str, tuple[PatentRecord, list[dict[str, Any]], str | None, dict[str, Any] | None]
        ] = {}
        self._pending_bytes = 0
        self._staged: list[str] = []  # relative part paths written in this writer, not yet committed
        self._staged_rows = 0
        self._staged_location: dict[str, str] = {}  # key → staged part holding its current row
        self._superseded: dict[str, set[str]] = {}  # part (live or staged) → keys whose row is replaced
        # inputs for stored keys waiting to be merged in one batch (see upsert's on_outcome)
        self._deferred: dict[str, list[tuple[PatentRecord, dict[str, Any], OutcomeCallback | None]]] = {}
        self._deferred_count = 0
        self.defer_batch = 5_000

    # ---------------------------------------------------------------- setup

    def _remove_orphans(self) -> None:
        live = set(self.manifest.parts)
        for path in (self.root / "parts").iterdir():
            rel = f"parts/{path.name}"
            if rel not in live:
                path.unlink(missing_ok=True)

    def _load_index(self) -> dict[str, set[str]]:
        index: dict[str, set[str]] = {}
        if not self.manifest.parts:
            return index
        con = duckdb.connect()
        try:
            register_patents_view(con, [self.root / p for p in self.manifest.parts])
            cur = con.execute(
                "SELECT publication_number, list_transform(sources, lambda s: s.content_hash) FROM patents"
            )
            while batch := cur.fetchmany(50_000):
                for key, hashes in batch:
                    index[key] = set(hashes or [])
        finally:
            con.close()
        return index

    # ---------------------------------------------------------------- upsert

    def upsert(
        self,
        record: PatentRecord,
        on_outcome: OutcomeCallback | None = None,
        *,
        prepared: tuple[dict[str, Any], str] | None = None,
    ) -> str | None:
        """Store or merge one record; returns STORED (new), UPDATED (merged, changed) or DUPLICATE.

        With ``on_outcome``, a record that must be merged into a stored row may be deferred: upsert then
        returns None and calls ``on_outcome`` with the outcome when the batch of deferred merges is resolved
        (at the latest by :meth:`commit`). Batching turns one corpus look-up per updated record into one
        per batch — what a monthly re-export of the same patents with new legal status needs.

        ``prepared``: the record's ``to_dict()`` and content hash when the caller computed them already (ingest's
        worker processes do, so that the single writer does not).
        """
        key = record.publication_number
        if prepared is not None:
            plain, content = prepared
        else:
            plain = record.to_dict()
            content = content_hash_of(plain)
        prov = record.provenance or Provenance("", "", "")
        source = {
            "source_file": prov.source_file,
            "source_format": prov.source_format,
            "position": prov.position,
            "ingested_at": prov.ingested_at or datetime.now(UTC),
            "content_hash": content,
        }
        if key in self._deferred:
            self._deferred[key].append((record, source, on_outcome))
            self._deferred_count += 1
            return None
        if key in self._pending:
            old, sources, _known, _plain = self._pending[key]
            if any(s["content_hash"] == content for s in sources):
                return DUPLICATE
            merged = merge_records(old, record)
            if merged.content_hash() == old.content_hash():
                sources.append(source)
                return DUPLICATE
            self._pending[key] = (merged, [*sources, source], None, None)
            return UPDATED
        known = self._index.get(key)
        if known is not None:
            if content in known:
                return DUPLICATE
            if on_outcome is not None:
                self._deferred[key] = [(record, source, on_outcome)]
                self._deferred_count += 1
                if self._deferred_count >= self.defer_batch:
                    self._resolve_deferred()
                return None
            outcomes = self._merge_into_stored(key, self._fetch_current([key])[key], [(record, source, None)])
            return outcomes[0]
        self._add_pending(key, record, [source], content, plain)
        return STORED

    def _merge_into_stored(
        self,
        key: str,
        old_row: dict[str, Any],
        queued: list[tuple[PatentRecord, dict[str, Any], OutcomeCallback | None]],
    ) -> list[str]:
        """Merge queued inputs, in arrival order, into the stored row of ``key``; one outcome per input."""
        current = row_to_record(old_row)
        current_hash = old_row["content_hash"]
        sources = list(old_row.get("sources") or [])
        seen = {s["content_hash"] for s in sources}
        outcomes: list[str] = []
        for record, source, callback in queued:
            if source["content_hash"] in seen:
                outcome = DUPLICATE
            else:
                merged = merge_records(current, record)
                merged_hash = merged.content_hash()
                if merged_hash == current_hash:
                    outcome = DUPLICATE
                else:
                    current, current_hash, outcome = merged, merged_hash, UPDATED
                    sources.append(source)
                    seen.add(source["content_hash"])
            outcomes.append(outcome)
            if callback is not None:
                callback(outcome)
        if current_hash != old_row["content_hash"]:
            self._supersede(key)
            self._add_pending(key, current, sources)
        return outcomes

    def _resolve_deferred(self) -> None:
        """Merge every deferred input, fetching the stored rows in one query per part group."""
        deferred, self._deferred, self._deferred_count = self._deferred, {}, 0
        if not deferred:
            return
        rows = self._fetch_current(list(deferred))
        for key, queued in deferred.items():
            self._merge_into_stored(key, rows[key], queued)

    def _fetch_current(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        """The stored rows of ``keys`` (each in a staged part of this writer or in the live corpus)."""
        groups: dict[str | None, list[str]] = {}
        for key in keys:
            groups.setdefault(self._staged_location.get(key), []).append(key)
        found: dict[str, dict[str, Any]] = {}
        con = duckdb.connect()
        try:
            for location, group in groups.items():
                paths = [self.root / location] if location else [self.root / p for p in self.manifest.parts]
                register_patents_view(con, paths)
                cur = con.execute(
                    "SELECT * FROM patents WHERE publication_number IN (SELECT unnest(?::VARCHAR[]))", [group]
                )
                names = [d[0] for d in cur.description]
                for values in cur.fetchall():
                    row = dict(zip(names, values, strict=True))
                    found[row["publication_number"]] = row
        finally:
            con.close()
        missing = [k for k in keys if k not in found]
        if missing:
            raise CorpusError(
                f"corpus index lists {missing[0]} but no part holds it; the corpus is inconsistent"
            )
        return found

    def _supersede(self, key: str) -> None:
        """Mark the row now holding ``key`` (live or staged part) as replaced."""
        location = self._staged_location.pop(key, None)
        if location:
            self._superseded.setdefault(location, set()).add(key)
        else:
            self._superseded.setdefault("*live*", set()).add(key)

    def _add_pending(
        self,
        key: str,
        record: PatentRecord,
        sources: list[dict[str, Any]],
        content: str | None = None,
        plain: dict[str, Any] | None = None,
    ) -> None:
        self._pending[key] = (record, sources, content, plain)
        self._index.setdefault(key, set()).update(s["content_hash"] for s in sources)
        self._pending_bytes += _approx_size(record)
        if self._pending_bytes >= self.flush_bytes:
            self.flush()

    # ---------------------------------------------------------------- staging and commit

    def flush(self) -> None:
        """Write pending records to a staged part (not yet visible)."""
        if not self._pending:
            return
        rows = [
            row_from_dict(plain, sources, known) if plain is not None else record_to_row(rec, sources, known)
            for rec, sources, known, plain in self._pending.values()
        ]
        table = pa.Table.from_pylist(rows, schema=PATENT_SCHEMA)
        rel = f"parts/part-{uuid.uuid4().hex}.parquet"
        _write_parquet_atomic(table, self.root / rel)
        for key, (_rec, sources, _known, _plain) in self._pending.items():
            self._staged_location[key] = rel
            self._index.setdefault(key, set()).update(s["content_hash"] for s in sources)
        self._staged.append(rel)
        self._staged_rows += len(rows)
        self._pending.clear()
        self._pending_bytes = 0
        if self._staged_rows >= self.commit_every:
            self.commit()

    def commit(self) -> Manifest:
        """Make everything upserted so far visible, atomically."""
        self._resolve_deferred()
        self.flush()
        if not self._staged and not self._superseded:
            return self.manifest
        live_superseded = self._superseded.pop("*live*", set())
        parts: list[str] = []
        for rel in self.manifest.parts:
            parts.append(self._rewrite_without(rel, live_superseded) if live_superseded else rel)
        for rel in self._staged:
            drop = self._superseded.get(rel, set())
            parts.append(self._rewrite_without(rel, drop) if drop else rel)
        parts = [p for p in parts if p]
        records = 0
        for rel in parts:
            records += pq.ParquetFile(self.root / rel).metadata.num_rows
        manifest = Manifest(
            schema_version=SCHEMA_VERSION,
            version=self.manifest.version + 1,
            parts=parts,
            records=records,
            updated_at=datetime.now(UTC).isoformat(timespec="seconds"),
            run_id=self.run_id,
        )
        if self.before_switch is not None:
            self.before_switch(manifest)
        atomic_write_text(self.root / MANIFEST, json.dumps(dataclasses.asdict(manifest), indent=1))
        old_parts = set(self.manifest.parts) | set(self._staged)
        self.manifest = manifest
        for rel in old_parts - set(parts):
            (self.root / rel).unlink(missing_ok=True)
        self._staged = []
        self._staged_rows = 0
        self._staged_location.clear()
        self._superseded.clear()
        return manifest

    def _rewrite_without(self, rel: str, keys: set[str]) -> str:
        """A new part holding the rows of ``rel`` except ``keys``; '' when nothing is left."""
        table = pq.read_table(self.root / rel, schema=PATENT_SCHEMA)
        mask = pc.invert(pc.is_in(table["publication_number"], value_set=pa.array(sorted(keys), pa.string())))
        kept = table.filter(mask)
        if kept.num_rows == table.num_rows:
            return rel
        if kept.num_rows == 0:
            return ""
        new_rel = f"parts/part-{uuid.uuid4().hex}.parquet"
        _write_parquet_atomic(kept, self.root / new_rel)
        return new_rel

    def close(self) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
            self._lock_fh.close()

    def __enter__(self) -> CorpusWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _approx_size(record: PatentRecord) -> int:
    size = 512
    for text in (record.title, record.abstract, record.description):
        if text:
            size += len(text) * 3
    for claim in record.claims:
        size += len(claim.text) * 3
    for claim in record.claims_other_languages:
        size += len(claim.text) * 3
    return size + 64 * len(record.citations)


def upsert_all(root: Path | str, records: Iterable[PatentRecord]) -> dict[str, int]:
    """Convenience for tests and tools: upsert many records and commit (updated counts as stored)."""
    counts = {STORED: 0, DUPLICATE: 0}
    with CorpusWriter(root) as writer:
        for record in records:
            outcome = writer.upsert(record)
            counts[DUPLICATE if outcome == DUPLICATE else STORED] += 1
        writer.commit()
    return counts
