"""The real app in Debian's Chromium: a veileder and a participant plan a programme end to end.

Uses the fixtures in tests/conftest.py (`streamlit_server`, `page`) and the helpers in
tests/support. Screenshots go to test-artifacts/screenshots/app-*.png, axe reports to
test-artifacts/axe/.

axe-core: every page is checked (WCAG 2.1 A/AA) and the test fails on a serious or critical
violation in the project's own content. Left out, because they are Streamlit's and not ours:
- the header, toolbar, main menu and status widget (`STREAMLIT_CHROME_SELECTORS` in tests/support/axe.py);
- nothing else: the sidebar, the navigation and every widget on the pages are checked.
"""

from __future__ import annotations

import json
import re

import pytest

from planner.planfile import dumps_plan, parse_plan
from tests.support.app_flows import (
    check_axe,
    create_plan_from_template,
    go,
    pick_section,
    set_number,
    sidebar_text,
)
from tests.support.browser import screenshot, wait_for_streamlit

pytestmark = pytest.mark.browser

# ------------------------------------------------------------------------------ helpers


def download_plan(page) -> dict:
    with page.expect_download() as info:
        page.locator('[data-testid="stSidebar"]').get_by_role("button", name=re.compile("Last ned planen")).click()
    path = info.value.path()
    wait_for_streamlit(page)
    return json.loads(open(path, encoding="utf-8").read())


# -------------------------------------------------------------------------------- the flow


def test_plan_a_programme_end_to_end(streamlit_server, page, tmp_path):
    page.goto(streamlit_server)
    wait_for_streamlit(page)
    check_axe(page, "app-start-empty")
    screenshot(page, "app-01-start")

    # 1. A plan from a template.
    create_plan_from_template(page, streamlit_server)
    assert "A. B." in sidebar_text(page)
    assert "Ingen feil" in sidebar_text(page)
    screenshot(page, "app-02-program-from-template")
    check_axe(page, "app-program-activities")
    for section, name in (("Mål", "mal"), ("Perioder og fravær", "perioder"), ("Evalueringer", "evalueringer")):
        pick_section(page, section)
        page.get_by_role("heading", name=section, level=2).wait_for()
        check_axe(page, f"app-program-{name}")
    screenshot(page, "app-02b-program-evalueringer")
    pick_section(page, "Aktiviteter")

    # 2. A measure from the catalogue.
    go(page, "katalog")
    page.get_by_role("textbox", name="Søk i katalogen").fill("mentor")
    page.keyboard.press("Enter")
    wait_for_streamlit(page)
    page.get_by_role("heading", name="Mentor", exact=True).wait_for()
    set_number(page, "Timer per uke", "2", in_form=True)
    page.get_by_role("button", name="Legg til i programmet").click()
    wait_for_streamlit(page)
    assert page.get_by_text("«Mentor» er lagt til i programmet som avtalt").is_visible()
    screenshot(page, "app-03-katalog-added")
    check_axe(page, "app-katalog")

    # 3. The full-time finding appears when hours drop, and goes away again.
    go(page, "program")
    page.get_by_text("Endre én aktivitet").wait_for()
    page.get_by_role("combobox", name=re.compile("^Aktivitet")).first.click()
    page.get_by_role("option", name=re.compile("^Lønnstilskudd")).click()
    wait_for_streamlit(page)
    set_number(page, "Timer per uke", "10")
    assert re.search(r"\d+ feil", sidebar_text(page)), sidebar_text(page)
    screenshot(page, "app-04-program-short-weeks")
    go(page, "regler")
    assert page.get_by_text(re.compile("full tid|fulltid|37,5", re.I)).first.is_visible()
    page.get_by_text("Hvorfor?").first.click()
    wait_for_streamlit(page)
    screenshot(page, "app-05-regler")
    check_axe(page, "app-regler")
    # Jump from the finding to its week, then put the hours back.
    page.get_by_role("button", name=re.compile("^Gå til uke")).first.click()
    wait_for_streamlit(page)
    page.get_by_role("heading", name="Ukeplan", level=2).wait_for()
    screenshot(page, "app-06-ukeplan-from-finding")
    check_axe(page, "app-program-ukeplan")
    page.get_by_role("button", name="Neste uke").click()
    wait_for_streamlit(page)
    pick_section(page, "Aktiviteter")
    page.get_by_role("combobox", name=re.compile("^Aktivitet")).first.click()
    page.get_by_role("option", name=re.compile("^Lønnstilskudd")).click()
    wait_for_streamlit(page)
    set_number(page, "Timer per uke", "30")
    assert "Ingen feil" in sidebar_text(page), sidebar_text(page)

    # 4. The timeline is drawn at a real height.
    go(page, "tidslinje")
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.locator("svg, canvas").first.wait_for()
    box = chart.locator("svg, canvas").first.bounding_box()
    assert box and box["height"] > 200 and box["width"] > 400, box
    label = chart.get_attribute("aria-label") or ""
    assert label.startswith("Tidslinje."), label
    # Norwegian months on the axis.
    assert re.search(r"\b(mai|okt|des) 2026\b", chart.inner_html())
    screenshot(page, "app-07-tidslinje")
    check_axe(page, "app-tidslinje")

    go(page, "stonad")
    page.get_by_role("heading", name="Stønad", level=1).wait_for()
    screenshot(page, "app-08-stonad")
    check_axe(page, "app-stonad")

    go(page, "soknad")
    page.get_by_role("radiogroup").first.get_by_text("Ja", exact=True).click()
    wait_for_streamlit(page)
    screenshot(page, "app-09-soknad")
    check_axe(page, "app-soknad")

    # 5. The participant view: plain words and larger text on every page.
    page.locator('[data-testid="stSidebar"]').get_by_text("Deltakervisning").click()
    wait_for_streamlit(page)
    page.get_by_role("heading", name="Søknaden din", level=1).wait_for()
    check_axe(page, "app-deltaker-soknad")
    go(page, "program")
    page.get_by_role("heading", name="Programmet ditt", level=1).wait_for()
    assert page.get_by_text("Forslag – ikke avtalt ennå").first.is_visible()
    assert not page.locator('[data-testid="stDataFrame"]').count()
    size = page.locator('[data-testid="stMain"] p').first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 19, size
    screenshot(page, "app-10-deltaker-program")
    check_axe(page, "app-deltaker-program")
    pick_section(page, "Uka di")
    check_axe(page, "app-deltaker-uka")
    go(page, "tidslinje")
    screenshot(page, "app-11-deltaker-tidslinje")
    check_axe(page, "app-deltaker-tidslinje")
    go(page, "katalog")
    check_axe(page, "app-deltaker-katalog")
    page.locator('[data-testid="stSidebar"]').get_by_text("Deltakervisning").click()
    wait_for_streamlit(page)

    # 6. Download the plan, open it again, download again: the same file.
    first = download_plan(page)
    plan = parse_plan(json.dumps(first))
    assert [a.catalogue_id for a in plan.activities].count("mentor") == 1
    assert plan.eligibility is not None and list(plan.eligibility.answers.values()).count(True) == 1
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    go(page, "start")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    wait_for_streamlit(page)
    assert page.get_by_text("plan.json").first.is_visible()
    second = download_plan(page)
    assert second == first
    assert json.loads(dumps_plan(plan)) == first


def test_a_broken_plan_file_is_refused_and_nothing_is_lost(streamlit_server, page, tmp_path):
    create_plan_from_template(page, streamlit_server)
    go(page, "program")
    before = download_plan(page)
    broken = dict(before)
    broken["activities"] = [dict(before["activities"][0], end="2020-01-01")] + before["activities"][1:]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    go(page, "start")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    wait_for_streamlit(page)
    error = page.locator('[data-testid="stAlertContentError"]').first
    error.wait_for()
    text = error.inner_text()
    assert "Kunne ikke åpne «broken.json»" in text and "activities[0].end" in text, text
    screenshot(page, "app-12-broken-upload")
    check_axe(page, "app-start-broken-upload")
    assert download_plan(page) == before


def test_hours_edited_in_the_activity_table_reach_the_rules(streamlit_server, page):
    """The data editor (a canvas grid) writes back into the plan: row 5 is Lønnstilskudd, 30 h."""
    create_plan_from_template(page, streamlit_server)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 80, box["y"] + 35 + 17)  # first data row, "Aktivitet"
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # … "Timer per uke"
    page.keyboard.press("Enter")  # open the cell editor (an overlay with its own input)
    editor = page.locator("#portal input, #portal textarea").first
    editor.fill("10")
    page.wait_for_function("() => { const e = document.querySelector('#portal input, #portal textarea'); return e && e.value === '10'; }")
    editor.press("Enter")
    wait_for_streamlit(page)
    assert page.locator('[id="glide-cell-5-4"]').first.text_content() == "10"
    assert re.search(r"\d+ feil", sidebar_text(page)), sidebar_text(page)
    screenshot(page, "app-13-table-edit")
