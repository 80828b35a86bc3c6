"""The programme plan as plain data: one dataclass per thing in the plan file.

The field names follow the public contract (`../shared/spec/plan-format.md`); reading and writing
the JSON lives in `planfile.py`, the meaning of the dates in `calendar.py`. Nothing here does I/O.

Periods are inclusive: a `start`..`end` pair covers both days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum


class Category(str, Enum):
    """The six kinds of content the rules reason about (sotjl § 30, forskrift § 1)."""

    WORK_DIRECTED = "work_directed"  # arbeidsrettet tiltak
    JOB_SEEKING = "job_seeking"  # arbeidssøking
    PAID_WORK = "paid_work"  # inntektsgivende arbeid eller læretid (≤ 50 %)
    SUPPORTING = "supporting"  # andre tiltak: opplæring, motivasjon, mestring, råd og veiledning
    HEALTH = "health"  # helsehjelp, behandling, opptrening, egenaktivitet, hvile
    FOLLOW_UP = "follow_up"  # individuell oppfølging, samtaler


CATEGORY_LABELS_NB: dict[Category, str] = {
    Category.WORK_DIRECTED: "Arbeidsrettet tiltak",
    Category.JOB_SEEKING: "Arbeidssøking",
    Category.PAID_WORK: "Arbeid eller læretid",
    Category.SUPPORTING: "Andre tiltak",
    Category.HEALTH: "Helse",
    Category.FOLLOW_UP: "Oppfølging",
}

#: Categories whose hours count as "directly aimed at work" (sotjl § 30: "den vesentlige delen").
WORK_AIMED = frozenset({Category.WORK_DIRECTED, Category.JOB_SEEKING, Category.PAID_WORK})


class LeaveKind(str, Enum):
    VACATION = "vacation"  # ferie: paid, part of the programme year
    LEAVE = "leave"  # permisjon: paid, pushes the end date
    INTERRUPTION = "interruption"  # avbrudd (§ 34): unpaid, pushes the end date


LEAVE_LABELS_NB: dict[LeaveKind, str] = {
    LeaveKind.VACATION: "Ferie",
    LeaveKind.LEAVE: "Permisjon",
    LeaveKind.INTERRUPTION: "Avbrudd",
}


class Status(str, Enum):
    PROPOSED = "proposed"
    AGREED = "agreed"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


STATUS_LABELS_NB: dict[Status, str] = {
    Status.PROPOSED: "Forslag",
    Status.AGREED: "Avtalt",
    Status.ONGOING: "Pågår",
    Status.COMPLETED: "Fullført",
    Status.CANCELLED: "Avlyst",
}


class IncomeKind(str, Enum):
    WORK = "work"  # § 37: hours of paid work or apprenticeship, hour for hour
    DAGPENGER = "dagpenger"  # § 38: krone for krone
    SYKEPENGER = "sykepenger"
    FORELDREPENGER = "foreldrepenger"


WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri")  # index = date.weekday()


@dataclass(frozen=True)
class Child:
    birth_date: date


@dataclass(frozen=True)
class Participant:
    birth_date: date
    name: str | None = None
    children: tuple[Child, ...] = ()
    language: str = "nb"  # "nb", "nn" or "en": the participant's own copy


@dataclass(frozen=True)
class Period:
    """One vedtak period (forskrift § 2: at most a year each)."""

    start: date
    end: date
    decision_date: date | None = None
    special_reasons: bool = False  # the extension beyond 2 years (sotjl § 32)


@dataclass(frozen=True)
class Leave:
    kind: LeaveKind
    start: date
    end: date
    reason: str | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


class GoalOutcome(str, Enum):
    """Whether a delmål was reached: filled in together at evaluations and for the deltakerbevis."""

    REACHED = "reached"
    PARTLY = "partly"
    NOT_REACHED = "not_reached"


GOAL_OUTCOME_LABELS_NB: dict[GoalOutcome, str] = {
    GoalOutcome.REACHED: "Nådd",
    GoalOutcome.PARTLY: "Delvis nådd",
    GoalOutcome.NOT_REACHED: "Ikke nådd",
}


@dataclass(frozen=True)
class SubGoal:
    text: str
    deadline: date | None = None
    responsible: str | None = None
    reached: GoalOutcome | None = None  # added field beyond the v1 contract; None: not assessed yet


@dataclass(frozen=True)
class Goals:
    main: str = ""
    occupation: str | None = None
    sub_goals: tuple[SubGoal, ...] = ()


@dataclass(frozen=True)
class Activity:
    id: str
    title: str
    category: Category
    start: date
    end: date
    hours_per_week: Decimal
    catalogue_id: str | None = None
    weekdays: dict[str, Decimal] | None = None  # hours per day, keys from WEEKDAY_KEYS
    provider: str | None = None
    justification: str | None = None
    status: Status | None = None

    @property
    def counts(self) -> bool:
        """Cancelled activities count for nothing."""
        return self.status is not Status.CANCELLED

    def hours_on(self, day: date) -> Decimal:
        """Planned hours on one weekday inside the activity (0 outside it or on a weekend)."""
        if not (self.start <= day <= self.end) or day.weekday() > 4 or not self.counts:
            return Decimal(0)
        if self.weekdays is not None:
            return self.weekdays.get(WEEKDAY_KEYS[day.weekday()], Decimal(0))
        return self.hours_per_week / 5


@dataclass(frozen=True)
class Evaluation:
    date: date
    note: str | None = None


@dataclass(frozen=True)
class Absence:
    date: date
    hours: Decimal
    valid: bool  # False: ugyldig fravær, reduces the stipend (§ 36)
    reason: str | None = None


@dataclass(frozen=True)
class Income:
    kind: IncomeKind
    month: str  # "YYYY-MM"
    hours: Decimal | None = None  # for kind == work
    amount: Decimal | None = None  # kr, for the benefits


@dataclass(frozen=True)
class Overpayment:
    """A trekk (§ 40): an overpaid amount recovered from later payments, at most `max_per_month`
    each month from `from_month` ("YYYY-MM") until it is paid back. Not in the v1 contract; carried
    in the file under the added field `overpayments`."""

    amount: Decimal
    from_month: str
    max_per_month: Decimal
    reason: str | None = None


@dataclass(frozen=True)
class Eligibility:
    """The § 29 conditions and the application checklist (seed 7.6b), as the veileder answered them.

    Each answer is True (yes), False (no) or None (not yet assessed). Not part of the v1 contract;
    carried in the file under the added field `eligibility`.
    """

    answers: dict[str, bool | None] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class Plan:
    participant: Participant
    application_date: date
    periods: tuple[Period, ...] = ()
    leaves: tuple[Leave, ...] = ()
    goals: Goals = Goals()
    activities: tuple[Activity, ...] = ()
    evaluations: tuple[Evaluation, ...] = ()
    absences: tuple[Absence, ...] = ()
    income: tuple[Income, ...] = ()
    eligibility: Eligibility | None = None
    overpayments: tuple[Overpayment, ...] = ()
    # Added fields, beyond the v1 contract (kept when a file is re-saved):
    competence: tuple[str, ...] = ()  # kompetanse oppnådd, for the deltakerbevis
    ended: date | None = None  # when a programme is ended early (avbrutt), for the deltakerbevis

    @property
    def start(self) -> date | None:
        return self.periods[0].start if self.periods else None

    @property
    def end(self) -> date | None:
        return self.periods[-1].end if self.periods else None

    def activity(self, activity_id: str) -> Activity | None:
        return next((a for a in self.activities if a.id == activity_id), None)
