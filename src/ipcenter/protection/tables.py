"""Tables of the protection and overseas-watch domain (SQLAlchemy 2 models on the platform's `Base`).

Public material (protection lists, ITC investigations) carries the importing organisation in
``organisation_id`` for the audit trail and is readable by everyone; private material (rights-protection
cases, watches, alerts, portfolio snapshots, match decisions about an enterprise) is owned by an
organisation and reaches others only through `ipcenter.accounts.policy` (another organisation gets 404).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ipcenter.platform.database import Base, UTCDateTime, utcnow

# --------------------------------------------------------------------------- key-trademark protection lists


class ProtectionList(Base):
    """One batch of a 重点商标保护名录 as issued (rule 19: issuing region, batch, year, 文号)."""

    __tablename__ = "protection_lists"
    __table_args__ = (UniqueConstraint("name", "batch", name="uq_protection_lists_batch"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))  # 上海市重点商标保护名录
    batch: Mapped[str] = mapped_column(String(100), default="")  # 第五批, 2025年度拟纳入名单
    issuer: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(100), default="")  # issuing region: 上海市, 嘉定区
    year: Mapped[int | None] = mapped_column()
    published: Mapped[str] = mapped_column(String(20), default="")  # a date or a year, as published
    document_no: Mapped[str] = mapped_column(String(100), default="")  # 文号
    declared_marks: Mapped[int | None] = mapped_column()  # the count the notice states, if any
    source: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProtectedMark(Base):
    """One entry of a list: holder, mark, registration number, classes/groups — each as the source gives
    it (empty when it does not: never invented); ``source`` names the file and row it came from."""

    __tablename__ = "protection_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("protection_lists.id", ondelete="CASCADE"), index=True)
    mark: Mapped[str] = mapped_column(String(200))
    mark_normal: Mapped[str] = mapped_column(String(200), index=True)
    holder: Mapped[str] = mapped_column(String(300), default="")
    registration_no: Mapped[str] = mapped_column(String(40), default="")
    classes: Mapped[str] = mapped_column(String(300), default="")  # '09 35' or group codes '0901'
    goods: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")


class PartnerRegion(Base):
    """Mutual recognition: a partner region whose lists are honoured in ``home_region`` (with its basis)."""

    __tablename__ = "protection_partner_regions"
    __table_args__ = (
        UniqueConstraint("home_region", "partner_region", name="uq_protection_partner_regions_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    home_region: Mapped[str] = mapped_column(String(100))
    partner_region: Mapped[str] = mapped_column(String(100))
    basis: Mapped[str] = mapped_column(Text, default="")  # the agreement or notice it rests on
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --------------------------------------------------------------------------- US ITC Section 337


class ItcInvestigation(Base):
    __tablename__ = "itc_investigations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_ref: Mapped[str] = mapped_column(String(80), unique=True)  # 337-TA-887, or unnumbered:<slug>
    investigation_no: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    product: Mapped[str] = mapped_column(Text, default="")
    complaint_filed: Mapped[date | None] = mapped_column(Date)
    institution_date: Mapped[date | None] = mapped_column(Date)
    target_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    phase: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(100), default="")
    complainants: Mapped[str] = mapped_column(Text, default="")
    remedies: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[str] = mapped_column(Text, default="")
    imported_from: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ItcRespondent(Base):
    __tablename__ = "itc_respondents"

    id: Mapped[int] = mapped_column(primary_key=True)
    investigation_id: Mapped[int] = mapped_column(
        ForeignKey("itc_investigations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    name_zh: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(200), default="")  # US state or Chinese province as written
    country: Mapped[str] = mapped_column(String(100), default="")
    source_kind: Mapped[str] = mapped_column(String(200), default="")


class EnterpriseProfile(Base):
    """What the matcher knows of a registered organisation besides its name: where it is and the English
    names it uses abroad (as seen in US/EP documents or given by the enterprise)."""

    __tablename__ = "protection_enterprise_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), unique=True)
    province: Mapped[str] = mapped_column(String(100), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    english_names: Mapped[str] = mapped_column(Text, default="")  # one per line
    other_names: Mapped[str] = mapped_column(Text, default="")  # group / former / short names, one per line


class ItcMatch(Base):
    """A respondent matched to a local enterprise (a registered organisation, or an applicant in the
    corpus when ``organisation_id`` is empty), with score and evidence; confirmed ones alert."""

    __tablename__ = "itc_matches"
    __table_args__ = (UniqueConstraint("respondent_id", "candidate", name="uq_itc_matches_candidate"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("itc_respondents.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    candidate: Mapped[str] = mapped_column(String(300))
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    state: Mapped[str] = mapped_column(String(20), default="candidate")  # candidate, confirmed, dismissed
    decided_by: Mapped[int | None] = mapped_column()
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --------------------------------------------------------------------------- rights-protection cases


class EnforcementAction(Base):
    """A special enforcement action (专项行动) run by a bureau; cases can belong to one."""

    __tablename__ = "protection_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(100), default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProtectionCase(Base):
    """A complaint or report, a mediation, an assistance request or an enforcement case (快速维权).

    Owned by the filing organisation (``organisation_id``); the bureau and the protection centre handle it.
    """

    __tablename__ = "protection_cases"
    __table_args__ = (Index("ix_protection_cases_state", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # complaint, report, mediation, assistance, enforcement
    state: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    ip_type: Mapped[str] = mapped_column(String(20), default="")  # patent, trademark, copyright, …
    counterparty: Mapped[str] = mapped_column(String(300), default="")
    contact: Mapped[str] = mapped_column(String(300), default="")  # personal data: never published
    sub_centre: Mapped[str] = mapped_column(String(100), default="")  # district sub-centre it is routed to
    action_id: Mapped[int | None] = mapped_column(ForeignKey("protection_actions.id"))
    opened_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)  # the working-day deadline of the current state
    created_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    typical: Mapped[bool] = mapped_column(default=False)  # proposed as a typical case
    published_title: Mapped[str] = mapped_column(String(300), default="")
    published_summary: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by: Mapped[int | None] = mapped_column()


class CaseEvent(Base):
    __tablename__ = "protection_case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("protection_cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    state_from: Mapped[str] = mapped_column(String(20), default="")
    state_to: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(254), default="")


# --------------------------------------------------------------------------- watches, portfolio, alerts


class Watch(Base):
    """A standing question about new publications: a saved search query, an IPC set or an applicant set."""

    __tablename__ = "protection_watches"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by: Mapped[int | None] = mapped_column()
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # query, ipc, applicant
    value: Mapped[str] = mapped_column(Text)
    last_version: Mapped[str] = mapped_column(String(100), default="")  # corpus version last run on
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WatchHit(Base):
    __tablename__ = "protection_watch_hits"
    __table_args__ = (
        UniqueConstraint("watch_id", "publication_number", name="uq_protection_watch_hits_doc"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("protection_watches.id", ondelete="CASCADE"), index=True)
    publication_number: Mapped[str] = mapped_column(String(40))
    corpus_version: Mapped[str] = mapped_column(String(100), default="")
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PortfolioStatus(Base):
    """The last legal status seen for each of an organisation's patents (lapse/status changes between
    ingests are found by comparing the corpus with this)."""

    __tablename__ = "protection_portfolio_status"
    __table_args__ = (
        UniqueConstraint("organisation_id", "application_number", name="uq_protection_portfolio_app"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    application_number: Mapped[str] = mapped_column(String(40))
    publication_number: Mapped[str] = mapped_column(String(40), default="")
    legal_status: Mapped[str] = mapped_column(String(20), default="")
    corpus_version: Mapped[str] = mapped_column(String(100), default="")
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Alert(Base):
    """A risk alert for an organisation (337 match, deadline, status change, watch hit); its members get an
    inbox message (and e-mail) for it."""

    __tablename__ = "protection_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # itc, deadline, status, watch
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    ref: Mapped[str] = mapped_column(String(200), default="")  # what it is about (dedupe key)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
