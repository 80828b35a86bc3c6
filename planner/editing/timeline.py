"""The items the timeline draws, and default dates for a new activity."""


from datetime import date

from planner.calendar import ProgrammeCalendar
from planner.dates import ONE_DAY, add_months
from planner.model import (
    CATEGORY_LABELS_NB,
    LEAVE_LABELS_NB,
    STATUS_LABELS_NB,
    Plan,
)
from planner.params import Parameters

# ------------------------------------------------------------------------------- the timeline


def timeline_items(plan: Plan, params: Parameters, calendar: ProgrammeCalendar | None = None) -> dict[str, list[dict]]:
    """What the timeline draws, as plain rows (dates as `date`):

    - "activities": title, category (label), status (label), start, end (inclusive), hours, id
    - "periods":    label ("Vedtak 1"), start, end, special (bool)
    - "leaves":     label (Ferie/Permisjon/Avbrudd), reason, start, end
    - "evaluations": date, note
    - "markers":    label ("Halvveis", "Siste del starter"), date
    - "final_part": start, end (zero or one row)
    """
    calendar = calendar or ProgrammeCalendar(plan, params)
    activities = [
        {
            "id": a.id,
            "title": a.title,
            "category": CATEGORY_LABELS_NB[a.category],
            "status": STATUS_LABELS_NB[a.status] if a.status else "",
            "start": a.start,
            "end": a.end,
            "hours": float(a.hours_per_week),
        }
        for a in plan.activities
        if a.counts
    ]
    periods = [
        {
            "label": f"Vedtak {i}" + (" (særlige grunner)" if p.special_reasons else ""),
            "start": p.start,
            "end": p.end,
            "special": p.special_reasons,
        }
        for i, p in enumerate(sorted(plan.periods, key=lambda p: p.start), start=1)
    ]
    leaves = [
        {"label": LEAVE_LABELS_NB[x.kind], "reason": x.reason or "", "start": x.start, "end": x.end}
        for x in plan.leaves
    ]
    evaluations = [{"date": e.date, "note": e.note or "Evaluering"} for e in plan.evaluations]
    markers = []
    final_part = []
    if plan.periods:
        if calendar.halfway_day:
            markers.append({"label": "Halvveis", "date": calendar.halfway_day})
        if calendar.final_part:
            first, last = calendar.final_part
            markers.append({"label": "Siste del starter", "date": first})
            final_part.append({"start": first, "end": last})
    return {
        "activities": activities,
        "periods": periods,
        "leaves": leaves,
        "evaluations": evaluations,
        "markers": markers,
        "final_part": final_part,
    }


def default_end(start: date, measure_duration_months: int | None = None, plan: Plan | None = None) -> date:
    """A sensible end for a new activity: `measure_duration_months` after start (3 by default),
    not past the programme's end."""
    end = add_months(start, measure_duration_months or 3) - ONE_DAY
    if plan is not None and plan.end is not None:
        end = min(end, plan.end)
    return max(end, start)
