"""Pages of the protection domain: the public search of protected marks with a similarity check, the public
typical cases, an organisation's alerts (with its deadline calendar to download), and the bureau's page
to import a list batch or a 337 file, match respondents and confirm matches."""

from __future__ import annotations

import contextlib
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ipcenter.accounts import audit
from ipcenter.accounts.policy import BureauAdmin, Public, SignedIn
from ipcenter.errors import NotFound, UserError
from ipcenter.i18n import add_labels
from ipcenter.platform import web
from ipcenter.platform.deps import RowId, platform
from ipcenter.protection import alerts, cases, itc, lists, nice, overseas, similarity
from ipcenter.protection.api import uploaded

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Query(max_length=200)]

add_labels(
    {
        "page.nav.protection": ("保护与监测", "Protection"),
        "page.protection.title": ("重点商标保护名录", "Key-trademark protection lists"),
        "page.protection.search": ("查询在保商标", "Search protected marks"),
        "page.protection.region": ("地区（含互认地区）", "Region (with partner regions)"),
        "page.protection.compare": ("商标近似比对", "Compare two word marks"),
        "page.protection.similar": ("近似", "similar"),
        "page.protection.not_similar": ("不近似", "not similar"),
        "page.protection.rules": ("依据规则与证据", "Rules fired and evidence"),
        "page.protection.mark": ("商标", "Mark"),
        "page.protection.holder": ("权利人", "Holder"),
        "page.protection.reg_no": ("注册号", "Registration no."),
        "page.protection.list": ("名录与批次", "List and batch"),
        "page.protection.source": ("来源", "Source"),
        "page.protection.recognised": ("认可方式", "Recognised as"),
        "page.protection.typical": ("典型案例", "Typical cases"),
        "page.protection.alerts": ("风险提醒", "Risk alerts"),
        "page.protection.calendar": (
            "下载期限日历（iCalendar）",
            "Download the deadline calendar (iCalendar)",
        ),
        "page.protection.admin": ("保护与海外监测管理", "Protection and overseas watch"),
        "page.protection.import_list": ("导入名录批次", "Import a list batch"),
        "page.protection.import_itc": ("导入337调查文件", "Import a 337 file"),
        "page.protection.match": ("匹配本地企业", "Match local enterprises"),
        "page.protection.matches": ("337匹配", "337 matches"),
        "page.protection.confirm": ("确认并提醒", "Confirm and alert"),
        "page.protection.dismiss": ("排除", "Dismiss"),
        "page.protection.submit": ("提交", "Submit"),
        "page.protection.done": ("已完成。", "Done."),
    }
)


@router.get("/protection", response_class=HTMLResponse)
def protection_page(request: Request, who: Public, q: Text = "", region: Text = "", a: Text = "", b: Text = "",
                    classes: Text = "") -> Response:  # fmt: skip
    state = platform(request)
    verdict = None
    error = None
    if a and b:
        try:
            codes = nice.parse_codes(classes)
            generic: frozenset[str] = frozenset()
            with contextlib.suppress(NotFound):
                generic = nice.tables(state.settings.data_dir).generic_names
            verdict = similarity.compare(
                a, b, nice.goods_relation(codes, codes), generic_names=generic
            ).to_dict()
        except UserError as exc:
            error = exc.message
    with state.database.session() as db:
        found = lists.search(db, q, region=region or None, size=100)
        overview = lists.lists_overview(db)
    return web.render(request, who, "protection_page.html", found=found, overview=overview, q=q, region=region,
                      a=a, b=b, classes=classes, verdict=verdict, error=error)  # fmt: skip


@router.get("/protection/typical-cases", response_class=HTMLResponse)
def typical_page(request: Request, who: Public) -> Response:
    with platform(request).database.session() as db:
        rows = cases.published_cases(db)
    return web.render(request, who, "protection_typical.html", rows=rows)


@router.get("/protection/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, who: SignedIn) -> Response:
    with platform(request).database.session() as db:
        rows = alerts.list_alerts(db, who)
        my_cases = cases.list_cases(db, who)
    return web.render(request, who, "protection_alerts.html", rows=rows, cases=my_cases)


@router.get("/admin/protection", response_class=HTMLResponse)
def admin_page(request: Request, who: BureauAdmin, done: Annotated[str, Query(max_length=20)] = "",
               error: Annotated[str, Query(max_length=500)] = "") -> Response:  # fmt: skip
    with platform(request).database.session() as db:
        matches = overseas.list_matches(db, who)
        investigations = itc.list_investigations(db)
        overview = lists.lists_overview(db)
    return web.render(request, who, "protection_admin.html", matches=matches, investigations=investigations,
                      overview=overview, done=done, error=error)  # fmt: skip


def _back(done: str = "", error: str = "") -> RedirectResponse:
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in (("done", done), ("error", error[:400])) if v})
    return RedirectResponse(f"/admin/protection?{query}", status_code=303)


@router.post("/admin/protection/lists")
async def admin_import_list(request: Request, who: BureauAdmin, file: UploadFile,
                            list_name: Annotated[str, Form(min_length=1, max_length=200)],
                            batch: Annotated[str, Form(max_length=100)] = "") -> Response:  # fmt: skip
    state = platform(request)
    body = await file.read()
    try:
        with audit.audited(
            state.database, who, "protection.list.import", "protection_list", list_name
        ) as event:
            with uploaded(file, body) as path, state.database.session() as db:
                result = lists.import_entries(
                    db, path, list_name, batch=batch, organisation_id=who.organisation_id
                )
            event.detail = f"{result['added']} entries from {file.filename}"
    except UserError as exc:
        return _back(error=exc.message)
    return _back(done="list")


@router.post("/admin/protection/itc")
async def admin_import_itc(request: Request, who: BureauAdmin, file: UploadFile) -> Response:
    state = platform(request)
    body = await file.read()
    try:
        with audit.audited(state.database, who, "protection.itc.import", "itc_investigation") as event:
            with uploaded(file, body) as path, state.database.session() as db:
                result = itc.import_file(db, path)
            event.detail = f"{result['investigations']} investigations from {file.filename}"
    except UserError as exc:
        return _back(error=exc.message)
    return _back(done="itc")


@router.post("/admin/protection/match")
def admin_match(
    request: Request, who: BureauAdmin, region: Annotated[str, Form(max_length=100)] = ""
) -> Response:
    state = platform(request)
    try:
        with (
            audit.audited(state.database, who, "protection.itc.match", "itc_match"),
            state.database.session() as db,
        ):
            overseas.match(db, region=region or None, corpus_dir=state.settings.corpus_dir)
    except UserError as exc:
        return _back(error=exc.message)
    return _back(done="match")


@router.post("/admin/protection/matches/{match_id}/{decision}")
def admin_decide(match_id: RowId, decision: Literal["confirm", "dismiss"], request: Request,
                 who: BureauAdmin) -> Response:  # fmt: skip
    state = platform(request)
    try:
        with audit.audited(state.database, who, f"protection.itc.{decision}", "itc_match", match_id), \
                state.database.session() as db:  # fmt: skip
            overseas.decide(db, who, match_id, decision == "confirm")
    except UserError as exc:
        if exc.http_status == 404:
            raise
        return _back(error=exc.message)
    return _back(done=decision)
