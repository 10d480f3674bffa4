"""The bureau admin's ingest page: upload a file into the corpus, see the runs with their counts, and each
run's quarantined records with the reason; then bring the search index up to date (a search page action)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ipcenter.accounts import audit
from ipcenter.accounts.policy import BureauAdmin
from ipcenter.errors import UserError
from ipcenter.i18n import add_labels
from ipcenter.ingest import runs
from ipcenter.platform import web
from ipcenter.platform.deps import platform

router = APIRouter(include_in_schema=False)

add_labels(
    {
        "page.ingest.title": ("数据导入", "Ingest"),
        "page.ingest.upload": ("上传文件导入专利库", "Upload a file into the corpus"),
        "page.ingest.upload_note": (
            "格式按内容自动识别（CN XML、国知局导出、USPTO/EPO XML、JSONL、CSV/XLSX 等），最大 10 MB；"
            "无法存储的记录隔离并注明原因。",
            "The format is recognised from the content (CN XML, CNIPA exports, USPTO/EPO XML, JSONL, CSV/XLSX …), "
            "at most 10 MB; records that cannot be stored are quarantined with the reason.",
        ),
        "page.ingest.submit": ("导入", "Ingest"),
        "page.ingest.runs": ("导入记录", "Runs"),
        "page.ingest.run": ("导入记录", "Run"),
        "page.ingest.read": ("读取", "read"),
        "page.ingest.stored": ("存储", "stored"),
        "page.ingest.updated": ("更新", "updated"),
        "page.ingest.duplicates": ("重复", "duplicates"),
        "page.ingest.quarantined": ("隔离", "quarantined"),
        "page.ingest.version": ("专利库版本", "corpus version"),
        "page.ingest.files": ("文件", "Files"),
        "page.ingest.format": ("格式", "Format"),
        "page.ingest.status": ("状态", "Status"),
        "page.ingest.error": ("错误", "Error"),
        "page.ingest.position": ("位置", "Position"),
        "page.ingest.reason": ("原因", "Reason"),
        "page.ingest.raw": ("原始内容", "Raw"),
        "page.ingest.quarantine": ("隔离的记录", "Quarantined records"),
        "page.ingest.index": ("检索索引", "Search index"),
        "page.ingest.index_note": (
            "导入后请更新检索索引，新文献才能被检索到（增量更新）。",
            "After an ingest, update the search index so that search finds the new documents (in place).",
        ),
        "page.ingest.update_index": ("更新检索索引", "Update the search index"),
        "page.ingest.done": ("已导入。", "Ingested."),
    }
)


@router.get("/admin/ingest", response_class=HTMLResponse)
def ingest_page(
    request: Request, who: BureauAdmin, done: Annotated[str, Query(max_length=20)] = ""
) -> Response:
    state = platform(request)
    current = state.corpus.current()
    return web.render(
        request, who, "ingest_page.html", runs=runs.list_runs(state.settings.corpus_dir),
        manifest=current.corpus.manifest, done=done, error=None,
    )  # fmt: skip


@router.post("/admin/ingest")
async def upload(request: Request, who: BureauAdmin, file: UploadFile) -> Response:
    state = platform(request)
    body = await file.read()
    try:
        with audit.audited(state.database, who, "ingest.upload", "ingest_run") as event:
            report = runs.ingest_upload(state.settings.corpus_dir, file.filename or "", body)
            event.object_id = report.run_id
    except UserError as exc:
        current = state.corpus.current()
        return web.render(
            request, who, "ingest_page.html", status_code=exc.http_status,
            runs=runs.list_runs(state.settings.corpus_dir), manifest=current.corpus.manifest, done="",
            error=exc.message,
        )  # fmt: skip
    return RedirectResponse(f"/admin/ingest/runs/{report.run_id}?done=1", status_code=303)


@router.get("/admin/ingest/runs/{run_id}", response_class=HTMLResponse)
def run_page(
    run_id: str,
    request: Request,
    who: BureauAdmin,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    done: Annotated[str, Query(max_length=5)] = "",
) -> Response:
    state = platform(request)
    corpus_dir = state.settings.corpus_dir
    report = runs.get_run(corpus_dir, run_id)
    audit.record(state.database, who, "ingest.quarantine.read", "ingest_run", run_id)
    quarantine = runs.quarantined(corpus_dir, run_id, page=page, size=50)
    return web.render(
        request, who, "ingest_run.html", run=report, quarantine=quarantine, page=page, done=done
    )
