"""The statistics facts, built once per corpus version and kept on disk beside the corpus.

A report used to flatten the corpus, group every document by application and match the SEI concordance
symbol by symbol, each time. Now the flat tables (:mod:`ipcenter.stats.facts`) and the tables derived from them
(:data:`ipcenter.stats.sql.DERIVED`: one row per application, the concordance matched per IPC code, every
application's SEI hits) are built once and written as Parquet to ``<corpus>/stats-facts/``; a report reads
them and is a scan, a filter and a group-by.

The cache is valid for one corpus version (the manifest's version, time and run), one set of the settings
the facts depend on (attribution rule, maintenance years), one SEI concordance (a digest of its tables) and
one :data:`FACTS_VERSION` of this code; anything else rebuilds it. It is written to a new folder and swapped
in with a rename, so a reader never sees half of it; a corpus folder that cannot be written (read-only
media) is served without a cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from ipcenter.corpus.store import Corpus
from ipcenter.stats import sql
from ipcenter.stats.facts import SeiConcordance, corpus_facts
from ipcenter.stats.models import StatsConfig

#: Bump when the flat facts or the derived SQL change meaning: every cache is rebuilt.
FACTS_VERSION = 1
CACHE_DIR = "stats-facts"
KEY_FILE = "key.json"
#: Flat tables kept in the cache: the derived ones are what a report reads; ``facts`` and ``fact_ipc`` are
#: kept for callers that look at documents. ``fact_text`` (the whole text) is only an input of ``app_sei``.
CACHED_FLAT = ("facts", "fact_ipc")
#: The columns of the facts that say when something happened (the latest is the corpus's "data up to").
DATA_DATE_COLUMNS = ("filing_date", "publication_date", "grant_date", "event_lapse_date")


class Materializer(Protocol):
    """An engine that can run a query and keep its result as a named table (both stats engines can)."""

    def materialize(self, name: str, sql: str) -> None: ...


def derive(eng: Materializer) -> None:
    """Materialise the derived tables in ``eng`` from the flat and concordance tables it already has.

    The same SQL runs on DuckDB and on Spark: this is what makes the two engines' results comparable."""
    for name, query in sql.DERIVED:
        eng.materialize(name, query)


def derive_tables(tables: Mapping[str, pa.Table | Path], threads: int | None = None) -> dict[str, pa.Table]:
    """The derived tables as Arrow, computed by DuckDB from ``tables`` (flat facts + SEI concordance)."""
    con = duckdb.connect()
    try:
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        _register(con, tables)
        out: dict[str, pa.Table] = {}
        for name, query in sql.DERIVED:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {query}")
            out[name] = con.sql(f"SELECT * FROM {name}").to_arrow_table()
        return out
    finally:
        con.close()


def _register(con: duckdb.DuckDBPyConnection, tables: Mapping[str, pa.Table | Path]) -> None:
    for name, table in tables.items():
        if isinstance(table, Path):
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{table.as_posix()}/*.parquet')")
        else:
            con.register(name, table)


def latest_date(facts: pa.Table | None) -> date | None:
    """The latest date the corpus's documents speak of: after it, the corpus knows no grant or lapse."""
    if facts is None or len(facts) == 0:
        return None
    import pyarrow.compute as pc

    found = [pc.max(facts[c]).as_py() for c in DATA_DATE_COLUMNS if c in facts.column_names]
    dates = [d for d in found if isinstance(d, date)]
    return max(dates) if dates else None


def sei_digest(sei: SeiConcordance) -> str:
    """A digest of the concordance tables: another transcription (or a fixed row) rebuilds the cache."""
    h = hashlib.sha1(usedforsecurity=False)
    for name in sorted(sei.tables):
        h.update(name.encode())
        h.update(json.dumps(sei.tables[name].to_pylist(), sort_keys=True, default=str).encode())
    return h.hexdigest()


def cache_key(corpus: Corpus, config: StatsConfig, sei: SeiConcordance) -> dict[str, Any]:
    """What the cached facts were built from; any difference means they are stale."""
    manifest = corpus.manifest
    return {
        "facts_version": FACTS_VERSION,
        "corpus_version": manifest.version,
        "corpus_updated_at": manifest.updated_at,
        "corpus_run": manifest.run_id,
        "attribution_rule": config.attribution_rule,
        "maintenance_years": config.maintenance_years,
        "sei": sei_digest(sei),
    }


def _read_cache(folder: Path, key: dict[str, Any]) -> tuple[dict[str, pa.Table], date | None] | None:
    try:
        stored = json.loads((folder / KEY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stored.get("key") != key:
        return None
    try:
        tables = {
            name: pq.read_table(folder / f"{name}.parquet", memory_map=True)
            for name in (*CACHED_FLAT, *sql.DERIVED_TABLES)
        }
    except (OSError, pa.ArrowInvalid):
        return None
    latest = stored.get("latest_date")
    return tables, date.fromisoformat(latest) if latest else None


def _write_cache(
    folder: Path, key: dict[str, Any], tables: Mapping[str, pa.Table], latest: date | None
) -> None:
    """Write into a new folder, then swap it in (rename): readers see the old cache or the new one."""
    tmp = folder.with_name(f".{folder.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.mkdir(parents=True)
    try:
        for name in (*CACHED_FLAT, *sql.DERIVED_TABLES):
            pq.write_table(tables[name], tmp / f"{name}.parquet", compression="zstd")
        payload = {"key": key, "latest_date": latest.isoformat() if latest else None}
        (tmp / KEY_FILE).write_text(json.dumps(payload, indent=1), encoding="utf-8")
        old = folder.with_name(f".{folder.name}.{uuid.uuid4().hex[:8]}.old")
        if folder.exists():
            os.replace(folder, old)
        os.replace(tmp, folder)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def corpus_tables(
    corpus: Corpus, config: StatsConfig, sei: SeiConcordance, *, use_cache: bool = True
) -> tuple[dict[str, pa.Table], date | None]:
    """The tables a report reads for ``corpus`` and its latest data date: from the cache when it is current,
    else built (flattened by :func:`facts.corpus_facts`, derived by :func:`derive_tables`) and cached.

    Without ``use_cache`` the tables are built in memory and include ``fact_text``, so an engine can derive
    everything itself (the Spark parity check does)."""
    folder = corpus.root / CACHE_DIR
    key = cache_key(corpus, config, sei)
    if use_cache:
        found = _read_cache(folder, key)
        if found is not None:
            return found
    flat = corpus_facts(corpus, config)
    derived = derive_tables({**flat, **sei.tables})
    latest = latest_date(flat["facts"])
    tables = {**flat, **derived}
    if use_cache:
        with contextlib.suppress(OSError):
            _write_cache(folder, key, tables, latest)
        # the same tables as a later read of the cache, whether or not it could be written
        return {k: v for k, v in tables.items() if k in (*CACHED_FLAT, *sql.DERIVED_TABLES)}, latest
    return tables, latest
