"""Licences taken under an open-licence declaration (专利法 Art 51): the licensee's written notice, allowed
while the declaration is in force on its date (from the announcement, until a withdrawal is announced: licences
noticed before stay in force), and the payments that make it active."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts.principal import Principal
from ipcenter.errors import Conflict, InvalidValue
from ipcenter.transfer import access
from ipcenter.transfer.tables import LicenceDeclaration, Licensee, Payment

#: A licensee may give notice while the declaration is in force: announced, or its withdrawal not yet announced.
OPEN_FOR_LICENSEES = frozenset({"announced", "withdrawal_pending"})


def take(
    db: Session,
    principal: Principal,
    row: LicenceDeclaration,
    licensee_name: str,
    notified_on: date,
    note: str = "",
) -> Licensee:
    """A licensee's written notice (专利法 Art 51): allowed while the declaration is in force on that day."""
    access.require_licence(principal, row, row.id)
    if principal.organisation_id is None:
        raise Conflict("a licence is taken by an organisation, and this account has none")
    if principal.organisation_id == row.organisation_id:
        raise Conflict("the patentee does not license its own patent")
    if row.announced_on is None or notified_on < row.announced_on:
        raise Conflict(
            f"the declaration is in force from its announcement ({row.announced_on or 'not yet'}):"
            f" a notice dated {notified_on} is too early"
        )
    if row.withdrawn_on is not None and notified_on >= row.withdrawn_on:
        raise Conflict(f"the declaration was withdrawn on {row.withdrawn_on}: no new licence from that day")
    if row.state not in OPEN_FOR_LICENSEES and row.withdrawn_on is None:
        raise Conflict(f"the declaration is {row.state}: not open for licensees")
    licensee = Licensee(
        organisation_id=principal.organisation_id,
        licence_id=row.id,
        licensor_organisation_id=row.organisation_id,
        licensee_name=" ".join(licensee_name.split())[:200] or principal.email,
        notified_on=notified_on,
        note=note.strip()[:2000],
        created_by=principal.user_id,
    )
    db.add(licensee)
    db.flush()
    return licensee


def licensee_of(db: Session, principal: Principal, licensee_id: int) -> Licensee:
    return access.require_licensee(principal, db.get(Licensee, licensee_id), licensee_id)


def pay(
    db: Session, principal: Principal, licensee: Licensee, amount: float, paid_on: date, note: str = ""
) -> Payment:
    """A payment under a licence (万元): by the licensee or recorded by the licensor; the first makes it active."""
    access.require_licensee(principal, licensee, licensee.id)
    if amount <= 0:
        raise InvalidValue("a payment is a positive amount (万元)")
    if paid_on < licensee.notified_on:
        raise InvalidValue(f"the payment ({paid_on}) predates the licensee's notice ({licensee.notified_on})")
    row = Payment(
        organisation_id=licensee.organisation_id,
        licensee_id=licensee.id,
        amount=float(amount),
        paid_on=paid_on,
        note=note.strip()[:2000],
        created_by=principal.user_id,
    )
    db.add(row)
    if licensee.state == "notified":
        licensee.state = "active"
    db.flush()
    return row


def licensee_view(db: Session, row: Licensee) -> dict[str, Any]:
    paid = list(db.scalars(select(Payment).where(Payment.licensee_id == row.id).order_by(Payment.paid_on)))
    return {
        "id": row.id,
        "licence_id": row.licence_id,
        "licensee": row.licensee_name,
        "notified_on": row.notified_on.isoformat(),
        "state": row.state,
        "note": row.note,
        "payments": [{"amount": p.amount, "paid_on": p.paid_on.isoformat(), "note": p.note} for p in paid],
        "paid_total": round(sum(p.amount for p in paid), 4),
    }


def for_declaration(db: Session, principal: Principal, row: LicenceDeclaration) -> list[dict[str, Any]]:
    """The licences taken: every one for the patentee, its own for a licensee, none for anyone else."""
    statement = select(Licensee).where(Licensee.licence_id == row.id)
    if principal.organisation_id != row.organisation_id:
        statement = statement.where(Licensee.organisation_id == principal.organisation_id)
    return [licensee_view(db, r) for r in db.scalars(statement.order_by(Licensee.id))]
