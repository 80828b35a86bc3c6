"""The Altair charts: the programme timeline and the stipend per month.

Norwegian numbers and dates inside the chart come from Vega's own locale support: the spec's
`config.locale` (Vega ≥ 5.12; Vega-Lite passes it through). Streamlit drops `usermeta.embedOptions`
other than theme/renderer/padding, so `formatLocale` as an embed option would be lost; the config
route survives. Charts get an explicit height, a title and a description (accessible name).
"""

from __future__ import annotations

from datetime import timedelta

import altair as alt
import pandas as pd

from app_ui.fmt import CATEGORY_COLOURS, CATEGORY_PLAIN, MONTHS_NB
from planner.model import CATEGORY_LABELS_NB

NB_NO_LOCALE = {
    "number": {
        "decimal": ",",
        "thousands": "\u00a0",  # a space that does not break
        "grouping": [3],
        "currency": ["", "\u00a0kr"],
        "minus": "\u2212",
    },
    "time": {
        "dateTime": "%A %e. %B %Y kl. %X",
        "date": "%d.%m.%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
        "shortDays": ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
        "months": list(MONTHS_NB),
        "shortMonths": ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"],
    },
}

LEAVE_COLOURS = {"Ferie": "#7F7F7F", "Permisjon": "#8C6BB1", "Avbrudd": "#B2182B"}
LANE_PERIODS = "Vedtaksperioder"
LANE_LEAVE = "Ferie, permisjon, avbrudd"
LANE_EVALUATIONS = "Evalueringer"
ROW_HEIGHT = 26
# Each activity has its own row, named "title<mark>id" so two activities with the same title stay
# apart; the axis shows the title only. U+2063 (invisible separator) is never in a title.
LANE_ID_MARK = "\u2063"


# One config for every chart, given when the top-level chart is made (each .configure_*() call
# would copy the whole chart: Altair copies are the slow part of building a chart).
CONFIG = {
    "locale": NB_NO_LOCALE,
    "font": "Source Sans Pro, sans-serif",
    "axis": {"labelFontSize": 12, "titleFontSize": 13, "labelColor": "#31333F", "titleColor": "#31333F"},
    "legend": {"labelFontSize": 12, "titleFontSize": 13, "labelLimit": 260, "labelColor": "#31333F",
               "titleColor": "#31333F"},
}


def _day(d) -> pd.Timestamp:
    return pd.Timestamp(d)


PLAIN_LANES = {LANE_PERIODS: "Programmet", LANE_LEAVE: "Ferie og fri", LANE_EVALUATIONS: "Vi ser på planen"}


def timeline_chart(items: dict[str, list[dict]], *, plain: bool = False, title: str = "Programmet over tid"):
    """Activities by category as bars, vedtak periods, leave, evaluations (points and rules), the
    halfway point and the final part. Returns (chart, height, description). `plain`: the
    participant view's words for the categories and the rows."""
    if plain:
        words = {CATEGORY_LABELS_NB[c]: CATEGORY_PLAIN[c] for c in CATEGORY_LABELS_NB}
        items = {**items, "activities": [{**a, "category": words.get(a["category"], a["category"])} for a in items["activities"]]}
    lane_periods, lane_leave, lane_evaluations = (
        (PLAIN_LANES[LANE_PERIODS], PLAIN_LANES[LANE_LEAVE], PLAIN_LANES[LANE_EVALUATIONS])
        if plain else (LANE_PERIODS, LANE_LEAVE, LANE_EVALUATIONS)
    )
    lanes: list[str] = [lane_periods]
    rows = []
    for p in items["periods"]:
        rows.append({
            "lane": lane_periods, "label": p["label"], "kind": "Vedtak", "start": _day(p["start"]),
            "end": _day(p["end"] + timedelta(days=1)), "from": p["start"].strftime("%d.%m.%Y"),
            "to": p["end"].strftime("%d.%m.%Y"), "detail": "Særlige grunner (sotjl § 32)" if p["special"] else "",
        })
    if items["leaves"]:
        lanes.append(lane_leave)
    for x in items["leaves"]:
        rows.append({
            "lane": lane_leave, "label": x["label"], "kind": x["label"], "start": _day(x["start"]),
            "end": _day(x["end"] + timedelta(days=1)), "from": x["start"].strftime("%d.%m.%Y"),
            "to": x["end"].strftime("%d.%m.%Y"), "detail": x["reason"],
        })
    frame = pd.DataFrame(rows, columns=["lane", "label", "kind", "start", "end", "from", "to", "detail"])

    acts = pd.DataFrame(
        [
            {
                "lane": f"{a['title']}{LANE_ID_MARK}{a['id']}", "title": a["title"], "category": a["category"],
                "status": a["status"] or "", "start": _day(a["start"]), "end": _day(a["end"] + timedelta(days=1)),
                "from": a["start"].strftime("%d.%m.%Y"), "to": a["end"].strftime("%d.%m.%Y"), "hours": a["hours"],
            }
            for a in sorted(items["activities"], key=lambda a: (a["start"], a["end"]))
        ],
        columns=["lane", "title", "category", "status", "start", "end", "from", "to", "hours"],
    )
    activity_lanes = list(dict.fromkeys(acts["lane"])) if len(acts) else []
    lanes += activity_lanes
    if items["evaluations"]:
        lanes.append(lane_evaluations)
    # Streamlit fits the whole chart (title, axis, legend included) into `height`: leave room for them.
    height = max(300, ROW_HEIGHT * len(lanes) + 200)

    y = alt.Y("lane:N", sort=lanes, title=None, scale=alt.Scale(domain=lanes),
              axis=alt.Axis(labelLimit=320, labelExpr=f"split(datum.label, '{LANE_ID_MARK}')[0]"))
    x_axis = alt.Axis(format="%b %Y", labelAngle=0, title=None, tickCount="month", grid=True, labelOverlap=True)
    layers = []

    if len(frame):
        periods = frame[frame["lane"] == lane_periods]
        layers.append(
            alt.Chart(periods).mark_bar(color="#D0D5DD", stroke="#6B7280", strokeWidth=1, cornerRadius=2).encode(
                x=alt.X("start:T", axis=x_axis), x2="end:T", y=y,
                tooltip=[alt.Tooltip("label:N", title="Periode"), alt.Tooltip("from:N", title="Fra"),
                         alt.Tooltip("to:N", title="Til"), alt.Tooltip("detail:N", title="Merknad")],
            )
        )
        leaves = frame[frame["lane"] == lane_leave]
        if len(leaves):
            layers.append(
                alt.Chart(leaves).mark_bar(cornerRadius=2, opacity=0.85).encode(
                    x=alt.X("start:T", axis=x_axis), x2="end:T", y=y,
                    color=alt.Color("kind:N", title="Fravær",
                                    scale=alt.Scale(domain=list(LEAVE_COLOURS), range=list(LEAVE_COLOURS.values())),
                                    legend=alt.Legend(orient="bottom")),
                    tooltip=[alt.Tooltip("label:N", title="Type"), alt.Tooltip("from:N", title="Fra"),
                             alt.Tooltip("to:N", title="Til"), alt.Tooltip("detail:N", title="Årsak")],
                )
            )
    if items["final_part"]:
        part = items["final_part"][0]
        shade = pd.DataFrame([{"start": _day(part["start"]), "end": _day(part["end"] + timedelta(days=1)),
                               "label": "Siste del (arbeidssøking skal være med)"}])
        layers.insert(0, alt.Chart(shade).mark_rect(color="#D55E00", opacity=0.08).encode(
            x=alt.X("start:T", axis=x_axis), x2="end:T",
            tooltip=[alt.Tooltip("label:N", title="Periode")],
        ))
    if len(acts):
        domain = [(CATEGORY_PLAIN if plain else CATEGORY_LABELS_NB)[c] for c in CATEGORY_LABELS_NB]
        colours = [CATEGORY_COLOURS[c] for c in CATEGORY_LABELS_NB]
        layers.append(
            alt.Chart(acts).mark_bar(cornerRadius=3, height=ROW_HEIGHT - 8).encode(
                x=alt.X("start:T", axis=x_axis), x2="end:T", y=y,
                color=alt.Color("category:N", title="Kategori", scale=alt.Scale(domain=domain, range=colours),
                                legend=alt.Legend(orient="bottom", columns=3)),
                opacity=alt.condition(alt.datum.status == "Forslag", alt.value(0.55), alt.value(1.0)),
                tooltip=[alt.Tooltip("title:N", title="Aktivitet"), alt.Tooltip("category:N", title="Kategori"),
                         alt.Tooltip("status:N", title="Status"), alt.Tooltip("from:N", title="Fra"),
                         alt.Tooltip("to:N", title="Til"), alt.Tooltip("hours:Q", title="Timer per uke", format=",.2~f")],
            )
        )
    if items["evaluations"]:
        evals = pd.DataFrame([{"date": _day(e["date"]), "note": e["note"], "lane": lane_evaluations,
                               "when": e["date"].strftime("%d.%m.%Y")} for e in items["evaluations"]])
        layers.append(alt.Chart(evals).mark_rule(color="#31333F", strokeDash=[2, 3], opacity=0.6).encode(
            x=alt.X("date:T", axis=x_axis)))
        layers.append(alt.Chart(evals).mark_point(shape="diamond", size=140, filled=True, color="#31333F").encode(
            x=alt.X("date:T", axis=x_axis), y=y,
            tooltip=[alt.Tooltip("note:N", title="Evaluering"), alt.Tooltip("when:N", title="Dato")]))
    if items["markers"]:
        marks = pd.DataFrame([{"date": _day(m["date"]), "label": m["label"], "when": m["date"].strftime("%d.%m.%Y")}
                              for m in items["markers"]])
        layers.append(alt.Chart(marks).mark_rule(color="#B2182B", strokeWidth=2).encode(
            x=alt.X("date:T", axis=x_axis),
            tooltip=[alt.Tooltip("label:N", title="Merke"), alt.Tooltip("when:N", title="Dato")]))
        layers.append(alt.Chart(marks).mark_text(align="left", dx=4, dy=-4, baseline="bottom", color="#B2182B",
                                                 fontSize=12, fontWeight="bold").encode(
            x=alt.X("date:T", axis=x_axis), y=alt.value(0), text="label:N"))

    description = _timeline_description(items, plain)
    chart = alt.layer(
        *layers,
        resolve={"scale": {"color": "independent"}},
        title={"text": title, "anchor": "start", "fontSize": 16},
        description=description,
        height=height,
        width="container",
        config=CONFIG,
    )
    return chart, height, description


def _timeline_description(items: dict[str, list[dict]], plain: bool) -> str:
    acts = items["activities"]
    parts = []
    if items["periods"]:
        first = items["periods"][0]["start"]
        last = items["periods"][-1]["end"]
        parts.append(f"Programmet går fra {first.strftime('%d.%m.%Y')} til {last.strftime('%d.%m.%Y')}")
    parts.append(f"{len(acts)} aktiviteter vist som stolper per kategori")
    if items["leaves"]:
        parts.append(f"{len(items['leaves'])} perioder med ferie, permisjon eller avbrudd")
    if items["evaluations"]:
        parts.append(f"{len(items['evaluations'])} evalueringer som punkter")
    for m in items["markers"]:
        parts.append(f"{m['label'].lower()} {m['date'].strftime('%d.%m.%Y')}")
    return "Tidslinje. " + "; ".join(parts) + "."


STIPEND_PARTS = (
    ("base", "Stønad", "#0067C5", 1),
    ("child_supplement", "Barnetillegg", "#009E73", 1),
    ("absence_deduction", "Trekk for ugyldig fravær", "#B2182B", -1),
    ("work_deduction", "Fradrag for arbeid", "#D55E00", -1),
    ("benefit_deduction", "Fradrag for andre ytelser", "#8C6BB1", -1),
    ("trekk", "Trekk for feilutbetaling", "#7F7F7F", -1),
)


def stipend_chart(months, g_changes: list[tuple], *, title: str = "Kvalifiseringsstønad per måned"):
    """Stacked bars per month (stønad and barnetillegg up, deductions down) and the G changes.
    `months`: MonthStipend rows; `g_changes`: (date, text) of new G inside the programme.
    Returns (chart, height, description)."""
    rows = []
    for m in months:
        for field, label, _, sign in STIPEND_PARTS:
            value = float(getattr(m, field, 0) or 0)
            if value:
                rows.append({
                    "month": pd.Timestamp(m.month + "-01"), "part": label, "amount": sign * value,
                    "shown": f"{'−' if sign < 0 else ''}{_kr(value)}", "total": _kr(float(m.total)),
                    "month_text": f"{MONTHS_NB[int(m.month[5:7]) - 1]} {m.month[:4]}",
                    "projected": "ja (siste kjente G)" if m.projected else "nei",
                })
    frame = pd.DataFrame(rows, columns=["month", "part", "amount", "shown", "total", "month_text", "projected"])
    height = 380
    domain = [label for _, label, _, _ in STIPEND_PARTS]
    colours = [colour for _, _, colour, _ in STIPEND_PARTS]
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("yearmonth(month):T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, labelOverlap=True)),
        y=alt.Y("sum(amount):Q", title="Kroner", axis=alt.Axis(format=",.0f")),
        color=alt.Color("part:N", title=None, scale=alt.Scale(domain=domain, range=colours),
                        legend=alt.Legend(orient="bottom", columns=3)),
        order=alt.Order("part:N"),
        tooltip=[alt.Tooltip("month_text:N", title="Måned"), alt.Tooltip("part:N", title="Del"),
                 alt.Tooltip("shown:N", title="Beløp"), alt.Tooltip("total:N", title="Til utbetaling"),
                 alt.Tooltip("projected:N", title="Framskrevet")],
    )
    layers = [bars, alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#31333F").encode(y="y:Q")]
    if g_changes:
        changes = pd.DataFrame([{"date": pd.Timestamp(d), "text": text} for d, text in g_changes])
        layers.append(alt.Chart(changes).mark_rule(color="#31333F", strokeDash=[4, 3]).encode(
            x="date:T", tooltip=[alt.Tooltip("text:N", title="Endring")]))
        layers.append(alt.Chart(changes).mark_text(align="left", dx=3, dy=2, baseline="top", fontSize=11,
                                                   color="#31333F").encode(
            x="date:T", y=alt.value(0), text=alt.value("Ny G")))
    description = (
        f"Stolpediagram over {len(months)} måneder: stønad og barnetillegg over null, fradrag og trekk under null. "
        + (f"{len(g_changes)} endringer i grunnbeløpet er markert med stiplet linje." if g_changes else "")
    )
    chart = alt.layer(
        *layers,
        title={"text": title, "anchor": "start", "fontSize": 16},
        description=description,
        height=height,
        width="container",
        config=CONFIG,
    )
    return chart, height, description


def _kr(value: float) -> str:
    from planner.text import fmt_kr

    return fmt_kr(value)


# ------------------------------------------------------------------------------- cached specs
# Building an Altair chart and turning it into a Vega-Lite spec takes a few hundred ms for a
# three-year plan (Altair validates every piece). The specs are cached by the plan's file text, so
# a rerun without a change to the plan, in any session, reuses them.

import streamlit as st  # noqa: E402


@st.cache_data(max_entries=64, show_spinner=False)
def timeline_spec(plan_json: str, plain: bool) -> tuple[dict, int, str]:
    from app_ui.engine import parameters
    from planner.editing import timeline_items
    from planner.planfile import parse_plan

    items = timeline_items(parse_plan(plan_json), parameters())
    chart, height, description = timeline_chart(
        items, plain=plain, title="Programmet ditt over tid" if plain else "Programmet over tid"
    )
    return chart.to_dict(), height, description


@st.cache_data(max_entries=64, show_spinner=False)
def stipend_spec(plan_json: str, plain: bool, _months, _g_changes) -> tuple[dict, int, str]:
    """`_months`/`_g_changes` follow from `plan_json` (not hashed)."""
    chart, height, description = stipend_chart(
        _months, _g_changes, title="Pengene dine per måned" if plain else "Kvalifiseringsstønad per måned"
    )
    return chart.to_dict(), height, description
