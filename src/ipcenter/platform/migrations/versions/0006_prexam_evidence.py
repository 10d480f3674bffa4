"""prexam evidence files of registrations

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import ipcenter.platform.database

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prexam_evidence_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", ipcenter.platform.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["prexam_entities.id"],
            name=op.f("fk_prexam_evidence_files_entity_id_prexam_entities"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_prexam_evidence_files_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prexam_evidence_files")),
    )
    with op.batch_alter_table("prexam_evidence_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prexam_evidence_files_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_prexam_evidence_files_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("prexam_evidence_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prexam_evidence_files_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_prexam_evidence_files_entity_id"))

    op.drop_table("prexam_evidence_files")
