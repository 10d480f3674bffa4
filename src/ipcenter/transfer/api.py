"""REST API of the transfer domain under /api/v1/transfer: inventories and their records, the review chain,
enterprise feedback, the resource library and the settings here; needs, matching and events in
`api_market`; open licences, facts, the licence check and assessments in `api_licences`. Every route
declares its policy; object visibility is decided in `ipcenter.transfer.access` (404 for what is not yours).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ipcenter.accounts.policy import BureauAdmin, OrgAdmin, Public, SignedIn
from ipcenter.errors import InvalidValue, Unavailable
from ipcenter.platform.deps import Platform, RowId, platform
from ipcenter.platform.downloads import XLSX, file_responses
from ipcenter.transfer import inventory, patents, review, settings
from ipcenter.transfer.api_common import audited, corpus_of, matcher

router = APIRouter(prefix="/transfer", tags=["transfer"])

MAX_UPLOAD = 5 * 1024 * 1024
Name = Annotated[str, Field(max_length=200)]


# --------------------------------------------------------------------------- inventories


class InventoryIn(BaseModel):
    name: Name = ""
    as_of: date
    applicant_names: list[Name] = Field(default_factory=list, max_length=50)


class NamesIn(BaseModel):
    names: list[Name] = Field(min_length=1, max_length=50)


class ItemChange(BaseModel):
    faculty: str | None = Field(default=None, max_length=100)
    inventors: str | None = Field(default=None, max_length=2000)
    converted: str | None = Field(default=None, max_length=20)
    scenario: str | None = Field(default=None, max_length=2000)
    maturity: str | None = Field(default=None, max_length=40)
    grade: str | None = Field(default=None, max_length=40)
    legal_status: str | None = Field(default=None, max_length=20)


class ReviewIn(BaseModel):
    action: str = Field(max_length=32)
    comment: str = Field(default="", max_length=4000)


class FeedbackIn(BaseModel):
    enterprise: Name = ""
    interest: str = Field(max_length=20)
    comments: str = Field(default="", max_length=4000)
    on: date | None = None


class ReviewerIn(BaseModel):
    faculty: str = Field(min_length=1, max_length=100)
    email: str = Field(max_length=254)


@router.get("/inventories")
def list_inventories(request: Request, who: SignedIn) -> list[dict[str, Any]]:
    """The inventories of the account's institution."""
    from sqlalchemy import select

    from ipcenter.transfer.tables import Inventory

    with platform(request).database.session() as db:
        rows = db.scalars(select(Inventory).where(Inventory.organisation_id == who.organisation_id))
        return [
            {
                "id": r.id,
                "name": r.name,
                "as_of": r.as_of.isoformat(),
                "applicant_names": inventory.names_of(r),
            }
            for r in rows
        ]


@router.post("/inventories", status_code=201)
def open_inventory(body: InventoryIn, request: Request, who: OrgAdmin) -> dict[str, Any]:
    """Open an inventory of the admin's institution (universities and research institutes)."""
    with (
        audited(request, who, "inventory.open", "inventory") as event,
        platform(request).database.session() as db,
    ):
        row = inventory.create(db, who, body.name, body.as_of, list(body.applicant_names))
        event.object_id = row.id
        return {
            "id": row.id,
            "name": row.name,
            "as_of": row.as_of.isoformat(),
            "applicant_names": inventory.names_of(row),
        }


@router.get("/inventories/{inventory_id}")
def get_inventory(inventory_id: RowId, request: Request, who: SignedIn) -> dict[str, Any]:
    """The inventory report (the JSON of `ipcenter inventory report --format json`)."""
    state = platform(request)
    corpus = corpus_of(state)
    with state.database.session() as db:
        row = inventory.get(db, who, inventory_id)
        return inventory.report(db, who, row, corpus.root if corpus else None, state.settings.data_dir)


@router.get("/inventories/{inventory_id}/export", response_class=Response, responses=file_responses(XLSX))
def export_inventory(inventory_id: RowId, request: Request, who: SignedIn) -> Response:
    """The inventory in the template's XLSX layout (re-importable)."""
    state = platform(request)
    corpus = corpus_of(state)
    with state.database.session() as db:
        row = inventory.get(db, who, inventory_id)
        data = inventory.report(db, who, row, corpus.root if corpus else None, state.settings.data_dir)
    with tempfile.TemporaryDirectory() as tmp:
        path = inventory.export_xlsx(data, Path(tmp) / "inventory.xlsx")
        body = path.read_bytes()
    return Response(
        body,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="inventory-{inventory_id}.xlsx"'},
    )


@router.post("/inventories/{inventory_id}/names")
def set_names(inventory_id: RowId, body: NamesIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """Correct the applicant name variants the inventory searches for."""
    with (
        audited(request, who, "inventory.names", "inventory", inventory_id),
        platform(request).database.session() as db,
    ):
        row = inventory.get(db, who, inventory_id)
        return {"applicant_names": inventory.set_applicant_names(db, who, row, list(body.names))}


@router.get("/variants")
def name_variants(
    request: Request, who: SignedIn, q: Annotated[list[str], Query(min_length=1, max_length=10)]
) -> list[dict[str, Any]]:
    """Applicant names in the corpus containing one of ``q`` (北京航空航天, BEIHANG), with their counts."""
    corpus = corpus_of(platform(request))
    if corpus is None:
        raise Unavailable("no corpus is served yet: ingest documents first")
    return patents.suggest_variants(corpus, [x[:100] for x in q])


@router.post("/inventories/{inventory_id}/discover")
def discover(inventory_id: RowId, request: Request, who: SignedIn) -> dict[str, Any]:
    """Add a candidate record for each document of the inventory's names in force or of unknown status."""
    state = platform(request)
    with audited(request, who, "inventory.discover", "inventory", inventory_id) as event:
        with state.database.session() as db:
            row = inventory.get(db, who, inventory_id)  # another's inventory: 404 before anything else
            corpus = corpus_of(state)
            if corpus is None:
                raise Unavailable("no corpus is served yet: ingest documents first")
            report = inventory.discover(db, who, row, corpus).to_dict()
        event.detail = f"{len(report['added'])} added"
    return report


@router.post("/inventories/{inventory_id}/import")
async def import_inventory(
    inventory_id: RowId, request: Request, who: SignedIn, file: Annotated[UploadFile, File()]
) -> dict[str, Any]:
    """Import the institution's list in the template's XLSX layout (records are documented)."""
    content = await file.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        raise InvalidValue(f"the file is larger than {MAX_UPLOAD // 1024 // 1024} MiB")
    state = platform(request)
    with audited(request, who, "inventory.import", "inventory", inventory_id) as event:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "upload.xlsx"
            path.write_bytes(content)
            with state.database.session() as db:
                report = inventory.import_file(
                    db, who, inventory.get(db, who, inventory_id), path, corpus_of(state)
                )
        report["file"] = file.filename or "upload.xlsx"
        event.detail = f"{report['rows']} rows"
    return report


@router.get("/items/{item_id}")
def get_item(item_id: RowId, request: Request, who: Public) -> dict[str, Any]:
    """A record: all of it for its institution; the public part of a resource-library record for others."""
    with platform(request).database.session() as db:
        row = inventory.item(db, who, item_id, library_ok=True)
        own = who.organisation_id == row.organisation_id
        return inventory.item_view(db, who, row, private=own)


@router.patch("/items/{item_id}")
def change_item(item_id: RowId, body: ItemChange, request: Request, who: SignedIn) -> dict[str, Any]:
    """Change a record's template fields while the documenting side holds it."""
    changes = body.model_dump(exclude_none=True)
    with (
        audited(request, who, "item.change", "inventory_item", item_id) as event,
        platform(request).database.session() as db,
    ):
        row = inventory.update(db, who, inventory.item(db, who, item_id), changes)
        event.detail = ", ".join(changes)
        return inventory.item_view(db, who, row)


@router.post("/items/{item_id}/review")
def review_item(item_id: RowId, body: ReviewIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """One step of the review chain (document, faculty_approve/return, university_approve/return/decline, …)."""
    with (
        audited(request, who, f"review.{body.action}"[:40], "inventory_item", item_id) as event,
        platform(request).database.session() as db,
    ):
        row = inventory.item(db, who, item_id)
        step = review.apply(db, who, row, body.action, body.comment)
        event.detail = f"{step.from_state} → {step.to_state}"
        return inventory.item_view(db, who, row)


@router.post("/items/{item_id}/feedback", status_code=201)
def give_feedback(item_id: RowId, body: FeedbackIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """An enterprise's evaluation of a resource-library patent (企业评价反馈)."""
    from ipcenter.transfer import notices

    with (
        audited(request, who, "feedback.add", "inventory_item", item_id),
        platform(request).database.session() as db,
    ):
        row = inventory.item(db, who, item_id, library_ok=True)
        fb = review.add_feedback(
            db, who, row, body.enterprise, body.interest, body.comments, body.on or date.today()
        )
        notices.tell_organisations(
            db,
            [row.organisation_id],
            who.organisation_id,
            f"企业评价反馈: {row.publication_number} ({fb.enterprise})",
            f"/transfer/items/{row.id}",
        )
        return review.feedback_view(fb)


@router.get("/library")
def resource_library(request: Request, who: Public) -> list[dict[str, Any]]:
    """The transfer resource library (转化资源库): the public part of every institution's listed records."""
    with platform(request).database.session() as db:
        return inventory.library(db)


@router.get("/reviewers")
def list_reviewers(request: Request, who: OrgAdmin) -> list[dict[str, Any]]:
    """The faculty reviewers of the admin's institution."""
    with platform(request).database.session() as db:
        return review.reviewers(db, who.organisation_id or 0)


@router.post("/reviewers", status_code=201)
def add_reviewer(body: ReviewerIn, request: Request, who: OrgAdmin) -> dict[str, Any]:
    """Name an account of the institution as a faculty's reviewer."""
    with (
        audited(request, who, "reviewer.add", "faculty_reviewer"),
        platform(request).database.session() as db,
    ):
        return review.add_reviewer(db, who, who.organisation_id or 0, body.faculty, body.email)


# --------------------------------------------------------------------------- settings


class SettingIn(BaseModel):
    value: Any
    source: str = Field(min_length=1, max_length=2000)


@router.get("/settings")
def list_settings(request: Request, who: Public) -> list[dict[str, Any]]:
    """Every setting of the domain with its source (UNCONFIRMED until one is entered)."""
    with platform(request).database.session() as db:
        return settings.all_settings(db)


@router.post("/settings/{name}")
def set_setting(name: str, body: SettingIn, request: Request, who: BureauAdmin) -> dict[str, Any]:
    """Enter a setting's value with its source (bureau admins)."""
    with (
        audited(request, who, "setting", "transfer_parameter", name),
        platform(request).database.session() as db,
    ):
        return settings.set_parameter(
            db, name, body.value, body.source, who.email, who.organisation_id
        ).to_dict()


def warm(state: Platform) -> None:
    """Before the first need is matched: the matcher (index, encoder loaded by one encoding) and the value
    domain's indicators of the served corpus (computed once per process and corpus version)."""
    corpus = corpus_of(state)
    if corpus is None:
        return
    found = matcher(state)
    found.vectors(["预热 warm-up"])
    patents.value_scores(corpus.root, state.settings.data_dir, ["warm-up"])


from ipcenter.transfer import api_licences, api_market  # noqa: E402  (they extend this router)

router.include_router(api_market.router)
router.include_router(api_licences.router)
