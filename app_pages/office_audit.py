"""Revisjonslogg: who read or changed which plan, and the office catalogue's changes. Fagansvarlig only.

The log holds who, when, what and which plan — never a plan's contents.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from app_ui import office, widgets
from planner.storage import Action, StorageError

PLANS = "office_audit_plans"  # plan id -> label, read once per visit (a "list" entry in the log)
ALL = "__all__"

ACTION_LABELS = {
    Action.READ.value: "Leste",
    Action.LIST.value: "Så saksporteføljen",
    Action.CREATE.value: "Opprettet",
    Action.SAVE.value: "Lagret",
    Action.RESTORE.value: "Gjenopprettet",
    Action.EXPORT.value: "Eksporterte",
    Action.ARCHIVE.value: "Arkiverte",
    Action.CATALOGUE_PROPOSE.value: "Foreslo tiltak",
    Action.CATALOGUE_EDIT.value: "Endret tiltak",
    Action.CATALOGUE_PUBLISH.value: "Publiserte tiltak",
    Action.CATALOGUE_REJECT.value: "Avviste tiltak",
    Action.CATALOGUE_RETIRE.value: "Trakk tilbake tiltak",
    Action.CATALOGUE_IMPORT.value: "Leste inn katalogfil",
    Action.CATALOGUE_EXPORT.value: "Lastet ned katalogen",
}
GROUPS = {
    ALL: ("Alt", None),
    "read": ("Lesing", {Action.READ.value, Action.LIST.value, Action.EXPORT.value}),
    "change": ("Endringer i planer", {Action.CREATE.value, Action.SAVE.value, Action.RESTORE.value, Action.ARCHIVE.value}),
    "catalogue": ("Katalogen", {a.value for a in Action if a.value.startswith("catalogue_")}),
}

widgets.heading("Revisjonslogg")
store = office.require_store()
who = office.require_actor()
if not who.is_fagansvarlig:
    st.error("Bare fagansvarlig kan se revisjonsloggen.")
    st.stop()

st.write(
    "Hvem som har lest og endret kontorets planer og katalog, og når. Loggen viser aldri hva som står i planene."
)

if st.button("Oppdater", key="office_audit_refresh", icon=":material/refresh:") or PLANS not in st.session_state:
    try:
        st.session_state[PLANS] = {
            r.plan_id: r.label for r in store.caseload(who, scope="office", include_archived=True)
        }
    except StorageError as exc:
        st.error(str(exc))
        st.stop()
plans: dict[str, str] = st.session_state[PLANS]

today = datetime.now(office.OSLO).date()  # the office's day, whatever the server's clock zone
cols = st.columns([2, 2, 1, 1])
with cols[0]:
    plan_pick = office.choose(
        "Plan", [ALL, *plans], key="office_audit_plan", format_func=lambda p: "Alle planer" if p == ALL else plans.get(p, p)
    )
group = cols[1].selectbox("Hva", list(GROUPS), format_func=lambda g: GROUPS[g][0], key="office_audit_group")
since = cols[2].date_input("Fra", value=today - timedelta(days=30), format="DD.MM.YYYY", key="office_audit_since")
until = cols[3].date_input("Til og med", value=today, format="DD.MM.YYYY", key="office_audit_until")


def _utc(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=office.OSLO)


try:
    entries = store.audit(
        who,
        plan_id=None if plan_pick == ALL else plan_pick,
        since=_utc(since) if since else None,
        until=_utc(until + timedelta(days=1)) if until else None,
        limit=2000,
    )
except StorageError as exc:
    st.error(str(exc))
    st.stop()

wanted = GROUPS[group][1]
if wanted is not None:
    entries = [e for e in entries if e.action in wanted]
people = sorted({e.user_name for e in entries})
person = office.choose("Person", [ALL, *people], key="office_audit_person", format_func=lambda p: "Alle" if p == ALL else p)
if person != ALL:
    entries = [e for e in entries if e.user_name == person]

st.write(f"**{len(entries)}** hendelser." if len(entries) != 1 else "**1** hendelse.")
if entries and person == ALL:
    counts = Counter(e.user_name for e in entries)
    st.caption("Hvem: " + ", ".join(f"{name} ({count})" for name, count in counts.most_common()))
if entries:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Tid": office.fmt_time(e.at),
                    "Hvem": e.user_name,
                    "Hva": ACTION_LABELS.get(e.action, e.action),
                    "Plan": (plans.get(e.plan_id, "(ukjent plan)") if e.plan_id else ""),
                    "Tiltak": e.measure_id or "",
                    "Detaljer": e.detail,
                }
                for e in entries
            ]
        ),
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(entries), 600),
        key="office_audit_table",
    )
    if len(entries) >= 2000:
        st.caption("Viser de 2000 nyeste. Velg en kortere periode eller én plan for å se resten.")
