"""What the templates print: the plan (participant's or case copy) and the deltakerbevis, as data.

`build_plan_document` and `build_deltakerbevis_document` are pure: plan + parameters + today in, a
JSON-ready dict out, every value already a finished string in the document's language. The Typst
templates only lay these out; they hold no words of their own and never parse user text as markup
(it arrives through `sys.inputs`, see `render.py`).

The parts a reader meets, in order: the goals in the participant's own words; the programme in
plain words; one Monday–Friday grid per phase (a maximal run of weeks with the same activities);
the activities; the timeline; the evaluations; the money month by month; what the participant must
know; signatures. The case copy adds the facts of the case, the rule findings with their
paragraphs and the "Hvorfor?" of every month's stipend.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from planner.calendar import ProgrammeCalendar
from planner.dates import add_months, age_on, monday_of
from planner.export.fmt import (
    fmt_amount,
    fmt_date,
    fmt_factor,
    fmt_hours,
    fmt_kr,
    fmt_kr_whole,
    fmt_month,
    fmt_percent,
    fmt_short_date,
)
from planner.export.messages import LANGUAGES, Messages
from planner.model import Activity, GoalOutcome, Plan, Status
from planner.params import Parameters

Copy = Literal["participant", "case"]
COPIES = ("participant", "case")
DASH = "–"


# -- small helpers ---------------------------------------------------------------------------------


def resolve_language(plan: Plan, copy: str, language: str | None) -> str:
    """The language asked for; else the participant's own for their copy, bokmål for the case."""
    if copy not in COPIES:
        raise ValueError(f"ukjent eksemplar «{copy}» (gyldige: {', '.join(COPIES)})")
    lang = language or (plan.participant.language if copy == "participant" else "nb")
    if lang not in LANGUAGES:
        raise ValueError(f"ukjent språk «{lang}» (gyldige: {', '.join(LANGUAGES)})")
    return lang


def _months_days(first: date, last: date) -> tuple[int, int]:
    after = last + timedelta(days=1)
    months = (after.year - first.year) * 12 + after.month - first.month
    while months > 0 and add_months(first, months) > after:
        months -= 1
    return months, (after - add_months(first, months)).days


def duration_text(first: date, last: date, m: Messages, *, rounded: bool = False) -> str:
    """`1 år og 3 måneder`: whole years, months and days from `first` to `last` (inclusive).
    `rounded`: to the nearest whole month (for the participant: "omtrent 1 år", not "11 måneder
    og 27 dager"); spans under a month stay in days."""
    months, days = _months_days(first, last)
    if rounded and months:
        months, days = (months + 1 if days >= 15 else months), 0
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(m("duration.year") if years == 1 else m("duration.years", n=years))
    if months:
        parts.append(m("duration.month") if months == 1 else m("duration.months", n=months))
    if days or not parts:
        parts.append(m("duration.day") if days == 1 else m("duration.days", n=days))
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {m('duration.and')} {parts[-1]}"


def params_date(params: Parameters) -> date:
    """The date the parameter set is as of, to print it in any language."""
    return params.as_of


def ruleset_version() -> tuple[str, int]:
    """A short fingerprint of the rule set (ids, paragraphs and law texts) and its size. The core
    has no version number for the rules; this changes whenever a rule's words or reference do."""
    from planner.rules import RULES

    digest = hashlib.sha256()
    for rule in RULES:
        digest.update(f"{rule.id}\x1f{rule.reference}\x1f{rule.law_text}\x1e".encode())
    return digest.hexdigest()[:8], len(RULES)


def _status_label(activity: Activity, m: Messages) -> str:
    return m(f"status.{activity.status.value}") if activity.status else m("status.none")


def _range(first: date, last: date, lang: str, m: Messages) -> str:
    return m("doc.range", start=fmt_date(first, lang), end=fmt_date(last, lang))


def _meta(params: Parameters, today: date, lang: str, m: Messages) -> dict[str, str]:
    when = params_date(params)
    rules = ruleset_version()
    return {
        "printed": m("doc.printed", date=fmt_date(today, lang)),
        "rules_version": m("doc.rules_version", version=rules[0], n=rules[1]),
        "params_version": m("doc.params_version", date=fmt_date(when, lang)),
        "params_raw": params.version,
    }


# -- the week grids (phases) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Phase:
    first: date
    last: date
    activities: tuple[Activity, ...]
    sample_monday: date  # the week whose Monday–Friday the grid shows


def phases(plan: Plan, calendar: ProgrammeCalendar) -> list[Phase]:
    """Maximal runs of weeks with the same set of activities.

    A week's set is the activities planned on at least one of its programme weekdays (by the
    activity's own pattern, so a public holiday does not make an activity vanish from its week).
    Weeks without a working day (a whole week of vacation or leave) neither start nor end a phase.
    The grid of a phase shows its first week in which every activity runs all its days."""
    if calendar.start is None or calendar.end is None:
        return []
    active = [a for a in plan.activities if a.counts]
    runs: list[tuple[frozenset[str], list[date]]] = []
    monday = monday_of(calendar.start)
    while monday <= calendar.end:
        week = [monday + timedelta(days=i) for i in range(5)]
        days = [d for d in week if calendar.in_programme(d)]
        if any(calendar.is_working_day(d) for d in days):
            ids = frozenset(a.id for a in active if any(a.hours_on(d) > 0 for d in days))
            if runs and runs[-1][0] == ids:
                runs[-1][1].append(monday)
            else:
                runs.append((ids, [monday]))
        monday += timedelta(days=7)

    out = []
    for ids, mondays in runs:
        members = tuple(a for a in active if a.id in ids)
        first = max(mondays[0], calendar.start)
        last = min(mondays[-1] + timedelta(days=4), calendar.end)
        sample = next(
            (
                mon
                for mon in mondays
                if all(a.start <= mon and a.end >= mon + timedelta(days=4) for a in members)
                and all(calendar.in_programme(mon + timedelta(days=i)) for i in range(5))
            ),
            mondays[0],
        )
        out.append(Phase(first, last, members, sample))
    return out


def _phase_data(phase: Phase, calendar: ProgrammeCalendar, params: Parameters, lang: str, m: Messages) -> dict:
    week = [phase.sample_monday + timedelta(days=i) for i in range(5)]
    rows = []
    day_totals = [Decimal(0)] * 5
    for activity in phase.activities:
        hours = [activity.hours_on(d) if calendar.in_programme(d) else Decimal(0) for d in week]
        day_totals = [t + h for t, h in zip(day_totals, hours)]
        rows.append(
            {
                "title": activity.title,
                "proposed": activity.status is Status.PROPOSED,
                "status": m("status.proposed") if activity.status is Status.PROPOSED else "",
                "cells": [fmt_hours(h, lang) if h else DASH for h in hours],
                "total": fmt_hours(sum(hours, Decimal(0)), lang),
            }
        )
    planned = sum(day_totals, Decimal(0))
    required = Decimal(params.at("program.timer_per_uke", phase.sample_monday))
    start, end = fmt_date(phase.first, lang), fmt_date(phase.last, lang)
    return {
        "heading": m("week.phase", start=start, end=end),
        "caption": m("week.caption", start=start, end=end),
        "rows": rows,
        "day_totals": [fmt_hours(t, lang) if t else DASH for t in day_totals],
        "total": fmt_hours(planned, lang),
        "sum_line": m("week.sum_line", planned=fmt_hours(planned, lang), required=fmt_hours(required, lang)),
        "short": planned + Decimal("0.01") < required,
    }


# -- the money -------------------------------------------------------------------------------------


def _money(plan: Plan, params: Parameters, stipend, today: date, lang: str, m: Messages, case: bool) -> dict:
    from planner.stipend import annual_rate
    from planner.stipend.rates import full_rate_from

    if stipend is None or not stipend.months:
        return {"paragraphs": [m("money.none")], "rows": [], "total": "", "notes": [], "why": []}
    segments = stipend.rate_segments
    start, end = segments[0].start, segments[-1].end
    ref = min(max(today, start), end)
    seg = next((s for s in segments if s.start <= ref <= s.end), segments[0])
    full_day = Fraction(seg.factor) * Fraction(seg.g) / Fraction(seg.days_per_year)
    changed = max(seg.g_from, params["stonad.satsfaktor"].in_force_from(ref))
    paragraphs = [
        m("money.intro"),
        m(
            "money.basis",
            factor=fmt_factor(seg.factor, lang),
            date=fmt_date(changed, lang),
            annual=fmt_kr_whole(annual_rate(params, ref, under_25=False), lang),
            day=fmt_kr(full_day, lang),
        ),
    ]
    young = [s for s in segments if s.share != 1]
    if young:
        paragraphs.append(m("money.under25", day=fmt_kr(young[0].base_day_rate, lang)))
        full_from = full_rate_from(params, plan.participant.birth_date, young[-1].end)
        if full_from <= end:
            paragraphs.append(m("money.under25_until", date=fmt_date(full_from, lang)))
    with_children = [s for s in segments if s.children]
    if with_children:
        child = next((s for s in with_children if s.start <= ref <= s.end), with_children[0])
        paragraphs.append(m("money.children", n=child.children, amount=fmt_kr(child.barnetillegg, lang)))
    paragraphs.append(m("money.days"))
    paragraphs.append(m("money.tax"))

    rows = []
    for month in stipend.months:
        row = {
            "month": fmt_month(month.month, lang),
            "days": str(month.stipend_days),
            "amount": fmt_kr(month.total, lang),
            "amount_plain": fmt_amount(month.total, lang),
            "paid": fmt_date(month.payment_date, lang),
            "projected": bool(month.projected),
        }
        if case:
            row.update(
                base=fmt_amount(month.base, lang),
                child=fmt_amount(month.child_supplement, lang),
                deductions=fmt_amount(month.absence_deduction + month.work_deduction + month.benefit_deduction - month.floored, lang),
                trekk=fmt_amount(month.trekk, lang),
                paid_short=fmt_short_date(month.payment_date, lang),
            )
        rows.append(row)
    why = []
    if case:
        for month in stipend.months:
            summary = month.explanation.summary
            head, sep, rest = summary.partition(": ")
            if sep and head.lower() == fmt_month(month.month, "nb").lower():  # "Mars 2026: …"
                why.append({"month": f"{head}:", "text": rest})
            else:
                why.append({"month": f"{fmt_month(month.month, lang)}:", "text": summary})
    notes = [m("money.projected")] if any(mo.projected for mo in stipend.months) else []
    return {
        "paragraphs": paragraphs,
        "rows": rows,
        "total": fmt_kr(stipend.total, lang),
        "total_plain": fmt_amount(stipend.total, lang),
        "notes": notes,
        "why": why,
    }


# -- the plan --------------------------------------------------------------------------------------


def build_plan_document(
    plan: Plan,
    params: Parameters,
    *,
    copy: Copy = "participant",
    language: str | None = None,
    today: date,
    chart_svg: str | None = None,
) -> dict[str, Any]:
    """The data the plan template receives. Pure (the chart SVG is made by `render.py` and passed
    in as `chart_svg`; without it the document has the chart's alt text but no picture)."""
    from planner.rules import check_plan
    from planner.stipend import compute_stipend

    lang = resolve_language(plan, copy, language)
    m = Messages(lang)
    case = copy == "case"
    calendar = ProgrammeCalendar(plan, params)
    p = plan.participant
    name = (p.name or "").strip()

    # The programme in plain words.
    programme: list[str] = []
    periods = sorted(plan.periods, key=lambda x: x.start)
    if calendar.start and calendar.end:
        programme.append(m("programme.span", start=fmt_date(calendar.start, lang), end=fmt_date(calendar.end, lang)))
        if case or _months_days(calendar.start, calendar.end)[1] == 0:
            programme.append(m("programme.duration", duration=duration_text(calendar.start, calendar.end, m)))
        else:
            programme.append(m("programme.duration_about", duration=duration_text(calendar.start, calendar.end, m, rounded=True)))
        hours = params.at("program.timer_per_uke", calendar.start)
        programme.append(f"{m('programme.full_time', hours=fmt_hours(hours, lang))} {m('programme.holidays')}")
    else:
        programme.append(m("programme.no_periods"))
    period_lines = []
    for i, period in enumerate(periods):
        line = m("programme.period", n=i + 1, start=fmt_date(period.start, lang), end=fmt_date(period.end, lang))
        if period.special_reasons:
            line += f" ({m('programme.period_special')})"
        if case and period.decision_date:
            line += f", {m('case.decision_date', date=fmt_date(period.decision_date, lang))}"
        period_lines.append(line)
    leave_lines = [
        m("programme.leave", kind=m(f"leave.{l.kind.value}"), start=fmt_date(l.start, lang), end=fmt_date(l.end, lang))
        + (f" ({l.reason})" if l.reason and case else "")
        for l in sorted(plan.leaves, key=lambda l: l.start)
    ]
    milestones = []
    if calendar.halfway_day:
        milestones.append(m("programme.halfway", date=fmt_date(calendar.halfway_day, lang)))
    if calendar.final_part:
        milestones.append(m("programme.final_part", date=fmt_date(calendar.final_part[0], lang)))

    # The activities.
    shown = [a for a in plan.activities if case or a.counts]
    shown.sort(key=lambda a: (a.start, a.end))
    activities = []
    for a in shown:
        details = [m("activities.category", category=m(f"category.{a.category.value}"))]
        if a.provider:
            details.append(m("activities.provider", provider=a.provider))
        if case and a.justification:
            details.append(m("activities.justification", text=a.justification))
        activities.append(
            {
                "title": a.title,
                "details": details,
                "when": _range(a.start, a.end, lang, m),
                "hours": fmt_hours(a.hours_per_week, lang),
                "status": _status_label(a, m),
                "proposed": a.status is Status.PROPOSED,
                "cancelled": not a.counts,
            }
        )

    stipend = compute_stipend(plan, params) if plan.periods else None
    check = check_plan(plan, params, calendar=calendar) if case else None

    from planner.export.chart import timeline_alt_text

    doc: dict[str, Any] = {
        "kind": "plan",
        "lang": lang,
        "copy": copy,
        "title": m("doc.title_case") if case else (m("doc.title_plan_named", name=name) if name else m("doc.title_plan")),
        "heading": m("doc.title_case") if case else m("doc.title_plan"),
        "subtitle": m("doc.programme_name"),
        "copy_label": m("doc.copy_case") if case else m("doc.copy_participant"),
        "name": name,
        "today": today.isoformat(),
        "t": m.table,
        "meta": _meta(params, today, lang, m),
        "intro": [m("intro.case")] if case else [m("intro.plan"), m("intro.plan_help")],
        "goals": {
            "heading": m("goals.heading_case") if case else m("goals.heading"),
            "main": plan.goals.main.strip(),
            "occupation": (plan.goals.occupation or "").strip(),
            "sub_goals": [
                {"text": g.text, "deadline": fmt_date(g.deadline, lang) if g.deadline else DASH, "responsible": g.responsible or DASH}
                for g in plan.goals.sub_goals
            ],
        },
        "programme": {
            "heading": m("programme.heading_case") if case else m("programme.heading"),
            "paragraphs": programme,
            "periods": period_lines,
            "leaves": leave_lines,
            "milestones": milestones,
        },
        "phases": [_phase_data(ph, calendar, params, lang, m) for ph in phases(plan, calendar)],
        "activities": activities,
        "has_proposed": any(a["proposed"] for a in activities),
        "chart": {"svg": chart_svg, "alt": timeline_alt_text(plan, params, lang, calendar=calendar)},
        "evaluations": [
            {"date": fmt_date(e.date, lang), "note": e.note or ""} for e in sorted(plan.evaluations, key=lambda e: e.date)
        ],
        "money": _money(plan, params, stipend, today, lang, m, case),
        "know": [
            {"title": m(f"know.{key}.title"), "text": m(f"know.{key}.text")} for key in ("absence", "income", "paid", "ip", "appeal")
        ],
        "law": m("know.law"),
        "signature": {"intro": m("sign.intro"), "participant": name},
        "facts": None,
        "findings": None,
    }
    if case:
        facts = [
            {"label": m("doc.name"), "value": name or DASH},
            {"label": m("case.birth_date"), "value": fmt_date(p.birth_date, lang)},
        ]
        if calendar.start:
            facts.append({"label": m("case.age"), "value": str(age_on(p.birth_date, calendar.start))})
        facts.append({"label": m("case.application_date"), "value": fmt_date(plan.application_date, lang)})
        facts.append({"label": m("case.children"), "value": str(len(p.children))})
        facts.append({"label": m("case.language"), "value": p.language})
        doc["facts"] = facts
        rows = []
        for f in check.findings:
            detail = []
            if f.weeks:
                weeks = list(f.weeks)
                detail.append(m("case.weeks", weeks=", ".join(weeks[:12]) + (f" (+{len(weeks) - 12})" if len(weeks) > 12 else "")))
            if f.date:
                detail.append(m("case.date", date=fmt_date(f.date, lang)))
            summary = f.explanation.summary
            rows.append(
                {
                    "severity": m(f"severity.{f.severity.value}"),
                    "level": f.severity.value,
                    "rule": f.rule,
                    "message": f.message,
                    "why": summary if summary and summary != f.message else "",
                    "reference": f.reference,
                    "detail": " ".join(detail),
                }
            )
        doc["findings"] = {
            "intro": m("case.findings_intro", date=fmt_date(today, lang), errors=check.errors, warnings=check.warnings),
            "rows": rows,
            "none": m("case.findings_none"),
        }
    return doc


# -- the deltakerbevis -----------------------------------------------------------------------------


def build_deltakerbevis_document(
    plan: Plan,
    params: Parameters,
    *,
    language: str | None = None,
    today: date,
    own_words: str | None = None,
) -> dict[str, Any]:
    """The data of the deltakerbevis (forskrift § 1): content, duration, attendance, goals and
    competence, and the participant's own words. The programme ends at `plan.ended` if it was
    broken off, else at the end of the last period."""
    lang = resolve_language(plan, "participant", language)
    m = Messages(lang)
    calendar = ProgrammeCalendar(plan, params)
    p = plan.participant
    name = (p.name or "").strip()
    who, who_start = (name, name) if name else (m("doc.no_name"), m("doc.no_name_start"))
    start, planned_end = calendar.start, calendar.end
    if start is None or planned_end is None:
        raise ValueError("planen har ingen vedtaksperioder; et deltakerbevis trenger en programperiode")
    end = min(plan.ended, planned_end) if plan.ended else planned_end
    end = max(end, start)

    summary = [m("bevis.participated", name=who_start, start=fmt_date(start, lang), end=fmt_date(end, lang))]
    if plan.ended and plan.ended < planned_end:
        summary.append(m("bevis.ended_early", date=fmt_date(plan.ended, lang), planned=fmt_date(planned_end, lang)))
    if _months_days(start, end)[1] == 0 or _months_days(start, end)[0] == 0:
        summary.append(m("bevis.duration", duration=duration_text(start, end, m)))
    else:
        summary.append(m("bevis.duration_about", duration=duration_text(start, end, m, rounded=True)))

    taken = [
        a
        for a in plan.activities
        if a.counts and a.status is not Status.PROPOSED and a.start <= end and a.end >= start
    ]
    taken.sort(key=lambda a: (a.start, a.end))
    content = [
        {
            "title": a.title,
            "details": [m("activities.category", category=m(f"category.{a.category.value}"))]
            + ([m("activities.provider", provider=a.provider)] if a.provider else []),
            "when": _range(max(a.start, start), min(a.end, end), lang, m),
            "hours": fmt_hours(a.hours_per_week, lang),
            "status": m("bevis.status_completed") if a.status is Status.COMPLETED else m("bevis.status_taken"),
        }
        for a in taken
    ]

    stipend_days = [d for d in calendar.stipend_days if d <= end]
    working = [d for d in calendar.working_days if start <= d <= end]
    planned_hours = sum((calendar.required_hours_on(d) for d in working), Decimal(0))
    inside = [a for a in plan.absences if start <= a.date <= end]
    valid = [a for a in inside if a.valid]
    invalid = [a for a in inside if not a.valid]
    absent = sum((a.hours for a in inside), Decimal(0))
    share = (planned_hours - absent) / planned_hours if planned_hours else Decimal(1)
    attendance = [
        {"label": m("bevis.att_days"), "value": str(len(stipend_days))},
        {"label": m("bevis.att_valid_hours"), "value": fmt_hours(sum((a.hours for a in valid), Decimal(0)), lang)},
        {"label": m("bevis.att_valid_days"), "value": str(len({a.date for a in valid}))},
        {"label": m("bevis.att_invalid_hours"), "value": fmt_hours(sum((a.hours for a in invalid), Decimal(0)), lang)},
        {"label": m("bevis.att_invalid_days"), "value": str(len({a.date for a in invalid}))},
        {"label": m("bevis.att_share"), "value": fmt_percent(max(share, Decimal(0)), lang)},
    ]

    goals = []
    if plan.goals.main.strip():
        goals.append({"kind": m("goals.main"), "text": plan.goals.main.strip(), "deadline": "", "reached": ""})
    if (plan.goals.occupation or "").strip():
        goals.append({"kind": m("goals.occupation"), "text": plan.goals.occupation.strip(), "deadline": "", "reached": ""})
    outcome = {
        GoalOutcome.REACHED: m("bevis.reached_yes"),
        GoalOutcome.PARTLY: m("bevis.reached_partly"),
        GoalOutcome.NOT_REACHED: m("bevis.reached_no"),
    }
    for g in plan.goals.sub_goals:
        goals.append(
            {
                "kind": m("goals.sub_text"),
                "text": g.text,
                "deadline": fmt_date(g.deadline, lang) if g.deadline else "",
                "reached": outcome[g.reached] if g.reached else "",
            }
        )

    return {
        "kind": "deltakerbevis",
        "lang": lang,
        "copy": "participant",
        "title": f"{m('bevis.title')} – {name}" if name else m("bevis.title"),
        "heading": m("bevis.title"),
        "subtitle": m("bevis.subtitle"),
        "name": name,
        "birth_date": fmt_date(p.birth_date, lang),
        "today": today.isoformat(),
        "t": m.table,
        "meta": _meta(params, today, lang, m),
        "summary": summary,
        "content_intro": m("bevis.content_intro", name=who),
        "content": content,
        "content_none": m("bevis.none_agreed")
        if any(a.counts and a.status is Status.PROPOSED for a in plan.activities)
        else m("activities.none"),
        "attendance": attendance,
        "goals": goals,
        "competence_intro": m("bevis.competence_intro", name=who),
        "competence": [c for c in plan.competence if c.strip()],
        "own_words": (own_words or "").strip(),
        "signature": {"intro": m("bevis.sign_intro"), "participant": name},
    }
