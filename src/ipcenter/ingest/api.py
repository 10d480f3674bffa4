"""REST API of ingest (bureau admins): upload a file into the corpus (the JSON of `ipcenter ingest --format
json`), the runs and each run's quarantined records with the reason."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, UploadFile

from ipcenter.accounts import audit
from ipcenter.accounts.policy import BureauAdmin
from ipcenter.ingest import runs
from ipcenter.platform.deps import platform

router = APIRouter(tags=["ingest"])


@router.post("/ingest", status_code=201)
async def upload(file: UploadFile, request: Request, who: BureauAdmin) -> dict[str, Any]:
    """Ingest one file (format detected from its content; read = stored + duplicates + quarantined)."""
    state = platform(request)
    body = await file.read()
    with audit.audited(state.database, who, "ingest.upload", "ingest_run") as event:
        report = runs.ingest_upload(state.settings.corpus_dir, file.filename or "", body)
        event.object_id = report.run_id
    return report.to_dict()


@router.get("/ingest/runs")
def list_runs(
    request: Request, who: BureauAdmin, size: Annotated[int, Query(ge=1, le=100)] = 50
) -> list[dict[str, Any]]:
    """The latest ingest runs, newest first, with their counts."""
    return runs.list_runs(platform(request).settings.corpus_dir, size)


@router.get("/ingest/runs/{run_id}")
def get_run(
    run_id: str,
    request: Request,
    who: BureauAdmin,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 50,
) -> dict[str, Any]:
    """One run's report and a page of its quarantined records (file, position, reason, raw excerpt)."""
    state = platform(request)
    corpus_dir = state.settings.corpus_dir
    report = runs.get_run(corpus_dir, run_id)
    audit.record(state.database, who, "ingest.quarantine.read", "ingest_run", run_id)
    return {**report, "quarantine": runs.quarantined(corpus_dir, run_id, page=page, size=size)}
