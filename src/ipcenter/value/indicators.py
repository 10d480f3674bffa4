"""Compute every automatic value indicator and its cohort percentile for the whole corpus, set-wise.

The SQL is in :mod:`ipcenter.value.sql`; this module builds the small lookup tables it joins (the WIPO field
concordance, the statutory term end per type and filing date, the award list) and runs the three stages on
DuckDB. The results are Arrow tables: ``app_ind`` (one row per application, raw values, cohort) and
``percentiles`` (long form: application, indicator, raw, percentile, cohort size).
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ipcenter.core.errors import InvalidValue
from ipcenter.core.legal_status import patent_term_end
from ipcenter.core.numbers import parse_cn_application_number
from ipcenter.corpus.store import Corpus
from ipcenter.errors import NotFound
from ipcenter.value import sql

DATA = Path(__file__).resolve().parent / "data"
FIELD_MAP_FILE = DATA / "wipo_ipc_technology.tsv"
FIELD_NAMES_FILE = DATA / "wipo_fields.tsv"
#: Version of the indicator definitions (bump when an indicator's SQL changes meaning).
RULES_VERSION = "value-indicators-1"


def _tsv(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@lru_cache(maxsize=1)
def field_map() -> pa.Table:
    """WIPO IPC–technology concordance rows: IPC prefix (class, subclass or subclass + main group) → field."""
    rows = _tsv(FIELD_MAP_FILE)
    return pa.table(
        {
            "prefix": pa.array([r["prefix"] for r in rows], pa.string()),
            "field_nr": pa.array([int(r["field_nr"]) for r in rows], pa.int32()),
        }
    )


@lru_cache(maxsize=1)
def field_names() -> dict[int, dict[str, str]]:
    """Field number → {name_en, name_zh, sector_en, sector_zh}."""
    return {
        int(r["field_nr"]): {k: v for k, v in r.items() if k != "field_nr"} for r in _tsv(FIELD_NAMES_FILE)
    }


def field_label(field_nr: int | None, lang: str = "zh") -> str:
    names = field_names().get(int(field_nr or 0), field_names()[0])
    return names["name_en"] if lang == "en" else names["name_zh"]


def load_award_applications(data_dir: Path | None) -> tuple[pa.Table, int]:
    """CN application numbers of China Patent Award winners (china-patent-award: partial lists)."""
    numbers: set[str] = set()
    path = data_dir / "china-patent-award" / "china_patent_award_records.tsv" if data_dir else None
    if path is not None and path.is_file():
        for row in _tsv(path):
            raw = (row.get("patent_number") or "").strip().upper().removeprefix("ZL").strip()
            if not raw:
                continue
            try:
                numbers.add(parse_cn_application_number(raw).canonical)
            except (InvalidValue, ValueError):
                continue
    return pa.table({"app": pa.array(sorted(numbers), pa.string())}), len(numbers)


def _term_lookup(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Statutory term end for each distinct (type, filing date) of the corpus (the core rule, not per record)."""
    pairs = con.sql(
        "SELECT DISTINCT patent_type, filing_date FROM patents"
        " WHERE filing_date IS NOT NULL AND patent_type IN ('invention', 'utility_model', 'design')"
    ).fetchall()
    return pa.table(
        {
            "patent_type": pa.array([p[0] for p in pairs], pa.string()),
            "filing_date": pa.array([p[1] for p in pairs], pa.date32()),
            "term_end": pa.array([patent_term_end(p[0], p[1]) for p in pairs], pa.date32()),
        }
    )


@dataclass
class IndicatorSet:
    """Every automatic indicator of every application in scope, as of a cut-off."""

    app_ind: pa.Table
    percentiles: pa.Table
    cut_off: date
    corpus_version: str
    awards_known: int
    citing_documents: int
    timings: dict[str, float] = field(default_factory=dict)
    rules_version: str = RULES_VERSION

    def rows_for(self, app: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        """(the wide row, the long rows) of one application."""
        import pyarrow.compute as pc

        wide = self.app_ind.filter(pc.equal(self.app_ind["app"], app)).to_pylist()
        long = self.percentiles.filter(pc.equal(self.percentiles["app"], app)).to_pylist()
        return (wide[0] if wide else None), long


def default_cut_off(corpus: Corpus) -> date:
    """The day the corpus was last updated: nothing later can be in it."""
    stamp = corpus.manifest.updated_at
    if stamp:
        try:
            return datetime.fromisoformat(stamp).date()
        except ValueError:
            pass
    return date.today()


def flatten(con: duckdb.DuckDBPyConnection) -> None:
    """Stage 1: the flat tables v_doc, v_ipc, v_cite, v_family, v_member (temporary tables of ``con``)."""
    con.register("lk_term", _term_lookup(con))
    con.execute(f"CREATE OR REPLACE TEMP TABLE v_doc AS {sql.FLATTEN_DOC}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE v_ipc AS {sql.FLATTEN_IPC}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE v_cite AS {sql.FLATTEN_CITE}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE v_family AS {sql.FLATTEN_FAMILY}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE v_member AS {sql.FLATTEN_MEMBER}")
    con.unregister("lk_term")


def compute_on(
    con: duckdb.DuckDBPyConnection, cut_off: date, awards: pa.Table, *, flattened: bool = False
) -> tuple[pa.Table, pa.Table, dict[str, float]]:
    """Stages 1–3 on a connection with a ``patents`` view; returns (app_ind, percentiles, seconds per stage)."""
    timings: dict[str, float] = {}
    cpu = time.process_time()
    started = time.perf_counter()
    if not flattened:
        flatten(con)
    timings["flatten"] = time.perf_counter() - started
    con.register("field_map", field_map())
    con.register("awards", awards)
    cut = sql.day_number(cut_off)
    started = time.perf_counter()
    con.execute(f"CREATE OR REPLACE TEMP TABLE links AS {sql.LINKS_SQL.format(cut=cut)}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE app_ind AS {sql.INDICATORS_SQL.format(cut=cut)}")
    timings["indicators"] = time.perf_counter() - started
    started = time.perf_counter()
    con.execute(f"CREATE OR REPLACE TEMP TABLE ind_long AS {sql.long_sql()}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE ind_pct AS {sql.PERCENTILES_SQL}")
    timings["percentiles"] = time.perf_counter() - started
    # CPU seconds of all threads: on a shared machine the wall clock measures the neighbours too
    timings["cpu"] = time.process_time() - cpu
    app_ind = con.sql("SELECT * FROM app_ind").to_arrow_table()
    percentiles = con.sql("SELECT * FROM ind_pct").to_arrow_table()
    return app_ind, percentiles, timings


def compute_indicators(corpus: Corpus, data_dir: Path | None, cut_off: date | None = None) -> IndicatorSet:
    """Every automatic indicator and cohort percentile of the corpus as of ``cut_off`` (default: its update day)."""
    if not corpus.exists:
        raise NotFound(f"no corpus at {corpus.root} (ingest files first: ipcenter ingest …)")
    cut = cut_off or default_cut_off(corpus)
    awards, n_awards = load_award_applications(data_dir)
    con = corpus.connect()
    try:
        app_ind, percentiles, timings = compute_on(con, cut, awards)
        citing = con.execute(
            "SELECT count(DISTINCT publication_number) FROM v_cite WHERE cited_root IS NOT NULL"
        ).fetchone()
    finally:
        con.close()
    return IndicatorSet(
        app_ind=app_ind,
        percentiles=percentiles,
        cut_off=cut,
        corpus_version=corpus.version_label,
        awards_known=n_awards,
        citing_documents=int(citing[0]) if citing else 0,
        timings=timings,
    )
