"""Steps the browser tests of the app share: moving between pages, typing dates and numbers the
way Streamlit's widgets take them, a plan made from a template, and axe on the page."""

from __future__ import annotations

from tests.support.axe import format_violations, run_axe, serious_violations
from tests.support.browser import wait_for_streamlit

TEMPLATE_TITLE = "Norsk og arbeidstrening → lønnstilskudd → jobb"


def go(page, url_path: str) -> None:
    """Open a page through the sidebar navigation (a new URL would start a new session)."""
    links = page.locator('[data-testid="stSidebarNav"] a')
    # The start page is the default page: its link is the site root.
    (links.first if url_path == "start" else page.locator(f'[data-testid="stSidebarNav"] a[href$="/{url_path}"]')).click()
    wait_for_streamlit(page)


def set_date(page, label: str, ddmmyyyy: str) -> None:
    page.get_by_role("spinbutton", name=f"day, {label}").first.click()
    page.keyboard.type(ddmmyyyy)
    page.keyboard.press("Tab")
    wait_for_streamlit(page)


def set_number(page, label: str, value: str, in_form: bool = False) -> None:
    field = page.get_by_role("spinbutton", name=label, exact=True).first
    field.fill(value)
    field.press("Tab" if in_form else "Enter")  # Enter inside a form submits it
    wait_for_streamlit(page)


def pick_section(page, label: str) -> None:
    """Choose a part of the Program page (the radio at its top)."""
    page.locator('[data-testid="stRadio"]').first.get_by_text(label, exact=True).click()
    wait_for_streamlit(page)


def sidebar_text(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def check_axe(page, name: str) -> None:
    bad = serious_violations(run_axe(page, name))
    assert not bad, f"{name}:\n{format_violations(bad)}"


def create_plan_from_template(page, base_url: str) -> None:
    """Start page → participant A. B. (born 1 Jan 1990, applied 5 Jan 2026, start 2 Mar 2026) →
    the first template → the Program page."""
    page.goto(base_url)
    wait_for_streamlit(page)
    page.get_by_role("textbox", name="Navn eller initialer").fill("A. B.")
    page.keyboard.press("Tab")
    wait_for_streamlit(page)
    set_date(page, "Fødselsdato", "01011990")
    set_date(page, "Søknad mottatt", "05012026")
    set_date(page, "Programmet starter", "02032026")
    page.get_by_text(TEMPLATE_TITLE).click()
    wait_for_streamlit(page)
    page.get_by_role("button", name="Lag planen").click()
    wait_for_streamlit(page)
    page.get_by_role("heading", name="Program", level=1).wait_for()
