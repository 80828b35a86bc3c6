"""Lagre og historikk: save the open plan as a new version, see every version, compare two,
restore an old one — and, when someone else saved first, choose what should happen (nothing is
ever overwritten without the user having seen the difference)."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from app_ui import office, state, widgets
from planner.revision_diff import diff_plans
from planner.storage import ConflictError, NotFound, PermissionDenied, PersonalDataError, StorageError

MINE = "mine"
REVISIONS_CACHE = "office_revisions_cache"
PLAN_CACHE = "office_revision_plans"  # (plan_id, number) -> Plan; a revision never changes
DIFF_CACHE = "office_diff_cache"
CACHE_SECONDS = 20.0

widgets.heading("Lagre og historikk")
store = office.require_store()
who = office.require_actor()
plan = state.plan()

if plan is None:
    st.info("Ingen plan er åpen. Åpne en plan fra saksporteføljen, eller lag en ny på startsiden.")
    cols = st.columns(2)
    cols[0].page_link(office.PAGE_CASELOAD, label="Gå til saksporteføljen", icon=":material/folder_shared:")
    cols[1].page_link(widgets.PAGE_START, label="Gå til Start", icon=":material/home:")
    st.stop()

link = office.current_link()
status = office.save_status()
conflict = office.current_conflict()


def _save(comment: str, *, label: str | None = None, base_revision: int | None = None) -> None:
    try:
        office.save_current(store, who, comment.strip(), label=label, base_revision=base_revision)
    except ConflictError as exc:
        if office.current_link() is None or exc.latest is None:
            st.error(str(exc))
            return
        office.remember_conflict(exc, comment)
        st.rerun()
    except PersonalDataError as exc:
        office.personal_data_error(exc)
        return
    except (NotFound, PermissionDenied) as exc:
        st.error(f"Ikke lagret: {exc}")
        return
    st.session_state.pop(REVISIONS_CACHE, None)
    st.session_state.pop("office_caseload_cache", None)
    for key in ("office_save_comment", "office_conflict_comment"):
        st.session_state.pop(key, None)
    st.rerun()  # the status box says "Lagret som versjon N"


# ------------------------------------------------------------------------------------- save
st.header("Lagre")
if conflict is not None:
    with st.container(border=True):
        st.error(conflict.message)
        if conflict.latest.comment:
            st.write(f"Kommentar til versjon {conflict.latest.number}: «{conflict.latest.comment}»")
        st.subheader(f"Forskjellen mellom versjon {conflict.latest.number} og dine endringer")
        st.caption("Slik blir planen hvis du lagrer dine endringer over den nyeste versjonen.")
        office.show_diff(conflict.diff, f"versjon {conflict.latest.number}", "dine endringer", key="office_conflict_diff")
        if conflict.theirs is not None:
            with st.expander(f"Hva som ble endret fra versjon {conflict.base_revision} til {conflict.latest.number}"):
                office.show_diff(
                    conflict.theirs, f"versjon {conflict.base_revision}", f"versjon {conflict.latest.number}",
                    key="office_conflict_theirs",
                )

        st.subheader("Velg hva som skal gjelde")
        comment = st.text_input(
            "Kommentar til versjonen", value=conflict.comment, key="office_conflict_comment",
            help="Brukes hvis du lagrer dine endringer over den nyeste versjonen.",
        )
        if st.button(
            "Lagre mine endringer som ny versjon over den nyeste (jeg har sett forskjellen)",
            key="office_conflict_overwrite", type="primary", icon=":material/save:",
        ):
            _save(comment, base_revision=conflict.latest.number)
        if st.button(
            "Last inn den nyeste og mist mine endringer", key="office_conflict_load_latest", icon=":material/sync:"
        ):
            office.load_latest(conflict)
            st.session_state.pop(REVISIONS_CACHE, None)
            state.flash(f"Versjon {conflict.latest.number} er lastet inn. Dine endringer er forkastet (du kan angre på startsiden).")
            st.rerun()
        st.download_button(
            "Last ned mine endringer som fil",
            data=office.plan_json_bytes(plan),
            file_name=office.plan_file_name(plan, "mine-endringer"),
            mime="application/json",
            key="office_conflict_download",
            on_click="ignore",
            icon=":material/download:",
            help="Planfilen kan åpnes igjen på startsiden.",
        )
else:
    with st.container(border=True):
        text = status.text
        if not status.linked:
            st.info(f"**{text}.** Planen finnes bare i denne økten til du lagrer den.")
        elif status.dirty:
            st.warning(f"**{text}.**")
        else:
            st.success(f"**{text}.**")
        label = None
        if not status.linked:
            label = st.text_input(
                "Navn på planen i saksporteføljen (valgfritt)",
                key="office_save_label",
                max_chars=40,
                help="Tomt: deltakerens initialer. Skriv aldri fødselsnummer.",
            )
        comment = st.text_input(
            "Kommentar til versjonen",
            key="office_save_comment",
            placeholder="Hva er endret? (valgfritt)",
            max_chars=500,
        )
        nothing = status.linked and not status.dirty
        button = "Lagre som ny plan" if not status.linked else f"Lagre som versjon {(status.base_revision or 0) + 1}"
        if st.button(
            button, key="office_save", type="primary", icon=":material/save:", disabled=nothing,
            help="Ingen endringer å lagre." if nothing else None,
        ):
            _save(comment, label=label)

if link is None:
    st.stop()

# --------------------------------------------------------------------------------- versions
st.header("Versjoner")
cached = st.session_state.get(REVISIONS_CACHE)
refresh = st.button("Oppdater listen", key="office_revisions_refresh", icon=":material/refresh:")
cache_key = (link.plan_id, link.base_revision)
if refresh or cached is None or cached[0] != cache_key or time.monotonic() - cached[1] > CACHE_SECONDS:
    try:
        revisions = store.list_revisions(who, link.plan_id)
    except StorageError as exc:
        st.error(str(exc))
        st.stop()
    st.session_state[REVISIONS_CACHE] = (cache_key, time.monotonic(), revisions)
else:
    revisions = cached[2]

newest = revisions[0].number if revisions else link.base_revision
if newest > link.base_revision and conflict is None:
    st.warning(
        f"Noen har lagret versjon {newest} etter versjon {link.base_revision} som du startet fra. "
        + ("Lagrer du, får du se forskjellen og velge hva som skal gjelde." if status.dirty else "")
    )
    if st.button(
        f"Last inn versjon {newest}" + (" og mist mine endringer" if status.dirty else ""),
        key="office_load_newest", icon=":material/sync:",
    ):
        try:
            stored = store.load_plan(who, link.plan_id)
        except StorageError as exc:
            st.error(str(exc))
            st.stop()
        office.open_stored(stored)
        st.session_state.pop(REVISIONS_CACHE, None)
        state.flash(f"Versjon {stored.revision.number} er lastet inn.")
        st.rerun()

st.dataframe(
    pd.DataFrame(
        [
            {
                "Versjon": r.number,
                "Lagret": office.fmt_time(r.created_at),
                "Av": r.author_name,
                "Kommentar": r.comment or ("Gjenopprettet fra versjon " + str(r.restored_from) if r.restored_from else ""),
                "Feil": r.error_count,
                "Advarsler": r.warning_count,
                "Du startet fra": "Ja" if r.number == link.base_revision else "",
            }
            for r in revisions
        ]
    ),
    hide_index=True,
    width="stretch",
    height=min(38 + 35 * len(revisions), 400),
    key="office_revisions_table",
)

# ---------------------------------------------------------------------------------- compare


def _plan_of(number) -> object:
    if number == MINE:
        return plan
    plans = st.session_state.setdefault(PLAN_CACHE, {})
    key = (link.plan_id, number)
    if key not in plans:
        plans[key] = store.load_plan(who, link.plan_id, number).plan
    return plans[key]


def _side(number) -> str:
    return "dine endringer" if number == MINE else f"versjon {number}"


numbers = [r.number for r in revisions]
if conflict is not None:
    st.stop()  # first the choice above; comparing and restoring come after
if len(numbers) + (1 if status.dirty else 0) >= 2:
    st.header("Sammenlign versjoner")
    options: list = ([MINE] if status.dirty else []) + numbers
    fmt = lambda n: "Dine endringer (ikke lagret)" if n == MINE else f"Versjon {n}"  # noqa: E731
    # New versions (or new edits) since the last visit: start again from "the latest change".
    if st.session_state.get("office_compare_options") != (link.plan_id, options):
        st.session_state["office_compare_options"] = (link.plan_id, options)
        st.session_state["office_compare_to"] = options[0]
        st.session_state["office_compare_from"] = link.base_revision if status.dirty else options[1]
    cols = st.columns(2)
    with cols[0]:
        first = office.choose("Fra", options, key="office_compare_from", format_func=fmt)
    with cols[1]:
        second = office.choose("Til", options, key="office_compare_to", format_func=fmt)
    if first == second:
        st.info("Velg to forskjellige versjoner.")
    else:
        key = (link.plan_id, first, second, office.fingerprint(plan) if MINE in (first, second) else "")
        diffs = st.session_state.setdefault(DIFF_CACHE, {})
        if key not in diffs:
            try:
                diffs.clear()  # one comparison at a time is kept
                diffs[key] = diff_plans(_plan_of(first), _plan_of(second), store.params)
            except StorageError as exc:
                st.error(str(exc))
                st.stop()
        office.show_diff(diffs[key], _side(first), _side(second), key="office_compare_diff")

# ---------------------------------------------------------------------------------- restore
older = [n for n in numbers if n != newest]
if older:
    st.header("Gjenopprett en tidligere versjon")
    st.write(
        "Innholdet i den gamle versjonen blir lagret som en ny versjon på toppen. Ingen versjoner slettes."
    )
    pick = office.choose("Versjon", older, key="office_restore_pick", format_func=lambda n: f"Versjon {n}")
    restore_comment = st.text_input("Kommentar", key="office_restore_comment", placeholder="Hvorfor? (valgfritt)")
    if status.dirty:
        st.warning("Endringene du ikke har lagret, blir erstattet i planleggeren (du kan angre på startsiden).")
    if st.button(f"Gjenopprett versjon {pick} som versjon {newest + 1}", key="office_restore", icon=":material/restore:"):
        try:
            restored = store.restore_revision(who, link.plan_id, pick, restore_comment.strip(), base_revision=newest)
            stored = store.load_plan(who, link.plan_id)
        except ConflictError:
            st.session_state.pop(REVISIONS_CACHE, None)
            st.error("Noen lagret planen akkurat nå, så ingenting er gjenopprettet. Listen er oppdatert; prøv igjen.")
            st.stop()
        except PersonalDataError as exc:
            office.personal_data_error(exc)
            st.stop()
        except StorageError as exc:
            st.error(str(exc))
            st.stop()
        office.open_stored(stored)
        st.session_state.pop(REVISIONS_CACHE, None)
        st.session_state.pop("office_caseload_cache", None)
        st.session_state.pop("office_restore_comment", None)
        state.flash(f"Versjon {pick} er gjenopprettet som versjon {restored.number} og åpnet i planleggeren.")
        st.rerun()
