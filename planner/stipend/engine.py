"""Kvalifiseringsstønad month by month (sotjl §§ 35–40, forskrift §§ 3–4), with its explanation.

`compute_stipend(plan, params)` returns one `MonthStipend` per calendar month the programme touches:

    base               Σ over the month's stipend days of that day's base day rate
    child_supplement   Σ over the stipend days of children counted × barnetillegg
    absence_deduction  ugyldig fravær (§ 36): hours on stipend days × that day's base hour rate
                       (barnetillegg kept out unless `barnetillegg_trekkes_ved_ugyldig_fravaer`)
    work_deduction     paid work (§ 37): hours × the month's average (base + barnetillegg) hour rate
    benefit_deduction  dagpenger + sykepenger + foreldrepenger (§ 38), krone for krone
    trekk              overpayments (§ 40), from their month on, capped per month, never more
                       than what is left of the month
    total              base + child_supplement − deductions (floored at 0) − trekk

Each line is computed exactly and rounded once to øre (`money.to_ore`); `total` is computed from the
rounded lines, so the lines add up to the total on paper (with `floored` when the floor applies).
Paid in arrears (§ 39) on `payment_date`. Choices where the law is silent: `docs/stipend.md`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from planner.calendar import ProgrammeCalendar, holiday_name
from planner.dates import ONE_DAY, month_bounds, month_key
from planner.model import IncomeKind, Plan
from planner.params import Parameters
from planner.stipend.explanation import (
    AbsenceLine,
    BenefitLine,
    MonthExplanation,
    SegmentLine,
    TrekkLine,
    WorkLine,
    summary_text,
)
from planner.stipend.money import ZERO, to_ore
from planner.stipend.nb import month_text
from planner.stipend.rates import RateSegment, last_known_g_date, rate_timeline

PAYMENT_DAY = "stonad.utbetalingsdag"
BENEFITS = (IncomeKind.DAGPENGER, IncomeKind.SYKEPENGER, IncomeKind.FORELDREPENGER)


@dataclass(frozen=True)
class StipendSettings:
    """Choices the kommune makes (§ 39). `payment_day`: day of the following month the stipend is
    paid; None takes the parameter `stonad.utbetalingsdag`."""

    payment_day: int | None = None


@dataclass(frozen=True)
class MonthStipend:
    month: str  # "YYYY-MM"
    stipend_days: int
    base: Decimal
    child_supplement: Decimal
    absence_deduction: Decimal
    work_deduction: Decimal
    benefit_deduction: Decimal
    trekk: Decimal
    floored: Decimal  # what the floor at 0 took away: deductions beyond base + child_supplement
    total: Decimal  # base + child_supplement − deductions + floored − trekk, ≥ 0
    payment_date: date
    projected: bool  # a stipend day on or after the first 1 May without a known G
    explanation: MonthExplanation

    @property
    def deductions(self) -> Decimal:
        return self.absence_deduction + self.work_deduction + self.benefit_deduction


@dataclass(frozen=True)
class OverpaymentBalance:
    """One overpayment (§ 40) after the whole programme."""

    index: int  # in plan.overpayments
    amount: Decimal
    recovered: Decimal
    remaining: Decimal  # not recovered within the programme


@dataclass(frozen=True)
class StipendResult:
    months: tuple[MonthStipend, ...]
    total: Decimal  # Σ months' totals
    last_known_g_date: date
    rate_segments: tuple[RateSegment, ...]
    payment_day: int
    overpayments: tuple[OverpaymentBalance, ...] = ()
    notes: tuple[str, ...] = ()  # registrations that could not be used (outside the programme …)

    @property
    def projected(self) -> bool:
        return any(m.projected for m in self.months)

    @property
    def trekk_remaining(self) -> Decimal:
        return sum((o.remaining for o in self.overpayments), ZERO)


# -- payment date (§ 39) ----------------------------------------------------------------------------


def _bank_day(day: date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def payment_date(month: str, payment_day: int) -> date:
    """When `month` is paid: `payment_day` of the following month (the month's last day if it is
    shorter), moved back to the previous weekday that is not a public holiday. If moving back would
    land inside the month being paid (payment day 1–3 around a weekend or Easter), it moves forward
    instead: the stipend is paid in arrears (§ 39), never before the month has ended."""
    _, last = month_bounds(month)
    next_first, next_last = month_bounds(month_key(last + ONE_DAY))
    target = next_first.replace(day=min(payment_day, next_last.day))
    day = target
    while not _bank_day(day):
        day -= ONE_DAY
    if day > last:
        return day
    day = target
    while not _bank_day(day):
        day += ONE_DAY
    return day


def default_payment_day(params: Parameters, settings: StipendSettings | None) -> int:
    day = settings.payment_day if settings and settings.payment_day is not None else None
    if day is None:
        day = int(params[PAYMENT_DAY].values[-1][1])
    if not 1 <= day <= 31:
        raise ValueError(f"utbetalingsdag må være 1–31, ikke {day}")
    return day


# -- the computation --------------------------------------------------------------------------------


def compute_stipend(plan: Plan, params: Parameters, settings: StipendSettings | None = None) -> StipendResult:
    pay_day = default_payment_day(params, settings)
    last_g = last_known_g_date(params)
    calendar = ProgrammeCalendar(plan, params)
    if calendar.start is None or calendar.end is None:
        return StipendResult((), ZERO, last_g, (), pay_day)

    segments = rate_timeline(params, plan.participant, calendar.start, calendar.end)
    starts = [s.start for s in segments]
    stipend_days = calendar.stipend_days  # sorted
    stipend_set = frozenset(stipend_days)

    weekdays_by_month: dict[str, int] = defaultdict(int)
    for day in calendar.programme_days:
        weekdays_by_month[month_key(day)] += day.weekday() < 5  # also makes every programme month a key
    months = sorted(weekdays_by_month)
    notes: list[str] = []

    absence_hours: dict[date, Decimal] = defaultdict(Decimal)
    for absence in plan.absences:
        if not absence.valid:
            absence_hours[absence.date] += absence.hours
    absences_by_month: dict[str, list[date]] = defaultdict(list)
    for day in sorted(absence_hours):
        if month_key(day) in weekdays_by_month:
            absences_by_month[month_key(day)].append(day)
        else:
            notes.append(f"Ugyldig fravær {day.isoformat()} er utenfor programmet og er ikke trukket.")

    work_hours: dict[str, Decimal] = defaultdict(Decimal)
    benefits: dict[str, dict[IncomeKind, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for income in plan.income:
        if income.month not in weekdays_by_month:
            notes.append(f"Inntekt ({income.kind.value}) i {month_text(income.month)} er utenfor programmet og er ikke tatt med.")
        elif income.kind is IncomeKind.WORK:
            work_hours[income.month] += income.hours or 0
        else:
            benefits[income.month][income.kind] += income.amount or 0

    def segment_of(day: date) -> RateSegment:
        return segments[bisect_right(starts, day) - 1]

    # Overpayments: recovered in plan order, the first registered first.
    remaining = [to_ore(o.amount) for o in plan.overpayments]

    result_months: list[MonthStipend] = []
    for month in months:
        first, last = month_bounds(month)
        n_days = bisect_right(stipend_days, last) - bisect_left(stipend_days, first)

        # Stønad and barnetillegg, segment by segment.
        base_exact = Fraction(0)
        child_exact = Fraction(0)
        hour_value = Fraction(0)  # Σ days × (base + barnetillegg) hour rate, for § 37
        lines: list[SegmentLine] = []
        index = max(bisect_right(starts, first) - 1, 0)
        while index < len(segments) and segments[index].start <= last:
            seg = segments[index]
            index += 1
            lo, hi = max(seg.start, first), min(seg.end, last)
            days = bisect_right(stipend_days, hi) - bisect_left(stipend_days, lo)
            if not days:
                continue
            base_part = days * seg.base_day_rate
            child_part = days * seg.child_day_rate
            base_exact += base_part
            child_exact += child_part
            hour_value += days * (seg.base_day_rate + seg.child_day_rate) / Fraction(seg.hours_per_day)
            lines.append(
                SegmentLine(
                    start=lo,
                    end=hi,
                    days=days,
                    g=seg.g,
                    g_from=seg.g_from,
                    factor=seg.factor,
                    share=seg.share,
                    day_rate=to_ore(seg.base_day_rate),
                    hour_rate=to_ore(seg.base_hour_rate),
                    hours_per_day=seg.hours_per_day,
                    children=seg.children,
                    barnetillegg=seg.barnetillegg,
                    base_amount=to_ore(base_part),
                    child_amount=to_ore(child_part),
                    projected=seg.projected,
                    reasons=seg.reasons if seg.start >= first else (),
                )
            )

        # § 36: ugyldig fravær, day by day at that day's rate, at most one day's hours a day.
        absence_exact = Fraction(0)
        absence_lines: list[AbsenceLine] = []
        for day in absences_by_month.get(month, ()):
            hours = absence_hours[day]
            if day not in stipend_set:
                absence_lines.append(AbsenceLine(day, hours, Decimal(0), ZERO, ZERO, "ikke en stønadsdag: ingen trekk"))
                continue
            seg = segment_of(day)
            counted = min(hours, seg.hours_per_day)
            amount = Fraction(counted) * seg.absence_hour_rate
            absence_exact += amount
            note = f"mer enn {seg.hours_per_day} timer samme dag: trukket for én dag" if hours > counted else None
            absence_lines.append(AbsenceLine(day, hours, counted, to_ore(seg.absence_hour_rate), to_ore(amount), note))

        # § 37: paid work, hour for hour, at the month's (stønad + barnetillegg) hour rate averaged
        # over its stipend days (the same as the day's rate when the month has one rate).
        work_line = None
        work_exact = Fraction(0)
        hours = work_hours.get(month)
        if hours is not None:
            hour_rate = hour_value / n_days if n_days else Fraction(0)
            work_exact = Fraction(hours) * hour_rate
            if not n_days:
                basis = "ingen stønadsdager i måneden: ingenting å avkorte"
            elif len(lines) > 1:
                basis = f"snittet av timesatsene (stønad + barnetillegg) over {n_days} stønadsdager"
            else:
                basis = f"(dagsats + barnetillegg per dag) ÷ {lines[0].hours_per_day} timer"
            work_line = WorkLine(hours, to_ore(hour_rate), to_ore(work_exact), basis)

        # § 38: other benefits, krone for krone.
        benefit_lines = tuple(
            BenefitLine(kind, to_ore(benefits[month][kind])) for kind in BENEFITS if kind in benefits.get(month, {})
        )
        benefit_exact = sum((Fraction(benefits[month][b.kind]) for b in benefit_lines), Fraction(0))

        # Round each line once; the rest is exact arithmetic on øre.
        base, child = to_ore(base_exact), to_ore(child_exact)
        absence, work, benefit = to_ore(absence_exact), to_ore(work_exact), to_ore(benefit_exact)
        before_floor = base + child - absence - work - benefit
        floored = max(-before_floor, ZERO)
        available = before_floor + floored

        # § 40: trekk, from what is left of the month.
        trekk_lines: list[TrekkLine] = []
        for i, overpayment in enumerate(plan.overpayments):
            if overpayment.from_month > month or remaining[i] <= 0:
                continue
            cap = to_ore(overpayment.max_per_month)
            amount = min(cap, remaining[i], available)
            if amount < min(cap, remaining[i]):
                limited_by = "det som er igjen av måneden"
            elif remaining[i] <= cap:
                limited_by = "restbeløpet"
            else:
                limited_by = "maks per måned"
            remaining[i] -= amount
            available -= amount
            trekk_lines.append(TrekkLine(i, overpayment.reason, amount, remaining[i], limited_by))
        trekk = sum((t.amount for t in trekk_lines), ZERO)

        projected = any(line.projected for line in lines)
        explanation = MonthExplanation(
            segments=tuple(lines),
            interruption_days=weekdays_by_month[month] - n_days,
            absences=tuple(absence_lines),
            work=work_line,
            benefits=benefit_lines,
            trekk=tuple(trekk_lines),
            floored=floored,
        )
        stipend = MonthStipend(
            month=month,
            stipend_days=n_days,
            base=base,
            child_supplement=child,
            absence_deduction=absence,
            work_deduction=work,
            benefit_deduction=benefit,
            trekk=trekk,
            floored=floored,
            total=available,
            payment_date=payment_date(month, pay_day),
            projected=projected,
            explanation=explanation,
        )
        summary = summary_text(stipend, last_g if projected else None)
        result_months.append(replace(stipend, explanation=replace(explanation, summary=summary)))

    for i, overpayment in enumerate(plan.overpayments):
        if overpayment.from_month > months[-1]:
            notes.append(f"Trekk fra {month_text(overpayment.from_month)} starter etter programslutt.")

    balances = tuple(
        OverpaymentBalance(i, to_ore(o.amount), to_ore(o.amount) - remaining[i], remaining[i])
        for i, o in enumerate(plan.overpayments)
    )
    return StipendResult(
        months=tuple(result_months),
        total=sum((m.total for m in result_months), ZERO),
        last_known_g_date=last_g,
        rate_segments=segments,
        payment_day=pay_day,
        overpayments=balances,
        notes=tuple(notes),
    )
