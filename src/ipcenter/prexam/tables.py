"""Tables of the pre-examination service (SQLAlchemy 2 models on the platform's `Base`).

Every row an organisation owns carries ``organisation_id`` (the applicant's organisation for registrations,
cases, documents and batches; the agency's for agency registrations). Who else may see a row (its agency,
the centre's staff, the assigned examiner) is decided by `ipcenter.prexam.access` through the policy module.
Uploaded documents are kept in the database (transactional, backed up with it); JSON columns hold what the
pure services return (`to_json` forms), so the shapes stay defined in one place.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ipcenter.platform.database import Base, UTCDateTime, utcnow


class Centre(Base):
    """A protection centre served by the platform, run by an organisation of kind protection_centre."""

    __tablename__ = "prexam_centres"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), unique=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProfileVersion(Base):
    """One version of a centre profile (its JSON form), in force from ``effective_from``."""

    __tablename__ = "prexam_profile_versions"
    __table_args__ = (UniqueConstraint("centre_id", "version", name="uq_prexam_profile_versions_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("prexam_centres.id"), index=True)
    version: Mapped[int] = mapped_column()
    effective_from: Mapped[date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EntityRegistration(Base):
    """主体备案 of an organisation with a centre."""

    __tablename__ = "prexam_entities"
    __table_args__ = (UniqueConstraint("centre_id", "uscc", name="uq_prexam_entities_uscc"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("prexam_centres.id"), index=True)
    uscc: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(200))
    area_code: Mapped[str] = mapped_column(String(6))
    facts: Mapped[str] = mapped_column(Text)  # the declaration (EntityFacts JSON)
    agency_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    state: Mapped[str] = mapped_column(String(20), default="draft")
    reason: Mapped[str] = mapped_column(Text, default="")
    suspended_from: Mapped[date | None] = mapped_column(Date)
    suspended_to: Mapped[date | None] = mapped_column(Date)
    eligibility: Mapped[str] = mapped_column(Text, default="")  # the last evaluation (JSON)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rechecked_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AgencyRegistration(Base):
    """A patent agency registered with a centre, and its place on the centre's agency list."""

    __tablename__ = "prexam_agencies"
    __table_args__ = (UniqueConstraint("centre_id", "organisation_id", name="uq_prexam_agencies_agency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("prexam_centres.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    on_list: Mapped[bool] = mapped_column(default=False)
    list_version: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Batch(Base):
    """批量预审: one entity's portfolio around a key technology, with its own materials and decision."""

    __tablename__ = "prexam_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("prexam_centres.id"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("prexam_entities.id"))
    theme: Mapped[str] = mapped_column(String(200))
    materials: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default="draft")
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    aids_total: Mapped[int] = mapped_column(default=0)
    aids_done: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Case(Base):
    """A pre-examination request and its whole life (intake, review rounds, conclusion, CNIPA filing)."""

    __tablename__ = "prexam_cases"
    __table_args__ = (Index("ix_prexam_cases_queue", "centre_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("prexam_centres.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("prexam_entities.id"), index=True)
    agency_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("prexam_batches.id"), index=True)
    patent_type: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    applicants: Mapped[str] = mapped_column(Text)  # JSON list
    inventors: Mapped[str] = mapped_column(Text, default="[]")
    main_class: Mapped[str] = mapped_column(String(40))
    other_classes: Mapped[str] = mapped_column(Text, default="[]")
    declared_field: Mapped[str] = mapped_column(String(100), default="")
    field: Mapped[str] = mapped_column(String(100), default="")  # from the scope table at intake
    state: Mapped[str] = mapped_column(String(30), default="draft")
    intake: Mapped[str] = mapped_column(Text, default="")  # the intake decision (JSON)
    assigned_examiner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    round: Mapped[int] = mapped_column(default=0)
    received_on: Mapped[date | None] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    review_due: Mapped[date | None] = mapped_column(Date)
    response_due: Mapped[date | None] = mapped_column(Date)
    concluded_on: Mapped[date | None] = mapped_column(Date)
    reason_code: Mapped[str] = mapped_column(String(40), default="")
    reason_text: Mapped[str] = mapped_column(Text, default="")
    filing_due: Mapped[date | None] = mapped_column(Date)
    cnipa_application_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    filing_date: Mapped[date | None] = mapped_column(Date)
    filed_late: Mapped[bool] = mapped_column(default=False)
    published_on: Mapped[date | None] = mapped_column(Date)  # documents stay confidential until then
    cnipa_outcome: Mapped[str] = mapped_column(String(20), default="")
    cnipa_concluded_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Document(Base):
    """An uploaded application document of a case, in one round (0 = as filed, n = the n-th answer)."""

    __tablename__ = "prexam_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("prexam_cases.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    round: Mapped[int] = mapped_column(default=0)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    text: Mapped[str] = mapped_column(Text, default="")  # extracted text (.docx), for the aids and diffs
    uploaded_by: Mapped[int | None] = mapped_column()
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseEvent(Base):
    """The history of a case: every state change and every recorded fact, in order."""

    __tablename__ = "prexam_case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("prexam_cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column()
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str] = mapped_column(String(30), default="")
    to_state: Mapped[str] = mapped_column(String(30), default="")
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON


class Aid(Base):
    """An automatic aid of one round (formal check, classification and scope, search report): shown to the
    examiner, never the decision. The search report is edited and signed by the examiner."""

    __tablename__ = "prexam_aids"
    __table_args__ = (UniqueConstraint("case_id", "kind", "round", name="uq_prexam_aids_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("prexam_cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # formal_check | classification | search_report
    round: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | done | failed
    result: Mapped[str] = mapped_column(Text, default="")  # JSON
    error: Mapped[str] = mapped_column(Text, default="")
    signed_by: Mapped[int | None] = mapped_column()
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Opinion(Base):
    """审查意见 of one round, the applicant's answer to it, and the deadline."""

    __tablename__ = "prexam_opinions"
    __table_args__ = (UniqueConstraint("case_id", "round", name="uq_prexam_opinions_round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("prexam_cases.id"), index=True)
    round: Mapped[int] = mapped_column()
    defects: Mapped[str] = mapped_column(Text)  # JSON list of defects
    summary: Mapped[str] = mapped_column(Text, default="")
    sent_by: Mapped[int | None] = mapped_column()
    sent_on: Mapped[date] = mapped_column(Date)
    response_due: Mapped[date] = mapped_column(Date)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_on: Mapped[date | None] = mapped_column(Date)
    answered_by: Mapped[int | None] = mapped_column()


class Notice(Base):
    """A generated notice (受理, 不予受理, 审查意见, 合格, 不合格) as issued."""

    __tablename__ = "prexam_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("prexam_cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(100))
    issued_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text)  # JSON: the facts the notice states (rendered as HTML or DOCX)


class CnipaEvent(Base):
    """A CNIPA event after formal filing (office action with its shortened deadline, publication, grant,
    rejection, deemed withdrawal)."""

    __tablename__ = "prexam_cnipa_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("prexam_cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    event_date: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int | None] = mapped_column()


class EvidenceFile(Base):
    """Evidence of a registration (R&D site, IP management system, staff): seen by the entity, its agency and
    the centre, like the registration itself."""

    __tablename__ = "prexam_evidence_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("prexam_entities.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))  # what it shows, e.g. 研发场所租赁合同
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[int | None] = mapped_column()
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuotaRequest(Base):
    """The one incremental-quota request an entity may file a year after its quota is used up."""

    __tablename__ = "prexam_quota_requests"
    __table_args__ = (Index("ix_prexam_quota_requests_year", "entity_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("prexam_entities.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    year: Mapped[int] = mapped_column()
    state: Mapped[str] = mapped_column(String(20), default="submitted")
    reason: Mapped[str] = mapped_column(Text, default="")  # the applicant's grounds, then the decision's
    extra: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
