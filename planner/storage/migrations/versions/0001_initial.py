"""Initial schema: offices, users, plans with revisions, audit log, office catalogue.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "offices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offices")),
        sa.UniqueConstraint("name", name=op.f("uq_offices_name")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.CheckConstraint("role IN ('veileder', 'fagansvarlig')", name=op.f("ck_users_role")),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_users_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("subject", "office_id", name=op.f("uq_users_subject_office_id")),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("latest_revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_plans_office_id_offices")),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_plans_owner_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    )
    op.create_index(op.f("ix_plans_office_id_archived"), "plans", ["office_id", "archived"])
    op.create_index(op.f("ix_plans_owner_id"), "plans", ["owner_id"])
    op.create_table(
        "plan_revisions",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("plan_json", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("restored_from", sa.Integer(), nullable=True),
        sa.Column("participant_label", sa.String(length=40), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("next_evaluation", sa.Date(), nullable=True),
        sa.Column("period_dates", sa.Text(), nullable=False),
        sa.Column("evaluation_dates", sa.Text(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=True),
        sa.Column("warning_count", sa.Integer(), nullable=True),
        sa.CheckConstraint("number >= 1", name=op.f("ck_plan_revisions_number_positive")),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_plan_revisions_author_id_users")),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_plan_revisions_plan_id_plans")),
        sa.PrimaryKeyConstraint("plan_id", "number", name=op.f("pk_plan_revisions")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=True),
        sa.Column("measure_id", sa.String(length=200), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_audit_log_office_id_offices")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_office_id_at"), "audit_log", ["office_id", "at"])
    op.create_index(op.f("ix_audit_log_plan_id"), "audit_log", ["plan_id"])
    op.create_table(
        "catalogue_measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("group_name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.String(length=300), nullable=False),
        sa.Column("provider", sa.String(length=300), nullable=False),
        sa.Column("hours_per_week", sa.String(length=40), nullable=True),
        sa.Column("duration", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('proposed', 'published', 'retired')", name=op.f("ck_catalogue_measures_status")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_catalogue_measures_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_measures")),
        sa.UniqueConstraint("office_id", "measure_id", name=op.f("uq_catalogue_measures_office_id_measure_id")),
    )
    op.create_table(
        "catalogue_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("before_json", sa.Text(), nullable=True),
        sa.Column("after_json", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_catalogue_changes_office_id_offices")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_catalogue_changes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_changes")),
    )
    op.create_index(
        op.f("ix_catalogue_changes_office_id_measure_id"), "catalogue_changes", ["office_id", "measure_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_catalogue_changes_office_id_measure_id"), table_name="catalogue_changes")
    op.drop_table("catalogue_changes")
    op.drop_table("catalogue_measures")
    op.drop_index(op.f("ix_audit_log_plan_id"), table_name="audit_log")
    op.drop_index(op.f("ix_audit_log_office_id_at"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("plan_revisions")
    op.drop_index(op.f("ix_plans_owner_id"), table_name="plans")
    op.drop_index(op.f("ix_plans_office_id_archived"), table_name="plans")
    op.drop_table("plans")
    op.drop_table("users")
    op.drop_table("offices")
