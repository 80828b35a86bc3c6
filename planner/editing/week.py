"""The week composer: Monday to Friday of any programme week, hours per activity per day."""


from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from planner.calendar import ProgrammeCalendar, holiday_name
from planner.dates import ONE_DAY, monday_of
from planner.model import (
    LEAVE_LABELS_NB,
    Category,
    Plan,
    Status,
)
from planner.params import Parameters

# -------------------------------------------------------------------------- the week composer


@dataclass(frozen=True)
class DayInfo:
    day: date
    in_programme: bool
    working: bool
    required_hours: Decimal
    note: str | None  # "Kristi himmelfartsdag", "Ferie: Sommerferie", "Utenfor programmet"


@dataclass(frozen=True)
class WeekRow:
    activity_id: str
    title: str
    category: Category
    status: Status | None
    hours: tuple[Decimal, ...]  # Monday..Friday, as planned on that day
    total: Decimal


@dataclass(frozen=True)
class WeekGrid:
    monday: date
    label: str  # "2026-U14"
    number: int  # ISO week number
    days: tuple[DayInfo, ...]  # Monday..Friday
    rows: tuple[WeekRow, ...]
    day_totals: tuple[Decimal, ...]
    planned: Decimal
    required: Decimal

    @property
    def missing(self) -> Decimal:
        return max(self.required - self.planned, Decimal(0))

    @property
    def over(self) -> Decimal:
        return max(self.planned - self.required, Decimal(0))

    @property
    def full_time(self) -> bool:
        return self.planned + Decimal("0.01") >= self.required


def programme_mondays(plan: Plan) -> tuple[date, ...]:
    """The Monday of every week the programme touches, in order."""
    mondays: list[date] = []
    for period in sorted(plan.periods, key=lambda p: p.start):
        monday = monday_of(period.start)
        while monday <= period.end:
            if not mondays or mondays[-1] < monday:
                mondays.append(monday)
            monday += timedelta(days=7)
    return tuple(sorted(set(mondays)))


def clamp_week(plan: Plan, day: date | None) -> date | None:
    """The programme week holding `day`, or the nearest programme week (None without periods)."""
    mondays = programme_mondays(plan)
    if not mondays:
        return None
    if day is None:
        return mondays[0]
    monday = monday_of(day)
    if monday <= mondays[0]:
        return mondays[0]
    if monday >= mondays[-1]:
        return mondays[-1]
    if monday in mondays:
        return monday
    return min(mondays, key=lambda m: abs((m - monday).days))


def step_week(plan: Plan, monday: date, step: int) -> date:
    """The programme week `step` weeks from `monday` (stays at the first/last week)."""
    mondays = programme_mondays(plan)
    current = clamp_week(plan, monday)
    if current is None:
        return monday
    index = mondays.index(current) + step
    return mondays[max(0, min(index, len(mondays) - 1))]


def week_monday_from_label(label: str) -> date:
    """"2026-U14" (the rules' week label) → the Monday of that ISO week."""
    year_text, week_text = label.upper().replace("W", "U").split("-U")
    return date.fromisocalendar(int(year_text), int(week_text), 1)


def day_note(plan: Plan, calendar: ProgrammeCalendar, day: date) -> str | None:
    holiday = holiday_name(day)
    if holiday:
        return holiday
    leave = calendar.leave_on(day)
    if leave is not None:
        label = LEAVE_LABELS_NB[leave.kind]
        return f"{label}: {leave.reason}" if leave.reason else label
    if not calendar.in_programme(day):
        return "Utenfor programmet"
    return None


def week_grid(plan: Plan, params: Parameters, monday: date, calendar: ProgrammeCalendar | None = None) -> WeekGrid:
    """Monday to Friday of one week: each activity's hours per day, the totals against the week's
    required hours (37.5 × working days / 5), and what each day is (holiday, leave, outside)."""
    calendar = calendar or ProgrammeCalendar(plan, params)
    monday = monday_of(monday)
    week = calendar.week(monday)
    week_days = [monday + i * ONE_DAY for i in range(5)]
    days = tuple(
        DayInfo(
            day=d,
            in_programme=calendar.in_programme(d),
            working=calendar.is_working_day(d),
            required_hours=calendar.required_hours_on(d),
            note=day_note(plan, calendar, d),
        )
        for d in week_days
    )
    rows = []
    for activity in plan.activities:
        if not activity.counts or activity.end < monday or activity.start > monday + 4 * ONE_DAY:
            continue
        hours = tuple(calendar.planned_hours_on(activity, d) for d in week_days)
        rows.append(WeekRow(activity.id, activity.title, activity.category, activity.status, hours, sum(hours, Decimal(0))))
    day_totals = tuple(sum((r.hours[i] for r in rows), Decimal(0)) for i in range(5))
    return WeekGrid(
        monday=monday,
        label=week.label,
        number=monday.isocalendar()[1],
        days=days,
        rows=tuple(rows),
        day_totals=day_totals,
        planned=week.planned_hours,
        required=week.required_hours,
    )
