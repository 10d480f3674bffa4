"""REST API of needs, matching (both ways) and matchmaking events (mounted by `transfer.api` under
/api/v1/transfer)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from ipcenter.accounts.policy import Public, SignedIn
from ipcenter.platform.deps import RowId, platform
from ipcenter.transfer import access, events, needs, notices, service
from ipcenter.transfer.api_common import audited, matcher, weights
from ipcenter.transfer.matching import MatchResult

router = APIRouter()
Limit = Annotated[int, Query(ge=1, le=service.MAX_LIMIT, description="How many results (at most 50).")]


class NeedIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    problem: str = Field(min_length=1, max_length=needs.MAX_TEXT)
    desired_effect: str = Field(default="", max_length=needs.MAX_TEXT)
    industry: str = Field(default="", max_length=100)
    ipc: str = Field(default="", max_length=200)
    region: str = Field(default="", max_length=100)
    budget_min: float | None = Field(default=None, ge=0, le=1e9)
    budget_max: float | None = Field(default=None, ge=0, le=1e9)
    deadline: date | None = None
    visibility: str = Field(default="public", max_length=20)
    institutions: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=list, max_length=50)


class EventIn(BaseModel):
    need_id: RowId
    publication_number: str = Field(min_length=1, max_length=40)


class OutcomeIn(BaseModel):
    to: str = Field(max_length=20)
    note: str = Field(default="", max_length=2000)


@router.get("/needs")
def list_needs(request: Request, who: Public) -> list[dict[str, Any]]:
    """Open needs the visitor may see: public ones, and those shown to the visitor's institution."""
    with platform(request).database.session() as db:
        return [needs.view(db, who, n) for n in needs.visible(db, who)]


@router.post("/needs", status_code=201)
def post_need(body: NeedIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """Post a need of the account's organisation (public, or shown to chosen institutions)."""
    fields = body.model_dump(exclude={"institutions"})
    with audited(request, who, "need.post", "need") as event, platform(request).database.session() as db:
        row = needs.post(db, who, fields, list(body.institutions))
        event.object_id = row.id
        if row.visibility == "institutions":
            notices.tell_organisations(
                db,
                access.audience(db, row.id),
                who.organisation_id,
                f"新的技术需求: {row.title}",
                f"/transfer/needs/{row.id}",
            )
        return needs.view(db, who, row)


@router.get("/needs/{need_id}")
def get_need(need_id: RowId, request: Request, who: Public) -> dict[str, Any]:
    with platform(request).database.session() as db:
        return needs.view(db, who, needs.get(db, who, need_id))


@router.post("/needs/{need_id}/close")
def close_need(need_id: RowId, request: Request, who: SignedIn) -> dict[str, Any]:
    with audited(request, who, "need.close", "need", need_id), platform(request).database.session() as db:
        row = needs.close(db, who, needs.get(db, who, need_id))
        return needs.view(db, who, row)


@router.get("/needs/{need_id}/matches")
def need_matches(need_id: RowId, request: Request, who: Public, limit: Limit = 10) -> dict[str, Any]:
    """Patents matching the need, each with why (the JSON of `ipcenter match`), library holders shown."""
    state = platform(request)
    with state.database.session() as db:
        row = needs.get(db, who, need_id)
        query = needs.need_query(row)
        m = matcher(state)
        holders = service.library_holders(db, service.library_numbers(db))
        found = m.match(query, limit=limit, holders=holders, weights=weights(db))
        return {"need_id": row.id, **MatchResult(query.text, found).to_dict()}


@router.get("/match")
def match_text(
    request: Request,
    who: Public,
    need: Annotated[str, Query(min_length=1, max_length=needs.MAX_TEXT, description="The need's text.")],
    region: Annotated[str, Query(max_length=100)] = "",
    ipc: Annotated[str, Query(max_length=200)] = "",
    limit: Limit = 10,
) -> dict[str, Any]:
    """Patents matching a need's text (the JSON of `ipcenter match --need TEXT --format json`)."""
    state = platform(request)
    with state.database.session() as db:
        query = needs.query_of(need, ipc or None, region)
        holders = service.library_holders(db, service.library_numbers(db))
        found = matcher(state).match(query, limit=limit, holders=holders, weights=weights(db))
    return MatchResult(query.text, found).to_dict()


@router.get("/patents/{number}/needs")
def patent_needs(
    number: Annotated[str, Path(max_length=40)], request: Request, who: SignedIn, limit: Limit = 10
) -> dict[str, Any]:
    """The open needs the account may see that this patent answers best (patent → needs)."""
    state = platform(request)
    with state.database.session() as db:
        return service.needs_for_patent(db, who, matcher(state), number, limit=limit)


@router.get("/events")
def list_events(request: Request, who: SignedIn) -> dict[str, Any]:
    """The account's organisation's matchmaking events and what came of them."""
    with platform(request).database.session() as db:
        return {
            "events": [events.view(db, e) for e in events.mine(db, who)],
            "outcomes": events.outcomes(db, who),
        }


@router.post("/events", status_code=201)
def open_event(body: EventIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """Open a matchmaking event for a need and a patent, keeping the explanation as it is now."""
    state = platform(request)
    with audited(request, who, "event.open", "match_event") as event, state.database.session() as db:
        need = needs.get(db, who, body.need_id)
        holders = service.library_holders(db, [body.publication_number])
        found = matcher(state).explain(
            needs.need_query(need), body.publication_number, weights=weights(db), holders=holders
        )
        row = events.open_event(db, who, need, found.facts.publication_number, found.score, found.why())
        event.object_id = row.id
        return events.view(db, row)


@router.get("/events/{event_id}")
def get_event(event_id: RowId, request: Request, who: SignedIn) -> dict[str, Any]:
    with platform(request).database.session() as db:
        return events.view(db, events.get(db, who, event_id))


@router.post("/events/{event_id}/outcome")
def event_outcome(event_id: RowId, body: OutcomeIn, request: Request, who: SignedIn) -> dict[str, Any]:
    """Record what came of an event: contacted, negotiating, licensed, transferred, declined (+ reason)."""
    with (
        audited(request, who, "event.outcome", "match_event", event_id) as event,
        platform(request).database.session() as db,
    ):
        row = events.advance(db, who, events.get(db, who, event_id), body.to, body.note)
        event.detail = body.to
        return events.view(db, row)
