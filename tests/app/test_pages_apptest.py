"""The app's pages, driven headless with streamlit.testing.v1.AppTest (no browser).

Each test starts the real entry script (`streamlit_app.py`, with st.navigation) and works the
widgets as a user would: keys are the stable widget keys the pages use.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from streamlit.testing.v1 import AppTest

from planner.dates import monday_of
from planner.model import Status
from planner.planfile import dumps_plan, parse_plan
from planner.templates import TEMPLATES, PlanBasics, build_from_template

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
TEMPLATE = "norsk-arbeidstrening-lonnstilskudd"
BASICS = PlanBasics(
    birth_date=date(1990, 1, 1), application_date=date(2026, 1, 5), start=date(2026, 3, 2), name="A. B."
)


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def template_plan():
    return build_from_template(TEMPLATE, BASICS)


def app_with(plan, page: str | None = None, participant: bool = False) -> AppTest:
    """The app with `plan` open (as if just created), on `page` (e.g. "app_pages/program.py")."""
    at = new_app()
    at.session_state["plan"] = plan
    at.session_state["participant_mode"] = participant
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def sidebar_text(at: AppTest) -> str:
    return " ".join(m.value for m in at.sidebar.markdown)


def analysis(at: AppTest):
    return at.session_state["_analysis_cache"]


def week_table(at: AppTest) -> str:
    return next(h.value for h in at.html if "kvp-week" in h.value and "<table" in h.value)


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


# ------------------------------------------------------------------------------------ start


def test_every_page_without_a_plan_points_to_start():
    for page in ("program", "regler", "tidslinje", "stonad", "soknad"):
        at = new_app()
        at.switch_page(f"app_pages/{page}.py")
        at.run()
        assert not at.exception
        assert len(at.title) == 1  # one h1 on every page
        assert any("Ingen plan er åpen" in i.value for i in at.info)


def test_create_plan_from_template():
    at = new_app()
    at.run()
    assert titles(at) == ["KVP-planleggeren"]
    at.text_input(key="new_name").input("A. B.")
    at.date_input(key="new_birth").set_value(date(1990, 1, 1))
    at.date_input(key="new_application").set_value(date(2026, 1, 5))
    at.date_input(key="new_start").set_value(date(2026, 3, 2))
    at.radio(key="new_template").set_value(TEMPLATE)
    at.button(key="create_plan").click()
    at.run()
    assert not at.exception
    plan = at.session_state["plan"]
    assert plan.participant.name == "A. B."
    assert plan.start == date(2026, 3, 2)
    assert plan == template_plan()
    # The app went on to the programme and says what happened.
    assert titles(at) == ["Program"]
    assert any("Norsk og arbeidstrening" in s.value for s in at.success)
    assert "A. B." in sidebar_text(at)


def test_create_plan_asks_for_missing_dates_and_keeps_no_plan():
    at = new_app()
    at.run()
    at.button(key="create_plan").click()
    at.run()
    assert at.session_state["plan"] is None
    assert any("Fyll inn fødselsdato" in e.value and "startdato" in e.value for e in at.error)


def test_new_plan_form_and_catalogue_search_survive_a_page_switch():
    at = new_app()
    at.run()
    at.text_input(key="new_name").input("E. F.")
    at.date_input(key="new_birth").set_value(date(1980, 2, 2))
    at.run()
    at.switch_page("app_pages/katalog.py")
    at.run()
    at.text_input(key="cat_search").input("norsk")
    at.run()
    at.selectbox(key="cat_pick").set_value("norskopplaering")
    at.run()
    at.switch_page("app_pages/start.py")
    at.run()
    assert at.text_input(key="new_name").value == "E. F."
    assert at.date_input(key="new_birth").value == date(1980, 2, 2)
    at.switch_page("app_pages/katalog.py")
    at.run()
    assert at.text_input(key="cat_search").value == "norsk"
    assert at.selectbox(key="cat_pick").value == "norskopplaering"


def test_blank_plan_with_children():
    at = new_app()
    at.run()
    at.date_input(key="new_birth").set_value(date(1985, 5, 5))
    at.date_input(key="new_start").set_value(date(2026, 4, 6))
    at.number_input(key="new_children_count").set_value(2)
    at.run()
    at.date_input(key="new_child_0").set_value(date(2015, 1, 1))
    at.date_input(key="new_child_1").set_value(date(2018, 6, 1))
    at.button(key="create_plan").click()
    at.run()
    plan = at.session_state["plan"]
    assert [c.birth_date for c in plan.participant.children] == [date(2015, 1, 1), date(2018, 6, 1)]
    assert plan.activities == ()


# ------------------------------------------------------------------------------- open a file


def test_broken_upload_is_reported_in_norwegian_and_the_plan_is_unchanged():
    plan = template_plan()
    at = app_with(plan)
    broken = json.loads(dumps_plan(plan))
    broken["activities"][2]["end"] = "2020-01-01"  # before its start
    broken["participant"]["birth_date"] = "1990-13-01"
    at.file_uploader(key="plan_upload").set_value(("ødelagt.json", json.dumps(broken).encode(), "application/json"))
    at.run()
    assert not at.exception
    assert at.session_state["plan"] is plan  # nothing lost
    message = " ".join(e.value for e in at.error)
    assert "Kunne ikke åpne «ødelagt.json»" in message
    assert "Planen som er åpen, er ikke endret" in message
    assert "activities[2].end" in message and "slutt før start" in message
    assert "participant.birth_date" in message and "ikke en gyldig dato" in message


def test_upload_that_is_not_json_keeps_the_plan():
    plan = template_plan()
    at = app_with(plan)
    at.file_uploader(key="plan_upload").set_value(("tull.json", b"{ikke json", "application/json"))
    at.run()
    assert at.session_state["plan"] is plan
    assert at.error, "the problem must be shown"


def test_good_upload_opens_the_plan_and_can_be_undone():
    first = template_plan()
    other = build_from_template(TEMPLATES[1].id, replace(BASICS, name="C. D."))
    at = app_with(first)
    at.file_uploader(key="plan_upload").set_value(("cd.json", dumps_plan(other).encode(), "application/json"))
    at.run()
    assert at.session_state["plan"] == other
    assert any("cd.json" in s.value for s in at.success)
    assert "C. D." in sidebar_text(at)
    # Opened from a file: nothing unsaved.
    assert "Endringer er ikke lastet ned" not in " ".join(c.value for c in at.sidebar.caption)
    at.button(key="undo_open").click()
    at.run()
    assert at.session_state["plan"] == first


def test_download_button_holds_the_plan_file():
    plan = template_plan()
    at = app_with(plan)
    buttons = at.get("download_button")
    assert buttons, "the sidebar has a download button"
    assert "Last ned planen" in buttons[0].proto.label


# ---------------------------------------------------------------------------------- catalogue


def test_catalogue_search_filter_and_add_to_plan():
    plan = template_plan()
    at = app_with(plan, "app_pages/katalog.py")
    at.text_input(key="cat_search").input("arbeidstren")  # part of a word
    at.run()
    names = [m.value for m in at.markdown]
    assert any("tiltak passer" in n for n in names)
    assert "arbeidstrening" in at.selectbox(key="cat_pick").options or "Arbeidstrening (i ordinær bedrift)" in at.selectbox(key="cat_pick").options
    at.selectbox(key="cat_pick").set_value("arbeidstrening")
    at.run()
    # The detail view shows everything the row holds.
    detail = " ".join(names)
    assert "Hjemmel" in detail and "Kategori" in detail and "Kilde" in detail
    at.date_input(key="add_start_arbeidstrening").set_value(date(2026, 9, 7))
    at.date_input(key="add_end_arbeidstrening").set_value(date(2026, 11, 27))
    at.number_input(key="add_hours_arbeidstrening").set_value(10.0)
    at.button[[b.label for b in at.button].index("Legg til i programmet")].click()
    at.run()
    assert not at.exception
    new = at.session_state["plan"]
    assert len(new.activities) == len(plan.activities) + 1
    added = new.activities[-1]
    assert added.catalogue_id == "arbeidstrening"
    assert (added.start, added.end, added.hours_per_week) == (date(2026, 9, 7), date(2026, 11, 27), Decimal(10))
    assert added.status is Status.AGREED
    assert any("er lagt til i programmet" in s.value for s in at.success)


def test_catalogue_search_with_aeoeaa_and_filters():
    at = app_with(template_plan(), "app_pages/katalog.py")
    at.text_input(key="cat_search").input("lonn")  # ø typed as o
    at.run()
    assert "lonnstilskudd" in at.selectbox(key="cat_pick").options or any(
        "Lønnstilskudd" in o for o in at.selectbox(key="cat_pick").options
    )
    at.text_input(key="cat_search").input("")
    at.selectbox(key="cat_source").set_value("office")
    at.run()
    assert any("Ingen tiltak passer" in i.value for i in at.info)


def test_participant_proposes_from_catalogue():
    at = app_with(template_plan(), "app_pages/katalog.py", participant=True)
    assert titles(at) == ["Finn aktiviteter"]
    at.text_input(key="cat_search").input("trening")
    at.run()
    picked = at.selectbox(key="cat_pick").value
    at.button[[b.label for b in at.button].index("Foreslå aktiviteten")].click()
    at.run()
    added = at.session_state["plan"].activities[-1]
    assert added.catalogue_id == picked
    assert added.status is Status.PROPOSED


# ------------------------------------------------------------------------------- program


def test_editing_hours_changes_the_finding_count():
    plan = template_plan()
    at = app_with(plan, "app_pages/program.py")
    assert analysis(at).rules_available
    before = analysis(at).errors
    assert before == 0, [f.message for f in analysis(at).findings]
    # Lønnstilskudd, 30 h a week, cut to 10: those weeks are no longer full time.
    target = next(a for a in plan.activities if a.catalogue_id == "lonnstilskudd")
    at.selectbox(key="activity_pick__g0").set_value(target.id)
    at.run()
    hours = next(n for n in at.number_input if n.label == "Timer per uke")
    hours.set_value(10.0)
    at.run()
    assert not at.exception
    assert at.session_state["plan"].activity(target.id).hours_per_week == Decimal(10)
    after = analysis(at)
    assert after.errors > before
    assert any(f.rule == "full_time" for f in after.findings)
    assert "feil" in sidebar_text(at)
    # And back: the finding goes away.
    hours = next(n for n in at.number_input if n.label == "Timer per uke")
    hours.set_value(30.0)
    at.run()
    assert analysis(at).errors == 0
    assert "Ingen feil" in sidebar_text(at)


def test_rules_are_computed_once_per_plan():
    at = app_with(template_plan(), "app_pages/program.py")
    first = analysis(at)
    at.run()  # a rerun without an edit
    assert analysis(at) is first


def test_week_composer_navigation_and_holidays():
    at = app_with(template_plan(), "app_pages/program.py")
    at.radio(key="program_section_pick").set_value("Ukeplan")
    at.run()
    at.selectbox(key="week_pick").set_value(date(2026, 3, 30))
    at.run()
    assert at.session_state["week_monday"] == date(2026, 3, 30)
    table = week_table(at)
    assert "Skjærtorsdag" in table and "Langfredag" in table
    assert "Påkrevd" in table  # the week's required hours (3 working days: 22,5)
    assert "22,5" in table
    at.button(key="week_next").click()
    at.run()
    assert at.session_state["week_monday"] == date(2026, 4, 6)
    assert "Andre påskedag" in week_table(at)
    assert any("Uke 15" in s.value for s in at.subheader)
    at.button(key="week_prev").click()
    at.run()
    assert at.session_state["week_monday"] == date(2026, 3, 30)
    # First week: "forrige" is disabled.
    at.selectbox(key="week_pick").set_value(date(2026, 3, 2))
    at.run()
    assert at.button(key="week_prev").disabled


def test_week_composer_shows_missing_hours():
    plan = template_plan()
    short = replace(plan, activities=plan.activities[1:])  # drop the first month's 7.5 h
    at = app_with(short, "app_pages/program.py")
    at.radio(key="program_section_pick").set_value("Ukeplan")
    at.run()
    at.selectbox(key="week_pick").set_value(date(2026, 3, 9))
    at.run()
    assert any("Mangler 7,5 timer" in w.value for w in at.warning)


def test_goal_text_survives_a_page_switch():
    at = app_with(template_plan(), "app_pages/program.py")
    at.radio(key="program_section_pick").set_value("Mål")
    at.run()
    at.text_area(key="goal_main__g0").input("Jobb som kokk")
    at.run()
    assert at.session_state["plan"].goals.main == "Jobb som kokk"
    at.switch_page("app_pages/regler.py")
    at.run()
    at.switch_page("app_pages/program.py")
    at.run()
    assert at.radio(key="program_section_pick").value == "Mål"
    assert at.text_area(key="goal_main__g0").value == "Jobb som kokk"


def test_agree_all_proposals():
    at = app_with(template_plan(), "app_pages/program.py")
    at.button(key="agree_all").click()
    at.run()
    assert all(a.status is Status.AGREED for a in at.session_state["plan"].activities)


# ---------------------------------------------------------------------------------- rules


def test_rules_page_lists_errors_first_with_why_and_jumps_to_the_week():
    plan = template_plan()
    target = next(a for a in plan.activities if a.catalogue_id == "lonnstilskudd")
    broken = replace(
        plan, activities=tuple(replace(a, hours_per_week=Decimal(10)) if a.id == target.id else a for a in plan.activities)
    )
    at = app_with(broken, "app_pages/regler.py")
    assert titles(at) == ["Regler"]
    headers = [h.value for h in at.header]
    assert headers[0] == "Feil"
    assert any(e.label == "Hvorfor?" for e in at.expander)
    assert any("sotjl § 30" in c.value for c in at.caption)
    jump = next(b for b in at.button if b.key and b.key.startswith("goto_week_"))
    jump.click()
    at.run()
    assert not at.exception
    assert titles(at) == ["Program"]
    assert at.radio(key="program_section_pick").value == "Ukeplan"
    assert at.session_state["week_monday"] >= monday_of(target.start)


def test_rules_page_jumps_to_the_activity():
    plan = template_plan()
    # A health activity without justification: the finding names the activity.
    from planner.model import Activity, Category

    extra = Activity("a99", "Trening", Category.HEALTH, date(2026, 3, 2), date(2026, 5, 29), Decimal("1.5"),
                     status=Status.AGREED)
    at = app_with(replace(plan, activities=plan.activities + (extra,)), "app_pages/regler.py")
    button = next(b for b in at.button if b.key == f"goto_act_{_finding_index(at, 'a99')}_a99")
    button.click()
    at.run()
    assert titles(at) == ["Program"]
    assert at.selectbox(key="activity_pick__g0").value == "a99"


def _finding_index(at: AppTest, activity_id: str) -> int:
    for index, finding in enumerate(analysis(at).findings):
        if activity_id in finding.activity_ids:
            return index
    raise AssertionError("no finding names the activity")


# ------------------------------------------------------------------------- timeline, stipend


def test_timeline_and_stipend_pages_draw_their_charts():
    at = app_with(template_plan(), "app_pages/tidslinje.py")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2
    spec = json.loads(charts[0].proto.spec)
    assert spec["title"]["text"] == "Programmet over tid"
    assert spec["description"].startswith("Tidslinje.")
    assert spec["height"] >= 300
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["time"]["shortMonths"][4] == "mai"
    stipend = json.loads(charts[1].proto.spec)
    assert "stønad" in stipend["title"]["text"].lower()
    at.switch_page("app_pages/stonad.py")
    at.run()
    assert not at.exception
    assert titles(at) == ["Stønad"]
    assert len(at.expander) >= 12  # a "Hvorfor?" per month
    assert any("utbetales" in e.label for e in at.expander)
    assert "Fravær og inntekt" in [h.value for h in at.header]
    assert len(at.data_editor) == 2  # absences and income


def test_stipend_page_shows_deductions_from_the_plan():
    from planner.model import Absence, Income, IncomeKind

    plan = replace(
        template_plan(),
        absences=(Absence(date(2026, 4, 14), Decimal("7.5"), False, "Møtte ikke"),),
        income=(Income(IncomeKind.DAGPENGER, "2026-05", amount=Decimal(1000)),),
    )
    at = app_with(plan, "app_pages/stonad.py")
    table = at.dataframe[0].value
    assert "Ugyldig fravær" in table.columns and "Andre ytelser" in table.columns
    assert "Arbeid" not in table.columns  # nil every month: left out
    april = table[table["Måned"] == "april 2026"].iloc[0]
    assert april["Ugyldig fravær"].startswith("-") and april["Ugyldig fravær"].endswith("kr")
    assert table[table["Måned"] == "mai 2026"].iloc[0]["Andre ytelser"] == "-1 000,00 kr"


# --------------------------------------------------------------------- participant view


def test_participant_mode_uses_plain_words_and_hides_internal_notes():
    plan = template_plan()
    at = app_with(plan, "app_pages/program.py")
    assert at.data_editor, "the veileder sees the activity table"
    at.toggle(key="participant_mode_toggle").set_value(True)
    at.run()
    assert at.session_state["participant_mode"] is True
    assert titles(at) == ["Programmet ditt"]
    assert not at.data_editor  # no table of internal fields
    text = " ".join(m.value for m in at.markdown)
    assert "Forslag – ikke avtalt ennå" in text
    assert "sotjl" not in text and "§" not in text
    at.switch_page("app_pages/regler.py")
    at.run()
    assert titles(at) == ["Det vi må se på"]
    assert not [c for c in at.caption if "§" in c.value]
    at.switch_page("app_pages/soknad.py")
    at.run()
    labels = [r.label for r in at.radio]
    assert "Er du mellom 18 og 67 år hele tiden programmet varer?" in labels
    assert not at.text_area  # the veileder's note is not shown
    # The switch stays on across pages, and off again.
    at.toggle(key="participant_mode_toggle").set_value(False)
    at.run()
    assert titles(at) == ["Søknad og vilkår"]


# -------------------------------------------------------------------------- eligibility


def test_eligibility_form_is_saved_in_the_plan():
    at = app_with(template_plan(), "app_pages/soknad.py")
    assert any("Ikke klar for vedtak" in w.value for w in at.warning)
    at.radio(key="elig_alder__g0").set_value("Ja")
    at.run()
    at.radio(key="elig_tett_bistand__g0").set_value("Nei")
    at.run()
    at.text_area(key="elig_note__g0").input("AEV gjort 3.2.")
    at.run()
    plan = at.session_state["plan"]
    assert plan.eligibility.answers["alder"] is True
    assert plan.eligibility.answers["tett_bistand"] is False
    assert plan.eligibility.note == "AEV gjort 3.2."
    saved = json.loads(dumps_plan(plan))
    assert saved["eligibility"]["answers"]["alder"] is True
    assert parse_plan(dumps_plan(plan)).eligibility == plan.eligibility
    status = " ".join(w.value for w in at.warning)
    assert "1 vilkår er besvart «nei»" in status and "tett og koordinert bistand" in status


def test_plan_is_ready_for_vedtak_when_all_yes_and_no_errors():
    from planner.editing import ELIGIBILITY_QUESTIONS, set_eligibility_answer, set_status

    plan = template_plan()
    plan = set_status(plan, [a.id for a in plan.activities], Status.AGREED)
    for q in ELIGIBILITY_QUESTIONS:
        plan = set_eligibility_answer(plan, q.id, True)
    at = app_with(plan, "app_pages/soknad.py")
    assert any("Klar for vedtak" in s.value for s in at.success)


def test_every_page_copes_with_an_empty_plan():
    """A plan file may hold no periods and no activities (a draft): no page may crash on it."""
    empty = replace(template_plan(), periods=(), activities=(), evaluations=(), goals=replace(template_plan().goals, sub_goals=()))
    for participant in (False, True):
        for page in ("start", "soknad", "program", "katalog", "regler", "tidslinje", "stonad"):
            at = app_with(empty, f"app_pages/{page}.py", participant=participant)
            assert not at.exception, (page, participant, at.exception)
        for section in ("Mål", "Aktiviteter", "Ukeplan", "Perioder og fravær", "Evalueringer"):
            at = app_with(empty, "app_pages/program.py", participant=participant)
            at.radio(key="program_section_pick").set_value(section)
            at.run()
            assert not at.exception, (section, participant, at.exception)


def test_participant_week_uses_plain_words():
    at = app_with(template_plan(), "app_pages/program.py", participant=True)
    at.radio(key="program_section_pick").set_value("Ukeplan")
    at.run()
    at.selectbox(key="week_pick").set_value(date(2026, 3, 30))
    at.run()
    table = week_table(at)
    assert "Timene dine" in table and "En full dag" in table and "Påkrevd" not in table
    assert "Skjærtorsdag" in table
    assert titles(at) == ["Programmet ditt"]
