"""Throughput of the formal claims checker on real applications (target: ≥ 500 applications/s on 2 cores),
and the seeded-defect suite's recall per rule.

    python benchmarks/bench_examine.py [--data DIR] [--workers 2] [--repeat 5] [--seeded] [--sample SEED K]

Every run starts with cold caches (``clear_caches``). The machine is shared: the load average is printed with
the figures, and the best of ``--repeat`` runs is the one least disturbed by other jobs. Wall time is what
counts; CPU time of the process is printed beside it to show how much the load stole.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ipcenter.config import data_dir
from ipcenter.examine.models import Application
from ipcenter.examine.seeding import clean_bases, run_suite
from ipcenter.examine.service import check_application, clear_caches
from ipcenter.examine.sources import REAL_SETS, kppatent_applications


def _check_chunk(apps: list[Application]) -> int:
    return sum(len(check_application(a).findings) for a in apps)


def _warm(_: int) -> int:
    return os.getpid()


def one_process(apps: list[Application], repeat: int) -> tuple[float, float]:
    """Best (wall, cpu) seconds over ``repeat`` cold runs."""
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        clear_caches()
        wall, cpu = time.perf_counter(), time.process_time()
        for a in apps:
            check_application(a)
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    return best


def pool(apps: list[Application], workers: int, repeat: int) -> tuple[float, float]:
    """Best wall seconds with ``workers`` processes: (including the pool's start-up, steady pool)."""
    chunks = [apps[i :: workers * 4] for i in range(workers * 4)]
    with_start = steady = float("inf")
    for _ in range(repeat):
        clear_caches()  # forked workers would otherwise inherit warm caches
        started = time.perf_counter()
        with ProcessPoolExecutor(workers) as executor:
            list(executor.map(_warm, range(workers)))
            ready = time.perf_counter()
            list(executor.map(_check_chunk, chunks))
            done = time.perf_counter()
        with_start = min(with_start, done - started)
        steady = min(steady, done - ready)
    return with_start, steady


def print_sample(apps: list[Application], seed: int, k: int) -> None:
    """K error findings drawn at random (``random.seed(seed)``) for the hand review in docs/examine.md."""
    errors = []
    for a in apps:
        result = check_application(a)
        errors.extend((a, result, f) for f in result.findings if f.severity == "error")
    random.seed(seed)
    print(f"{len(errors)} error findings; sample of {k}, seed {seed}")
    for n, (a, result, f) in enumerate(random.sample(errors, k), start=1):
        if f.part == "claims":
            text = result.claims[f.claim_index].text
            shown = text[max(0, f.start - 60) : f.end + 40]
        else:
            shown = (result.abstract if f.part == "abstract" else result.title) or ""
        print(f"#{n} {a.id} claim {f.claim} {f.rule}: {f.message_en}\n   {shown!r}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seeded", action="store_true", help="also run the full seeded-defect suite")
    parser.add_argument("--sample", nargs=2, type=int, metavar=("SEED", "K"), help="print K random errors")
    args = parser.parse_args()
    data = args.data or data_dir()
    sets = {name: list(fn(data)) for name, fn in REAL_SETS.items()}
    apps = [a for v in sets.values() for a in v]
    if args.sample:
        print_sample(apps, *args.sample)
        return
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} CPUs")
    for label, chosen in (("all real sets", apps), ("KPPatent", sets["kppatent"])):
        wall, cpu = one_process(chosen, args.repeat)
        print(
            f"{label}: {len(chosen)} applications, 1 process: {wall:.2f} s wall = {len(chosen) / wall:.0f}/s "
            f"(CPU {cpu:.2f} s = {len(chosen) / cpu:.0f}/s)"
        )
    with_start, steady = pool(apps, args.workers, args.repeat)
    print(
        f"all real sets, {args.workers} processes: {len(apps) / with_start:.0f}/s incl. pool start-up, "
        f"{len(apps) / steady:.0f}/s steady"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
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
