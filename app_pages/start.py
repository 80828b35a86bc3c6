"""Start: a new plan (the participant's basics, blank or from a programme template) or a plan file."""

from __future__ import annotations

from datetime import date

import streamlit as st

from app_ui import engine, state, widgets
from app_ui.fmt import fmt_span
from planner.editing import participant_label
from planner.planfile import MAX_PLAN_BYTES, PlanFileError, parse_plan

UPLOAD_KEY = "plan_upload"
BLANK = "__blank__"

widgets.heading("KVP-planleggeren", "Velkommen")
plain = state.participant_mode()
current = state.plan()

if current is not None:
    with st.container(border=True):
        st.markdown(f"**Åpen plan:** {participant_label(current)}")
        if current.start and current.end:
            st.write(f"Programmet varer {fmt_span(current.start, current.end)}.")
        cols = st.columns(2)
        cols[0].page_link(widgets.PAGE_PROGRAM, label="Gå til programmet", icon=":material/event_note:")
        previous = st.session_state.get(state.PREVIOUS_PLAN)
        if previous is not None and cols[1].button(
            f"Angre: gå tilbake til forrige plan ({participant_label(previous)})", key="undo_open"
        ):
            state.open_plan(previous, saved=False)
            st.session_state[state.PREVIOUS_PLAN] = None
            st.rerun()

if plain:
    st.write(
        "Her lager vi planen for programmet ditt sammen. Veilederen fyller ut det første, "
        "så ser vi på aktivitetene og uka di."
    )

# ---------------------------------------------------------------------------- a new plan

st.header("Ny plan")
templates = engine.templates_api()
today = date.today()

with st.container(border=True):
    st.subheader("Deltakeren")
    name = st.text_input(
        "Navn eller initialer",
        **state.persist("new_name", ""),
        help="Planen kan være uten fullt navn: initialer holder.",
    )
    cols = st.columns(2)
    birth = cols[0].date_input(
        "Fødselsdato",
        min_value=date(1940, 1, 1),
        max_value=today,
        format="DD.MM.YYYY",
        **state.persist("new_birth"),
    )
    language = cols[1].selectbox(
        "Språk i deltakerens kopi",
        options=["nb", "nn", "en"],
        format_func={"nb": "Bokmål", "nn": "Nynorsk", "en": "Engelsk"}.get,
        **state.persist("new_language", "nb"),
    )
    children_count = st.number_input(
        "Antall barn deltakeren forsørger", min_value=0, max_value=12, step=1,
        **state.persist("new_children_count", 0),
    )
    children: list[date | None] = []
    if children_count:
        child_cols = st.columns(min(int(children_count), 4))
        for i in range(int(children_count)):
            children.append(
                child_cols[i % len(child_cols)].date_input(
                    f"Barn {i + 1}: fødselsdato",
                    min_value=date(today.year - 19, 1, 1),
                    max_value=today,
                    format="DD.MM.YYYY",
                    **state.persist(f"new_child_{i}"),
                )
            )

    st.subheader("Søknad og første vedtaksperiode")
    cols = st.columns(3)
    application = cols[0].date_input(
        "Søknad mottatt", format="DD.MM.YYYY", **state.persist("new_application", today),
        help="Programmet skal starte senest seks måneder etter at søknaden er mottatt (sotjl § 31).",
    )
    start = cols[1].date_input("Programmet starter", format="DD.MM.YYYY", **state.persist("new_start"))
    months = cols[2].number_input(
        "Første vedtaksperiode (måneder)", min_value=1, max_value=12, step=1, **state.persist("new_months", 12),
        help="Hvert vedtak gjelder inntil ett år (forskrift § 2).",
    )

    st.subheader("Start fra")
    options = [BLANK]
    titles = {BLANK: "Tom plan – vi legger inn aktivitetene selv"}
    summaries = {BLANK: "Bare deltakeren og vedtaksperioden. Aktivitetene legges inn fra katalogen."}
    if templates is not None:
        TEMPLATES = templates[0]
        for t in TEMPLATES:
            options.append(t.id)
            titles[t.id] = t.title
            summaries[t.id] = t.summary
    choice = st.radio("Programmal", options=options, format_func=titles.get, **state.persist("new_template", BLANK))
    st.caption(summaries.get(choice, ""))
    if templates is None:
        st.caption("Malene er ikke på plass i denne versjonen ennå.")

    replace_ok = True
    if current is not None and state.unsaved_changes():
        st.warning(
            f"Planen for {participant_label(current)} har endringer som ikke er lastet ned. "
            "En ny plan erstatter den (du kan angre etterpå)."
        )
    if st.button("Lag planen", type="primary", key="create_plan", icon=":material/add:"):
        missing = [
            label
            for label, value in (("fødselsdato", birth), ("søknadsdato", application), ("startdato", start))
            if value is None
        ]
        if any(c is None for c in children):
            missing.append("fødselsdato for alle barn")
        if missing:
            st.error("Fyll inn " + ", ".join(missing) + ".")
        elif templates is None:
            st.error("Kan ikke lage planen: planner.templates mangler.")
        else:
            _, PlanBasics, build_from_template, blank_plan = templates
            basics = PlanBasics(
                birth_date=birth,
                application_date=application,
                start=start,
                name=name.strip() or None,
                children_birth_dates=tuple(c for c in children if c is not None),
                language=language,
                months=int(months),
            )
            new = blank_plan(basics) if choice == BLANK else build_from_template(choice, basics)
            state.open_plan(new, saved=False)
            if choice == BLANK:
                state.flash("Planen er laget. Legg inn aktiviteter fra katalogen.")
            else:
                state.flash(
                    f"Planen er laget fra malen «{titles[choice]}». Aktivitetene er forslag: "
                    "gå gjennom dem sammen og avtal dem."
                )
            st.switch_page(widgets.PAGE_PROGRAM)

# ---------------------------------------------------------------------------- open a file

st.header("Åpne en planfil")


def _on_upload() -> None:
    uploaded = st.session_state.get(UPLOAD_KEY)
    st.session_state["upload_problems"] = None
    if uploaded is None:
        return
    data = uploaded.getvalue()
    if len(data) > MAX_PLAN_BYTES:
        st.session_state["upload_problems"] = (uploaded.name, ["Filen er for stor til å være en planfil."])
        return
    try:
        opened = parse_plan(data)
    except PlanFileError as exc:
        # The open plan is left exactly as it was.
        st.session_state["upload_problems"] = (uploaded.name, [str(p) for p in exc.problems])
        return
    state.open_plan(opened, saved=True)
    state.flash(f"Planen i «{uploaded.name}» er åpnet ({participant_label(opened)}).")


st.file_uploader(
    "Planfil (.json) lagret fra KVP-planleggeren",
    type=["json"],
    key=UPLOAD_KEY,
    on_change=_on_upload,
    help="Filen leses og sjekkes før den åpnes. Er noe galt med den, beholdes planen som er åpen.",
)
problems = st.session_state.get("upload_problems")
if problems:
    filename, lines = problems
    st.error(
        f"Kunne ikke åpne «{filename}». Planen som er åpen, er ikke endret.\n\n"
        + "\n".join(f"- `{line}`" for line in lines)
    )

example_plan = engine.example_plan_api()
if example_plan is not None and current is None:
    if st.button("Åpne en eksempelplan", key="open_example", help="En oppdiktet deltaker, for å prøve verktøyet."):
        state.open_plan(example_plan(), saved=False)
        state.flash("Eksempelplanen er åpnet.")
        st.switch_page(widgets.PAGE_PROGRAM)
