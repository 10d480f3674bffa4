"""Load on the platform's pages: a real `ipcenter serve` over the demo (`ipcenter demo`'s corpus, search index,
stats data set and model) on loopback, and N simulated visitors for S seconds, each with its own cookies,
looping: the dashboard → a search → a document page (and the similar documents its script fetches) → the
formal-check form and a check of pasted claims. Each visitor pauses between pages (``--think``, seconds; 0
for a closed loop). Reports requests, errors, p50/p95/max per page against the issue's targets (p95 ≤ 300 ms
search, ≤ 200 ms dashboard and document page), the machine's load average before and after, and, with
``--profile``, where the server's time goes (py-spy on every worker).

    PYTHONPATH=src python benchmarks/bench_platform_load.py --demo ipcenter-demo --users 50 --seconds 60

Static files (style sheets, plotly.js) are not fetched: a browser caches them (``Cache-Control``). The app
database is a fresh SQLite file; the pages measured are public and write nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

TARGETS_MS = {"dashboard": 200, "search": 300, "document": 200}
#: Queries a visitor types: CNIPA field codes, plain words, an English phrase (the demo's samples).
QUERIES = (
    "电池", "TI=(锂电池 AND 正极)", "IC=H01M", "传感器", "AB=(送风机)", "PA=华为 OR PA=中兴", "茶叶",
    "IC=G06F AND AD>=20200101", "一种墙壁打磨机的手柄", "solid electrolyte", "CL=(齿轮)", "TI=(无人机)",
)  # fmt: skip
CLAIMS = (
    "1. 一种轴流送风机，包括轴毂部和多个旋转叶片，其特征在于，所述叶片的前倾角为30°～45°。\n"
    "2. 根据权利要求3所述的轴流送风机，其特征在于，所述轴毂部为塑料。\n"
    "3. 根据权利要求1所述的轴流送风机，其特征在于，所述叶片优选为铝合金。"
)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    first_errors: list[str] = field(default_factory=list)

    def record(self, page: str, seconds: float, problem: str | None) -> None:
        self.times.setdefault(page, []).append(seconds)
        if problem:
            self.errors[page] += 1
            if len(self.first_errors) < 10:
                self.first_errors.append(f"{page}: {problem}")


def _numbers(corpus: Path, count: int, seed: int) -> list[str]:
    """Publication numbers of the corpus for the document pages (a fixed random sample)."""
    import pyarrow.parquet as pq

    numbers: list[str] = []
    for part in sorted((corpus / "parts").glob("*.parquet")):
        numbers.extend(
            str(n) for n in pq.read_table(part, columns=["publication_number"]).column(0).to_pylist()
        )
    return random.Random(seed).sample(numbers, min(count, len(numbers)))


async def _visitor(base: str, until: float, think: tuple[float, float], numbers: list[str], rng: random.Random,
                   results: Results, arrive: float = 0.0) -> None:  # fmt: skip
    await asyncio.sleep(arrive)
    async with httpx.AsyncClient(base_url=base, timeout=60, follow_redirects=False) as client:

        async def timed(
            page: str, method: str, url: str, expect: str, **kwargs: object
        ) -> httpx.Response | None:
            started = time.perf_counter()
            try:
                response = await client.request(method, url, **kwargs)  # type: ignore[arg-type]
            except httpx.HTTPError as exc:
                results.record(page, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
                return None
            elapsed = time.perf_counter() - started
            problem = None
            if response.status_code != 200:
                problem = f"{response.status_code} {url}"
            elif expect not in response.text:
                problem = f"no {expect!r} in {url}"
            results.record(page, elapsed, problem)
            return response

        async def pause() -> None:
            if think[1] > 0:
                await asyncio.sleep(rng.uniform(*think))

        while time.perf_counter() < until:
            await timed("dashboard", "GET", "/", 'data-testid="figure"')
            await pause()
            await timed(
                "search", "GET", "/search", 'data-testid="results"', params={"q": rng.choice(QUERIES)}
            )
            await pause()
            number = rng.choice(numbers)
            await timed("document", "GET", f"/documents/{number}", 'id="doc-title"')
            await timed("similar (document page script)", "GET", "/api/v1/similar",
                        '"hits"', params={"number": number, "size": 5})  # fmt: skip
            await pause()
            form = await timed("check form", "GET", "/check", 'id="check-form"')
            token = CSRF.search(form.text) if form is not None else None
            if token:
                await pause()
                await timed("check (post)", "POST", "/check", 'data-testid="check-result"',
                            data={"csrf_token": token.group(1), "title": "轴流送风机", "claims": CLAIMS})  # fmt: skip
            await pause()


async def _load(base: str, users: int, seconds: float, think: tuple[float, float], numbers: list[str],
                seed: int, ramp: float = 0.0) -> tuple[Results, float]:  # fmt: skip
    """``ramp``: visitors arrive evenly over that many seconds (0: all at once, every one opening the
    dashboard in the same instant — a burst the percentiles then include)."""
    results = Results()
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(
        *(_visitor(base, until, think, numbers, random.Random(seed + i), results, ramp * i / max(users, 1))
          for i in range(users))
    )  # fmt: skip
    return results, time.perf_counter() - started


def _warm(base: str, number: str, timeout_s: float) -> float:
    """Each page once, until every one answers (the workers build their heavy objects in the background)."""
    started = time.perf_counter()
    urls = [
        "/",
        "/search?q=电池",
        f"/documents/{number}",
        f"/api/v1/similar?number={number}&size=5",
        "/check",
    ]
    with httpx.Client(base_url=base, timeout=timeout_s) as client:
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(
                    f"error: warm-up {url} answered {response.status_code}: {response.text[:300]}"
                )
    return time.perf_counter() - started


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _report(results: Results, elapsed: float, args: argparse.Namespace, load_before: tuple[float, ...],
            load_after: tuple[float, ...], warm_s: float) -> dict[str, object]:  # fmt: skip
    total = sum(len(v) for v in results.times.values())
    errors = sum(results.errors.values())
    pages = {}
    for page, values in results.times.items():
        p50, p95 = statistics.median(values) * 1000, _percentile(values, 0.95) * 1000
        target = TARGETS_MS.get(page)
        pages[page] = {"n": len(values), "errors": results.errors[page], "p50_ms": round(p50), "p95_ms": round(p95),
                       "max_ms": round(max(values) * 1000), "target_p95_ms": target,
                       "met": None if target is None else p95 <= target}  # fmt: skip
    return {
        "users": args.users, "seconds": round(elapsed, 1), "think_s": args.think, "ramp_s": args.ramp, "workers": args.workers,
        "requests": total, "requests_per_s": round(total / elapsed, 1), "errors": errors,
        "first_errors": results.first_errors, "warm_up_s": round(warm_s, 1), "cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after], "pages": pages,
    }  # fmt: skip


def _print(report: dict[str, object]) -> None:
    print(f"{report['users']} users, {report['seconds']} s, think {report['think_s']} s, {report['workers']} worker(s):"
          f" {report['requests']} requests ({report['requests_per_s']}/s), {report['errors']} errors;"
          f" warm-up {report['warm_up_s']} s")  # fmt: skip
    print(f"load average (1, 5, 15 min) before {report['load_average_before']}, after {report['load_average_after']}"
          f" on {report['cores']} cores")  # fmt: skip
    print(f"  {'page':32s} {'n':>6s} {'err':>4s} {'p50':>7s} {'p95':>7s} {'max':>7s}  target")
    pages = report["pages"]
    assert isinstance(pages, dict)
    for page, p in pages.items():
        verdict = (
            ""
            if p["target_p95_ms"] is None
            else f"p95 ≤ {p['target_p95_ms']} ms: {'met' if p['met'] else 'MISSED'}"
        )
        print(
            f"  {page:32s} {p['n']:6d} {p['errors']:4d} {p['p50_ms']:5d}ms {p['p95_ms']:5d}ms {p['max_ms']:5d}ms  {verdict}"
        )
    for line in report["first_errors"]:  # type: ignore[attr-defined]
        print("  error:", line)


def _profile(server_pid: int, seconds: float, out: Path) -> subprocess.Popen[bytes] | None:
    """py-spy on the server and its workers for the timed run (collapsed stacks to ``out``)."""
    spy = shutil.which("py-spy")
    if spy is None:
        print("warning: py-spy not found (pip install py-spy): no profile", file=sys.stderr)
        return None
    command = [spy, "record", "--pid", str(server_pid), "--subprocesses", "--duration", str(int(seconds)),
               "--format", "raw", "--rate", "50", "--nonblocking", "--output", str(out)]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _summarise_profile(raw: Path, top: int = 20) -> list[tuple[str, float]]:
    """The ipcenter functions (and the libraries they call) by share of samples in which they are on the stack."""
    inclusive: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = {f.split(" (")[0] + " (" + f.split(" (")[1].split(":")[0].rsplit("/", 1)[-1] + ")"
                  for f in stack.split(";") if " (" in f and ("ipcenter" in f or "duckdb" in f or "jinja2" in f
                                                          or "tantivy" in f or "sqlalchemy" in f)}  # fmt: skip
        for frame in frames:
            inclusive[frame] += n
    return [(frame, n / total) for frame, n in inclusive.most_common(top)] if total else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demo", type=Path, default=Path("ipcenter-demo"), help="what `ipcenter demo` wrote")
    parser.add_argument(
        "--data", type=Path, default=None, help="the shared data directory (population, IPC titles)"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"),
                        help="a visitor's pause between pages, uniform in [MIN, MAX] s (0 0: none)")  # fmt: skip
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (`ipcenter serve --workers`)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ramp", type=float, default=0.0,
                        help="visitors arrive evenly over this many seconds (default 0: all at once)")  # fmt: skip
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    parser.add_argument("--profile", type=Path, default=None, help="py-spy the server; collapsed stacks here")
    args = parser.parse_args()
    corpus = args.demo / "corpus"
    if not (corpus / "manifest.json").is_file():
        raise SystemExit(f"error: no demo corpus at {corpus}: run `ipcenter demo` first (or pass --demo DIR)")

    from ipcenter import config
    from ipcenter.platform.testing import live_server

    data_dir = config.data_dir(args.data)
    numbers = _numbers(corpus, 500, args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="ipcenter-load-"))
    database_url = f"sqlite:///{tmp / 'app.db'}"
    log = tmp / "serve.log"
    with live_server(corpus, database_url, log, data_dir=data_dir, models_dir=args.demo / "models",
                     workers=args.workers, startup_s=600) as base:  # fmt: skip
        warm_s = _warm(base, numbers[0], timeout_s=600)
        spy = None
        if args.profile is not None:
            server_pid = _server_pid(base)
            spy = _profile(server_pid, args.seconds, args.profile) if server_pid else None
        load_before = os.getloadavg()
        think = (float(args.think[0]), float(args.think[1]))
        results, elapsed = asyncio.run(
            _load(base, args.users, args.seconds, think, numbers, args.seed, args.ramp)
        )
        load_after = os.getloadavg()
        if spy is not None:
            spy.wait(timeout=120)
    report = _report(results, elapsed, args, load_before, load_after, warm_s)
    _print(report)
    if args.profile is not None and args.profile.is_file():
        shares = _summarise_profile(args.profile)
        report["profile"] = [{"frame": f, "share": round(s, 3)} for f, s in shares]
        print("where the server's time goes (share of samples with the frame on the stack):")
        for frame, share in shares:
            print(f"  {share:6.1%}  {frame}")
    if args.json is not None:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"server log: {log}")


def _server_pid(base: str) -> int | None:
    """The `ipcenter serve` process listening on ``base``'s port (py-spy follows its workers)."""
    port = base.rsplit(":", 1)[1]
    try:
        out = subprocess.run(
            ["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    found = re.search(r"pid=(\d+)", out)
    return int(found.group(1)) if found else None


if __name__ == "__main__":
    main()
