"""REST API of the value domain: a patent's explained scenario score (the JSON of `ipcenter value NUMBER
--format json`) and its report, expert inputs, a portfolio, a navigation report. Every handler calls the same
service functions as the command line; the indicator table is built once per corpus version and shared."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ipcenter import config
from ipcenter.accounts import audit
from ipcenter.accounts.policy import Public, SignedIn
from ipcenter.errors import InvalidValue
from ipcenter.platform.deps import platform
from ipcenter.value import nav_output, navigation, output, portfolio, portfolio_output, service

router = APIRouter(tags=["value"])

Number = Annotated[str, PathParam(max_length=64, description="Publication or application number, any form.")]
Scenario = Annotated[
    str | None,
    Query(max_length=20, description="许可转让 / 金融 / 财务报告 / 侵权救济 / 管理 / 其他 (default 管理)."),
]


class ReportFormat(StrEnum):
    html = "html"
    xlsx = "xlsx"


class ExpertInput(BaseModel):
    indicator: str = Field(
        max_length=40, description="技术先进性, 技术成熟度, 不可替代性, 市场规模, 市场占有率, 政策适应性"
    )
    score: float = Field(ge=0, le=100)
    evidence: str = Field(default="", max_length=2000)


def _inputs(request: Request) -> service.ValueInputs:
    state = platform(request)
    corpus = state.corpus.current().corpus
    return service.open_inputs(corpus.root, state.settings.data_dir or config.data_dir(None))


def _file(body: bytes, filename: str, fmt: str) -> Response:
    media = (
        "text/html; charset=utf-8"
        if fmt == "html"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )


def _xlsx_bytes(write: Any) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="ipcenter-value-") as tmp:
        path = Path(tmp) / "report.xlsx"
        write(path)
        return path.read_bytes()


@router.get("/value/{number}")
def get_value(number: Number, request: Request, who: Public, scenario: Scenario = None) -> dict[str, Any]:
    """The GB/T 42748 scenario score of one invention or utility model, line by line."""
    data: dict[str, Any] = service.explain(_inputs(request), number, scenario).to_json()
    return data


@router.get("/value/{number}/report")
def get_value_report(
    number: Number,
    request: Request,
    who: Public,
    scenario: Scenario = None,
    format: ReportFormat = ReportFormat.html,
) -> Response:
    """The same explanation as an HTML report (charts) or an XLSX workbook."""
    explanation = service.explain(_inputs(request), number, scenario)
    name = f"value-{explanation.publication_number}.{format.value}"
    if format == ReportFormat.html:
        return _file(output.html_report(explanation, "zh").encode(), name, "html")
    return _file(_xlsx_bytes(lambda p: output.write_value_xlsx(explanation, p, "zh")), name, "xlsx")


@router.post("/value/{number}/expert-inputs", status_code=201)
def post_expert_input(number: Number, body: ExpertInput, request: Request, who: SignedIn) -> dict[str, Any]:
    """Store an expert's 0–100 score of an expert indicator, with who (the signed-in user) and when."""
    state = platform(request)
    with audit.audited(state.database, who, "value.expert_input", "patent", number) as event:
        entry = service.add_expert(
            _inputs(request), number, body.indicator, body.score, who.email, body.evidence
        )
        event.detail = f"{entry['indicator']} = {entry['score']}"
    return entry


@router.get("/portfolio")
def get_portfolio(
    request: Request,
    who: Public,
    applicant: Annotated[
        str, Query(min_length=1, max_length=200, description="Applicant name (variants merged).")
    ],
    scenario: Scenario = None,
    format: Annotated[str, Query(pattern="^(json|html|xlsx)$")] = "json",
) -> Any:
    """The portfolio of an organisation (the JSON of `ipcenter portfolio APPLICANT --format json`)."""
    result = portfolio.portfolio(_inputs(request), applicant, scenario=scenario)
    if format == "json":
        return result
    name = f"portfolio-{result['key'] or 'applicant'}.{format}"
    if format == "html":
        return _file(portfolio_output.html_report(result).encode(), name, "html")
    return _file(_xlsx_bytes(lambda p: portfolio_output.write(result, p, "xlsx")), name, "xlsx")


@router.get("/navigate")
def get_navigation(
    request: Request,
    who: Public,
    type: Annotated[
        str, Query(max_length=10, description="区域规划 | 产业规划 | 企业经营 | 研发活动 | 人才管理")
    ],
    query: Annotated[str | None, Query(max_length=500)] = None,
    ipc: Annotated[str | None, Query(max_length=200)] = None,
    applicant: Annotated[str | None, Query(max_length=200)] = None,
    region: Annotated[str | None, Query(max_length=40)] = None,
    format: ReportFormat = ReportFormat.html,
) -> Response:
    """A patent navigation report (GB/T 39551) on the selected documents, as HTML or XLSX."""
    corpus = platform(request).corpus.current().corpus
    selectors = {"query": query, "ipc": ipc, "applicant": applicant, "region": region}
    given = {k: v for k, v in selectors.items() if v}
    if len(given) != 1:
        raise InvalidValue("give exactly one of query, ipc, applicant or region")
    report = navigation.navigate(
        corpus.root,
        type,
        query=given.get("query"),
        ipc=given.get("ipc"),
        applicant=given.get("applicant"),
        region=given.get("region"),
        command="GET /api/v1/navigate?"
        + "&".join(f"{k}={quote(v)}" for k, v in {"type": type, **given}.items()),
    )
    name = f"navigation-{report.nav_type.key}.{format.value}"
    if format == ReportFormat.html:
        return _file(nav_output.html_report(report).encode(), name, "html")
    return _file(_xlsx_bytes(lambda p: nav_output.write(report, p)), name, "xlsx")
