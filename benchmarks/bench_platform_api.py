"""Load on the platform's own routes: a real `ipcenter serve` on loopback, N concurrent async clients for
S seconds mixing the document API, saved searches (a write and a read, bearer token) and /healthz.
Reports requests/s, errors and p50/p95 per route. The issue's page targets (dashboard, search, document
page, formal check) are measured when those pages exist; this covers the platform core.

    PYTHONPATH=src python benchmarks/bench_platform_api.py --corpus ipcenter-demo/corpus --users 50 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _user(client: httpx.AsyncClient, token: str, number: str, until: float, times: dict[str, list[float]],
                errors: list[str]) -> None:  # fmt: skip
    headers = {"Authorization": f"Bearer {token}"}
    i = 0
    while time.perf_counter() < until:
        i += 1
        for name, method, url, body in (
            ("document", "GET", f"/api/v1/documents/{number}", None),
            ("saved-search list", "GET", "/api/v1/saved-searches?size=20", None),
            ("healthz", "GET", "/healthz", None),
            (
                "saved-search create",
                "POST",
                "/api/v1/saved-searches",
                {"name": f"q{i}", "query": "TI=(电池)"},
            ),
        ):
            started = time.perf_counter()
            response = await client.request(method, url, headers=headers, json=body)
            times.setdefault(name, []).append(time.perf_counter() - started)
            if response.status_code >= 400:
                errors.append(f"{name}: {response.status_code}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--number", default="CN101096965A")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--db", default=None, help="app database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    db = args.db or f"sqlite:///{tmp / 'app.db'}"
    env = {**os.environ, "IPCENTER_DB": db}
    run = [sys.executable, "-m", "ipcenter"]
    subprocess.run(
        [*run, "org", "add", "Bench", "--kind", "enterprise"], env=env, check=True, capture_output=True
    )
    subprocess.run([*run, "user", "add", "--email", "bench@example.cn", "--role", "member", "--org", "Bench",
                    "--password-stdin"], env=env, input="bench password 1\n", text=True, check=True,
                   capture_output=True)  # fmt: skip
    port = _free_port()
    server = subprocess.Popen(
        [*run, "serve", "--port", str(port), "--corpus", str(args.corpus), "--db", db],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        token = httpx.post(f"{base}/api/v1/tokens", json={"email": "bench@example.cn",
                                                          "password": "bench password 1"}).json()["token"]  # fmt: skip
        times: dict[str, list[float]] = {}
        errors: list[str] = []

        async def load() -> None:
            limits = httpx.Limits(max_connections=args.users)
            async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
                until = time.perf_counter() + args.seconds
                await asyncio.gather(*(_user(client, token, args.number, until, times, errors)
                                       for _ in range(args.users)))  # fmt: skip

        started = time.perf_counter()
        asyncio.run(load())
        elapsed = time.perf_counter() - started
        total = sum(len(v) for v in times.values())
        print(
            f"{args.users} users, {elapsed:.0f} s, {total} requests ({total / elapsed:.0f}/s), {len(errors)} errors"
        )
        for name, values in sorted(times.items()):
            values.sort()
            p95 = values[int(0.95 * (len(values) - 1))]
            print(f"  {name:20s} n={len(values):6d}  p50 {statistics.median(values) * 1000:6.0f} ms"
                  f"  p95 {p95 * 1000:6.0f} ms")  # fmt: skip
        if errors:
            print("  first errors:", errors[:5])
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
