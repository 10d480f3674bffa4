"""Throughput of the formal claims checker on real applications (target: ≥ 500 applications/s on 2 cores),
and the seeded-defect suite's recall per rule.

    python benchmarks/bench_examine.py [--data DIR] [--workers 2] [--seeded]
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ipcenter.config import data_dir
from ipcenter.examine.seeding import clean_bases, run_suite
from ipcenter.examine.service import check_application
from ipcenter.examine.sources import REAL_SETS, kppatent_applications


def _check_chunk(apps: list) -> int:
    return sum(len(check_application(a).findings) for a in apps)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seeded", action="store_true", help="also run the full seeded-defect suite")
    args = parser.parse_args()
    data = args.data or data_dir()
    apps = [a for name, fn in REAL_SETS.items() for a in fn(data)]
    started = time.perf_counter()
    for a in apps:
        check_application(a)
    one = time.perf_counter() - started
    print(f"{len(apps)} applications, 1 process: {one:.2f} s = {len(apps) / one:.0f} applications/s")
    chunks = [apps[i :: args.workers * 4] for i in range(args.workers * 4)]
    started = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        list(pool.map(_check_chunk, chunks))
    many = time.perf_counter() - started
    print(f"{args.workers} processes (incl. start-up): {many:.2f} s = {len(apps) / many:.0f} applications/s")
    if args.seeded:
        bases = clean_bases(list(kppatent_applications(data)))
        outcomes = run_suite(bases)
        print(f"seeded-defect suite on {len(bases)} clean KPPatent claim sets")
        print("| rule | seeded | found | recall | seeds with another new error |")
        print("|---|---:|---:|---:|---:|")
        for o in outcomes.values():
            print(f"| {o.rule} | {o.seeded} | {o.found} | {o.recall:.3f} | {o.extra_errors} |")


if __name__ == "__main__":
    main()
