"""The classify and scope page: a text → IPC suggestions with their titles (subclasses and the main groups
under them), and a protection centre's verdict on whether the application is inside its pre-examination
scope — from the text, or from a main IPC given instead. Every answer comes from `classify.api`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from ipcenter.accounts.policy import Public
from ipcenter.classify import api, scope
from ipcenter.errors import UserError
from ipcenter.i18n import add_labels
from ipcenter.platform import web
from ipcenter.platform.deps import platform

router = APIRouter(include_in_schema=False)

EXAMPLE = "一种锂离子电池正极材料及其制备方法，所述正极材料包括镍钴锰三元材料和包覆层。"

add_labels(
    {
        "page.classify.title": ("IPC 分类与预审范围", "IPC classification and pre-examination scope"),
        "page.classify.intro": (
            "输入发明名称、摘要或权利要求，得到 IPC 分类号建议；选择保护中心，核查是否属于其预审服务领域。"
            "结果是辅助参考，不是审查结论。",
            "Enter a title, abstract or claims for IPC suggestions; choose a protection centre to check its "
            "pre-examination scope. An aid, not an examiner's decision.",
        ),
        "page.classify.text": ("技术内容", "Text"),
        "page.classify.ipc": ("或直接填写主分类号（核查范围用）", "or the main IPC (for the scope check)"),
        "page.classify.centre": ("保护中心", "Protection centre"),
        "page.classify.no_centre": ("（不核查范围）", "(no scope check)"),
        "page.classify.level": ("粒度", "Level"),
        "page.classify.level_subclass": ("小类（如 G06F）", "subclass (G06F)"),
        "page.classify.level_group": ("大组（如 G06F40/00）", "main group (G06F40/00)"),
        "page.classify.top": ("建议数", "Suggestions"),
        "page.classify.submit": ("分类并核查", "Classify and check"),
        "page.classify.suggestions": ("IPC 分类号建议", "IPC suggestions"),
        "page.classify.code": ("分类号", "Code"),
        "page.classify.score": ("可信度", "Score"),
        "page.classify.code_title": ("类名", "Title"),
        "page.classify.groups": ("其下大组", "Main groups under it"),
        "page.classify.decided": ("判定的小类", "Subclasses decided"),
        "page.classify.verdict": ("预审范围核查", "Scope verdict"),
        "page.classify.in_scope": ("属于预审服务领域", "inside the scope"),
        "page.classify.out_of_scope": ("不属于预审服务领域", "outside the scope"),
        "page.classify.uncertain": ("无法确定，需人工分类", "uncertain: an examiner should classify it"),
        "page.classify.reasons": ("理由", "Reasons"),
        "page.classify.matched": ("匹配的领域条目", "Scope entries matched"),
        "page.classify.centres": ("各中心预审服务领域", "The centres' scopes"),
        "page.classify.ipc_count": ("IPC 小类数", "IPC subclasses"),
        "page.classify.loc_count": ("外观设计洛迦诺分类数", "Locarno classes"),
        "page.classify.fields": ("产业领域", "Fields"),
    }
)


def _centres(request: Request) -> list[dict[str, Any]]:
    return scope.scope_summary(api.scope_entries(platform(request)))


def _render(request: Request, who: Any, status: int = 200, **context: Any) -> Response:
    defaults: dict[str, Any] = {
        "form": {"text": "", "ipc": "", "centre": "", "level": "subclass", "top": 5},
        "classification": None, "decision": None, "error": None, "example": EXAMPLE,
    }  # fmt: skip
    try:
        centres = _centres(request)
    except UserError as exc:  # no scope lists in the data directory: the page still classifies
        centres, defaults["error"] = [], exc.message
    return web.render(
        request, who, "classify_page.html", status_code=status, centres=centres, **{**defaults, **context}
    )


@router.get("/classify", response_class=HTMLResponse)
def classify_form(request: Request, who: Public) -> Response:
    return _render(request, who)


@router.post("/classify", response_class=HTMLResponse)
def classify(
    request: Request,
    who: Public,
    text: Annotated[str, Form(max_length=api.MAX_TEXT)] = "",
    ipc: Annotated[str, Form(max_length=40)] = "",
    centre: Annotated[str, Form(max_length=100)] = "",
    level: Annotated[api.Level, Form()] = api.Level.subclass,
    top: Annotated[int, Form(ge=1, le=20)] = 5,
) -> Response:
    form = {"text": text, "ipc": ipc, "centre": centre, "level": level.value, "top": top}
    classification = decision = None
    try:
        if not text.strip() and not ipc.strip():
            raise UserError("enter a text to classify, or a main IPC for the scope check", http_status=422)
        if text.strip():
            classification = api.classify(platform(request), text, top, level.value)
        if centre.strip():
            by_ipc = ipc.strip() or None
            decision = api.check_scope(
                platform(request), centre, by_ipc, None if by_ipc else text, top
            ).to_dict()
    except UserError as exc:
        return _render(request, who, exc.http_status, form=form, error=exc.message)
    return _render(request, who, form=form, classification=classification, decision=decision)
