"""The case pages: a new request with its documents, the case page (documents, automatic aids, opinions,
history and the steps the reader may take), the claims diff, the PPH plan, the examiner's workbench and the
batch upload. Downloads (documents, notices) are the API's routes, which the session cookie also opens."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile as StarletteUpload

from ipcenter.accounts.policy import SignedIn
from ipcenter.accounts.roles import Role
from ipcenter.errors import InvalidValue
from ipcenter.platform import web
from ipcenter.platform.deps import RowId, platform
from ipcenter.prexam import access, actions, cases, clock
from ipcenter.prexam.models import DOCUMENT_KINDS, PATENT_TYPES, TYPE_LABELS

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=2000)]
Long = Annotated[str, Form(max_length=20_000)]
UPLOAD_KINDS = ("request", "description", "claims", "abstract", "drawings", "abstract_drawing", "design_views",
                "brief_description")  # fmt: skip


def redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.replace(";", "；").replace("、", "；").split("；") if p.strip()]


async def _content(upload: StarletteUpload, limit: int) -> bytes:
    content = await upload.read(limit + 1)
    if len(content) > limit:
        raise InvalidValue(f"{upload.filename}: larger than {limit // 1024 // 1024} MB")
    return content


@router.get("/prexam/cases/new", response_class=HTMLResponse)
def new_case_page(
    request: Request, who: SignedIn, entity: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    approved = [e for e in actions.list_entities(platform(request), who) if e["state"] == "approved"]
    kinds = [(k, DOCUMENT_KINDS[k]) for k in UPLOAD_KINDS]
    types = [(t, TYPE_LABELS[t]) for t in PATENT_TYPES]
    return web.render(
        request, who, "prexam_case_new.html", entities=approved, chosen=entity, kinds=kinds, types=types
    )


@router.post("/prexam/cases/new")
async def create_case(request: Request, who: SignedIn) -> Response:
    """Draft the request, upload each document given, and submit it: intake decides at once."""
    state = platform(request)
    limit = state.settings.max_body_bytes
    form = await request.form()

    def text(name: str, default: str = "") -> str:
        value = form.get(name, default)
        if not isinstance(value, str) or len(value) > 2000:
            raise InvalidValue(f"{name}: text of at most 2000 characters expected")
        return value.strip()

    try:
        entity_id = int(text("entity_id"))
    except ValueError:
        raise InvalidValue("choose the registered entity the request is for") from None
    data = {"patent_type": text("patent_type", "invention"), "title": text("title"), "applicants": _split(text("applicants")),
            "inventors": _split(text("inventors")), "main_class": text("main_class"),
            "declared_field": text("declared_field"), "documents": []}  # fmt: skip
    uploads = []
    for kind in UPLOAD_KINDS:
        upload = form.get(f"doc_{kind}")
        if isinstance(upload, str) or upload is None or not upload.filename:
            continue
        uploads.append((kind, upload.filename, await _content(upload, limit)))
    case = actions.create_case(state, who, entity_id, data)
    for kind, name, content in uploads:
        actions.add_document(state, who, case["id"], kind, name, content)
    actions.submit_case(state, who, case["id"])
    return redirect(f"/prexam/cases/{case['id']}")


@router.get("/prexam/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: RowId, who: SignedIn) -> Response:
    state = platform(request)
    case = actions.case_detail(state, who, case_id)
    with state.database.session() as db:
        centre = access.staff_centre(db, who)
        staff = centre is not None and centre.slug == case["centre"]
        examiners = (
            [{"id": u.id, "email": u.email} for u in cases.examiners_of(db, centre)]
            if staff and centre
            else []
        )
    applicant_side = {case["organisation_id"], case["agency_organisation_id"]}
    roles = {
        "applicant": who.organisation_id in applicant_side and who.role in (Role.member, Role.org_admin),
        "examiner": who.role is Role.pre_examiner and who.user_id == case["assigned_examiner_id"],
        "centre_admin": staff and who.role is Role.org_admin,
        "staff_examiner": staff and who.role is Role.pre_examiner,
    }
    aids = {a["kind"]: a for a in case.get("aids", []) if a["round"] == case["round"]} or {
        a["kind"]: a for a in case.get("aids", [])
    }
    return web.render(request, who, "prexam_case.html", case=case, roles=roles, examiners=examiners, aids=aids,
                      kinds=[(k, DOCUMENT_KINDS[k]) for k in UPLOAD_KINDS], today=clock.today().isoformat())  # fmt: skip


@router.post("/prexam/cases/{case_id}/assign")
def assign(
    request: Request, case_id: RowId, who: SignedIn, examiner_id: Annotated[str, Form(max_length=20)] = ""
) -> Response:
    chosen = int(examiner_id) if examiner_id.strip().isdigit() else None
    actions.assign(platform(request), who, case_id, chosen)
    return redirect(f"/prexam/cases/{case_id}")


@router.post("/prexam/cases/{case_id}/opinion")
async def send_opinion(request: Request, case_id: RowId, who: SignedIn) -> Response:
    form = await request.form()
    defects = []
    for i in range(1, 6):
        fields = {
            k: str(form.get(f"{k}_{i}", "")).strip()[:2000]
            for k in ("category", "location", "basis", "explanation")
        }
        if fields["location"] or fields["explanation"]:
            defects.append(fields)
    summary = str(form.get("summary", ""))[:20_000]
    actions.send_opinion(platform(request), who, case_id, defects, summary)
    return redirect(f"/prexam/cases/{case_id}")


@router.post("/prexam/cases/{case_id}/answer")
async def answer(request: Request, case_id: RowId, who: SignedIn, text: Long,
                 claims: UploadFile | None = File(None)) -> Response:  # fmt: skip
    state = platform(request)
    if claims is not None and claims.filename:
        content = await _content(claims, state.settings.max_body_bytes)
        actions.add_document(state, who, case_id, "claims", claims.filename, content)
    actions.answer(state, who, case_id, text)
    return redirect(f"/prexam/cases/{case_id}")


@router.post("/prexam/cases/{case_id}/resume")
def resume(request: Request, case_id: RowId, who: SignedIn) -> Response:
    actions.resume(platform(request), who, case_id)
    return redirect(f"/prexam/cases/{case_id}")


@router.post("/prexam/cases/{case_id}/conclude")
def conclude(request: Request, case_id: RowId, who: SignedIn, outcome: Annotated[str, Form(max_length=20)],
             reason_code: Annotated[str, Form(max_length=40)] = "", reason: Long = "") -> Response:  # fmt: skip
    actions.conclude(platform(request), who, case_id, outcome == "qualified", reason_code, reason)
    return redirect(f"/prexam/cases/{case_id}")


@router.post("/prexam/cases/{case_id}/filing")
def record_filing(request: Request, case_id: RowId, who: SignedIn, application_number: Annotated[str, Form(max_length=30)],
                  filing_date: Annotated[date, Form()]) -> Response:  # fmt: skip
    actions.record_filing(platform(request), who, case_id, application_number, filing_date)
    return redirect(f"/prexam/cases/{case_id}")


@router.post("/prexam/cases/{case_id}/cnipa")
def cnipa_event(request: Request, case_id: RowId, who: SignedIn, kind: Annotated[str, Form(max_length=20)],
                on: Annotated[date, Form()], note: Text = "") -> Response:  # fmt: skip
    actions.cnipa_event(platform(request), who, case_id, kind, on, note)
    return redirect(f"/prexam/cases/{case_id}")


@router.post("/prexam/cases/{case_id}/search-report")
async def sign_search_report(request: Request, case_id: RowId, who: SignedIn) -> Response:
    form = await request.form()
    candidates = [{"publication_number": key[len("category_"):], "category": str(value)[:1]}
                  for key, value in form.items() if key.startswith("category_") and str(value) in ("X", "Y", "A")]  # fmt: skip
    actions.sign_search_report(
        platform(request), who, case_id, candidates, str(form.get("note", ""))[:20_000]
    )
    return redirect(f"/prexam/cases/{case_id}")


@router.get("/prexam/cases/{case_id}/diff", response_class=HTMLResponse)
def diff_page(request: Request, case_id: RowId, who: SignedIn, old: Annotated[int, Query(alias="from", ge=0, le=100)] = 0,
              new: Annotated[int, Query(alias="to", ge=0, le=100)] = 1) -> Response:  # fmt: skip
    changes = actions.claims_diff(platform(request), who, case_id, old, new)
    return web.render(request, who, "prexam_diff.html", case_id=case_id, changes=changes)


@router.get("/prexam/cases/{case_id}/pph", response_class=HTMLResponse)
def pph_page(request: Request, case_id: RowId, who: SignedIn) -> Response:
    return web.render(request, who, "prexam_pph.html", plan=actions.pph_plan(platform(request), who, case_id))


@router.get("/prexam/workbench", response_class=HTMLResponse)
def workbench(request: Request, who: SignedIn, field: Annotated[str | None, Query(max_length=100)] = None,
              state: Annotated[str | None, Query(max_length=30)] = None, mine: bool = False) -> Response:  # fmt: skip
    """The centre's queue, nearest working-day deadline first, by field and state."""
    platform_state = platform(request)
    with platform_state.database.session() as db:
        if access.staff_centre(db, who) is None:
            access.require_centre_staff(who, _no_centre())
    queue = actions.list_cases(
        platform_state, who, state=state or None, field=field or None, mine=mine, size=100
    )
    fields = sorted({c["field"] for c in queue["items"] if c["field"]})
    return web.render(request, who, "prexam_workbench.html", queue=queue, fields=fields, field=field or "",
                      state=state or "", mine=mine)  # fmt: skip


def _no_centre() -> Any:
    from ipcenter.prexam.tables import Centre

    return Centre(id=0, organisation_id=-1, slug="-", name="a protection centre")


@router.post("/prexam/batches/{batch_id}/upload")
async def upload_batch(request: Request, batch_id: RowId, who: SignedIn, documents: UploadFile = File(...),
                       manifest: UploadFile = File(...)) -> Response:  # fmt: skip
    state = platform(request)
    limit = state.settings.max_body_bytes
    actions.upload_batch(
        state, who, batch_id, await _content(documents, limit), await _content(manifest, limit)
    )
    return redirect(f"/prexam/batches/{batch_id}")
