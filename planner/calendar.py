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

    @cached_property
    def programme_days(self) -> tuple[date, ...]:
        seen: set[date] = set()
        for period in self._periods:
            seen.update(days(period.start, period.end))
        return tuple(sorted(seen))

    @cached_property
    def working_days(self) -> frozenset[date]:
        return frozenset(
            d for d in self.programme_days if d.weekday() < 5 and holiday_name(d) is None and self.leave_on(d) is None
        )

    def is_working_day(self, day: date) -> bool:
        return day in self.working_days

    @cached_property
    def stipend_days(self) -> tuple[date, ...]:
        interruption = frozenset({LeaveKind.INTERRUPTION})
        return tuple(d for d in self.programme_days if d.weekday() < 5 and self.leave_on(d, interruption) is None)

    @cached_property
    def counted_days(self) -> tuple[date, ...]:
        pushing = frozenset({LeaveKind.LEAVE, LeaveKind.INTERRUPTION})
        return tuple(d for d in self.programme_days if self.leave_on(d, pushing) is None)

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
        pushing = frozenset({LeaveKind.LEAVE, LeaveKind.INTERRUPTION})
        # Reach back over leave and interruptions inside the final part, until it is stable.
        while True:
            pushed = sum(1 for d in days(first, last.end) if self.leave_on(d, pushing) is not None)
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
        week_days = [monday + i * ONE_DAY for i in range(5)]
        working = tuple(d for d in week_days if self.is_working_day(d))
        required = sum((self.required_hours_on(d) for d in working), Decimal(0))
        per_activity = []
        for activity in self.plan.activities:
            hours = sum((activity.hours_on(d) for d in working), Decimal(0))
            if hours:
                per_activity.append((activity.id, hours))
        planned = sum((h for _, h in per_activity), Decimal(0))
        return Week(monday, working, required, planned, tuple(per_activity))

    @cached_property
    def weeks(self) -> tuple[Week, ...]:
        """Every ISO week the programme touches, in order."""
        if not self._periods:
            return ()
        mondays = sorted({monday_of(d) for d in self.programme_days})
        return tuple(self.week(m) for m in mondays)
