"""Kvalifiseringsstønad month by month, hand-worked from the law (kvp-rules.md, "The stipend").

Every expected amount is derived here from the law's arithmetic — factor × G ÷ 260 per stipend day,
÷ 7.5 per hour, × 2/3 under 25, barnetillegg per child per day — with the stipend days counted by
hand from the calendar in a comment. Only the rounding to øre (half up, once per line: the
project's choice, since the law has none) is applied at the end, by `kr()` below.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.dates import month_key
from planner.model import (
    Absence,
    Child,
    Income,
    IncomeKind,
    Leave,
    LeaveKind,
    Overpayment,
    Participant,
    Period,
    Plan,
)
from planner.params import load_parameters
from planner.stipend import StipendSettings, compute_stipend

D = Decimal
PARAMS = load_parameters()

# Day rates from the law: factor × G ÷ 260.
DAY_2024_BEFORE_JULY = 2 * F(124028) / 260  # 2 G, G from 1 May 2024
DAY_2024 = F("2.041") * 124028 / 260  # 2.041 G from 1 July 2024, G from 1 May 2024
DAY_2025 = F("2.041") * 130160 / 260  # G from 1 May 2025
HOURS_PER_DAY = F("7.5")
ADULT = date(1980, 1, 1)


def kr(amount: F | int) -> Decimal:
    """Round a hand-worked exact amount to øre, half up."""
    amount = F(amount)
    with localcontext() as ctx:
        ctx.prec = 50
        return (D(amount.numerator) / D(amount.denominator)).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def make_plan(
    start: date,
    end: date,
    *,
    birth: date = ADULT,
    children: tuple[date, ...] = (),
    leaves: tuple[Leave, ...] = (),
    absences: tuple[Absence, ...] = (),
    income: tuple[Income, ...] = (),
    overpayments: tuple[Overpayment, ...] = (),
) -> Plan:
    return Plan(
        participant=Participant(birth_date=birth, children=tuple(Child(c) for c in children)),
        application_date=start,
        periods=(Period(start, end),),
        leaves=leaves,
        absences=absences,
        income=income,
        overpayments=overpayments,
    )


def months_of(plan: Plan, params=PARAMS, settings: StipendSettings | None = None):
    result = compute_stipend(plan, params, settings)
    return result, {m.month: m for m in result.months}


# -- rates ----------------------------------------------------------------------------------------


def test_month_containing_1_may_uses_the_new_g_for_every_day():
    # April 2025 (Tue 1 … Wed 30): 1–4, 7–11, 14–18, 21–25, 28–30 = 4+5+5+5+3 = 22 weekdays, with
    # Maundy Thursday 17, Good Friday 18 and Easter Monday 21 April paid (holidays are stipend days).
    # May 2025 (Thu 1 … Sat 31): 1–2, 5–9, 12–16, 19–23, 26–30 = 2+5+5+5+5 = 22 weekdays. No weekday
    # of May is before the new G of 1 May; 1 May (holiday) and Ascension Day 29 May are paid too.
    result, by_month = months_of(make_plan(date(2025, 4, 1), date(2025, 5, 31)))
    april, may = by_month["2025-04"], by_month["2025-05"]
    assert (april.stipend_days, may.stipend_days) == (22, 22)
    assert april.base == kr(22 * DAY_2024) == D("21419.64")  # 253 141.148 × 22 ÷ 260 = 21 419.6356
    assert may.base == kr(22 * DAY_2025) == D("22478.63")  # 265 656.56 × 22 ÷ 260 = 22 478.632
    [segment] = may.explanation.segments
    assert (segment.start, segment.end, segment.days, segment.g) == (date(2025, 5, 1), date(2025, 5, 31), 22, D(130160))
    assert segment.reasons == ("Ny G fra 1. mai 2025: 130 160 kr",)
    assert segment.day_rate == D("1021.76")  # 265 656.56 ÷ 260 = 1 021.7560
    assert result.total == april.total + may.total == april.base + may.base


def test_july_2024_rate_factor_changes_to_2_041():
    # June 2024 (Sat 1 … Sun 30): 3–7, 10–14, 17–21, 24–28 = 20 weekdays at 2 G.
    # July 2024 (Mon 1 … Wed 31): 1–5, 8–12, 15–19, 22–26, 29–31 = 5+5+5+5+3 = 23 weekdays at 2.041 G.
    _, by_month = months_of(make_plan(date(2024, 6, 1), date(2024, 7, 31)))
    june, july = by_month["2024-06"], by_month["2024-07"]
    assert (june.stipend_days, july.stipend_days) == (20, 23)
    assert june.base == kr(20 * DAY_2024_BEFORE_JULY) == D("19081.23")  # 248 056 × 20 ÷ 260 = 19 081.2308
    assert july.base == kr(23 * DAY_2024) == D("22393.26")  # 253 141.148 × 23 ÷ 260 = 22 393.2554
    assert july.explanation.segments[0].reasons == ("Ny sats fra 1. juli 2024: 2,041 G per år (sotjl § 35)",)


def test_25th_birthday_mid_month_and_work_at_the_month_s_average_rate():
    # Born 12 March 2000: 25 on Wednesday 12 March 2025. March 2025 (Sat 1 … Mon 31) has
    # 3–7, 10–14, 17–21, 24–28, 31 = 21 weekdays: 3–7, 10, 11 = 7 days at 2/3 (under 25),
    # 12–14, 17–21, 24–28, 31 = 14 days at the full rate (from the birthday). G from 1 May 2024.
    work = Income(IncomeKind.WORK, "2025-03", hours=D(30))
    _, by_month = months_of(make_plan(date(2025, 3, 1), date(2025, 3, 31), birth=date(2000, 3, 12), income=(work,)))
    march = by_month["2025-03"]
    base_exact = DAY_2024 * (7 * F(2, 3) + 14)
    assert march.stipend_days == 21
    assert march.base == kr(base_exact)
    young, full = march.explanation.segments
    assert (young.start, young.end, young.days, young.share) == (date(2025, 3, 1), date(2025, 3, 11), 7, F(2, 3))
    assert (full.start, full.end, full.days, full.share) == (date(2025, 3, 12), date(2025, 3, 31), 14, 1)
    assert full.reasons == ("Fyller 25 år: full sats fra 12. mars 2025",)
    # § 37 with two rates in the month: the hour rate is the month's stipend ÷ its 21 days ÷ 7.5.
    assert march.work_deduction == kr(30 * base_exact / 21 / HOURS_PER_DAY)
    assert march.total == march.base - march.work_deduction


def test_child_turning_18_and_child_born_mid_month():
    # October 2025 (Wed 1 … Fri 31): 1–3, 6–10, 13–17, 20–24, 27–31 = 3+5+5+5+5 = 23 weekdays.
    # Child born 15 Oct 2007 turns 18 on Wed 15 Oct: counts 1–3, 6–10, 13, 14 = 10 days.
    # Child born Mon 20 Oct 2025: counts 20–24, 27–31 = 10 days. 15–17 Oct: no child.
    # Barnetillegg 2025: 37 kr per child per day.
    _, by_month = months_of(make_plan(date(2025, 10, 1), date(2025, 10, 31), children=(date(2007, 10, 15), date(2025, 10, 20))))
    october = by_month["2025-10"]
    assert october.stipend_days == 23
    assert october.base == kr(23 * DAY_2025)
    assert october.child_supplement == kr((10 + 10) * 37) == D("740.00")
    lines = october.explanation.segments
    assert [(s.start, s.days, s.children) for s in lines] == [
        (date(2025, 10, 1), 10, 1),
        (date(2025, 10, 15), 3, 0),
        (date(2025, 10, 20), 10, 1),
    ]
    assert [s.child_amount for s in lines] == [D("370.00"), D("0.00"), D("370.00")]
    assert "fyller 18 år" in lines[1].reasons[0] and "Barn født 20. oktober 2025" in lines[2].reasons[0]


# -- days not paid, paid absence and deductions ----------------------------------------------------


def test_interruption_days_are_not_paid_but_vacation_is():
    # September 2025 (Mon 1 … Tue 30): 1–5, 8–12, 15–19, 22–26, 29–30 = 22 weekdays; the avbrudd
    # 15–26 Sept covers 15–19 and 22–26 = 10 weekdays, leaving 12 stipend days.
    # October 2025: 23 weekdays; the ferie 6–10 October is paid, so all 23 count.
    plan = make_plan(
        date(2025, 9, 1),
        date(2025, 10, 31),
        leaves=(
            Leave(LeaveKind.INTERRUPTION, date(2025, 9, 15), date(2025, 9, 26)),
            Leave(LeaveKind.VACATION, date(2025, 10, 6), date(2025, 10, 10)),
        ),
    )
    _, by_month = months_of(plan)
    september, october = by_month["2025-09"], by_month["2025-10"]
    assert (september.stipend_days, september.explanation.interruption_days) == (12, 10)
    assert september.base == kr(12 * DAY_2025)
    assert "10 dager med avbrudd" in september.explanation.summary
    assert (october.stipend_days, october.explanation.interruption_days) == (23, 0)
    assert october.base == kr(23 * DAY_2025)


def test_ugyldig_fravaer_is_deducted_per_hour_at_the_base_rate_barnetillegg_kept():
    # September 2025: 22 stipend days (see above); one child (born 2015): 22 × 37 kr barnetillegg.
    # Ugyldig: Wed 10 Sept 3 h, Thu 11 Sept 7.5 h, Tue 16 Sept 9 h (at most one day: 7.5 h) = 18 h.
    # Not deducted: Fri 12 Sept 4 h with permission (valid), Sat 13 Sept 2 h (not a stipend day).
    absences = (
        Absence(date(2025, 9, 10), D(3), valid=False),
        Absence(date(2025, 9, 11), D("7.5"), valid=False),
        Absence(date(2025, 9, 12), D(4), valid=True),
        Absence(date(2025, 9, 13), D(2), valid=False),
        Absence(date(2025, 9, 16), D(9), valid=False),
    )
    _, by_month = months_of(make_plan(date(2025, 9, 1), date(2025, 9, 30), children=(date(2015, 6, 1),), absences=absences))
    september = by_month["2025-09"]
    assert september.child_supplement == kr(22 * 37) == D("814.00")  # not reduced by the absence
    assert september.absence_deduction == kr(18 * DAY_2025 / HOURS_PER_DAY)
    assert september.total == september.base + september.child_supplement - september.absence_deduction
    lines = {a.date: a for a in september.explanation.absences}
    assert set(lines) == {date(2025, 9, 10), date(2025, 9, 11), date(2025, 9, 13), date(2025, 9, 16)}
    assert lines[date(2025, 9, 13)].counted_hours == 0 and lines[date(2025, 9, 13)].note
    assert lines[date(2025, 9, 16)].counted_hours == D("7.5")
    assert lines[date(2025, 9, 10)].hour_rate == kr(DAY_2025 / HOURS_PER_DAY)  # 1 021.756 ÷ 7.5 = 136.23


def test_work_income_reduces_hour_for_hour_including_barnetillegg():
    # September 2025: 22 stipend days, one child. 40 hours of paid work (§ 37):
    # 40 × (day rate + 37 kr) ÷ 7.5.
    work = Income(IncomeKind.WORK, "2025-09", hours=D(40))
    _, by_month = months_of(make_plan(date(2025, 9, 1), date(2025, 9, 30), children=(date(2015, 6, 1),), income=(work,)))
    september = by_month["2025-09"]
    assert september.work_deduction == kr(40 * (DAY_2025 + 37) / HOURS_PER_DAY)
    assert september.explanation.work.hour_rate == kr((DAY_2025 + 37) / HOURS_PER_DAY)
    assert september.total == kr(22 * DAY_2025) + D("814.00") - september.work_deduction


def test_dagpenger_and_sykepenger_krone_for_krone():
    income = (
        Income(IncomeKind.DAGPENGER, "2025-09", amount=D("3000.50")),
        Income(IncomeKind.SYKEPENGER, "2025-09", amount=D(1000)),
    )
    _, by_month = months_of(make_plan(date(2025, 9, 1), date(2025, 9, 30), income=income))
    september = by_month["2025-09"]
    assert september.benefit_deduction == D("4000.50")
    assert september.total == kr(22 * DAY_2025) - D("4000.50")
    assert [(b.kind, b.amount) for b in september.explanation.benefits] == [
        (IncomeKind.DAGPENGER, D("3000.50")),
        (IncomeKind.SYKEPENGER, D("1000.00")),
    ]


def test_month_floored_at_zero_and_not_carried_over():
    # September 2025: 22 days → 22 478.63 kr (265 656.56 × 22 ÷ 260); dagpenger 30 000 kr exceed it.
    dagpenger = Income(IncomeKind.DAGPENGER, "2025-09", amount=D(30000))
    _, by_month = months_of(make_plan(date(2025, 9, 1), date(2025, 10, 31), income=(dagpenger,)))
    september, october = by_month["2025-09"], by_month["2025-10"]
    assert september.total == 0
    assert september.floored == D(30000) - kr(22 * DAY_2025) == D("7521.37")
    assert "utbetalingen blir 0 kr" in september.explanation.summary
    assert october.total == kr(23 * DAY_2025)  # the excess is not carried into October


def test_the_worked_month_in_docs_stipend_md():
    # docs/stipend.md, "A month worked by hand": March 2025, 25 on Wed 12 March, one child (37 kr),
    # 3 h ugyldig on Wed 5 March (under 25), 30 h work, 1 500 kr dagpenger, trekk 2 500 at 1 000/month.
    plan = make_plan(
        date(2025, 3, 1),
        date(2025, 3, 31),
        birth=date(2000, 3, 12),
        children=(date(2015, 6, 1),),
        absences=(Absence(date(2025, 3, 5), D(3), valid=False),),
        income=(Income(IncomeKind.WORK, "2025-03", hours=D(30)), Income(IncomeKind.DAGPENGER, "2025-03", amount=D(1500))),
        overpayments=(Overpayment(D(2500), "2025-03", D(1000)),),
    )
    _, by_month = months_of(plan)
    march = by_month["2025-03"]
    base_exact = DAY_2024 * (7 * F(2, 3) + 14)  # 7 days under 25, 14 from the birthday
    assert march.base == kr(base_exact) == D("18174.24")
    assert march.child_supplement == D("777.00")  # 21 × 37
    assert march.absence_deduction == kr(3 * DAY_2024 * F(2, 3) / HOURS_PER_DAY) == D("259.63")
    assert march.work_deduction == kr(30 * (base_exact + 21 * 37) / 21 / HOURS_PER_DAY) == D("3609.76")
    assert march.benefit_deduction == D("1500.00")
    assert march.trekk == D("1000.00")
    assert march.total == D("18174.24") + D("777.00") - D("259.63") - D("3609.76") - D("1500.00") - 1000 == D("12581.85")
    assert march.payment_date == date(2025, 4, 10)  # Thursday


# -- trekk (§ 40) ----------------------------------------------------------------------------------


def test_trekk_spread_over_three_months_with_a_cap():
    # 5 000 kr overpaid, recovered from October at most 2 000 kr a month: 2 000 + 2 000 + 1 000.
    # Stipend days (G from 1 May 2025): October 23, November (Sat 1 … Sun 30: 3–7, 10–14, 17–21,
    # 24–28) 20, December (Mon 1 … Wed 31: 1–5, 8–12, 15–19, 22–26, 29–31) 23, January 2026
    # (Thu 1 … Sat 31: 1–2, 5–9, 12–16, 19–23, 26–30) 22.
    trekk = Overpayment(D(5000), "2025-10", D(2000), reason="Feilutbetaling i september")
    result, by_month = months_of(make_plan(date(2025, 9, 1), date(2026, 1, 31), overpayments=(trekk,)))
    assert [by_month[m].trekk for m in ("2025-09", "2025-10", "2025-11", "2025-12", "2026-01")] == [
        D(0), D(2000), D(2000), D(1000), D(0)
    ]  # fmt: skip
    assert by_month["2025-11"].total == kr(20 * DAY_2025) - 2000
    assert by_month["2025-12"].total == kr(23 * DAY_2025) - 1000
    assert by_month["2025-12"].explanation.trekk[0].limited_by == "restbeløpet"
    assert by_month["2025-12"].explanation.trekk[0].remaining == 0
    assert result.overpayments[0].recovered == D(5000) and result.trekk_remaining == 0


def test_trekk_never_takes_more_than_is_left_of_the_month_and_reports_the_balance():
    # November 2025: 20 days → kr(20 × day rate); dagpenger leave exactly 1 500 kr of it.
    november_base = kr(20 * DAY_2025)  # 265 656.56 × 20 ÷ 260 = 20 435.12
    income = (Income(IncomeKind.DAGPENGER, "2025-11", amount=november_base - 1500),)
    trekk = Overpayment(D(9000), "2025-10", D(2000))
    result, by_month = months_of(make_plan(date(2025, 9, 1), date(2026, 1, 31), income=income, overpayments=(trekk,)))
    assert [by_month[m].trekk for m in ("2025-10", "2025-11", "2025-12", "2026-01")] == [D(2000), D(1500), D(2000), D(2000)]
    assert by_month["2025-11"].total == 0
    assert by_month["2025-11"].explanation.trekk[0].limited_by == "det som er igjen av måneden"
    # 9 000 − 2 000 − 1 500 − 2 000 − 2 000 = 1 500 left after the programme
    assert result.overpayments[0].remaining == D(1500) == result.trekk_remaining


# -- payment and projection ------------------------------------------------------------------------


def test_payment_date_moved_back_from_weekend_and_holiday():
    plan = make_plan(date(2026, 3, 2), date(2026, 4, 30))
    _, by_month = months_of(plan)
    assert by_month["2026-03"].payment_date == date(2026, 4, 10)  # Friday 10 April 2026
    assert by_month["2026-04"].payment_date == date(2026, 5, 8)  # Sunday 10 May → Friday 8 May
    _, by_month = months_of(plan, settings=StipendSettings(payment_day=17))
    assert by_month["2026-04"].payment_date == date(2026, 5, 15)  # Sun 17 May (holiday) → Fri 15
    assert by_month["2026-03"].payment_date == date(2026, 4, 17)  # Friday 17 April 2026
    _, by_month = months_of(plan, settings=StipendSettings(payment_day=1))
    # 1 May 2026 is a Friday and a holiday; back would be 30 April, inside April: forward over the
    # weekend to Monday 4 May.
    assert by_month["2026-04"].payment_date == date(2026, 5, 4)


def _params_without_g_after(last: date):
    g = PARAMS["stonad.grunnbelop"]
    truncated = replace(g, values=tuple(v for v in g.values if v[0] <= last))
    return replace(PARAMS, by_name={**PARAMS.by_name, "stonad.grunnbelop": truncated})


def test_projection_after_the_last_known_g():
    # As if run before the G of 1 May 2026 was known: the last G is 130 160 kr from 1 May 2025.
    # April 2026 (Wed 1 … Thu 30): 1–3, 6–10, 13–17, 20–24, 27–30 = 3+5+5+5+4 = 22 weekdays.
    # May 2026 (Fri 1 … Sun 31): 1, 4–8, 11–15, 18–22, 25–29 = 1+5+5+5+5 = 21 weekdays, projected
    # with the last known G.
    params = _params_without_g_after(date(2025, 5, 1))
    result, by_month = months_of(make_plan(date(2026, 4, 1), date(2026, 5, 31)), params)
    assert result.last_known_g_date == date(2025, 5, 1)
    april, may = by_month["2026-04"], by_month["2026-05"]
    assert not april.projected and april.base == kr(22 * DAY_2025)
    assert may.projected and may.base == kr(21 * DAY_2025)
    assert "framskrevet" in may.explanation.summary
    assert result.projected


def test_no_projection_while_the_g_is_known():
    result, _ = months_of(make_plan(date(2026, 4, 1), date(2026, 5, 31)))
    assert not result.projected and result.last_known_g_date == date(2026, 5, 1)


def test_summary_reads_as_norwegian():
    _, by_month = months_of(make_plan(date(2025, 4, 1), date(2025, 5, 31)))
    assert by_month["2025-05"].explanation.summary.startswith("Mai 2025: 22 stønadsdager. Stønad 22 478,63 kr")
    assert "Til utbetaling 22 478,63 kr, tirsdag 10. juni 2025." in by_month["2025-05"].explanation.summary


def test_plan_without_periods_gives_nothing():
    plan = Plan(participant=Participant(birth_date=ADULT), application_date=date(2025, 1, 1))
    result = compute_stipend(plan, PARAMS)
    assert result.months == () and result.total == 0


# -- properties ------------------------------------------------------------------------------------

START = date(2024, 5, 1)
LAST_START = date(2026, 3, 1)


@st.composite
def plans(draw) -> Plan:
    start = draw(st.dates(START, LAST_START))
    end = start + timedelta(days=draw(st.integers(10, 500)))
    months = sorted({month_key(start + timedelta(days=d)) for d in range((end - start).days + 1)})
    day = st.dates(start, end)
    hours = st.decimals(min_value=D("0.5"), max_value=D(10), places=1)
    absences = draw(st.lists(st.builds(Absence, date=day, hours=hours, valid=st.booleans()), max_size=8))
    month = st.sampled_from(months)
    work = st.builds(Income, st.just(IncomeKind.WORK), month, hours=st.decimals(min_value=0, max_value=200, places=1))
    benefit = st.builds(
        Income,
        st.sampled_from([IncomeKind.DAGPENGER, IncomeKind.SYKEPENGER, IncomeKind.FORELDREPENGER]),
        month,
        amount=st.decimals(min_value=0, max_value=40000, places=2),
    )
    income = draw(st.lists(st.one_of(work, benefit), max_size=5))
    overpayments = draw(
        st.lists(
            st.builds(
                Overpayment,
                st.decimals(min_value=1, max_value=30000, places=2),
                month,
                st.decimals(min_value=100, max_value=5000, places=2),
            ),
            max_size=2,
        )
    )
    leaves = ()
    if draw(st.booleans()):
        first = draw(day)
        leaves = (Leave(LeaveKind.INTERRUPTION, first, first + timedelta(days=draw(st.integers(0, 40)))),)
    return make_plan(
        start,
        end,
        birth=draw(st.dates(date(1958, 6, 1), date(2006, 1, 1))),
        children=tuple(draw(st.lists(st.dates(date(2006, 1, 1), date(2027, 12, 31)), max_size=3))),
        leaves=leaves,
        absences=tuple(absences),
        income=tuple(income),
        overpayments=tuple(overpayments),
    )


@settings(max_examples=80, deadline=None)
@given(plans())
def test_total_never_negative_and_lines_add_up(plan):
    result = compute_stipend(plan, PARAMS)
    for m in result.months:
        assert m.total >= 0 and m.floored >= 0 and m.trekk >= 0
        assert m.base + m.child_supplement - m.deductions + m.floored - m.trekk == m.total
    assert result.total == sum(m.total for m in result.months)
    recovered = sum(m.trekk for m in result.months)
    assert recovered + result.trekk_remaining == sum(o.amount for o in plan.overpayments)


@settings(max_examples=60, deadline=None)
@given(plans())
def test_removing_ugyldig_fravaer_never_lowers_a_month(plan):
    before = compute_stipend(plan, PARAMS)
    after = compute_stipend(replace(plan, absences=tuple(a for a in plan.absences if a.valid)), PARAMS)
    for b, a in zip(before.months, after.months, strict=True):
        assert a.total >= b.total, a.month


@settings(max_examples=60, deadline=None)
@given(plans(), st.dates(date(2006, 1, 1), date(2027, 12, 31)))
def test_adding_a_child_never_lowers_a_month(plan, born):
    before = compute_stipend(plan, PARAMS)
    participant = replace(plan.participant, children=plan.participant.children + (Child(born),))
    after = compute_stipend(replace(plan, participant=participant), PARAMS)
    for b, a in zip(before.months, after.months, strict=True):
        assert a.total >= b.total, a.month


@pytest.mark.parametrize("payment_day", [None, 1, 15, 31])
def test_payment_date_is_always_after_the_month(payment_day):
    result, _ = months_of(make_plan(date(2024, 7, 1), date(2026, 12, 31)), settings=StipendSettings(payment_day))
    for m in result.months:
        assert m.payment_date > date.fromisoformat(m.month + "-01") + timedelta(days=27)
        assert month_key(m.payment_date) > m.month
