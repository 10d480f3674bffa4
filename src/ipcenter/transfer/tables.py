"""Tables of the transfer domain (专利转化运用) on the platform's `Base`.

Every row an organisation owns carries ``organisation_id``: the university for its inventory, items and
reviews; the enterprise for its needs and its evaluation feedback; the patentee for an open-licence
declaration; the licensee for the licence it took and its payments. Who else may see a row (the other party
of a match or a licence, the institutions a need was shown to) is decided in `ipcenter.transfer.access`
through the policy module. JSON columns hold what the services computed (a check's findings, a match's
explanation), so a record shows what the user saw at the time.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ipcenter.platform.database import Base, UTCDateTime, utcnow

# --------------------------------------------------------------------------- inventory (盘点)


class Inventory(Base):
    """A university's or institute's stock-patent inventory (one per round, e.g. the 2024 national round)."""

    __tablename__ = "transfer_inventories"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    as_of: Mapped[date] = mapped_column(Date)  # validity is judged on this day
    applicant_names: Mapped[str] = mapped_column(Text, default="[]")  # JSON: the variants searched for
    created_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InventoryItem(Base):
    """One stock patent in an inventory, with the fields of the national template and its review state."""

    __tablename__ = "transfer_items"
    __table_args__ = (UniqueConstraint("inventory_id", "patent_key", name="uq_transfer_items_patent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    inventory_id: Mapped[int] = mapped_column(ForeignKey("transfer_inventories.id"), index=True)
    patent_key: Mapped[str] = mapped_column(String(40))  # application number, else publication number
    publication_number: Mapped[str] = mapped_column(String(40), index=True)
    application_number: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    patent_type: Mapped[str] = mapped_column(String(20), default="")
    main_ipc: Mapped[str] = mapped_column(String(20), default="")
    applicant: Mapped[str] = mapped_column(String(300), default="")  # as the corpus writes it
    in_corpus: Mapped[bool] = mapped_column(default=False)
    legal_status: Mapped[str] = mapped_column(String(20), default="unknown")  # on the inventory's as_of
    status_source: Mapped[str] = mapped_column(String(40), default="")  # corpus reason, or 'declared'
    faculty: Mapped[str] = mapped_column(String(100), default="")  # 院系
    inventors: Mapped[str] = mapped_column(Text, default="")  # 、-separated, as the template writes them
    converted: Mapped[str] = mapped_column(String(20), default="unknown")  # converted / unconverted / unknown
    converted_basis: Mapped[str] = mapped_column(Text, default="")  # why (corpus counts, declared)
    scenario: Mapped[str] = mapped_column(Text, default="")  # 应用场景
    maturity: Mapped[str] = mapped_column(String(40), default="")  # 技术成熟度
    grade: Mapped[str] = mapped_column(String(40), default="")  # 价值分级自评
    state: Mapped[str] = mapped_column(String(24), default="candidate")
    source: Mapped[str] = mapped_column(String(20), default="corpus")  # corpus (found) / import (template)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReviewStep(Base):
    """One transition of an item's review chain (发明人 → 院系 → 学校 → 转化资源库): who, when, comment."""

    __tablename__ = "transfer_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("transfer_items.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(24))
    from_state: Mapped[str] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    comment: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column()
    actor: Mapped[str] = mapped_column(String(254), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FacultyReviewer(Base):
    """An account that reviews one faculty's (院系) records of its organisation's inventory."""

    __tablename__ = "transfer_faculty_reviewers"
    __table_args__ = (UniqueConstraint("organisation_id", "faculty", "user_id", name="uq_transfer_reviewer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    faculty: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Feedback(Base):
    """An enterprise's evaluation of a patent in a resource library (企业评价反馈)."""

    __tablename__ = "transfer_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)  # the enterprise
    item_id: Mapped[int] = mapped_column(ForeignKey("transfer_items.id", ondelete="CASCADE"), index=True)
    holder_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    enterprise: Mapped[str] = mapped_column(String(200))
    interest: Mapped[str] = mapped_column(String(20))  # high / medium / low / none
    comments: Mapped[str] = mapped_column(Text, default="")
    on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --------------------------------------------------------------------------- needs and matches (供需对接)


class Need(Base):
    """An enterprise's technology need (技术需求)."""

    __tablename__ = "transfer_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    problem: Mapped[str] = mapped_column(Text)
    desired_effect: Mapped[str] = mapped_column(Text, default="")
    industry: Mapped[str] = mapped_column(String(100), default="")
    ipc: Mapped[str] = mapped_column(String(200), default="")  # ;-separated, when the enterprise knows it
    region: Mapped[str] = mapped_column(String(100), default="")
    budget_min: Mapped[float | None] = mapped_column(Float)  # 万元
    budget_max: Mapped[float | None] = mapped_column(Float)
    deadline: Mapped[date | None] = mapped_column(Date)
    visibility: Mapped[str] = mapped_column(String(20), default="public")  # public / institutions
    state: Mapped[str] = mapped_column(String(20), default="open")  # open / closed
    created_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NeedAudience(Base):
    """An institution a restricted need is shown to (the need's owner keeps ``organisation_id``)."""

    __tablename__ = "transfer_need_audiences"
    __table_args__ = (UniqueConstraint("need_id", "institution_id", name="uq_transfer_need_audience"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("transfer_needs.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)


class MatchEvent(Base):
    """A matchmaking event between a need and a patent (对接活动) and its outcome."""

    __tablename__ = "transfer_match_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)  # who opened it
    need_id: Mapped[int] = mapped_column(ForeignKey("transfer_needs.id"), index=True)
    need_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    holder_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("transfer_items.id"))
    publication_number: Mapped[str] = mapped_column(String(40))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    why: Mapped[str] = mapped_column(Text, default="{}")  # JSON: the explanation shown when it was opened
    state: Mapped[str] = mapped_column(String(20), default="proposed")
    reason: Mapped[str] = mapped_column(Text, default="")  # a decline's reason
    created_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MatchEventStep(Base):
    """One outcome change of a matchmaking event: who, when, note."""

    __tablename__ = "transfer_match_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(index=True)  # the acting account's organisation
    event_id: Mapped[int] = mapped_column(
        ForeignKey("transfer_match_events.id", ondelete="CASCADE"), index=True
    )
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column()
    actor: Mapped[str] = mapped_column(String(254), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --------------------------------------------------------------------------- open licensing (开放许可)


class PatentFact(Base):
    """A fact about a patent that the corpus may not hold, entered by its holder for the rule-18 checks
    (an exclusive licence in force, annuities paid to a date, a pledge and the pledgee's consent, a dispute)."""

    __tablename__ = "transfer_patent_facts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    publication_number: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    detail: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LicenceDeclaration(Base):
    """An open-licence declaration (开放许可声明, 专利法 Art 50, 细则 Art 85) and its life."""

    __tablename__ = "transfer_licences"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)  # the patentee
    publication_number: Mapped[str] = mapped_column(String(40), index=True)
    application_number: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    patent_type: Mapped[str] = mapped_column(String(20), default="")
    main_ipc: Mapped[str] = mapped_column(String(20), default="")
    ipc: Mapped[str] = mapped_column(String(300), default="")  # ;-separated
    patentees: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of names (co-owners)
    payment_method: Mapped[str] = mapped_column(String(32))  # lump_sum / royalty / lump_sum_plus_royalty
    fee_fixed: Mapped[float | None] = mapped_column(Float)  # 万元 (the lump sum, or the entry fee)
    royalty_sales_pct: Mapped[float | None] = mapped_column(Float)  # % of net sales
    royalty_profit_pct: Mapped[float | None] = mapped_column(Float)  # % of profit
    fee_text: Mapped[str] = mapped_column(Text, default="")  # the standard as declared, in words
    term_from: Mapped[date | None] = mapped_column(Date)
    term_to: Mapped[date | None] = mapped_column(Date)
    evaluation_report: Mapped[str] = mapped_column(String(200), default="")  # 专利权评价报告 (UM, design)
    scenario: Mapped[str] = mapped_column(Text, default="")  # 应用场景
    industry: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    products: Mapped[str] = mapped_column(Text, default="")  # product information licensees ask for
    state: Mapped[str] = mapped_column(String(24), default="draft")
    last_check: Mapped[str] = mapped_column(Text, default="")  # JSON: the rule-18 verdict last computed
    announced_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LicenceStep(Base):
    """One state change of a declaration: who, when, note (the declaration's history)."""

    __tablename__ = "transfer_licence_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    licence_id: Mapped[int] = mapped_column(
        ForeignKey("transfer_licences.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column()
    actor: Mapped[str] = mapped_column(String(254), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CoOwnerConsent(Base):
    """A co-owner's written consent to withdraw a declaration (CNIPA FAQ Q25: every co-owner must agree)."""

    __tablename__ = "transfer_co_owner_consents"
    __table_args__ = (UniqueConstraint("licence_id", "co_owner", name="uq_transfer_consent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    licence_id: Mapped[int] = mapped_column(
        ForeignKey("transfer_licences.id", ondelete="CASCADE"), index=True
    )
    co_owner: Mapped[str] = mapped_column(String(200))
    given_on: Mapped[date] = mapped_column(Date)
    document: Mapped[str] = mapped_column(String(300), default="")  # where the signed consent is kept
    created_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Licensee(Base):
    """A licence taken under a declaration: the licensee's written notice (专利法 Art 51) and its state."""

    __tablename__ = "transfer_licensees"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)  # the licensee
    licence_id: Mapped[int] = mapped_column(ForeignKey("transfer_licences.id"), index=True)
    licensor_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    licensee_name: Mapped[str] = mapped_column(String(200))
    notified_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), default="notified")  # notified / active / ended
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Payment(Base):
    """A licence-fee payment by a licensee (amount in 万元)."""

    __tablename__ = "transfer_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)  # the licensee
    licensee_id: Mapped[int] = mapped_column(
        ForeignKey("transfer_licensees.id", ondelete="CASCADE"), index=True
    )
    amount: Mapped[float] = mapped_column(Float)
    paid_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Parameter(Base):
    """A setting of the domain entered with its source (fee guidance, estimator parameters, rule list):
    the latest row of a name wins; a name never entered keeps its shipped default, shown as UNCONFIRMED."""

    __tablename__ = "transfer_parameters"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
    source: Mapped[str] = mapped_column(Text, default="")
    set_by: Mapped[str] = mapped_column(String(254), default="")
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --------------------------------------------------------------------------- pre-application assessment


class Assessment(Base):
    """A pre-application assessment (申请前评估) of an invention disclosure, and the assessor's decision."""

    __tablename__ = "transfer_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    disclosure: Mapped[str] = mapped_column(Text)
    faculty: Mapped[str] = mapped_column(String(100), default="")
    inventors: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(
        Text, default="{}"
    )  # JSON: searches, IPC, density, the system's advice
    system_recommendation: Mapped[str] = mapped_column(String(32), default="")
    recommendation: Mapped[str] = mapped_column(String(32), default="")  # the assessor's (may differ)
    reasons: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    state: Mapped[str] = mapped_column(String(20), default="assessed")  # assessed / decided
    created_by: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AssessmentEdit(Base):
    """Each decision an assessor recorded on an assessment (kept: the latest is the assessment's)."""

    __tablename__ = "transfer_assessment_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("transfer_assessments.id", ondelete="CASCADE"), index=True
    )
    recommendation: Mapped[str] = mapped_column(String(32))
    reasons: Mapped[str] = mapped_column(Text, default="[]")
    user_id: Mapped[int | None] = mapped_column()
    actor: Mapped[str] = mapped_column(String(254), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
