"""Shared pieces of the screens: the sidebar, page headings, the participant view's styling, and
how a rule finding is shown."""

from __future__ import annotations

import re
from datetime import date

import streamlit as st

from app_ui import engine, state
from app_ui.fmt import cell_date, fmt_date_short
from planner.editing import participant_label

PAGE_START = "app_pages/start.py"
PAGE_PROGRAM = "app_pages/program.py"
PAGE_RULES = "app_pages/regler.py"

# Larger, calmer text for reading together (participant view). Streamlit's light theme colours
# stay; only sizes and spacing change.
_PARTICIPANT_CSS = """
<style>
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li,
[data-testid="stMain"] [data-testid="stWidgetLabel"] p,
[data-testid="stMain"] table td, [data-testid="stMain"] table th,
[data-testid="stMain"] input, [data-testid="stMain"] textarea,
[data-testid="stMain"] button p { font-size: 1.2rem !important; line-height: 1.6; }
[data-testid="stMain"] [data-testid="stMetricValue"] div { font-size: 2.4rem !important; }
[data-testid="stMain"] h1 { font-size: 2.4rem !important; }
[data-testid="stMain"] h2 { font-size: 1.9rem !important; }
[data-testid="stMain"] h3 { font-size: 1.5rem !important; }
</style>
"""

# Week tables (Monday–Friday in the week composer) and contrast: Streamlit's captions are
# faded (opacity 0.6, about 4.1:1 on white), under WCAG AA's 4.5:1 for small text; ours are
# #50535e at full opacity (7.6:1).
_BASE_CSS = """
<style>
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #50535e !important; }
table.kvp-week { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem 0; }
table.kvp-week th, table.kvp-week td { border: 1px solid #c8c8d0; padding: 0.35rem 0.5rem; text-align: right; vertical-align: top; }
table.kvp-week th[scope="row"], table.kvp-week td.kvp-left, table.kvp-week thead th:first-child { text-align: left; }
table.kvp-week thead th { background: #f0f2f6; }
table.kvp-week tfoot th, table.kvp-week tfoot td { background: #f0f2f6; font-weight: 600; }
table.kvp-week td.kvp-off { background: #f6f6f9; color: #31333f; font-style: italic; text-align: left; }
table.kvp-week .kvp-note { display: block; font-size: 0.85em; font-weight: normal; color: #31333f; }
.kvp-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.kvp-proposed { border-left: 4px dashed #8a4b00; padding-left: 0.4rem; }
</style>
"""


def apply_styles() -> None:
    st.html(_BASE_CSS)
    if state.participant_mode():
        st.html(_PARTICIPANT_CSS)


def heading(veileder: str, participant: str | None = None) -> None:
    """The page's one h1, in plain words in the participant view."""
    st.title(participant if participant and state.participant_mode() else veileder)
    state.show_flash()


def require_plan():
    """The open plan, or a note and a way to the start page (and the page stops)."""
    current = state.plan()
    if current is None:
        st.info("Ingen plan er åpen. Lag en ny plan, start fra en mal eller åpne en planfil på startsiden.")
        st.page_link(PAGE_START, label="Gå til Start", icon=":material/home:")
        st.stop()
    return current


def file_name(plan) -> str:
    label = re.sub(r"[^a-z0-9]+", "-", participant_label(plan).lower().translate(str.maketrans("æøå", "aoa"))).strip("-")
    return f"kvp-plan-{label or 'deltaker'}-{date.today().isoformat()}.json"


def sidebar() -> None:
    """On every page: who, when, the rule badge, the participant view switch, save."""
    current = state.plan()
    with st.sidebar:
        if current is None:
            st.markdown("**Ingen plan åpen**")
        else:
            st.markdown(f"**{participant_label(current)}**")
            if current.start and current.end:
                st.caption(f"Program: {fmt_date_short(current.start)}–{fmt_date_short(current.end)}")
            analysis = engine.analyse(current)
            badge(analysis)
        st.toggle(
            "Deltakervisning",
            key="participant_mode_toggle",
            value=state.participant_mode(),
            on_change=_toggle_participant_mode,
            help="Enkle ord og større tekst, for å lese sammen med deltakeren. Interne notater og "
            "lovhenvisninger skjules.",
        )
        if current is not None:
            st.download_button(
                "Last ned planen (.json)",
                data=engine.analyse(current).json_text.encode("utf-8"),
                file_name=file_name(current),
                mime="application/json",
                on_click=state.mark_saved,
                icon=":material/download:",
                key="download_plan",
                width="stretch",
            )
            if state.unsaved_changes():
                st.caption("Endringer er ikke lastet ned ennå.")


def _toggle_participant_mode() -> None:
    st.session_state[state.PARTICIPANT_MODE] = bool(st.session_state.get("participant_mode_toggle"))


def badge(analysis) -> None:
    """"2 feil · 1 advarsel" (red/orange), "Ingen feil" (green), or why there is no count."""
    if not analysis.rules_available:
        st.badge("Regelsjekk utilgjengelig", color="gray", icon=":material/help:")
        return
    if analysis.errors:
        st.badge(f"{analysis.errors} feil", color="red", icon=":material/error:")
    if analysis.warnings:
        word = "advarsel" if analysis.warnings == 1 else "advarsler"
        st.badge(f"{analysis.warnings} {word}", color="orange", icon=":material/warning:")
    if not analysis.errors and not analysis.warnings:
        st.badge("Ingen feil", color="green", icon=":material/check_circle:")


# ------------------------------------------------------------------------------ findings


def _severity(finding) -> str:
    severity = getattr(finding, "severity", None)
    return getattr(severity, "value", severity) or "info"


SEVERITY_LABEL = {"error": "Feil", "warning": "Advarsel", "info": "Til orientering"}
SEVERITY_PLAIN = {"error": "Må endres", "warning": "Bør vi se på", "info": "Greit å vite"}
SEVERITY_ICON = {"error": ":material/error:", "warning": ":material/warning:", "info": ":material/info:"}


def explanation(expl) -> None:
    """The "Hvorfor?" of a finding: summary, the plan's inputs, the parameters, the dates."""
    if expl is None:
        st.write("Ingen forklaring er gitt for denne regelen.")
        return
    summary = getattr(expl, "summary", "") or ""
    if summary:
        st.write(summary)
    inputs = getattr(expl, "inputs", ()) or ()
    if inputs:
        st.markdown("**Fra planen**")
        st.table({"Hva": [str(a) for a, _ in inputs], "Verdi": [str(b) for _, b in inputs]})
    parameters = getattr(expl, "parameters", ()) or ()
    if parameters:
        st.markdown("**Regler og satser som er brukt**")
        st.table(
            {
                "Parameter": [str(p[0]) for p in parameters],
                "Verdi": [str(p[1]) for p in parameters],
                "Kilde": [str(p[2]) if len(p) > 2 else "" for p in parameters],
            }
        )
    dates = getattr(expl, "dates", ()) or ()
    if dates:
        st.markdown("**Datoer**")
        st.table({"Hva": [str(a) for a, _ in dates], "Dato": [cell_date(d) if isinstance(d, date) else str(d) for _, d in dates]})


def list_editor(name: str, frame, setter, column_config: dict) -> None:
    """A data editor for one list in the plan (delmål, periods, leave, evaluations, absences,
    income …) that replaces the whole list on every change.

    `setter(plan, rows) -> (plan, problems)` is the planner.editing function for that list; its
    problems are shown as errors. The editor then gets a fresh key, so its edits apply once."""
    key = state.editor_key(name)

    def save() -> None:
        new, problems = setter(state.plan(), editor_rows(frame, st.session_state[key]))
        state.set_plan(new)
        for problem in problems:
            state.flash(problem, "error")
        state.bump_editor(name)

    st.data_editor(
        frame, key=key, on_change=save, num_rows="dynamic", hide_index=True, width="stretch", column_config=column_config
    )


def editor_rows(frame, delta: dict) -> list[dict]:
    """The rows of a data editor after its edits (`delta` is its session state: edited_rows,
    added_rows, deleted_rows), for the editors that replace a whole list in the plan."""
    rows = frame.to_dict("records")
    for index, cells in (delta.get("edited_rows") or {}).items():
        rows[int(index)].update(cells)
    rows.extend(dict(r) for r in delta.get("added_rows") or [])
    deleted = {int(i) for i in delta.get("deleted_rows") or []}
    return [r for i, r in enumerate(rows) if i not in deleted]
