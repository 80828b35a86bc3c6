"""The timeline for the printed plan: a Vega-Lite chart (Altair) → SVG with vl-convert, + alt text.

One row per activity, coloured by category and sorted by category, then start. Behind the bars: the
vedtak periods (alternating bands, labelled above the plot), leave and vacation (grey bands) and the
final part (a warm band). A dashed line marks the halfway day, a triangle on the time axis each
evaluation. Proposed activities are drawn as dashed outlines. Everything the chart shows is also
said in words by `timeline_alt_text`, which the PDF carries as the figure's alt text.

Colours meet WCAG's 3:1 for graphics against white (all ≥ 4.5:1), and colour is never the only
carrier: every bar is on a labelled row, and the legend names the categories.

The spec is built as plain data (`timeline_spec`): Altair's schema machinery costs ~0.2 s per chart,
more than the whole PDF. `timeline_chart` wraps the same spec as an `altair` chart for callers who
want one. User text (activity titles) enters only as data values, never inside a Vega expression.
Self-contained: the app's interactive timeline is built elsewhere.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import altair as alt

from planner.calendar import ProgrammeCalendar
from planner.export.fmt import fmt_date
from planner.export.messages import Messages
from planner.model import Category, Plan, Status
from planner.params import Parameters

#: Category colours, in legend order. Contrast against white: all ≥ 4.5:1.
CATEGORY_COLOURS: dict[Category, str] = {
    Category.WORK_DIRECTED: "#005B99",  # blue
    Category.JOB_SEEKING: "#A84300",  # dark orange
    Category.PAID_WORK: "#5B2A86",  # purple
    Category.SUPPORTING: "#00704F",  # green
    Category.HEALTH: "#B0124E",  # raspberry
    Category.FOLLOW_UP: "#4D4D4D",  # grey
}
PERIOD_FILLS = ("#EEF2F7", "#FFFFFF")
LEAVE_FILL = "#D4D4D4"
FINAL_FILL = "#FBE3CC"
INK = "#1A1A1A"
ROW_HEIGHT = 30
TITLE_LIMIT = 30  # characters of an activity title on the chart (the tables print it in full)
#: The SVG is drawn 627 px wide and placed 470 pt wide (the text width of an A4 page with 2.2 cm
#: margins): 0.75 pt per px, so 15 px text prints at 11.25 pt.
WIDTH = 627
FONT_SIZE = 15

_MONTHS_SHORT = {
    "nb": ["jan", "feb", "mars", "apr", "mai", "juni", "juli", "aug", "sep", "okt", "nov", "des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
_MONTHS_SHORT["nn"] = _MONTHS_SHORT["nb"]  # the same in nynorsk


def _time_locale(lang: str) -> dict:
    """A d3 time-format locale; only the short month names are printed (on the time axis)."""
    months = _MONTHS_SHORT[lang]
    return {
        "dateTime": "%x, %X",
        "date": "%d.%m.%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": [""] * 7,
        "shortDays": [""] * 7,
        "months": months,
        "shortMonths": months,
    }


def _iso(day: date) -> str:
    return day.isoformat()


def _after(day: date) -> str:
    """Bars end at the start of the day after an inclusive end date."""
    return _iso(day + timedelta(days=1))


def _shorten(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1].rstrip() + "…"


def _ordered_activities(plan: Plan):
    order = list(CATEGORY_COLOURS)
    return sorted((a for a in plan.activities if a.counts), key=lambda a: (order.index(a.category), a.start, a.end))


def _span(plan: Plan, calendar: ProgrammeCalendar) -> tuple[date, date]:
    if calendar.start is not None and calendar.end is not None:
        return calendar.start, calendar.end
    start = min((a.start for a in plan.activities), default=plan.application_date)
    return start, max((a.end for a in plan.activities), default=start)


def timeline_spec(
    plan: Plan,
    params: Parameters,
    language: str = "nb",
    *,
    calendar: ProgrammeCalendar | None = None,
    width: int = WIDTH,
    font: str = "sans-serif",
) -> dict:
    """The timeline as a Vega-Lite spec (a plain dict)."""
    m = Messages(language)
    calendar = calendar or ProgrammeCalendar(plan, params)
    start, end = _span(plan, calendar)
    activities = _ordered_activities(plan)

    rows, seen = [], {}
    for index, activity in enumerate(activities):
        label = _shorten(activity.title) or "–"
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:  # two activities with the same title get a row each
            label = f"{label} ({seen[label]})"
        rows.append(
            {
                "row": label,
                "order": index,
                "category": m(f"category.{activity.category.value}"),
                "start": _iso(activity.start),
                "end": _after(activity.end),
                "proposed": activity.status is Status.PROPOSED,
            }
        )
    height = max(len(rows), 1) * ROW_HEIGHT
    present = [c for c in CATEGORY_COLOURS if any(a.category is c for a in activities)] or [Category.WORK_DIRECTED]
    colour = {
        "field": "category",
        "type": "nominal",
        "scale": {"domain": [m(f"category.{c.value}") for c in present], "range": [CATEGORY_COLOURS[c] for c in present]},
        "legend": {
            "title": None,
            "orient": "bottom",
            "direction": "horizontal",
            "columns": 3,
            "labelFontSize": FONT_SIZE,
            "labelColor": INK,
            "symbolType": "square",
            "symbolSize": 220,
            "labelLimit": 0,
            "columnPadding": 14,
            "offset": 14,
        },
    }
    long = (end - start).days > 500
    x_axis = {
        "title": None,
        "format": "%b %Y",
        "labelFontSize": FONT_SIZE,
        "labelColor": INK,
        "grid": False,
        "tickCount": {"interval": "month", "step": 4 if long else 2},
        "labelOverlap": True,
        "labelFlush": True,
    }
    x_scale = {"domain": [_iso(start), _after(end)], "type": "utc", "nice": False}

    def x(field: str = "start") -> dict:  # every layer shares the scale and the axis
        return {"field": field, "type": "temporal", "scale": x_scale, "axis": x_axis}

    def text_mark(**extra) -> dict:
        return {"type": "text", "fontSize": FONT_SIZE, "color": INK, "font": font, **extra}

    layers: list[dict] = []
    periods = sorted(plan.periods, key=lambda p: p.start)
    period_rows = [
        {"start": _iso(p.start), "end": _after(p.end), "label": m("chart.period", n=i + 1), "fill": PERIOD_FILLS[i % 2]}
        for i, p in enumerate(periods)
    ]
    if period_rows:
        layers.append(
            {
                "data": {"values": period_rows},
                "mark": {"type": "rect", "stroke": "#8A99AD", "strokeWidth": 0.8},
                "encoding": {"x": x(), "x2": {"field": "end"}, "fill": {"field": "fill", "type": "nominal", "scale": None, "legend": None}},
            }
        )
        layers.append(
            {
                "data": {"values": period_rows},
                "mark": text_mark(align="left", baseline="bottom", dx=3, dy=-22),
                "encoding": {"x": x(), "text": {"field": "label", "type": "nominal"}, "y": {"value": 0}},
            }
        )
    leaves = [{"start": _iso(l.start), "end": _after(l.end)} for l in plan.leaves if l.end >= start and l.start <= end]
    if leaves:
        layers.append(
            {"data": {"values": leaves}, "mark": {"type": "rect", "fill": LEAVE_FILL}, "encoding": {"x": x(), "x2": {"field": "end"}}}
        )
    final = calendar.final_part
    if final is not None:
        layers.append(
            {
                "data": {"values": [{"start": _iso(final[0]), "end": _after(final[1])}]},
                "mark": {"type": "rect", "fill": FINAL_FILL},
                "encoding": {"x": x(), "x2": {"field": "end"}},
            }
        )

    if rows:
        y = {
            "field": "row",
            "type": "nominal",
            "sort": {"field": "order"},
            "title": None,
            "scale": {"paddingInner": 0.32, "paddingOuter": 0.2},
            # labelLimit 0: no limit. Titles are cut to TITLE_LIMIT characters in Python; Vega's
            # own cutting measures every label letter by letter (≈ 0.25 s for 18 rows).
            "axis": {"labelLimit": 0, "labelFontSize": FONT_SIZE, "labelColor": INK, "ticks": False, "domain": False, "labelPadding": 6},
        }
        layers.append(
            {
                "data": {"values": rows},
                "transform": [{"filter": "!datum.proposed"}],
                "mark": {"type": "bar", "cornerRadius": 3},
                "encoding": {"x": x(), "x2": {"field": "end"}, "y": y, "color": colour},
            }
        )
        layers.append(
            {
                "data": {"values": rows},
                "transform": [{"filter": "datum.proposed"}],
                "mark": {"type": "bar", "cornerRadius": 3, "fill": "white", "strokeWidth": 2.2, "strokeDash": [5, 3]},
                "encoding": {"x": x(), "x2": {"field": "end"}, "y": y, "stroke": {**colour, "legend": None}},
            }
        )
    if calendar.halfway_day is not None:
        layers.append(
            {
                "data": {"values": [{"day": _iso(calendar.halfway_day)}]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "strokeWidth": 1.8, "color": INK},
                "encoding": {"x": x("day")},
            }
        )
        layers.append(
            {
                "data": {"values": [{"day": _iso(calendar.halfway_day), "label": m("chart.halfway")}]},
                "mark": text_mark(align="left", baseline="bottom", dx=3, dy=-3),
                "encoding": {"x": x("day"), "text": {"field": "label", "type": "nominal"}, "y": {"value": 0}},
            }
        )
    if final is not None:  # labelled at its end, so the label stays inside the chart
        layers.append(
            {
                "data": {"values": [{"day": _after(final[1]), "label": m("chart.final")}]},
                "mark": text_mark(align="right", baseline="bottom", dx=-3, dy=-3),
                "encoding": {"x": x("day"), "text": {"field": "label", "type": "nominal"}, "y": {"value": 0}},
            }
        )
    evaluations = [{"day": _iso(e.date)} for e in plan.evaluations if start <= e.date <= end]
    if evaluations:
        layers.append(
            {
                "data": {"values": evaluations},
                "mark": {"type": "point", "shape": "triangle-up", "filled": True, "size": 130, "color": INK, "opacity": 1},
                "encoding": {"x": x("day"), "y": {"value": height}},
            }
        )
    if not layers:
        layers.append({"data": {"values": []}, "mark": "point"})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": width,
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "background": "white",
        "padding": {"left": 2, "right": 16, "top": 40, "bottom": 2},
        "config": {"view": {"stroke": None}, "font": font},
        "layer": layers,
    }


def timeline_chart(
    plan: Plan,
    params: Parameters,
    language: str = "nb",
    *,
    calendar: ProgrammeCalendar | None = None,
    width: int = WIDTH,
    font: str = "sans-serif",
) -> alt.LayerChart:
    """The same timeline as an Altair chart."""
    spec = timeline_spec(plan, params, language, calendar=calendar, width=width, font=font)
    layers = [alt.Chart.from_dict(layer) for layer in spec["layer"]]
    top = {key: value for key, value in spec.items() if key not in ("layer", "config", "$schema")}
    return alt.layer(*layers).properties(**top).configure(**spec["config"])


@lru_cache(maxsize=4)
def _register_fonts(directory: str | None) -> None:
    if directory:
        import vl_convert as vlc

        vlc.register_font_directory(directory)


def timeline_svg(
    plan: Plan,
    params: Parameters,
    language: str = "nb",
    *,
    calendar: ProgrammeCalendar | None = None,
    font: str = "sans-serif",
    font_dir: str | None = None,
    width: int = WIDTH,
) -> str:
    """The timeline as an SVG document (text kept as text, set in `font`; `font_dir` lets
    vl-convert measure it with the same font the PDF uses)."""
    import vl_convert as vlc

    _register_fonts(font_dir)
    spec = timeline_spec(plan, params, language, calendar=calendar, font=font, width=width)
    return vlc.vegalite_to_svg(spec, time_format_locale=_time_locale(language))


def timeline_alt_text(plan: Plan, params: Parameters, language: str = "nb", *, calendar: ProgrammeCalendar | None = None) -> str:
    """The timeline said in words, in the order a reader would look at it."""
    m = Messages(language)
    calendar = calendar or ProgrammeCalendar(plan, params)

    def d(day: date) -> str:  # alt text is read aloud: ordinary spaces
        return fmt_date(day, language).replace("\u00a0", " ")

    parts = []
    if calendar.start is not None and calendar.end is not None:
        parts.append(m("chart.alt_intro", start=d(calendar.start), end=d(calendar.end)))
    periods = sorted(plan.periods, key=lambda p: p.start)
    if len(periods) > 1:
        parts.append(m("chart.alt_periods", list="; ".join(m("doc.range", start=d(p.start), end=d(p.end)) for p in periods)))
    activities = _ordered_activities(plan)
    if activities:
        parts.append(m("chart.alt_activities"))
        for a in activities:
            title = " ".join(a.title.split())
            if a.status is Status.PROPOSED:
                title = f"{title} – {m('status.proposed')}"
            parts.append(m("chart.alt_activity", title=title, category=m(f"category.{a.category.value}"), start=d(a.start), end=d(a.end)))
    if plan.leaves:
        leaves = "; ".join(f"{m('leave.' + l.kind.value)} {m('doc.range', start=d(l.start), end=d(l.end))}" for l in plan.leaves)
        parts.append(m("chart.alt_leaves", list=leaves))
    if calendar.halfway_day is not None:
        parts.append(m("chart.alt_halfway", date=d(calendar.halfway_day)))
    if calendar.final_part is not None:
        parts.append(m("chart.alt_final", start=d(calendar.final_part[0]), end=d(calendar.final_part[1])))
    if plan.evaluations:
        parts.append(m("chart.alt_evaluations", list="; ".join(d(e.date) for e in sorted(plan.evaluations, key=lambda e: e.date))))
    return " ".join(parts)
