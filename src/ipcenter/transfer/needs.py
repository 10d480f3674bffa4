"""Enterprise technology needs (技术需求): posted by an enterprise, shown to the public or only to the
institutions it chooses, matched against patents (`matching.py`) and closed when met or abandoned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts.errors import Forbidden
from ipcenter.accounts.models import Organisation
from ipcenter.accounts.principal import Principal
from ipcenter.core.regions import Division, find_divisions, similar_division_names
from ipcenter.errors import Conflict, InvalidValue, NotFound
from ipcenter.transfer import access, patents
from ipcenter.transfer.tables import Need, NeedAudience

VISIBILITY = {"public": "公开", "institutions": "仅对指定高校院所可见"}
MAX_TEXT = 10_000


@dataclass
class NeedQuery:
    """What matching needs of a need: its text, IPC codes if known, its region resolved."""

    text: str
    ipc: list[str]
    region: Division | None
    region_name: str = ""


def resolve_region(name: str) -> Division | None:
    """A mainland division by name (湖南, 长沙市, 湖南省长沙市); InvalidValue with suggestions when unknown."""
    if not name.strip():
        return None
    found = find_divisions(name)
    if not found:
        close = similar_division_names(name)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise InvalidValue(f"unknown region {name!r}{hint}")
    if len(found) > 1:
        raise InvalidValue(f"region {name!r} is ambiguous: {', '.join(d.full_name for d in found[:6])}")
    return found[0]


def query_of(text: str, ipc: str | list[str] | None = None, region: str = "") -> NeedQuery:
    if not text.strip():
        raise InvalidValue("the need's text is empty: describe the problem to solve")
    if len(text) > MAX_TEXT:
        raise InvalidValue(f"the need's text has more than {MAX_TEXT} characters")
    return NeedQuery(text.strip(), patents.parse_ipc_list(ipc), resolve_region(region), region.strip())


def need_text(row: Need) -> str:
    return "\n".join(p for p in (row.title, row.problem, row.desired_effect) if p)


def need_query(row: Need) -> NeedQuery:
    return query_of(need_text(row), row.ipc, row.region)


def _institutions(db: Session, names: list[str]) -> list[Organisation]:
    out = []
    for name in names:
        org = db.scalars(select(Organisation).where(Organisation.name == name.strip())).first()
        if org is None or org.kind not in ("university", "research_institute"):
            raise InvalidValue(f"{name!r} is not a university or research institute on the platform")
        out.append(org)
    return out


def post(db: Session, principal: Principal, fields: dict[str, Any], institutions: list[str]) -> Need:
    """A need of the principal's organisation; ``institutions`` (names) when it is not public."""
    if principal.organisation_id is None:
        raise Conflict("a need is posted for an organisation, and this account has none")
    title = " ".join(str(fields.get("title") or "").split())
    problem = str(fields.get("problem") or "").strip()
    if not 1 <= len(title) <= 200:
        raise InvalidValue("a need's title has 1 to 200 characters")
    if len(problem) < 10:
        raise InvalidValue(
            "describe the problem in at least 10 characters (it is what the patents are matched to)"
        )
    visibility = str(fields.get("visibility") or "public")
    if visibility not in VISIBILITY:
        raise InvalidValue(f"visibility must be public or institutions, not {visibility!r}")
    chosen = _institutions(db, institutions)
    if visibility == "institutions" and not chosen:
        raise InvalidValue("name the institutions that may see the need (or make it public)")
    budget_min, budget_max = fields.get("budget_min"), fields.get("budget_max")
    for value in (budget_min, budget_max):
        if value is not None and (not isinstance(value, int | float) or value < 0):
            raise InvalidValue("a budget is a number of 万元 ≥ 0")
    if budget_min is not None and budget_max is not None and budget_min > budget_max:
        raise InvalidValue(f"the budget's minimum {budget_min} is above its maximum {budget_max}")
    deadline = fields.get("deadline")
    query = query_of(problem, fields.get("ipc"), str(fields.get("region") or ""))
    row = Need(
        organisation_id=principal.organisation_id,
        title=title,
        problem=problem[:MAX_TEXT],
        desired_effect=str(fields.get("desired_effect") or "").strip()[:MAX_TEXT],
        industry=str(fields.get("industry") or "").strip()[:100],
        ipc="; ".join(query.ipc),
        region=query.region.full_name if query.region else "",
        budget_min=budget_min,
        budget_max=budget_max,
        deadline=patents.parse_day(deadline, "deadline") if deadline else None,
        visibility=visibility,
        created_by=principal.user_id,
    )
    db.add(row)
    db.flush()
    for org in chosen if visibility == "institutions" else []:
        db.add(NeedAudience(organisation_id=row.organisation_id, need_id=row.id, institution_id=org.id))
    db.flush()
    return row


def get(db: Session, principal: Principal, need_id: int) -> Need:
    return access.require_need(db, principal, db.get(Need, need_id), need_id)


def visible(db: Session, principal: Principal, *, open_only: bool = True, limit: int = 200) -> list[Need]:
    statement = select(Need).where(access.visible_need_ids(db, principal))
    if open_only:
        statement = statement.where(Need.state == "open")
    return list(db.scalars(statement.order_by(Need.id.desc()).limit(limit)))


def close(db: Session, principal: Principal, row: Need) -> Need:
    """Close a need (its enterprise does; an institution it was shown to sees it but may not close it)."""
    access.require_need(db, principal, row, row.id)
    if principal.organisation_id != row.organisation_id:
        raise Forbidden("only the enterprise that posted a need closes it")
    if row.state == "closed":
        raise Conflict(f"need {row.id} is already closed")
    row.state = "closed"
    return row


def view(db: Session, principal: Principal, row: Need) -> dict[str, Any]:
    own = principal.organisation_id == row.organisation_id
    org = db.get(Organisation, row.organisation_id)
    data: dict[str, Any] = {
        "id": row.id,
        "enterprise": org.name if org else None,
        "title": row.title,
        "problem": row.problem,
        "desired_effect": row.desired_effect,
        "industry": row.industry,
        "ipc": row.ipc,
        "region": row.region,
        "budget_min": row.budget_min,
        "budget_max": row.budget_max,
        "deadline": row.deadline.isoformat() if row.deadline else None,
        "visibility": row.visibility,
        "visibility_label": VISIBILITY[row.visibility],
        "state": row.state,
        "created_at": row.created_at.isoformat(timespec="seconds"),
    }
    if own and row.visibility == "institutions":
        ids = access.audience(db, row.id)
        data["institutions"] = [
            o.name for o in db.scalars(select(Organisation).where(Organisation.id.in_(ids)))
        ]
    return data


def expired(row: Need, on: date) -> bool:
    return row.deadline is not None and row.deadline < on


def find(db: Session, need_id: int) -> Need:
    row = db.get(Need, need_id)
    if row is None:
        raise NotFound(f"no need {need_id}")
    return row
