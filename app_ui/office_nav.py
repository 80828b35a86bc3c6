"""The office's pages for the navigation, and the office part of the sidebar.

    OFFICE_PAGES = office_nav.office_pages(plain)      # streamlit_app.py
    office_nav.office_sidebar(plain)                   # after widgets.sidebar()

Hidden in the participant view (`plain`): the participant never sees the caseload, the history,
the office catalogue's workshop or the audit log. The audit log is listed only for a
fagansvarlig (the page refuses anyone else too).
"""

from __future__ import annotations

import streamlit as st

from app_ui import office

URL_CASELOAD = "saker"
URL_HISTORY = "lagre"
URL_CATALOGUE = "dugnad"
URL_AUDIT = "revisjonslogg"


def office_pages(plain: bool) -> list[st.Page]:
    if plain:
        return []
    pages = [
        st.Page(office.PAGE_CASELOAD, title="Saksportefølje", icon=":material/folder_shared:", url_path=URL_CASELOAD),
        st.Page(office.PAGE_HISTORY, title="Lagre og historikk", icon=":material/history:", url_path=URL_HISTORY),
        st.Page(office.PAGE_CATALOGUE, title="Kreativ dugnad", icon=":material/lightbulb:", url_path=URL_CATALOGUE),
    ]
    who = office.actor()
    if who is not None and who.is_fagansvarlig:
        pages.append(
            st.Page(office.PAGE_AUDIT, title="Revisjonslogg", icon=":material/policy:", url_path=URL_AUDIT)
        )
    return pages


def office_sidebar(plain: bool) -> None:
    if not plain:
        office.sidebar()
