"""Saved searches: a query kept by a signed-in user for their organisation (read by its members only)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipcenter.accounts import policy
from ipcenter.accounts.models import SavedSearch
from ipcenter.accounts.principal import Principal
from ipcenter.errors import Conflict, InvalidValue

OBJECT = "saved_search"
MAX_PER_ORGANISATION = 1000
MAX_QUERY_LENGTH = 4000


def view(row: SavedSearch) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "query": row.query,
        "organisation_id": row.organisation_id,
        "created_by": row.created_by,
        "created_at": row.created_at.isoformat(timespec="seconds"),
    }


def create(db: Session, principal: Principal, name: str, query: str) -> SavedSearch:
    if principal.organisation_id is None:
        raise Conflict("saved searches belong to an organisation, and this account has none")
    name = " ".join(name.split())
    if not 1 <= len(name) <= 200:
        raise InvalidValue("a saved search's name has 1 to 200 characters")
    if not query.strip() or len(query) > MAX_QUERY_LENGTH:
        raise InvalidValue(f"a saved search's query has 1 to {MAX_QUERY_LENGTH} characters")
    count = db.scalar(
        select(func.count(SavedSearch.id)).where(SavedSearch.organisation_id == principal.organisation_id)
    )
    if (count or 0) >= MAX_PER_ORGANISATION:
        raise Conflict(f"an organisation keeps at most {MAX_PER_ORGANISATION} saved searches")
    row = SavedSearch(
        organisation_id=principal.organisation_id,
        created_by=principal.user_id,
        name=name,
        query=query.strip(),
    )
    db.add(row)
    db.flush()
    return row


def get(db: Session, principal: Principal, search_id: int) -> SavedSearch:
    row = db.get(SavedSearch, search_id)
    policy.require_visible(principal, OBJECT, row.organisation_id if row else None, search_id)
    assert row is not None
    return row


def list_for(db: Session, principal: Principal, *, page: int = 1, size: int = 50) -> dict[str, Any]:
    statement = policy.own_rows(principal, OBJECT, select(SavedSearch), SavedSearch.organisation_id)
    total = db.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = db.scalars(statement.order_by(SavedSearch.id.desc()).offset((page - 1) * size).limit(size))
    return {"total": total, "page": page, "size": size, "items": [view(r) for r in rows]}


def delete(db: Session, principal: Principal, search_id: int) -> None:
    db.delete(get(db, principal, search_id))
