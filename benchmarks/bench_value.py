"""Benchmark of the value domain on a labelled SYNTHETIC corpus (default 1,000,000 documents):

1. every automatic indicator and its cohort percentile for every application (DuckDB, 2 threads), target ≤ 60 s;
2. the same computation in pandas in the same run (benchmarks/bench_value_pandas.py), and whether both agree;
3. a navigation report (every table, the landscape map, HTML and XLSX) on a ~10,000-document set, target ≤ 30 s;
   and the report's headline tables again in pandas.

    PYTHONPATH=src python benchmarks/bench_value.py --docs 1000000 --root /tmp/bench-value --json out.json

Figures are in docs/benchmarks.md. The machine's load average is recorded with them (the development machine
is shared by several processes; the targets are for a quiet 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_value_pandas
from bench_value_synthetic import write_corpus

from ipcenter.corpus.store import Corpus
from ipcenter.value import nav_output, navigation
from ipcenter.value.indicators import compute_indicators

CUT_OFF = date(2025, 12, 31)
#: Three IPC main groups select about 10,000 of 1,000,000 synthetic documents.
NAV_IPC = "G06F3,G06F7,H04L9"


def _load() -> float:
    return os.getloadavg()[0]


def bench_indicators(corpus: Corpus, with_pandas: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"load_before": round(_load(), 2)}
    started, cpu = time.perf_counter(), time.process_time()
    ind = compute_indicators(corpus, None, CUT_OFF)
    out["duckdb_seconds"] = round(time.perf_counter() - started, 2)
    out["duckdb_cpu_seconds"] = round(time.process_time() - cpu, 2)
    out["duckdb_stages"] = {k: round(v, 2) for k, v in ind.timings.items()}
    out["applications"] = ind.app_ind.num_rows
    out["indicator_values"] = ind.percentiles.num_rows
    if with_pandas:
        started, cpu = time.perf_counter(), time.process_time()
        _, long = bench_value_pandas.indicators(corpus.part_paths, CUT_OFF)
        out["pandas_seconds"] = round(time.perf_counter() - started, 2)
        out["pandas_cpu_seconds"] = round(time.process_time() - cpu, 2)
        ours = ind.percentiles.to_pandas()
        merged = ours.merge(
            long, on=["app", "indicator"], how="outer", suffixes=("_duck", "_pandas"), indicator=True
        )
        both = merged[merged["_merge"] == "both"]
        differing = both[(both["raw_duck"] - both["raw_pandas"]).abs() > 1e-9]
        out["differing_rows_by_indicator"] = differing.groupby("indicator").size().to_dict()
        out["differing_examples"] = (
            differing[["app", "indicator", "raw_duck", "raw_pandas"]].head(5).to_dict("records")
        )
        out["agreement"] = {
            "rows_only_in_one": int((merged["_merge"] != "both").sum()),
            "max_raw_difference": float((both["raw_duck"] - both["raw_pandas"]).abs().max()),
            "max_percentile_difference": float(
                (both["percentile_duck"] - both["percentile_pandas"]).abs().max()
            ),
            "cohort_sizes_equal": bool((both["cohort_size_duck"] == both["cohort_size_pandas"]).all()),
        }
    out["load_after"] = round(_load(), 2)
    return out


def pandas_nav_tables(corpus: Corpus, numbers: list[str]) -> dict[str, Any]:
    """Trend, offices, IPC subclasses and applicants (names as written) of the set, in pandas."""
    t = pq.read_table(
        [str(p) for p in corpus.part_paths],
        columns=["publication_number", "country", "publication_date", "ipc", "applicants"],
    )
    df = t.to_pandas()
    df = df[df["publication_number"].isin(set(numbers))]
    years = pd.to_datetime(df["publication_date"]).dt.year.value_counts()
    subs = df["ipc"].map(lambda xs: {x[:4] for x in xs}).explode().value_counts()
    names = df["applicants"].map(lambda ps: {p["name"] for p in ps}).explode().value_counts()
    return {
        "years": years.to_dict(),
        "offices": df["country"].value_counts().to_dict(),
        "subclasses": subs.head(20).to_dict(),
        "applicants": names.head(20).to_dict(),
    }


def bench_navigation(corpus_dir: Path, out_dir: Path, with_pandas: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"load_before": round(_load(), 2)}
    started, cpu = time.perf_counter(), time.process_time()
    report = navigation.navigate(corpus_dir, "产业规划", ipc=NAV_IPC)
    nav_output.write(report, out_dir / "navigation.html")
    nav_output.write(report, out_dir / "navigation.xlsx")
    out["seconds"] = round(time.perf_counter() - started, 2)
    out["cpu_seconds"] = round(time.process_time() - cpu, 2)
    out["stages"] = {k: round(v, 2) for k, v in report.timings.items()}
    out["documents"] = report.data.summary["documents"]
    out["map_points"] = report.landscape.shown
    if with_pandas:
        started = time.perf_counter()
        tables = pandas_nav_tables(Corpus(corpus_dir), report.docs.numbers)
        out["pandas_headline_tables_seconds"] = round(time.perf_counter() - started, 2)
        ours_offices = {r[0]: r[1] for r in report.data.tables["offices"].rows}
        ours_years = {r[0]: r[2] for r in report.data.tables["trend"].rows if r[2]}
        out["pandas_agrees"] = ours_offices == tables["offices"] and ours_years == {
            int(k): v for k, v in tables["years"].items()
        }
    out["load_after"] = round(_load(), 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--root", type=Path, default=Path("/tmp/bench-value"))
    parser.add_argument("--no-pandas", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    corpus_dir = args.root / f"synthetic-{args.docs}"
    if not (corpus_dir / "manifest.json").exists():
        started = time.perf_counter()
        write_corpus(corpus_dir, args.docs)
        print(
            f"generated {args.docs} synthetic documents in {time.perf_counter() - started:.1f} s", flush=True
        )
    corpus = Corpus(corpus_dir)
    result = {
        "documents": args.docs,
        "synthetic": True,
        "cpus": os.cpu_count(),
        "cut_off": CUT_OFF.isoformat(),
    }
    result["indicators"] = bench_indicators(corpus, not args.no_pandas)
    print(json.dumps(result["indicators"], indent=1), flush=True)
    result["navigation"] = bench_navigation(corpus_dir, args.root, not args.no_pandas)
    print(json.dumps(result["navigation"], indent=1), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
