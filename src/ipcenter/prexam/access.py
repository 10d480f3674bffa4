"""Who may see and do what in the pre-examination service; every comparison goes through the policy module.

- A case's parties are the applicant's organisation, its entrusted agency and the centre. Anyone else gets
  404 on every URL of the case (existence is not disclosed).
- Its unpublished documents (and what is derived from their text: aids, opinions, diffs, notices) are for
  the applicant's organisation, its agency, the assigned examiner and the centre's admins only; other
  examiners of the centre see the case in the queue without them.
- Centre work (registrations, assignment, profile, batch decisions) is for the centre's admins; review work
  (opinions, conclusions, the search report) for the assigned examiner.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts import policy
from ipcenter.accounts.errors import Forbidden
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import Role
from ipcenter.errors import NotFound
from ipcenter.prexam.tables import Case, Centre, EntityRegistration

CASE = "pre_examination_case"
ENTITY = "entity_registration"
CENTRE_ROLES = frozenset({Role.pre_examiner, Role.org_admin})


def staff_centre(db: Session, principal: Principal) -> Centre | None:
    """The centre the principal works for (as examiner or admin), if any."""
    if principal.organisation_id is None or principal.role not in CENTRE_ROLES:
        return None
    return db.scalar(select(Centre).where(Centre.organisation_id == principal.organisation_id))


def require_centre_admin(principal: Principal, centre: Centre) -> None:
    """The centre's admins only (403: centres are public, so refusing discloses nothing)."""
    try:
        policy.require_party(principal, "centre", centre.slug, admins_of=[centre.organisation_id])
    except NotFound:
        raise Forbidden(f"only the admins of {centre.name} do this") from None


def require_centre_staff(principal: Principal, centre: Centre) -> None:
    try:
        if principal.role not in CENTRE_ROLES:
            raise NotFound(centre.slug)
        policy.require_party(principal, "centre", centre.slug, organisations=[centre.organisation_id])
    except NotFound:
        raise Forbidden(f"only the examiners and admins of {centre.name} do this") from None


def require_case_party(principal: Principal, case: Case, centre: Centre) -> None:
    """404 unless the principal belongs to the applicant, its agency or the centre (any staff role)."""
    centre_org = [centre.organisation_id] if principal.role in CENTRE_ROLES else []
    policy.require_party(
        principal,
        CASE,
        case.number,
        organisations=[case.organisation_id, case.agency_organisation_id, *centre_org],
    )


def require_case_documents(principal: Principal, case: Case, centre: Centre) -> None:
    """The unpublished documents: applicant, agency, assigned examiner, centre admins (after the 404 rule)."""
    require_case_party(principal, case, centre)
    if case.published_on is not None and principal.organisation_id == centre.organisation_id:
        return  # published by CNIPA: no longer confidential inside the centre
    try:
        policy.require_party(
            principal,
            CASE,
            case.number,
            organisations=[case.organisation_id, case.agency_organisation_id],
            users=[case.assigned_examiner_id],
            admins_of=[centre.organisation_id],
        )
    except NotFound:
        raise Forbidden(
            "the application documents are confidential until published: only the applicant, its agency, "
            "the assigned examiner and the centre's admins see them"
        ) from None


def require_applicant(principal: Principal, case: Case) -> None:
    """Applicant actions (documents, submit, answer, back-fill): the applicant's organisation or its agency."""
    try:
        if principal.role not in (Role.member, Role.org_admin):
            raise NotFound(case.number)
        policy.require_party(
            principal, CASE, case.number, organisations=[case.organisation_id, case.agency_organisation_id]
        )
    except NotFound:  # called after the 404 rule: the principal is a party, just not this one
        raise Forbidden("only the applicant or its agency does this") from None


def require_examiner(principal: Principal, case: Case, centre: Centre) -> None:
    """Review actions: the assigned examiner only."""
    require_case_party(principal, case, centre)
    if principal.role is not Role.pre_examiner or principal.user_id != case.assigned_examiner_id:
        raise Forbidden(f"only the examiner assigned to {case.number} does this")


def require_entity_party(principal: Principal, entity: EntityRegistration, centre: Centre) -> None:
    centre_org = [centre.organisation_id] if principal.role in CENTRE_ROLES else []
    policy.require_party(
        principal,
        ENTITY,
        entity.id,
        organisations=[entity.organisation_id, entity.agency_organisation_id, *centre_org],
    )
