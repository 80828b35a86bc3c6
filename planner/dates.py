"""Small date arithmetic shared by the calendar, the rules and the stipend. All periods inclusive."""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta
from typing import Iterator

ONE_DAY = timedelta(days=1)


def days(first: date, last: date) -> Iterator[date]:
    """Every day from `first` to `last`, both included."""
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def weekdays(first: date, last: date) -> Iterator[date]:
    """Monday–Friday from `first` to `last`, both included."""
    return (d for d in days(first, last) if d.weekday() < 5)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (or earlier); clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def anniversary(birth: date, years: int) -> date:
    """The day a person born on `birth` turns `years`. Born 29 February: 1 March in common years
    (the day the full year has passed)."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return date(birth.year + years, 3, 1)


def age_on(birth: date, day: date) -> int:
    """Whole years of age on `day`."""
    years = day.year - birth.year
    return years if day >= anniversary(birth, years) else years - 1


def period_end(start: date, months: int) -> date:
    """The last day of a span of `months` months that begins on `start` (both days inclusive).

    The day before the same date `months` later. When that date does not exist (a span that begins
    on the 29th–31st), the span has fully passed only at the start of the next month, so the last
    day is the last day of the shorter month: 29 Feb 2024 + 12 months → 28 Feb 2025 (366 days),
    31 Jan + 1 month → 28/29 Feb. This is `anniversary`'s reading of 29 February applied to spans.
    """
    target = add_months(start, months)
    if target.day != start.day:  # clamped: the month is shorter than the start day
        target += ONE_DAY
    return target - ONE_DAY


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_bounds(key: str) -> tuple[date, date]:
    """First and last day of the month "YYYY-MM"."""
    year, month = int(key[:4]), int(key[5:7])
    return date(year, month, 1), date(year, month, _calendar.monthrange(year, month)[1])


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def overlaps(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    return a_start <= b_end and b_start <= a_end
