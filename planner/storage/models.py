"""The database tables, as SQLAlchemy 2 typed declarative models.

The schema itself is created and changed only by the Alembic migrations in `migrations/versions/`
(never by `create_all` in a production path); these classes must match the latest migration.
`tests/storage/test_migrations.py` checks that they do. See docs/storage.md.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so that migrations can refer to them on every database.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Office(Base):
    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("subject", "office_id"),
        CheckConstraint("role IN ('veileder', 'fagansvarlig')", name="role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[str] = mapped_column(String(255))  # OIDC "sub", or "lokal" in single-user mode
    display_name: Mapped[str] = mapped_column(String(200))
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    role: Mapped[str] = mapped_column(String(20))  # "veileder" | "fagansvarlig"


class PlanRow(Base):
    __tablename__ = "plans"
    __table_args__ = (Index(None, "office_id", "archived"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    label: Mapped[str] = mapped_column(String(40))  # pseudonymous display label, e.g. initials
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    # The number of the newest revision: the compare-and-swap target of save_plan (no silent overwrite).
    latest_revision: Mapped[int] = mapped_column(Integer)


class RevisionRow(Base):
    __tablename__ = "plan_revisions"
    __table_args__ = (CheckConstraint("number >= 1", name="number_positive"),)

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("plans.id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)  # 1..n, no holes
    plan_json: Mapped[str] = mapped_column(Text)  # dumps_plan(plan), the whole plan file
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str] = mapped_column(Text, default="")
    restored_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Denormalised summary for the caseload page, computed at save (see summary.py):
    participant_label: Mapped[str] = mapped_column(String(40))
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    period_start: Mapped[date | None] = mapped_column(Date, nullable=True)  # current period at save
    period_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    next_evaluation: Mapped[date | None] = mapped_column(Date, nullable=True)  # first one on/after save
    # Compact date lists so "current period" and "next evaluation" can be recomputed for today
    # without parsing the plan: "2026-03-02/2027-02-28;…" and "2026-06-01;…".
    period_dates: Mapped[str] = mapped_column(Text, default="")
    evaluation_dates: Mapped[str] = mapped_column(Text, default="")
    error_count: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: rules not available
    warning_count: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "office_id", "at"), Index(None, "plan_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    action: Mapped[str] = mapped_column(String(40))
    plan_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    measure_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")  # never plan contents or personal data


class MeasureRow(Base):
    """An office's local measure (kreativ dugnad). The national catalogue stays a file in the repo.

    The columns are the fields of `planner.catalogue.Measure` (its `office` is the office's name).
    """

    __tablename__ = "catalogue_measures"
    __table_args__ = (
        UniqueConstraint("office_id", "measure_id"),
        CheckConstraint("status IN ('proposed', 'published', 'retired')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    measure_id: Mapped[str] = mapped_column(String(200))  # the catalogue's `id` column
    name: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(40))  # required: the rules reason about it
    group: Mapped[str] = mapped_column("group_name", String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(String(300), default="")
    provider: Mapped[str] = mapped_column(String(300), default="")
    hours_per_week: Mapped[str | None] = mapped_column(String(40), nullable=True)  # exact decimal as text
    duration: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20))  # "proposed" | "published" | "retired"
    version: Mapped[int] = mapped_column(Integer)  # 1, +1 on every change (optimistic locking)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CatalogueChangeRow(Base):
    __tablename__ = "catalogue_changes"
    __table_args__ = (Index(None, "office_id", "measure_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    measure_id: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(40))  # propose, edit, publish, retire, import, reject
    before_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    after_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
