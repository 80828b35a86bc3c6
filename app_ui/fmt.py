"""Formatting for the screen: Norwegian numbers and dates (from planner.text) and the app's words.

The plain words (`CATEGORY_PLAIN`, `STATUS_PLAIN`) are for the participant view: short, everyday
bokmål without the law's terms.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from planner.model import CATEGORY_LABELS_NB, LEAVE_LABELS_NB, STATUS_LABELS_NB, Category, LeaveKind, Status
from planner.text import (  # noqa: F401 - re-exported for the pages
    MONTHS_NB,
    WEEKDAYS_NB,
    fmt_date,
    fmt_date_short,
    fmt_hours,
    fmt_hours_unit,
    fmt_kr,
    fmt_month,
    fmt_span,
    nowrap,
)

CATEGORY_PLAIN: dict[Category, str] = {
    Category.WORK_DIRECTED: "Arbeid og praksis",
    Category.JOB_SEEKING: "Søke jobb",
    Category.PAID_WORK: "Jobb med lønn",
    Category.SUPPORTING: "Kurs og støtte",
    Category.HEALTH: "Helse",
    Category.FOLLOW_UP: "Samtaler med veileder",
}

STATUS_PLAIN: dict[Status, str] = {
    Status.PROPOSED: "Forslag – ikke avtalt ennå",
    Status.AGREED: "Avtalt",
    Status.ONGOING: "Du er i gang",
    Status.COMPLETED: "Ferdig",
    Status.CANCELLED: "Avlyst",
}

LEAVE_PLAIN: dict[LeaveKind, str] = {
    LeaveKind.VACATION: "Ferie",
    LeaveKind.LEAVE: "Permisjon (fri med lov)",
    LeaveKind.INTERRUPTION: "Pause i programmet",
}

#: Colours per category on the timeline (colour-blind-safe Okabe–Ito palette, dark enough on white).
CATEGORY_COLOURS: dict[Category, str] = {
    Category.WORK_DIRECTED: "#0072B2",
    Category.JOB_SEEKING: "#D55E00",
    Category.PAID_WORK: "#009E73",
    Category.SUPPORTING: "#CC79A7",
    Category.HEALTH: "#E69F00",
    Category.FOLLOW_UP: "#56B4E9",
}


def cell_date(day: date) -> str:
    """A date for a table cell: "31. august 2026". A plain space after "31." would make a
    markdown cell an ordered list."""
    return fmt_date(day).replace(". ", ".\u00a0", 1)


def category_label(category: Category, plain: bool = False) -> str:
    return (CATEGORY_PLAIN if plain else CATEGORY_LABELS_NB)[category]


def status_label(status: Status | None, plain: bool = False) -> str:
    if status is None:
        return ""
    return (STATUS_PLAIN if plain else STATUS_LABELS_NB)[status]


def leave_label(kind: LeaveKind, plain: bool = False) -> str:
    return (LEAVE_PLAIN if plain else LEAVE_LABELS_NB)[kind]


def week_title(monday: date) -> str:
    """"Uke 14: 30. mars–3. april 2026"."""
    friday = monday + timedelta(days=4)
    number = monday.isocalendar()[1]
    if monday.year == friday.year:
        first = f"{monday.day}. {MONTHS_NB[monday.month - 1]}" if monday.month != friday.month else f"{monday.day}."
        return f"Uke {number}: {first}–{fmt_date(friday)}"
    return f"Uke {number}: {fmt_date(monday)}–{fmt_date(friday)}"


def week_label_nb(label: str) -> str:
    """"2026-U14" → "uke 14 (2026)"."""
    try:
        year, week = label.split("-U")
        return f"uke {int(week)} ({year})"
    except ValueError:
        return label


def weekday_short(day: date) -> str:
    return WEEKDAYS_NB[day.weekday()][:3].capitalize() + f" {day.day}.{day.month}."


def hours(value: Decimal | float | int) -> str:
    return fmt_hours(Decimal(str(value)))
