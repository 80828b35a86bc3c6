"""Small parts every edit uses: reading typed values, the error type, labels."""


import hashlib
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from planner.model import (
    Plan,
)

MAX_HOURS_PER_WEEK = Decimal("37.5") * 2  # a typing slip, not a plan: nobody plans 75 h a week
WEEKDAY_NAMES_NB = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag")


class EditError(ValueError):
    """An edit that cannot be made; the message is Norwegian and meant for the user."""


# ------------------------------------------------------------------------------- small parts


def to_decimal(value: Any, what: str = "timer per uke") -> Decimal:
    """A number from a widget or a table cell ("7,5" and 7.5 alike)."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool) or value is None:
        raise EditError(f"{what}: mangler tall")
    else:
        try:
            number = Decimal(str(value).strip().replace(",", ".").replace("\u00a0", "").replace(" ", ""))
        except InvalidOperation:
            raise EditError(f"{what}: «{value}» er ikke et tall") from None
    if not number.is_finite():
        raise EditError(f"{what}: må være et endelig tall")
    # Floats from a table cell (7.499999…) come back as the number the user typed.
    return number.quantize(Decimal("0.01")).normalize()


def to_date(value: Any, what: str) -> date:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if hasattr(value, "date") and callable(value.date):  # datetime / pandas Timestamp
        return value.date()
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            if "." in text:  # 31.12.2026
                d, m, y = text.split(".")
                return date(int(y), int(m), int(d))
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise EditError(f"{what}: «{value}» er ikke en dato")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    try:
        if value != value:  # NaN from a table
            return None
    except Exception:  # pragma: no cover - exotic cell values
        pass
    text = str(value).strip()
    return text or None


def _hours(value: Any, what: str = "timer per uke") -> Decimal:
    hours = to_decimal(value, what)
    if hours <= 0:
        raise EditError(f"{what}: må være større enn 0")
    if hours > MAX_HOURS_PER_WEEK:
        raise EditError(f"{what}: {hours} timer i uka er mer enn noen kan ha")
    return hours


def _span(start: date, end: date, what: str) -> None:
    if end < start:
        raise EditError(f"{what}: slutt ({end.isoformat()}) er før start ({start.isoformat()})")


def plan_fingerprint(plan: Plan, text: str | None = None) -> str:
    """A short, stable hash of the plan's content (what the file would hold). `text`: the plan's
    `dumps_plan` text when the caller already has it."""
    from planner.planfile import dumps_plan

    return hashlib.sha256((text if text is not None else dumps_plan(plan)).encode("utf-8")).hexdigest()[:16]


def age_span(plan: Plan) -> tuple[int, int] | None:
    """The participant's age on the programme's first and last day (None without periods)."""
    from planner.dates import age_on

    if plan.start is None or plan.end is None:
        return None
    return age_on(plan.participant.birth_date, plan.start), age_on(plan.participant.birth_date, plan.end)


def participant_label(plan: Plan) -> str:
    """How the plan is named on screen: the name or initials, else the birth date."""
    name = (plan.participant.name or "").strip()
    return name or f"Deltaker født {plan.participant.birth_date.strftime('%d.%m.%Y')}"
