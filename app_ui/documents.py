"""The documents as the app makes them: PDFs, page previews and the vedtak basis, cached.

Everything here is keyed on the plan's JSON text (`engine.analyse(plan).json_text`), never on the
`Plan` object: `st.cache_data` hashes its arguments, and the text is what the plan *is*. A PDF is
made only when a page asks for it, and then once per (plan, document, language, own words, day);
the previews reuse the cached PDF. Entries expire after an hour, so the server does not hold
participants' documents longer than a working session needs.

Failures are the caller's to show (in Norwegian); `log_failure` logs what went wrong without
personal data: the exception's type and the frames of its traceback (file, line, code), never its
message or the plan (a Typst diagnostic or a ValueError can quote the user's text).
"""

from __future__ import annotations

import logging
import re
import time
import traceback
import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

import streamlit as st

from app_ui.engine import parameters

log = logging.getLogger(__name__)

OSLO = ZoneInfo("Europe/Oslo")
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}
PARTICIPANT, CASE, BEVIS, VEDTAK = "participant", "case", "deltakerbevis", "vedtak"
PREVIEW_DPI = 65  # an A4 page about 540 px wide: two side by side, quick to make (pdftoppm)
_TTL = 3600


def today() -> date:
    """Norway's today: printed on the documents ("Skrevet ut …"), whatever the server's zone."""
    return datetime.now(OSLO).date()


# ------------------------------------------------------------------------------ rendering


@st.cache_data(max_entries=24, ttl=_TTL, show_spinner=False)
def pdf(plan_json: str, document: str, language: str | None, own_words: str | None, day: date) -> bytes:
    """The PDF of `document` (PARTICIPANT, CASE or BEVIS) for the plan in `plan_json`."""
    from planner.export import render_deltakerbevis_pdf, render_plan_pdf
    from planner.planfile import parse_plan

    plan = parse_plan(plan_json)
    started = time.perf_counter()
    if document in (PARTICIPANT, CASE):
        data = render_plan_pdf(plan, parameters(), copy=document, language=language, today=day)
    elif document == BEVIS:
        data = render_deltakerbevis_pdf(plan, parameters(), language=language, today=day, own_words=own_words or None)
    else:
        raise ValueError(f"ukjent dokument {document!r}")
    log.info("dokument %s (%s) laget på %.2f s, %d kB", document, language or "-", time.perf_counter() - started,
             len(data) // 1024)
    return data


@st.cache_data(max_entries=24, ttl=_TTL, show_spinner=False)
def pages(plan_json: str, document: str, language: str | None, own_words: str | None, day: date,
          dpi: int = PREVIEW_DPI) -> list[bytes]:
    """The pages of that PDF as PNG images, for the preview."""
    from planner.export import render_pages_png

    data = pdf(plan_json, document, language, own_words, day)
    started = time.perf_counter()
    images = render_pages_png(data, dpi=dpi)
    log.info("forhåndsvisning av %s: %d sider på %.2f s", document, len(images), time.perf_counter() - started)
    return images


@st.cache_data(max_entries=24, ttl=_TTL, show_spinner=False)
def vedtak_text(plan_json: str, period: int | None, day: date) -> str:
    """The vedtak basis (bokmål) for vedtak period number `period` (from 0, in date order)."""
    from planner.export import vedtak_basis_text
    from planner.planfile import parse_plan

    return vedtak_basis_text(parse_plan(plan_json), parameters(), today=day, period=period)


def log_failure(what: str, exc: BaseException) -> None:
    """Log a failed document without personal data (see the module docstring)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("%s feilet: %s\n%s", what, type(exc).__name__, frames)


# ------------------------------------------------------------------------------ names


def name_slug(name: str | None, limit: int = 20) -> str:
    """The participant's name or initials as a short, safe part of a file name: "A. K." → "AK",
    "Åse Ødegård" → "Ase-Odegard"; at most `limit` characters; "" without a name."""
    text = (name or "").translate(str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "a", "Å": "A"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[A-Za-z0-9]+", text)
    joined = "".join(words) if words and all(len(w) == 1 for w in words) else "-".join(words)
    return joined[:limit].strip("-")


def file_name(plan, document: str, language: str | None = None, period: int | None = None) -> str:
    """`kvp-plan-AK-deltaker-nn.pdf`, `kvp-plan-AK-sak.pdf`, `kvp-deltakerbevis-AK-nb.pdf`,
    `kvp-vedtaksgrunnlag-AK-periode-2.txt` (without a name the name part is left out)."""
    slug = name_slug(plan.participant.name)
    who = f"-{slug}" if slug else ""
    if document == PARTICIPANT:
        return f"kvp-plan{who}-deltaker-{language}.pdf"
    if document == CASE:
        return f"kvp-plan{who}-sak.pdf"
    if document == BEVIS:
        return f"kvp-deltakerbevis{who}-{language}.pdf"
    if document == VEDTAK:
        return f"kvp-vedtaksgrunnlag{who}-periode-{(period or 0) + 1}.txt"
    raise ValueError(f"ukjent dokument {document!r}")
