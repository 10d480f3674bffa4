"""Who sees which transfer object: every decision goes through `ipcenter.accounts.policy` (404 for what the
principal may not see, so existence is not disclosed).

- inventory records, review history, faculty reviewers, assessments, patent facts: the institution only;
- a record in the resource library (转化资源库): everyone sees its public part (patent, grade, scenario,
  maturity), never its review comments;
- enterprise feedback: the enterprise that gave it and the institution it is about;
- a need: everyone when public; else its enterprise and the institutions it was shown to;
- a matchmaking event: its parties (who opened it, the need's enterprise, the patent's holder);
- an open-licence declaration: its patentee while a draft (or refused); everyone once announced;
- a licence taken and its payments: the licensee and the licensor.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts import policy
from ipcenter.accounts.principal import Principal
from ipcenter.transfer.tables import (
    Assessment,
    InventoryItem,
    LicenceDeclaration,
    Licensee,
    MatchEvent,
    Need,
    NeedAudience,
)

PUBLIC_LICENCE_STATES = frozenset({"announced", "withdrawal_pending", "withdrawn"})


def require_own(principal: Principal, object_type: str, organisation_id: int | None, ref: object) -> None:
    policy.require_visible(principal, object_type, organisation_id, ref)


def require_item(principal: Principal, item: InventoryItem | None, ref: object = "") -> InventoryItem:
    policy.require_visible(principal, "inventory_item", item.organisation_id if item else None, ref or "")
    assert item is not None
    return item


def require_library_or_own(
    principal: Principal, item: InventoryItem | None, ref: object = ""
) -> InventoryItem:
    if item is not None and item.state == "in_library":
        return item
    return require_item(principal, item, ref)


def audience(db: Session, need_id: int) -> list[int]:
    return list(db.scalars(select(NeedAudience.institution_id).where(NeedAudience.need_id == need_id)))


def require_need(db: Session, principal: Principal, need: Need | None, ref: object) -> Need:
    if need is not None and need.visibility == "public":
        return need
    organisations = [] if need is None else [need.organisation_id, *audience(db, need.id)]
    policy.require_party(principal, "need", ref, organisations=organisations)
    assert need is not None
    return need


def visible_need_ids(db: Session, principal: Principal) -> Any:
    """A condition selecting the needs the principal may see (public, own, or shown to its organisation)."""
    from sqlalchemy import or_

    shown = select(NeedAudience.need_id).where(NeedAudience.institution_id == principal.organisation_id)
    return or_(
        Need.visibility == "public",
        Need.organisation_id == principal.organisation_id,
        Need.id.in_(shown),
    )


def require_event(principal: Principal, event: MatchEvent | None, ref: object) -> MatchEvent:
    parties = (
        []
        if event is None
        else [event.organisation_id, event.need_organisation_id, event.holder_organisation_id]
    )
    policy.require_party(principal, "match_event", ref, organisations=parties)
    assert event is not None
    return event


def require_licence(
    principal: Principal, licence: LicenceDeclaration | None, ref: object
) -> LicenceDeclaration:
    if licence is not None and licence.state in PUBLIC_LICENCE_STATES:
        return licence
    policy.require_visible(principal, "licence", licence.organisation_id if licence else None, ref)
    assert licence is not None
    return licence


def require_licensee(principal: Principal, row: Licensee | None, ref: object) -> Licensee:
    parties = [] if row is None else [row.organisation_id, row.licensor_organisation_id]
    policy.require_party(principal, "licensee", ref, organisations=parties)
    assert row is not None
    return row


def require_assessment(principal: Principal, row: Assessment | None, ref: object) -> Assessment:
    policy.require_visible(principal, "assessment", row.organisation_id if row else None, ref)
    assert row is not None
    return row
