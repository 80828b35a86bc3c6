"""Katalog: search the measures (national and the office's own), see one in full, put it in the plan."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from app_ui import engine, office, state, widgets
from app_ui.fmt import category_label, fmt_date, fmt_hours
from planner import editing
from planner.model import Category

ALL = "Alle"

plain = state.participant_mode()
widgets.heading("Katalog over tiltak", "Finn aktiviteter")
plan = state.plan()

national = engine.national_catalogue()
# The national measures followed by the office's published ones (Kreativ dugnad), marked with the
# office; the national list alone when no office store is reachable.
catalogue = office.merged_catalogue(national) or national

if plain:
    st.write(
        "Her finner du aktiviteter som kan være med i programmet. Skriv et ord, for eksempel "
        "«norsk», «trening» eller «jobb». Det du legger til, blir et forslag som du og veilederen avtaler."
    )

# -------------------------------------------------------------------------------- search

text = st.text_input(
    "Søk i katalogen",
    **state.persist("cat_search", ""),
    placeholder="For eksempel arbeidstrening, norsk, lønn",
    help="Søker i navn, beskrivelse, gruppe og merknad. Deler av ord holder; æ, ø og å kan skrives ae, o og a.",
)
cols = st.columns(4)
category = cols[0].selectbox(
    "Kategori",
    [ALL] + list(Category),
    **state.persist("cat_category", ALL),
    format_func=lambda c: c if c == ALL else category_label(c, plain=plain),
)
for key, options in (("cat_group", catalogue.groups()), ("cat_provider", catalogue.providers())):
    if st.session_state.get(key, ALL) not in (ALL, *options):  # an office list that is gone
        st.session_state[key] = st.session_state[f"_kept_{key}"] = ALL
group = cols[1].selectbox("Gruppe", [ALL] + list(catalogue.groups()), **state.persist("cat_group", ALL))
provider = cols[2].selectbox("Arrangør", [ALL] + list(catalogue.providers()), **state.persist("cat_provider", ALL))
source = cols[3].selectbox(
    "Kilde",
    [ALL, "national", "office"],
    **state.persist("cat_source", ALL),
    format_func={ALL: ALL, "national": "Nasjonal katalog", "office": "Kontorets egne"}.get,
)

hits = catalogue.search(
    text,
    category=None if category == ALL else category,
    group=None if group == ALL else group,
    provider=None if provider == ALL else provider,
    source=None if source == ALL else source,
)
st.write(f"**{len(hits)}** av {len(catalogue)} tiltak passer.")

if hits:
    table = pd.DataFrame(
        [
            {
                "Tiltak": m.name,
                "Kategori": category_label(m.category, plain=plain),
                "Gruppe": m.group,
                "Arrangør": m.provider,
                "Timer per uke": fmt_hours(m.hours_per_week) if m.hours_per_week is not None else "",
                "Kilde": m.office or "Nasjonal",
            }
            for m in hits
        ]
    )
    ids = [m.id for m in hits]
    st.session_state["cat_hit_ids"] = ids

    def _row_picked() -> None:
        # A click on a row in the table shows that measure below (same as choosing it in the list).
        rows = st.session_state["cat_table"].selection.rows
        shown = st.session_state.get("cat_hit_ids") or []
        if rows and rows[0] < len(shown):
            st.session_state["cat_pick"] = st.session_state["_kept_cat_pick"] = shown[rows[0]]

    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(hits), 320),
        key="cat_table",
        on_select=_row_picked,
        selection_mode="single-row",
    )
    st.caption("Velg en rad for å se tiltaket under.")

    # ------------------------------------------------------------------------- one measure
    st.header("Om tiltaket")
    if st.session_state.get("cat_pick") not in ids:
        kept = st.session_state.get("_kept_cat_pick")
        st.session_state["cat_pick"] = kept if kept in ids else ids[0]

    def _keep_pick() -> None:
        st.session_state["_kept_cat_pick"] = st.session_state["cat_pick"]

    picked = st.selectbox(
        "Vis tiltak", ids, key="cat_pick", on_change=_keep_pick, format_func=lambda i: catalogue[i].name
    )
    measure = catalogue[picked]
    with st.container(border=True):
        st.subheader(measure.name)
        details = [
            ("Kategori", category_label(measure.category, plain=plain)),
            ("Gruppe", measure.group),
            ("Beskrivelse", measure.description.replace(" · ", "; ") if measure.description else ""),
            ("Arrangør", measure.provider),
            ("Vanlig antall timer per uke", fmt_hours(measure.hours_per_week) if measure.hours_per_week is not None else ""),
            ("Varighet", measure.duration),
        ]
        if not plain:
            details += [
                ("Hjemmel", measure.legal_basis),
                ("Merknad", measure.note),
                ("Kilde", measure.source),
                ("Kontor", measure.office or "Nasjonal katalog"),
                ("Gyldig fra", fmt_date(measure.valid_from) if measure.valid_from else ""),
                ("Gyldig til", fmt_date(measure.valid_to) if measure.valid_to else ""),
                ("Id", measure.id),
            ]
        for label, value in details:
            if value:
                st.markdown(f"**{label}:** {value}")
        if not measure.valid_on(date.today()):
            st.warning("Tiltaket er ikke gyldig i dag (se gyldighetsdatoene).")

    # ------------------------------------------------------------------- add to the plan
    st.header("Foreslå for programmet" if plain else "Legg til i programmet")
    if plan is None:
        st.info("Åpne eller lag en plan på startsiden for å legge tiltak inn i et program.")
        st.page_link(widgets.PAGE_START, label="Gå til Start", icon=":material/home:")
    else:
        # The week the pair is looking at in the week composer, else today, inside the programme.
        start_default = state.week() or max(plan.start or date.today(), min(date.today(), plan.end or date.today()))
        with st.form(f"add_measure_{measure.id}", border=True):
            cols = st.columns(3)
            start = cols[0].date_input("Start", value=start_default, format="DD.MM.YYYY", key=f"add_start_{measure.id}")
            end = cols[1].date_input(
                "Slutt", value=editing.default_end(start_default, None, plan), format="DD.MM.YYYY", key=f"add_end_{measure.id}"
            )
            hours = cols[2].number_input(
                "Timer per uke",
                min_value=0.25,
                max_value=37.5,
                step=0.5,
                value=float(measure.hours_per_week) if measure.hours_per_week else 7.5,
                format="%.2f",
                key=f"add_hours_{measure.id}",
            )
            if plain:
                proposed = True
                st.caption("Aktiviteten blir et forslag til du og veilederen har avtalt den.")
            else:
                proposed = st.checkbox(
                    "Forslag (ikke avtalt ennå)", value=False, key=f"add_proposed_{measure.id}",
                    help="Det deltakeren foreslår, merkes som forslag til dere har avtalt det.",
                )
            justification = ""
            if measure.category is Category.HEALTH and not plain:
                justification = st.text_input(
                    "Begrunnelse for tidsbruken", key=f"add_just_{measure.id}",
                    help="Tid til helse skal begrunnes (sotjl § 30).",
                )
            submitted = st.form_submit_button(
                "Foreslå aktiviteten" if plain else "Legg til i programmet", type="primary", icon=":material/add:"
            )
        if submitted:
            try:
                new, activity = editing.add_measure(
                    plan, measure, start, end, hours, proposed=proposed, justification=justification
                )
            except editing.EditError as exc:
                st.error(str(exc))
            else:
                twins = [
                    a for a in plan.activities
                    if a.catalogue_id == measure.id and a.counts and a.start <= activity.end and activity.start <= a.end
                ]
                state.set_plan(new)
                if twins:
                    state.flash(
                        f"Merk: «{measure.name}» var allerede i programmet i samme tidsrom. Slett den ene i "
                        "Program hvis den ble lagt til to ganger.",
                        "warning",
                    )
                status = "som forslag" if proposed else "som avtalt"
                state.flash(f"«{activity.title}» er lagt til i programmet {status}, {fmt_hours(activity.hours_per_week)} timer per uke.")
                st.rerun()
else:
    st.info("Ingen tiltak passer søket. Prøv et kortere ord eller fjern et filter.")

# ---------------------------------------------------------------------- the office's list
if not plain and office.actor() is not None:
    st.page_link(office.PAGE_CATALOGUE, label="Kontorets egne tiltak: Kreativ dugnad", icon=":material/lightbulb:")
