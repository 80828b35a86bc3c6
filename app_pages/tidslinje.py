"""Tidslinje: the programme over time (one chart) and the stipend per month under it."""

from __future__ import annotations

import streamlit as st

from app_ui import charts, engine, state, widgets
from app_ui.fmt import fmt_date, fmt_kr

widgets.heading("Tidslinje", "Programmet ditt over tid")
plan = widgets.require_plan()
plain = state.participant_mode()
params = engine.parameters()
analysis = engine.analyse(plan)


spec, height, description = charts.timeline_spec(analysis.json_text, plain)
st.vega_lite_chart(spec, width="stretch", key="timeline_chart")
st.caption(
    "Hver stolpe er en aktivitet. Lysere stolper er forslag som ikke er avtalt ennå. Rød strek: halvveis, "
    "og der den siste delen begynner. Rutene er dagene vi ser på planen sammen."
    if plain else
    "Stolpene viser aktivitetene farget etter kategori (lysere: forslag). Grå: vedtaksperioder. "
    "Rød linje: halvveis og starten på siste del (skyggelagt). Ruter: evalueringer."
)

st.header("Stønaden per måned" if not plain else "Pengene per måned")
if not analysis.stipend_available:
    st.info(analysis.stipend_problem or "Stønadsberegningen er ikke tilgjengelig.")
else:
    result = analysis.stipend
    g = params["stonad.grunnbelop"]
    g_changes = []
    if plan.start and analysis.calendar.end:
        for day in g.changes_between(plan.start, analysis.calendar.end):
            g_changes.append((day, f"Ny G fra {fmt_date(day)}: {fmt_kr(g.at(day))}"))
    spec, height, description = charts.stipend_spec(analysis.json_text, plain, result.months, g_changes)
    st.vega_lite_chart(spec, width="stretch", key="stipend_chart")
    if any(m.projected for m in result.months):
        st.caption(
            f"Måneder etter {fmt_date(result.last_known_g_date)} er framskrevet med siste kjente G. "
            "Ny G kommer hvert år fra 1. mai."
        )
    st.page_link("app_pages/stonad.py", label="Se månedene i detalj", icon=":material/payments:")
