"""Norwegian text for numbers and dates: one place, shared by the rules, the app and the PDF.

Choices (bokmål, as NAV writes it in letters to users):

- Dates: ``fmt_date(date(2026, 3, 2))`` → ``"2. mars 2026"`` (day without leading zero, month
  written out in lower case). ``fmt_date_short`` → ``"02.03.2026"`` for tables. ISO only in data.
- Decimal comma; digits grouped in threes from 1 000 up.
- Thousands separator: an ordinary space (U+0020), ``"12 345,67 kr"``. The narrow no-break space
  (U+202F) is typographically nicer, but the PDF core fonts (cp1252) have no glyph for it, it
  survives copy-paste into Excel badly, and it makes test strings unreadable. A caller that must
  keep an amount on one line can use ``nowrap(text)``, which swaps the spaces for U+00A0.
- Minus is the ASCII hyphen-minus (``"-1 234,00 kr"``), for the same font reason.
- Hours: at most two decimals, no trailing zeros: ``37,5``, ``18,75``, ``7``. Kroner: always two
  decimals, rounded half up to the øre (display only; the stipend rounds on its own, once).
- Percent: ``"38,2 %"`` (space before the sign, Språkrådet's rule).

Pure functions; `Decimal`, `Fraction`, `int` and `float` are all accepted where a number is.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Iterable, Union

Number = Union[Decimal, Fraction, int, float]

MONTHS_NB = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)

WEEKDAYS_NB = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")

THOUSANDS = " "  # U+0020; see the module docstring
NBSP = "\u00a0"


def _decimal(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def _group(digits: str) -> str:
    """'1234567' → '1 234 567'."""
    out = []
    while len(digits) > 3:
        out.append(digits[-3:])
        digits = digits[:-3]
    out.append(digits)
    return THOUSANDS.join(reversed(out))


def fmt_number(value: Number, decimals: int = 2, keep_zeros: bool = False) -> str:
    """A number in Norwegian style: ``1234.5`` → ``"1 234,5"`` (``keep_zeros``: ``"1 234,50"``).

    Rounded half up to `decimals` places; trailing zeros dropped unless `keep_zeros`."""
    number = _decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    whole, _, fraction = text.partition(".")
    if not keep_zeros:
        fraction = fraction.rstrip("0")
    return f"{sign}{_group(whole)}" + (f",{fraction}" if fraction else "")


def fmt_hours(value: Number) -> str:
    """Hours: ``Decimal("37.5")`` → ``"37,5"``, ``Decimal("18.75")`` → ``"18,75"``, ``7`` → ``"7"``."""
    return fmt_number(value, 2)


def fmt_hours_unit(value: Number) -> str:
    """Hours with the word: ``"37,5 timer"``, ``"1 time"``."""
    text = fmt_hours(value)
    return f"{text} time" if text == "1" else f"{text} timer"


def fmt_kr(value: Number) -> str:
    """Kroner with øre: ``Decimal("12345.675")`` → ``"12 345,68 kr"``."""
    return f"{fmt_number(value, 2, keep_zeros=True)} kr"


def fmt_percent(share: Number, decimals: int = 1) -> str:
    """A share as percent: ``Decimal("0.382")`` → ``"38,2 %"``, ``Fraction(1, 2)`` → ``"50 %"``."""
    return f"{fmt_number(_decimal(share) * 100, decimals)} %"


def fmt_days(count: int) -> str:
    return f"{fmt_number(count, 0)} dag" if count == 1 else f"{fmt_number(count, 0)} dager"


def fmt_date(day: date) -> str:
    """``date(2026, 3, 2)`` → ``"2. mars 2026"``."""
    return f"{day.day}. {MONTHS_NB[day.month - 1]} {day.year}"


def fmt_date_short(day: date) -> str:
    """``date(2026, 3, 2)`` → ``"02.03.2026"`` (for narrow table columns)."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def fmt_span(first: date, last: date) -> str:
    """An inclusive span: ``"2. mars 2026–28. februar 2027"`` (en dash, no spaces)."""
    return f"{fmt_date(first)}–{fmt_date(last)}"


def fmt_month(key: str) -> str:
    """``"2026-03"`` → ``"mars 2026"``."""
    return f"{MONTHS_NB[int(key[5:7]) - 1]} {key[:4]}"


def fmt_list(items: Iterable[str], conjunction: str = "og") -> str:
    """``["a", "b", "c"]`` → ``"a, b og c"`` (no Oxford comma in Norwegian)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def fmt_yes_no(value: bool | None) -> str:
    return {True: "ja", False: "nei", None: "ikke vurdert"}[value]


def nowrap(text: str) -> str:
    """Keep a formatted amount or date on one line (spaces → no-break spaces)."""
    return text.replace(" ", NBSP)
