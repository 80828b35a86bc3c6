"""KVP-planleggeren: the Streamlit app. Run with `streamlit run streamlit_app.py`.

This file only wires the pages (`app_pages/`), the page config and the shared sidebar; the screens
are thin, and every rule, date and amount comes from `planner/` (through `app_ui.engine`).
"""

from __future__ import annotations

import streamlit as st

from app_ui import state, widgets

st.set_page_config(
    page_title="KVP-planleggeren",
    page_icon=":material/event_note:",
    layout="wide",
    initial_sidebar_state="expanded",
)
state.init()

plain = state.participant_mode()


def page(path: str, title: str, plain_title: str, icon: str, url: str, default: bool = False) -> st.Page:
    # url_path stays the same in both views, so links and reloads keep working.
    return st.Page(path, title=plain_title if plain else title, icon=icon, url_path=url, default=default)


PLAN_PAGES = [
    page("app_pages/start.py", "Start", "Start", ":material/home:", "start", default=True),
    page("app_pages/soknad.py", "Søknad og vilkår", "Søknaden", ":material/fact_check:", "soknad"),
    page("app_pages/program.py", "Program", "Programmet ditt", ":material/event_note:", "program"),
    page("app_pages/katalog.py", "Katalog", "Finn aktiviteter", ":material/search:", "katalog"),
]
CHECK_PAGES = [
    page("app_pages/regler.py", "Regler", "Det vi må se på", ":material/rule:", "regler"),
    page("app_pages/tidslinje.py", "Tidslinje", "Tidslinje", ":material/timeline:", "tidslinje"),
    page("app_pages/stonad.py", "Stønad", "Pengene dine", ":material/payments:", "stonad"),
    page("app_pages/dokumenter.py", "Dokumenter", "Ta med planen hjem", ":material/picture_as_pdf:", "dokumenter"),
]
# The office's pages (issue 5, on top of planner/storage): caseload, save and history with
# conflicts, kreativ dugnad, the audit log; sign-in. Hidden in the participant view.
try:
    from app_ui import office_nav
except ImportError:  # a checkout without the office part
    office_nav = None
OFFICE_PAGES: list[st.Page] = office_nav.office_pages(plain) if office_nav else []

# One flat list: Streamlit draws sectioned navigation as <ul><div><header/><li/>…</div></ul>, which
# axe reports as a serious list violation (list/listitem). The order keeps the grouping: the plan,
# then the checks, then the office.
pages = PLAN_PAGES + CHECK_PAGES + ([] if plain else OFFICE_PAGES)

current = st.navigation(pages, position="sidebar")
widgets.apply_styles()
widgets.sidebar()
if office_nav:
    office_nav.office_sidebar(plain)
current.run()
