"""The rate timeline: what one stipend day is worth, and why it changes (sotjl § 35, forskrift § 3).

On any day the rate follows from dated parameters (`planner/parameters/stonad.yaml`) and from the
participant's and the children's birthdays:

- base day rate = rate factor × G ÷ days per year (260), × 2/3 while the participant is under 25;
- hour rate = day rate ÷ hours per day (7.5);
- barnetillegg = the year's rate per child per day, for each child from its birth date until the
  day before it turns 18.

`rate_timeline` cuts the programme into `RateSegment`s inside which every one of these is constant,
split at every change (new G on 1 May, new factor, 25th birthday, a child born or turning 18, new
barnetillegg on 1 January, the start of projection) and carrying the reason for the split in
Norwegian. Rates are exact `Fraction`s; rounding happens only on payment lines (`money.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Callable

from planner.dates import ONE_DAY, anniversary
from planner.model import Participant
from planner.params import Parameters
from planner.stipend.money import format_number, to_krone
from planner.stipend.nb import day_text, decimal_text

G = "stonad.grunnbelop"
FACTOR = "stonad.satsfaktor"
SHARE_UNDER_25 = "stonad.andel_under_25"
FULL_RATE_AGE = "stonad.alder_full_sats"
DAYS_PER_YEAR = "stonad.dager_per_ar"
HOURS_PER_DAY = "stonad.timer_per_dag"
CHILD_RATE = "stonad.barnetillegg"
CHILD_AGE_LIMIT = "stonad.barnetillegg_til_alder"
CHILD_IN_ABSENCE = "stonad.barnetillegg_trekkes_ved_ugyldig_fravaer"


# -- the two age rules, each in one place ---------------------------------------------------------


def under_full_rate_age(params: Parameters, birth: date, day: date) -> bool:
    """The under-25 rule: under 25 up to and including the day before the 25th birthday; the full
    rate applies from the birthday itself (kvp-rules.md: NAV splits the rate on the birthday).
    Born 29 February: the birthday in a common year is 1 March (`dates.anniversary`)."""
    return day < full_rate_from(params, birth, day)


def full_rate_from(params: Parameters, birth: date, day: date) -> date:
    """The day the full rate starts (the 25th birthday), by the age limit in force on `day`."""
    return anniversary(birth, int(params.at(FULL_RATE_AGE, day)))


def rate_share(params: Parameters, birth: date, day: date) -> Fraction:
    """The share of the full rate on `day`: 2/3 under 25, else 1."""
    return Fraction(params.at(SHARE_UNDER_25, day)) if under_full_rate_age(params, birth, day) else Fraction(1)


def child_counts(params: Parameters, child_birth: date, day: date) -> bool:
    """A child gives barnetillegg from its birth date up to and including the day before its 18th
    birthday."""
    return child_birth <= day < anniversary(child_birth, int(params.at(CHILD_AGE_LIMIT, day)))


# -- annual figures, as NAV publishes them ---------------------------------------------------------


def annual_rate(params: Parameters, day: date, under_25: bool) -> Decimal:
    """The annual stipend in force on `day` (factor × G, × 2/3 under 25), rounded to whole kroner
    as NAV publishes it (2.041 × 124 028 = 253 141.15 → 253 141). For comparison and display only:
    payments are computed per day from the exact figure."""
    annual = Fraction(params.at(FACTOR, day)) * Fraction(params.at(G, day))
    if under_25:
        annual *= Fraction(params.at(SHARE_UNDER_25, day))
    return to_krone(annual)


def last_known_g_date(params: Parameters) -> date:
    """The date the last G in the parameter table took effect."""
    return params[G].last_change


def projection_start(params: Parameters) -> date:
    """The first 1 May after the last known G: from then on, amounts are projected with that G."""
    last = last_known_g_date(params)
    may_first = date(last.year, 5, 1)
    return may_first if may_first > last else date(last.year + 1, 5, 1)


# -- the timeline -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateSegment:
    """A stretch of days (`start`..`end`, inclusive) on which every rate is the same. The exact
    rates are derived (and cached) from the parameter values it carries."""

    start: date
    end: date
    g: Decimal
    g_from: date  # when that G took effect
    factor: Decimal  # rate factor, in G per year
    share: Fraction  # 1, or 2/3 under 25
    days_per_year: Decimal
    hours_per_day: Decimal
    children: int  # children giving barnetillegg on these days
    barnetillegg: Decimal  # kr per child per stipend day
    child_in_absence: bool  # does ugyldig fravær reduce the barnetillegg too?
    projected: bool  # on or after the first 1 May with no known G
    reasons: tuple[str, ...]  # why a new segment starts here (empty for the first)

    @cached_property
    def base_day_rate(self) -> Fraction:
        """factor × G ÷ days per year × share, exact."""
        return Fraction(self.factor) * Fraction(self.g) / Fraction(self.days_per_year) * self.share

    @cached_property
    def child_day_rate(self) -> Fraction:
        """Barnetillegg for all children counted, per stipend day, exact."""
        return self.children * Fraction(self.barnetillegg)

    @cached_property
    def base_hour_rate(self) -> Fraction:
        return self.base_day_rate / Fraction(self.hours_per_day)

    @cached_property
    def absence_hour_rate(self) -> Fraction:
        """What one hour of ugyldig fravær costs: the base hour rate, plus the barnetillegg only if
        the parameter says so (`barnetillegg_trekkes_ved_ugyldig_fravaer`, default no)."""
        day_rate = self.base_day_rate + (self.child_day_rate if self.child_in_absence else 0)
        return day_rate / Fraction(self.hours_per_day)


def _describe_change(params: Parameters, name: str, day: date) -> str:
    value = params.at(name, day)
    if name == G:
        return f"Ny G fra {day_text(day)}: {format_number(Decimal(value), 0)} kr"
    if name == FACTOR:
        return f"Ny sats fra {day_text(day)}: {decimal_text(value)} G per år (sotjl § 35)"
    if name == CHILD_RATE:
        return f"Nytt barnetillegg fra {day_text(day)}: {decimal_text(value)} kr per barn per dag"
    return f"Endret fra {day_text(day)}: {params[name].description} ({value})"


_TIMELINE_PARAMETERS = (G, FACTOR, SHARE_UNDER_25, DAYS_PER_YEAR, HOURS_PER_DAY, CHILD_RATE, CHILD_IN_ABSENCE)


def _rule_changes(
    params: Parameters, limit_name: str, birth: date, rule: Callable[[date], bool], first: date, last: date
) -> list[date]:
    """The days in first+1..last on which a birthday rule flips (candidates: birth and each age limit)."""
    candidates = {birth} | {anniversary(birth, int(v)) for _, v, _ in params[limit_name].values}
    return sorted(d for d in candidates if first < d <= last and rule(d - ONE_DAY) != rule(d))


def rate_timeline(params: Parameters, participant: Participant, first: date, last: date) -> tuple[RateSegment, ...]:
    """The rate segments covering `first`..`last` (inclusive), split at every change, in order."""
    if last < first:
        return ()
    reasons: dict[date, list[str]] = {first: []}

    def split(day: date, reason: str) -> None:
        if first < day <= last:
            reasons.setdefault(day, []).append(reason)

    for name in _TIMELINE_PARAMETERS:
        for day in params[name].changes_between(first + ONE_DAY, last):
            split(day, _describe_change(params, name, day))

    birth = participant.birth_date
    for day in _rule_changes(params, FULL_RATE_AGE, birth, lambda d: under_full_rate_age(params, birth, d), first, last):
        split(day, f"Fyller {int(params.at(FULL_RATE_AGE, day))} år: full sats fra {day_text(day)}")

    for child in participant.children:
        born = child.birth_date
        for day in _rule_changes(params, CHILD_AGE_LIMIT, born, lambda d: child_counts(params, born, d), first, last):
            if day == born:
                split(day, f"Barn født {day_text(day)}: barnetillegg fra fødselsdagen")
            else:
                age = int(params.at(CHILD_AGE_LIMIT, day))
                split(day, f"Barn født {day_text(born)} fyller {age} år: barnetillegget stanser")

    projected_from = projection_start(params)
    split(
        projected_from,
        f"Ny G fra {day_text(projected_from)} er ikke kjent ennå: framskrevet med G fra "
        f"{day_text(last_known_g_date(params))}",
    )

    starts = sorted(reasons)
    ends = [s - ONE_DAY for s in starts[1:]] + [last]
    return tuple(_segment(params, participant, start, end, tuple(reasons[start]), projected_from) for start, end in zip(starts, ends))


def _segment(
    params: Parameters, participant: Participant, start: date, end: date, reasons: tuple[str, ...], projected_from: date
) -> RateSegment:
    return RateSegment(
        start=start,
        end=end,
        g=Decimal(params.at(G, start)),
        g_from=params[G].in_force_from(start),
        factor=Decimal(params.at(FACTOR, start)),
        share=rate_share(params, participant.birth_date, start),
        days_per_year=Decimal(params.at(DAYS_PER_YEAR, start)),
        hours_per_day=Decimal(params.at(HOURS_PER_DAY, start)),
        children=sum(1 for c in participant.children if child_counts(params, c.birth_date, start)),
        barnetillegg=Decimal(params.at(CHILD_RATE, start)),
        child_in_absence=bool(params.at(CHILD_IN_ABSENCE, start)),
        projected=start >= projected_from,
        reasons=reasons,
    )
