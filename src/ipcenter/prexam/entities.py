"""Entity registration (主体备案), agency registration, quota usage and incremental-quota requests.

The registration moves through `states.ENTITY`; its eligibility is evaluated with the centre's rule set when
it is submitted and again at every 资格复核 (recheck), and stored with the registration so the reviewer sees
what the rules said. Approval is refused while an automatic rule fails (the reviewer rejects instead).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipcenter.accounts.errors import Forbidden
from ipcenter.accounts.models import Organisation
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import OrgKind, Role
from ipcenter.core.dates import parse_date
from ipcenter.errors import Conflict, InvalidValue, NotFound
from ipcenter.platform.database import utcnow
from ipcenter.prexam import access, centres
from ipcenter.prexam.documents import check_upload
from ipcenter.prexam.eligibility import EligibilityResult, EntityFacts, evaluate
from ipcenter.prexam.intake import EntityStanding
from ipcenter.prexam.quota import QuotaDecision, QuotaUsage, check_increment_request, yearly_quota
from ipcenter.prexam.states import AGENCY, ENTITY, QUOTA_REQUEST
from ipcenter.prexam.tables import (
    AgencyRegistration,
    Case,
    Centre,
    EntityRegistration,
    EvidenceFile,
    QuotaRequest,
)

APPLICANT_KINDS = {OrgKind.enterprise.value, OrgKind.university.value, OrgKind.research_institute.value}


def entity_view(row: EntityRegistration) -> dict[str, Any]:
    return {
        "id": row.id,
        "organisation_id": row.organisation_id,
        "centre_id": row.centre_id,
        "uscc": row.uscc,
        "name": row.name,
        "area_code": row.area_code,
        "state": row.state,
        "state_zh": ENTITY.label(row.state),
        "reason": row.reason,
        "suspended_from": row.suspended_from.isoformat() if row.suspended_from else None,
        "suspended_to": row.suspended_to.isoformat() if row.suspended_to else None,
        "agency_organisation_id": row.agency_organisation_id,
        "facts": json.loads(row.facts),
        "eligibility": json.loads(row.eligibility) if row.eligibility else None,
        "rechecked_on": row.rechecked_on.isoformat() if row.rechecked_on else None,
    }


def _organisation(db: Session, organisation_id: int | None) -> Organisation:
    org = db.get(Organisation, organisation_id) if organisation_id is not None else None
    if org is None:
        raise Conflict("this account belongs to no organisation")
    return org


def apply(
    db: Session, principal: Principal, centre: Centre, facts: dict[str, Any], agency: str | None = None
) -> EntityRegistration:
    """A draft registration of the principal's organisation (an enterprise, university or institute)."""
    if principal.role not in (Role.member, Role.org_admin):
        raise Forbidden("an applicant's member or admin registers the organisation")
    org = _organisation(db, principal.organisation_id)
    if org.kind not in APPLICANT_KINDS:
        raise Forbidden(f"a {org.kind} cannot register as an applicant entity")
    parsed = EntityFacts.from_json(facts)
    if db.scalar(
        select(EntityRegistration.id).where(
            EntityRegistration.centre_id == centre.id, EntityRegistration.uscc == parsed.uscc
        )
    ):
        raise Conflict(f"{parsed.uscc} is registered with {centre.name} already")
    agency_org = None
    if agency:
        agency_org = db.scalar(select(Organisation).where(Organisation.name == agency.strip()))
        if agency_org is None or agency_org.kind != OrgKind.agency.value:
            raise NotFound(f"no patent agency {agency!r} on the platform")
    row = EntityRegistration(
        organisation_id=org.id,
        centre_id=centre.id,
        uscc=parsed.uscc,
        name=parsed.name,
        area_code=parsed.area_code,
        facts=json.dumps({**facts, "uscc": parsed.uscc}, ensure_ascii=False),
        agency_organisation_id=agency_org.id if agency_org else None,
    )
    db.add(row)
    db.flush()
    return row


def update(db: Session, principal: Principal, entity_id: int, facts: dict[str, Any]) -> EntityRegistration:
    """Correct the declaration of a draft (a new one, or one sent back by `revise` after a rejection)."""
    row, _centre = get_entity(db, principal, entity_id)
    if principal.organisation_id != row.organisation_id:
        raise Forbidden("only the applicant's organisation edits its declaration")
    if row.state != "draft":
        raise Conflict(
            f"only a draft is edited (this one is {ENTITY.label(row.state, 'en')}); revise it first"
        )
    parsed = EntityFacts.from_json(facts)
    if parsed.uscc != row.uscc:
        raise InvalidValue("the 统一社会信用代码 of a registration does not change: apply anew")
    row.name, row.area_code = parsed.name, parsed.area_code
    row.facts = json.dumps({**facts, "uscc": parsed.uscc}, ensure_ascii=False)
    return row


def get_entity(db: Session, principal: Principal, entity_id: int) -> tuple[EntityRegistration, Centre]:
    row = db.get(EntityRegistration, entity_id)
    if row is None:
        raise NotFound(f"no entity registration {entity_id}")
    centre = db.get(Centre, row.centre_id)
    assert centre is not None
    access.require_entity_party(principal, row, centre)
    return row, centre


def list_entities(db: Session, principal: Principal, state: str | None = None) -> list[EntityRegistration]:
    """The principal's own registrations, or every registration with the principal's centre."""
    centre = access.staff_centre(db, principal)
    statement = select(EntityRegistration)
    if centre is not None:
        statement = statement.where(EntityRegistration.centre_id == centre.id)
    else:
        statement = statement.where(EntityRegistration.organisation_id == principal.organisation_id)
    if state:
        statement = statement.where(EntityRegistration.state == state)
    return list(db.scalars(statement.order_by(EntityRegistration.id)))


def evaluate_row(db: Session, row: EntityRegistration, centre: Centre, on: date) -> EligibilityResult:
    profile = centres.profile_on(db, centre, on)
    result = evaluate(EntityFacts.from_json(json.loads(row.facts)), profile, on)
    row.eligibility = json.dumps(result.to_json(), ensure_ascii=False)
    return result


APPLICANT_ACTIONS = {"submit", "withdraw", "revise"}


def act(
    db: Session, principal: Principal, entity_id: int, action: str, details: dict[str, Any], on: date
) -> EntityRegistration:
    """One step of the registration workflow (`states.ENTITY`), by the applicant or the centre's admins."""
    row, centre = get_entity(db, principal, entity_id)
    if action in APPLICANT_ACTIONS:
        if principal.organisation_id != row.organisation_id or principal.role not in (
            Role.member,
            Role.org_admin,
        ):
            raise Forbidden("only the applicant's organisation does this")
    else:
        access.require_centre_admin(principal, centre)
    transition = ENTITY.apply(row.state, action, details)
    if action == "submit":
        evaluate_row(db, row, centre, on)
        row.submitted_at = datetime.combine(on, utcnow().timetz())
    elif action == "approve":
        result = evaluate_row(db, row, centre, on)
        if result.eligible is False:
            failed = ", ".join(r.rule_id for r in result.failed)
            raise Conflict(f"the registration fails the centre's rules ({failed}): reject it with the reason")
    if action in ("approve", "reject", "cancel"):
        row.decided_at = datetime.combine(on, utcnow().timetz())  # the decision's date is the service date
    if action == "suspend":
        start, end = parse_date(details["suspended_from"]), parse_date(details["suspended_to"])
        if end < start:
            raise InvalidValue("a suspension ends after it starts")
        row.suspended_from, row.suspended_to = start, end
    if action == "resume":
        row.suspended_from = row.suspended_to = None
    row.reason = str(details.get("reason", "")) if action in ("reject", "suspend", "cancel") else row.reason
    row.state = transition.target
    return row


def recheck(db: Session, principal: Principal, entity_id: int, on: date) -> dict[str, Any]:
    """资格复核 by the centre's admins (see `recheck_row`)."""
    row, centre = get_entity(db, principal, entity_id)
    access.require_centre_admin(principal, centre)
    return recheck_row(db, row, centre, on)


def recheck_row(db: Session, row: EntityRegistration, centre: Centre, on: date) -> dict[str, Any]:
    """资格复核: the rules again, and last year's pass rate against the centre's floor (when it has one).
    It records the findings; suspending or cancelling stays the admin's decision (triggers UNCONFIRMED)."""
    if row.state not in ("approved", "suspended"):
        raise Conflict(f"only an approved or suspended registration is rechecked (this one is {row.state})")
    result = evaluate_row(db, row, centre, on)
    row.rechecked_on = on
    profile = centres.profile_on(db, centre, on)
    floor = profile.value("suspension_pass_rate_floor")
    passed, accepted = pass_counts(db, row.id, on.year - 1)
    findings = [f"{r.rule_id}: {r.detail}" for r in result.failed]
    rate = yearly_quota(profile, on.year, passed, accepted).rate
    pct = rate.percent()
    if floor is not None and pct is not None and pct < floor:
        findings.append(f"合格率 {rate.shown()} below the centre's floor {floor}%")
    return {"entity": entity_view(row), "eligible": result.eligible, "findings": findings,
            "pass_rate": rate.to_json(), "floor": profile.setting("suspension_pass_rate_floor").to_json()}  # fmt: skip


def standing(row: EntityRegistration) -> EntityStanding:
    return EntityStanding(row.name, row.state, row.area_code, row.uscc, row.suspended_to)


# -------------------------------------------------------------------------------------------- evidence


def evidence_view(row: EvidenceFile) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "filename": row.filename, "media_type": row.media_type,
            "size": row.size, "uploaded_at": row.uploaded_at.isoformat(timespec="seconds")}  # fmt: skip


def add_evidence(
    db: Session, principal: Principal, entity_id: int, title: str, filename: str, content: bytes, on: date
) -> EvidenceFile:
    """An evidence file of the registration, by the applicant's organisation (checked like a document)."""
    row, centre = get_entity(db, principal, entity_id)
    if principal.organisation_id != row.organisation_id or principal.role not in (
        Role.member,
        Role.org_admin,
    ):
        raise Forbidden("only the registered organisation adds its evidence")
    if row.state == "cancelled":
        raise Conflict("the registration is cancelled")
    if not title.strip():
        raise InvalidValue("say what the file shows (e.g. 研发场所租赁合同, 知识产权管理制度)")
    limit = int(
        centres.profile_on(db, centre, max(on, centres.versions(db, centre)[0].effective_from)).value(
            "max_upload_mb"
        )
        or 20
    )
    checked = check_upload(filename, content, limit)
    evidence = EvidenceFile(entity_id=row.id, organisation_id=row.organisation_id, title=title.strip()[:200],
                            filename=checked.filename, media_type=checked.media_type, size=checked.size,
                            sha256=hashlib.sha256(content).hexdigest(), content=content, uploaded_by=principal.user_id)  # fmt: skip
    db.add(evidence)
    db.flush()
    return evidence


def evidence_of(db: Session, row: EntityRegistration) -> list[EvidenceFile]:
    return list(
        db.scalars(select(EvidenceFile).where(EvidenceFile.entity_id == row.id).order_by(EvidenceFile.id))
    )


def get_evidence(
    db: Session, principal: Principal, evidence_id: int
) -> tuple[EvidenceFile, EntityRegistration]:
    evidence = db.get(EvidenceFile, evidence_id)
    if evidence is None:
        raise NotFound(f"no evidence file {evidence_id}")
    row, _centre = get_entity(db, principal, evidence.entity_id)
    return evidence, row


# ---------------------------------------------------------------------------------------------- quota


def pass_counts(db: Session, entity_id: int, year: int) -> tuple[int, int]:
    """(合格量, 已受理量) of an entity's cases in ``year`` (by conclusion date and acceptance date)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    accepted = db.scalar(
        select(func.count(Case.id)).where(Case.entity_id == entity_id, Case.accepted_on.between(start, end))
    )
    passed = db.scalar(
        select(func.count(Case.id)).where(
            Case.entity_id == entity_id,
            Case.concluded_on.between(start, end),
            Case.reason_code == "qualified",
        )
    )
    return int(passed or 0), int(accepted or 0)


def quota_usage(
    db: Session, row: EntityRegistration, centre: Centre, year: int
) -> tuple[QuotaDecision, QuotaUsage]:
    """The year's quota (from last year's figures) and how much of it the entity's accepted cases used."""
    profile = centres.profile_for_year(db, centre, year)
    passed, accepted = pass_counts(db, row.id, year - 1)
    decision = yearly_quota(profile, year, passed, accepted)
    exempt_batches = bool(profile.value("batch_quota_exempt"))
    used_query = select(func.count(Case.id)).where(
        Case.entity_id == row.id, Case.accepted_on.between(date(year, 1, 1), date(year, 12, 31))
    )
    if exempt_batches:
        used_query = used_query.where(Case.batch_id.is_(None))
    extra = db.scalar(
        select(func.coalesce(func.sum(QuotaRequest.extra), 0)).where(
            QuotaRequest.entity_id == row.id, QuotaRequest.year == year, QuotaRequest.state == "approved"
        )
    )
    return decision, QuotaUsage(decision.quota, int(extra or 0), int(db.scalar(used_query) or 0))


def request_increment(
    db: Session, principal: Principal, entity_id: int, reason: str, year: int
) -> QuotaRequest:
    row, centre = get_entity(db, principal, entity_id)
    if principal.organisation_id != row.organisation_id:
        raise Forbidden("only the registered entity requests more quota")
    if not reason.strip():
        raise InvalidValue("give the grounds and the supporting materials of the request")
    _decision, usage = quota_usage(db, row, centre, year)
    filed = db.scalar(
        select(func.count(QuotaRequest.id)).where(QuotaRequest.entity_id == row.id, QuotaRequest.year == year)
    )
    check_increment_request(centres.profile_for_year(db, centre, year), usage, int(filed or 0))
    request = QuotaRequest(
        entity_id=row.id, organisation_id=row.organisation_id, year=year, reason=reason.strip()
    )
    db.add(request)
    db.flush()
    return request


def decide_increment(
    db: Session, principal: Principal, request_id: int, action: str, details: dict[str, Any]
) -> QuotaRequest:
    request = db.get(QuotaRequest, request_id)
    if request is None:
        raise NotFound(f"no quota request {request_id}")
    _row, centre = get_entity(db, principal, request.entity_id)
    access.require_centre_admin(principal, centre)
    transition = QUOTA_REQUEST.apply(request.state, action, details)
    if action == "approve":
        extra = details["extra"]
        if isinstance(extra, bool) or not isinstance(extra, int) or extra < 1:
            raise InvalidValue("the extra quota is a whole number ≥ 1")
        request.extra = extra
    else:
        request.reason += f"\n驳回 / rejected: {details['reason']}"
    request.state = transition.target
    return request


# -------------------------------------------------------------------------------------------- agencies


def register_agency(db: Session, principal: Principal, centre: Centre) -> AgencyRegistration:
    org = _organisation(db, principal.organisation_id)
    if org.kind != OrgKind.agency.value or principal.role not in (Role.member, Role.org_admin):
        raise Forbidden("a patent agency's member registers the agency")
    if db.scalar(
        select(AgencyRegistration.id).where(
            AgencyRegistration.centre_id == centre.id, AgencyRegistration.organisation_id == org.id
        )
    ):
        raise Conflict(f"{org.name} is registered with {centre.name} already")
    row = AgencyRegistration(organisation_id=org.id, centre_id=centre.id)
    db.add(row)
    db.flush()
    return row


def decide_agency(
    db: Session, principal: Principal, agency_id: int, action: str, details: dict[str, Any]
) -> AgencyRegistration:
    row = db.get(AgencyRegistration, agency_id)
    centre = db.get(Centre, row.centre_id) if row else None
    if row is None or centre is None:
        raise NotFound(f"no agency registration {agency_id}")
    access.require_centre_admin(principal, centre)
    if action == "list":  # membership of the centre's agency list, with the list's version
        row.on_list = bool(details.get("on_list", True))
        row.list_version = str(details.get("list_version", ""))[:100]
        return row
    row.state = AGENCY.apply(row.state, action, details).target
    row.reason = str(details.get("reason", ""))
    return row


def agency_registered(db: Session, centre: Centre, agency_organisation_id: int | None) -> bool | None:
    if agency_organisation_id is None:
        return None
    state = db.scalar(
        select(AgencyRegistration.state).where(
            AgencyRegistration.centre_id == centre.id,
            AgencyRegistration.organisation_id == agency_organisation_id,
        )
    )
    return state == "approved"
