"""REST API of the pre-examination service under /api/v1/prexam. Every route declares its policy: the centre
profiles, the public statistics, the working-day calculator and the PPH partner list are public; everything
else needs an account, and the object rules of `ipcenter.prexam.access` decide (404 for non-parties)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

from ipcenter.accounts.policy import Public, SignedIn
from ipcenter.errors import InvalidValue
from ipcenter.platform.deps import Platform, RowId, platform
from ipcenter.platform.downloads import ANY_FILE, DOCX, HTML, XLSX, file_responses
from ipcenter.prexam import actions, centres, clock, pph, service
from ipcenter.prexam.scope_file import read_scope

router = APIRouter(prefix="/prexam", tags=["prexam"])


def close(state: Platform) -> None:
    """The server stops: stop the aids' worker process (`jobs.schedule` starts it on the first job)."""
    from ipcenter.prexam import jobs

    jobs.shutdown()


Short = Annotated[str, Field(max_length=200)]
Text = Annotated[str, Field(max_length=20_000)]
Id = RowId  # a row of the app database


class SettingsIn(BaseModel):
    changes: dict[str, Any] = Field(max_length=50)
    source: Short
    effective_from: date


class EntityIn(BaseModel):
    centre: Short
    facts: dict[str, Any] = Field(max_length=100)
    agency: Short | None = None


class FactsIn(BaseModel):
    facts: dict[str, Any] = Field(max_length=100)


class DetailsIn(BaseModel):
    details: dict[str, Any] = Field(default_factory=dict, max_length=20)


class CaseIn(BaseModel):
    entity_id: Id
    patent_type: Short
    title: Short
    applicants: list[Short] = Field(min_length=1, max_length=50)
    inventors: list[Short] = Field(default_factory=list, max_length=100)
    main_class: Annotated[str, Field(max_length=40)]
    other_classes: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=50)
    declared_field: Short = ""
    is_pct: bool = False
    is_national_phase: bool = False
    is_divisional: bool = False
    cnipa_application_number: Annotated[str, Field(max_length=30)] | None = None


class AssignIn(BaseModel):
    examiner_id: Id | None = None


class DefectIn(BaseModel):
    category: Short
    location: Short
    basis: Short
    explanation: Text


class OpinionIn(BaseModel):
    defects: list[DefectIn] = Field(min_length=1, max_length=100)
    summary: Text = ""


class AnswerIn(BaseModel):
    text: Text


class ConclusionIn(BaseModel):
    qualified: bool
    reason_code: Annotated[str, Field(max_length=40)] = ""
    reason: Text = ""


class FilingIn(BaseModel):
    application_number: Annotated[str, Field(max_length=30)]
    filing_date: date


class CnipaEventIn(BaseModel):
    kind: Literal["office_action", "publication", "grant", "rejection", "withdrawal"]
    on: date
    note: Text = ""


class CandidateIn(BaseModel):
    publication_number: Annotated[str, Field(max_length=40)]
    category: Annotated[str, Field(max_length=1)]


class SignIn(BaseModel):
    candidates: list[CandidateIn] = Field(max_length=50)
    note: Text = ""


class BatchIn(BaseModel):
    entity_id: Id
    theme: Short
    materials: Text = ""


class QuotaRequestIn(BaseModel):
    reason: Text


Page = Annotated[int, Query(ge=1, le=100_000)]
Size = Annotated[int, Query(ge=1, le=100)]


def _file(content: bytes, media_type: str, name: str, *, attachment: bool = True) -> Response:
    from urllib.parse import quote

    disposition = "attachment" if attachment else "inline"
    headers = {
        "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "no-store",
    }
    return Response(content, media_type=media_type, headers=headers)


async def _read(upload: UploadFile, limit: int) -> bytes:
    content = await upload.read(limit + 1)
    if len(content) > limit:
        raise InvalidValue(f"{upload.filename}: larger than {limit // 1024 // 1024} MB")
    return content


# -------------------------------------------------------------------------------------- public routes


@router.get("/centres")
def list_centres(request: Request, who: Public) -> list[dict[str, Any]]:
    """The centres served by the platform, with their current profile version."""
    with platform(request).database.session() as db:
        out = []
        for centre in centres.list_centres(db):
            profile = centres.latest(db, centre)
            out.append({**centres.centre_view(centre), "version": profile.version,
                        "effective_from": profile.effective_from.isoformat(), "fields": list(profile.fields),
                        "unconfirmed": profile.unconfirmed()})  # fmt: skip
        return out


@router.get("/centres/{slug}/profile")
def centre_profile(request: Request, slug: Annotated[str, PathParam(max_length=40)], who: Public,
                   on: date | None = None) -> dict[str, Any]:  # fmt: skip
    """The profile in force on ``on`` (default today), every UNCONFIRMED setting marked."""
    with platform(request).database.session() as db:
        centre = centres.centre_by_slug(db, slug)
        return centres.profile_on(db, centre, on or clock.today()).to_json()


@router.get("/workdays/add")
def workdays_add(
    who: Public, start: Annotated[str, Query(max_length=20)], n: Annotated[int, Query(ge=1, le=3650)]
) -> dict[str, Any]:
    """The n-th working day after start (the same JSON as `ipcenter workdays add --format json`)."""
    return service.workdays_add(start, n)


@router.get("/workdays/between")
def workdays_between(who: Public, start: Annotated[str, Query(alias="from", max_length=20)],
                     end: Annotated[str, Query(alias="to", max_length=20)]) -> dict[str, Any]:  # fmt: skip
    """Working days after ``from`` up to and including ``to``."""
    return service.workdays_between(start, end)


@router.get("/statistics")
def statistics(request: Request, who: Public, start: Annotated[date, Query(alias="from")],
               end: Annotated[date, Query(alias="to")], centre: Annotated[str | None, Query(max_length=40)] = None) -> list[dict[str, Any]]:  # fmt: skip
    """Per centre × patent type × field for the period; every rate with numerator, denominator, definition."""
    return actions.statistics(platform(request), start, end, centre)


@router.get("/statistics.xlsx", response_class=Response, responses=file_responses(XLSX))
def statistics_xlsx(request: Request, who: Public, start: Annotated[date, Query(alias="from")],
                    end: Annotated[date, Query(alias="to")], centre: Annotated[str | None, Query(max_length=40)] = None) -> Response:  # fmt: skip
    content = actions.statistics_xlsx(platform(request), start, end, centre)
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _file(content, media, f"prexam-statistics-{start}-{end}.xlsx")


@router.get("/pph/partners")
def pph_partners(who: Public) -> list[dict[str, str]]:
    """The PPH partner offices and programmes (editable data, each with its source)."""
    return list(pph.partners())


# ------------------------------------------------------------------------------------- centre profile


@router.post("/centres/{slug}/settings", status_code=201)
def change_settings(
    request: Request, slug: Annotated[str, PathParam(max_length=40)], body: SettingsIn, who: SignedIn
) -> dict[str, Any]:
    """A new profile version with the centre's own values (its admins only)."""
    return actions.change_settings(
        platform(request), who, slug, body.changes, body.source, body.effective_from
    )


@router.post("/centres/{slug}/scope", status_code=201)
async def replace_scope(request: Request, slug: Annotated[str, PathParam(max_length=40)], who: SignedIn,
                        file: UploadFile = File(...), effective_from: date = Form(...),
                        source: str = Form(..., max_length=200)) -> dict[str, Any]:  # fmt: skip
    """A new profile version with the scope list read from an uploaded CSV/TSV/XLSX."""
    import tempfile
    from pathlib import Path

    content = await _read(file, 20 * 1024 * 1024)
    suffix = Path(file.filename or "scope.csv").suffix.lower()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"scope{suffix}"
        path.write_bytes(content)
        rows = read_scope(path, source=source)
    return actions.replace_scope(platform(request), who, slug, rows, effective_from)


# ------------------------------------------------------------------------------------------ entities


@router.post("/entities", status_code=201)
def apply_entity(request: Request, body: EntityIn, who: SignedIn) -> dict[str, Any]:
    """Draft a 主体备案 of the account's organisation with a centre."""
    return actions.apply_entity(platform(request), who, body.centre, body.facts, body.agency)


@router.get("/entities")
def list_entities(
    request: Request, who: SignedIn, state: Annotated[str | None, Query(max_length=20)] = None
) -> list[dict[str, Any]]:
    return actions.list_entities(platform(request), who, state)


@router.get("/entities/{entity_id}")
def get_entity(request: Request, entity_id: RowId, who: SignedIn) -> dict[str, Any]:
    return actions.get_entity(platform(request), who, entity_id)


@router.put("/entities/{entity_id}")
def update_entity(request: Request, entity_id: RowId, body: FactsIn, who: SignedIn) -> dict[str, Any]:
    return actions.update_entity(platform(request), who, entity_id, body.facts)


@router.post("/entities/{entity_id}/actions/{action}")
def entity_action(
    request: Request,
    entity_id: RowId,
    action: Annotated[str, PathParam(max_length=20)],
    body: DetailsIn,
    who: SignedIn,
) -> dict[str, Any]:
    """submit | withdraw | revise (the applicant); approve | reject | suspend | resume | cancel (centre admins)."""
    return actions.entity_action(platform(request), who, entity_id, action, body.details)


@router.post("/entities/{entity_id}/evidence", status_code=201)
async def add_evidence(request: Request, entity_id: RowId, who: SignedIn, title: str = Form(..., max_length=200),
                       file: UploadFile = File(...)) -> dict[str, Any]:  # fmt: skip
    """An evidence file of the registration (R&D site, IP management system …)."""
    state = platform(request)
    content = await _read(file, state.settings.max_body_bytes)
    return actions.add_evidence(state, who, entity_id, title, file.filename or "", content)


@router.get("/evidence/{evidence_id}")
def download_evidence(request: Request, evidence_id: RowId, who: SignedIn) -> Response:
    """An evidence file, watermarked with the reader and the time; the read is audited."""
    content, media, name = actions.download_evidence(platform(request), who, evidence_id)
    return _file(content, media, name)


@router.post("/entities/{entity_id}/recheck")
def recheck_entity(request: Request, entity_id: RowId, who: SignedIn) -> dict[str, Any]:
    """资格复核: the rules again and last year's pass rate against the centre's floor."""
    return actions.recheck_entity(platform(request), who, entity_id)


@router.post("/entities/{entity_id}/quota-requests", status_code=201)
def request_quota(request: Request, entity_id: RowId, body: QuotaRequestIn, who: SignedIn) -> dict[str, Any]:
    return actions.request_quota(platform(request), who, entity_id, body.reason)


@router.post("/quota-requests/{request_id}/{action}")
def decide_quota(
    request: Request, request_id: RowId, action: Literal["approve", "reject"], body: DetailsIn, who: SignedIn
) -> dict[str, Any]:
    return actions.decide_quota(platform(request), who, request_id, action, body.details)


@router.post("/agencies", status_code=201)
def register_agency(
    request: Request, who: SignedIn, centre: Annotated[str, Query(max_length=40)]
) -> dict[str, Any]:
    """Register the account's patent agency with a centre."""
    return actions.register_agency(platform(request), who, centre)


@router.post("/agencies/{agency_id}/{action}")
def agency_action(request: Request, agency_id: RowId, action: Literal["approve", "reject", "resubmit", "revoke", "list"],
                  body: DetailsIn, who: SignedIn) -> dict[str, Any]:  # fmt: skip
    return actions.agency_action(platform(request), who, agency_id, action, body.details)


# --------------------------------------------------------------------------------------------- cases


@router.post("/cases", status_code=201)
def create_case(request: Request, body: CaseIn, who: SignedIn) -> dict[str, Any]:
    """Draft a pre-examination request of a registered entity (by the entity or its agency)."""
    data = body.model_dump()
    entity_id = data.pop("entity_id")
    data["documents"] = []
    return actions.create_case(platform(request), who, entity_id, data)


@router.get("/cases")
def list_cases(request: Request, who: SignedIn, state: Annotated[str | None, Query(max_length=30)] = None,
               field: Annotated[str | None, Query(max_length=100)] = None, mine: bool = False,
               page: Page = 1, size: Size = 50) -> dict[str, Any]:  # fmt: skip
    """The organisation's cases, or the centre's queue ordered by the nearest working-day deadline."""
    return actions.list_cases(
        platform(request), who, state=state, field=field, mine=mine, page=page, size=size
    )


@router.get("/cases/{case_id}")
def get_case(request: Request, case_id: RowId, who: SignedIn) -> dict[str, Any]:
    return actions.case_detail(platform(request), who, case_id)


@router.post("/cases/{case_id}/documents", status_code=201)
async def add_document(request: Request, case_id: RowId, who: SignedIn, kind: str = Form(..., max_length=30),
                       file: UploadFile = File(...)) -> dict[str, Any]:  # fmt: skip
    state = platform(request)
    content = await _read(file, state.settings.max_body_bytes)
    return actions.add_document(state, who, case_id, kind, file.filename or "", content)


@router.get("/documents/{document_id}", response_class=Response, responses=file_responses(ANY_FILE))
def download_document(request: Request, document_id: RowId, who: SignedIn) -> Response:
    """An application document, watermarked with the reader and the time; the read is audited."""
    content, media, name = actions.download_document(platform(request), who, document_id)
    return _file(content, media, name)


@router.post("/cases/{case_id}/submit")
def submit_case(request: Request, case_id: RowId, who: SignedIn) -> dict[str, Any]:
    """Submit: the intake checks decide 受理 or 不予受理 at once; accepted cases get their aids."""
    return actions.submit_case(platform(request), who, case_id)


@router.post("/cases/{case_id}/assign")
def assign(request: Request, case_id: RowId, body: AssignIn, who: SignedIn) -> dict[str, Any]:
    return actions.assign(platform(request), who, case_id, body.examiner_id)


@router.post("/cases/{case_id}/aids")
def run_aids(request: Request, case_id: RowId, who: SignedIn) -> dict[str, Any]:
    return actions.run_aids(platform(request), who, case_id)


@router.post("/cases/{case_id}/search-report")
def sign_search_report(request: Request, case_id: RowId, body: SignIn, who: SignedIn) -> dict[str, Any]:
    return actions.sign_search_report(
        platform(request), who, case_id, [c.model_dump() for c in body.candidates], body.note
    )


@router.post("/cases/{case_id}/opinions", status_code=201)
def send_opinion(request: Request, case_id: RowId, body: OpinionIn, who: SignedIn) -> dict[str, Any]:
    return actions.send_opinion(
        platform(request), who, case_id, [d.model_dump() for d in body.defects], body.summary
    )


@router.post("/cases/{case_id}/answer")
def answer(request: Request, case_id: RowId, body: AnswerIn, who: SignedIn) -> dict[str, Any]:
    return actions.answer(platform(request), who, case_id, body.text)


@router.post("/cases/{case_id}/resume")
def resume(request: Request, case_id: RowId, who: SignedIn) -> dict[str, Any]:
    return actions.resume(platform(request), who, case_id)


@router.post("/cases/{case_id}/conclusion")
def conclude(request: Request, case_id: RowId, body: ConclusionIn, who: SignedIn) -> dict[str, Any]:
    return actions.conclude(platform(request), who, case_id, body.qualified, body.reason_code, body.reason)


@router.post("/cases/{case_id}/filing")
def record_filing(request: Request, case_id: RowId, body: FilingIn, who: SignedIn) -> dict[str, Any]:
    """Back-fill the CNIPA application number (check character validated) and the filing date."""
    return actions.record_filing(platform(request), who, case_id, body.application_number, body.filing_date)


@router.post("/cases/{case_id}/cnipa-events", status_code=201)
def cnipa_event(request: Request, case_id: RowId, body: CnipaEventIn, who: SignedIn) -> dict[str, Any]:
    return actions.cnipa_event(platform(request), who, case_id, body.kind, body.on, body.note)


@router.get("/cases/{case_id}/diff")
def claims_diff(request: Request, case_id: RowId, who: SignedIn, old: Annotated[int, Query(alias="from", ge=0, le=100)] = 0,
                new: Annotated[int, Query(alias="to", ge=0, le=100)] = 1) -> dict[str, Any]:  # fmt: skip
    """The claims of round ``from`` against round ``to``, claim by claim."""
    return actions.claims_diff(platform(request), who, case_id, old, new)


@router.get("/cases/{case_id}/pph")
def pph_plan(request: Request, case_id: RowId, who: SignedIn) -> dict[str, Any]:
    return actions.pph_plan(platform(request), who, case_id)


@router.get("/notices/{notice_id}", response_class=Response, responses=file_responses(HTML, DOCX))
def notice(
    request: Request, notice_id: RowId, who: SignedIn, format: Literal["html", "docx"] = "html"
) -> Response:
    content, media, name = actions.notice_document(platform(request), who, notice_id, format)
    return _file(content, media, name, attachment=format == "docx")


@router.post("/overdue")
def sweep_overdue(request: Request, who: SignedIn) -> list[str]:
    """Apply the centre's overdue outcome to answers past their deadline (centre admins)."""
    return actions.sweep_overdue(platform(request), who)


# ------------------------------------------------------------------------------------------- batches


@router.post("/batches", status_code=201)
def create_batch(request: Request, body: BatchIn, who: SignedIn) -> dict[str, Any]:
    return actions.create_batch(platform(request), who, body.entity_id, body.theme, body.materials)


@router.get("/batches")
def list_batches(request: Request, who: SignedIn) -> list[dict[str, Any]]:
    return actions.list_batches(platform(request), who)


@router.get("/batches/{batch_id}")
def get_batch(request: Request, batch_id: RowId, who: SignedIn) -> dict[str, Any]:
    """The batch, its member cases and the progress of their automatic aids."""
    return actions.batch_detail(platform(request), who, batch_id)


@router.post("/batches/{batch_id}/upload", status_code=201)
async def upload_batch(request: Request, batch_id: RowId, who: SignedIn, documents: UploadFile = File(...),
                       manifest: UploadFile = File(...)) -> dict[str, Any]:  # fmt: skip
    """A ZIP of the applications' documents (a folder per 编号) and the XLSX manifest."""
    state = platform(request)
    limit = state.settings.max_body_bytes
    return actions.upload_batch(
        state, who, batch_id, await _read(documents, limit), await _read(manifest, limit)
    )


@router.post("/batches/{batch_id}/actions/{action}")
def batch_action(request: Request, batch_id: RowId, action: Literal["submit", "withdraw", "start_review", "admit", "decline", "close"],
                 body: DetailsIn, who: SignedIn) -> dict[str, Any]:  # fmt: skip
    return actions.batch_action(platform(request), who, batch_id, action, body.details)


# --------------------------------------------------------------------------------------------- inbox


@router.get("/inbox")
def my_inbox(request: Request, who: SignedIn, unread: bool = False) -> dict[str, Any]:
    return actions.my_inbox(platform(request), who, unread)


@router.post("/inbox/{message_id}/read")
def read_message(request: Request, message_id: RowId, who: SignedIn) -> dict[str, Any]:
    return actions.read_message(platform(request), who, message_id)
