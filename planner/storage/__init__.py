"""Saved plans with history, offices and users, the audit log, and the office catalogue.

    from planner.storage import open_store, Role

    store = open_store()                 # $DATABASE_URL, else data/kvp.sqlite; migrated to head
    actor = store.local_actor()          # or store.ensure_actor(sub, name, office, Role.VEILEDER)
    rev = store.save_plan(actor, plan, base_revision=None)            # new plan, revision 1
    stored = store.load_plan(actor, rev.plan_id)
    store.save_plan(actor, edited, plan_id=rev.plan_id, base_revision=stored.latest_revision)
    rows = store.caseload(actor, search="KN")
    store.catalogue.preview_import(actor, data, "tiltak.xlsx")

See docs/storage.md for the schema, the migrations, the access model and the personal data kept.
"""

from planner.revision_diff import PlanDiff, diff_plans
from planner.storage.catalogue_store import (
    CatalogueChange,
    CatalogueStore,
    ImportPreview,
    ImportRejected,
    ImportRow,
    InvalidMeasure,
    LocalMeasure,
    MeasureStatus,
    RowStatus,
    export_rows,
    neutralise_cell,
)
from planner.storage.db import DEFAULT_SQLITE_PATH, create_db_engine, database_url, migrate
from planner.storage.privacy import PersonalDataError, looks_like_national_id
from planner.storage.store import CASELOAD_SORTS, LOCAL_OFFICE, LOCAL_SUBJECT, Store, local_actor, open_store
from planner.storage.types import (
    Action,
    Actor,
    AuditEntry,
    CaseloadRow,
    ConflictError,
    NotFound,
    PermissionDenied,
    Revision,
    Role,
    StorageError,
    StoredPlan,
)

__all__ = [
    "Action",
    "Actor",
    "AuditEntry",
    "CASELOAD_SORTS",
    "CaseloadRow",
    "CatalogueChange",
    "CatalogueStore",
    "ConflictError",
    "DEFAULT_SQLITE_PATH",
    "ImportPreview",
    "ImportRejected",
    "ImportRow",
    "InvalidMeasure",
    "LOCAL_OFFICE",
    "LOCAL_SUBJECT",
    "LocalMeasure",
    "MeasureStatus",
    "NotFound",
    "PermissionDenied",
    "PersonalDataError",
    "PlanDiff",
    "Revision",
    "Role",
    "RowStatus",
    "StorageError",
    "Store",
    "StoredPlan",
    "create_db_engine",
    "database_url",
    "diff_plans",
    "export_rows",
    "local_actor",
    "looks_like_national_id",
    "migrate",
    "neutralise_cell",
    "open_store",
]
