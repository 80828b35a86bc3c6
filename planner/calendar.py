"""The programme's calendar: which days count, for what, and how the weeks add up.

Definitions (spec/plan-format.md, "How weeks are counted"; kvp-rules.md):

- A **programme day** is a calendar day inside a vedtak period.
- A **working day** is a programme day, Monday–Friday, that is not a Norwegian public holiday
  (fridag, forskrift § 5) and not inside a vacation, leave or interruption. Required and planned
  hours are counted on working days only.
- A **stipend day** (stønadsdag) is a programme day Monday–Friday not inside an interruption
  (avbrudd, § 34): holidays, vacation and approved leave are paid.
- A **counted day** is a programme day not inside a leave or interruption: what counts toward the
  maximum duration (sotjl § 32) and the halfway point. Vacation counts (it is part of the year).
- The **halfway day** is the counted day on which half of all counted days have passed.
- The **final part** is the last `program.sluttfase_mnd` months of the last period, reaching back
  over any leave or interruption inside it so that it always holds that many months of programme.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache

import holidays as _holidays

from planner.dates import ONE_DAY, add_months, days, monday_of
from planner.model import Activity, Leave, LeaveKind, Plan
from planner.params import Parameters


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[date, str]:
    """Norwegian public holidays (helligdager) in a year, with their Norwegian names.

    Sundays are weekends anyway; only the named holidays are kept (the package can list every
    Sunday as a holiday in Norway)."""
    table = _holidays.country_holidays("NO", years=year, language="no")
    return {day: name for day, name in sorted(table.items()) if name != "Søndag"}


def holiday_name(day: date) -> str | None:
    return public_holidays(day.year).get(day)


def _mondays(first: date, last: date) -> list[date]:
    """The Mondays of the ISO weeks that hold a day of `first`..`last`."""
    monday, end = monday_of(first), monday_of(last)
    out = []
    while monday <= end:
        out.append(monday)
        monday += 7 * ONE_DAY
    return out


@dataclass(frozen=True)
class Week:
    """One ISO week the programme touches."""

    monday: date
    working_days: tuple[date, ...]
    required_hours: Decimal
    planned_hours: Decimal
    hours_by_activity: tuple[tuple[str, Decimal], ...]  # (activity id, planned hours), in plan order

    @property
    def label(self) -> str:
        year, week, _ = self.monday.isocalendar()
        return f"{year}-U{week:02d}"

    @property
    def missing_hours(self) -> Decimal:
        return max(self.required_hours - self.planned_hours, Decimal(0))


class ProgrammeCalendar:
    """Answers calendar questions about one plan. Build it once per check; it caches."""

    def __init__(self, plan: Plan, params: Parameters):
        self.plan = plan
        self.params = params
        self._periods = sorted(plan.periods, key=lambda p: p.start)
        self._covered_cache: dict[frozenset[LeaveKind] | None, frozenset[date]] = {}

    # -- the days ----------------------------------------------------------------------------

    @property
    def start(self) -> date | None:
        return self._periods[0].start if self._periods else None

    @property
    def end(self) -> date | None:
        return max(p.end for p in self._periods) if self._periods else None

    def in_programme(self, day: date) -> bool:
        return any(p.start <= day <= p.end for p in self._periods)

    def leave_on(self, day: date, kinds: frozenset[LeaveKind] | None = None) -> Leave | None:
        for leave in self.plan.leaves:
            if leave.covers(day) and (kinds is None or leave.kind in kinds):
                return leave
        return None

    def _covered(self, kinds: frozenset[LeaveKind] | None = None) -> frozenset[date]:
        """Every day inside a leave of one of `kinds` (all kinds: None): `leave_on(d, kinds) is not
        None` exactly when `d` is in this set. Cached per kind set; used by the day lists below."""
        cache = self._covered_cache
        if kinds not in cache:
            covered: set[date] = set()
            for leave in self.plan.leaves:
                if kinds is None or leave.kind in kinds:
                    covered.update(days(leave.start, leave.end))
            cache[kinds] = frozenset(covered)
        return cache[kinds]

    @cached_property
    def programme_days(self) -> tuple[date, ...]:
        seen: set[date] = set()
        for period in self._periods:
            seen.update(days(period.start, period.end))
        return tuple(sorted(seen))

    @cached_property
    def working_days(self) -> frozenset[date]:
        covered = self._covered()
        return frozenset(
            d for d in self.programme_days if d.weekday() < 5 and holiday_name(d) is None and d not in covered
        )

    def is_working_day(self, day: date) -> bool:
        return day in self.working_days

    @cached_property
    def stipend_days(self) -> tuple[date, ...]:
        interrupted = self._covered(frozenset({LeaveKind.INTERRUPTION}))
        return tuple(d for d in self.programme_days if d.weekday() < 5 and d not in interrupted)

    @cached_property
    def counted_days(self) -> tuple[date, ...]:
        pushed = self._covered(frozenset({LeaveKind.LEAVE, LeaveKind.INTERRUPTION}))
        return tuple(d for d in self.programme_days if d not in pushed)

    @cached_property
    def halfway_day(self) -> date | None:
        counted = self.counted_days
        return counted[(len(counted) - 1) // 2] if counted else None

    @cached_property
    def final_part(self) -> tuple[date, date] | None:
        """(first day, last day) of the final part of the last period."""
        if not self._periods:
            return None
        last = self._periods[-1]
        months = int(self.params.at("program.sluttfase_mnd", last.end))
        first = max(add_months(last.end + ONE_DAY, -months), last.start)
        covered = self._covered(frozenset({LeaveKind.LEAVE, LeaveKind.INTERRUPTION}))
        # Reach back over leave and interruptions inside the final part, until it is stable.
        while True:
            pushed = sum(1 for d in days(first, last.end) if d in covered)
            candidate = max(add_months(last.end + ONE_DAY, -months) - pushed * ONE_DAY, last.start)
            if candidate == first:
                return first, last.end
            first = candidate

    # -- the weeks ---------------------------------------------------------------------------

    def required_hours_on(self, day: date) -> Decimal:
        if not self.is_working_day(day):
            return Decimal(0)
        return self.params.at("program.timer_per_uke", day) / 5

    def planned_hours_on(self, activity: Activity, day: date) -> Decimal:
        return activity.hours_on(day) if self.is_working_day(day) else Decimal(0)

    def week(self, monday: date) -> Week:
        monday = monday_of(monday)
        working = self._working_in_week(monday)
        hours: dict[int, Decimal] = {}
        for index, activity in enumerate(self.plan.activities):
            if not working or activity.end < working[0] or activity.start > working[-1] or not activity.counts:
                continue  # no hours this week (hours_on is 0 on every working day): skip the sum
            hours[index] = sum((activity.hours_on(d) for d in working), Decimal(0))
        return self._week(monday, working, hours)

    def _working_in_week(self, monday: date) -> tuple[date, ...]:
        return tuple(d for d in (monday + i * ONE_DAY for i in range(5)) if d in self.working_days)

    def _week(self, monday: date, working: tuple[date, ...], hours: dict[int, Decimal]) -> Week:
        """A Week from its working days and {activity index: hours}; activities with 0 h left out."""
        required = sum((self.required_hours_on(d) for d in working), Decimal(0))
        activities = self.plan.activities
        per_activity = tuple((activities[i].id, h) for i, h in sorted(hours.items()) if h)
        planned = sum((h for _, h in per_activity), Decimal(0))
        return Week(monday, working, required, planned, per_activity)

    @cached_property
    def weeks(self) -> tuple[Week, ...]:
        """Every ISO week the programme touches, in order."""
        if not self._periods:
            return ()
        mondays = sorted({m for p in self._periods for m in _mondays(p.start, p.end)})
        activities = [(index, a) for index, a in enumerate(self.plan.activities) if a.counts]
        # Speed (the app rebuilds the calendar on every edit): `Activity.hours_on` depends only on
        # the weekday inside the activity's span, so a week the activity covers whole is summed once
        # per pattern of working weekdays and reused – the same additions in the same order as
        # `week()`, hence the same Decimals. tests/test_calendar_properties.py checks every week
        # against the per-day definition.
        whole: dict[tuple[int, tuple[int, ...]], Decimal] = {}
        out = []
        for monday in mondays:
            working = self._working_in_week(monday)
            hours: dict[int, Decimal] = {}
            if working:
                first, last = working[0], working[-1]
                pattern = tuple(d.weekday() for d in working)
                for index, activity in activities:
                    if activity.end < first or activity.start > last:
                        continue
                    if activity.start <= first and last <= activity.end:
                        total = whole.get((index, pattern))
                        if total is None:
                            total = whole[(index, pattern)] = sum((activity.hours_on(d) for d in working), Decimal(0))
                    else:
                        total = sum((activity.hours_on(d) for d in working), Decimal(0))
                    hours[index] = total
            out.append(self._week(monday, working, hours))
        return tuple(out)
