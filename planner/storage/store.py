"""The repository: saved plans with their history, users and offices, and the audit log.

Every method takes an `Actor` and runs in one transaction. A plan belongs to one office; another
office's plan does not exist as far as the actor can tell (`NotFound`). Every read and write of a
plan is written to the audit log, in the same transaction, without the plan's contents.

Saving never overwrites silently: `save_plan(..., base_revision=n)` succeeds only if `n` is still
the newest revision, by a compare-and-swap on `plans.latest_revision` that is atomic on SQLite and
PostgreSQL alike; otherwise it raises `ConflictError` with the newest revision and a diff, and
writes nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone, tzinfo
from typing import Literal

from sqlalchemy import Engine, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from planner.model import Plan
from planner.params import Parameters
from planner.planfile import Problem, dumps_plan, parse_plan
from planner.revision_diff import PlanDiff, diff_plans
from planner.storage.db import create_db_engine, database_url, migrate
from planner.storage.models import AuditRow, Office, PlanRow, RevisionRow, User
from planner.storage.privacy import MESSAGE as NATIONAL_ID_MESSAGE
from planner.storage.privacy import PersonalDataError, check_no_national_id, looks_like_national_id
from planner.storage.summary import (
    LABEL_MAX,
    current_period,
    decode_dates,
    decode_periods,
    next_evaluation,
    summarise,
)
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
    StoredPlan,
    parse_plan_id,
)

log = logging.getLogger(__name__)

LOCAL_OFFICE = "Lokalt kontor"
LOCAL_SUBJECT = "lokal"
LOCAL_DISPLAY_NAME = "Lokal bruker"

CaseloadSort = Literal["next_evaluation", "label", "end_date", "updated", "errors"]
CASELOAD_SORTS: tuple[str, ...] = ("next_evaluation", "label", "end_date", "updated", "errors")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _oslo() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Oslo")
    except Exception:  # no time zone database on this machine: the server's own zone
        return datetime.now().astimezone().tzinfo or timezone.utc


OSLO = _oslo()


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def open_store(url: str | None = None, *, params: Parameters | None = None, run_migrations: bool = True) -> "Store":
    """Open the database (`url`, else $DATABASE_URL, else data/kvp.sqlite) and migrate it to head."""
    engine = create_db_engine(url)
    if run_migrations:
        migrate(engine)
    return Store(engine, params=params)


class Store:
    """The storage API. Cheap to keep for the life of the process; thread-safe (a session per call)."""

    def __init__(self, engine: Engine, *, params: Parameters | None = None, clock: Callable[[], datetime] = utc_now):
        self.engine = engine
        self._params = params
        self._clock = clock
        from planner.storage.catalogue_store import CatalogueStore

        self.catalogue = CatalogueStore(self)

    # -- plumbing ------------------------------------------------------------------------------

    @property
    def params(self) -> Parameters:
        if self._params is None:
            from planner.params import load_parameters

            self._params = load_parameters()
        return self._params

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        """Today in Norway (the server may run in UTC): what "current period" and "next evaluation" mean."""
        return self.now().astimezone(OSLO).date()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                yield session

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_actor(self, session: Session, actor: Actor) -> User:
        """The actor must be a known user of that office, with that role (no made-up actors)."""
        user = session.get(User, actor.user_id)
        if user is None or user.office_id != actor.office_id or user.role != Role(actor.role).value:
            raise PermissionDenied("Ukjent bruker eller feil kontor. Logg inn på nytt.")
        return user

    def _audit(
        self,
        session: Session,
        actor: Actor,
        action: Action,
        *,
        plan_id: uuid.UUID | None = None,
        measure_id: str | None = None,
        detail: str = "",
    ) -> None:
        session.add(
            AuditRow(
                at=self.now(),
                user_id=actor.user_id,
                office_id=actor.office_id,
                action=action.value,
                plan_id=plan_id,
                measure_id=measure_id,
                detail=detail,
            )
        )

    def _plan_row(self, session: Session, actor: Actor, plan_id: str | uuid.UUID, *, lock: bool = False) -> PlanRow:
        pid = parse_plan_id(plan_id)
        query = select(PlanRow).where(PlanRow.id == pid, PlanRow.office_id == actor.office_id)
        if lock:
            query = query.with_for_update()  # PostgreSQL: wait for a concurrent save; SQLite: no-op
        row = session.scalars(query).one_or_none()
        if row is None:
            raise NotFound(f"Fant ingen plan med id «{plan_id}».")
        return row

    # -- users and offices ---------------------------------------------------------------------

    def ensure_actor(self, subject: str, display_name: str, office_name: str, role: Role | str) -> Actor:
        """The actor for a signed-in user, creating the office and the user on first sign-in and
        updating name and role when the identity provider says they changed."""
        role = Role(role)
        subject, office_name = subject.strip(), " ".join(office_name.split())
        if not subject or not office_name:
            raise ValueError("Bruker og kontor må ha navn.")
        for attempt in range(2):  # two first sign-ins at once: the loser retries and finds the rows
            try:
                with self.transaction() as session:
                    office = session.scalars(select(Office).where(Office.name == office_name)).one_or_none()
                    if office is None:
                        office = Office(name=office_name)
                        session.add(office)
                        session.flush()
                    user = session.scalars(
                        select(User).where(User.subject == subject, User.office_id == office.id)
                    ).one_or_none()
                    if user is None:
                        user = User(subject=subject, display_name=display_name or subject, office_id=office.id, role=role.value)
                        session.add(user)
                        session.flush()
                    else:
                        if display_name and user.display_name != display_name:
                            user.display_name = display_name
                        if user.role != role.value:
                            user.role = role.value
                    return Actor(user.id, office.id, role)
            except IntegrityError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def local_actor(self) -> Actor:
        """Single-user mode (no sign-in): office "Lokalt kontor", user "lokal", fagansvarlig."""
        return self.ensure_actor(LOCAL_SUBJECT, LOCAL_DISPLAY_NAME, LOCAL_OFFICE, Role.FAGANSVARLIG)

    def office_name(self, office_id: int) -> str:
        with Session(self.engine) as session:
            office = session.get(Office, office_id)
            if office is None:
                raise NotFound(f"Fant ikke kontor {office_id}.")
            return office.name

    def user_name(self, user_id: int) -> str:
        with Session(self.engine) as session:
            user = session.get(User, user_id)
            if user is None:
                raise NotFound(f"Fant ikke bruker {user_id}.")
            return user.display_name

    # -- plans ---------------------------------------------------------------------------------

    def save_plan(
        self,
        actor: Actor,
        plan: Plan,
        *,
        plan_id: str | uuid.UUID | None = None,
        base_revision: int | None,
        comment: str = "",
        label: str | None = None,
    ) -> Revision:
        """Save `plan` as a new revision. Without `plan_id`: a new plan (revision 1).

        With `plan_id`: `base_revision` must be the newest revision (the one the edit started
        from), else `ConflictError` and nothing is written. Raises `PersonalDataError` (a
        fødselsnummer in the plan or label) and `NotFound` (another office's plan) before writing.
        """
        check_no_national_id(plan, extra={"label": label, "comment": comment})
        text = dumps_plan(plan)
        summary = summarise(plan, self.params, self.today(), fallback_label=label or "")
        now = self.now()
        conflict: tuple[RevisionRow, str] | None = None
        with self.transaction() as session:
            user = self._check_actor(session, actor)
            if plan_id is None:
                pid = uuid.uuid4()
                plan_label = _clean_label(label) or summary.participant_label or f"Plan {pid.hex[:6]}"
                session.add(
                    PlanRow(
                        id=pid,
                        office_id=actor.office_id,
                        owner_id=actor.user_id,
                        label=plan_label,
                        created_at=now,
                        archived=False,
                        latest_revision=1,
                    )
                )
                session.flush()
                number = 1
                self._audit(session, actor, Action.CREATE, plan_id=pid, detail="revisjon 1")
            else:
                row = self._plan_row(session, actor, plan_id, lock=True)
                pid = row.id
                if base_revision is None or base_revision != row.latest_revision:
                    latest = session.get(RevisionRow, (pid, row.latest_revision))
                    assert latest is not None
                    conflict = (latest, session.get(User, latest.author_id).display_name)  # type: ignore[union-attr]
                else:
                    number = base_revision + 1
                    swapped = session.execute(
                        update(PlanRow)
                        .where(PlanRow.id == pid, PlanRow.latest_revision == base_revision)
                        .values(latest_revision=number, **({"label": _clean_label(label)} if _clean_label(label) else {}))
                        .execution_options(synchronize_session=False)
                    )
                    if swapped.rowcount != 1:  # lost a race the lock did not catch
                        latest_number = session.scalar(select(PlanRow.latest_revision).where(PlanRow.id == pid))
                        latest = session.get(RevisionRow, (pid, latest_number))
                        assert latest is not None
                        conflict = (latest, session.get(User, latest.author_id).display_name)  # type: ignore[union-attr]
                    else:
                        self._audit(session, actor, Action.SAVE, plan_id=pid, detail=f"revisjon {number} (fra {base_revision})")
            if conflict is None:
                revision = RevisionRow(
                    plan_id=pid,
                    number=number,
                    plan_json=text,
                    author_id=actor.user_id,
                    created_at=now,
                    comment=comment.strip(),
                    restored_from=None,
                    **summary.__dict__,
                )
                session.add(revision)
                session.flush()
                return _revision(revision, user.display_name)
        assert conflict is not None
        raise self._conflict(actor, pid, base_revision, conflict[0], conflict[1], plan)

    def _conflict(
        self, actor: Actor, pid: uuid.UUID, base_revision: int | None, latest: RevisionRow, author: str, mine: Plan
    ) -> ConflictError:
        latest_plan = parse_plan(latest.plan_json)
        theirs = None
        if base_revision is not None and 1 <= base_revision < latest.number:
            with Session(self.engine) as session:
                base = session.get(RevisionRow, (pid, base_revision))
            if base is not None:
                theirs = diff_plans(parse_plan(base.plan_json), latest_plan, self.params)
        when = aware(latest.created_at).astimezone(OSLO).strftime("%d.%m.%Y kl. %H:%M")
        if base_revision is None:
            message = (
                f"Planen finnes allerede (nyeste versjon er {latest.number}, lagret av {author} {when}). "
                "Åpne den nyeste versjonen før du lagrer."
            )
        else:
            message = (
                f"{author} lagret versjon {latest.number} {when}, etter versjon {base_revision} som du startet fra. "
                "Ingenting er lagret. Se forskjellene og velg hva som skal gjelde."
            )
        return ConflictError(
            message,
            base_revision=base_revision,
            latest=_revision(latest, author),
            latest_plan=latest_plan,
            diff=diff_plans(latest_plan, mine, self.params),
            theirs=theirs,
        )

    def load_plan(self, actor: Actor, plan_id: str | uuid.UUID, revision: int | None = None) -> StoredPlan:
        """A plan as saved: the newest revision, or `revision`. Logged as a read."""
        return self._load(actor, plan_id, revision, Action.READ)

    def export_plan(self, actor: Actor, plan_id: str | uuid.UUID, revision: int | None = None) -> StoredPlan:
        """Like load_plan, but logged as an export: the plan leaves the system as a file."""
        return self._load(actor, plan_id, revision, Action.EXPORT)

    def _load(self, actor: Actor, plan_id: str | uuid.UUID, revision: int | None, action: Action) -> StoredPlan:
        with self.transaction() as session:
            self._check_actor(session, actor)
            row = self._plan_row(session, actor, plan_id)
            number = row.latest_revision if revision is None else revision
            found = session.get(RevisionRow, (row.id, number))
            if found is None:
                raise NotFound(f"Planen har ingen versjon {number} (nyeste er {row.latest_revision}).")
            author = session.get(User, found.author_id)
            self._audit(session, actor, action, plan_id=row.id, detail=f"revisjon {number}")
            return StoredPlan(
                plan_id=str(row.id),
                label=row.label,
                office_id=row.office_id,
                owner_id=row.owner_id,
                archived=row.archived,
                latest_revision=row.latest_revision,
                revision=_revision(found, author.display_name if author else ""),
                plan=parse_plan(found.plan_json),
                json=found.plan_json,
            )

    def list_revisions(self, actor: Actor, plan_id: str | uuid.UUID) -> list[Revision]:
        """Every revision of a plan, newest first (metadata only). Logged as a read."""
        with self.transaction() as session:
            self._check_actor(session, actor)
            row = self._plan_row(session, actor, plan_id)
            rows = session.execute(
                select(RevisionRow, User.display_name)
                .join(User, User.id == RevisionRow.author_id)
                .where(RevisionRow.plan_id == row.id)
                .order_by(RevisionRow.number.desc())
            ).all()
            self._audit(session, actor, Action.READ, plan_id=row.id, detail="versjonsliste")
            return [_revision(r, name) for r, name in rows]

    def restore_revision(
        self,
        actor: Actor,
        plan_id: str | uuid.UUID,
        number: int,
        comment: str = "",
        *,
        base_revision: int | None = None,
    ) -> Revision:
        """Make revision `number`'s content the newest again, as a new revision (history is kept).

        `base_revision`, if given, must be the newest revision (as for save_plan)."""
        if looks_like_national_id(comment):
            raise PersonalDataError([Problem("comment", NATIONAL_ID_MESSAGE)])
        now = self.now()
        conflict: tuple[RevisionRow, str] | None = None
        with self.transaction() as session:
            user = self._check_actor(session, actor)
            row = self._plan_row(session, actor, plan_id, lock=True)
            old = session.get(RevisionRow, (row.id, number))
            if old is None:
                raise NotFound(f"Planen har ingen versjon {number} (nyeste er {row.latest_revision}).")
            latest_number = row.latest_revision
            if base_revision is not None and base_revision != latest_number:
                latest = session.get(RevisionRow, (row.id, latest_number))
                assert latest is not None
                conflict = (latest, session.get(User, latest.author_id).display_name)  # type: ignore[union-attr]
            else:
                new_number = latest_number + 1
                swapped = session.execute(
                    update(PlanRow)
                    .where(PlanRow.id == row.id, PlanRow.latest_revision == latest_number)
                    .values(latest_revision=new_number)
                    .execution_options(synchronize_session=False)
                )
                if swapped.rowcount != 1:
                    raise ConflictError(
                        "Noen lagret planen samtidig. Ingenting er gjenopprettet; prøv igjen.", base_revision=latest_number
                    )
                plan = parse_plan(old.plan_json)
                summary = summarise(plan, self.params, self.today(), fallback_label=row.label)
                revision = RevisionRow(
                    plan_id=row.id,
                    number=new_number,
                    plan_json=old.plan_json,
                    author_id=actor.user_id,
                    created_at=now,
                    comment=comment.strip() or f"Gjenopprettet versjon {number}",
                    restored_from=number,
                    **summary.__dict__,
                )
                session.add(revision)
                self._audit(session, actor, Action.RESTORE, plan_id=row.id, detail=f"versjon {number} som revisjon {new_number}")
                session.flush()
                return _revision(revision, user.display_name)
        assert conflict is not None
        raise self._conflict(actor, row.id, base_revision, conflict[0], conflict[1], parse_plan(old.plan_json))

    def compare_revisions(self, actor: Actor, plan_id: str | uuid.UUID, old: int, new: int) -> PlanDiff:
        """diff_plans between two revisions of one plan (both reads are logged)."""
        before = self.load_plan(actor, plan_id, old).plan
        after = self.load_plan(actor, plan_id, new).plan
        return diff_plans(before, after, self.params)

    def set_archived(self, actor: Actor, plan_id: str | uuid.UUID, archived: bool = True) -> None:
        """Archive a finished plan (hidden from the caseload by default) or bring it back."""
        with self.transaction() as session:
            self._check_actor(session, actor)
            row = self._plan_row(session, actor, plan_id)
            if actor.role is not Role.FAGANSVARLIG and row.owner_id != actor.user_id:
                raise PermissionDenied("Bare eieren av planen eller en fagansvarlig kan arkivere den.")
            row.archived = archived
            self._audit(session, actor, Action.ARCHIVE, plan_id=row.id, detail="arkivert" if archived else "hentet fra arkivet")

    def caseload(
        self,
        actor: Actor,
        search: str | None = None,
        sort: CaseloadSort = "next_evaluation",
        *,
        scope: Literal["mine", "office"] | None = None,
        include_archived: bool = False,
        today: date | None = None,
    ) -> list[CaseloadRow]:
        """The plans of the actor's office, one row each from the denormalised summary columns.

        `scope`: "mine" (plans the actor owns) or "office" (all the office's plans); default
        "mine" for a veileder, "office" for a fagansvarlig. `search`: part of the label or the
        participant's initials (case-insensitive). `sort`: next_evaluation (soonest first, none
        last), label, end_date, updated (newest first) or errors (most first). One query; no plan
        is parsed. Logged as one "list" entry.
        """
        if sort not in CASELOAD_SORTS:
            raise ValueError(f"ukjent sortering «{sort}» (gyldige: {', '.join(CASELOAD_SORTS)})")
        scope = scope or ("office" if actor.role is Role.FAGANSVARLIG else "mine")
        today = today or self.today()
        owner = aliased(User)
        author = aliased(User)
        query = (
            select(
                PlanRow.id,
                PlanRow.label,
                PlanRow.owner_id,
                owner.display_name,
                PlanRow.archived,
                PlanRow.latest_revision,
                RevisionRow.created_at,
                author.display_name,
                RevisionRow.participant_label,
                RevisionRow.period_dates,
                RevisionRow.evaluation_dates,
                RevisionRow.error_count,
                RevisionRow.warning_count,
            )
            .join(RevisionRow, (RevisionRow.plan_id == PlanRow.id) & (RevisionRow.number == PlanRow.latest_revision))
            .join(owner, owner.id == PlanRow.owner_id)
            .join(author, author.id == RevisionRow.author_id)
            .where(PlanRow.office_id == actor.office_id)
        )
        if scope == "mine":
            query = query.where(PlanRow.owner_id == actor.user_id)
        if not include_archived:
            query = query.where(PlanRow.archived.is_(False))
        if search and search.strip():
            pattern = f"%{_escape_like(search.strip().lower())}%"
            query = query.where(
                or_(
                    func.lower(PlanRow.label).like(pattern, escape="\\"),
                    func.lower(RevisionRow.participant_label).like(pattern, escape="\\"),
                )
            )
        with self.transaction() as session:
            self._check_actor(session, actor)
            records = session.execute(query).all()
            self._audit(session, actor, Action.LIST, detail=f"saksoversikt: {len(records)} planer ({scope})")
        rows = []
        for (pid, label, owner_id, owner_name, archived, latest, updated_at, updated_by,
             p_label, period_text, evaluation_text, errors, warnings) in records:
            periods = decode_periods(period_text)
            period = current_period(periods, today)
            rows.append(
                CaseloadRow(
                    plan_id=str(pid),
                    label=label,
                    participant_label=p_label,
                    owner_id=owner_id,
                    owner_name=owner_name,
                    mine=owner_id == actor.user_id,
                    archived=archived,
                    latest_revision=latest,
                    updated_at=aware(updated_at),
                    updated_by=updated_by,
                    start_date=periods[0][0] if periods else None,
                    end_date=max(end for _, end in periods) if periods else None,
                    period_start=period[0] if period else None,
                    period_end=period[1] if period else None,
                    next_evaluation=next_evaluation(decode_dates(evaluation_text), today),
                    error_count=errors,
                    warning_count=warnings,
                )
            )
        rows.sort(key=_SORT_KEYS[sort])
        return rows

    # -- audit ---------------------------------------------------------------------------------

    def audit(
        self,
        actor: Actor,
        *,
        plan_id: str | uuid.UUID | None = None,
        user_id: int | None = None,
        action: Action | str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 500,
    ) -> list[AuditEntry]:
        """The office's audit log, newest first. Only a fagansvarlig may see it."""
        with self.transaction() as session:
            self._check_actor(session, actor)
            if actor.role is not Role.FAGANSVARLIG:
                raise PermissionDenied("Bare fagansvarlig kan se loggen over hvem som har lest og endret planer.")
            query = (
                select(AuditRow, User.display_name)
                .join(User, User.id == AuditRow.user_id)
                .where(AuditRow.office_id == actor.office_id)
            )
            if plan_id is not None:
                query = query.where(AuditRow.plan_id == parse_plan_id(plan_id))
            if user_id is not None:
                query = query.where(AuditRow.user_id == user_id)
            if action is not None:
                query = query.where(AuditRow.action == (action.value if isinstance(action, Action) else action))
            if since is not None:
                query = query.where(AuditRow.at >= since)
            if until is not None:
                query = query.where(AuditRow.at < until)
            query = query.order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit)
            return [
                AuditEntry(
                    id=row.id,
                    at=aware(row.at),
                    user_id=row.user_id,
                    user_name=name,
                    office_id=row.office_id,
                    action=row.action,
                    plan_id=str(row.plan_id) if row.plan_id else None,
                    measure_id=row.measure_id,
                    detail=row.detail,
                )
                for row, name in session.execute(query).all()
            ]


# -- helpers ------------------------------------------------------------------------------------


def _clean_label(label: str | None) -> str:
    return " ".join((label or "").split())[:LABEL_MAX]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _revision(row: RevisionRow, author_name: str) -> Revision:
    return Revision(
        plan_id=str(row.plan_id),
        number=row.number,
        author_id=row.author_id,
        author_name=author_name,
        created_at=aware(row.created_at),
        comment=row.comment,
        restored_from=row.restored_from,
        participant_label=row.participant_label,
        start_date=row.start_date,
        end_date=row.end_date,
        period_start=row.period_start,
        period_end=row.period_end,
        next_evaluation=row.next_evaluation,
        error_count=row.error_count,
        warning_count=row.warning_count,
    )


_FAR = date.max
_SORT_KEYS: dict[str, Callable[[CaseloadRow], object]] = {
    "next_evaluation": lambda r: (r.next_evaluation or _FAR, r.label.casefold()),
    "label": lambda r: (r.label.casefold(), r.plan_id),
    "end_date": lambda r: (r.end_date or _FAR, r.label.casefold()),
    "updated": lambda r: (-r.updated_at.timestamp(), r.label.casefold()),
    "errors": lambda r: (-(r.error_count or 0), -(r.warning_count or 0), r.label.casefold()),
}


def local_actor(store: Store) -> Actor:
    """The single-user mode's actor (see Store.local_actor)."""
    return store.local_actor()


__all__ = ["Store", "open_store", "local_actor", "database_url", "LOCAL_OFFICE", "LOCAL_SUBJECT", "CASELOAD_SORTS"]
