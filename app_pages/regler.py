"""Regler: every finding of the rule check, errors first, with the paragraph, "Hvorfor?" and a way
to the week or the activity it is about."""

from __future__ import annotations

import streamlit as st

from app_ui import engine, state, widgets
from app_ui.fmt import fmt_date, week_label_nb
from planner import editing

widgets.heading("Regler", "Det vi må se på")
plan = widgets.require_plan()
plain = state.participant_mode()
analysis = engine.analyse(plan)


if not analysis.rules_available:
    st.warning(analysis.rules_problem or "Regelsjekken er ikke tilgjengelig.")
    st.stop()

cols = st.columns(3)
cols[0].metric("Må endres" if plain else "Feil", analysis.errors)
cols[1].metric("Bør vi se på" if plain else "Advarsler", analysis.warnings)
cols[2].metric("Greit å vite" if plain else "Til orientering", analysis.infos)

if not analysis.findings:
    st.success("Planen følger alle reglene som sjekkes." if not plain else "Planen ser bra ut.")

severities = [("error", "Feil", "Må endres"), ("warning", "Advarsler", "Bør vi se på"), ("info", "Til orientering", "Greit å vite")]


def _sev(finding) -> str:
    return getattr(finding.severity, "value", finding.severity)


def _go_to_week(label: str) -> None:
    state.set_week(editing.clamp_week(plan, editing.week_monday_from_label(label)))
    st.session_state[state.PROGRAM_SECTION] = "Ukeplan"


def _go_to_activity(activity_id: str) -> None:
    st.session_state[state.FOCUS_ACTIVITY] = activity_id
    st.session_state[state.PROGRAM_SECTION] = "Aktiviteter"


for index, finding in enumerate(analysis.findings):
    if index == 0 or _sev(analysis.findings[index - 1]) != _sev(finding):
        title = next((p if plain else v) for s, v, p in severities if s == _sev(finding))
        st.header(title)
    severity = _sev(finding)
    with st.container(border=True, key=f"finding_{index}"):
        label = (widgets.SEVERITY_PLAIN if plain else widgets.SEVERITY_LABEL)[severity]
        colour = {"error": "red", "warning": "orange", "info": "blue"}[severity]
        st.markdown(f":{colour}-badge[{widgets.SEVERITY_ICON[severity]} {label}] **{finding.message}**")
        if not plain:
            st.caption(f"{finding.reference} · regel `{finding.rule}`")
        weeks = tuple(getattr(finding, "weeks", ()) or ())
        if weeks:
            shown = ", ".join(week_label_nb(w) for w in weeks[:8]) + (f" og {len(weeks) - 8} til" if len(weeks) > 8 else "")
            st.write(f"Gjelder {shown}.")
        if getattr(finding, "date", None):
            st.write(f"Dato: {fmt_date(finding.date)}")
        buttons = st.columns(4)
        slot = 0
        if weeks:
            if buttons[slot].button(f"Gå til {week_label_nb(weeks[0])}", key=f"goto_week_{index}",
                                    icon=":material/calendar_view_week:"):
                _go_to_week(weeks[0])
                st.switch_page(widgets.PAGE_PROGRAM)
            slot += 1
        for activity_id in tuple(getattr(finding, "activity_ids", ()) or ())[:3]:
            activity = plan.activity(activity_id)
            if activity is None:
                continue
            if buttons[slot].button(f"Gå til «{activity.title}»", key=f"goto_act_{index}_{activity_id}",
                                    icon=":material/edit:"):
                _go_to_activity(activity_id)
                st.switch_page(widgets.PAGE_PROGRAM)
            slot += 1
        if not plain:
            with st.expander("Hvorfor?"):
                widgets.explanation(getattr(finding, "explanation", None))
        elif getattr(getattr(finding, "explanation", None), "summary", ""):
            with st.expander("Hvorfor?"):
                st.write(finding.explanation.summary)
