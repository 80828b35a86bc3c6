"""Numbers, dates and money as the printed plan shows them, per language ("nb", "nn", "en").

Bokmål and nynorsk use the shared Norwegian formatters in `planner.text` (`2. mars 2026`, `37,5`,
`12 345,67 kr`), so the paper and the app print a figure the same way; month names are the same in
nynorsk. Amounts are kept on one line (`text.nowrap`: the spaces become no-break spaces).
English uses `2 March 2026`, `37.5`, `NOK 12,345.67`.

Amounts are rounded half up to øre for display only; the stipend engine rounds its payment lines
once, on its own, so a line printed here equals the engine's line.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from planner import text as nb_text

NBSP = "\u00a0"
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value))


def _en_number(value, places: int, keep_zeros: bool) -> str:
    number = _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, frac = format(abs(number), "f").partition(".")
    if not keep_zeros:
        frac = frac.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ",".join(groups) + ("." + frac if frac else "")


def fmt_date(day: date | None, lang: str = "nb") -> str:
    """`2. mars 2026` (nb, nn) or `2 March 2026` (en); empty for None. Never broken over lines."""
    if day is None:
        return ""
    if lang == "en":
        return f"{day.day}{NBSP}{MONTHS_EN[day.month - 1]}{NBSP}{day.year}"
    return nb_text.nowrap(nb_text.fmt_date(day))


def fmt_short_date(day: date | None, lang: str = "nb") -> str:
    """`02.03.2026` (nb, nn) or `02/03/2026` (en, day first): for narrow table columns."""
    if day is None:
        return ""
    if lang == "en":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return nb_text.fmt_date_short(day)


def fmt_month(key: str, lang: str = "nb") -> str:
    """"2026-03" as `mars 2026` / `March 2026`."""
    if lang == "en":
        return f"{MONTHS_EN[int(key[5:7]) - 1]} {key[:4]}"
    return nb_text.fmt_month(key)


def fmt_number(value, lang: str = "nb", decimals: int = 2) -> str:
    if lang == "en":
        return _en_number(value, decimals, keep_zeros=False)
    return nb_text.nowrap(nb_text.fmt_number(value, decimals))


def fmt_hours(value, lang: str = "nb") -> str:
    """`37,5` / `37.5`; whole numbers without decimals; at most two decimals."""
    if lang == "en":
        return _en_number(value, 2, keep_zeros=False)
    return nb_text.fmt_hours(value)


def fmt_kr(value, lang: str = "nb") -> str:
    """`12 345,67 kr` (nb, nn) or `NOK 12,345.67` (en), on one line."""
    if lang == "en":
        return f"NOK{NBSP}{_en_number(value, 2, keep_zeros=True)}"
    return nb_text.nowrap(nb_text.fmt_kr(value))


def fmt_kr_whole(value, lang: str = "nb") -> str:
    """Whole kroner, for annual figures: `265 657 kr` / `NOK 265,657`."""
    if lang == "en":
        return f"NOK{NBSP}{_en_number(value, 0, keep_zeros=False)}"
    return nb_text.nowrap(f"{nb_text.fmt_number(value, 0)} kr")


def fmt_amount(value, lang: str = "nb") -> str:
    """An amount without the currency, two decimals (for table columns headed "kr")."""
    if lang == "en":
        return _en_number(value, 2, keep_zeros=True)
    return nb_text.nowrap(nb_text.fmt_number(value, 2, keep_zeros=True))


def fmt_percent(share, lang: str = "nb") -> str:
    """A share (0–1) as a whole percent: `96 %` / `96%`."""
    if lang == "en":
        return f"{_en_number(_decimal(share) * 100, 0, keep_zeros=False)}%"
    return nb_text.nowrap(nb_text.fmt_percent(share, 0))


def fmt_factor(value, lang: str = "nb") -> str:
    """A rate factor like 2.041: `2,041` / `2.041` (all its decimals)."""
    text = format(_decimal(value).normalize(), "f")
    return text if lang == "en" else text.replace(".", ",")
