"""REST API of the protection domain under /api/v1/protection: the public list search, mark comparison and
typical cases; the bureau's imports (lists, 337 files), matching and confirmation; an organisation's
alerts, deadlines (JSON or iCalendar), watches and rights-protection cases. Every route declares its
policy; another organisation's case or watch answers 404."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field

from ipcenter.accounts import audit
from ipcenter.accounts.policy import BureauAdmin, OrgAdmin, PreExamination, Public, SignedIn
from ipcenter.accounts.principal import Principal
from ipcenter.errors import InvalidValue, NotFound
from ipcenter.platform.deps import RowId, platform
from ipcenter.protection import (
    alerts,
    cases,
    itc,
    lists,
    nice,
    overseas,
    portfolio,
    reports,
    similarity,
    watches,
)

router = APIRouter(prefix="/protection", tags=["protection"])

Text = Annotated[str, Query(max_length=200)]
Page = Annotated[int, Query(ge=1, le=100_000)]
Size = Annotated[int, Query(ge=1, le=100)]
UPLOAD_SUFFIXES = (".xlsx", ".csv", ".tsv", ".txt", ".pdf", ".json", ".jsonl")


class CompareIn(BaseModel):
    a: str = Field(min_length=1, max_length=200)
    b: str = Field(min_length=1, max_length=200)
    classes: str = Field(default="", max_length=200)
    classes_b: str = Field(default="", max_length=200)


class PartnerIn(BaseModel):
    home_region: str = Field(min_length=1, max_length=100)
    partner_region: str = Field(min_length=1, max_length=100)
    basis: str = Field(default="", max_length=2000)


class MatchIn(BaseModel):
    region: str | None = Field(default=None, max_length=100)


class WatchIn(BaseModel):
    name: str = Field(default="", max_length=200)
    kind: Literal["query", "ipc", "applicant"] = "query"
    value: str = Field(default="", max_length=2000)
    saved_search_id: RowId | None = Field(default=None, description="Watch a saved search's query instead.")


class ProfileIn(BaseModel):
    province: str = Field(default="", max_length=100)
    city: str = Field(default="", max_length=100)
    english_names: list[str] = Field(default_factory=list, max_length=20)
    other_names: list[str] = Field(default_factory=list, max_length=20)


class CaseIn(BaseModel):
    kind: Literal["complaint", "report", "mediation", "assistance", "enforcement"]
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=20_000)
    ip_type: str = Field(default="", max_length=20)
    counterparty: str = Field(default="", max_length=300)
    contact: str = Field(default="", max_length=300)
    sub_centre: str = Field(default="", max_length=100)
    action_id: RowId | None = None


class MoveIn(BaseModel):
    to: str = Field(min_length=1, max_length=20)
    note: str = Field(default="", max_length=2000)


class PublishIn(BaseModel):
    title: str = Field(default="", max_length=300)
    summary: str = Field(default="", max_length=20_000)
    hide: list[str] = Field(default_factory=list, max_length=50)


class ActionIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    region: str = Field(default="", max_length=100)
    starts_on: date | None = None
    ends_on: date | None = None
    description: str = Field(default="", max_length=5000)


def _data(request: Request) -> Path | None:
    return platform(request).settings.data_dir


def _generic(request: Request) -> frozenset[str]:
    try:
        return nice.tables(_data(request)).generic_names
    except NotFound:  # no Nice tables in the data directory: the rule runs without generic names
        return frozenset()


@contextmanager
def uploaded(file: UploadFile, body: bytes) -> Iterator[Path]:
    """The upload as a temporary file with its own suffix (the readers choose by suffix)."""
    suffix = Path(file.filename or "").suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InvalidValue(f"upload a {', '.join(UPLOAD_SUFFIXES)} file", http_status=415)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(body)
        yield path


# --------------------------------------------------------------------------- public


@router.get("/lists")
def protection_lists(request: Request, who: Public) -> list[dict[str, Any]]:
    """The imported lists and batches (issuer, batch, 文号, entries)."""
    with platform(request).database.session() as db:
        return lists.lists_overview(db)


@router.get("/marks")
def search_marks(request: Request, who: Public, q: Text = "", region: Text = "", page: Page = 1,
                 size: Size = 50) -> dict[str, Any]:  # fmt: skip
    """The public search of protected marks (lists honoured in ``region``: its own and its partners')."""
    with platform(request).database.session() as db:
        return lists.search(db, q, region=region or None, page=page, size=size)


@router.post("/marks/compare")
def compare_marks(body: CompareIn, request: Request, who: Public) -> dict[str, Any]:
    """The same JSON as `ipcenter trademark compare A B --format json`."""
    a_codes = nice.parse_codes(body.classes)
    b_codes = nice.parse_codes(body.classes_b) if body.classes_b else a_codes
    goods = nice.goods_relation(a_codes, b_codes)
    return similarity.compare(body.a, body.b, goods, generic_names=_generic(request)).to_dict()


@router.get("/marks/similar")
def similar_marks(request: Request, who: Public, mark: Annotated[str, Query(min_length=1, max_length=200)],
                  classes: Text = "", region: Text = "") -> dict[str, Any]:  # fmt: skip
    """Protected marks similar to ``mark`` (`ipcenter trademark similar MARK --class NN --format json`)."""
    with platform(request).database.session() as db:
        return lists.similar_marks(db, mark, nice.parse_codes(classes), region=region or None,
                                   generic_names=_generic(request))  # fmt: skip


@router.get("/partners")
def partner_regions(request: Request, who: Public) -> list[dict[str, Any]]:
    with platform(request).database.session() as db:
        return lists.partners(db)


@router.get("/typical-cases")
def typical_cases(request: Request, who: Public) -> list[dict[str, Any]]:
    """Typical cases as published after review (personal data removed)."""
    with platform(request).database.session() as db:
        return cases.published_cases(db)


@router.get("/itc/investigations")
def itc_investigations(request: Request, who: Public) -> list[dict[str, Any]]:
    """Imported Section 337 investigations with their respondents (public records)."""
    with platform(request).database.session() as db:
        return itc.list_investigations(db)


# --------------------------------------------------------------------------- the bureau


@router.post("/lists/import", status_code=201)
async def import_list(
    request: Request, who: BureauAdmin, file: UploadFile,
    list_name: Annotated[str, Form(min_length=1, max_length=200)],
    batch: Annotated[str, Form(max_length=100)] = "", region: Annotated[str, Form(max_length=100)] = "",
) -> dict[str, Any]:  # fmt: skip
    """Import a batch (XLSX/CSV/TSV, or a PDF attachment's text) into a list."""
    state = platform(request)
    body = await file.read()
    with audit.audited(state.database, who, "protection.list.import", "protection_list", list_name) as event:
        with uploaded(file, body) as path, state.database.session() as db:
            result = lists.import_entries(db, path, list_name, batch=batch, region=region,
                                          organisation_id=who.organisation_id)  # fmt: skip
        event.detail = f"{result['added']} entries from {file.filename}"
    return {**result, "file": file.filename}


@router.post("/partners", status_code=201)
def add_partner(body: PartnerIn, request: Request, who: BureauAdmin) -> dict[str, Any]:
    state = platform(request)
    ref = f"{body.home_region}<-{body.partner_region}"
    with audit.audited(state.database, who, "protection.partner.add", "protection_partner", ref), \
            state.database.session() as db:  # fmt: skip
        return lists.add_partner(db, body.home_region, body.partner_region, body.basis, who.organisation_id)


@router.post("/itc/import", status_code=201)
async def import_itc(request: Request, who: BureauAdmin, file: UploadFile) -> dict[str, Any]:
    """Import 337 investigations: IDS JSON, 337Info JSON (lines); the sample's TSVs are read from a folder
    by the command line."""
    state = platform(request)
    body = await file.read()
    with audit.audited(state.database, who, "protection.itc.import", "itc_investigation") as event:
        with uploaded(file, body) as path, state.database.session() as db:
            result = itc.import_file(db, path)
        event.detail = f"{result['investigations']} investigations from {file.filename}"
    return {**result, "file": file.filename}


@router.post("/itc/match")
def match_itc(body: MatchIn, request: Request, who: BureauAdmin) -> dict[str, Any]:
    """The same JSON as `ipcenter watch itc match [--region R] --format json`."""
    state = platform(request)
    with (
        audit.audited(state.database, who, "protection.itc.match", "itc_match"),
        state.database.session() as db,
    ):
        return overseas.match(db, region=body.region, corpus_dir=state.settings.corpus_dir)


@router.get("/itc/matches")
def itc_matches(request: Request, who: SignedIn) -> list[dict[str, Any]]:
    """Matches naming the account's organisation (every match for the bureau admin)."""
    with platform(request).database.session() as db:
        return overseas.list_matches(db, who)


@router.post("/itc/matches/{match_id}/{decision}")
def decide_match(match_id: RowId, decision: Literal["confirm", "dismiss"], request: Request,
                 who: BureauAdmin) -> dict[str, Any]:  # fmt: skip
    """Confirm (the enterprise and the bureau are alerted) or dismiss a candidate match."""
    state = platform(request)
    with audit.audited(state.database, who, f"protection.itc.{decision}", "itc_match", match_id), \
            state.database.session() as db:  # fmt: skip
        return overseas.decide(db, who, match_id, decision == "confirm")


@router.post("/watches/run")
def run_watches(request: Request, who: BureauAdmin) -> dict[str, Any]:
    """After an ingest: every watch, status changes, fee reminders; then e-mail what is pending."""
    state = platform(request)
    with audit.audited(state.database, who, "protection.watch.run", "protection_watch"):
        with state.database.session() as db:
            result = reports.after_ingest(db, state.settings.corpus_dir)
        result["mail"] = reports.send_mail(state.database)
    return result


@router.post("/actions", status_code=201)
def add_action(body: ActionIn, request: Request, who: BureauAdmin) -> dict[str, Any]:
    state = platform(request)
    with audit.audited(state.database, who, "protection.action.add", "protection_action") as event:
        with state.database.session() as db:
            action = cases.add_action(
                db, who, body.name, body.region, body.starts_on, body.ends_on, body.description
            )
            event.object_id = action.id
        return {"id": action.id, "name": action.name}


@router.get("/actions")
def list_actions(request: Request, who: Public) -> list[dict[str, Any]]:
    """Special enforcement actions (专项行动) and how many cases each has."""
    with platform(request).database.session() as db:
        return cases.list_actions(db)


# --------------------------------------------------------------------------- an organisation


@router.get("/alerts")
def my_alerts(request: Request, who: SignedIn) -> list[dict[str, Any]]:
    """The risk alerts of the account's organisation."""
    with platform(request).database.session() as db:
        return alerts.list_alerts(db, who)


def _own_names(db: Any, who: Principal) -> tuple[str, list[str]]:
    from ipcenter.accounts.models import Organisation

    org = db.get(Organisation, who.organisation_id) if who.organisation_id is not None else None
    if org is None:
        raise InvalidValue("this account belongs to no organisation: it has no portfolio")
    names = reports.organisation_names(db).get(org.id, [org.name])
    return org.name, names


@router.get(
    "/deadlines",
    responses={200: {"content": {"text/calendar": {"schema": {"type": "string"}}}}},  # format=ics
)
def my_deadlines(request: Request, who: SignedIn, format: Literal["json", "ics"] = "json",
                 as_of: date | None = None) -> Any:  # fmt: skip
    """Annual-fee due dates and term ends of the organisation's patents; ``format=ics`` downloads them."""
    state = platform(request)
    with state.database.session() as db:
        name, names = _own_names(db, who)
    corpus = portfolio.open_corpus(state.settings.corpus_dir)
    result = {
        "organisation": name,
        **portfolio.deadlines(portfolio.patents_of(corpus, names), as_of or date.today()),
    }
    if format == "ics":
        return Response(portfolio.to_ics(name, result), media_type="text/calendar; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="deadlines.ics"'})  # fmt: skip
    return result


@router.put("/profile")
def set_profile(body: ProfileIn, request: Request, who: OrgAdmin) -> dict[str, Any]:
    """Where the organisation is and the English and other names it uses (the 337 matcher reads them)."""
    state = platform(request)
    with audit.audited(state.database, who, "protection.profile.set", "organisation", who.organisation_id), \
            state.database.session() as db:  # fmt: skip
        return overseas.set_own_profile(db, who, province=body.province, city=body.city,
                                        english_names=[n[:300] for n in body.english_names],
                                        other_names=[n[:300] for n in body.other_names])  # fmt: skip


@router.get("/watches")
def my_watches(request: Request, who: SignedIn) -> list[dict[str, Any]]:
    with platform(request).database.session() as db:
        return watches.list_watches(db, who)


@router.post("/watches", status_code=201)
def add_watch(body: WatchIn, request: Request, who: SignedIn) -> dict[str, Any]:
    state = platform(request)
    with audit.audited(state.database, who, "protection.watch.add", watches.OBJECT) as event:
        with state.database.session() as db:
            if body.saved_search_id is not None:
                watch = watches.watch_saved_search(db, who, body.saved_search_id, body.name)
            else:
                watch = watches.add_watch(db, who, body.name, body.kind, body.value)
            view = watches.watch_view(watch)
        event.object_id = view["id"]
    return view


@router.get("/watches/{watch_id}")
def get_watch(watch_id: RowId, request: Request, who: SignedIn) -> dict[str, Any]:
    with platform(request).database.session() as db:
        return watches.watch_view(watches.get_watch(db, who, watch_id))


@router.delete("/watches/{watch_id}", status_code=204)
def delete_watch(watch_id: RowId, request: Request, who: SignedIn) -> Response:
    state = platform(request)
    with audit.audited(state.database, who, "protection.watch.delete", watches.OBJECT, watch_id), \
            state.database.session() as db:  # fmt: skip
        db.delete(watches.get_watch(db, who, watch_id))
    return Response(status_code=204)


@router.get("/cases")
def my_cases(request: Request, who: SignedIn) -> list[dict[str, Any]]:
    """The organisation's cases (every case for the bureau and the protection centre's staff)."""
    with platform(request).database.session() as db:
        return cases.list_cases(db, who)


@router.post("/cases", status_code=201)
def open_case(body: CaseIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """File a complaint or report, ask for mediation or assistance (routed to a sub-centre)."""
    state = platform(request)
    with audit.audited(state.database, who, "protection.case.open", cases.OBJECT) as event:
        with state.database.session() as db:
            case = cases.open_case(db, who, **body.model_dump(), data=_data(request))
            view = cases.case_view(case)
        event.object_id = view["id"]
    return view


@router.get("/cases/{case_id}")
def get_case(case_id: RowId, request: Request, who: SignedIn) -> dict[str, Any]:
    with platform(request).database.session() as db:
        case = cases.get_case(db, who, case_id)
        return cases.case_view(case, events=cases.case_events(db, case_id))


@router.post("/cases/{case_id}/move")
def move_case(case_id: RowId, body: MoveIn, request: Request, who: PreExamination) -> dict[str, Any]:
    """The bureau or the protection centre moves a case on (its working-day timer restarts)."""
    state = platform(request)
    with audit.audited(state.database, who, "protection.case.move", cases.OBJECT, case_id) as event:
        with state.database.session() as db:
            view = cases.case_view(cases.move(db, who, case_id, body.to, body.note, data=_data(request)))
        event.detail = f"→ {body.to}"
    return view


@router.post("/cases/{case_id}/typical")
def propose_typical(case_id: RowId, request: Request, who: PreExamination) -> dict[str, Any]:
    state = platform(request)
    with audit.audited(state.database, who, "protection.case.typical", cases.OBJECT, case_id), \
            state.database.session() as db:  # fmt: skip
        return cases.case_view(cases.propose_typical(db, who, case_id))


@router.post("/cases/{case_id}/publish")
def publish_case(case_id: RowId, body: PublishIn, request: Request, who: BureauAdmin) -> dict[str, Any]:
    """Publish a typical case after review: names, counterparty, contact and numbers removed."""
    state = platform(request)
    with audit.audited(state.database, who, "protection.case.publish", cases.OBJECT, case_id), \
            state.database.session() as db:  # fmt: skip
        case = cases.publish(db, who, case_id, body.title, body.summary, body.hide)
        return {"id": case.id, "title": case.published_title, "summary": case.published_summary}
