"""The values the storage API takes and returns: actors, revisions, caseload rows, errors.

Plain frozen dataclasses, no SQLAlchemy: the app and the command line use these and never see a
database row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING

from planner.model import Plan

if TYPE_CHECKING:
    from planner.revision_diff import PlanDiff


class Role(str, Enum):
    VEILEDER = "veileder"
    FAGANSVARLIG = "fagansvarlig"


ROLE_LABELS_NB = {Role.VEILEDER: "Veileder", Role.FAGANSVARLIG: "Fagansvarlig"}


@dataclass(frozen=True)
class Actor:
    """Who is asking. Every storage call takes one; built by `Store.ensure_actor` at sign-in."""

    user_id: int
    office_id: int
    role: Role

    @property
    def is_fagansvarlig(self) -> bool:
        return self.role is Role.FAGANSVARLIG


class Action(str, Enum):
    """What the audit log records. Never the plan's contents."""

    READ = "read"
    LIST = "list"  # the caseload (labels, dates and counts of many plans)
    CREATE = "create"
    SAVE = "save"
    RESTORE = "restore"
    EXPORT = "export"
    ARCHIVE = "archive"
    CATALOGUE_PROPOSE = "catalogue_propose"
    CATALOGUE_EDIT = "catalogue_edit"
    CATALOGUE_PUBLISH = "catalogue_publish"
    CATALOGUE_REJECT = "catalogue_reject"
    CATALOGUE_RETIRE = "catalogue_retire"
    CATALOGUE_IMPORT = "catalogue_import"
    CATALOGUE_EXPORT = "catalogue_export"


# -- errors ------------------------------------------------------------------------------------


class StorageError(Exception):
    """Base of the storage errors; the message is Norwegian and fit to show a veileder."""


class NotFound(StorageError, LookupError):
    """No such plan, revision or measure *for this actor*: another office's plan is "not found",
    never "forbidden", so its existence does not leak."""


class PermissionDenied(StorageError):
    """The actor's role may not do this (e.g. a veileder publishing a measure, viewing the audit log)."""


class ConflictError(StorageError):
    """Someone saved after the version this change was based on. Nothing was written.

    `latest` is the newest revision, `latest_plan` its content; `diff` is what saving would change
    compared to the newest revision (newest → yours), `theirs` what the others changed since the
    base revision (base → newest; None for a catalogue conflict or when the base is unknown).
    """

    def __init__(
        self,
        message: str,
        *,
        base_revision: int | None,
        latest: "Revision | None" = None,
        latest_plan: Plan | None = None,
        diff: "PlanDiff | None" = None,
        theirs: "PlanDiff | None" = None,
    ):
        super().__init__(message)
        self.base_revision = base_revision
        self.latest = latest
        self.latest_plan = latest_plan
        self.diff = diff
        self.theirs = theirs


# -- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Revision:
    plan_id: str
    number: int
    author_id: int
    author_name: str
    created_at: datetime  # UTC, aware
    comment: str
    restored_from: int | None
    participant_label: str
    start_date: date | None
    end_date: date | None
    period_start: date | None  # as of the save
    period_end: date | None
    next_evaluation: date | None  # as of the save
    error_count: int | None  # None: the rules were not available when it was saved
    warning_count: int | None


@dataclass(frozen=True)
class StoredPlan:
    plan_id: str
    label: str
    office_id: int
    owner_id: int
    archived: bool
    latest_revision: int  # pass this as base_revision when saving an edit of this plan
    revision: Revision  # the revision loaded (the latest unless another was asked for)
    plan: Plan
    json: str  # exactly what was saved: dumps_plan(plan)


@dataclass(frozen=True)
class CaseloadRow:
    plan_id: str
    label: str
    participant_label: str
    owner_id: int
    owner_name: str
    mine: bool
    archived: bool
    latest_revision: int
    updated_at: datetime
    updated_by: str
    start_date: date | None
    end_date: date | None
    period_start: date | None  # the period `today` falls in (before start: the first; after: the last)
    period_end: date | None
    next_evaluation: date | None  # the first evaluation on or after `today`
    error_count: int | None
    warning_count: int | None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    user_id: int
    user_name: str
    office_id: int
    action: str
    plan_id: str | None
    measure_id: str | None
    detail: str


def parse_plan_id(plan_id: str | uuid.UUID) -> uuid.UUID:
    """A plan id as a UUID; anything else is NotFound (never a crash on a bad URL parameter)."""
    if isinstance(plan_id, uuid.UUID):
        return plan_id
    try:
        return uuid.UUID(str(plan_id).strip())
    except (ValueError, AttributeError, TypeError):
        raise NotFound(f"Fant ingen plan med id «{plan_id}».") from None
