"""transfer: inventories, items, review steps, faculty reviewers, enterprise feedback, needs and their
audiences, matchmaking events and their steps, patent facts, open-licence declarations with steps, co-owner
consents, licensees, payments, parameters, pre-application assessments and their decisions

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import ipcenter.platform.database

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _indexes(table: str, *columns: str) -> None:
    """The table's single-column indexes, named as the models' naming convention names them."""
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


#: Dropped in this order by the downgrade: each table before the tables it references.
DOWNGRADE_ORDER = (
    "transfer_match_steps",
    "transfer_reviews",
    "transfer_payments",
    "transfer_match_events",
    "transfer_feedback",
    "transfer_need_audiences",
    "transfer_licensees",
    "transfer_licence_steps",
    "transfer_items",
    "transfer_faculty_reviewers",
    "transfer_co_owner_consents",
    "transfer_assessment_edits",
    "transfer_patent_facts",
    "transfer_parameters",
    "transfer_needs",
    "transfer_licences",
    "transfer_inventories",
    "transfer_assessments",
)


def upgrade() -> None:
    op.create_table(
        "transfer_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("disclosure", sa.Text(), nullable=False),
        sa.Column("faculty", sa.String(length=100), nullable=False),
        sa.Column("inventors", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("system_recommendation", sa.String(length=32), nullable=False),
        sa.Column("recommendation", sa.String(length=32), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_assessments_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_assessments")),
    )
    _indexes("transfer_assessments", "organisation_id")

    op.create_table(
        "transfer_inventories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("applicant_names", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_inventories_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_inventories")),
    )
    _indexes("transfer_inventories", "organisation_id")

    op.create_table(
        "transfer_licences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("publication_number", sa.String(length=40), nullable=False),
        sa.Column("application_number", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("patent_type", sa.String(length=20), nullable=False),
        sa.Column("main_ipc", sa.String(length=20), nullable=False),
        sa.Column("ipc", sa.String(length=300), nullable=False),
        sa.Column("patentees", sa.Text(), nullable=False),
        sa.Column("payment_method", sa.String(length=32), nullable=False),
        sa.Column("fee_fixed", sa.Float(), nullable=True),
        sa.Column("royalty_sales_pct", sa.Float(), nullable=True),
        sa.Column("royalty_profit_pct", sa.Float(), nullable=True),
        sa.Column("fee_text", sa.Text(), nullable=False),
        sa.Column("term_from", sa.Date(), nullable=True),
        sa.Column("term_to", sa.Date(), nullable=True),
        sa.Column("evaluation_report", sa.String(length=200), nullable=False),
        sa.Column("scenario", sa.Text(), nullable=False),
        sa.Column("industry", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("products", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("last_check", sa.Text(), nullable=False),
        sa.Column("announced_on", sa.Date(), nullable=True),
        sa.Column("withdrawal_reason", sa.Text(), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_licences_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_licences")),
    )
    _indexes("transfer_licences", "organisation_id", "publication_number")

    op.create_table(
        "transfer_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("desired_effect", sa.Text(), nullable=False),
        sa.Column("industry", sa.String(length=100), nullable=False),
        sa.Column("ipc", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("budget_min", sa.Float(), nullable=True),
        sa.Column("budget_max", sa.Float(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_needs_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_needs")),
    )
    _indexes("transfer_needs", "organisation_id")

    op.create_table(
        "transfer_parameters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=254), nullable=False),
        sa.Column("set_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_parameters_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_parameters")),
    )
    _indexes("transfer_parameters", "name", "organisation_id")

    op.create_table(
        "transfer_patent_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("publication_number", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_patent_facts_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_patent_facts")),
    )
    _indexes("transfer_patent_facts", "organisation_id", "publication_number")

    op.create_table(
        "transfer_assessment_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("recommendation", sa.String(length=32), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["transfer_assessments.id"],
            name=op.f("fk_transfer_assessment_edits_assessment_id_transfer_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_assessment_edits_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_assessment_edits")),
    )
    _indexes("transfer_assessment_edits", "assessment_id", "organisation_id")

    op.create_table(
        "transfer_co_owner_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("licence_id", sa.Integer(), nullable=False),
        sa.Column("co_owner", sa.String(length=200), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("document", sa.String(length=300), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["licence_id"],
            ["transfer_licences.id"],
            name=op.f("fk_transfer_co_owner_consents_licence_id_transfer_licences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_co_owner_consents_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_co_owner_consents")),
        sa.UniqueConstraint("licence_id", "co_owner", name="uq_transfer_consent"),
    )
    _indexes("transfer_co_owner_consents", "licence_id", "organisation_id")

    op.create_table(
        "transfer_faculty_reviewers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("faculty", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_faculty_reviewers_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_transfer_faculty_reviewers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_faculty_reviewers")),
        sa.UniqueConstraint("organisation_id", "faculty", "user_id", name="uq_transfer_reviewer"),
    )
    _indexes("transfer_faculty_reviewers", "organisation_id", "user_id")

    op.create_table(
        "transfer_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("inventory_id", sa.Integer(), nullable=False),
        sa.Column("patent_key", sa.String(length=40), nullable=False),
        sa.Column("publication_number", sa.String(length=40), nullable=False),
        sa.Column("application_number", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("patent_type", sa.String(length=20), nullable=False),
        sa.Column("main_ipc", sa.String(length=20), nullable=False),
        sa.Column("applicant", sa.String(length=300), nullable=False),
        sa.Column("in_corpus", sa.Boolean(), nullable=False),
        sa.Column("legal_status", sa.String(length=20), nullable=False),
        sa.Column("status_source", sa.String(length=40), nullable=False),
        sa.Column("faculty", sa.String(length=100), nullable=False),
        sa.Column("inventors", sa.Text(), nullable=False),
        sa.Column("converted", sa.String(length=20), nullable=False),
        sa.Column("converted_basis", sa.Text(), nullable=False),
        sa.Column("scenario", sa.Text(), nullable=False),
        sa.Column("maturity", sa.String(length=40), nullable=False),
        sa.Column("grade", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("updated_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inventory_id"],
            ["transfer_inventories.id"],
            name=op.f("fk_transfer_items_inventory_id_transfer_inventories"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_items_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_items")),
        sa.UniqueConstraint("inventory_id", "patent_key", name="uq_transfer_items_patent"),
    )
    _indexes("transfer_items", "inventory_id", "organisation_id", "publication_number")

    op.create_table(
        "transfer_licence_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("licence_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=False),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["licence_id"],
            ["transfer_licences.id"],
            name=op.f("fk_transfer_licence_steps_licence_id_transfer_licences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_licence_steps_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_licence_steps")),
    )
    _indexes("transfer_licence_steps", "licence_id", "organisation_id")

    op.create_table(
        "transfer_licensees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("licence_id", sa.Integer(), nullable=False),
        sa.Column("licensor_organisation_id", sa.Integer(), nullable=False),
        sa.Column("licensee_name", sa.String(length=200), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["licence_id"],
            ["transfer_licences.id"],
            name=op.f("fk_transfer_licensees_licence_id_transfer_licences"),
        ),
        sa.ForeignKeyConstraint(
            ["licensor_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_licensees_licensor_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_licensees_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_licensees")),
    )
    _indexes("transfer_licensees", "licence_id", "licensor_organisation_id", "organisation_id")

    op.create_table(
        "transfer_need_audiences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_need_audiences_institution_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["need_id"],
            ["transfer_needs.id"],
            name=op.f("fk_transfer_need_audiences_need_id_transfer_needs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_need_audiences_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_need_audiences")),
        sa.UniqueConstraint("need_id", "institution_id", name="uq_transfer_need_audience"),
    )
    _indexes("transfer_need_audiences", "institution_id", "need_id", "organisation_id")

    op.create_table(
        "transfer_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("holder_organisation_id", sa.Integer(), nullable=False),
        sa.Column("enterprise", sa.String(length=200), nullable=False),
        sa.Column("interest", sa.String(length=20), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["holder_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_feedback_holder_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["transfer_items.id"],
            name=op.f("fk_transfer_feedback_item_id_transfer_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_feedback_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_feedback")),
    )
    _indexes("transfer_feedback", "holder_organisation_id", "item_id", "organisation_id")

    op.create_table(
        "transfer_match_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("need_organisation_id", sa.Integer(), nullable=False),
        sa.Column("holder_organisation_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("publication_number", sa.String(length=40), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["holder_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_match_events_holder_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["transfer_items.id"], name=op.f("fk_transfer_match_events_item_id_transfer_items")
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["transfer_needs.id"], name=op.f("fk_transfer_match_events_need_id_transfer_needs")
        ),
        sa.ForeignKeyConstraint(
            ["need_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_match_events_need_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_match_events_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_match_events")),
    )
    _indexes(
        "transfer_match_events",
        "holder_organisation_id",
        "need_id",
        "need_organisation_id",
        "organisation_id",
    )

    op.create_table(
        "transfer_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("licensee_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["licensee_id"],
            ["transfer_licensees.id"],
            name=op.f("fk_transfer_payments_licensee_id_transfer_licensees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_payments_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_payments")),
    )
    _indexes("transfer_payments", "licensee_id", "organisation_id")

    op.create_table(
        "transfer_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=False),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["transfer_items.id"],
            name=op.f("fk_transfer_reviews_item_id_transfer_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_transfer_reviews_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_reviews")),
    )
    _indexes("transfer_reviews", "item_id", "organisation_id")

    op.create_table(
        "transfer_match_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(length=20), nullable=False),
        sa.Column("to_state", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["transfer_match_events.id"],
            name=op.f("fk_transfer_match_steps_event_id_transfer_match_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_match_steps")),
    )
    _indexes("transfer_match_steps", "event_id", "organisation_id")


def downgrade() -> None:
    for table in DOWNGRADE_ORDER:  # dropping a table drops its indexes too (SQLite and PostgreSQL)
        op.drop_table(table)
