"""Pages of the transfer domain (专利转化运用): the hub (resource library, open needs, open-licence listings),
the institution's inventory with its review chain, a need with its matches and their reasons, the listings
with the fee estimator, a declaration, and the pre-application assessment. Each page calls the same service
functions as the API; forms post back and redirect (303) to the page that shows the result."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ipcenter.accounts.policy import Public, SignedIn
from ipcenter.accounts.principal import Principal
from ipcenter.errors import InvalidValue, NotFound, UserError
from ipcenter.platform import web
from ipcenter.platform.deps import RowId, platform
from ipcenter.transfer import assessment, inventory, licensing, listings, needs, review, service
from ipcenter.transfer.api_common import audited, corpus_of, matcher, weights
from ipcenter.transfer.labels import register as _register_labels
from ipcenter.transfer.matching import MatchResult

_register_labels()
router = APIRouter(include_in_schema=False)
MAX_UPLOAD = 5 * 1024 * 1024


def _page(request: Request, who: Principal, template: str, status: int = 200, **context: Any) -> Response:
    return web.render(request, who, template, status_code=status, error=context.pop("error", None), **context)


def _back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/transfer", response_class=HTMLResponse)
def hub(request: Request, who: Public) -> Response:
    """专利转化运用: the resource library, open needs, the latest open-licence listings."""
    with platform(request).database.session() as db:
        return _page(
            request,
            who,
            "transfer_hub.html",
            library=inventory.library(db, limit=50),
            needs=[needs.view(db, who, n) for n in needs.visible(db, who, limit=50)],
            licences=[licensing.view(db, who, r) for r in listings.search(db, limit=20)],
        )


@router.get("/transfer/inventory", response_class=HTMLResponse)
def inventory_page(request: Request, who: SignedIn) -> Response:
    """The institution's latest inventory: records, review actions, coverage by faculty, the XLSX import."""
    state = platform(request)
    corpus = corpus_of(state)
    with state.database.session() as db:
        try:
            inv = inventory.latest(db, who, who.organisation_id or 0)
        except NotFound as exc:
            return _page(
                request,
                who,
                "transfer_inventory.html",
                data=None,
                error=exc.message,
                actions={},
                library=[],
                today=date.today(),
            )
        data = inventory.report(db, who, inv, corpus.root if corpus else None, state.settings.data_dir)
    actions = {
        i["id"]: [t.action for t in review.TRANSITIONS if t.state == i["state"]] for i in data["items"]
    }
    library = [i for i in data["items"] if i["state"] == "in_library"]
    return _page(
        request,
        who,
        "transfer_inventory.html",
        data=data,
        actions=actions,
        library=library,
        today=date.today(),
    )


@router.post("/transfer/inventory/import")
async def inventory_import(request: Request, who: SignedIn, file: Annotated[UploadFile, File()]) -> Response:
    """Import the template: the records are documented; errors are shown on the inventory page."""
    import tempfile
    from pathlib import Path

    state = platform(request)
    content = await file.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        raise InvalidValue("the file is larger than 5 MiB")
    with audited(request, who, "inventory.import", "inventory"), tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.xlsx"
        path.write_bytes(content)
        with state.database.session() as db:
            inv = inventory.latest(db, who, who.organisation_id or 0, create_on=date.today())
            inventory.import_file(db, who, inv, path, corpus_of(state))
    return _back("/transfer/inventory")


@router.post("/transfer/items/{item_id}/review")
def item_review(
    item_id: RowId,
    request: Request,
    who: SignedIn,
    action: Annotated[str, Form(max_length=32)],
    comment: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """One review step from the inventory page."""
    with (
        audited(request, who, f"review.{action}"[:40], "inventory_item", item_id),
        platform(request).database.session() as db,
    ):
        review.apply(db, who, inventory.item(db, who, item_id), action, comment)
    return _back("/transfer/inventory")


@router.post("/transfer/reviewers")
def add_reviewer(
    request: Request,
    who: SignedIn,
    faculty: Annotated[str, Form(min_length=1, max_length=100)],
    email: Annotated[str, Form(max_length=254)],
) -> Response:
    """The institution's admin names a faculty's reviewer (from the inventory page)."""
    with (
        audited(request, who, "reviewer.add", "faculty_reviewer"),
        platform(request).database.session() as db,
    ):
        review.add_reviewer(db, who, who.organisation_id or 0, faculty, email)
    return _back("/transfer/inventory")


@router.post("/transfer/licences")
def declare_licence(
    request: Request,
    who: SignedIn,
    publication_number: Annotated[str, Form(min_length=1, max_length=40)],
    payment_method: Annotated[str, Form(max_length=40)],
    term_from: Annotated[date, Form()],
    term_to: Annotated[date, Form()],
    fee_fixed: Annotated[float | None, Form(ge=0, le=1e9)] = None,
    royalty_sales_pct: Annotated[float | None, Form(ge=0, le=100)] = None,
    scenario: Annotated[str, Form(max_length=2000)] = "",
    industry: Annotated[str, Form(max_length=100)] = "",
    products: Annotated[str, Form(max_length=2000)] = "",
    evaluation_report: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Declare an open licence (a draft, checked next) from the inventory page."""
    fields: dict[str, Any] = {
        "payment_method": payment_method,
        "fee_fixed": fee_fixed,
        "royalty_sales_pct": royalty_sales_pct,
        "term_from": term_from.isoformat(),
        "term_to": term_to.isoformat(),
        "scenario": scenario,
        "industry": industry,
        "products": products,
        "evaluation_report": evaluation_report,
    }
    state = platform(request)
    with audited(request, who, "licence.declare", "licence") as event, state.database.session() as db:
        row = licensing.declare(db, who, corpus_of(state), publication_number, fields)
        event.object_id = row.id
    return _back(f"/transfer/licences/{row.id}")


@router.post("/transfer/licences/{licence_id}/check")
def check_licence(
    licence_id: RowId, request: Request, who: SignedIn, on: Annotated[date, Form()]
) -> Response:
    """Run the rule-18 checks on a declaration (the result is shown on its page)."""
    state = platform(request)
    with audited(request, who, "licence.check", "licence", licence_id), state.database.session() as db:
        licensing.run_check(db, who, corpus_of(state), licensing.get(db, who, licence_id), on)
    return _back(f"/transfer/licences/{licence_id}")


@router.post("/transfer/licences/{licence_id}/announce")
def announce_licence(
    licence_id: RowId, request: Request, who: SignedIn, on: Annotated[date, Form()]
) -> Response:
    """Record CNIPA's announcement date (the checks run again on that day)."""
    state = platform(request)
    with audited(request, who, "licence.announce", "licence", licence_id), state.database.session() as db:
        licensing.announce(db, who, corpus_of(state), licensing.get(db, who, licence_id), on)
    return _back(f"/transfer/licences/{licence_id}")


@router.post("/transfer/licences/{licence_id}/take")
def take_licence(
    licence_id: RowId,
    request: Request,
    who: SignedIn,
    notified_on: Annotated[date, Form()],
    licensee_name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """A licensee's written notice from the declaration's page (the patentee is told in its inbox)."""
    from ipcenter.transfer import licensees, notices

    with (
        audited(request, who, "licence.take", "licence", licence_id),
        platform(request).database.session() as db,
    ):
        row = licensing.get(db, who, licence_id)
        taken = licensees.take(db, who, row, licensee_name, notified_on)
        notices.tell_organisations(
            db,
            [row.organisation_id],
            who.organisation_id,
            f"开放许可实施通知: {taken.licensee_name} → {row.publication_number}",
            f"/transfer/licences/{row.id}",
        )
    return _back(f"/transfer/licences/{licence_id}")


@router.post("/transfer/needs")
def post_need(
    request: Request,
    who: SignedIn,
    title: Annotated[str, Form(min_length=1, max_length=200)],
    problem: Annotated[str, Form(min_length=1, max_length=needs.MAX_TEXT)],
    desired_effect: Annotated[str, Form(max_length=needs.MAX_TEXT)] = "",
    industry: Annotated[str, Form(max_length=100)] = "",
    ipc: Annotated[str, Form(max_length=200)] = "",
    region: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Post a public need from the hub and show its matches."""
    fields = {
        "title": title,
        "problem": problem,
        "desired_effect": desired_effect,
        "industry": industry,
        "ipc": ipc,
        "region": region,
    }
    with audited(request, who, "need.post", "need") as event, platform(request).database.session() as db:
        row = needs.post(db, who, fields, [])
        event.object_id = row.id
    return _back(f"/transfer/needs/{row.id}")


@router.get("/transfer/needs/{need_id}", response_class=HTMLResponse)
def need_page(need_id: RowId, request: Request, who: Public) -> Response:
    """A need and the patents matching it, each with its passages, shared IPC and score parts."""
    state = platform(request)
    with state.database.session() as db:
        row = needs.get(db, who, need_id)
        need = needs.view(db, who, row)
        result: dict[str, Any] | None = None
        error = None
        try:
            query = needs.need_query(row)
            holders = service.library_holders(db, service.library_numbers(db))
            found = matcher(state).match(query, limit=10, holders=holders, weights=weights(db))
            result = MatchResult(query.text, found).to_dict()
        except UserError as exc:  # no corpus or index yet: the need is still shown
            error = exc.message
    return _page(request, who, "transfer_need.html", need=need, result=result, error=error)


@router.get("/transfer/licences", response_class=HTMLResponse)
def licences_page(
    request: Request,
    who: Public,
    ipc: Annotated[str, Query(max_length=20)] = "",
    scenario: Annotated[str, Query(max_length=100)] = "",
    industry: Annotated[str, Query(max_length=100)] = "",
    region: Annotated[str, Query(max_length=100)] = "",
    fee_max: Annotated[float | None, Query(ge=0)] = None,
) -> Response:
    """Open-licence listings searchable by IPC, scenario, industry, region and fee (with the annuity reduction)."""
    with platform(request).database.session() as db:
        rows = listings.search(
            db, ipc=ipc, scenario=scenario, industry=industry, region=region, fee_max=fee_max
        )
        items = [licensing.view(db, who, r) for r in rows]
        reduction = listings.annuity_reduction(db)
    form = {
        "ipc": ipc,
        "scenario": scenario,
        "industry": industry,
        "region": region,
        "fee_max": fee_max or "",
    }
    return _page(request, who, "transfer_licences.html", items=items, form=form, reduction=reduction)


@router.get("/transfer/licences/{licence_id}", response_class=HTMLResponse)
def licence_page(licence_id: RowId, request: Request, who: Public) -> Response:
    """A declaration: its terms, the last check, the history and licensees (its patentee), the fee estimate."""
    state = platform(request)
    corpus = corpus_of(state)
    with state.database.session() as db:
        row = licensing.get(db, who, licence_id)
        data = licensing.view(db, who, row)
        data_owner = row.organisation_id
        estimate = None
        if corpus is not None:
            try:
                estimate = service.fee_estimate(
                    db, corpus, row.publication_number, date.today(), state.settings.data_dir
                )
            except UserError:
                estimate = None
    own = who.organisation_id == data_owner
    return _page(
        request, who, "transfer_licence.html", licence=data, estimate=estimate, own=own, today=date.today()
    )


@router.get("/transfer/assess", response_class=HTMLResponse)
def assess_form(request: Request, who: SignedIn) -> Response:
    with platform(request).database.session() as db:
        mine = [assessment.view(db, a) for a in assessment.mine(db, who)]
    return _page(
        request, who, "transfer_assess.html", mine=mine, result=None, form={"title": "", "disclosure": ""}
    )


@router.post("/transfer/assess", response_class=HTMLResponse)
def assess(
    request: Request,
    who: SignedIn,
    title: Annotated[str, Form(min_length=1, max_length=200)],
    disclosure: Annotated[str, Form(min_length=1, max_length=50_000)],
) -> Response:
    """Assess a disclosure (recorded): closest documents, IPC, similar granted patents, density, advice."""
    state = platform(request)
    form = {"title": title, "disclosure": disclosure}
    try:
        with (
            audited(request, who, "assessment.create", "assessment") as event,
            state.database.session() as db,
        ):
            row = assessment.create(db, who, matcher(state), title, disclosure)
            event.object_id = row.id
            result = assessment.view(db, row)
            mine = [assessment.view(db, a) for a in assessment.mine(db, who)]
    except UserError as exc:
        return _page(
            request,
            who,
            "transfer_assess.html",
            exc.http_status,
            mine=[],
            result=None,
            form=form,
            error=exc.message,
        )
    return _page(request, who, "transfer_assess.html", mine=mine, result=result, form=form)
