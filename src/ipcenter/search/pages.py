"""Pages of the search domain: the search page (field-code query box with its syntax and examples,
highlighted snippets, facets, sort, paging, CSV/XLSX export, saved searches for signed-in users), the
document page (`document_page`), and the bureau admin's "update the search index" action.

Every result comes from `search.api` (the same shared index and service calls the REST API answers).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from ipcenter import config
from ipcenter.accounts import audit, saved_searches
from ipcenter.accounts.policy import BureauAdmin, Public, SignedIn
from ipcenter.errors import UserError
from ipcenter.i18n import add_labels
from ipcenter.platform import web
from ipcenter.platform.deps import Platform, RowId, platform
from ipcenter.search import api, document_page, ipc_titles, service
from ipcenter.search.models import SearchResult
from ipcenter.search.query_lang import QuerySyntaxError
from ipcenter.search.ranking import CANDIDATES, query_shape  # a ranked query pages through its fused top

router = APIRouter(include_in_schema=False)
router.include_router(document_page.router)

PAGE_SIZES = (10, 20, 50)
#: facet → the field code that filters on one of its values
FACET_CODES = {"ipc": "IC", "year": "AD", "type": "PT", "status": "LS", "applicant": "PA", "region": "AR"}
#: Each returns hits on the demo corpus (tests/search/test_cli_probes.py runs them)
EXAMPLES = (
    "TI=(锂电池 OR 锂离子电池) AND IC=H01M",
    "锂离子电池负极材料",
    "IC=G06F AND AD>=20200101",
    "PA=中科大数据研究院 AND LS=有效",
    "TI=(无人机) NOT PT=外观设计",
    "AR=US AND TX=battery",
    "一种利用深度学习识别图像中车辆的方法",
    'TX="fuel cell"',
)
FIELD_HELP = (
    ("TI", "page.search.f_ti"), ("AB", "page.search.f_ab"), ("CL", "page.search.f_cl"),
    ("TX", "page.search.f_tx"), ("PA", "page.search.f_pa"), ("IN", "page.search.f_in"),
    ("IC", "page.search.f_ic"), ("PN / AN", "page.search.f_pn"), ("AD / PD / GD", "page.search.f_dates"),
    ("PT", "page.search.f_pt"), ("LS", "page.search.f_ls"), ("AR", "page.search.f_ar"),
)  # fmt: skip

add_labels(
    {
        "page.search.title": ("专利检索", "Patent search"),
        "page.search.placeholder": ("检索式或关键词，例如 TI=(锂电池 OR 锂离子电池) AND IC=H01M 或 锂离子电池负极材料", "a field-code query, keywords or a sentence"),
        "page.search.submit": ("检索", "Search"),
        "page.search.examples": ("示例", "Examples"),
        "page.search.syntax": ("检索式语法", "Query syntax"),
        "page.search.syntax_ops": (
            "运算符 AND / OR / NOT（或 与 / 或 / 非），括号分组；\"…\" 为短语，词尾 * 为截词；日期 YYYY、YYYYMM、YYYYMMDD，可用 >= <= 或 起:止。",
            "Operators AND / OR / NOT (or 与 / 或 / 非), parentheses group; \"…\" is a phrase, a trailing * truncates; "
            "dates YYYY, YYYYMM, YYYYMMDD with >= <= or FROM:TO.",
        ),
        "page.search.f_ti": ("名称", "title"), "page.search.f_ab": ("摘要", "abstract"),
        "page.search.f_cl": ("权利要求", "claims"), "page.search.f_tx": ("全文（默认）", "all text (default)"),
        "page.search.f_pa": ("申请人/专利权人", "applicants and patentees"), "page.search.f_in": ("发明人", "inventors"),
        "page.search.f_ic": ("IPC 分类号（前缀）", "IPC (by prefix)"),
        "page.search.f_pn": ("公开号 / 申请号", "publication / application number"),
        "page.search.f_dates": ("申请日 / 公开日 / 授权日", "filing / publication / grant date"),
        "page.search.f_pt": ("专利类型：发明、实用新型、外观设计", "type: invention, utility_model, design"),
        "page.search.f_ls": ("法律状态：有效、失效、审中", "legal status: in force, lapsed, pending"),
        "page.search.f_ar": ("申请人地区：省、市、国家代码", "applicant region: province, city, country"),
        "page.search.total": ("共 {n} 条结果", "{n} results"),
        "page.search.took": ("用时 {ms} 毫秒", "{ms} ms"),
        "page.search.mode_hybrid": ("语义与关键词混合排序", "ranked by meaning and words (hybrid)"),
        "page.search.sort": ("排序", "Sort"),
        "page.search.sort_relevance": ("相关度", "relevance"), "page.search.sort_newest": ("公开日（新→旧）", "newest"),
        "page.search.sort_oldest": ("公开日（旧→新）", "oldest"), "page.search.sort_filed": ("申请日", "filing date"),
        "page.search.size": ("每页", "Per page"),
        "page.search.page": ("第 {page} 页", "page {page}"),
        "page.search.export": ("导出", "Export"),
        "page.search.export_note": (
            "导出文件含检索式、专利库版本与导出时间（最多 10,000 条）。",
            "Exports carry the query, the corpus version and the time (up to 10,000 rows).",
        ),
        "page.search.facets": ("筛选", "Refine"),
        "page.search.facet_ipc": ("IPC 小类", "IPC subclass"), "page.search.facet_year": ("年份", "Year"),
        "page.search.facet_type": ("专利类型", "Patent type"), "page.search.facet_status": ("法律状态", "Legal status"),
        "page.search.facet_applicant": ("申请人", "Applicant"), "page.search.facet_region": ("地区", "Region"),
        "page.search.no_hits": ("没有找到结果。", "Nothing found."),
        "page.search.saved": ("本机构保存的检索", "Saved searches of your organisation"),
        "page.search.save": ("保存此检索", "Save this search"),
        "page.search.save_name": ("名称", "Name"),
        "page.search.delete": ("删除", "Delete"),
        "page.search.similar_to": ("与 {n} 相似的文献", "Documents like {n}"),
        "page.search.index_updated": ("检索索引已更新。", "The search index is up to date."),
        "type.invention": ("发明", "invention"), "type.utility_model": ("实用新型", "utility model"),
        "type.design": ("外观设计", "design"), "type.plant": ("植物", "plant"),
        "status.in_force": ("有效", "in force"), "status.lapsed": ("失效", "lapsed"),
        "status.pending": ("审中", "pending"), "status.unknown": ("未知", "unknown"),
    }
)  # fmt: skip


def warm(state: Platform) -> None:
    """Read the IPC titles the document page shows."""
    ipc_titles.load(state.settings.data_dir or config.data_dir())


def snippet_html(snippet: str) -> Markup:
    """The service's snippet with its ``<em>`` marks kept and everything else escaped."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace("&lt;em&gt;", "<em>").replace("&lt;/em&gt;", "</em>"))


def facet_value_query(code: str, value: str) -> str:
    clean = value.replace('"', " ").strip()
    if code in ("PA", "AR") and any(not ch.isalnum() for ch in clean):
        return f'{code}="{clean}"'
    return f"{code}={clean}"


def _url(path: str, **params: Any) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "", False)}
    return f"{path}?{urlencode(kept)}" if kept else path


def facet_view(result: SearchResult, q: str, sort: str, size: int) -> list[dict[str, Any]]:
    """Each facet's values with their counts and, for a field-code query, the link that narrows to one."""
    # a field-code query or short plain text narrows by "AND IC=…"; a pasted long text would turn into a
    # conjunction of all its words
    refinable = service.is_structured(q) or query_shape(q) != "long"
    out = []
    for name, values in result.facets.items():
        code = FACET_CODES.get(name)
        items = []
        for value, count in values:
            link = None
            if refinable and code:
                link = _url("/search", q=f"{q} AND {facet_value_query(code, value)}", sort=sort, size=size)
            items.append({"value": value, "count": count, "link": link})
        if items:
            out.append({"name": name, "items": items})
    return out


def _saved(request: Request, who: Any) -> dict[str, Any] | None:
    if not who.signed_in or who.organisation_id is None:
        return None
    with platform(request).database.session() as db:
        return saved_searches.list_for(db, who, size=20)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    who: Public,
    q: Annotated[str, Query(max_length=api.MAX_QUERY)] = "",
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 10,
    sort: api.Sort = api.Sort.relevance,
    similar: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    context: dict[str, Any] = {
        "q": q, "page": page, "size": size, "sort": sort.value, "similar": similar, "result": None,
        "facets": [], "error": None, "pointer": None, "warnings": [], "examples": EXAMPLES,
        "fields": FIELD_HELP, "sizes": PAGE_SIZES, "sorts": [s.value for s in api.Sort],
        "saved": _saved(request, who), "done": request.query_params.get("done", ""),
    }  # fmt: skip
    status = 200
    try:
        if similar.strip():
            context["result"] = api.run_similar(platform(request), None, similar.strip(), size)
        elif q.strip():
            result = api.run_search(platform(request), q, page, size, sort.value, "auto", True)
            context["result"] = result
            context["facets"] = facet_view(result, q, sort.value, size)
        if context["result"] is not None:
            context["warnings"] = api.engine(platform(request)).warnings
    except QuerySyntaxError as exc:
        context["error"], context["pointer"], status = exc.message, exc.pointer(), exc.http_status
    except UserError as exc:
        context["error"], status = exc.message, exc.http_status
    result = context["result"]
    if result is not None:
        context["hits"] = [{**h.to_dict(), "snippet_html": snippet_html(h.snippet)} for h in result.hits]
        pages = (result.total + size - 1) // size
        base = {"q": q, "sort": sort.value, "size": size}
        context["prev_url"] = _url("/search", **base, page=page - 1) if page > 1 and not similar else None
        context["next_url"] = (
            _url("/search", **base, page=page + 1)
            if page < pages
            and page * size < (api.DEEPEST if result.mode == "lexical" else CANDIDATES)
            and not similar
            else None
        )
        context["export"] = urlencode({"q": q, "sort": sort.value}) if q.strip() and not similar else None
    return web.render(request, who, "search_page.html", status_code=status, **context)


@router.post("/search/saved")
def save_search(
    request: Request,
    who: SignedIn,
    name: Annotated[str, Form(max_length=200)],
    query: Annotated[str, Form(max_length=saved_searches.MAX_QUERY_LENGTH)],
) -> Response:
    state = platform(request)
    with (
        audit.audited(state.database, who, "saved_search.create", saved_searches.OBJECT) as event,
        state.database.session() as db,
    ):
        event.object_id = saved_searches.create(db, who, name or query[:50], query).id
    return RedirectResponse(_url("/search", q=query, done="saved"), status_code=303)


@router.post("/search/saved/{search_id}/delete")
def delete_saved_search(search_id: RowId, request: Request, who: SignedIn) -> Response:
    state = platform(request)
    with (
        audit.audited(state.database, who, "saved_search.delete", saved_searches.OBJECT, search_id),
        state.database.session() as db,
    ):
        saved_searches.delete(db, who, search_id)
    return RedirectResponse("/search?done=deleted", status_code=303)


@router.post("/admin/search-index")
def update_index(request: Request, who: BureauAdmin) -> Response:
    """Bring the search index up to the corpus (after an ingest): updates in place, new documents only."""
    state = platform(request)
    with audit.audited(state.database, who, "search_index.build", "search_index") as event:
        report = service.build(state.corpus.current().corpus.root)
        event.object_id = report.to_dict().get("corpus_version", "")
    return RedirectResponse("/admin/ingest?done=index", status_code=303)
