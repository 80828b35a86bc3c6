"""Program: goals, vedtak periods and leave, the activities, the week composer, evaluations.

One section is shown at a time (the radio at the top), so a rerun draws only what is on screen.
In the participant view the same plan is shown in plain words, without internal notes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import streamlit as st

from app_ui import engine, state, widgets
from app_ui.fmt import (
    category_label,
    fmt_date,
    fmt_date_short,
    fmt_hours,
    leave_label,
    status_label,
    week_title,
)
from planner import editing
from planner.model import (
    CATEGORY_LABELS_NB,
    GOAL_OUTCOME_LABELS_NB,
    LEAVE_LABELS_NB,
    STATUS_LABELS_NB,
    Category,
    Status,
)

SECTIONS = ("Mål", "Aktiviteter", "Ukeplan", "Perioder og fravær", "Evalueringer")
SECTIONS_PLAIN = {
    "Mål": "Målene dine",
    "Aktiviteter": "Aktivitetene",
    "Ukeplan": "Uka di",
    "Perioder og fravær": "Perioder og ferie",
    "Evalueringer": "Når vi ser på planen",
}

widgets.heading("Program", "Programmet ditt")
plan = widgets.require_plan()
plain = state.participant_mode()
params = engine.parameters()
analysis = engine.analyse(plan)


# The section to show: kept in state (not only in the widget) so the rules page can send the user
# straight to the week or to an activity.
wanted = st.session_state.get(state.PROGRAM_SECTION) or "Aktiviteter"
if st.session_state.get("program_section_pick") != wanted:
    st.session_state["program_section_pick"] = wanted


def _pick_section() -> None:
    st.session_state[state.PROGRAM_SECTION] = st.session_state["program_section_pick"]


section = st.radio(
    "Hva vil du se?" if plain else "Del av programmet",
    SECTIONS,
    horizontal=True,
    key="program_section_pick",
    on_change=_pick_section,
    format_func=(lambda s: SECTIONS_PLAIN[s]) if plain else str,
)


def _commit(new_plan, problems=()) -> None:
    state.set_plan(new_plan)
    for problem in problems:
        state.flash(problem, "error")


# --------------------------------------------------------------------------------- goals


def goals_section() -> None:
    if plain:
        st.header("Målene dine")
        st.markdown(f"**Det store målet:** {plan.goals.main or 'Ikke skrevet ennå.'}")
        if plan.goals.occupation:
            st.markdown(f"**Jobben du vil ha:** {plan.goals.occupation}")
        if plan.goals.sub_goals:
            st.subheader("Steg på veien")
            for goal in plan.goals.sub_goals:
                when = f" – innen {fmt_date(goal.deadline)}" if goal.deadline else ""
                who = f" ({goal.responsible})" if goal.responsible else ""
                done = f" – **{GOAL_OUTCOME_LABELS_NB[goal.reached].lower()}**" if goal.reached else ""
                st.markdown(f"- {goal.text}{when}{who}{done}")
        return
    st.header("Mål")
    st.text_area(
        "Hovedmål",
        height=80,
        help="Deltakerens mål med programmet, helst med deltakerens egne ord.",
        **state.bind(state.wkey("goal_main"), plan.goals.main,
                     lambda v: state.set_plan(editing.set_goals(state.plan(), main=v or ""))),
    )
    st.text_input(
        "Yrkesmål",
        **state.bind(state.wkey("goal_occupation"), plan.goals.occupation or "",
                     lambda v: state.set_plan(editing.set_goals(state.plan(), occupation=v or ""))),
    )
    st.subheader("Delmål")
    frame = pd.DataFrame(
        [{"text": g.text, "deadline": g.deadline, "responsible": g.responsible or "",
          "reached": GOAL_OUTCOME_LABELS_NB[g.reached] if g.reached else None} for g in plan.goals.sub_goals],
        columns=["text", "deadline", "responsible", "reached"],
    )
    widgets.list_editor(
        "sub_goals",
        frame,
        editing.set_sub_goals,
        {
            "text": st.column_config.TextColumn("Delmål", required=True, width="large"),
            "deadline": st.column_config.DateColumn("Frist", format="DD.MM.YYYY"),
            "responsible": st.column_config.TextColumn("Ansvarlig"),
            "reached": st.column_config.SelectboxColumn(
                "Oppnådd", options=list(GOAL_OUTCOME_LABELS_NB.values()),
                help="Fylles ut sammen ved evalueringene; står på deltakerbeviset (forskrift § 1).",
            ),
        },
    )


# ---------------------------------------------------------------------------- activities

CATEGORY_OPTIONS = list(CATEGORY_LABELS_NB.values())
STATUS_OPTIONS = list(STATUS_LABELS_NB.values())


def activities_section() -> None:
    st.header("Aktivitetene" if plain else "Aktiviteter")
    current_week = state.week() or editing.clamp_week(plan, date.today())
    if current_week is not None:
        _week_summary(current_week)
    if plain:
        _activities_plain()
        return
    proposed = editing.proposed_activities(plan)
    if proposed:
        cols = st.columns([3, 1])
        cols[0].info(f"{len(proposed)} aktivitet(er) er forslag. Gå gjennom dem sammen, og avtal dem.")
        if cols[1].button("Avtal alle forslag", key="agree_all", icon=":material/handshake:"):
            state.set_plan(editing.set_status(plan, [a.id for a in proposed], Status.AGREED))
            state.flash(f"{len(proposed)} forslag er nå avtalt.")
            st.rerun()

    _activity_form()

    st.subheader("Alle aktiviteter")
    frame = pd.DataFrame(editing.activity_rows(plan), columns=list(editing.ACTIVITY_COLUMNS))
    key = state.editor_key("activities")

    def save(rows_key=key) -> None:
        delta = st.session_state[rows_key]
        new, problems = editing.apply_activity_rows(
            state.plan(), delta.get("edited_rows"), delta.get("added_rows") or [], delta.get("deleted_rows") or []
        )
        _commit(new, problems)
        state.bump_editor("activities")

    st.data_editor(
        frame,
        key=key,
        on_change=save,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_order=[c for c in editing.ACTIVITY_COLUMNS if c != "id"],
        column_config={
            "title": st.column_config.TextColumn("Aktivitet", required=True, width="medium"),
            "category": st.column_config.SelectboxColumn("Kategori", options=CATEGORY_OPTIONS, required=True),
            "start": st.column_config.DateColumn("Start", format="DD.MM.YYYY", required=True),
            "end": st.column_config.DateColumn("Slutt", format="DD.MM.YYYY", required=True),
            "hours_per_week": st.column_config.NumberColumn(
                "Timer per uke", min_value=0.25, max_value=75.0, step=0.25, format="localized", required=True
            ),
            "status": st.column_config.SelectboxColumn("Status", options=STATUS_OPTIONS),
            "provider": st.column_config.TextColumn("Arrangør"),
            "justification": st.column_config.TextColumn(
                "Begrunnelse", help="Hvorfor tiden settes av. Påkrevd i praksis for helse (sotjl § 30).", width="large"
            ),
        },
    )
    st.caption("Endre direkte i tabellen. Nye rader blir forslag til de er avtalt. Slett en rad ved å merke den.")


def _week_summary(monday: date) -> None:
    grid = editing.week_grid(plan, params, monday, analysis.calendar)
    text = f"{week_title(grid.monday)}: {fmt_hours(grid.planned)} av {fmt_hours(grid.required)} timer planlagt"
    if grid.missing > Decimal("0.01"):
        st.warning(f"{text} – mangler {fmt_hours(grid.missing)} timer.", icon=":material/schedule:")
    elif grid.over > Decimal("0.01"):
        st.info(f"{text} – {fmt_hours(grid.over)} timer over.", icon=":material/schedule:")
    else:
        st.success(f"{text} – full uke.", icon=":material/schedule:")


def _activities_plain() -> None:
    if not plan.activities:
        st.write("Det er ingen aktiviteter i programmet ennå. Vi finner dem i «Finn aktiviteter».")
    for activity in plan.activities:
        if not activity.counts:
            continue
        with st.container(border=True):
            st.markdown(f"**{activity.title}**")
            st.write(
                f"{category_label(activity.category, plain=True)} · {fmt_hours(activity.hours_per_week)} timer i uka · "
                f"fra {fmt_date(activity.start)} til {fmt_date(activity.end)}"
            )
            if activity.provider:
                st.write(f"Hvor: {activity.provider}")
            if activity.status is Status.PROPOSED:
                st.markdown(":orange-badge[Forslag – ikke avtalt ennå]")
            elif activity.status:
                st.markdown(f":green-badge[{status_label(activity.status, plain=True)}]")
    st.page_link("app_pages/katalog.py", label="Foreslå en aktivitet", icon=":material/add:")


def _activity_form() -> None:
    """Edit one activity in a form; a finding's "Gå til aktivitet" opens it here."""
    if not plan.activities:
        st.write("Programmet har ingen aktiviteter ennå.")
        st.page_link("app_pages/katalog.py", label="Finn tiltak i katalogen", icon=":material/search:")
        return
    ids = [a.id for a in plan.activities]
    focus = st.session_state.get(state.FOCUS_ACTIVITY)
    pick_key = state.wkey("activity_pick")
    if focus in ids:
        st.session_state[pick_key] = focus
        st.session_state[state.FOCUS_ACTIVITY] = None
    elif st.session_state.get(pick_key) not in ids:
        st.session_state[pick_key] = None
    with st.container(border=True):
        st.subheader("Endre én aktivitet")
        activity_id = st.selectbox(
            "Aktivitet",
            ids,
            key=pick_key,
            index=None,
            placeholder="Velg en aktivitet for å endre, flytte eller slette den",
            format_func=lambda i: f"{plan.activity(i).title} ({fmt_date_short(plan.activity(i).start)}–"
            f"{fmt_date_short(plan.activity(i).end)})",
        )
        if activity_id is None:
            return
        activity = plan.activity(activity_id)
        # The keys follow the activity's content, so an edit elsewhere (the table) shows up here.
        suffix = f"{activity.id}_{abs(hash((activity.start, activity.end, activity.hours_per_week, activity.status, activity.title))) % 10**8}"

        def commit(field):
            def run(value):
                state.set_plan(editing.update_activity(state.plan(), activity_id, **{field: value}))
            return run

        cols = st.columns([2, 1, 1, 1])
        cols[0].text_input("Navn", **state.bind(state.wkey(f"act_title_{suffix}"), activity.title, commit("title")))
        cols[1].date_input(
            "Start", format="DD.MM.YYYY", **state.bind(state.wkey(f"act_start_{suffix}"), activity.start, commit("start"))
        )
        cols[2].date_input(
            "Slutt", format="DD.MM.YYYY", **state.bind(state.wkey(f"act_end_{suffix}"), activity.end, commit("end"))
        )
        cols[3].number_input(
            "Timer per uke",
            min_value=0.25,
            max_value=75.0,
            step=0.5,
            format="%.2f",
            **state.bind(state.wkey(f"act_hours_{suffix}"), float(activity.hours_per_week), commit("hours_per_week")),
        )
        cols = st.columns([1, 1, 2])
        cols[0].selectbox(
            "Kategori",
            list(Category),
            format_func=lambda c: CATEGORY_LABELS_NB[c],
            **state.bind(state.wkey(f"act_cat_{suffix}"), activity.category, commit("category")),
        )
        cols[1].selectbox(
            "Status",
            list(Status),
            format_func=lambda s: STATUS_LABELS_NB[s],
            **state.bind(state.wkey(f"act_status_{suffix}"), activity.status or Status.PROPOSED, commit("status")),
        )
        cols[2].text_input(
            "Arrangør",
            **state.bind(state.wkey(f"act_provider_{suffix}"), activity.provider or "",
                         lambda v: state.set_plan(editing.update_activity(state.plan(), activity_id, provider=v.strip() or None))),
        )
        st.text_area(
            "Begrunnelse for tidsbruken",
            height=68,
            help="Tid til helse, hvile og andre tiltak som ikke er arbeidsrettet, skal begrunnes (sotjl § 30).",
            **state.bind(state.wkey(f"act_just_{suffix}"), activity.justification or "",
                         lambda v: state.set_plan(editing.update_activity(state.plan(), activity_id, justification=v.strip() or None))),
        )
        cols = st.columns(4)
        if cols[0].button("Flytt én uke tidligere", key=f"move_back_{suffix}", icon=":material/arrow_back:"):
            state.set_plan(editing.move_activity(plan, activity_id, -7))
            st.rerun()
        if cols[1].button("Flytt én uke senere", key=f"move_fwd_{suffix}", icon=":material/arrow_forward:"):
            state.set_plan(editing.move_activity(plan, activity_id, 7))
            st.rerun()
        if cols[2].button("Vis i ukeplanen", key=f"show_week_{suffix}", icon=":material/calendar_view_week:"):
            state.set_week(editing.clamp_week(plan, max(activity.start, plan.start or activity.start)))
            st.session_state[state.PROGRAM_SECTION] = "Ukeplan"
            st.rerun()
        if cols[3].button("Slett aktiviteten", key=f"delete_{suffix}", icon=":material/delete:"):
            state.set_plan(editing.remove_activity(plan, activity_id))
            state.flash(f"«{activity.title}» er slettet.")
            st.rerun()


# ------------------------------------------------------------------------ the week composer


def week_section() -> None:
    st.header("Uka di" if plain else "Ukeplan")
    mondays = editing.programme_mondays(plan)
    if not mondays:
        st.write("Programmet har ingen vedtaksperiode ennå.")
        return
    monday = editing.clamp_week(plan, state.week() or date.today())
    state.set_week(monday)
    if st.session_state.get("week_pick") != monday:
        st.session_state["week_pick"] = monday

    def pick() -> None:
        state.set_week(st.session_state["week_pick"])

    def step(by: int) -> None:
        state.set_week(editing.step_week(state.plan(), state.week() or monday, by))

    index = mondays.index(monday)
    cols = st.columns([1, 3, 1], vertical_alignment="bottom")
    cols[0].button("Forrige uke", key="week_prev", on_click=step, args=(-1,), disabled=index == 0,
                   icon=":material/chevron_left:", width="stretch")
    cols[1].selectbox("Velg uke", mondays, key="week_pick", on_change=pick, format_func=week_title)
    cols[2].button("Neste uke", key="week_next", on_click=step, args=(1,), disabled=index == len(mondays) - 1,
                   icon=":material/chevron_right:", icon_position="right", width="stretch")

    grid = editing.week_grid(plan, params, monday, analysis.calendar)
    st.subheader(week_title(grid.monday))
    st.html(_week_table(grid))
    if grid.required == 0:
        st.info("Ingen arbeidsdager i programmet denne uka.")
    elif grid.missing > Decimal("0.01"):
        st.warning(
            (f"Det mangler {fmt_hours(grid.missing)} timer for at uka skal være full."
             if plain else
             f"Mangler {fmt_hours(grid.missing)} timer: {fmt_hours(grid.planned)} planlagt mot "
             f"{fmt_hours(grid.required)} påkrevd (37,5 × arbeidsdager / 5, sotjl § 30)."),
            icon=":material/warning:",
        )
    elif grid.over > Decimal("0.01"):
        st.info(f"{fmt_hours(grid.over)} timer mer enn en full uke ({fmt_hours(grid.required)} timer).")
    else:
        st.success(f"Full uke: {fmt_hours(grid.planned)} av {fmt_hours(grid.required)} timer.")


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def _week_table(grid: editing.WeekGrid) -> str:
    """Monday–Friday as an HTML table with real headers (readable by screen readers)."""
    from app_ui.fmt import WEEKDAYS_NB

    head = "".join(
        f'<th scope="col">{WEEKDAYS_NB[i].capitalize()} {d.day.day}.{d.day.month}.'
        + (f'<span class="kvp-note">{_esc(d.note)}</span>' if d.note else "")
        + "</th>"
        for i, d in enumerate(grid.days)
    )
    rows = []
    for row in grid.rows:
        title = _esc(row.title)
        if row.status is Status.PROPOSED:
            title = f'<span class="kvp-proposed">{title} <em>(forslag)</em></span>'
        cells = []
        for i, day in enumerate(grid.days):
            if not day.working:
                cells.append('<td class="kvp-off">–</td>')
            else:
                value = row.hours[i]
                cells.append(f"<td>{fmt_hours(value) if value else ''}</td>")
        kind = category_label(row.category, plain=plain)
        rows.append(
            f'<tr><th scope="row">{title}<span class="kvp-note">{_esc(kind)}</span></th>{"".join(cells)}'
            f"<td>{fmt_hours(row.total)}</td></tr>"
        )
    if not rows:
        rows.append('<tr><td class="kvp-left" colspan="7">Ingen aktiviteter denne uka.</td></tr>')
    totals = "".join(f"<td>{fmt_hours(t)}</td>" for t in grid.day_totals)
    required = "".join(f"<td>{fmt_hours(d.required_hours)}</td>" for d in grid.days)
    words = ("Timene dine", "En full dag", "Til sammen") if plain else ("Planlagt", "Påkrevd", "Sum")
    return (
        f'<table class="kvp-week"><caption class="kvp-sr-only">'
        f"Timer per dag i {_esc(week_title(grid.monday).lower())}</caption>"
        f'<thead><tr><th scope="col">Aktivitet</th>{head}<th scope="col">{words[2]}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody>"
        f'<tfoot><tr><th scope="row">{words[0]}</th>{totals}<td>{fmt_hours(grid.planned)}</td></tr>'
        f'<tr><th scope="row">{words[1]}</th>{required}<td>{fmt_hours(grid.required)}</td></tr></tfoot></table>'
    )


# --------------------------------------------------------------------- periods and leave


def periods_section() -> None:
    if plain:
        st.header("Perioder og ferie")
        for i, p in enumerate(plan.periods, start=1):
            st.markdown(f"- Periode {i}: {fmt_date(p.start)} til {fmt_date(p.end)}")
        if plan.leaves:
            st.subheader("Ferie og fri")
            for x in plan.leaves:
                st.markdown(f"- {leave_label(x.kind, plain=True)}: {fmt_date(x.start)} til {fmt_date(x.end)}")
        return
    st.header("Perioder og fravær")
    st.subheader("Deltaker og søknad")
    cols = st.columns(3)
    cols[0].text_input(
        "Navn eller initialer",
        **state.bind(state.wkey("p_name"), plan.participant.name or "",
                     lambda v: state.set_plan(editing.set_participant(state.plan(), name=v))),
    )
    cols[1].date_input(
        "Fødselsdato", format="DD.MM.YYYY", min_value=date(1940, 1, 1),
        **state.bind(state.wkey("p_birth"), plan.participant.birth_date,
                     lambda v: v and state.set_plan(editing.set_participant(state.plan(), birth_date=v))),
    )
    cols[2].date_input(
        "Søknad mottatt", format="DD.MM.YYYY",
        **state.bind(state.wkey("p_application"), plan.application_date,
                     lambda v: v and state.set_plan(editing.set_application_date(state.plan(), v))),
    )
    children = pd.DataFrame([{"birth_date": c.birth_date} for c in plan.participant.children], columns=["birth_date"])
    def set_children(current, rows):
        days = [r["birth_date"] for r in rows if editing.present(r.get("birth_date"))]
        try:
            return editing.set_participant(current, children_birth_dates=days), []
        except editing.EditError as exc:
            return current, [str(exc)]

    widgets.list_editor(
        "children", children, set_children,
        {"birth_date": st.column_config.DateColumn("Barn deltakeren forsørger: fødselsdato", format="DD.MM.YYYY")},
    )

    st.subheader("Vedtaksperioder")
    frame = pd.DataFrame(
        [{"start": p.start, "end": p.end, "decision_date": p.decision_date, "special_reasons": p.special_reasons}
         for p in plan.periods],
        columns=["start", "end", "decision_date", "special_reasons"],
    )
    widgets.list_editor(
        "periods", frame, editing.set_periods,
        {
            "start": st.column_config.DateColumn("Fra", format="DD.MM.YYYY", required=True),
            "end": st.column_config.DateColumn("Til", format="DD.MM.YYYY", required=True),
            "decision_date": st.column_config.DateColumn("Vedtaksdato", format="DD.MM.YYYY"),
            "special_reasons": st.column_config.CheckboxColumn(
                "Særlige grunner", help="Forlengelse ut over to år (sotjl § 32)."),
        },
    )
    if st.button("Ny vedtaksperiode etter den siste (forlengelse)", key="add_period", icon=":material/add:"):
        state.set_plan(editing.add_period(plan, 12, special_reasons=len(plan.periods) >= 2))
        state.bump_editor("periods")
        st.rerun()

    st.subheader("Ferie, permisjon og avbrudd")
    st.caption("Ferie er en del av programåret. Permisjon og avbrudd skyver sluttdatoen; avbrudd gir ikke stønad (§ 34).")
    leaves = pd.DataFrame(
        [{"kind": LEAVE_LABELS_NB[x.kind], "start": x.start, "end": x.end, "reason": x.reason or ""} for x in plan.leaves],
        columns=["kind", "start", "end", "reason"],
    )
    widgets.list_editor(
        "leaves", leaves, editing.set_leaves,
        {
            "kind": st.column_config.SelectboxColumn("Type", options=list(LEAVE_LABELS_NB.values()), required=True),
            "start": st.column_config.DateColumn("Fra", format="DD.MM.YYYY", required=True),
            "end": st.column_config.DateColumn("Til", format="DD.MM.YYYY", required=True),
            "reason": st.column_config.TextColumn("Årsak", width="large"),
        },
    )


# ---------------------------------------------------------------------------- evaluations


def evaluations_section() -> None:
    if plain:
        st.header("Når vi ser på planen")
        st.write("Disse dagene ser vi på planen sammen og endrer den hvis noe ikke passer:")
        for e in plan.evaluations:
            st.markdown(f"- {fmt_date(e.date)}")
        if not plan.evaluations:
            st.write("Ingen datoer er satt ennå.")
        return
    st.header("Evalueringer")
    st.caption("Programmet skal ha datoer for evaluering (forskrift § 1), minst én i hver vedtaksperiode.")
    frame = pd.DataFrame([{"date": e.date, "note": e.note or ""} for e in plan.evaluations], columns=["date", "note"])
    widgets.list_editor(
        "evaluations", frame, editing.set_evaluations,
        {
            "date": st.column_config.DateColumn("Dato", format="DD.MM.YYYY", required=True),
            "note": st.column_config.TextColumn("Notat", width="large"),
        },
    )


{
    "Mål": goals_section,
    "Aktiviteter": activities_section,
    "Ukeplan": week_section,
    "Perioder og fravær": periods_section,
    "Evalueringer": evaluations_section,
}[section]()
