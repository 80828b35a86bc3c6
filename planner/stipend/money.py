"""Money: the one place where amounts are rounded, and how they are written in Norwegian.

The law has no rounding rule (kvp-rules.md, "The stipend"). The stipend is computed exactly (as
`Fraction`, fed from the exact `Decimal` parameters: `Fraction(Decimal("2.041"))` is exact) and
each payment line is rounded **once**, to øre, half up, by `to_ore`. Nothing else in the stipend
rounds a payment amount. `to_krone` exists only for the annual figures NAV publishes in whole kroner.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

ZERO = Decimal("0.00")

Exact = Fraction | Decimal | int


def _round(value: Exact, exponent: int) -> Decimal:
    """Round half up (away from zero) to 10**exponent, in exact integer arithmetic: Decimal's own
    operations would already round at the context's 28 digits."""
    numerator, denominator = value.as_integer_ratio()  # exact for Fraction, Decimal and int
    scale = 10**-exponent
    whole, rest = divmod(abs(numerator) * scale, denominator)
    if 2 * rest >= denominator:
        whole += 1
    sign = "-" if numerator < 0 and whole else ""
    return Decimal(f"{sign}{whole}e{exponent}")  # built from text: exact, with exactly that exponent


def to_ore(value: Exact) -> Decimal:
    """Round an exact amount to øre, half up (away from zero): the only rounding of a payment line."""
    return _round(value, -2)


def to_krone(value: Exact) -> Decimal:
    """Round to whole kroner, half up: for annual rates as NAV publishes them, never for payments."""
    return _round(value, 0)


def format_number(value: Decimal, decimals: int = 2) -> str:
    """Norwegian number text: space as thousands separator, comma for decimals: 23098.5 → "23 098,50"."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",")


def format_kr(value: Decimal) -> str:
    """An amount with its unit, Norwegian style: "23 098,50 kr" (minus sign as "−")."""
    text = format_number(abs(value))
    return f"−{text} kr" if value < 0 else f"{text} kr"
