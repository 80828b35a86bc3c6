"""What a month's stipend is made of, line by line: the data behind the app's "Hvorfor?" and the PDF.

Every figure here is for display. The payment lines on `MonthStipend` are the exact sums rounded
once (`money.to_ore`); an explanation's per-segment or per-day amounts are each rounded to øre on
their own, so with several segments or absence days they may differ from the line by an øre.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from typing import TYPE_CHECKING

from planner.model import IncomeKind
from planner.stipend.money import format_kr
from planner.stipend.nb import day_text, decimal_text, month_text, weekday_day_text

if TYPE_CHECKING:
    from planner.stipend.engine import MonthStipend

BENEFIT_LABELS = {
    IncomeKind.DAGPENGER: "dagpenger",
    IncomeKind.SYKEPENGER: "sykepenger",
    IncomeKind.FORELDREPENGER: "foreldrepenger",
}


@dataclass(frozen=True)
class SegmentLine:
    """One rate segment, clipped to the month: `days` stipend days at one rate."""

    start: date
    end: date
    days: int
    g: Decimal
    g_from: date
    factor: Decimal
    share: Fraction
    day_rate: Decimal  # base day rate, kr (to øre)
    hour_rate: Decimal  # base hour rate, kr (to øre)
    hours_per_day: Decimal
    children: int
    barnetillegg: Decimal  # kr per child per day
    base_amount: Decimal  # days × day rate
    child_amount: Decimal  # days × children × barnetillegg
    projected: bool
    reasons: tuple[str, ...]  # why the rate changes at `start` (empty if it does not)


@dataclass(frozen=True)
class AbsenceLine:
    """Ugyldig fravær on one day (§ 36)."""

    date: date
    hours: Decimal  # hours registered that day
    counted_hours: Decimal  # hours deducted: 0 off a stipend day, at most one day's hours
    hour_rate: Decimal  # kr per hour deducted (base; + barnetillegg if the parameter says so)
    amount: Decimal
    note: str | None = None


@dataclass(frozen=True)
class WorkLine:
    """Paid work or apprenticeship in the month (§ 37), hour for hour, barnetillegg included."""

    hours: Decimal
    hour_rate: Decimal  # (stønad + barnetillegg) ÷ stipend days ÷ hours per day
    amount: Decimal
    basis: str  # how the hour rate was found, in Norwegian


@dataclass(frozen=True)
class BenefitLine:
    """Dagpenger, sykepenger or foreldrepenger in the month (§ 38), krone for krone."""

    kind: IncomeKind
    amount: Decimal


@dataclass(frozen=True)
class TrekkLine:
    """One overpayment's recovery this month (§ 40)."""

    overpayment: int  # index in plan.overpayments
    reason: str | None
    amount: Decimal  # recovered this month
    remaining: Decimal  # left to recover after this month
    limited_by: str  # "maks per måned", "restbeløpet" or "det som er igjen av måneden"


@dataclass(frozen=True)
class MonthExplanation:
    segments: tuple[SegmentLine, ...]
    interruption_days: int  # programme weekdays in the month inside an avbrudd: not paid (§ 34)
    absences: tuple[AbsenceLine, ...]
    work: WorkLine | None
    benefits: tuple[BenefitLine, ...]
    trekk: tuple[TrekkLine, ...]
    floored: Decimal  # deductions beyond the month's stipend, not carried over
    summary: str = ""  # a few sentences in Norwegian bokmål (`summary_text`)


def summary_text(month: MonthStipend, projected_with: date | None) -> str:
    """A few Norwegian sentences on how the month's payment came about (its `explanation.summary`)."""
    why = month.explanation
    title = month_text(month.month)
    sentences = [f"{title[0].upper()}{title[1:]}: {month.stipend_days} stønadsdager."]
    if why.interruption_days:
        sentences.append(f"{why.interruption_days} dager med avbrudd gir ikke stønad.")
    if month.stipend_days:
        parts = " + ".join(f"{s.days} dager × {format_kr(s.day_rate)}" for s in why.segments)
        sentences.append(f"Stønad {format_kr(month.base)} ({parts}).")
    if month.child_supplement:
        counts = " / ".join(str(c) for c in sorted({s.children for s in why.segments if s.children}))
        sentences.append(f"Barnetillegg {format_kr(month.child_supplement)} for {counts} barn.")
    for line in why.segments:
        if line.reasons:
            sentences.append("; ".join(line.reasons) + ".")
    if month.absence_deduction:
        hours = sum((a.counted_hours for a in why.absences), Decimal(0))
        sentences.append(f"Ugyldig fravær {decimal_text(hours)} timer: −{format_kr(month.absence_deduction)}.")
    if why.work is not None and month.work_deduction:
        sentences.append(
            f"Arbeid {decimal_text(why.work.hours)} timer × {format_kr(why.work.hour_rate)}: "
            f"−{format_kr(month.work_deduction)}."
        )
    for benefit in why.benefits:
        sentences.append(f"{BENEFIT_LABELS[benefit.kind].capitalize()}: −{format_kr(benefit.amount)}.")
    if why.floored:
        sentences.append(f"Fradragene er {format_kr(why.floored)} større enn stønaden; utbetalingen blir 0 kr.")
    if month.trekk:
        left = sum((t.remaining for t in why.trekk), Decimal(0))
        sentences.append(
            f"Trekk for tidligere feilutbetaling: −{format_kr(month.trekk)}"
            + (f" (igjen å trekke: {format_kr(left)})." if left else " (ferdig nedbetalt).")
        )
    sentences.append(f"Til utbetaling {format_kr(month.total)}, {weekday_day_text(month.payment_date)}.")
    if projected_with is not None:
        sentences.append(f"Beløpet er framskrevet med siste kjente G (fra {day_text(projected_with)}).")
    return " ".join(sentences)
