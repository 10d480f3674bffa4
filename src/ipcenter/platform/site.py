"""The platform's own routes: health, the OpenAPI document and its interactive docs (Swagger UI from the
`swagger-ui-py` package), static files (plotly.js from the `plotly` package: no CDN). The home page is the stats
dashboard (`ipcenter.stats.pages`)."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from sqlalchemy import text

from ipcenter.accounts.policy import Public
from ipcenter.errors import NotFound
from ipcenter.platform import web
from ipcenter.platform.deps import platform

router = APIRouter()
STATIC = Path(__file__).resolve().parent / "static"


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def _swagger_dir() -> Path:
    """Swagger UI 5 from the `swagger-ui-py` package (found, not imported: only its static files are used).
    Swagger UI 4 (the `swagger-ui-bundle` package) cannot render the OpenAPI 3.1 document FastAPI writes."""
    import importlib.util

    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise NotFound("the API docs need the swagger-ui-py package")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def _file_under(root: Path, name: str) -> Path:
    """``root/name`` when it is a file inside ``root`` (no ``..``, no absolute paths), else 404."""
    path = (root / name).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        raise NotFound(f"no file {name!r}")
    return path


@router.get("/healthz", tags=["platform"])
def healthz(request: Request, who: Public) -> dict[str, Any]:
    """Liveness and readiness: the app database answers and the corpus version served."""
    state = platform(request)
    with state.database.session() as db:
        db.execute(text("SELECT 1"))
    current = state.corpus.current()
    return {"status": "ok", "corpus_version": current.version, "records": current.corpus.manifest.records}


@router.get("/api/openapi.json", include_in_schema=False)
def openapi_document(request: Request, who: Public) -> JSONResponse:
    return JSONResponse(request.app.openapi())


@router.get("/api/docs", include_in_schema=False)
def api_docs(request: Request, who: Public) -> HTMLResponse:
    return web.render(request, who, "api_docs.html")


@router.get("/api/docs/assets/{name}", include_in_schema=False)
def api_docs_asset(name: str, who: Public) -> FileResponse:
    if name == "init.js":
        return FileResponse(STATIC / "swagger-init.js", media_type="text/javascript")
    return FileResponse(_file_under(_swagger_dir(), name), media_type=_media_type(name))


@router.get("/static/{name:path}", include_in_schema=False)
def static_file(name: str, who: Public) -> Response:
    if name == "plotly.min.js":
        path = _plotly_js()
    else:
        path = _file_under(STATIC, name)
    return FileResponse(path, media_type=_media_type(path.name), headers={"Cache-Control": "max-age=86400"})


def _media_type(name: str) -> str:
    if name.endswith(".js"):
        return "text/javascript"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
