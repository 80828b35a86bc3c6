"""The stipend's building blocks: rounding, the age rules, annual figures, the rate timeline and the
payment date. Expected figures are worked from the law (kvp-rules.md), not read off the code.

Month-by-month scenarios: test_stipend_scenarios.py. The command line: test_cli_stipend.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from planner.model import Child, Participant
from planner.params import load_parameters
from planner.stipend import (
    annual_rate,
    child_counts,
    last_known_g_date,
    payment_date,
    projection_start,
    rate_share,
    rate_timeline,
    to_ore,
    under_full_rate_age,
)
from planner.stipend.money import format_kr, format_number, to_krone

D = Decimal


@pytest.fixture(scope="module")
def params():
    return load_parameters()


# -- money -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exact", "expected"),
    [
        (Fraction(1, 200), D("0.01")),  # 0.005: half up
        (Fraction(-1, 200), D("-0.01")),  # half away from zero, like Decimal's ROUND_HALF_UP
        (Fraction(1, 3), D("0.33")),
        (Fraction(2, 3), D("0.67")),
        (Fraction(2345, 1000), D("2.35")),
        (D("2.345"), D("2.35")),
        (D("2.3449999"), D("2.34")),
        (7, D("7.00")),
        # 2.041 × 124 028 ÷ 260 = 253 141.148 ÷ 260 = 973.619800 → 973.62
        (Fraction(D("2.041")) * 124028 / 260, D("973.62")),
    ],
)
def test_to_ore_rounds_once_half_up(exact, expected):
    assert to_ore(exact) == expected
    assert to_ore(exact).as_tuple().exponent == -2


def test_to_ore_is_exact_where_decimal_division_would_round():
    # 10**30 + 0.005 does not fit in Decimal's 28 digits; the Fraction path still rounds up.
    assert to_ore(Fraction(10**30) + Fraction(1, 200)) == D("1000000000000000000000000000000.01")
    assert str(to_ore(Fraction(-1, 1000))) == "0.00"  # no negative zero


def test_norwegian_money_text():
    assert format_number(D("1234567.5")) == "1 234 567,50"
    assert format_number(D("0")) == "0,00"
    assert format_kr(D("973.62")) == "973,62 kr"
    assert format_kr(D("-1500")) == "−1 500,00 kr"


# -- NAV's published annual figures ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "under_25", "expected"),
    [
        # 2.041 × 124 028 = 253 141.148 → 253 141; × 2/3 = 168 760.765… → 168 761 (nav.no)
        (date(2024, 7, 1), False, 253141),
        (date(2024, 7, 1), True, 168761),
        # 2.041 × 130 160 = 265 656.56 → 265 657; × 2/3 = 177 104.37… → 177 104 (nav.no)
        (date(2025, 5, 1), False, 265657),
        (date(2025, 5, 1), True, 177104),
        # 2.041 × 136 549 = 278 696.509 → 278 697 (kvp-rules.md)
        (date(2026, 5, 1), False, 278697),
        # before the reform of 1 July 2024: 2 × 124 028 = 248 056
        (date(2024, 6, 30), False, 248056),
    ],
)
def test_annual_rate_matches_nav(params, day, under_25, expected):
    assert annual_rate(params, day, under_25) == D(expected)


def test_to_krone_for_annual_figures_only():
    assert to_krone(Fraction(D("278696.509"))) == D("278697")


# -- the age rules, each in one place --------------------------------------------------------------


def test_under_25_until_the_day_before_the_25th_birthday(params):
    birth = date(2000, 3, 12)
    assert under_full_rate_age(params, birth, date(2025, 3, 11))
    assert not under_full_rate_age(params, birth, date(2025, 3, 12))  # full rate on the birthday
    assert rate_share(params, birth, date(2025, 3, 11)) == Fraction(2, 3)
    assert rate_share(params, birth, date(2025, 3, 12)) == 1


def test_born_on_29_february_turns_25_on_1_march_in_a_common_year(params):
    birth = date(2000, 2, 29)  # 2025 is a common year
    assert under_full_rate_age(params, birth, date(2025, 2, 28))
    assert not under_full_rate_age(params, birth, date(2025, 3, 1))


def test_child_counts_from_birth_until_the_day_before_18(params):
    born = date(2007, 10, 15)
    assert child_counts(params, born, date(2025, 10, 14))
    assert not child_counts(params, born, date(2025, 10, 15))  # the 18th birthday
    newborn = date(2025, 10, 20)
    assert not child_counts(params, newborn, date(2025, 10, 19))
    assert child_counts(params, newborn, date(2025, 10, 20))  # the birth date


# -- the rate timeline -----------------------------------------------------------------------------


def test_timeline_splits_at_every_change_with_its_reason(params):
    participant = Participant(
        birth_date=date(2000, 3, 12),  # 25 on Wed 12 March 2025
        children=(Child(date(2007, 10, 15)), Child(date(2025, 10, 20))),  # 18 on 15 Oct 2025; born 20 Oct 2025
    )
    segments = rate_timeline(params, participant, date(2024, 6, 3), date(2026, 2, 27))
    starts = [s.start for s in segments]
    assert starts == [
        date(2024, 6, 3),  # start
        date(2024, 7, 1),  # rate factor 2 → 2.041
        date(2025, 1, 1),  # barnetillegg 36 → 37
        date(2025, 3, 12),  # 25th birthday
        date(2025, 5, 1),  # G 124 028 → 130 160
        date(2025, 10, 15),  # first child turns 18
        date(2025, 10, 20),  # second child born
        date(2026, 1, 1),  # barnetillegg 37 → 38
    ]
    # contiguous, inclusive, covering the whole span
    assert all((b.start - a.end).days == 1 for a, b in zip(segments, segments[1:]))
    assert segments[-1].end == date(2026, 2, 27)

    by_start = {s.start: s for s in segments}
    assert by_start[date(2024, 6, 3)].reasons == ()
    assert by_start[date(2024, 7, 1)].reasons == ("Ny sats fra 1. juli 2024: 2,041 G per år (sotjl § 35)",)
    assert by_start[date(2025, 1, 1)].reasons == ("Nytt barnetillegg fra 1. januar 2025: 37 kr per barn per dag",)
    assert by_start[date(2025, 3, 12)].reasons == ("Fyller 25 år: full sats fra 12. mars 2025",)
    assert by_start[date(2025, 5, 1)].reasons == ("Ny G fra 1. mai 2025: 130 160 kr",)
    assert by_start[date(2025, 10, 15)].reasons == ("Barn født 15. oktober 2007 fyller 18 år: barnetillegget stanser",)
    assert by_start[date(2025, 10, 20)].reasons == ("Barn født 20. oktober 2025: barnetillegg fra fødselsdagen",)

    # the values in each segment
    first = by_start[date(2024, 6, 3)]
    assert (first.g, first.factor, first.share, first.children, first.barnetillegg) == (
        D(124028), D(2), Fraction(2, 3), 1, D(36)
    )
    assert first.base_day_rate == Fraction(2) * 124028 / 260 * Fraction(2, 3)
    assert by_start[date(2025, 3, 12)].share == 1
    assert by_start[date(2025, 10, 15)].children == 0
    assert by_start[date(2025, 10, 20)].children == 1
    assert not any(s.projected for s in segments)


def test_timeline_marks_projection_from_the_first_1_may_without_a_g(params):
    participant = Participant(birth_date=date(1980, 1, 1))
    segments = rate_timeline(params, participant, date(2026, 9, 1), date(2027, 8, 31))
    assert last_known_g_date(params) == date(2026, 5, 1)
    assert projection_start(params) == date(2027, 5, 1)
    projected = [s for s in segments if s.projected]
    assert projected[0].start == date(2027, 5, 1)
    assert projected[0].g == D(136549)  # the last known G carries on
    assert "Ny G fra 1. mai 2027 er ikke kjent ennå" in projected[0].reasons[0]


def test_barnetillegg_can_be_made_part_of_the_absence_deduction(params):
    name = "stonad.barnetillegg_trekkes_ved_ugyldig_fravaer"
    flipped = replace(params, by_name={**params.by_name, name: replace(params[name], values=((date(2012, 1, 1), True, None),))})
    participant = Participant(birth_date=date(1980, 1, 1), children=(Child(date(2015, 1, 1)),))
    default = rate_timeline(params, participant, date(2025, 9, 1), date(2025, 9, 30))[0]
    with_child = rate_timeline(flipped, participant, date(2025, 9, 1), date(2025, 9, 30))[0]
    assert default.absence_hour_rate == Fraction(D("2.041")) * 130160 / 260 / Fraction(D("7.5"))
    assert with_child.absence_hour_rate == (Fraction(D("2.041")) * 130160 / 260 + 37) / Fraction(D("7.5"))


# -- payment date (§ 39) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "day", "expected", "why"),
    [
        ("2025-09", 10, date(2025, 10, 10), "Fri 10 Oct 2025: a working day"),
        ("2026-04", 10, date(2026, 5, 8), "Sun 10 May 2026 → Fri 8 May"),
        ("2025-04", 10, date(2025, 5, 9), "Sat 10 May 2025 → Fri 9 May"),
        ("2026-04", 17, date(2026, 5, 15), "Sun 17 May 2026 (also a holiday) → Sat 16 → Fri 15 May"),
        ("2025-03", 18, date(2025, 4, 16), "Good Friday 18 Apr 2025 → Maundy Thursday 17 → Wed 16 Apr"),
        ("2025-12", 1, date(2026, 1, 2), "1 Jan 2026 (Thu, holiday) → back would be Wed 31 Dec, inside the paid month: forward to Fri 2 Jan"),
        ("2024-03", 1, date(2024, 4, 2), "Easter Monday 1 Apr 2024 → Sun 31 Mar is inside March: forward to Tue 2 Apr"),
        ("2025-01", 31, date(2025, 2, 28), "no 31 February: the month's last day, Fri 28 Feb 2025"),
    ],
)
def test_payment_date_in_arrears_moved_to_a_working_day(month, day, expected, why):
    assert payment_date(month, day) == expected, why
