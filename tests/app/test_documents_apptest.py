"""The Dokumenter page, driven headless with AppTest: the plan's copies, the deltakerbevis and the
vedtak basis, in both views.

A download button's bytes go to Streamlit's media file storage, which AppTest throws away after
each run; `files` records what the page hands it (data, MIME type, file name).
"""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdf
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from streamlit.testing.v1 import AppTest

from planner.model import Period
from planner.sample_data import example_plan
from planner.templates import PlanBasics, build_from_template

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGE = "app_pages/dokumenter.py"
BASICS = PlanBasics(
    birth_date=date(1990, 1, 1), application_date=date(2026, 1, 5), start=date(2026, 3, 2), name="A. B."
)


def template_plan():
    return build_from_template("norsk-arbeidstrening-lonnstilskudd", BASICS)


def app_with(plan, page: str = PAGE, participant: bool = False) -> AppTest:
    """The app with `plan` open (as if just created), on `page`."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["plan"] = plan
    at.session_state["participant_mode"] = participant
    at.switch_page(page)
    return run(at)


@pytest.fixture
def files(monkeypatch) -> dict[str, tuple[bytes, str]]:
    """file name -> (data, MIME type) of every named file the app stores (download buttons)."""
    stored: dict[str, tuple[bytes, str]] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if filename and isinstance(path_or_data, bytes):
            stored[filename] = (path_or_data, mimetype)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return stored


def run(at):
    at.run()
    assert not at.exception, at.exception
    return at


def titles(at) -> list[str]:
    return [t.value for t in at.title]


def headers(at) -> list[str]:
    return [h.value for h in at.header]


def images(at) -> list:
    """(alt, caption) of every image on the page."""
    return [(img.alt, img.caption) for el in at.get("image") for img in el.proto.imgs]


def download_labels(at) -> list[str]:
    return [d.proto.label for d in at.main.get("download_button")]


def key_of(at, kind: str, prefix: str) -> str:
    """The full key of a widget whose key is tied to the plan (`state.wkey`)."""
    return next(w.key for w in at.get(kind) if (w.key or "").startswith(prefix))


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages)


# ------------------------------------------------------------------------------ veileder


@pytest.mark.parametrize("plan", [template_plan(), example_plan()], ids=["template", "sample"])
def test_the_page_shows_every_document_and_makes_no_pdf_until_asked(plan):
    at = app_with(plan, PAGE)
    assert titles(at) == ["Dokumenter"]
    assert headers(at) == [
        "Planen – deltakerens eksemplar", "Planen – saksbehandlerens eksemplar", "Deltakerbevis", "Grunnlag for vedtak",
    ]
    for document in ("participant", "case", "deltakerbevis"):
        assert at.button(key=f"doc_make_{document}")
    assert not images(at)
    assert download_labels(at) == ["Last ned som tekstfil (.txt)"]  # only the vedtak text is made at once
    # The participant's language is chosen for their copy by default.
    assert at.radio(key=key_of(at, "radio", "doc_lang_participant")).value == plan.participant.language


def test_the_participant_copy_is_a_pdf_with_a_preview_and_follows_the_language(files):
    at = app_with(template_plan(), PAGE)
    at.button(key="doc_make_participant").click()
    run(at)
    assert "Last ned planen (PDF)" in download_labels(at)
    data, mime = files["kvp-plan-AB-deltaker-nb.pdf"]
    assert data.startswith(b"%PDF") and mime == "application/pdf"
    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    shown = images(at)
    assert len(shown) == pages > 1
    # Made: the button that made it gives way to the download.
    assert "doc_make_participant" not in [b.key for b in at.button]
    assert shown[0] == (f"Side 1 av {pages} av planen", f"Side 1 av {pages}")
    assert "Deltakerens eksemplar" in pdf_text(data)

    # Another language: the old document is not shown as if it were the new one, until made again.
    at.radio(key=key_of(at, "radio", "doc_lang_participant")).set_value("nn")
    run(at)
    assert not images(at)
    assert any("endret siden dokumentet ble laget" in c.value for c in at.caption)
    assert at.button(key="doc_make_participant").label == "Lag på nytt"
    at.button(key="doc_make_participant").click()
    run(at)
    data, _ = files["kvp-plan-AB-deltaker-nn.pdf"]
    assert "Eksemplaret til deltakaren" in pdf_text(data)
    assert len(images(at)) > 1


def test_the_case_copy_and_the_deltakerbevis_with_own_words(files):
    at = app_with(template_plan(), PAGE)
    at.button(key="doc_make_case").click()
    run(at)
    case, _ = files["kvp-plan-AB-sak.pdf"]
    assert case.startswith(b"%PDF") and "Saksdokument for NAV-kontoret" in pdf_text(case)
    assert images(at)[0][0].endswith("av saksbehandlerens eksemplar av planen")

    # The programme (2 March 2026 – 1 March 2027) has not ended: the deltakerbevis is a draft.
    assert any("utkast" in i.value for i in at.info)
    # The template's activities are all proposals: the deltakerbevis leaves them out, and the page says so.
    assert any("8 aktiviteter er forslag" in c.value for c in at.caption)
    at.text_area(key=key_of(at, "text_area", "doc_own_words")).input("Jeg har lært å lage mat til mange.")
    run(at)
    at.button(key="doc_make_deltakerbevis").click()
    run(at)
    bevis, _ = files["kvp-deltakerbevis-AB-nb.pdf"]
    assert "Jeg har lært å lage mat til mange." in pdf_text(bevis)
    assert any(alt.endswith("av deltakerbeviset") for alt, _ in images(at))
    # The case copy made earlier is still there (from the cache, not made again).
    assert "Last ned saksbehandlerens eksemplar (PDF)" in download_labels(at)


def test_an_ended_programme_gives_a_deltakerbevis_that_is_not_a_draft():
    plan = template_plan()
    plan = replace(plan, ended=date(2026, 6, 30))
    at = app_with(plan, PAGE)
    assert not any("utkast" in i.value for i in at.info)


def test_the_vedtak_basis_is_text_to_copy_and_a_period_can_be_chosen(files):
    plan = template_plan()
    at = app_with(plan, PAGE)
    (code,) = at.code
    assert "statsforvalteren" in code.value
    assert "[FYLL INN:" in code.value
    # The .txt holds the same text.
    assert files["kvp-vedtaksgrunnlag-AB-periode-1.txt"][0].decode("utf-8").rstrip() == code.value.rstrip()

    first = plan.periods[0]
    split = date(2026, 8, 31)
    two = replace(plan, periods=(replace(first, end=split), Period(start=date(2026, 9, 1), end=first.end)))
    at = app_with(two, PAGE)
    period = at.selectbox(key=key_of(at, "selectbox", "doc_vedtak_period"))
    assert period.options == ["Periode 1: 2. mars 2026–31. august 2026", "Periode 2: 1. september 2026–1. mars 2027"]
    period.set_value(0)
    run(at)
    assert "31. august 2026" in at.code[0].value
    assert "kvp-vedtaksgrunnlag-AB-periode-1.txt" in files
    period = at.selectbox(key=key_of(at, "selectbox", "doc_vedtak_period"))
    period.set_value(1)
    run(at)
    assert "1. september 2026" in at.code[0].value
    assert "kvp-vedtaksgrunnlag-AB-periode-2.txt" in files


def test_a_plan_without_periods_gets_a_friendly_message_and_still_its_plan_pdf(files):
    plan = replace(template_plan(), periods=())
    at = app_with(plan, PAGE)
    assert any("ingen vedtaksperiode ennå" in i.value for i in at.info)
    assert not at.code
    assert [b.key for b in at.button if b.key.startswith("doc_make_")] == ["doc_make_participant", "doc_make_case"]
    at.button(key="doc_make_participant").click()
    run(at)
    assert files["kvp-plan-AB-deltaker-nb.pdf"][0].startswith(b"%PDF")
    # The way to the periods.
    at.button(key="doc_goto_periods").click()
    run(at)
    assert titles(at) == ["Program"]
    assert at.session_state["program_section"] == "Perioder og fravær"


def test_when_typst_fails_the_user_gets_a_norwegian_message_and_the_log_no_personal_data(monkeypatch, caplog):
    import planner.export
    from planner.export import ExportError

    def broken(plan, *args, **kwargs):  # a diagnostic quoting the user's text
        raise ExportError(f"Typst: error in the template near «{plan.participant.name}»")

    monkeypatch.setattr(planner.export, "render_plan_pdf", broken)
    plan = template_plan()
    plan = replace(plan, participant=replace(plan.participant, name="Ola Nordmann"))
    at = app_with(plan, PAGE)
    with caplog.at_level(logging.ERROR, logger="app_ui.documents"):
        at.button(key="doc_make_case").click()
        run(at)
    (error,) = at.error
    assert "Dokumentet kunne ikke lages" in error.value
    assert "Traceback" not in error.value and "Typst" not in error.value
    assert "Last ned saksbehandlerens eksemplar (PDF)" not in download_labels(at)
    # Tried again only when asked.
    assert at.button(key="doc_make_case").label == "Prøv igjen"
    run(at)
    assert not at.error
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "ExportError" in logged and "dokument case" in logged
    assert "Ola" not in logged and "Nordmann" not in logged


def test_file_names_use_a_short_slug_of_the_name():
    from app_ui.documents import file_name, name_slug

    assert name_slug("A. K.") == "AK"
    assert name_slug("Åse Ødegård-Lie") == "Ase-Odegard-Lie"
    assert name_slug("Kristoffer Alexander Johannessen") == "Kristoffer-Alexander"
    assert len(name_slug("Kristoffer Alexander Johannessen")) <= 20
    assert name_slug(None) == name_slug("  ") == name_slug("…") == ""
    plan = template_plan()
    assert file_name(plan, "participant", "nn") == "kvp-plan-AB-deltaker-nn.pdf"
    nameless = replace(plan, participant=replace(plan.participant, name=None))
    assert file_name(nameless, "participant", "nn") == "kvp-plan-deltaker-nn.pdf"
    assert file_name(nameless, "deltakerbevis", "en") == "kvp-deltakerbevis-en.pdf"


# ------------------------------------------------------------------------------ participant


def test_participant_view_shows_only_the_participants_documents_in_plain_words(files):
    at = app_with(template_plan(), PAGE, participant=True)
    assert titles(at) == ["Ta med planen hjem"]
    assert headers(at) == ["Planen din", "Deltakerbevis"]
    assert not at.code
    assert [b.key for b in at.button if b.key.startswith("doc_make_")] == ["doc_make_participant", "doc_make_deltakerbevis"]
    assert any("bare et utkast" in i.value for i in at.info)
    assert at.text_area(key=key_of(at, "text_area", "doc_own_words")).label == "Med dine egne ord"
    at.button(key="doc_make_participant").click()
    run(at)
    assert download_labels(at) == ["Last ned planen (PDF)"]
    assert files["kvp-plan-AB-deltaker-nb.pdf"][0].startswith(b"%PDF")


def test_participant_view_without_periods():
    at = app_with(replace(template_plan(), periods=()), PAGE, participant=True)
    assert any("ingen datoer ennå" in i.value for i in at.info)
    assert [b.key for b in at.button if b.key.startswith("doc_make_")] == ["doc_make_participant"]
