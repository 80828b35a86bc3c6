"""Saksportefølje: the signed-in veileder's plans (or the whole office's), to open one or start a new one."""

from __future__ import annotations

import time
from datetime import datetime

import pandas as pd
import streamlit as st

from app_ui import office, state, widgets
from planner.storage import CASELOAD_SORTS, NotFound, StorageError

SORT_LABELS = {
    "next_evaluation": "Neste evaluering",
    "label": "Deltaker",
    "end_date": "Sluttdato",
    "updated": "Sist endret",
    "errors": "Flest feil",
}
SCOPE_LABELS = {"mine": "Mine planer", "office": "Hele kontoret"}
CACHE = "office_caseload_cache"
CACHE_SECONDS = 20.0
PICK = "office_caseload_pick"
LAST_SELECTION = "office_caseload_last_selection"

widgets.heading("Saksportefølje")
store = office.require_store()
who = office.require_actor()

top = st.columns([3, 2, 2], vertical_alignment="bottom")
# The filters outlive a visit to another page (state.persist keeps a shadow copy).
search = top[0].text_input(
    "Søk",
    placeholder="Initialer eller navnet på planen",
    help="Søker i deltakerens initialer og i navnet planen er lagret under.",
    **state.persist("office_caseload_search", ""),
)
sort = top[1].selectbox(
    "Sorter etter", CASELOAD_SORTS, format_func=SORT_LABELS.get, **state.persist("office_caseload_sort", CASELOAD_SORTS[0])
)
scope = top[2].radio(
    "Vis", list(SCOPE_LABELS), format_func=SCOPE_LABELS.get, horizontal=True,
    **state.persist("office_caseload_scope", "office" if who.is_fagansvarlig else "mine"),
)
archived = st.checkbox("Ta med arkiverte planer", **state.persist("office_caseload_archived", False))

# The list is read again when a filter changes, after 20 seconds, after a save in this session,
# or on "Oppdater" (every read is one "list" entry in the audit log).
params = (who, search.strip(), sort, scope, archived, office.save_status())
cached = st.session_state.get(CACHE)
if cached is None or cached[0] != params or time.monotonic() - cached[1] > CACHE_SECONDS:
    try:
        rows = store.caseload(who, search=search, sort=sort, scope=scope, include_archived=archived)
    except StorageError as exc:
        st.error(str(exc))
        st.stop()
    st.session_state[CACHE] = (params, time.monotonic(), rows)
else:
    rows = cached[2]

link = office.current_link()
open_id = link.plan_id if link else None

left, middle, right = st.columns([4, 1, 1], vertical_alignment="center")
if scope == "mine":
    left.write(f"**{len(rows)}** planer der du er eier." if len(rows) != 1 else "**1** plan der du er eier.")
else:
    left.write(f"**{len(rows)}** planer i kontoret." if len(rows) != 1 else "**1** plan i kontoret.")
if middle.button("Oppdater", key="office_caseload_refresh", icon=":material/refresh:", width="stretch"):
    st.session_state.pop(CACHE, None)
    st.rerun()
if right.button("Ny plan", key="office_caseload_new", icon=":material/add:", width="stretch"):
    state.flash("Lag den nye planen her. Lagre den i kontoret under «Lagre og historikk».", "info")
    st.switch_page(widgets.PAGE_START)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(office.OSLO).replace(tzinfo=None)


if not rows:
    if search.strip():
        st.info("Ingen planer passer søket.")
    elif scope == "mine":
        st.info("Du har ingen lagrede planer ennå. Lag en ny plan, eller vis hele kontorets planer.")
    else:
        st.info("Kontoret har ingen lagrede planer ennå.")
    st.stop()

frame = pd.DataFrame(
    [
        {
            "Deltaker": r.participant_label or "–",
            "Plan": r.label,
            "Periode nå": office.fmt_period(r.period_start, r.period_end),
            "Neste evaluering": r.next_evaluation,
            "Feil": r.error_count,
            "Advarsler": r.warning_count,
            "Slutt": r.end_date,
            "Eier": r.owner_name,
            "Sist endret": _local(r.updated_at),
            "Versjon": r.latest_revision,
            "Åpen nå": "Ja" if r.plan_id == open_id else "",
        }
        for r in rows
    ]
)
columns = [
    c for c in frame.columns
    if (scope == "office" or c != "Eier") and (c != "Plan" or any(r.label != r.participant_label for r in rows))
]
event = st.dataframe(
    frame,
    column_order=columns,
    column_config={
        "Neste evaluering": st.column_config.DateColumn(format="DD.MM.YYYY"),
        "Slutt": st.column_config.DateColumn(format="DD.MM.YYYY"),
        "Sist endret": st.column_config.DatetimeColumn(format="DD.MM.YYYY HH:mm"),
        "Feil": st.column_config.NumberColumn(help="Feil i regelsjekken da planen sist ble lagret"),
        "Advarsler": st.column_config.NumberColumn(help="Advarsler i regelsjekken da planen sist ble lagret"),
    },
    hide_index=True,
    width="stretch",
    height=min(38 + 35 * len(rows), 560),
    on_select="rerun",
    selection_mode="single-row",
    key=f"office_caseload_table__{office.signature([r.plan_id for r in rows])}",  # a new list, no stale selection
)
st.caption(
    "Klikk en overskrift for å sortere. Feil og advarsler er fra regelsjekken da planen sist ble lagret; "
    "periode og neste evaluering gjelder i dag."
)

# ---------------------------------------------------------------------------------- open a plan
ids = [r.plan_id for r in rows]
by_id = {r.plan_id: r for r in rows}
selection = getattr(getattr(event, "selection", None), "rows", None) or []
if selection and 0 <= selection[0] < len(ids):
    chosen = ids[selection[0]]
    if st.session_state.get(LAST_SELECTION) != chosen:  # a row was just clicked: it becomes the choice
        st.session_state[LAST_SELECTION] = chosen
        st.session_state[PICK] = chosen


def _describe(plan_id: str) -> str:
    r = by_id[plan_id]
    text = r.label if r.label == r.participant_label or not r.participant_label else f"{r.participant_label} – {r.label}"
    if r.next_evaluation:
        text += f" (neste evaluering {office.fmt_day(r.next_evaluation)})"
    return text


st.header("Åpne en plan")
pick = office.choose("Plan", ids, key=PICK, format_func=_describe, help="Eller velg en rad i tabellen.")
row = by_id[pick]
losing = state.plan() is not None and state.unsaved_changes()
newer = pick == open_id and link is not None and row.latest_revision > link.base_revision
if pick == open_id and not newer:
    st.info(f"Planen er allerede åpen. {office.save_status().text}.")
    st.page_link(widgets.PAGE_PROGRAM, label="Gå til programmet", icon=":material/event_note:")
else:
    if newer:
        st.warning(
            f"Planen er åpen i versjon {link.base_revision}, men noen har lagret versjon {row.latest_revision}."
            + (" Du har endringer som ikke er lagret: lagre dem under «Lagre og historikk» (du får se forskjellen "
               "og velge), eller åpne den nyeste versjonen og mist dem." if losing else "")
        )
    elif losing:
        st.warning(
            "Planen som er åpen nå, har endringer som ikke er lagret. Lagre dem under «Lagre og historikk» "
            "først, eller åpne likevel (du kan angre på startsiden)."
        )
    label = (
        f"Åpne versjon {row.latest_revision}" + (" og mist mine endringer" if losing else "")
        if newer
        else ("Åpne likevel" if losing else "Åpne i planleggeren")
    )
    if st.button(label, key="office_caseload_open", type="primary", icon=":material/folder_open:"):
        try:
            stored = store.load_plan(who, pick)
        except NotFound as exc:
            st.session_state.pop(CACHE, None)
            st.error(str(exc))
            st.stop()
        office.open_stored(stored)
        state.flash(f"Planen «{stored.label}» er åpnet (versjon {stored.revision.number}).")
        st.switch_page(widgets.PAGE_PROGRAM)
