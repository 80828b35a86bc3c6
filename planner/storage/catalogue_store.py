"""The office's own catalogue of measures (kreativ dugnad), on top of `planner.catalogue`.

The national catalogue stays the file `catalogue/tiltak.csv`; each office keeps its local
measures in the database, with a status and a history of every change:

    proposed  --publish (fagansvarlig)-->  published  --retire (fagansvarlig)-->  retired
        \\--reject (fagansvarlig)--> retired              ^--publish again--/

A veileder may propose a measure and edit their office's proposals; a fagansvarlig may also add
measures directly, edit published ones, publish, reject and retire. A measure always has a
category, so the rules keep working on plans built from it. Local ids never reuse a national id.

Import of a whole file (CSV or XLSX, what `planner.catalogue.parse_catalogue` reads) is two steps:
`preview_import` shows row by row what would be added, changed (which fields), unchanged or
rejected (with the Norwegian error) and writes nothing; `apply_import` stores a preview in one
transaction, all or nothing, and refuses a preview with a rejected row or one made stale by a
change since. Measures in the database but not in the file are left as they are.

Export (`export_catalogue`) writes CSV for Norwegian Excel or XLSX, with spreadsheet formula
injection neutralised (see `neutralise_cell`).
"""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import TYPE_CHECKING, Any, Iterable, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner import catalogue as cat
from planner.catalogue import (
    HEADERS,
    MAX_FILE_BYTES,
    Catalogue,
    Measure,
    catalogue_to_rows,
    load_national_catalogue,
    measure_to_row,
    parse_catalogue,
    fold,
    parse_category,
    read_rows,
)
from planner.model import Category
from planner.storage.models import CatalogueChangeRow, MeasureRow, Office, User
from planner.storage.types import Action, Actor, ConflictError, NotFound, PermissionDenied, Role, StorageError

if TYPE_CHECKING:
    from planner.storage.store import Store

log = logging.getLogger(__name__)

#: Largest catalogue file accepted for import: the catalogue module's own limit.
MAX_IMPORT_BYTES = MAX_FILE_BYTES

#: Norwegian column names for messages, by catalogue header.
COLUMN_LABELS_NB: dict[str, str] = {
    "id": "id",
    "navn": "navn",
    "kategori": "kategori",
    "gruppe": "gruppe",
    "beskrivelse": "beskrivelse",
    "hjemmel": "hjemmel",
    "arrangor": "arrangør",
    "timer_per_uke": "timer per uke",
    "varighet": "varighet",
    "merknad": "merknad",
    "kilde": "kilde",
    "kontor": "kontor",
    "gyldig_fra": "gyldig fra",
    "gyldig_til": "gyldig til",
    "status": "status",
}

#: Columns holding numbers: kept as numbers in an export (a negative number is not a formula).
NUMERIC_COLUMNS = frozenset({"timer_per_uke"})
DATE_COLUMNS = frozenset({"gyldig_fra", "gyldig_til"})


class MeasureStatus(str, Enum):
    PROPOSED = "proposed"
    PUBLISHED = "published"
    RETIRED = "retired"


STATUS_LABELS_NB = {
    MeasureStatus.PROPOSED: "Forslag",
    MeasureStatus.PUBLISHED: "Publisert",
    MeasureStatus.RETIRED: "Trukket tilbake",
}


class ImportRejected(StorageError):
    """A preview with rejected rows or file errors cannot be applied; nothing was saved."""


class InvalidMeasure(StorageError):
    """A measure failed the catalogue's checks. `problems` are Norwegian, one per field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class LocalMeasure:
    measure: Measure  # `office` is the office's name
    status: MeasureStatus
    version: int
    updated_at: datetime

    @property
    def id(self) -> str:
        return self.measure.id


@dataclass(frozen=True)
class CatalogueChange:
    measure_id: str
    user_id: int
    user_name: str
    at: datetime
    action: str  # propose, add, edit, publish, reject, retire, import
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    comment: str


class RowStatus(str, Enum):
    ADDED = "added"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


ROW_STATUS_LABELS_NB = {
    RowStatus.ADDED: "Nytt",
    RowStatus.CHANGED: "Endret",
    RowStatus.UNCHANGED: "Uendret",
    RowStatus.REJECTED: "Avvist",
}


@dataclass(frozen=True)
class FieldChange:
    column: str  # catalogue header, e.g. "timer_per_uke"
    label: str  # Norwegian
    old: str
    new: str


@dataclass(frozen=True)
class ImportRow:
    row: int | None  # as Excel shows it (header = 1); None if it could not be told
    measure_id: str
    name: str
    status: RowStatus
    changes: tuple[FieldChange, ...] = ()
    errors: tuple[str, ...] = ()  # Norwegian, for a rejected row
    measure: Measure | None = None  # what would be stored (office = the office's name)
    base_version: int | None = None  # version of the stored measure the change is based on


@dataclass(frozen=True)
class ImportPreview:
    office_id: int
    office_name: str
    filename: str
    rows: tuple[ImportRow, ...]
    file_errors: tuple[str, ...] = ()  # the file as a whole (unreadable, headers): nothing can be imported
    warnings: tuple[str, ...] = ()
    not_in_file: tuple[str, ...] = ()  # ids stored for the office but absent from the file: kept
    checked_rows: bool = True  # False: rows next to an error could not be classified
    unreadable: bool = False  # not a spreadsheet at all, too big, empty (the command line exits 2)

    def _with(self, status: RowStatus) -> tuple[ImportRow, ...]:
        return tuple(r for r in self.rows if r.status is status)

    @property
    def added(self) -> tuple[ImportRow, ...]:
        return self._with(RowStatus.ADDED)

    @property
    def changed(self) -> tuple[ImportRow, ...]:
        return self._with(RowStatus.CHANGED)

    @property
    def unchanged(self) -> tuple[ImportRow, ...]:
        return self._with(RowStatus.UNCHANGED)

    @property
    def rejected(self) -> tuple[ImportRow, ...]:
        return self._with(RowStatus.REJECTED)

    @property
    def ok(self) -> bool:
        """True when the file can be imported (it may still change nothing)."""
        return not self.file_errors and not self.rejected

    def summary(self) -> str:
        if self.file_errors:
            return "Filen kan ikke leses inn: " + " ".join(self.file_errors)
        text = (
            f"{len(self.added)} nye, {len(self.changed)} endret, {len(self.unchanged)} uendret, "
            f"{len(self.rejected)} avvist."
        )
        if self.rejected:
            text += " Ingenting blir lagret før de avviste radene er rettet."
        return text


# -- formula injection ---------------------------------------------------------------------------

#: A cell whose text begins with one of these is run as a formula by Excel, LibreOffice and Google
#: Sheets ("=HYPERLINK(...)", "+1", "-2+3", "@SUM(...)"); a tab or carriage return in front can
#: hide one. Such a cell gets a leading apostrophe, which the spreadsheet shows as text and never
#: evaluates. Numbers in numeric columns (timer per uke) are written as numbers and left alone,
#: so "-2" there stays the number −2. OWASP, "CSV Injection".
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any, *, numeric: bool = False) -> Any:
    """The value made safe for a spreadsheet cell (see FORMULA_TRIGGERS)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, (int, float, Decimal)):
        return value if numeric else neutralise_cell(str(value))
    if isinstance(value, (date, datetime)):
        return value
    text = str(value)
    if numeric and _as_number(text) is not None:
        return _as_number(text)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def _as_number(text: str) -> Decimal | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _unneutralise(text: str) -> str:
    """The inverse for import: our own export's "'=…" reads back as "=…", so a round trip is unchanged."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text


_TEXT_FIELDS = ("name", "group", "description", "legal_basis", "provider", "duration", "note", "source")


def _clean_measure(measure: Measure, office_name: str) -> Measure:
    changes = {name: _unneutralise(getattr(measure, name)) for name in _TEXT_FIELDS}
    return replace(measure, office=office_name, **changes)


# -- rows -----------------------------------------------------------------------------------------


def _compare(old: Measure, new: Measure, old_status: MeasureStatus) -> tuple[FieldChange, ...]:
    before, after = measure_to_row(old), measure_to_row(new)
    changes = [
        FieldChange(column, COLUMN_LABELS_NB.get(column, column), before[column], after[column])
        for column in HEADERS
        if column != "kontor" and before[column] != after[column]
    ]
    if old_status is not MeasureStatus.PUBLISHED:
        changes.append(
            FieldChange("status", "status", STATUS_LABELS_NB[old_status], STATUS_LABELS_NB[MeasureStatus.PUBLISHED])
        )
    return tuple(changes)


def _to_measure(row: MeasureRow, office_name: str) -> Measure:
    return Measure(
        id=row.measure_id,
        name=row.name,
        category=Category(row.category),
        group=row.group,
        description=row.description,
        legal_basis=row.legal_basis,
        provider=row.provider,
        hours_per_week=Decimal(row.hours_per_week) if row.hours_per_week not in (None, "") else None,
        duration=row.duration,
        note=row.note,
        source=row.source,
        office=office_name,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
    )


def _fill_row(row: MeasureRow, measure: Measure) -> None:
    row.measure_id = measure.id
    row.name = measure.name
    row.category = Category(measure.category).value
    row.group = measure.group
    row.description = measure.description
    row.legal_basis = measure.legal_basis
    row.provider = measure.provider
    row.hours_per_week = cat.format_decimal(measure.hours_per_week) if measure.hours_per_week is not None else None
    row.duration = measure.duration
    row.note = measure.note
    row.source = measure.source
    row.valid_from = measure.valid_from
    row.valid_to = measure.valid_to


def _snapshot(row: MeasureRow, office_name: str) -> dict[str, Any]:
    data: dict[str, Any] = dict(measure_to_row(_to_measure(row, office_name)))
    data["status"] = row.status
    data["version"] = row.version
    return data


def _problem_text(problem: cat.CatalogueProblem) -> str:
    if problem.column:
        return f"{COLUMN_LABELS_NB.get(problem.column, problem.column).capitalize()}: {problem.message}"
    return problem.message


# -- the store ------------------------------------------------------------------------------------


class CatalogueStore:
    """`store.catalogue`: the office catalogue. Shares the Store's engine, actors and audit log."""

    def __init__(self, store: "Store"):
        self.store = store

    # -- reading --------------------------------------------------------------------------------

    def _office_name(self, session: Session, office_id: int) -> str:
        office = session.get(Office, office_id)
        if office is None:
            raise NotFound(f"Fant ikke kontor {office_id}.")
        return office.name

    def _row(self, session: Session, actor: Actor, measure_id: str) -> MeasureRow:
        row = session.scalars(
            select(MeasureRow).where(MeasureRow.office_id == actor.office_id, MeasureRow.measure_id == measure_id)
        ).one_or_none()
        if row is None:
            raise NotFound(f"Kontoret har ikke noe eget tiltak med id «{measure_id}».")
        return row

    def list_measures(
        self, actor: Actor, statuses: Iterable[MeasureStatus | str] | None = None
    ) -> list[LocalMeasure]:
        """The office's own measures (all statuses unless given), by name."""
        wanted = {MeasureStatus(s).value for s in statuses} if statuses is not None else None
        with self.store.transaction() as session:
            self.store._check_actor(session, actor)
            office_name = self._office_name(session, actor.office_id)
            query = select(MeasureRow).where(MeasureRow.office_id == actor.office_id)
            if wanted is not None:
                query = query.where(MeasureRow.status.in_(wanted))
            rows = session.scalars(query).all()
            out = [self._local(row, office_name) for row in rows]
        return sorted(out, key=lambda m: (m.measure.name.casefold(), m.id))

    def get_measure(self, actor: Actor, measure_id: str) -> LocalMeasure:
        with self.store.transaction() as session:
            self.store._check_actor(session, actor)
            return self._local(self._row(session, actor, measure_id), self._office_name(session, actor.office_id))

    def _local(self, row: MeasureRow, office_name: str) -> LocalMeasure:
        from planner.storage.store import aware

        return LocalMeasure(_to_measure(row, office_name), MeasureStatus(row.status), row.version, aware(row.updated_at))

    def history(self, actor: Actor, measure_id: str | None = None, limit: int = 500) -> list[CatalogueChange]:
        """The office catalogue's changes, newest first (one measure's, if given)."""
        from planner.storage.store import aware

        with self.store.transaction() as session:
            self.store._check_actor(session, actor)
            query = (
                select(CatalogueChangeRow, User.display_name)
                .join(User, User.id == CatalogueChangeRow.user_id)
                .where(CatalogueChangeRow.office_id == actor.office_id)
            )
            if measure_id is not None:
                query = query.where(CatalogueChangeRow.measure_id == measure_id)
            query = query.order_by(CatalogueChangeRow.at.desc(), CatalogueChangeRow.id.desc()).limit(limit)
            return [
                CatalogueChange(
                    measure_id=row.measure_id,
                    user_id=row.user_id,
                    user_name=name,
                    at=aware(row.at),
                    action=row.action,
                    before=json.loads(row.before_json) if row.before_json else None,
                    after=json.loads(row.after_json) if row.after_json else None,
                    comment=row.comment,
                )
                for row, name in session.execute(query).all()
            ]

    def merged_catalogue(
        self, actor: Actor, *, include_proposed: bool = False, national: Catalogue | None = None
    ) -> Catalogue:
        """The national catalogue followed by the office's published measures (each with
        `office` set to the office's name, so the app can mark them). With `include_proposed`,
        proposals too (for the dugnad page). A local id that the national catalogue has taken
        since is left out (and logged)."""
        national = national if national is not None else load_national_catalogue()
        statuses = [MeasureStatus.PUBLISHED] + ([MeasureStatus.PROPOSED] if include_proposed else [])
        local = self.list_measures(actor, statuses)
        measures = list(national.measures)
        for item in local:
            if item.id in national:
                log.warning("local measure %s shadows a national id; left out of the merged view", item.id)
                continue
            measures.append(item.measure)
        return Catalogue(tuple(measures))

    # -- single measures ------------------------------------------------------------------------

    def validate(self, measure: Measure, office_name: str = "", national: Catalogue | None = None) -> Measure:
        """The measure cleaned and checked with the catalogue file's own rules (same messages);
        raises InvalidMeasure. Category is required: the rules reason about it."""
        if isinstance(measure.category, str) and not isinstance(measure.category, Category):
            category = parse_category(measure.category)
            if category is None:
                raise InvalidMeasure([f"Kategori: ukjent kategori «{measure.category}»."])
            measure = replace(measure, category=category)
        rows = catalogue_to_rows([replace(measure, office=office_name)])
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(HEADERS), delimiter=";", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        result = parse_catalogue(buffer.getvalue().encode("utf-8"), "tiltak.csv")
        if not result.ok:
            raise InvalidMeasure([_problem_text(p) for p in result.errors])
        checked = result.measures[0]
        national = national if national is not None else load_national_catalogue()
        if checked.id in national:
            raise InvalidMeasure([_national_clash(checked.id, office_name)])
        return replace(checked, office=office_name)

    def propose_measure(self, actor: Actor, measure: Measure, comment: str = "") -> LocalMeasure:
        """A new local measure, as a proposal for the fagansvarlig to review. Any role."""
        return self._create(actor, measure, MeasureStatus.PROPOSED, "propose", Action.CATALOGUE_PROPOSE, comment)

    def add_measure(self, actor: Actor, measure: Measure, comment: str = "") -> LocalMeasure:
        """A new local measure, published at once. Fagansvarlig only."""
        self._require_fagansvarlig(actor, "legge til tiltak direkte (en veileder kan foreslå)")
        return self._create(actor, measure, MeasureStatus.PUBLISHED, "add", Action.CATALOGUE_PUBLISH, comment)

    def _create(
        self, actor: Actor, measure: Measure, status: MeasureStatus, history_action: str, action: Action, comment: str
    ) -> LocalMeasure:
        office_name = self.store.office_name(actor.office_id)
        measure = self.validate(measure, office_name)
        now = self.store.now()
        with self.store.transaction() as session:
            self.store._check_actor(session, actor)
            if actor.role is not Role.FAGANSVARLIG and status is not MeasureStatus.PROPOSED:
                raise PermissionDenied("Bare fagansvarlig kan publisere tiltak.")
            exists = session.scalars(
                select(MeasureRow).where(MeasureRow.office_id == actor.office_id, MeasureRow.measure_id == measure.id)
            ).one_or_none()
            if exists is not None:
                raise StorageError(
                    f"Kontoret har allerede et tiltak med id «{measure.id}» ({STATUS_LABELS_NB[MeasureStatus(exists.status)].lower()}). "
                    "Velg en annen id, eller endre det som finnes."
                )
            row = MeasureRow(office_id=actor.office_id, status=status.value, version=1, updated_at=now)
            _fill_row(row, measure)
            session.add(row)
            session.flush()
            self._record(session, actor, row, history_action, None, _snapshot(row, office_name), comment, now)
            self.store._audit(session, actor, action, measure_id=measure.id, detail=history_action)
            return self._local(row, office_name)

    def edit_measure(self, actor: Actor, measure: Measure, *, base_version: int, comment: str = "") -> LocalMeasure:
        """Change a local measure (matched by id). A veileder may edit proposals only; a
        fagansvarlig any. `base_version` must be the stored version, else ConflictError."""
        office_name = self.store.office_name(actor.office_id)
        measure = self.validate(measure, office_name)
        now = self.store.now()
        with self.store.transaction() as session:
            self.store._check_actor(session, actor)
            row = self._row(session, actor, measure.id)
            if actor.role is not Role.FAGANSVARLIG and row.status != MeasureStatus.PROPOSED.value:
                raise PermissionDenied("En veileder kan bare endre forslag. Be fagansvarlig endre publiserte tiltak.")
            self._check_version(row, base_version)
            before = _snapshot(row, office_name)
            _fill_row(row, measure)
            row.version += 1
            row.updated_at = now
            self._record(session, actor, row, "edit", before, _snapshot(row, office_name), comment, now)
            self.store._audit(session, actor, Action.CATALOGUE_EDIT, measure_id=measure.id, detail=f"versjon {row.version}")
            return self._local(row, office_name)

    def publish_measure(self, actor: Actor, measure_id: str, *, base_version: int | None = None, comment: str = "") -> LocalMeasure:
        """Proposed or retired → published. Fagansvarlig only."""
        return self._set_status(actor, measure_id, MeasureStatus.PUBLISHED, "publish", Action.CATALOGUE_PUBLISH, base_version, comment)

    def reject_measure(self, actor: Actor, measure_id: str, comment: str = "", *, base_version: int | None = None) -> LocalMeasure:
        """A proposal turned down (kept, as retired, with the reason in the history). Fagansvarlig only."""
        return self._set_status(actor, measure_id, MeasureStatus.RETIRED, "reject", Action.CATALOGUE_REJECT, base_version, comment)

    def retire_measure(self, actor: Actor, measure_id: str, comment: str = "", *, base_version: int | None = None) -> LocalMeasure:
        """No longer offered in new plans (plans that use it keep it). Fagansvarlig only."""
        return self._set_status(actor, measure_id, MeasureStatus.RETIRED, "retire", Action.CATALOGUE_RETIRE, base_version, comment)

    def _set_status(
        self,
        actor: Actor,
        measure_id: str,
        status: MeasureStatus,
        history_action: str,
        action: Action,
        base_version: int | None,
        comment: str,
    ) -> LocalMeasure:
        self._require_fagansvarlig(actor, {"publish": "publisere", "reject": "avvise", "retire": "trekke tilbake"}[history_action] + " tiltak")
        now = self.store.now()
        with self.store.transaction() as session:
            self.store._check_actor(session, actor)
            office_name = self._office_name(session, actor.office_id)
            row = self._row(session, actor, measure_id)
            if base_version is not None:
                self._check_version(row, base_version)
            if history_action == "reject" and row.status != MeasureStatus.PROPOSED.value:
                raise StorageError("Bare forslag kan avvises; bruk «trekk tilbake» for et publisert tiltak.")
            if row.status == status.value:
                return self._local(row, office_name)
            before = _snapshot(row, office_name)
            row.status = status.value
            row.version += 1
            row.updated_at = now
            self._record(session, actor, row, history_action, before, _snapshot(row, office_name), comment, now)
            self.store._audit(session, actor, action, measure_id=measure_id, detail=history_action)
            return self._local(row, office_name)

    def _require_fagansvarlig(self, actor: Actor, what: str) -> None:
        if actor.role is not Role.FAGANSVARLIG:
            raise PermissionDenied(f"Bare fagansvarlig kan {what}.")

    def _check_version(self, row: MeasureRow, base_version: int) -> None:
        if row.version != base_version:
            raise ConflictError(
                f"Tiltaket «{row.name}» er endret av noen andre (versjon {row.version}, du startet fra "
                f"{base_version}). Ingenting er lagret; last inn på nytt.",
                base_revision=base_version,
            )

    def _record(
        self,
        session: Session,
        actor: Actor,
        row: MeasureRow,
        action: str,
        before: dict | None,
        after: dict | None,
        comment: str,
        now: datetime,
    ) -> None:
        session.add(
            CatalogueChangeRow(
                office_id=actor.office_id,
                measure_id=row.measure_id,
                user_id=actor.user_id,
                at=now,
                action=action,
                before_json=json.dumps(before, ensure_ascii=False) if before is not None else None,
                after_json=json.dumps(after, ensure_ascii=False) if after is not None else None,
                comment=comment.strip(),
            )
        )

    # -- import ---------------------------------------------------------------------------------

    def preview_import(
        self, actor: Actor, data: bytes, filename: str, *, today: date | None = None, national: Catalogue | None = None
    ) -> ImportPreview:
        """What importing this file into the actor's office would do, row by row. Writes nothing."""
        with self.store.transaction() as session:
            self.store._check_actor(session, actor)
            office_name = self._office_name(session, actor.office_id)
            stored = {
                row.measure_id: (self._local(row, office_name))
                for row in session.scalars(select(MeasureRow).where(MeasureRow.office_id == actor.office_id)).all()
            }
        base = dict(office_id=actor.office_id, office_name=office_name, filename=filename)
        if len(data) > MAX_IMPORT_BYTES:
            too_big = cat.check_size(len(data))
            return ImportPreview(
                rows=(),
                file_errors=tuple(str(p) for p in too_big.errors) if too_big else ("Filen er for stor.",),
                unreadable=True,
                **base,
            )
        result = parse_catalogue(data, filename, today=today)
        warnings = tuple(str(p) for p in result.warnings)
        file_errors = tuple(str(p) for p in result.errors if p.row is None or p.row == 1 or result.unreadable)
        if file_errors:
            return ImportPreview(rows=(), file_errors=file_errors, warnings=warnings, unreadable=result.unreadable, **base)

        national = national if national is not None else load_national_catalogue()
        rows: list[ImportRow] = []
        errors_by_row: dict[int, list[str]] = {}
        for problem in result.errors:
            assert problem.row is not None
            errors_by_row.setdefault(problem.row, []).append(_problem_text(problem))
        file_rows = read_rows(data, filename, result, today)
        good, classified = list(file_rows.measures), file_rows.complete
        seen: set[str] = set()
        for number, raw in good:
            measure = _clean_measure(raw, office_name)
            seen.add(measure.id)
            problems = []
            if raw.office and fold(raw.office) != fold(office_name):
                problems.append(f"Kontor: raden gjelder kontoret «{raw.office}», ikke «{office_name}».")
            if measure.id in national:
                problems.append(_national_clash(measure.id, office_name))
            if problems:
                rows.append(ImportRow(number, measure.id, measure.name, RowStatus.REJECTED, errors=tuple(problems)))
                continue
            current = stored.get(measure.id)
            if current is None:
                rows.append(ImportRow(number, measure.id, measure.name, RowStatus.ADDED, measure=measure))
                continue
            changes = _compare(current.measure, measure, current.status)
            status = RowStatus.CHANGED if changes else RowStatus.UNCHANGED
            rows.append(
                ImportRow(number, measure.id, measure.name, status, changes=changes, measure=measure, base_version=current.version)
            )
        ids = file_rows.typed if errors_by_row else {}
        for number, messages in errors_by_row.items():
            measure_id, name = ids.get(number, ("", ""))
            seen.add(measure_id)
            rows.append(ImportRow(number, measure_id, name, RowStatus.REJECTED, errors=tuple(messages)))
        rows.sort(key=lambda r: (r.row is None, r.row or 0))
        not_in_file = tuple(sorted(i for i, m in stored.items() if i not in seen and m.status is not MeasureStatus.RETIRED))
        return ImportPreview(
            rows=tuple(rows), warnings=warnings, not_in_file=not_in_file, checked_rows=classified, **base
        )

    def apply_import(self, actor: Actor, preview: ImportPreview, comment: str = "") -> ImportPreview:
        """Store a preview's added and changed rows (published), in one transaction: all or
        nothing. Fagansvarlig only. Raises ImportRejected for a preview with errors, and
        ConflictError when the office catalogue changed since the preview (preview again)."""
        self._require_fagansvarlig(actor, "lese inn en katalogfil")
        if preview.office_id != actor.office_id:
            raise NotFound("Forhåndsvisningen gjelder et annet kontor.")
        if not preview.ok:
            raise ImportRejected(preview.summary())
        now = self.store.now()
        with self.store.transaction() as session:
            self.store._check_actor(session, actor)
            office_name = self._office_name(session, actor.office_id)
            for item in preview.rows:
                if item.status not in (RowStatus.ADDED, RowStatus.CHANGED):
                    continue
                assert item.measure is not None
                row = session.scalars(
                    select(MeasureRow).where(MeasureRow.office_id == actor.office_id, MeasureRow.measure_id == item.measure_id)
                ).one_or_none()
                if item.status is RowStatus.ADDED:
                    if row is not None:
                        raise ConflictError(
                            f"Tiltaket «{item.measure_id}» er lagt til av noen andre etter forhåndsvisningen. "
                            "Ingenting er lagret; forhåndsvis filen på nytt.",
                            base_revision=None,
                        )
                    row = MeasureRow(office_id=actor.office_id, status=MeasureStatus.PUBLISHED.value, version=1, updated_at=now)
                    _fill_row(row, item.measure)
                    session.add(row)
                    session.flush()
                    self._record(session, actor, row, "import", None, _snapshot(row, office_name), comment or preview.filename, now)
                else:
                    if row is None or row.version != item.base_version:
                        raise ConflictError(
                            f"Tiltaket «{item.measure_id}» er endret etter forhåndsvisningen. "
                            "Ingenting er lagret; forhåndsvis filen på nytt.",
                            base_revision=item.base_version,
                        )
                    before = _snapshot(row, office_name)
                    _fill_row(row, item.measure)
                    row.status = MeasureStatus.PUBLISHED.value
                    row.version += 1
                    row.updated_at = now
                    self._record(session, actor, row, "import", before, _snapshot(row, office_name), comment or preview.filename, now)
            self.store._audit(
                session,
                actor,
                Action.CATALOGUE_IMPORT,
                detail=f"{len(preview.added)} nye, {len(preview.changed)} endret, {len(preview.unchanged)} uendret",
            )
        return preview

    # -- export ---------------------------------------------------------------------------------

    def export_catalogue(
        self,
        actor: Actor,
        fmt: Literal["csv", "xlsx"] = "csv",
        *,
        statuses: Iterable[MeasureStatus | str] = (MeasureStatus.PUBLISHED,),
        merged: bool = False,
    ) -> bytes:
        """The office's measures (published ones unless `statuses` says otherwise; with `merged`,
        the national catalogue first) as a file `preview_import` reads back.

        CSV is for Norwegian Excel: UTF-8 *with* BOM, because Excel opens a CSV without one as
        Windows-1252 and æøå come out garbled; semicolon-separated with decimal comma, because in a
        Norwegian locale the comma is the decimal separator, so Excel splits columns on ";" when
        the file is double-clicked. Every cell is neutralised against formula injection
        (`neutralise_cell`). XLSX: the first sheet, header in row 1, numbers and dates as such.
        """
        if fmt not in ("csv", "xlsx"):
            raise ValueError(f"ukjent format «{fmt}» (bruk csv eller xlsx)")
        local = [m.measure for m in self.list_measures(actor, statuses)]
        measures = (list(load_national_catalogue().measures) if merged else []) + local
        rows = catalogue_to_rows(measures)
        with self.store.transaction() as session:
            self.store._check_actor(session, actor)
            self.store._audit(session, actor, Action.CATALOGUE_EXPORT, detail=f"{fmt}, {len(rows)} tiltak")
        return export_rows(rows, fmt)


def export_rows(rows: list[dict[str, str]], fmt: Literal["csv", "xlsx"]) -> bytes:
    """Catalogue rows (keyed by HEADERS) as CSV for Norwegian Excel or XLSX, neutralised."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(HEADERS)
        for row in rows:
            cells = []
            for column in HEADERS:
                value = neutralise_cell(row.get(column, ""), numeric=column in NUMERIC_COLUMNS)
                if isinstance(value, Decimal):
                    value = cat.format_decimal(value).replace(".", ",")  # decimal comma for nb-NO Excel
                cells.append(value)
            writer.writerow(cells)
        return buffer.getvalue().encode("utf-8-sig")

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tiltak"
    sheet.append(list(HEADERS))
    for row in rows:
        cells: list[Any] = []
        for column in HEADERS:
            raw = row.get(column, "")
            if column in DATE_COLUMNS and raw:
                cells.append(date.fromisoformat(raw))
                continue
            value = neutralise_cell(raw, numeric=column in NUMERIC_COLUMNS)
            if isinstance(value, Decimal):
                value = int(value) if value == value.to_integral_value() else float(value)
            cells.append(value)
        sheet.append(cells)
    for index, column in enumerate(HEADERS, start=1):
        for cell in sheet.iter_cols(min_col=index, max_col=index, min_row=2):
            for c in cell:
                if column in DATE_COLUMNS and c.value:
                    c.number_format = "DD.MM.YYYY"
                elif isinstance(c.value, str):
                    c.data_type = "s"  # a string, never a formula, whatever it starts with
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _national_clash(measure_id: str, office_name: str) -> str:
    suggestion = f"{measure_id}-{cat.slugify(office_name) or 'lokal'}"
    return (
        f"Id: «{measure_id}» brukes av et tiltak i den nasjonale katalogen. Gi kontorets tiltak en egen id, "
        f"f.eks. «{suggestion}»."
    )
