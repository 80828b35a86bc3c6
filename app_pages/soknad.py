"""Søknad og vilkår: the § 29 conditions and the application checklist (seed 7.6b), saved in the plan,
and whether the plan is "klar for vedtak"."""

from __future__ import annotations

import streamlit as st

from app_ui import engine, state, widgets
from planner import editing

widgets.heading("Søknad og vilkår", "Søknaden din")
plan = widgets.require_plan()
plain = state.participant_mode()
analysis = engine.analyse(plan)


ANSWERS = {"Ja": True, "Nei": False, "Ikke vurdert": None}
LABEL_OF = {True: "Ja", False: "Nei", None: "Ikke vurdert"}

readiness = editing.readiness(plan, analysis.errors if analysis.rules_available else None)
status = editing.eligibility_status(plan)

# The status first: what stands between this plan and a vedtak.
if readiness.ready:
    st.success("**Klar for vedtak.** Alle vilkår er vurdert til «ja», og regelsjekken finner ingen feil.",
               icon=":material/task_alt:")
else:
    lines = "\n".join(f"- {r}" for r in readiness.reasons)
    st.warning(f"**Ikke klar for vedtak ennå.**\n\n{lines}", icon=":material/pending_actions:")

cols = st.columns(3)
cols[0].metric("Ja", len(status.yes))
cols[1].metric("Nei", len(status.no))
cols[2].metric("Ikke vurdert", len(status.unanswered))

if plain:
    st.write("Dette er spørsmålene NAV må svare på før programmet kan starte. Vi går gjennom dem sammen.")
else:
    st.write(
        "Alle vilkårene i § 29 må være oppfylt for at KVP skal innvilges. Svarene lagres i planfilen. "
        "Sjekkliste 7.6b (2012) kaller KVP en engangsrettighet; det gjelder ikke lenger etter 1.1.2019."
    )

answers = plan.eligibility.answers if plan.eligibility else {}


def _save(question_id: str):
    def run(label):
        state.set_plan(editing.set_eligibility_answer(state.plan(), question_id, ANSWERS[label]))
    return run


for section in editing.ELIGIBILITY_SECTIONS:
    questions = [q for q in editing.ELIGIBILITY_QUESTIONS if q.section == section]
    st.header(section if not plain else ("Vilkårene" if section == editing.ELIGIBILITY_SECTIONS[0] else "NAV sjekker"))
    for number, q in enumerate(questions, start=1):
        with st.container(border=True):
            st.radio(
                q.plain if plain else q.text,
                list(ANSWERS),
                horizontal=True,
                help=None if plain else q.reference,
                **state.bind(state.wkey(f"elig_{q.id}"), LABEL_OF[answers.get(q.id)], _save(q.id)),
            )
            if q.id == "alder" and not plain:
                ages = editing.age_span(plan)
                if ages is not None:
                    st.caption(f"Fra planen: {ages[0]} år ved start, {ages[1]} år ved slutt (fødselsdato og vedtaksperioder).")

if not plain:
    st.header("Notat til vurderingen")
    st.text_area(
        "Notat (vises ikke i deltakervisningen)",
        height=120,
        **state.bind(state.wkey("elig_note"), (plan.eligibility.note if plan.eligibility else None) or "",
                     lambda v: state.set_plan(editing.set_eligibility_note(state.plan(), v))),
    )
