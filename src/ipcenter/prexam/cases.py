"""Cases: a request is drafted by the applicant (or its agency), documents are uploaded, and on submission
the intake checks decide 受理 or 不予受理 at once, with the matching notice. Views and lists respect
`ipcenter.prexam.access`: documents only for those allowed to read unpublished material.
"""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipcenter.accounts.errors import Forbidden
from ipcenter.accounts.models import Organisation, User
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import Role
from ipcenter.errors import Conflict, InvalidValue, NotFound
from ipcenter.holiday_calendar import load_calendar
from ipcenter.prexam import access, centres, clock, entities, notices
from ipcenter.prexam.documents import check_upload
from ipcenter.prexam.intake import CaseFacts, intake_check
from ipcenter.prexam.models import DOCUMENT_KINDS, TYPE_LABELS
from ipcenter.prexam.quota import counts_against_quota
from ipcenter.prexam.states import CASE
from ipcenter.prexam.tables import Case, CaseEvent, Centre, Document, EntityRegistration

EDITABLE = ("draft",)


def record(
    db: Session, case: Case, principal: Principal | None, action: str, before: str, detail: Any = None
) -> None:
    db.add(CaseEvent(case_id=case.id, user_id=principal.user_id if principal else None, action=action,
                     from_state=before, to_state=case.state,
                     detail=json.dumps(detail, ensure_ascii=False, default=str) if detail is not None else ""))  # fmt: skip


def move(db: Session, case: Case, principal: Principal | None, action: str, details: dict[str, Any]) -> None:
    """Change the case's state through the transition table, and log it."""
    before = case.state
    case.state = CASE.apply(case.state, action, details).target
    record(db, case, principal, action, before, details or None)


def _next_number(db: Session, centre: Centre, year: int) -> str:
    prefix = f"YS-{centre.slug.upper()}-{year}-"
    count = db.scalar(select(func.count(Case.id)).where(Case.number.startswith(prefix))) or 0
    return f"{prefix}{count + 1:05d}"


def create(
    db: Session, principal: Principal, entity_id: int, data: dict[str, Any], *, batch_id: int | None = None
) -> Case:
    """A draft request of the registered entity (by its members, or by its entrusted agency)."""
    entity = db.get(EntityRegistration, entity_id)
    if entity is None:
        raise NotFound(f"no entity registration {entity_id}")
    centre = db.get(Centre, entity.centre_id)
    assert centre is not None
    access.require_entity_party(principal, entity, centre)
    if principal.organisation_id not in (entity.organisation_id, entity.agency_organisation_id) or (
        principal.role not in (Role.member, Role.org_admin)
    ):
        raise Forbidden("only the entity or its entrusted agency files a request")
    facts = CaseFacts.from_json(data)  # validates the fields and the document kinds
    case = Case(
        number=_next_number(db, centre, clock.today().year),
        centre_id=centre.id,
        organisation_id=entity.organisation_id,
        entity_id=entity.id,
        agency_organisation_id=entity.agency_organisation_id,
        batch_id=batch_id,
        patent_type=facts.patent_type,
        title=facts.title,
        applicants=json.dumps(list(facts.applicants), ensure_ascii=False),
        inventors=json.dumps(list(facts.inventors), ensure_ascii=False),
        main_class=facts.main_class,
        other_classes=json.dumps(list(facts.other_classes), ensure_ascii=False),
        declared_field=facts.declared_field,
        intake=json.dumps({"declared": {k: data.get(k) for k in ("is_pct", "is_national_phase", "is_divisional",
                                                                   "cnipa_application_number")}}),
    )  # fmt: skip
    db.add(case)
    db.flush()
    record(db, case, principal, "create", "")
    return case


def load(db: Session, principal: Principal, case_id: int | str) -> tuple[Case, Centre]:
    """The case by id or number, if the principal is one of its parties (404 otherwise)."""
    case = (
        db.get(Case, case_id)
        if isinstance(case_id, int)
        else db.scalar(select(Case).where(Case.number == case_id))
    )
    if case is None:
        raise NotFound(f"no {access.CASE.replace('_', ' ')} {case_id}")
    centre = db.get(Centre, case.centre_id)
    assert centre is not None
    access.require_case_party(principal, case, centre)
    return case, centre


def extract_text(file_type: str, content: bytes) -> str:
    """The text of a .docx (paragraphs and table cells in order); other types give ''."""
    if file_type != "docx":
        return ""
    import docx  # python-docx, only when a Word file is read

    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises several types for a damaged package
        raise InvalidValue(
            f"the Word file cannot be read ({type(exc).__name__}): save it again or send a PDF"
        ) from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(line for line in lines if line.strip())


def add_document(
    db: Session, principal: Principal, case_id: int, kind: str, filename: str, content: bytes
) -> Document:
    """An application document for the draft (round 0) or for the answer being prepared (round n)."""
    case, centre = load(db, principal, case_id)
    access.require_applicant(principal, case)
    if kind not in DOCUMENT_KINDS:
        raise InvalidValue(f"unknown document kind {kind!r}; known: {', '.join(DOCUMENT_KINDS)}")
    if case.state not in ("draft", "awaiting_response"):
        raise Conflict(
            f"documents are added to a draft or to an answer, not to a {CASE.label(case.state, 'en')} case"
        )
    profile = centres.profile_on(db, centre, clock.today())
    checked = check_upload(filename, content, int(profile.value("max_upload_mb") or 20))
    document = Document(
        case_id=case.id,
        organisation_id=case.organisation_id,
        kind=kind,
        round=case.round,
        filename=checked.filename,
        media_type=checked.media_type,
        size=checked.size,
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        text=extract_text(checked.file_type, content),
        uploaded_by=principal.user_id,
    )
    db.add(document)
    db.flush()
    return document


def documents_of(db: Session, case: Case, round_: int | None = None) -> list[Document]:
    statement = select(Document).where(Document.case_id == case.id)
    if round_ is not None:
        statement = statement.where(Document.round == round_)
    return list(db.scalars(statement.order_by(Document.round, Document.id)))


def current_text(db: Session, case: Case, kind: str, up_to_round: int | None = None) -> str:
    """The latest text of a document kind (the newest round that replaced it), '' when none."""
    rows = [
        d
        for d in documents_of(db, case)
        if d.kind == kind and (up_to_round is None or d.round <= up_to_round)
    ]
    return rows[-1].text if rows else ""


def submit(db: Session, principal: Principal, case_id: int, on: date) -> Case:
    """Submit the draft: the intake checks decide at once (受理 or 不予受理 with every reason) and the notice
    is issued."""
    case, centre = load(db, principal, case_id)
    access.require_applicant(principal, case)
    move(db, case, principal, "submit", {})
    case.received_on = on
    profile = centres.profile_on(db, centre, on)
    entity = db.get(EntityRegistration, case.entity_id)
    assert entity is not None
    declared = json.loads(case.intake or "{}").get("declared", {})
    facts = CaseFacts.from_json({
        "patent_type": case.patent_type, "title": case.title, "applicants": json.loads(case.applicants),
        "main_class": case.main_class, "documents": sorted({d.kind for d in documents_of(db, case, 0)}),
        "declared_field": case.declared_field, "in_batch": case.batch_id is not None, **declared,
        "agency": _organisation_name(db, case.agency_organisation_id),
    })  # fmt: skip
    remaining = None
    if counts_against_quota(profile, case.batch_id is not None):
        _decision, usage = entities.quota_usage(db, entity, centre, on.year)
        remaining = usage.remaining
    decision = intake_check(profile, facts, entities.standing(entity), on, quota_remaining=remaining,
                            agency_registered=entities.agency_registered(db, centre, case.agency_organisation_id))  # fmt: skip
    case.intake = json.dumps({"declared": declared, "decision": decision.to_json()}, ensure_ascii=False)
    if decision.accepted:
        assert decision.scope is not None
        case.field = "、".join(decision.scope.fields)
        move(db, case, None, "accept", {})
        case.accepted_on = on
        target = profile.setting("review_target_days")
        if target.value is not None:
            case.review_due = load_calendar().add_days(
                on, int(target.value), str(profile.value("review_target_day_type"))
            )
        rule = f"预审目标 {target.shown()} 个{'工作日' if profile.value('review_target_day_type') == 'working' else '日'}"
        notices.issue(
            db, case, profile, "acceptance", on, case.review_due, {"field": case.field, "deadline_rule": rule}
        )
    else:
        codes = ",".join(r.code for r in decision.reasons)
        move(db, case, None, "refuse", {"reason_code": codes})
        case.reason_code = codes[:40]
        case.reason_text = "; ".join(f"{r.to_json()['label_zh']}: {r.detail}" for r in decision.reasons)
        case.concluded_on = on
        notices.issue(
            db, case, profile, "non_acceptance", on, None, {"reasons": decision.to_json()["reasons"]}
        )
    return case


def _organisation_name(db: Session, organisation_id: int | None) -> str | None:
    org = db.get(Organisation, organisation_id) if organisation_id is not None else None
    return org.name if org else None


def case_view(
    db: Session, principal: Principal, case: Case, centre: Centre, *, documents: bool
) -> dict[str, Any]:
    examiner = db.get(User, case.assigned_examiner_id) if case.assigned_examiner_id else None
    view: dict[str, Any] = {
        "id": case.id, "number": case.number, "centre": centre.slug, "centre_name": centre.name,
        "organisation_id": case.organisation_id, "applicant": _organisation_name(db, case.organisation_id),
        "agency": _organisation_name(db, case.agency_organisation_id), "entity_id": case.entity_id,
        "agency_organisation_id": case.agency_organisation_id,
        "batch_id": case.batch_id, "patent_type": case.patent_type, "patent_type_zh": TYPE_LABELS[case.patent_type][0],
        "title": case.title, "applicants": json.loads(case.applicants), "inventors": json.loads(case.inventors),
        "main_class": case.main_class, "other_classes": json.loads(case.other_classes),
        "declared_field": case.declared_field, "field": case.field, "state": case.state,
        "state_zh": CASE.label(case.state), "round": case.round,
        "examiner": examiner.email if examiner else None, "assigned_examiner_id": case.assigned_examiner_id,
        "received_on": _iso(case.received_on), "accepted_on": _iso(case.accepted_on),
        "review_due": _iso(case.review_due), "response_due": _iso(case.response_due),
        "concluded_on": _iso(case.concluded_on), "reason_code": case.reason_code, "reason_text": case.reason_text,
        "filing_due": _iso(case.filing_due), "cnipa_application_number": case.cnipa_application_number,
        "filing_date": _iso(case.filing_date), "filed_late": case.filed_late,
        "cnipa_outcome": case.cnipa_outcome, "cnipa_concluded_on": _iso(case.cnipa_concluded_on),
        "published_on": _iso(case.published_on),
        "intake": json.loads(case.intake) if case.intake else None,
    }  # fmt: skip
    if documents:
        view["documents"] = [document_view(d) for d in documents_of(db, case)]
    return view


def document_view(d: Document) -> dict[str, Any]:
    return {"id": d.id, "kind": d.kind, "kind_zh": DOCUMENT_KINDS[d.kind][0], "round": d.round, "filename": d.filename,
            "media_type": d.media_type, "size": d.size, "sha256": d.sha256,
            "uploaded_at": d.uploaded_at.isoformat(timespec="seconds")}  # fmt: skip


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def can_read_documents(principal: Principal, case: Case, centre: Centre) -> bool:
    try:
        access.require_case_documents(principal, case, centre)
    except Forbidden:
        return False
    return True


def list_cases(
    db: Session, principal: Principal, *, state: str | None = None, field: str | None = None,
    mine: bool = False, page: int = 1, size: int = 50,
) -> dict[str, Any]:  # fmt: skip
    """The principal's cases: its organisation's (as applicant or agency), or its centre's queue ordered by
    the working-day deadline that comes first."""
    centre = access.staff_centre(db, principal)
    statement = select(Case)
    if centre is not None:
        statement = statement.where(Case.centre_id == centre.id)
        if mine:
            statement = statement.where(Case.assigned_examiner_id == principal.user_id)
    else:
        org = principal.organisation_id
        statement = statement.where((Case.organisation_id == org) | (Case.agency_organisation_id == org))
    if state:
        statement = statement.where(Case.state == state)
    if field:
        statement = statement.where(Case.field.contains(field))
    total = db.scalar(select(func.count()).select_from(statement.subquery())) or 0
    due = func.coalesce(Case.response_due, Case.review_due, Case.filing_due)
    rows = db.scalars(statement.order_by(due.is_(None), due, Case.id).offset((page - 1) * size).limit(size))
    items = []
    for case in rows:
        own_centre = db.get(Centre, case.centre_id)
        assert own_centre is not None
        items.append(case_view(db, principal, case, own_centre, documents=False))
    return {"total": total, "page": page, "size": size, "items": items}


def get_document(db: Session, principal: Principal, document_id: int) -> tuple[Document, Case]:
    """A document, for those who may read the case's unpublished documents."""
    document = db.get(Document, document_id)
    if document is None:
        raise NotFound(f"no document {document_id}")
    case, centre = load(db, principal, document.case_id)
    access.require_case_documents(principal, case, centre)
    return document, case


def examiners_of(db: Session, centre: Centre) -> list[User]:
    return list(db.scalars(select(User).where(User.organisation_id == centre.organisation_id,
                                              User.role == Role.pre_examiner.value, User.active.is_(True))))  # fmt: skip
