"""protection and overseas watch: protection lists and entries, partner regions, ITC investigations,
respondents and matches, enterprise profiles, enforcement actions, rights-protection cases and their events,
watches and hits, portfolio status, alerts

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import ipcenter.platform.database

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "itc_investigations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_ref", sa.String(length=80), nullable=False),
        sa.Column("investigation_no", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("product", sa.Text(), nullable=False),
        sa.Column("complaint_filed", sa.Date(), nullable=True),
        sa.Column("institution_date", sa.Date(), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("phase", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=100), nullable=False),
        sa.Column("complainants", sa.Text(), nullable=False),
        sa.Column("remedies", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("sources", sa.Text(), nullable=False),
        sa.Column("imported_from", sa.Text(), nullable=False),
        sa.Column("imported_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_itc_investigations")),
        sa.UniqueConstraint("case_ref", name=op.f("uq_itc_investigations_case_ref")),
    )
    op.create_table(
        "itc_respondents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("investigation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_zh", sa.String(length=300), nullable=False),
        sa.Column("city", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=100), nullable=False),
        sa.Column("source_kind", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["investigation_id"],
            ["itc_investigations.id"],
            name=op.f("fk_itc_respondents_investigation_id_itc_investigations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_itc_respondents")),
    )
    with op.batch_alter_table("itc_respondents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_itc_respondents_investigation_id"), ["investigation_id"], unique=False
        )

    op.create_table(
        "protection_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_protection_actions_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_actions")),
    )
    with op.batch_alter_table("protection_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_actions_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "protection_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_protection_alerts_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_alerts")),
    )
    with op.batch_alter_table("protection_alerts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_alerts_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "protection_enterprise_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("province", sa.String(length=100), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("english_names", sa.Text(), nullable=False),
        sa.Column("other_names", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_protection_enterprise_profiles_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_enterprise_profiles")),
        sa.UniqueConstraint(
            "organisation_id", name=op.f("uq_protection_enterprise_profiles_organisation_id")
        ),
    )
    op.create_table(
        "protection_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("batch", sa.String(length=100), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("published", sa.String(length=20), nullable=False),
        sa.Column("document_no", sa.String(length=100), nullable=False),
        sa.Column("declared_marks", sa.Integer(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("imported_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_protection_lists_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_lists")),
        sa.UniqueConstraint("name", "batch", name="uq_protection_lists_batch"),
    )
    with op.batch_alter_table("protection_lists", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_lists_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "protection_partner_regions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("home_region", sa.String(length=100), nullable=False),
        sa.Column("partner_region", sa.String(length=100), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("added_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_protection_partner_regions_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_partner_regions")),
        sa.UniqueConstraint("home_region", "partner_region", name="uq_protection_partner_regions_pair"),
    )
    with op.batch_alter_table("protection_partner_regions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_partner_regions_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "protection_portfolio_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("application_number", sa.String(length=40), nullable=False),
        sa.Column("publication_number", sa.String(length=40), nullable=False),
        sa.Column("legal_status", sa.String(length=20), nullable=False),
        sa.Column("corpus_version", sa.String(length=100), nullable=False),
        sa.Column("seen_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_protection_portfolio_status_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_portfolio_status")),
        sa.UniqueConstraint("organisation_id", "application_number", name="uq_protection_portfolio_app"),
    )
    with op.batch_alter_table("protection_portfolio_status", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_portfolio_status_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "protection_watches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("last_version", sa.String(length=100), nullable=False),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_protection_watches_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_watches")),
    )
    with op.batch_alter_table("protection_watches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_watches_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "itc_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("candidate", sa.String(length=300), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_itc_matches_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["itc_respondents.id"],
            name=op.f("fk_itc_matches_respondent_id_itc_respondents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_itc_matches")),
        sa.UniqueConstraint("respondent_id", "candidate", name="uq_itc_matches_candidate"),
    )
    with op.batch_alter_table("itc_matches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_itc_matches_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_itc_matches_respondent_id"), ["respondent_id"], unique=False)

    op.create_table(
        "protection_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("ip_type", sa.String(length=20), nullable=False),
        sa.Column("counterparty", sa.String(length=300), nullable=False),
        sa.Column("contact", sa.String(length=300), nullable=False),
        sa.Column("sub_centre", sa.String(length=100), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("typical", sa.Boolean(), nullable=False),
        sa.Column("published_title", sa.String(length=300), nullable=False),
        sa.Column("published_summary", sa.Text(), nullable=False),
        sa.Column("published_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["protection_actions.id"],
            name=op.f("fk_protection_cases_action_id_protection_actions"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_protection_cases_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_cases")),
    )
    with op.batch_alter_table("protection_cases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_cases_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index("ix_protection_cases_state", ["state"], unique=False)

    op.create_table(
        "protection_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("mark", sa.String(length=200), nullable=False),
        sa.Column("mark_normal", sa.String(length=200), nullable=False),
        sa.Column("holder", sa.String(length=300), nullable=False),
        sa.Column("registration_no", sa.String(length=40), nullable=False),
        sa.Column("classes", sa.String(length=300), nullable=False),
        sa.Column("goods", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["protection_lists.id"],
            name=op.f("fk_protection_marks_list_id_protection_lists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_marks")),
    )
    with op.batch_alter_table("protection_marks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_protection_marks_list_id"), ["list_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_protection_marks_mark_normal"), ["mark_normal"], unique=False)

    op.create_table(
        "protection_watch_hits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("watch_id", sa.Integer(), nullable=False),
        sa.Column("publication_number", sa.String(length=40), nullable=False),
        sa.Column("corpus_version", sa.String(length=100), nullable=False),
        sa.Column("found_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["watch_id"],
            ["protection_watches.id"],
            name=op.f("fk_protection_watch_hits_watch_id_protection_watches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_watch_hits")),
        sa.UniqueConstraint("watch_id", "publication_number", name="uq_protection_watch_hits_doc"),
    )
    with op.batch_alter_table("protection_watch_hits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_protection_watch_hits_watch_id"), ["watch_id"], unique=False)

    op.create_table(
        "protection_case_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("state_from", sa.String(length=20), nullable=False),
        sa.Column("state_to", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_case_events_case_id_protection_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case_events")),
    )
    with op.batch_alter_table("protection_case_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_protection_case_events_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("protection_case_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_case_events_case_id"))

    op.drop_table("protection_case_events")
    with op.batch_alter_table("protection_watch_hits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_watch_hits_watch_id"))

    op.drop_table("protection_watch_hits")
    with op.batch_alter_table("protection_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_marks_mark_normal"))
        batch_op.drop_index(batch_op.f("ix_protection_marks_list_id"))

    op.drop_table("protection_marks")
    with op.batch_alter_table("protection_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_protection_cases_state")
        batch_op.drop_index(batch_op.f("ix_protection_cases_organisation_id"))

    op.drop_table("protection_cases")
    with op.batch_alter_table("itc_matches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_itc_matches_respondent_id"))
        batch_op.drop_index(batch_op.f("ix_itc_matches_organisation_id"))

    op.drop_table("itc_matches")
    with op.batch_alter_table("protection_watches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_watches_organisation_id"))

    op.drop_table("protection_watches")
    with op.batch_alter_table("protection_portfolio_status", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_portfolio_status_organisation_id"))

    op.drop_table("protection_portfolio_status")
    with op.batch_alter_table("protection_partner_regions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_partner_regions_organisation_id"))

    op.drop_table("protection_partner_regions")
    with op.batch_alter_table("protection_lists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_lists_organisation_id"))

    op.drop_table("protection_lists")
    op.drop_table("protection_enterprise_profiles")
    with op.batch_alter_table("protection_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_alerts_organisation_id"))

    op.drop_table("protection_alerts")
    with op.batch_alter_table("protection_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_actions_organisation_id"))

    op.drop_table("protection_actions")
    with op.batch_alter_table("itc_respondents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_itc_respondents_investigation_id"))

    op.drop_table("itc_respondents")
    op.drop_table("itc_investigations")
