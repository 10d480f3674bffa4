"""Pages of the pre-examination service (Chinese first, English on every page). Forms post back with the
page's CSRF token and answer with a redirect (post/redirect/get); every route declares its policy and every
step goes through `ipcenter.prexam.actions`, like the API. The case pages are in `case_pages`."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ipcenter.accounts.policy import Public, SignedIn
from ipcenter.accounts.roles import Role
from ipcenter.platform import web
from ipcenter.platform.deps import RowId, platform
from ipcenter.prexam import access, actions, centres, clock
from ipcenter.prexam import page_labels as _labels  # noqa: F401  (registers the labels)
from ipcenter.prexam.case_pages import router as case_router
from ipcenter.prexam.settings import SETTINGS

router = APIRouter(include_in_schema=False)
router.include_router(case_router)
Text = Annotated[str, Form(max_length=2000)]
Long = Annotated[str, Form(max_length=20_000)]


def redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.get("/prexam", response_class=HTMLResponse)
def home(request: Request, who: Public) -> Response:
    """The service's start page: each role sees its own work (registrations, cases, queue)."""
    state = platform(request)
    with state.database.session() as db:
        centre_list = [centres.centre_view(c) for c in centres.list_centres(db)]
        staff = access.staff_centre(db, who) if who.signed_in else None
    context: dict[str, Any] = {"centres": centre_list, "staff": staff is not None, "entities": [], "cases": None,
                               "batches": [], "inbox": None}  # fmt: skip
    if who.signed_in:
        context["entities"] = actions.list_entities(state, who)
        context["cases"] = actions.list_cases(state, who, size=20)
        context["batches"] = actions.list_batches(state, who)
        context["inbox"] = actions.my_inbox(state, who, unread_only=True)
    context["is_centre_admin"] = staff is not None and who.role is Role.org_admin
    return web.render(request, who, "prexam_home.html", **context)


# ------------------------------------------------------------------------------------- registration


@router.get("/prexam/register", response_class=HTMLResponse)
def register_page(request: Request, who: SignedIn) -> Response:
    with platform(request).database.session() as db:
        centre_list = [centres.centre_view(c) for c in centres.list_centres(db)]
    return web.render(
        request, who, "prexam_register.html", centres=centre_list, today=clock.today().isoformat()
    )


@router.post("/prexam/register")
def register(
    request: Request,
    who: SignedIn,
    centre: Annotated[str, Form(max_length=40)],
    uscc: Annotated[str, Form(max_length=40)],
    name: Text,
    area_code: Annotated[str, Form(max_length=6)],
    founded: Annotated[str, Form(max_length=20)],
    insured_staff: Annotated[int, Form(ge=0, le=10_000_000)],
    declared_fields: Text = "",
    granted_invention: Annotated[int, Form(ge=0, le=1_000_000)] = 0,
    granted_um: Annotated[int, Form(ge=0, le=1_000_000)] = 0,
    granted_design: Annotated[int, Form(ge=0, le=1_000_000)] = 0,
    legal_person: Annotated[bool, Form()] = False,
    credit_clean: Annotated[bool, Form()] = False,
    credit_checked_on: Annotated[str, Form(max_length=20)] = "",
    credit_authority: Text = "",
    contact_name: Text = "",
    business_scope: Long = "",
    agency: Text = "",
) -> Response:
    """Register the organisation and submit the registration for review in one step."""
    checks = []
    if credit_clean:
        checks = [{"kind": k, "adverse": False, "checked_on": credit_checked_on or clock.today().isoformat(),
                   "authority": credit_authority} for k in ("dishonest", "abnormal_filing", "wilful_infringement")]  # fmt: skip
    facts = {
        "uscc": uscc, "name": name, "legal_person": legal_person, "area_code": area_code, "founded": founded,
        "insured_staff": insured_staff, "declared_fields": [f for f in declared_fields.replace(",", "、").split("、") if f.strip()],
        "granted_first_applicant": {"invention": granted_invention, "utility_model": granted_um, "design": granted_design},
        "credit_checks": checks, "contact_name": contact_name, "contact_is_employee": bool(contact_name),
        "business_scope": business_scope,
    }  # fmt: skip
    state = platform(request)
    entity = actions.apply_entity(state, who, centre, facts, agency.strip() or None)
    actions.entity_action(state, who, entity["id"], "submit", {})
    return redirect(f"/prexam/entities/{entity['id']}")


@router.get("/prexam/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: RowId, who: SignedIn) -> Response:
    state = platform(request)
    entity = actions.get_entity(state, who, entity_id)
    with state.database.session() as db:
        staff = access.staff_centre(db, who)
    is_admin = staff is not None and staff.id == entity["centre_id"] and who.role is Role.org_admin
    return web.render(request, who, "prexam_entity.html", entity=entity, is_admin=is_admin,
                      mine=who.organisation_id == entity["organisation_id"], today=clock.today().isoformat())  # fmt: skip


@router.post("/prexam/entities/{entity_id}/action")
def entity_action(
    request: Request,
    entity_id: RowId,
    who: SignedIn,
    action: Annotated[str, Form(max_length=20)],
    reason: Text = "",
    suspended_from: Annotated[str, Form(max_length=20)] = "",
    suspended_to: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    details = {
        k: v
        for k, v in {"reason": reason, "suspended_from": suspended_from, "suspended_to": suspended_to}.items()
        if v
    }
    state = platform(request)
    if action == "recheck":
        actions.recheck_entity(state, who, entity_id)
    else:
        actions.entity_action(state, who, entity_id, action, details)
    return redirect(f"/prexam/entities/{entity_id}")


@router.post("/prexam/entities/{entity_id}/evidence")
async def add_evidence(
    request: Request, entity_id: RowId, who: SignedIn, title: Text, file: UploadFile = File(...)
) -> Response:
    state = platform(request)
    content = await file.read(state.settings.max_body_bytes + 1)
    actions.add_evidence(state, who, entity_id, title, file.filename or "", content)
    return redirect(f"/prexam/entities/{entity_id}")


# ---------------------------------------------------------------------------------- public pages


@router.get("/prexam/centres/{slug}", response_class=HTMLResponse)
def centre_page(request: Request, slug: Annotated[str, PathParam(max_length=40)], who: Public) -> Response:
    """A centre's profile in force today, every UNCONFIRMED setting marked."""
    with platform(request).database.session() as db:
        centre = centres.centre_by_slug(db, slug)
        profile = centres.profile_on(db, centre, clock.today())
    settings = [{"key": k, "zh": spec.label_zh, "en": spec.label_en, "shown": profile.setting(k).shown(),
                 "confirmed": profile.setting(k).confirmed, "source": profile.setting(k).source}
                for k, spec in SETTINGS.items()]  # fmt: skip
    return web.render(request, who, "prexam_centre.html", profile=profile.to_json(), settings=settings)


@router.get("/prexam/statistics", response_class=HTMLResponse)
def statistics_page(
    request: Request,
    who: Public,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    centre: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """The public statistics: per centre × type × field, every rate with numerator, denominator, definition."""
    today = clock.today()
    end = end or today
    start = start or end.replace(month=1, day=1)
    if end < start:
        start, end = end, start
    if end - start > timedelta(days=3660):
        start = end - timedelta(days=3660)
    rows = actions.statistics(platform(request), start, end, centre or None)
    return web.render(request, who, "prexam_statistics.html", rows=rows, start=start.isoformat(),
                      end=end.isoformat(), centre=centre or "")  # fmt: skip


# ---------------------------------------------------------------------------------------- inbox


@router.get("/prexam/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, who: SignedIn) -> Response:
    return web.render(request, who, "prexam_inbox.html", inbox=actions.my_inbox(platform(request), who))


@router.post("/prexam/inbox/{message_id}/read")
def read_message(request: Request, message_id: RowId, who: SignedIn) -> Response:
    message = actions.read_message(platform(request), who, message_id)
    target = message["link"] if message["link"].startswith("/prexam") else "/prexam/inbox"
    return redirect(target)


# -------------------------------------------------------------------------------------- batches


@router.get("/prexam/batches/{batch_id}", response_class=HTMLResponse)
def batch_page(request: Request, batch_id: RowId, who: SignedIn) -> Response:
    state = platform(request)
    batch = actions.batch_detail(state, who, batch_id)
    with state.database.session() as db:
        staff = access.staff_centre(db, who)
    is_admin = staff is not None and staff.id == batch["centre_id"] and who.role is Role.org_admin
    running = batch["progress"]["total"] > batch["progress"]["done"]
    return web.render(request, who, "prexam_batch.html", batch=batch, is_admin=is_admin, running=running,
                      mine=who.organisation_id == batch["organisation_id"], today=clock.today().isoformat())  # fmt: skip


@router.post("/prexam/batches")
def create_batch(request: Request, who: SignedIn, entity_id: Annotated[int, Form(ge=1)], theme: Text,
                 materials: Long = "") -> Response:  # fmt: skip
    batch = actions.create_batch(platform(request), who, entity_id, theme, materials)
    return redirect(f"/prexam/batches/{batch['id']}")


@router.post("/prexam/batches/{batch_id}/action")
def batch_action(request: Request, batch_id: RowId, who: SignedIn, action: Annotated[str, Form(max_length=20)],
                 reason: Text = "", decision_date: Annotated[str, Form(max_length=20)] = "") -> Response:  # fmt: skip
    details = {k: v for k, v in {"reason": reason, "decision_date": decision_date}.items() if v}
    actions.batch_action(platform(request), who, batch_id, action, details)
    return redirect(f"/prexam/batches/{batch_id}")
