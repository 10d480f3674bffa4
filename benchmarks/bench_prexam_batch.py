"""Benchmark: a batch of N real applications (KPPatent-ZH full texts) through a live `ipcenter serve`: uploaded
as ZIP + XLSX manifest in parts, submitted (intake of every member), then every automatic aid (formal check,
IPC suggestions and scope, prior-art search report) in the server's background worker, while simulated
users keep requesting other pages. Reports the aids' wall time, the progress timeline and p50/p95 of the
other pages during the run.

Target (issue 12): 500 applications get all aids within 3 minutes on 2 cores, the site keeps answering
(p95 of the other pages within their platform targets: 200 ms dashboard/document, 300 ms search).

    PYTHONPATH=src python benchmarks/bench_prexam_batch.py --data ../shared/data --applications 500 \\
        [--corpus ipcenter-demo/corpus --models ipcenter-demo/models] [--users 5]

Without --corpus/--models it ingests KPPatent-ZH into a temporary corpus (lexical index) and trains the
quick classifier first (not timed). The declared main class of every application is G06F17/00 (inside the
中国(四川) centre's scope) so that all are accepted: the aids are what is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import httpx


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines() or [text]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def applications(data_dir: Path, count: int) -> list[dict[str, Any]]:
    rows = [
        json.loads(x)
        for x in (data_dir / "kppatent-zh" / "kppatent_test.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    usable = [r for r in rows if r["claims"] and r["abstract"] and r["title"].strip()]
    return [
        usable[i % len(usable)] for i in range(count)
    ]  # beyond the set, texts repeat (said in the report)


def batch_parts(apps: list[dict[str, Any]], part_size: int) -> list[tuple[bytes, bytes]]:
    from openpyxl import Workbook

    parts = []
    for start in range(0, len(apps), part_size):
        buffer, book = io.BytesIO(), Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["编号", "名称", "主分类号", "申请人", "发明人"])
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for i, app in enumerate(apps[start : start + part_size], start + 1):
                key = f"A{i:04d}"
                for name, text in (("请求书", app["title"]), ("说明书", app["abstract"]),
                                   ("权利要求书", "\n".join(app["claims"])), ("说明书摘要", app["abstract"])):  # fmt: skip
                    archive.writestr(f"{key}/{name}.docx", _docx(text))
                sheet.append([key, app["title"], "G06F17/00", "四川示例装备有限公司", "张工"])
        manifest = io.BytesIO()
        book.save(manifest)
        parts.append((buffer.getvalue(), manifest.getvalue()))
    return parts


def prepare(work: Path, data_dir: Path, corpus: Path | None, models: Path | None) -> tuple[Path, Path]:
    if corpus is None:
        from ipcenter.corpus.store import Corpus
        from ipcenter.ingest.service import ingest
        from ipcenter.search.index import build_index

        corpus = work / "corpus"
        ingest([data_dir / "kppatent-zh" / "kppatent_test.jsonl"], corpus)
        build_index(Corpus(corpus), vectors="none")
    if models is None:
        from ipcenter.classify import service as classify

        models = work / "models"
        classify.save_classifier(classify.build_classifier(data_dir, quick=True, n_jobs=1), models)
    return corpus, models


def seed(url: str, data_dir: Path) -> dict[str, str]:
    """The centre, an enterprise and its approved registration; passwords of the two accounts used."""
    from dataclasses import replace
    from datetime import date

    from ipcenter.accounts import service as accounts
    from ipcenter.accounts import sessions
    from ipcenter.platform.database import open_database
    from ipcenter.prexam import centres, entities, fixtures, service
    from ipcenter.prexam.models import Setting
    from ipcenter.prexam.tables import Centre

    database = open_database(url)
    profile = next(p for p in service.scope_centre_profiles(data_dir) if p.centre_id == "sichuan")
    profile = replace(profile, version=2, effective_from=date(2025, 1, 1),
                      settings={"batch_pilot": Setting(True, "UNCONFIRMED", "benchmark")},
                      eligibility={**fixtures.NINGBO_2025_RULES, "name": "benchmark"})  # fmt: skip
    with database.session() as db:
        for name, kind in (("benchmark centre", "protection_centre"), ("四川示例装备有限公司", "enterprise")):
            accounts.add_organisation(db, name, kind)
        centre = centres.add_centre(db, accounts.find_organisation(db, "benchmark centre"), profile)
        admin = accounts.add_user(
            db, "admin@bench.cn", "org_admin", "correct horse battery", "benchmark centre"
        )
        applicant = accounts.add_user(
            db, "applicant@bench.cn", "org_admin", "correct horse battery", "四川示例装备有限公司"
        )
        accounts.add_user(
            db, "examiner@bench.cn", "pre_examiner", "correct horse battery", "benchmark centre"
        )
        clean = [
            {"kind": k, "adverse": False, "checked_on": "2025-11-20"}
            for k in ("dishonest", "abnormal_filing", "wilful_infringement")
        ]
        c = db.get(Centre, centre.id)
        assert c is not None
        row = entities.apply(db, sessions.principal_of(applicant, "bench"), c, {
            "uscc": "91510104MA6C000176", "name": "四川示例装备有限公司", "legal_person": True, "area_code": "510104",
            "founded": "2019-06-01", "insured_staff": 40, "granted_first_applicant": {"invention": 3},
            "credit_checks": clean})  # fmt: skip
        entities.act(db, sessions.principal_of(applicant, "bench"), row.id, "submit", {}, date(2025, 12, 1))
        entities.act(db, sessions.principal_of(admin, "bench"), row.id, "approve", {}, date(2025, 12, 1))
        entity_id = row.id
    database.dispose()
    return {"entity_id": str(entity_id)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def load(
    base: str, users: int, stop: asyncio.Event, token: str, samples: dict[str, list[float]]
) -> None:
    """Other pages while the aids run: public statistics, the centre list, a case list, health."""
    urls = {"statistics page": "/prexam/statistics?from=2025-01-01&to=2025-12-31", "centres API": "/api/v1/prexam/centres",
            "case list API": "/api/v1/prexam/cases?size=20", "healthz": "/healthz"}  # fmt: skip

    async def user(n: int) -> None:
        async with httpx.AsyncClient(
            base_url=base, timeout=30, headers={"Authorization": f"Bearer {token}"}
        ) as client:
            i = n
            while not stop.is_set():
                name, url = list(urls.items())[i % len(urls)]
                started = time.perf_counter()
                response = await client.get(url)
                samples.setdefault(name, []).append((time.perf_counter() - started) * 1000)
                if response.status_code >= 400:
                    samples.setdefault("errors", []).append(response.status_code)
                i += 1
                await asyncio.sleep(0.2)

    await asyncio.gather(*(user(n) for n in range(users)))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="bench-prexam-"))
    corpus, models = prepare(work, args.data, args.corpus, args.models)
    url = f"sqlite:///{work / 'app.db'}"
    ids = seed(url, args.data)
    apps = applications(args.data, args.applications)
    parts = batch_parts(apps, args.part_size)
    port = free_port()
    env = {**os.environ, "IPCENTER_MODELS": str(models), "IPCENTER_PREXAM_TODAY": "2025-12-01",
           "IPCENTER_PREXAM_AIDS": "background", "IPCENTER_DATA": str(args.data), "IPCENTER_WARM": "0"}  # fmt: skip
    server = subprocess.Popen([sys.executable, "-m", "ipcenter", "serve", "--port", str(port), "--corpus", str(corpus),
                               "--db", url], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=300) as client:
            for _ in range(120):
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.5)
            token = (
                await client.post(
                    "/api/v1/tokens",
                    json={"email": "applicant@bench.cn", "password": "correct horse battery"},
                )
            ).json()["token"]
            admin = (
                await client.post(
                    "/api/v1/tokens", json={"email": "admin@bench.cn", "password": "correct horse battery"}
                )
            ).json()["token"]
            auth = {"Authorization": f"Bearer {token}"}
            batch = (
                await client.post(
                    "/api/v1/prexam/batches",
                    headers=auth,
                    json={"entity_id": int(ids["entity_id"]), "theme": "benchmark"},
                )
            ).json()
            started = time.perf_counter()
            for zip_bytes, manifest in parts:
                response = await client.post(f"/api/v1/prexam/batches/{batch['id']}/upload", headers=auth,
                                             files={"documents": ("d.zip", zip_bytes), "manifest": ("m.xlsx", manifest)})  # fmt: skip
                if response.status_code != 201:
                    raise SystemExit(f"upload refused: {response.status_code} {response.text[:500]}")
            uploaded = time.perf_counter() - started
            started = time.perf_counter()
            submitted = (
                await client.post(
                    f"/api/v1/prexam/batches/{batch['id']}/actions/submit", headers=auth, json={}
                )
            ).json()
            intake = time.perf_counter() - started
            samples: dict[str, list[float]] = {}
            stop = asyncio.Event()
            loader = asyncio.create_task(load(base, args.users, stop, admin, samples))
            aids_started, timeline = time.perf_counter(), []
            while True:
                progress = (await client.get(f"/api/v1/prexam/batches/{batch['id']}", headers=auth)).json()[
                    "progress"
                ]
                timeline.append((round(time.perf_counter() - aids_started, 1), progress["done"]))
                if progress["done"] >= progress["total"] or time.perf_counter() - aids_started > args.timeout:
                    break
                await asyncio.sleep(2)
            aids_seconds = time.perf_counter() - aids_started
            stop.set()
            await loader
            detail = (await client.get(f"/api/v1/prexam/batches/{batch['id']}", headers=auth)).json()
    finally:
        server.terminate()
        server.wait(timeout=30)
    pages = {name: {"n": len(v), "p50_ms": round(statistics.median(v), 1), "p95_ms": round(pct(v, 0.95), 1)}
             for name, v in samples.items() if name != "errors"}  # fmt: skip
    return {
        "applications": len(apps), "distinct_texts": len({a["publication_number"] for a in apps}),
        "upload_seconds": round(uploaded, 1), "intake_seconds": round(intake, 1),
        "members": submitted["members"], "aids_total": detail["progress"]["total"], "aids_done": detail["progress"]["done"],
        "aids_seconds": round(aids_seconds, 1), "timeline": timeline[:: max(1, len(timeline) // 20)],
        "pages_during_aids": pages, "errors": len(samples.get("errors", [])), "cpus": os.cpu_count(),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--applications", type=int, default=500)
    parser.add_argument("--part-size", type=int, default=100, help="applications per uploaded ZIP")
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--models", type=Path)
    parser.add_argument("--users", type=int, default=5, help="simulated users on other pages during the aids")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main_async(args)), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
