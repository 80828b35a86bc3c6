"""Norwegian (bokmål) wording for the stipend's explanations: dates, months, factors and hours."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from planner.dates import month_bounds

MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def day_text(day: date) -> str:
    """1. mai 2025"""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def weekday_day_text(day: date) -> str:
    """fredag 6. juni 2025"""
    return f"{WEEKDAYS[day.weekday()]} {day_text(day)}"


def month_text(key: str) -> str:
    """"2025-05" → "mai 2025"."""
    first, _ = month_bounds(key)
    return f"{MONTHS[first.month - 1]} {first.year}"


def decimal_text(value: Decimal | int) -> str:
    """2.041 → "2,041"; 7.50 → "7,5"; no thousands separator (factors and hours, not money)."""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")
