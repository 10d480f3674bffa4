"""Who is told of a pre-examination step: the user ids that `ipcenter.accounts.notifications.notify`
writes to (the inbox itself is the platform's)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ipcenter.accounts.notifications import members
from ipcenter.accounts.roles import Role
from ipcenter.prexam.tables import Case, Centre


def applicant_side(db: Session, case: Case) -> list[int]:
    """The applicant's members and its agency's members."""
    return members(db, case.organisation_id) + members(db, case.agency_organisation_id)


def centre_admins(db: Session, centre: Centre) -> list[int]:
    return members(db, centre.organisation_id, (Role.org_admin,))
