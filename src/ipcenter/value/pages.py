"""Pages of the value domain: a patent's explained GB/T 42748 score (with the expert-input form for signed-in
users), an organisation's portfolio, and the navigation-report form. Every figure comes from the same service
functions as `value.api` and the command line; reports download from the API."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ipcenter.accounts.policy import Public, SignedIn
from ipcenter.errors import UserError
from ipcenter.i18n import add_labels
from ipcenter.platform import web
from ipcenter.value import api, portfolio, service
from ipcenter.value.navigation import NAV_TYPES
from ipcenter.value.tree import load_tree, load_weight_set

router = APIRouter(include_in_schema=False)

#: The profile's reasons for a blank indicator (`blank_when`, English in gbt42748_2023.json), in Chinese.
BLANK_REASONS_ZH = {
    "no cited document with an IPC is in the corpus": "库内没有带IPC的被引文献",
    "no citing document with an IPC is in the corpus": "库内没有带IPC的施引文献",
    "no document of the corpus carries citations": "库内文献均无引文数据",
    "no expert input": "尚无专家评分",
    "no filing date": "缺少申请日",
    "no filing date, or status unknown and not granted": "缺少申请日，或法律状态未知且未授权",
    "not a CN document": "非中国专利文献",
    "not granted, or a date missing": "未授权或缺少日期",
    "the record has no IPC": "记录无IPC分类号",
    "the record has no IPC, or subclass-level IPC only": "记录无IPC分类号，或仅有小类级分类号",
    "the record has no citation data": "记录无引文数据",
    "the record has no claims": "记录无权利要求",
    "the record has no family data": "记录无同族数据",
    "the record has no legal events": "记录无法律事件",
    "the record lists no family members": "记录未列同族成员",
    "the record's status is unknown": "法律状态未知",
    "the source gives no count": "数据源未给出次数",
    "the source gives no transaction data": "数据源无转让、许可等交易数据",
}

add_labels(
    {
        "page.nav.value": ("价值评估", "Value"),
        "page.nav.navigate": ("专利导航", "Navigation"),
        "page.value.title": ("专利价值评估（GB/T 42748 场景）", "Patent value (GB/T 42748 scenarios)"),
        "page.value.intro": (
            "按评估场景计算的综合得分，逐项列出原始值、同组百分位、权重与贡献。权重为示例（非标准给定）。",
            "A scenario composite, line by line: raw value, cohort percentile, weight, contribution. The weights"
            " are illustrative, not from the standard.",
        ),
        "page.value.number": ("公开号或申请号", "Publication or application number"),
        "page.value.scenario": ("评估场景", "Scenario"),
        "page.value.submit": ("评估", "Assess"),
        "page.value.expert": ("录入专家评分（0–100）", "Enter an expert score (0–100)"),
        "page.value.evidence": ("依据", "Evidence"),
        "page.value.save": ("保存", "Save"),
        "page.value.download": ("下载报告", "Download the report"),
        "page.portfolio.title": ("专利组合", "Patent portfolio"),
        "page.portfolio.applicant": ("申请人名称", "Applicant name"),
        "page.portfolio.submit": ("查看", "Show"),
        "page.navigate.title": ("专利导航报告（GB/T 39551）", "Patent navigation report (GB/T 39551)"),
        "page.navigate.selector": ("文献范围", "Documents"),
        "page.navigate.type": ("导航类型", "Navigation type"),
        "page.navigate.submit": ("生成报告", "Make the report"),
    }
)


def _scenarios() -> list[dict[str, str]]:
    return [{"key": s.key, "name": s.name_zh} for s in load_weight_set().scenarios.values()]


def _render(request: Request, who: Any, template: str, status: int = 200, **context: Any) -> Response:
    return web.render(request, who, template, status_code=status, **context)


@router.get("/value", response_class=HTMLResponse)
def value_form(
    request: Request,
    who: Public,
    number: Annotated[str, Query(max_length=64)] = "",
    scenario: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    if number.strip():
        target = f"/value/{quote(number.strip(), safe='')}" + (
            f"?scenario={quote(scenario)}" if scenario else ""
        )
        return RedirectResponse(target, status_code=303)
    return _render(
        request,
        who,
        "value_page.html",
        scenarios=_scenarios(),
        result=None,
        error=None,
        number="",
        scenario="",
    )


@router.get("/value/{number}", response_class=HTMLResponse)
def value_page(
    number: str,
    request: Request,
    who: Public,
    scenario: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    context: dict[str, Any] = {
        "scenarios": _scenarios(),
        "number": number,
        "scenario": scenario or "",
        "error": None,
    }
    try:
        explanation = service.explain(api._inputs(request), number, scenario)
    except UserError as exc:
        return _render(
            request, who, "value_page.html", exc.http_status, result=None, **{**context, "error": exc.message}
        )
    tree = load_tree()
    lang = web.page_language(request)
    names = {k: i.name(lang) for k, i in tree.indicators.items()}
    experts = [i for i in tree.indicators.values() if i.source == "expert"]
    result = explanation.to_json()
    if lang == "zh":  # the profile states why an indicator can be blank in English
        result["blanks"] = [
            {**b, "reason": BLANK_REASONS_ZH.get(b["reason"], b["reason"])} for b in result["blanks"]
        ]
    return _render(request, who, "value_page.html", result=result, names=names, experts=experts, **context)


@router.post("/value/{number}/expert-inputs", response_class=HTMLResponse)
def value_expert_input(
    number: str,
    request: Request,
    who: SignedIn,
    indicator: Annotated[str, Form(max_length=40)],
    score: Annotated[float, Form(ge=0, le=100)],
    evidence: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    api.post_expert_input(
        number, api.ExpertInput(indicator=indicator, score=score, evidence=evidence), request, who
    )
    return RedirectResponse(f"/value/{number}", status_code=303)


@router.get("/portfolio", response_class=HTMLResponse)
def portfolio_page(
    request: Request, who: Public, applicant: Annotated[str, Query(max_length=200)] = ""
) -> Response:
    context: dict[str, Any] = {"applicant": applicant, "result": None, "error": None}
    if applicant.strip():
        try:
            context["result"] = portfolio.portfolio(api._inputs(request), applicant, with_map=False)
        except UserError as exc:
            return _render(
                request, who, "portfolio_page.html", exc.http_status, **{**context, "error": exc.message}
            )
    return _render(request, who, "portfolio_page.html", **context)


@router.get("/navigate", response_class=HTMLResponse)
def navigate_page(request: Request, who: Public) -> Response:
    types = [{"key": t.key, "name": t.name_zh, "decision": t.decision} for t in NAV_TYPES.values()]
    return _render(request, who, "navigate_page.html", types=types)
