"""pre-examination service: centres, profile versions, entities, agencies, batches, cases, documents,
aids, opinions, notices, CNIPA events, quota requests, inbox

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import ipcenter.platform.database

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prexam_centres",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_prexam_centres_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prexam_centres")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_prexam_centres_organisation_id")),
        sa.UniqueConstraint("slug", name=op.f("uq_prexam_centres_slug")),
    )
    op.create_table(
        "prexam_agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("on_list", sa.Boolean(), nullable=False),
        sa.Column("list_version", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["prexam_centres.id"], name=op.f("fk_prexam_agencies_centre_id_prexam_centres")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_prexam_agencies_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prexam_agencies")),
        sa.UniqueConstraint("centre_id", "organisation_id", name="uq_prexam_agencies_agency"),
    )
    with op.batch_alter_table("prexam_agencies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prexam_agencies_centre_id"), ["centre_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_prexam_agencies_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "prexam_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("area_code", sa.String(length=6), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("agency_organisation_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("suspended_from", sa.Date(), nullable=True),
        sa.Column("suspended_to", sa.Date(), nullable=True),
        sa.Column("eligibility", sa.Text(), nullable=False),
        sa.Column("submitted_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("rechecked_on", sa.Date(), nullable=True),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_prexam_entities_agency_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["prexam_centres.id"], name=op.f("fk_prexam_entities_centre_id_prexam_centres")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_prexam_entities_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prexam_entities")),
        sa.UniqueConstraint("centre_id", "uscc", name="uq_prexam_entities_uscc"),
    )
    with op.batch_alter_table("prexam_entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prexam_entities_centre_id"), ["centre_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_prexam_entities_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "prexam_inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=False),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("emailed_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("email_error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_prexam_inbox_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prexam_inbox")),
    )
    with op.batch_alter_table("prexam_inbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prexam_inbox_user_id"), ["user_id"], unique=False)

    op.create_table(
        "prexam_profile_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["prexam_centres.id"],
            name=op.f("fk_prexam_profile_versions_centre_id_prexam_centres"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prexam_profile_versions")),
        sa.UniqueConstraint("centre_id", "version", name="uq_prexam_profile_versions_version"),
    )
    with op.batch_alter_table("prexam_profile_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prexam_profile_versions_centre_id"), ["centre_id"], unique=False)

    op.create_table(
        "prexam_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=False),
        sa.Column("materials", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("aids_total", sa.Integer(), nullable=False),
        sa.Column("aids_done", sa.Integer(), nullable=False),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["prexam_centres.id"], name=op.f("fk_prexam_batches_centre_id_prexam_centres")
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["prexam_entities.id"], name=op.f("fk_prexam_batches_entity_id_prexam_entities")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_prexam_batches_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prexam_batches")),
        sa.UniqueConstraint("number", name=op.f("uq_prexam_batches_number")),
    )
    with op.batch_alter_table("prexam_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prexam_batches_centre_id"), ["centre_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_prexam_batches_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "prexam_quota_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("extra", sa.Integer(), nullable=False),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["prexam_entities.id"],
            name=op.f("fk_prexam_quota_requests_entity_id_prexam_entities"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_prexam_quota_requests_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prexam_quota_requests")),
    )
    with op.batch_alter_table("prexam_quota_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prexam_quota_requests_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index("ix_prexam_quota_requests_year", ["entity_id", "year"], unique=False)

    op.create_table(
        "prexam_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("agency_organisation_id", sa.Integer(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("patent_type", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("applicants", sa.Text(), nullable=False),
        sa.Column("inventors", sa.Text(), nullable=False),
        sa.Column("main_class", sa.String(length=40), nullable=False),
        sa.Column("other_classes", sa.Text(), nullable=False),
        sa.Column("declared_field", sa.String(length=100), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("intake", sa.Text(), nullable=False),
        sa.Column("assigned_examiner_id", sa.Integer(), nullable=True),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("review_due", sa.Date(), nullable=True),
        sa.Column("response_due", sa.Date(), nullable=True),
        sa.Column("concluded_on", sa.Date(), nullable=True),
        sa.Column("reason_code", sa.String(length=40), nullable=False),
        sa.Column("reason_text", sa.Text(), nullable=False),
        sa.Column("filing_due", sa.Date(), nullable=True),
        sa.Column("cnipa_application_number", sa.String(length=20), nullable=True),
        sa.Column("filing_date", sa.Date(), nullable=True),
        sa.Column("filed_late", sa.Boolean(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("cnipa_outcome", sa.String(length=20), nullable=False),
        sa.Column("cnipa_concluded_on", sa.Date(), nullable=True),
        sa.Column("created_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_prexam_cases_agency_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["assigned_examiner_id"], ["users.id"], name=op.f("fk_prexam_cases_assigned_examiner_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["prexam_batches.id"], name=op.f("fk_prexam_cases_batch_id_prexam_batches")
        ),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["prexam_centres.id"], name=op.f("fk_prexam_cases_centre_id_prexam_centres")
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["prexam_entities.id"], name=op.f("fk_prexam_cases_entity_id_prexam_entities")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_prexam_cases_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prexam_cases")),
        sa.UniqueConstraint(
            "cnipa_application_number", name=op.f("uq_prexam_cases_cnipa_application_number")
        ),
        sa.UniqueConstraint("number", name=op.f("uq_prexam_cases_number")),
    )
    with op.batch_alter_table("prexam_cases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prexam_cases_agency_organisation_id"), ["agency_organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_prexam_cases_assigned_examiner_id"), ["assigned_examiner_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_prexam_cases_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_prexam_cases_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_prexam_cases_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index("ix_prexam_cases_queue", ["centre_id", "state"], unique=False)

    op.create_table(
        "prexam_aids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("signed_by", sa.Integer(), nullable=True),
        sa.Column("signed_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["prexam_cases.id"], name=op.f("fk_prexam_aids_case_id_prexam_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prexam_aids")),
        sa.UniqueConstraint("case_id", "kind", "round", name="uq_prexam_aids_kind"),
    )
    with op.batch_alter_table("prexam_aids", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prexam_aids_case_id"), ["case_id"], unique=False)

    op.create_table(
        "prexam_case_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("from_state", sa.String(length=30), nullable=False),
        sa.Column("to_state", sa.String(length=30), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["prexam_cases.id"], name=op.f("fk_prexam_case_events_case_id_prexam_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prexam_case_events")),
    )
    with op.batch_alter_table("prexam_case_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prexam_case_events_case_id"), ["case_id"], unique=False)

    op.create_table(
        "prexam_cnipa_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["prexam_cases.id"], name=op.f("fk_prexam_cnipa_events_case_id_prexam_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prexam_cnipa_events")),
    )
    with op.batch_alter_table("prexam_cnipa_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prexam_cnipa_events_case_id"), ["case_id"], unique=False)

    op.create_table(
        "prexam_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["prexam_cases.id"], name=op.f("fk_prexam_documents_case_id_prexam_cases")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_prexam_documents_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prexam_documents")),
    )
    with op.batch_alter_table("prexam_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prexam_documents_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_prexam_documents_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "prexam_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["prexam_cases.id"], name=op.f("fk_prexam_notices_case_id_prexam_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prexam_notices")),
    )
    with op.batch_alter_table("prexam_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prexam_notices_case_id"), ["case_id"], unique=False)

    op.create_table(
        "prexam_opinions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("defects", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("sent_by", sa.Integer(), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("response_due", sa.Date(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["prexam_cases.id"], name=op.f("fk_prexam_opinions_case_id_prexam_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prexam_opinions")),
        sa.UniqueConstraint("case_id", "round", name="uq_prexam_opinions_round"),
    )
    with op.batch_alter_table("prexam_opinions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prexam_opinions_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("prexam_opinions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prexam_opinions_case_id"))

    op.drop_table("prexam_opinions")
    with op.batch_alter_table("prexam_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prexam_notices_case_id"))

    op.drop_table("prexam_notices")
    with op.batch_alter_table("prexam_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prexam_documents_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_prexam_documents_case_id"))

    op.drop_table("prexam_documents")
    with op.batch_alter_table("prexam_cnipa_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prexam_cnipa_events_case_id"))

    op.drop_table("prexam_cnipa_events")
    with op.batch_alter_table("prexam_case_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prexam_case_events_case_id"))

    op.drop_table("prexam_case_events")
    with op.batch_alter_table("prexam_aids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prexam_aids_case_id"))

    op.drop_table("prexam_aids")
    with op.batch_alter_table("prexam_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_prexam_cases_queue")
        batch_op.drop_index(batch_op.f("ix_prexam_cases_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_prexam_cases_entity_id"))
        batch_op.drop_index(batch_op.f("ix_prexam_cases_batch_id"))
        batch_op.drop_index(batch_op.f("ix_prexam_cases_assigned_examiner_id"))
        batch_op.drop_index(batch_op.f("ix_prexam_cases_agency_organisation_id"))

    op.drop_table("prexam_cases")
    with op.batch_alter_table("prexam_quota_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_prexam_quota_requests_year")
        batch_op.drop_index(batch_op.f("ix_prexam_quota_requests_organisation_id"))

    op.drop_table("prexam_quota_requests")
    with op.batch_alter_table("prexam_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prexam_batches_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_prexam_batches_centre_id"))

    op.drop_table("prexam_batches")
    with op.batch_alter_table("prexam_profile_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prexam_profile_versions_centre_id"))

    op.drop_table("prexam_profile_versions")
    with op.batch_alter_table("prexam_inbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prexam_inbox_user_id"))

    op.drop_table("prexam_inbox")
    with op.batch_alter_table("prexam_entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prexam_entities_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_prexam_entities_centre_id"))

    op.drop_table("prexam_entities")
    with op.batch_alter_table("prexam_agencies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prexam_agencies_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_prexam_agencies_centre_id"))

    op.drop_table("prexam_agencies")
    op.drop_table("prexam_centres")
