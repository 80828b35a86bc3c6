"""Three languages on paper: the message catalogues and the rendered PDFs.

Nynorsk must not leak bokmål, and English must not leak Norwegian (beyond the names of a law and an
office). Checked twice: in the catalogues (every string the PDFs print comes from there) and in the
text extracted from rendered PDFs of a plan whose own text is language-neutral.
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import string
import subprocess
from datetime import date

import pikepdf
import pytest

from planner.export import render_deltakerbevis_pdf, render_plan_pdf
from planner.export.fmt import fmt_kr
from planner.export.messages import LANGUAGES, catalogue
from planner.params import load_parameters
from planner.planfile import plan_from_dict
from planner.stipend import compute_stipend
from tests.support import REPO_ROOT, artifacts_dir, missing_tool

EXAMPLE = REPO_ROOT.parent / "shared" / "spec" / "example-plan.json"
TODAY = date(2026, 2, 20)

#: Words that are bokmål and not nynorsk (nynorsk form in the comment).
BOKMAL_ONLY = {
    "ikke",  # ikkje
    "hva",  # kva
    "hvordan",  # korleis
    "hvem",  # kven
    "hvis",  # om, viss
    "hvor",  # kor
    "hver", "hvert",  # kvar, kvart
    "jeg",  # eg
    "noen", "noe",  # nokon, noko
    "mye",  # mykje
    "fra",  # frå
    "fravær",  # fråvær
    "utbetales",  # blir utbetalt
    "deltakeren", "deltakerens", "deltaker",  # deltakaren, deltakar
    "veileder", "veilederen",  # rettleiar
    "sammen",  # saman
    "være",  # vere
    "uke", "uka", "uker",  # veke, veka, veker
    "måned", "måneder",  # månad, månader
    "selv",  # sjølv
    "disse",  # desse
    "deres",  # deira
    "bare",  # berre
    "ble",  # vart, blei
    "kommer",  # kjem
    "gjøre", "gjør",  # gjere, gjer
    "laget",  # laga
    "lønn", "lønnet",  # løn, lønt
    "hjelpen",  # hjelpa
    "trenger",  # treng
    "høyere",  # høgare
    "beregnet",  # rekna ut
    "klagen",  # klaga
    "fikk",  # fekk
    "mens",  # medan
    "dem",  # dei
    "blant",  # mellom
    "etterskuddsvis",  # etterskotsvis
    "timer",  # timar
    "dager",  # dagar
    "pengene", "penger",  # pengane, pengar
    "måte", "tiden",  # tida
    "varighet",  # varigheit
    "innhold",  # innhald
    "evalueringer", "aktiviteter", "aktivitetene",  # evalueringar, aktivitetar, aktivitetane
    "helligdager",  # heilagdagar
    "tirsdag", "mandag",  # tysdag, måndag
}
#: Bokmål's -lig adjectives are -leg in nynorsk (vanlig/vanleg, daglig/dagleg).
BOKMAL_SUFFIX = re.compile(r"\w+lig[e]?$")
#: Nynorsk-only words, to keep the bokmål catalogue bokmål too.
NYNORSK_ONLY = {"ikkje", "kva", "korleis", "kven", "eg", "frå", "fråvær", "saman", "vere", "veke", "månad", "berre", "kjem", "gjere", "rettleiar", "timar", "dagar", "pengar"}

#: Norwegian words that must not turn up in English.
NORWEGIAN = {
    "og", "ikke", "ikkje", "er", "på", "du", "deg", "din", "dine", "som", "det", "med", "fra", "frå", "eller",
    "har", "skal", "kan", "til", "av", "en", "ei", "et", "den", "de", "vi", "jeg", "eg", "uke", "veke", "timer",
    "timar", "dager", "dagar", "kr", "stønad", "tiltak", "mål", "programmet", "deltaker", "veileder", "rettleiar",
    "vedtak", "ferie", "fravær", "fråvær", "måned", "månad", "sammen", "saman", "mandag", "fredag", "januar",
    "februar", "mars", "mai", "juni", "juli", "oktober", "desember", "regelsett", "parametre", "satser",
}
#: Names English may keep: a law, an office, the programme's acronym, the basic amount's letter.
ENGLISH_ALLOWED = {"sosialtjenesteloven", "statsforvalteren", "nav", "kvp", "g"}


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text.lower())


def catalogue_text(lang: str) -> str:
    return "\n".join(catalogue(lang).values())


# -- the catalogues --------------------------------------------------------------------------------


def test_the_catalogues_have_the_same_keys_and_placeholders():
    keys = {lang: set(catalogue(lang)) for lang in LANGUAGES}
    assert keys["nb"] == keys["nn"] == keys["en"]
    fields = lambda text: {name for _, name, _, _ in string.Formatter().parse(text) if name}  # noqa: E731
    for key in keys["nb"]:
        expected = fields(catalogue("nb")[key])
        for lang in ("nn", "en"):
            assert fields(catalogue(lang)[key]) == expected, f"{lang}: {key}"
    for lang in LANGUAGES:
        assert all(value.strip() for value in catalogue(lang).values()), lang


def test_every_catalogue_key_is_used_by_the_code_or_the_templates():
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for pattern in ("*.py", "templates/*.typ")
        for path in (REPO_ROOT / "planner" / "export").glob(pattern)
    )
    prefixes = ("category.", "status.", "leave.", "severity.", "know.", "day.")  # looked up by value
    unused = [k for k in catalogue("nb") if f'"{k}"' not in source and f"'{k}'" not in source and not k.startswith(prefixes)]
    assert unused == []


def test_nynorsk_catalogue_has_no_bokmal():
    found = [w for w in words(catalogue_text("nn")) if w in BOKMAL_ONLY or BOKMAL_SUFFIX.fullmatch(w)]
    assert found == []


def test_bokmal_catalogue_has_no_nynorsk():
    assert [w for w in words(catalogue_text("nb")) if w in NYNORSK_ONLY] == []


def test_english_catalogue_has_no_norwegian():
    text = catalogue_text("en")
    found = [w for w in words(text) if w in NORWEGIAN]
    assert found == []
    letters = [w for w in words(text) if re.search("[æøå]", w) and w not in ENGLISH_ALLOWED]
    assert letters == []


def test_the_word_lists_catch_a_leak():
    """The checks above would fail on the bokmål sentence they are meant to keep out."""
    sentence = "Hvis du ikke møter opp, får du mindre penger fra NAV hver uke."
    assert [w for w in words(sentence) if w in BOKMAL_ONLY] == ["hvis", "ikke", "penger", "fra", "hver", "uke"]
    assert {"du", "ikke", "fra"} <= {w for w in words(sentence) if w in NORWEGIAN}
    assert BOKMAL_SUFFIX.fullmatch("vanlig") and not BOKMAL_SUFFIX.fullmatch("vanleg")


# -- the rendered PDFs -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def params():
    return load_parameters()


@pytest.fixture(scope="module")
def neutral_tree() -> dict:
    """The example plan with language-neutral user text (names and English-ish titles), so that
    any Norwegian or bokmål in the rendered text must have come from the catalogues."""
    tree = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    tree["participant"]["name"] = "Kari Nordmann"
    tree["goals"] = {
        "main": "Retail job, 80 percent",
        "occupation": "Shop assistant",
        "sub_goals": [{"text": "Level B1", "deadline": "2026-09-30", "responsible": "Kari"}],
    }
    titles = ["Interests", "Language course", "Gym", "Motivation group", "Work practice", "CV workshop", "Meetings", "Workplace language"]
    for activity, title in zip(tree["activities"], titles):
        activity["title"] = title
        activity.pop("provider", None)
        activity.pop("justification", None)
    for evaluation in tree["evaluations"]:
        evaluation.pop("note", None)
    for leave in tree["leaves"]:
        leave.pop("reason", None)
    tree["competence"] = ["Forklift T1"]
    return tree


def pdf_words(pdf: bytes) -> list[str]:
    tool = shutil.which("pdftotext")
    if tool is None:
        missing_tool("pdftotext not found (Debian package poppler-utils)")
    text = subprocess.run([tool, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return words(text)


def pdf_lang(pdf: bytes) -> str:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return str(doc.Root.Lang)


@pytest.fixture(scope="module")
def rendered(neutral_tree, params) -> dict[tuple[str, str], bytes]:
    plan = plan_from_dict(neutral_tree)
    ended = plan_from_dict({**neutral_tree, "ended": "2026-12-18"})
    out = {}
    for lang in LANGUAGES:
        out[(lang, "participant")] = render_plan_pdf(plan, params, copy="participant", language=lang, today=TODAY)
        out[(lang, "bevis")] = render_deltakerbevis_pdf(ended, params, language=lang, today=TODAY, own_words="OK")
        for kind in ("participant", "bevis"):
            (artifacts_dir("export") / f"neutral-{kind}-{lang}.pdf").write_bytes(out[(lang, kind)])
    return out


@pytest.mark.parametrize("kind", ["participant", "bevis"])
def test_each_language_is_tagged_with_its_own_language(rendered, kind):
    for lang in LANGUAGES:
        assert pdf_lang(rendered[(lang, kind)]) == lang


@pytest.mark.parametrize("kind", ["participant", "bevis"])
def test_no_bokmal_in_the_nynorsk_pdf(rendered, kind):
    found = [w for w in pdf_words(rendered[("nn", kind)]) if w in BOKMAL_ONLY or BOKMAL_SUFFIX.fullmatch(w)]
    assert found == []
    assert "måla" in pdf_words(rendered[("nn", "participant")])


@pytest.mark.parametrize("kind", ["participant", "bevis"])
def test_no_norwegian_in_the_english_pdf(rendered, kind):
    found = [w for w in pdf_words(rendered[("en", kind)]) if w in NORWEGIAN or (re.search("[æøå]", w) and w not in ENGLISH_ALLOWED)]
    assert found == []


def test_bokmal_pdf_is_bokmal(rendered):
    text = pdf_words(rendered[("nb", "participant")])
    assert "målene" in text and "ikke" not in [w for w in text if w in NYNORSK_ONLY]
    assert [w for w in text if w in NYNORSK_ONLY] == []


def test_the_stipend_is_formatted_for_the_language(rendered, neutral_tree, params):
    month = compute_stipend(plan_from_dict(neutral_tree), params).months[0]
    for lang in LANGUAGES:
        tool = shutil.which("pdftotext") or missing_tool("pdftotext not found")
        text = subprocess.run([tool, "-enc", "UTF-8", "-", "-"], input=rendered[(lang, "participant")], capture_output=True, check=True).stdout.decode()
        text = " ".join(text.replace("\u00a0", " ").split())
        assert fmt_kr(month.total, lang).replace("\u00a0", " ") in text, lang
    assert fmt_kr(month.total, "en").replace("\u00a0", " ") == "NOK 23,314.63"
    assert fmt_kr(month.total, "nn").replace("\u00a0", " ") == "23 314,63 kr"


def test_default_language_is_the_participants_for_their_copy_and_bokmal_for_the_case(neutral_tree, params):
    tree = copy.deepcopy(neutral_tree)
    tree["participant"]["language"] = "nn"
    plan = plan_from_dict(tree)
    assert pdf_lang(render_plan_pdf(plan, params, copy="participant", today=TODAY)) == "nn"
    assert pdf_lang(render_plan_pdf(plan, params, copy="case", today=TODAY)) == "nb"
    assert pdf_lang(render_deltakerbevis_pdf(plan, params, today=TODAY)) == "nn"
    assert pdf_lang(render_plan_pdf(plan, params, copy="case", language="en", today=TODAY)) == "en"
