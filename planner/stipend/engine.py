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
from planner.stipend.nb import decimal_text, month_text
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


def _payment_day(params: Parameters, settings: StipendSettings | None) -> int:
    """The setting, else the parameter's latest value (the kommune's practice now, not dated)."""
    day = settings.payment_day if settings is not None else None
    if day is None:
        day = int(params[PAYMENT_DAY].values[-1][1])
    if not 1 <= day <= 31:
        raise ValueError(f"utbetalingsdag må være 1–31, ikke {day}")
    return day


# -- the computation ------------------------------------------------------------------------------


def _count_in(sorted_days: tuple[date, ...] | list[date], first: date, last: date) -> int:
    """How many of `sorted_days` fall in first..last (inclusive)."""
    return bisect_right(sorted_days, last) - bisect_left(sorted_days, first)


def _month_keys(first: date, last: date) -> list[str]:
    """"YYYY-MM" for every month from `first`'s to `last`'s, in order."""
    return [
        f"{index // 12:04d}-{index % 12 + 1:02d}"
        for index in range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
    ]


@dataclass
class _Registrations:
    """The plan's absences, income and overpayments, sorted into the programme's months."""

    absence_hours: dict[date, Decimal]  # ugyldig fravær per day, entries on one day summed
    absence_days: dict[str, list[date]]  # by month, sorted
    work_hours: dict[str, Decimal]
    benefits: dict[str, dict[IncomeKind, Decimal]]
    notes: list[str]


def _registrations(plan: Plan, months: frozenset[str]) -> _Registrations:
    found = _Registrations(defaultdict(Decimal), defaultdict(list), defaultdict(Decimal), defaultdict(dict), [])
    for absence in plan.absences:
        if not absence.valid:
            found.absence_hours[absence.date] += absence.hours
    for day in sorted(found.absence_hours):
        if month_key(day) in months:
            found.absence_days[month_key(day)].append(day)
        else:
            found.notes.append(f"Ugyldig fravær {day.isoformat()} er utenfor programmet og er ikke trukket.")
    for income in plan.income:
        if income.month not in months:
            found.notes.append(
                f"Inntekt ({income.kind.value}) i {month_text(income.month)} er utenfor programmet og er ikke tatt med."
            )
        elif income.kind is IncomeKind.WORK:
            found.work_hours[income.month] += income.hours or 0
        else:
            amounts = found.benefits[income.month]
            amounts[income.kind] = amounts.get(income.kind, Decimal(0)) + (income.amount or 0)
    last_month = max(months)
    for overpayment in plan.overpayments:
        if overpayment.from_month > last_month:
            found.notes.append(f"Trekk fra {month_text(overpayment.from_month)} starter etter programslutt.")
    return found


class _Timeline:
    """The rate segments and the stipend days, for quick look-ups by day and by stretch."""

    def __init__(self, segments: tuple[RateSegment, ...], stipend_days: tuple[date, ...]):
        self.segments = segments
        self.starts = [s.start for s in segments]
        self.stipend_days = stipend_days  # sorted
        self.stipend_set = frozenset(stipend_days)

    def segment_of(self, day: date) -> RateSegment:
        return self.segments[bisect_right(self.starts, day) - 1]

    def count(self, first: date, last: date) -> int:
        return _count_in(self.stipend_days, first, last)

    def lines(self, first: date, last: date) -> list[tuple[RateSegment, SegmentLine]]:
        """The segments with stipend days in first..last, clipped to it."""
        found = []
        index = max(bisect_right(self.starts, first) - 1, 0)
        for seg in self.segments[index:]:
            if seg.start > last:
                break
            lo, hi = max(seg.start, first), min(seg.end, last)
            days = self.count(lo, hi)
            if days:
                found.append((seg, _segment_line(seg, lo, hi, days, first)))
        return found


def _segment_line(seg: RateSegment, lo: date, hi: date, days: int, month_first: date) -> SegmentLine:
    return SegmentLine(
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
        base_amount=to_ore(days * seg.base_day_rate),
        child_amount=to_ore(days * seg.child_day_rate),
        projected=seg.projected,
        reasons=seg.reasons if seg.start >= month_first else (),  # a change inside this month
    )


def _absences(timeline: _Timeline, found: _Registrations, month: str) -> tuple[Fraction, tuple[AbsenceLine, ...]]:
    """§ 36: ugyldig fravær, day by day at that day's rate; at most one day's hours on one day."""
    total = Fraction(0)
    lines = []
    for day in found.absence_days.get(month, ()):
        hours = found.absence_hours[day]
        if day not in timeline.stipend_set:
            lines.append(AbsenceLine(day, hours, Decimal(0), ZERO, ZERO, "ikke en stønadsdag: ingen trekk"))
            continue
        seg = timeline.segment_of(day)
        counted = min(hours, seg.hours_per_day)
        amount = Fraction(counted) * seg.absence_hour_rate
        total += amount
        note = None
        if hours > counted:
            note = f"mer enn {decimal_text(seg.hours_per_day)} timer samme dag: trukket for én dag"
        lines.append(AbsenceLine(day, hours, counted, to_ore(seg.absence_hour_rate), to_ore(amount), note))
    return total, tuple(lines)


def _work(hours: Decimal, segments: list[tuple[RateSegment, SegmentLine]], n_days: int) -> tuple[Fraction, WorkLine]:
    """§ 37: paid work, hour for hour, at the (stønad + barnetillegg) hour rate averaged over the
    month's stipend days: the day's rate when the month has one rate, else weighted by days."""
    if not n_days:
        return Fraction(0), WorkLine(hours, ZERO, ZERO, "ingen stønadsdager i måneden: ingenting å avkorte")
    hour_value = sum(
        (line.days * (seg.base_day_rate + seg.child_day_rate) / Fraction(seg.hours_per_day) for seg, line in segments),
        Fraction(0),
    )
    hour_rate = hour_value / n_days
    if len(segments) > 1:
        basis = f"snittet av timesatsene (stønad + barnetillegg) over {n_days} stønadsdager"
    else:
        basis = f"(dagsats + barnetillegg per dag) ÷ {decimal_text(segments[0][0].hours_per_day)} timer"
    amount = Fraction(hours) * hour_rate
    return amount, WorkLine(hours, to_ore(hour_rate), to_ore(amount), basis)


def _recover(plan: Plan, remaining: list[Decimal], month: str, available: Decimal) -> tuple[TrekkLine, ...]:
    """§ 40: each overpayment from its month on, in plan order (first registered, first recovered),
    at most its cap a month and never more than is left of the month. Updates `remaining`."""
    lines = []
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
        lines.append(TrekkLine(i, overpayment.reason, amount, remaining[i], limited_by))
    return tuple(lines)


def compute_stipend(plan: Plan, params: Parameters, settings: StipendSettings | None = None) -> StipendResult:
    pay_day = _payment_day(params, settings)
    last_g = last_known_g_date(params)
    calendar = ProgrammeCalendar(plan, params)
    if calendar.start is None or calendar.end is None:
        return StipendResult((), ZERO, last_g, (), pay_day)

    segments = rate_timeline(params, plan.participant, calendar.start, calendar.end)
    timeline = _Timeline(segments, calendar.stipend_days)
    programme_days = calendar.programme_days  # sorted
    programme_weekdays = [d for d in programme_days if d.weekday() < 5]
    months = [m for m in _month_keys(calendar.start, calendar.end) if _count_in(programme_days, *month_bounds(m))]
    found = _registrations(plan, frozenset(months))
    remaining = [to_ore(o.amount) for o in plan.overpayments]

    result_months: list[MonthStipend] = []
    for month in months:
        first, last = month_bounds(month)
        n_days = timeline.count(first, last)
        segment_lines = timeline.lines(first, last)
        base_exact = sum((line.days * seg.base_day_rate for seg, line in segment_lines), Fraction(0))
        child_exact = sum((line.days * seg.child_day_rate for seg, line in segment_lines), Fraction(0))
        absence_exact, absence_lines = _absences(timeline, found, month)
        work_exact, work_line = Fraction(0), None
        if month in found.work_hours:
            work_exact, work_line = _work(found.work_hours[month], segment_lines, n_days)
        benefits = found.benefits.get(month, {})
        benefit_lines = tuple(BenefitLine(kind, to_ore(benefits[kind])) for kind in BENEFITS if kind in benefits)

        # Each line rounded once; from here on, exact arithmetic on øre.
        base, child = to_ore(base_exact), to_ore(child_exact)
        absence, work, benefit = to_ore(absence_exact), to_ore(work_exact), to_ore(sum(benefits.values(), Decimal(0)))
        before_floor = base + child - absence - work - benefit
        floored = max(-before_floor, ZERO)
        trekk_lines = _recover(plan, remaining, month, before_floor + floored)
        trekk = sum((t.amount for t in trekk_lines), ZERO)

        explanation = MonthExplanation(
            segments=tuple(line for _, line in segment_lines),
            interruption_days=_count_in(programme_weekdays, first, last) - n_days,
            absences=absence_lines,
            work=work_line,
            benefits=benefit_lines,
            trekk=trekk_lines,
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
            total=before_floor + floored - trekk,
            payment_date=payment_date(month, pay_day),
            projected=any(seg.projected for seg, _ in segment_lines),
            explanation=explanation,
        )
        summary = summary_text(stipend, last_g if stipend.projected else None)
        result_months.append(replace(stipend, explanation=replace(explanation, summary=summary)))

    return StipendResult(
        months=tuple(result_months),
        total=sum((m.total for m in result_months), ZERO),
        last_known_g_date=last_g,
        rate_segments=segments,
        payment_day=pay_day,
        overpayments=tuple(
            OverpaymentBalance(i, to_ore(o.amount), to_ore(o.amount) - remaining[i], remaining[i])
            for i, o in enumerate(plan.overpayments)
        ),
        notes=tuple(found.notes),
    )
