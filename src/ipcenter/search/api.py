"""REST API of the search domain: search (the JSON of `ipcenter search --format json`), similar documents
(`ipcenter similar --format json`) and the export of a result set as CSV or XLSX.

The index (tantivy + vectors) and the sentence encoder open once per corpus version and are shared by every
request (`CorpusVersion.shared`); a number is looked up through the platform's document index.
"""

from __future__ import annotations

import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ipcenter.accounts.policy import Public
from ipcenter.errors import InvalidValue
from ipcenter.platform.deps import Platform, platform
from ipcenter.platform.documents import indexed_corpus
from ipcenter.platform.downloads import CSV, XLSX, file_responses
from ipcenter.search import service
from ipcenter.search.backend import SearchBackend
from ipcenter.search.index import index_dir_for
from ipcenter.search.models import SearchResult

router = APIRouter(tags=["search"])

MAX_QUERY = 2000
MAX_TEXT = 20_000
DEEPEST = 10_000  # page × size: deeper paging is a job for the export
EXPORT_ROWS = 10_000


class Sort(StrEnum):
    relevance = "relevance"
    newest = "newest"
    oldest = "oldest"
    filed = "filed"


class Mode(StrEnum):
    auto = "auto"
    lexical = "lexical"
    hybrid = "hybrid"
    semantic = "semantic"


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


QueryText = Annotated[
    str,
    Query(
        min_length=1,
        max_length=MAX_QUERY,
        description='CNIPA field-code query, e.g. "TI=(锂电池 OR 锂离子电池) AND IC=H01M", or plain text '
        '(锂离子电池负极材料, a keyword list, a pasted claim: ranked); "…" asks for an exact phrase.',
    ),
]
PageNumber = Annotated[int, Query(ge=1, le=DEEPEST, description="Page number, from 1.")]
PageSize = Annotated[int, Query(ge=1, le=100, description="Hits per page (at most 100).")]


def engine(state: Platform) -> SearchBackend:
    """The served corpus version's index, opened once and shared (IndexMissing when none was built); opened
    again when the index itself is rebuilt (its state file changes) while the corpus version stays."""
    current = state.corpus.current()
    try:
        built = (index_dir_for(current.corpus.root) / "state.json").stat().st_mtime_ns
    except OSError:
        built = 0
    found: SearchBackend = current.shared(
        f"search.engine.{built}", lambda corpus: service.open_engine(corpus.root)
    )
    return found


def run_search(
    state: Platform, q: str, page: int, size: int, sort: str, mode: str, facets: bool
) -> SearchResult:
    if page * size > DEEPEST:
        raise InvalidValue(f"page × size may not exceed {DEEPEST}: narrow the query or export the results")
    if not q.strip():
        raise InvalidValue("the query is empty")
    return service.search(
        engine(state), q, limit=size, offset=(page - 1) * size, sort=sort, mode=mode, facets=facets
    )


def run_similar(state: Platform, text: str | None, number: str | None, size: int) -> SearchResult:
    if (text is None) == (number is None):
        raise InvalidValue("give exactly one of text or number")
    backend = engine(state)
    if number is not None:
        corpus = indexed_corpus(state.corpus.current())
        body, exclude = service.similar_text_for_number(corpus, number)
        return service.similar(backend, body, limit=size, exclude=exclude, label=number)
    assert text is not None
    return service.similar(backend, text, limit=size)


def export_download(state: Platform, q: str, fmt: str, sort: str) -> Response:
    """Every hit of ``q`` (up to `EXPORT_ROWS`) as CSV or XLSX, carrying the query and the corpus version."""
    if not q.strip():
        raise InvalidValue("the query is empty")
    backend = engine(state)
    with tempfile.TemporaryDirectory(prefix="ipcenter-export-") as tmp:
        path = Path(tmp) / f"search.{fmt}"
        service.export_results(backend, q, path, sort=sort, max_rows=EXPORT_ROWS)
        body = path.read_bytes()
    name = f"search-v{backend.corpus_version}.{fmt}"
    media = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    disposition = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


def warm(state: Platform) -> None:
    """Open the index, load the sentence encoder and build the document index before the first request."""
    indexed_corpus(state.corpus.current())
    engine(state).encoder.encode(["预热 warm-up"])


# --------------------------------------------------------------------------- routes


@router.get("/search")
def search(
    q: QueryText,
    request: Request,
    who: Public,
    page: PageNumber = 1,
    size: PageSize = 10,
    sort: Sort = Sort.relevance,
    mode: Mode = Mode.auto,
    facets: Annotated[
        bool, Query(description="Add counts by IPC subclass, year, applicant, type, …")
    ] = False,
) -> dict[str, Any]:
    """Search the corpus: the JSON of `ipcenter search --format json` (``facets`` with ``facets=true``)."""
    return run_search(platform(request), q, page, size, sort.value, mode.value, facets).to_dict()


@router.get("/search/export", response_class=Response, responses=file_responses(CSV, XLSX))
def export(
    q: QueryText,
    request: Request,
    who: Public,
    format: Annotated[ExportFormat, Query(description="csv or xlsx")] = ExportFormat.csv,
    sort: Sort = Sort.relevance,
) -> Response:
    """The whole result set (up to 10,000 hits) as CSV or XLSX, with the query and the corpus version."""
    return export_download(platform(request), q, format.value, sort.value)


@router.get("/similar")
def similar(
    request: Request,
    who: Public,
    text: Annotated[
        str | None, Query(min_length=1, max_length=MAX_TEXT, description="Text to compare.")
    ] = None,
    number: Annotated[
        str | None, Query(min_length=1, max_length=64, description="A patent of the corpus, any number form.")
    ] = None,
    size: PageSize = 10,
) -> dict[str, Any]:
    """Documents like a text or like a patent of the corpus: the JSON of `ipcenter similar --format json`."""
    return run_similar(platform(request), text, number, size).to_dict()
