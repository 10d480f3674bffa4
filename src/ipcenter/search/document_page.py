"""The document page: bibliographic data, abstract, claims as their dependency tree, legal status with its
events, citations (linked when the corpus holds the cited document), IPC codes with their titles, and the
documents like it (fetched by the page from /api/v1/similar, so the page itself answers at once).

The document is `corpus.service.document_view` of the row the platform's document index finds (the same
JSON as `ipcenter show` and GET /api/v1/documents/{number}).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from ipcenter import config
from ipcenter.accounts.policy import Public
from ipcenter.corpus import service as corpus_service
from ipcenter.errors import NotFound
from ipcenter.i18n import add_labels
from ipcenter.platform import web
from ipcenter.platform.deps import platform
from ipcenter.platform.documents import IndexedCorpus, indexed_corpus
from ipcenter.search import ipc_titles

router = APIRouter(include_in_schema=False)

add_labels(
    {
        "page.doc.biblio": ("著录项目", "Bibliographic data"),
        "page.doc.value": ("价值评估（GB/T 42748）", "Value assessment (GB/T 42748)"),
        "page.doc.publication_number": ("公开（公告）号", "Publication number"),
        "page.doc.application_number": ("申请号", "Application number"),
        "page.doc.patent_type": ("专利类型", "Patent type"),
        "page.doc.filing_date": ("申请日", "Filing date"),
        "page.doc.publication_date": ("公开（公告）日", "Publication date"),
        "page.doc.grant_date": ("授权日", "Grant date"),
        "page.doc.lapse_date": ("失效日", "Lapse date"),
        "page.doc.applicants": ("申请人", "Applicants"),
        "page.doc.patentees": ("专利权人", "Patentees"),
        "page.doc.inventors": ("发明人", "Inventors"),
        "page.doc.agents": ("代理人", "Agents"),
        "page.doc.priorities": ("优先权", "Priorities"),
        "page.doc.family": ("同族", "Family"),
        "page.doc.other_documents": ("同号其他文献", "Other documents of this number"),
        "page.doc.sources": ("数据来源", "Sources"),
        "page.doc.abstract": ("摘要", "Abstract"),
        "page.doc.claims": ("权利要求书", "Claims"),
        "page.doc.claims_note": (
            "从属权利要求列在其引用的第一项权利要求之下。",
            "Each dependent claim sits under the first claim it refers to.",
        ),
        "page.doc.legal_status": ("法律状态", "Legal status"),
        "page.doc.events": ("法律事件", "Legal events"),
        "page.doc.date": ("日期", "Date"),
        "page.doc.code": ("代码", "Code"),
        "page.doc.description": ("说明", "Description"),
        "page.doc.citations": ("引证文献", "Citations"),
        "page.doc.cited_by": ("引用方", "Cited by"),
        "page.doc.category": ("类别", "Category"),
        "page.doc.ipc": ("IPC 分类", "IPC classification"),
        "page.doc.similar": ("相似文献", "Similar documents"),
        "page.doc.similar_loading": ("正在查找相似文献…", "Finding similar documents…"),
        "page.doc.similar_all": ("在检索页查看", "open in the search page"),
        "page.doc.in_corpus": ("本库收录", "in the corpus"),
        "page.doc.none": ("无", "none"),
    }
)


def doc_url(number: str) -> str:
    return f"/documents/{quote(number, safe='')}"


def claim_tree(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claims nested under the first earlier claim each depends on; independent claims at the top."""
    nodes = [{**c, "children": []} for c in claims]
    position = {c["number"]: i for i, c in enumerate(claims) if c.get("number") is not None}
    roots: list[dict[str, Any]] = []
    for i, node in enumerate(nodes):
        parents = [position[d] for d in node.get("depends_on") or [] if d in position and position[d] < i]
        (nodes[parents[0]]["children"] if parents else roots).append(node)
    return roots


def citation_rows(doc: dict[str, Any], corpus: IndexedCorpus) -> list[dict[str, Any]]:
    rows = []
    for c in doc.get("citations") or []:
        target = corpus.resolve(c.get("number"))
        rows.append({**c, "link": doc_url(target) if target else None})
    return rows


def family_rows(doc: dict[str, Any], corpus: IndexedCorpus) -> list[dict[str, Any]]:
    return [
        {"number": n, "link": doc_url(t) if (t := corpus.resolve(n)) else None}
        for n in doc.get("family_members") or []
    ]


@router.get("/documents/{number}", response_class=HTMLResponse)
def document(
    number: Annotated[str, Path(max_length=64)],
    request: Request,
    who: Public,
) -> HTMLResponse:
    state = platform(request)
    corpus = indexed_corpus(state.corpus.current())
    rows = corpus_service.find_documents(corpus, number)
    if not rows:
        raise NotFound(f"no document {number!r} in the corpus")
    doc = corpus_service.document_view(rows[0])
    titles = ipc_titles.load(state.settings.data_dir or config.data_dir())
    return web.render(
        request,
        who,
        "document_page.html",
        doc=doc,
        asked=number,
        other_documents=[r["publication_number"] for r in rows[1:]],
        claims=claim_tree(doc.get("claims") or []),
        citations=citation_rows(doc, corpus),
        family=family_rows(doc, corpus),
        ipc=[titles.describe(code) for code in doc.get("ipc") or []],
        doc_url=doc_url,
    )
