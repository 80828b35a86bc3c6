"""Kvalifiseringsstønad (sotjl §§ 35–40): the rate timeline, the month-by-month computation and its
explanation. See `docs/stipend.md`.

    from planner.stipend import compute_stipend
    result = compute_stipend(plan, load_parameters())
"""

from planner.stipend.engine import (
    MonthStipend,
    OverpaymentBalance,
    StipendResult,
    StipendSettings,
    compute_stipend,
    payment_date,
)
from planner.stipend.explanation import (
    AbsenceLine,
    BenefitLine,
    MonthExplanation,
    SegmentLine,
    TrekkLine,
    WorkLine,
)
from planner.stipend.money import format_kr, to_ore
from planner.stipend.rates import (
    RateSegment,
    annual_rate,
    child_counts,
    last_known_g_date,
    projection_start,
    rate_share,
    rate_timeline,
    under_full_rate_age,
)

__all__ = [
    "AbsenceLine",
    "BenefitLine",
    "MonthExplanation",
    "MonthStipend",
    "OverpaymentBalance",
    "RateSegment",
    "SegmentLine",
    "StipendResult",
    "StipendSettings",
    "TrekkLine",
    "WorkLine",
    "annual_rate",
    "child_counts",
    "compute_stipend",
    "format_kr",
    "last_known_g_date",
    "payment_date",
    "projection_start",
    "rate_share",
    "rate_timeline",
    "to_ore",
    "under_full_rate_age",
]
