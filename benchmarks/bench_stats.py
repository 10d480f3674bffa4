"""Benchmark: the full valid-invention + high-value + SEI report for every city of a province.

DuckDB vs Spark local mode (the same SQL, ipcenter.stats.sql) vs a straightforward pandas implementation, on a
synthetic corpus of N applications generated directly as the flat stats tables (the ingest of 10M export rows is
a separate cost, not measured here). Two figures per engine: building the facts derived once per corpus version
(one row per application, the SEI concordance matched per IPC code, every application's SEI hits:
``sql.DERIVED``; cached beside a real corpus by ``stats.facts_cache``) and the report over them. Spark derives
its own facts from the flat tables with the same SQL. Usage:

    python benchmarks/bench_stats.py --applications 10000000 --threads 2 [--skip-spark] [--skip-pandas]
        [--dump results.json]

Prints one JSON object with the timings and checks that the engines agree; ``--dump`` writes the DuckDB
report's rows (sorted) so that two versions of the code can be compared row for row.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ipcenter.config import data_dir
from ipcenter.stats import sql
from ipcenter.stats.facts import load_awards, load_sei
from ipcenter.stats.indicators import INDICATORS
from ipcenter.stats.models import StatsConfig

AS_OF = date(2025, 7, 31)
EPOCH = date(1970, 1, 1)
HUNAN = [
    ("430102", "长沙市", "芙蓉区"), ("430104", "长沙市", "岳麓区"), ("430202", "株洲市", "荷塘区"),
    ("430302", "湘潭市", "雨湖区"), ("430405", "衡阳市", "珠晖区"), ("430502", "邵阳市", "双清区"),
    ("430602", "岳阳市", "岳阳楼区"), ("430702", "常德市", "武陵区"), ("430802", "张家界市", "永定区"),
    ("430902", "益阳市", "资阳区"), ("431002", "郴州市", "北湖区"), ("431102", "永州市", "零陵区"),
    ("431202", "怀化市", "鹤城区"), ("431302", "娄底市", "娄星区"), ("433101", "湘西土家族苗族自治州", "吉首市"),
    ("430000", None, None),  # province only → 其他
]  # fmt: skip
OTHER = [
    ("440305", "广东省", "深圳市", "南山区"),
    ("420111", "湖北省", "武汉市", "洪山区"),
    ("110108", "北京市", "北京市", "海淀区"),
]
TYPES = np.array(["university", "research_institute", "enterprise", "government", "individual"])
IPC = [("G06F", "40", "30"), ("G06N", "3", "08"), ("H01M", "10", "0525"), ("C12N", "15", "10"), ("A01B", "1", "02"),
       ("E04B", "1", "00"), ("B65D", "81", "38"), ("F16H", "1", "28"), ("H04W", "4", "00"), ("G16H", "50", "20")]  # fmt: skip


def _days(d: date) -> int:
    return (d - EPOCH).days


def generate(n: int, seed: int = 0) -> dict[str, pa.Table]:
    rng = np.random.default_rng(seed)
    app = np.arange(n, dtype=np.int64)
    filing = rng.integers(_days(date(2003, 1, 1)), _days(date(2025, 6, 1)), n)
    kind = rng.choice(np.array(["invention", "utility_model", "design"]), n, p=[0.45, 0.4, 0.15])
    granted = rng.random(n) < 0.7
    grant = np.where(granted, filing + rng.integers(300, 1500, n), -1)
    lapsed = rng.random(n) < 0.25
    lapse = np.where(lapsed & granted, grant + rng.integers(200, 4000, n), -1)
    raw = np.where(lapse >= 0, "lapsed", np.where(granted, "in_force", "pending"))
    # owners: 80% Hunan, 15% other provinces, 5% HK/MO/TW/foreign
    where = rng.random(n)
    h = rng.integers(0, len(HUNAN), n)
    o = rng.integers(0, len(OTHER), n)
    hun_code = np.array([c for c, _, _ in HUNAN])[h]
    oth_code = np.array([c for c, _, _, _ in OTHER])[o]
    code = np.where(where < 0.8, hun_code, np.where(where < 0.95, oth_code, None))
    country = np.where(where < 0.95, "CN", rng.choice(np.array(["HK", "MO", "TW", "US", "JP"]), n))
    province = np.where(where < 0.8, "湖南省", np.array([p for _, p, _, _ in OTHER])[o])
    city = np.where(
        where < 0.8, np.array([c or "" for _, c, _ in HUNAN])[h], np.array([c for _, _, c, _ in OTHER])[o]
    )
    district = np.where(
        where < 0.8, np.array([d or "" for _, _, d in HUNAN])[h], np.array([d for _, _, _, d in OTHER])[o]
    )
    term = filing + 7305  # 20 years (leap-day detail irrelevant for timing)
    pubord = filing + 540
    date32 = pa.date32()

    def dates(x: np.ndarray) -> pa.Array:
        return pc.if_else(
            pa.array(x >= 0), pa.array(x.astype(np.int32)).cast(date32), pa.scalar(None, date32)
        )

    facts = pa.table(
        {
            "application_number": pc.cast(pa.array(app), pa.string()),
            "publication_number": pc.cast(pa.array(app), pa.string()),
            "office_country": pa.array(np.full(n, "CN")),
            "patent_type": pa.array(kind),
            "filing_date": dates(filing),
            "grant_date": dates(grant),
            "lapse_date": dates(lapse),
            "event_lapse_date": dates(np.full(n, -1)),
            "raw_state": pa.array(raw),
            "term_end": dates(term),
            "filing_plus_maint": dates(filing + 3652),
            "grant_plus_maint": dates(np.where(grant >= 0, grant + 3652, -1)),
            "owner_country": pa.array(country),
            "owner_code": pa.array(code, pa.string()),
            "owner_province": pa.array(np.where(country == "CN", province, None), pa.string()),
            "owner_city": pa.array(np.where(city == "", None, city), pa.string()),
            "owner_district": pa.array(np.where(district == "", None, district), pa.string()),
            "owner_type": pa.array(TYPES[rng.choice(5, n, p=[0.35, 0.03, 0.57, 0.01, 0.04])]),
            "owner_order": pa.array(pubord.astype(np.int64) + 100000000),
            "publication_order": pa.array(pubord.astype(np.int64)),
            "foreign_granted_family": pa.array(rng.random(n) < 0.08),
            "pledge_amount_10k": pa.array(
                np.where(rng.random(n) < 0.02, rng.random(n) * 5000, np.nan), from_pandas=True
            ),
            "publication_date": dates(pubord),
        }
    )
    k = 2
    pick = rng.integers(0, len(IPC), (n, k))
    ipc = pa.table(
        {
            "application_number": pc.cast(pa.array(np.repeat(app, k)), pa.string()),
            "position": pa.array(np.tile(np.arange(k), n).astype(np.int64)),
            "class3": pa.array(np.array([s[:3] for s, _, _ in IPC])[pick.ravel()]),
            "subclass": pa.array(np.array([s for s, _, _ in IPC])[pick.ravel()]),
            "main_group": pa.array(np.array([m for _, m, _ in IPC])[pick.ravel()]),
            "subgroup": pa.array(np.array([g for _, _, g in IPC])[pick.ravel()]),
        }
    )
    words = np.array(
        [
            "一种数据处理方法",
            "一种锂离子电池",
            "一种基因编辑载体",
            "一种农业机械",
            "人工智能中间件系统",
            "智能家居系统控制装置",
        ]
    )
    text = pa.table(
        {
            "application_number": facts["application_number"],
            "text": pa.array(words[rng.integers(0, len(words), n)]),
        }
    )
    return {"facts": facts, "fact_ipc": ipc, "fact_text": text}


def reference_tables() -> dict[str, pa.Table]:
    d = data_dir()
    assert d is not None, "shared data directory not found (IPCENTER_DATA)"
    sei = load_sei(d / "sei-ipc-2021")
    awards, _ = load_awards(d / "china-patent-award")
    return {**sei.tables, "awards": awards}


SCOPE = sql.QueryScope(as_of=AS_OF, prefixes=("43",), level="city")


CONFIG = StatsConfig(pledge_threshold_10k_yuan=1000.0)


def report(eng: Any) -> dict[str, Any]:
    """The full report for every city of the province: stages once, then every indicator's final query."""
    for stage in sql.STAGES:
        eng.materialize(stage, sql.stage_sql(stage, SCOPE, CONFIG))
    return {ind.name: eng.query(ind.query(SCOPE, CONFIG)) for ind in INDICATORS}


def _norm(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted(tuple((k, v) for k, v in sorted(r.items()) if k != "region_name") for r in rows)


def build_derived(paths: dict[str, Path], threads: int, folder: Path) -> tuple[float, dict[str, Path]]:
    """The facts built once per corpus version (DuckDB), written as Parquet as the cache writes them."""
    from ipcenter.stats.facts_cache import derive_tables

    t, cpu = time.perf_counter(), time.process_time()
    derived = derive_tables(paths, threads=threads)
    out: dict[str, Path] = {}
    for name, table in derived.items():
        (folder / name).mkdir()
        pq.write_table(table, folder / name / "part-0.parquet", compression="zstd")
        out[name] = folder / name
    CPU_SECONDS["build_facts"] = time.process_time() - cpu
    return time.perf_counter() - t, out


def run_duckdb(paths: dict[str, Path], threads: int) -> tuple[float, dict[str, Any]]:
    """The report over the derived facts and the reference tables (the flat per-document tables unread)."""
    from ipcenter.stats.engine import DuckDBEngine

    t, cpu = time.perf_counter(), time.process_time()
    eng = DuckDBEngine(paths, threads=threads)
    out = report(eng)
    eng.close()
    CPU_SECONDS["report"] = time.process_time() - cpu
    return time.perf_counter() - t, out


#: CPU seconds (every thread of this process) of the last facts build and report: on a shared machine the
#: wall clock depends on the other jobs, the CPU time much less; wall on idle cores is at least CPU / threads.
CPU_SECONDS: dict[str, float] = {}


def run_spark(paths: dict[str, Path], threads: int) -> tuple[float, float, float, dict[str, Any]]:
    """Spark derives the facts from the flat tables (same SQL), then runs the report."""
    from ipcenter.stats.engine import SparkEngine, spark_session
    from ipcenter.stats.facts_cache import derive

    t0 = time.perf_counter()
    spark_session(threads)
    start = time.perf_counter() - t0
    t = time.perf_counter()
    eng = SparkEngine(paths, cores=threads)
    derive(eng)
    derived = time.perf_counter() - t
    t = time.perf_counter()
    out = report(eng)
    eng.close()
    return start, derived, time.perf_counter() - t, out


def run_pandas(paths: dict[str, Path]) -> tuple[float, dict[str, Any]]:
    """A straightforward pandas version of the same definitions (valid + high-value + SEI), for comparison."""
    import pandas as pd

    t = time.perf_counter()
    f = pd.read_parquet(paths["facts"] / "part-0.parquet")
    as_of = pd.Timestamp(AS_OF)
    for c in (
        "filing_date",
        "grant_date",
        "lapse_date",
        "event_lapse_date",
        "term_end",
        "filing_plus_maint",
        "grant_plus_maint",
    ):
        f[c] = pd.to_datetime(f[c])
    f = f.sort_values("owner_order")
    apps = f.groupby("application_number", sort=False).agg(
        office_country=("office_country", "max"), patent_type=("patent_type", "max"), filing_date=("filing_date", "min"),
        grant_date=("grant_date", "max"), lapse_date=("lapse_date", "max"), event_lapse_date=("event_lapse_date", "min"),
        raw_state=("raw_state", "last"), term_end=("term_end", "min"), filing_plus_maint=("filing_plus_maint", "min"),
        owner_country=("owner_country", "last"), owner_code=("owner_code", "last"), owner_city=("owner_city", "last"),
        owner_type=("owner_type", "last"), fam=("foreign_granted_family", "max"), pledge=("pledge_amount_10k", "max"),
    )  # fmt: skip
    v = apps[
        (apps.office_country == "CN") & (apps.patent_type == "invention") & (apps.filing_date <= as_of)
        & (apps.term_end.isna() | (as_of < apps.term_end)) & ~(apps.lapse_date <= as_of) & ~(apps.grant_date > as_of)
        & (apps.grant_date.notna() | (apps.raw_state == "in_force"))
        & ~(apps.lapse_date.isna() & ((apps.event_lapse_date <= as_of) | ((apps.raw_state == "lapsed") & apps.event_lapse_date.isna())))
    ].copy()  # fmt: skip
    v = v[(v.owner_country == "CN") & v.owner_code.notna() & v.owner_code.str.startswith("43")]
    v["region_key"] = np.where(v.owner_code.str[2:4] == "00", "other", v.owner_code.str[:4])
    v["owner_type"] = v.owner_type.fillna("enterprise")
    valid = v.groupby(["region_key", "owner_type"]).size().rename("n").reset_index()
    # SEI
    ref = {
        k: pq.read_table(paths[k] / "part-0.parquet").to_pandas()
        for k in ("sei_include", "sei_exclude", "sei_rows", "sei_keyword")
    }
    ipc = pd.read_parquet(paths["fact_ipc"] / "part-0.parquet")
    ipc = ipc[ipc.application_number.isin(v.index)]

    def matches(df: pd.DataFrame) -> pd.Series:
        sub = (
            df.apply(lambda r: r.subclass_x.startswith(r.subclass_y), axis=1)
            if len(df) < 1000
            else pd.Series(
                [a.startswith(b) for a, b in zip(df.subclass_x, df.subclass_y, strict=True)], index=df.index
            )
        )
        wild = pd.Series(
            [
                (w and sg.startswith(p)) if isinstance(p, str) else True
                for w, sg, p in zip(df.wildcard, df.subgroup, df.subgroup_prefix, strict=True)
            ],
            index=df.index,
        )
        exact = pd.Series(
            [
                (not w) and isinstance(p, str) and sg == e
                for w, sg, p, e in zip(
                    df.wildcard, df.subgroup, df.subgroup_prefix, df.subgroup_exact, strict=True
                )
            ],
            index=df.index,
        )
        return sub & (df.main_group_y.isna() | ((df.main_group_x == df.main_group_y) & (df.subgroup_prefix.isna() | wild | exact)))  # fmt: skip

    cand = ipc.merge(ref["sei_include"], on="class3")
    cand = cand[matches(cand)][
        ["application_number", "sei_code", "group_index", "subclass_x", "main_group_x", "subgroup"]
    ]
    cand = cand.drop_duplicates()
    ex = cand.merge(ref["sei_exclude"], on=["sei_code", "group_index"])
    ex = ex[ex.subclass_x.str[:3] == ex.class3]
    ex = ex.rename(columns={"subclass": "subclass_y", "main_group": "main_group_y"})
    ex = ex[matches(ex)][
        ["application_number", "sei_code", "group_index", "subclass_x", "main_group_x", "subgroup"]
    ].drop_duplicates()
    keep = cand.merge(ex, how="left", indicator=True)
    rows_ok = keep[keep._merge == "left_only"][
        ["application_number", "sei_code", "group_index"]
    ].drop_duplicates()
    rows_ok = rows_ok.merge(ref["sei_rows"], on=["sei_code", "group_index"])
    text = pd.read_parquet(paths["fact_text"] / "part-0.parquet").set_index("application_number")["text"]
    kw = rows_ok[rows_ok.has_keywords].merge(ref["sei_keyword"], on=["sei_code", "group_index"])
    kw["t"] = text.reindex(kw.application_number).to_numpy()
    kw = kw[[term in t for term, t in zip(kw.term, kw.t, strict=True)]][
        ["application_number", "sei_code", "group_index"]
    ].drop_duplicates()
    hits = pd.concat([rows_ok[~rows_ok.has_keywords], rows_ok[rows_ok.has_keywords].merge(kw)])[
        ["application_number", "sei_code", "industry"]
    ].drop_duplicates()
    hits = hits.merge(v[["region_key"]], left_on="application_number", right_index=True)
    sei_sub = hits.groupby(["region_key", "sei_code"]).application_number.nunique()
    sei_ind = hits.groupby(["region_key", "industry"]).application_number.nunique()
    sei_any = hits.groupby("region_key").application_number.nunique()
    # high value
    sei_apps = set(hits.application_number)
    awards = set(pq.read_table(paths["awards"] / "part-0.parquet").column(0).to_pylist())
    hv = pd.DataFrame({
        "region_key": v.region_key, "owner_type": v.owner_type,
        "c_sei": v.index.isin(list(sei_apps)).astype(int), "c_family": v.fam.astype(int),
        "c_maintained": (v.filing_plus_maint < as_of).astype(int), "c_pledge": (v.pledge >= 1000.0).astype(int),
        "c_award": v.index.isin(list(awards)).astype(int),
    })  # fmt: skip
    high = hv.groupby(list(hv.columns)).size().rename("n").reset_index()
    seconds = time.perf_counter() - t
    return seconds, {
        "valid_inventions": valid.to_dict("records"),
        "high_value": high.to_dict("records"),
        "sei_counts": (int(sei_sub.sum()), int(sei_ind.sum()), int(sei_any.sum())),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--applications", type=int, default=10_000_000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-spark", action="store_true")
    ap.add_argument("--skip-pandas", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="report runs (the fastest is duckdb_s)")
    ap.add_argument("--dump", type=Path, help="write the DuckDB report's rows here (sorted JSON)")
    args = ap.parse_args()
    result: dict[str, Any] = {
        "applications": args.applications,
        "threads": args.threads,
        "cpus": os.cpu_count(),
        "load_avg_start": [round(x, 2) for x in os.getloadavg()],
    }
    t = time.perf_counter()
    tables = {**generate(args.applications), **reference_tables()}
    result["generate_s"] = round(time.perf_counter() - t, 1)
    with tempfile.TemporaryDirectory(prefix="bench-stats-") as tmp:
        paths: dict[str, Path] = {}
        for name, table in tables.items():
            (Path(tmp) / name).mkdir()
            pq.write_table(table, Path(tmp) / name / "part-0.parquet")
            paths[name] = Path(tmp) / name
        result["facts_rows"] = tables["facts"].num_rows
        del tables
        flat = {k: v for k, v in paths.items() if k in ("facts", "fact_ipc", "fact_text")}
        refs = {k: v for k, v in paths.items() if k not in flat}
        derive_dir = Path(tmp) / "derived"
        derive_dir.mkdir()
        secs, derived = build_derived(paths, args.threads, derive_dir)
        result["duckdb_build_facts_s"] = round(secs, 2)
        result["app_facts_rows"] = pq.ParquetFile(derived["app_facts"] / "part-0.parquet").metadata.num_rows
        result["duckdb_build_facts_cpu_s"] = round(CPU_SECONDS["build_facts"], 2)
        walls, cpus = [], []
        for _ in range(args.repeat):  # the report again: the first run also pays the page cache
            secs, duck = run_duckdb({**derived, **refs}, args.threads)
            walls.append(round(secs, 2))
            cpus.append(round(CPU_SECONDS["report"], 2))
        result["duckdb_s"] = min(walls)
        result["duckdb_runs_s"] = walls
        result["duckdb_report_cpu_s"] = cpus
        result["load_avg_report"] = [round(x, 2) for x in os.getloadavg()]
        if args.dump:
            args.dump.write_text(
                json.dumps({k: _norm(v) for k, v in duck.items()}, ensure_ascii=False, default=str)
            )
        valid_total = sum(r["n"] for r in duck["valid_inventions"])
        result["valid_inventions_in_province"] = valid_total
        if not args.skip_spark:
            start, built, secs, spark = run_spark({**flat, **refs}, args.threads)
            result["spark_start_s"] = round(start, 1)
            result["spark_build_facts_s"] = round(built, 2)
            result["spark_s"] = round(secs, 2)
            result["spark_equals_duckdb"] = all(_norm(duck[k]) == _norm(spark[k]) for k in duck)
        if not args.skip_pandas:
            secs, pdres = run_pandas(paths)
            result["pandas_s"] = round(secs, 2)
            dv = sorted((r["region_key"], r["owner_type"], r["n"]) for r in duck["valid_inventions"])
            pv = sorted((r["region_key"], r["owner_type"], int(r["n"])) for r in pdres["valid_inventions"])
            dh = sorted(
                tuple(
                    int(r[c]) if c != "region_key" and c != "owner_type" else r[c]
                    for c in (
                        "region_key",
                        "owner_type",
                        "c_sei",
                        "c_family",
                        "c_maintained",
                        "c_pledge",
                        "c_award",
                        "n",
                    )
                )
                for r in duck["high_value"]
            )
            ph = sorted(
                tuple(
                    int(r[c]) if c != "region_key" and c != "owner_type" else r[c]
                    for c in (
                        "region_key",
                        "owner_type",
                        "c_sei",
                        "c_family",
                        "c_maintained",
                        "c_pledge",
                        "c_award",
                        "n",
                    )
                )
                for r in pdres["high_value"]
            )
            grains = {
                g: sum(r["n"] for r in duck["sei"] if r["grain"] == g)
                for g in ("sub_field", "industry", "any")
            }
            result["pandas_equals_duckdb"] = (
                dv == pv
                and dh == ph
                and pdres["sei_counts"] == (grains["sub_field"], grains["industry"], grains["any"])
            )
    result["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
