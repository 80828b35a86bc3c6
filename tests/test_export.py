"""The plan on paper (planner/export): tagged PDF/UA-1 documents, their content, user text as data,
the deltakerbevis, the vedtak basis, and the `export` command.

PDFs are opened with pikepdf (structure, metadata) and read with poppler's pdftotext; pages are
rendered with pdftoppm. The PDFs are also written to test-artifacts/export/ for a person to look at.
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import subprocess
import sys
from datetime import date

import pikepdf
import pypdf
import pytest

from planner.export import (
    build_deltakerbevis_document,
    build_plan_document,
    phases,
    render_deltakerbevis_pdf,
    render_pages_png,
    render_plan_pdf,
    timeline_alt_text,
    timeline_chart,
    timeline_svg,
    vedtak_basis_text,
)
from planner.export.fmt import fmt_kr
from planner.calendar import ProgrammeCalendar
from planner.params import load_parameters
from planner.planfile import plan_from_dict
from planner.rules import check_plan
from planner.stipend import compute_stipend
from tests.support import REPO_ROOT, artifacts_dir, missing_tool

EXAMPLE = REPO_ROOT.parent / "shared" / "spec" / "example-plan.json"
TODAY = date(2026, 2, 20)
EVIL = {
    "name": '#set page(width: 1cm) Åse "Ø" \\ Ærlig',
    "main": "$x$ *fet* _kursiv_ [lenke] @ref <label> #pagebreak() 'sitat'",
    "occupation": "#text(size: 1pt)[bitte liten] \\\\ æøå",
    "sub": "#let x = 1; #x ] [ } { ` ``` // ikke en kommentar",
    "responsible": "@veileder <deltaker>",
    "title": "*Arbeid* _på_ $lager$ #box",
    "provider": "#place(dx: 5cm)[X] \"AS\"",
    "note": "= Ikke en overskrift",
}


# -- fixtures and helpers ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def params():
    return load_parameters()


@pytest.fixture(scope="module")
def example_tree() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def example(example_tree):
    return plan_from_dict(example_tree)


@pytest.fixture(scope="module")
def participant_pdf(example, params) -> bytes:
    pdf = render_plan_pdf(example, params, copy="participant", today=TODAY)
    (artifacts_dir("export") / "example-participant-nb.pdf").write_bytes(pdf)
    return pdf


@pytest.fixture(scope="module")
def case_pdf(example, params) -> bytes:
    pdf = render_plan_pdf(example, params, copy="case", today=TODAY)
    (artifacts_dir("export") / "example-case-nb.pdf").write_bytes(pdf)
    return pdf


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, whitespace collapsed (no-break spaces too), as a reader would copy it."""
    tool = shutil.which("pdftotext")
    if tool is None:
        missing_tool("pdftotext not found (Debian package poppler-utils)")
    out = subprocess.run([tool, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(out.decode("utf-8").replace("\u00a0", " ").split())


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def struct_tags(pdf: bytes) -> list[tuple[str, dict]]:
    """Every structure element in reading order: (tag, its dictionary's simple entries)."""
    out: list[tuple[str, dict]] = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:

        def walk(node) -> None:
            if not isinstance(node, pikepdf.Dictionary):
                return
            if "/S" in node:
                out.append((str(node.S), {"alt": str(node.Alt) if "/Alt" in node else None}))
            kids = node.get("/K")
            if isinstance(kids, pikepdf.Array):
                for kid in kids:
                    walk(kid)
            else:
                walk(kids)

        walk(doc.Root.StructTreeRoot)
    return out


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]


def evil_tree(tree: dict, evil: dict) -> dict:
    tree = copy.deepcopy(tree)
    tree["participant"]["name"] = evil["name"]
    tree["goals"]["main"] = evil["main"]
    tree["goals"]["occupation"] = evil["occupation"]
    tree["goals"]["sub_goals"][0]["text"] = evil["sub"]
    tree["goals"]["sub_goals"][0]["responsible"] = evil["responsible"]
    tree["activities"][4]["title"] = evil["title"]
    tree["activities"][4]["provider"] = evil["provider"]
    tree["evaluations"][0]["note"] = evil["note"]
    tree["leaves"][0]["reason"] = evil["note"]
    return tree


def plain(evil: dict) -> dict:
    """The same strings with every markup character replaced by a letter: the control document."""
    return {k: re.sub(r"[^\w\s]", "x", v) for k, v in evil.items()}


# -- PDF/UA: tags, language, title, metadata ----------------------------------------------------------


def test_participant_copy_is_tagged_pdf_ua_with_language_and_title(participant_pdf, example):
    with pikepdf.open(io.BytesIO(participant_pdf)) as doc:
        root = doc.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "nb"
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        with doc.open_metadata() as meta:
            assert meta.get("{http://www.aiim.org/pdfua/ns/id/}part") == "1"
            title = meta.get("{http://purl.org/dc/elements/1.1/}title")
        assert doc.docinfo.get("/Title") is not None
    assert title == f"Plan i kvalifiseringsprogrammet for {example.participant.name}"


def test_headings_are_in_order_and_the_document_has_a_title(participant_pdf, case_pdf):
    for pdf in (participant_pdf, case_pdf):
        levels = [tag for tag, _ in struct_tags(pdf) if tag == "/Title" or re.fullmatch(r"/H\d", tag)]
        assert levels[0] == "/Title"
        numbers = [int(tag[2:]) for tag in levels[1:]]
        assert numbers[0] == 1
        for before, after in zip(numbers, numbers[1:]):
            assert after <= before + 1, f"heading level jumps from H{before} to H{after}"
        assert numbers.count(1) >= 8  # goals, programme, week, activities, timeline, evaluations, money, know, signatures


def test_every_table_has_a_header_row(participant_pdf, case_pdf):
    for pdf in (participant_pdf, case_pdf):
        tags = [tag for tag, _ in struct_tags(pdf)]
        assert tags.count("/Table") >= 5
        assert tags.count("/THead") == tags.count("/Table")
        assert tags.count("/TH") >= tags.count("/Table") * 2


def test_the_timeline_is_a_figure_with_an_alt_text_that_says_it_in_words(participant_pdf, example, params):
    figures = [info for tag, info in struct_tags(participant_pdf) if tag == "/Figure"]
    assert len(figures) == 1
    alt = figures[0]["alt"]
    assert alt == timeline_alt_text(example, params, "nb")
    calendar = ProgrammeCalendar(example, params)
    for activity in example.activities:
        assert activity.title in alt
    assert "Halvveis: 30. august 2026" in alt
    assert "Siste del: fra 1. desember 2026 til 28. februar 2027" in alt
    assert "Evalueringer: 29. mai 2026; 11. september 2026; 11. desember 2026" in alt
    assert calendar.halfway_day == date(2026, 8, 30)


def test_body_text_is_at_least_11_pt(participant_pdf):
    sizes = set()
    reader = pypdf.PdfReader(io.BytesIO(participant_pdf))
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")
        sizes.update(float(s) for s in re.findall(r"/\S+ ([\d.]+) Tf", content))
    # Typst writes glyphs at their real size; the chart is an image (its 15 px text prints at 11.25 pt).
    assert sizes and min(sizes) >= 11


# -- content -----------------------------------------------------------------------------------------


def test_text_extracts_with_norwegian_letters_and_the_goals_in_own_words(participant_pdf, example):
    text = pdf_text(participant_pdf)
    for words in ("Målene dine", "Hovedmål", "Yrkesmål", "Delmål", "Pengene dine", "Dette må du vite", "Uka di", "Underskrifter"):
        assert words in text
    assert example.goals.main in text
    assert "Norsk muntlig nivå B1" in text and "Deltaker og voksenopplæringen" in text
    assert "30. september 2026" in text
    assert "Trening med Frisklivssentralen" in text and "Voksenopplæringen" in text
    assert "Forslag" in text  # proposed activities are marked
    assert "Fravær uten gyldig grunn gir mindre penger" in text
    assert "Du har rett til en individuell plan" in text
    assert "Klag innen 3 uker" in text and "statsforvalteren" in text
    assert "Skrevet ut 20. februar 2026" in text
    assert "parametre per 1. mai 2026" in text and "Regelsett" in text


def test_every_stipend_month_prints_the_engines_total(participant_pdf, example, params):
    text = pdf_text(participant_pdf)
    result = compute_stipend(example, params)
    assert len(result.months) == 12
    for month in result.months:
        assert norm(fmt_kr(month.total, "nb")) in text, month.month
    assert norm(fmt_kr(result.total, "nb")) in text
    assert "23 314,63 kr" in text  # March 2026, by hand: 22 × 1 021,76 + 22 × 38
    assert "10. april 2026" in text  # paid in arrears


def test_the_week_grids_follow_the_phases(example, params):
    calendar = ProgrammeCalendar(example, params)
    found = phases(example, calendar)
    assert [(p.first, p.last) for p in found] == [
        (date(2026, 3, 2), date(2026, 3, 27)),
        (date(2026, 3, 30), date(2026, 4, 3)),  # a1 and a4 end on Tuesday, a5 starts on Wednesday
        (date(2026, 4, 6), date(2026, 10, 30)),  # across the summer vacation: same activities
        (date(2026, 11, 2), date(2026, 12, 18)),
        (date(2026, 12, 21), date(2027, 2, 26)),
    ]
    doc = build_plan_document(example, params, today=TODAY)
    first = doc["phases"][0]
    norsk = next(r for r in first["rows"] if r["title"] == "Norskkurs")
    assert norsk["cells"] == ["3", "3", "3", "3", "–"]
    assert first["total"] == "39"
    assert first["sum_line"] == "Til sammen 39 timer i uka. Full tid er 37,5 timer."


def test_a_public_holiday_does_not_split_a_phase(example_tree, params):
    tree = copy.deepcopy(example_tree)
    # Only Mondays, across Easter Monday (6 April 2026) and Whit Monday (25 May 2026).
    tree["activities"].append(
        {"id": "m", "title": "Mandagsgruppe", "category": "supporting", "start": "2026-04-06", "end": "2026-10-30", "hours_per_week": 2, "weekdays": {"mon": 2}}
    )
    plan = plan_from_dict(tree)
    found = phases(plan, ProgrammeCalendar(plan, params))
    assert (date(2026, 4, 6), date(2026, 10, 30)) in [(p.first, p.last) for p in found]


def test_case_copy_has_the_findings_with_paragraphs_and_the_why_of_every_month(case_pdf, example, params):
    text = pdf_text(case_pdf)
    assert "Saksdokument for NAV-kontoret" in text
    assert "Regelsjekk" in text and "Opplysninger i saken" in text
    result = check_plan(example, params)
    assert result.findings
    for finding in result.findings:
        assert norm(finding.reference) in text
        assert norm(finding.message)[:40] in text
    assert "Hvorfor? Stønaden måned for måned" in text
    for month in compute_stipend(example, params).months:
        assert norm(month.explanation.summary.partition(": ")[2])[:50] in text
    assert "Bygge utholdenhet etter lang inaktivitet" in text  # the health activity's justification
    assert "vedtak 16. februar 2026" in text


def test_participant_copy_leaves_out_the_case_details(participant_pdf):
    text = pdf_text(participant_pdf)
    for words in ("Regelsjekk", "Hvorfor?", "Hjemmel", "Fødselsdato", "rate_projected"):
        assert words not in text


def test_pages_render_with_pdftoppm(participant_pdf):
    if shutil.which("pdftoppm") is None:
        missing_tool("pdftoppm not found (Debian package poppler-utils)")
    pages = render_pages_png(participant_pdf, dpi=40)
    assert len(pages) == len(pypdf.PdfReader(io.BytesIO(participant_pdf)).pages) >= 4
    assert all(p.startswith(b"\x89PNG\r\n\x1a\n") for p in pages)
    assert set(page_sizes(participant_pdf)) == {(595, 842)}  # A4


def test_the_same_input_gives_the_same_document(example, params, participant_pdf):
    again = render_plan_pdf(example, params, copy="participant", today=TODAY)
    assert pdf_text(again) == pdf_text(participant_pdf)
    assert build_plan_document(example, params, today=TODAY) == build_plan_document(example, params, today=TODAY)


def test_the_document_data_is_json_and_the_template_gets_words_not_markup(example, params):
    doc = build_plan_document(example, params, copy="case", language="en", today=TODAY)
    json.dumps(doc)
    assert doc["lang"] == "en" and doc["copy"] == "case"
    assert doc["t"]["goals.main"] == "Main goal"
    with pytest.raises(ValueError):
        build_plan_document(example, params, copy="other", today=TODAY)
    with pytest.raises(ValueError):
        build_plan_document(example, params, language="sv", today=TODAY)


# -- user text is data ---------------------------------------------------------------------------------


@pytest.mark.parametrize("copy_kind", ["participant", "case"])
def test_markup_in_user_text_prints_literally_and_changes_nothing(example_tree, params, copy_kind):
    evil_plan = plan_from_dict(evil_tree(example_tree, EVIL))
    control_plan = plan_from_dict(evil_tree(example_tree, plain(EVIL)))
    evil_pdf = render_plan_pdf(evil_plan, params, copy=copy_kind, today=TODAY)
    control_pdf = render_plan_pdf(control_plan, params, copy=copy_kind, today=TODAY)
    (artifacts_dir("export") / f"evil-{copy_kind}.pdf").write_bytes(evil_pdf)

    assert page_sizes(evil_pdf) == page_sizes(control_pdf)  # same number of pages, all A4
    assert set(page_sizes(evil_pdf)) == {(595, 842)}
    text = pdf_text(evil_pdf)
    shown = dict(EVIL)
    if copy_kind == "participant":
        shown.pop("note")  # leave reasons are for the case copy; the evaluation note is shown in both
        assert EVIL["note"] in text
    for key, value in shown.items():
        assert norm(value) in text, key
    with pikepdf.open(io.BytesIO(evil_pdf)) as doc:
        assert str(doc.Root.Lang) == "nb"


def test_markup_in_user_text_on_the_deltakerbevis_and_own_words(example_tree, params):
    tree = evil_tree(example_tree, EVIL)
    tree["competence"] = ["#strong[Truckførerbevis] *T1*"]
    plan = plan_from_dict(tree)
    own = "Jeg har lært mye. #set text(size: 40pt) $E = m c^2$\nNy linje med <tag> og @meg."
    pdf = render_deltakerbevis_pdf(plan, params, today=date(2027, 3, 1), own_words=own)
    text = pdf_text(pdf)
    for line in own.split("\n"):
        assert norm(line) in text
    assert "#strong[Truckførerbevis] *T1*" in text
    assert norm(EVIL["name"]) in text
    assert set(page_sizes(pdf)) == {(595, 842)}


# -- the deltakerbevis ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ended_plan(example_tree):
    tree = copy.deepcopy(example_tree)
    tree["ended"] = "2026-10-30"
    tree["competence"] = ["Truckførerbevis T1", "Kassesystem og kundeservice"]
    tree["activities"][0]["status"] = "completed"
    tree["activities"][7]["status"] = "cancelled"  # Norsk på arbeidsplassen: never happened
    tree["absences"] = [
        {"date": "2026-04-14", "hours": 7.5, "valid": True, "reason": "Syk"},
        {"date": "2026-04-15", "hours": 7.5, "valid": True, "reason": "Syk"},
        {"date": "2026-05-06", "hours": 3, "valid": False},
    ]
    return plan_from_dict(tree)


def test_deltakerbevis_carries_content_duration_attendance_goals_and_competence(ended_plan, params):
    pdf = render_deltakerbevis_pdf(ended_plan, params, today=date(2026, 11, 2), own_words="Jeg fikk mer selvtillit.")
    (artifacts_dir("export") / "deltakerbevis-nb.pdf").write_bytes(pdf)
    text = pdf_text(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.Root.Lang) == "nb" and "/StructTreeRoot" in doc.Root
    assert "Deltakerbevis" in text
    assert "Eksempel Deltaker har deltatt i kvalifiseringsprogrammet fra 2. mars 2026 til 30. oktober 2026." in text
    assert "Programmet ble avsluttet 30. oktober 2026, før planlagt slutt 28. februar 2027." in text
    assert "Varighet: omtrent 8 måneder." in text
    # Content: what was undertaken, with the completed one marked; not the proposed or cancelled ones.
    assert "Interessekartlegging og planlegging" in text and "Fullført" in text
    assert "Arbeidstrening i matbutikk" in text and "Deltatt" in text
    assert "Jobbsøkerkurs og jobbklubb" not in text  # proposed, never agreed
    assert "Norsk på arbeidsplassen" not in text  # cancelled
    # Attendance from the registered absence.
    doc = build_deltakerbevis_document(ended_plan, params, today=date(2026, 11, 2))
    attendance = {row["label"]: row["value"] for row in doc["attendance"]}
    assert attendance["Timer med fravær med gyldig grunn"] == "15"
    assert attendance["Dager med fravær med gyldig grunn"] == "2"
    assert attendance["Timer med fravær uten gyldig grunn"] == "3"
    assert attendance["Dager med fravær uten gyldig grunn"] == "1"
    assert attendance["Programdager (mandag til fredag)"] == "175"  # 2 March – 30 October 2026
    assert attendance["Oppmøte, av planlagt tid"] == "98\u00a0%"  # 1 − 18 h ÷ (149 working days × 7,5 h)
    for row in doc["attendance"]:
        assert f"{row['label']} {norm(row['value'])}" in text
    # Goals and competence, and the participant's own words.
    assert "Norsk muntlig nivå B1" in text and "Ja / Delvis / Nei" in text
    assert "Truckførerbevis T1" in text and "Kassesystem og kundeservice" in text
    assert "Med mine egne ord" in text and "Jeg fikk mer selvtillit." in text
    assert "Underskrift" in text


def test_deltakerbevis_without_an_end_uses_the_last_period_and_leaves_room_to_write(example, params):
    doc = build_deltakerbevis_document(example, params, today=date(2027, 3, 1))
    assert norm(doc["summary"][0]).endswith("til 28. februar 2027.")
    assert doc["own_words"] == "" and doc["competence"] == []
    text = pdf_text(render_deltakerbevis_pdf(example, params, today=date(2027, 3, 1)))
    assert "Skriv her hva som er lært:" in text


def test_deltakerbevis_needs_a_programme_period(example_tree, params):
    tree = copy.deepcopy(example_tree)
    tree["periods"] = []
    tree.pop("periods")
    plan = plan_from_dict(tree)
    with pytest.raises(ValueError):
        build_deltakerbevis_document(plan, params, today=TODAY)


# -- the vedtak basis ----------------------------------------------------------------------------------


def test_vedtak_basis_carries_every_required_element(example, params):
    text = vedtak_basis_text(example, params, today=TODAY)
    required = {
        "period": "perioden 2. mars 2026 til og med 28. februar 2027",
        "duration": "(11 måneder og 27 dager)",
        "full time": "37,5 timer per uke",
        "rate factor": "2,041 ganger grunnbeløpet (G)",
        "G": "G er 130 160 kr fra 1. mai 2025",
        "annual": "265 657 kr per år",
        "day rate": "1 021,76 kr per dag",
        "the 260": "delt på 260",
        "under 25": "25 år eller eldre og får full stønad",
        "barnetillegg": "Barnetillegg: 1 barn som deltakeren forsørger, 38,00 kr per barn per stønadsdag",
        "ugyldig fravær": "Fravær uten gyldig grunn (ugyldig fravær) gir en tilsvarende reduksjon i stønaden",
        "§ 36": "§ 36",
        "work offset": "Lønnet arbeid og lærlinglønn reduserer stønaden",
        "§ 37": "§ 37",
        "benefits offset": "Dagpenger, sykepenger og foreldrepenger reduserer stønaden krone for krone",
        "§ 38": "§ 38",
        "arrears": "utbetales etterskuddsvis på grunnlag av registrert oppmøte (sosialtjenesteloven § 39)",
        "individuell plan": "rett til en individuell plan",
        "§ 33": "§ 33",
        "reasons": "7. Begrunnelse\n[FYLL INN: begrunnelse",
        "appeal": "Klagefristen er tre uker",
        "§ 47": "sosialtjenesteloven § 47",
        "statsforvalteren": "statsforvalteren",
        "evaluations": "29. mai 2026, 11. september 2026 og 11. desember 2026",
        "health justified": "Trening med Frisklivssentralen (3 timer per uke): Bygge utholdenhet etter lang inaktivitet",
    }
    for what, words in required.items():
        assert words in text, what


def test_vedtak_basis_for_a_participant_under_25_states_the_reduced_rate(example_tree, params):
    tree = copy.deepcopy(example_tree)
    tree["participant"]["birth_date"] = "2002-06-15"  # turns 25 on 15 June 2027, after the programme
    tree["participant"]["children"] = []
    text = vedtak_basis_text(plan_from_dict(tree), params, today=TODAY)
    assert "under 25 år og får 2/3 av full stønad" in text
    assert "177 104 kr per år" in text  # 2/3 × 265 657 (from 1 May 2025)
    assert "Full stønad gis fra 25-årsdagen 15. juni 2027" in text
    assert "får ikke barnetillegg" in text


def test_vedtak_basis_picks_the_period_and_refuses_a_missing_one(example_tree, params):
    tree = copy.deepcopy(example_tree)
    tree["periods"] = [
        {"start": "2026-03-02", "end": "2027-02-28", "decision_date": "2026-02-16"},
        {"start": "2027-03-01", "end": "2028-02-29"},
    ]
    plan = plan_from_dict(tree)
    assert "perioden 1. mars 2027 til og med 29. februar 2028" in vedtak_basis_text(plan, params, today=date(2027, 3, 5))
    assert "vedtaksperiode 1 av 2" in vedtak_basis_text(plan, params, today=TODAY)
    assert "vedtaksperiode 2 av 2" in vedtak_basis_text(plan, params, today=TODAY, period=1)
    with pytest.raises(ValueError):
        vedtak_basis_text(plan, params, today=TODAY, period=5)


# -- the chart ------------------------------------------------------------------------------------------


def test_timeline_chart_and_svg(example, params):
    chart = timeline_chart(example, params, "nb")
    spec = chart.to_dict()
    assert len(spec["layer"]) >= 6
    svg = timeline_svg(example, params, "nb")
    assert svg.lstrip().startswith("<svg")
    assert "Arbeidstrening i matbutikk" in svg and "Halvveis" in svg and "mai 2026" in svg
    assert "May 2026" in timeline_svg(example, params, "en")


# -- the command line ---------------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planner", "export", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )


def test_cli_writes_the_participant_copy_in_the_asked_language(tmp_path):
    out = tmp_path / "plan.pdf"
    done = run_cli(str(EXAMPLE), "-o", str(out), "--lang", "nn", "--today", "2026-02-20")
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    with pikepdf.open(io.BytesIO(data)) as doc:
        assert str(doc.Root.Lang) == "nn"
    assert "Måla dine" in pdf_text(data)
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]  # no temporary file left behind


def test_cli_case_copy_deltakerbevis_and_vedtak(tmp_path):
    case = tmp_path / "sak.pdf"
    assert run_cli(str(EXAMPLE), "-o", str(case), "--copy", "case", "--today", "2026-02-20").returncode == 0
    assert "Regelsjekk" in pdf_text(case.read_bytes())
    bevis = tmp_path / "bevis.pdf"
    done = run_cli(str(EXAMPLE), "-o", str(bevis), "--deltakerbevis", "--own-words", "Bra år", "--today", "2027-03-01")
    assert done.returncode == 0, done.stderr
    assert "Deltakerbevis" in pdf_text(bevis.read_bytes()) and "Bra år" in pdf_text(bevis.read_bytes())
    vedtak = run_cli(str(EXAMPLE), "--vedtak", "--today", "2026-02-20")
    assert vedtak.returncode == 0 and vedtak.stdout.startswith("GRUNNLAG FOR VEDTAK")
    assert "statsforvalteren" in vedtak.stdout


@pytest.mark.parametrize(
    "content",
    [
        "ikke json",
        json.dumps({"format": "kvp-plan", "version": 1, "participant": {"birth_date": "1990-01-01"}, "application_date": "2026-01-01", "periods": [{"start": "2026-03-01", "end": "2026-02-01"}]}),
        json.dumps({"format": "kvp-plan", "version": 1}),
    ],
    ids=["not-json", "end-before-start", "missing-fields"],
)
def test_cli_bad_input_exits_2_and_writes_nothing(tmp_path, content):
    source = tmp_path / "plan.json"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "plan.pdf"
    done = run_cli(str(source), "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.strip()
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_cli_bad_input_leaves_an_existing_file_alone(tmp_path):
    out = tmp_path / "plan.pdf"
    out.write_bytes(b"the old PDF")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert run_cli(str(tmp_path / "bad.json"), "-o", str(out)).returncode == 2
    assert out.read_bytes() == b"the old PDF"


def test_cli_usage_errors_exit_2(tmp_path):
    assert run_cli(str(EXAMPLE)).returncode == 2  # no -o
    assert run_cli(str(EXAMPLE), "-o", str(tmp_path / "missing" / "x.pdf")).returncode == 2
    assert run_cli(str(EXAMPLE), "-o", str(tmp_path / "x.pdf"), "--lang", "sv").returncode == 2
    assert run_cli(str(tmp_path / "nope.json"), "-o", str(tmp_path / "x.pdf")).returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_the_shipped_font_is_embedded(participant_pdf):
    """Source Sans Pro from planner/export/fonts/, embedded (subset) on every page: the same look on
    every machine, whatever fonts the system has."""
    names = set()
    with pikepdf.open(io.BytesIO(participant_pdf)) as doc:
        for page in doc.pages:
            for font in page.Resources.get("/Font", {}).values():
                names.add(str(font.BaseFont).split("+", 1)[-1])
    assert names and all(name.startswith("SourceSansPro-") for name in names), names
    assert (REPO_ROOT / "planner" / "export" / "fonts" / "OFL.txt").is_file()


@pytest.mark.parametrize(
    "tree",
    [
        {"participant": {"birth_date": "1990-01-01"}, "application_date": "2026-01-05"},
        {"participant": {"birth_date": "1990-01-01"}, "application_date": "2026-01-05", "periods": [{"start": "2026-02-02", "end": "2026-07-31"}]},
        {
            "participant": {"birth_date": "2002-03-10", "children": [{"birth_date": "2020-01-01"}], "language": "en"},
            "application_date": "2026-01-05",
            "periods": [{"start": "2026-02-02", "end": "2027-02-01"}, {"start": "2027-02-02", "end": "2028-02-01", "special_reasons": True}],
            "leaves": [{"kind": "interruption", "start": "2026-05-04", "end": "2026-05-29"}, {"kind": "leave", "start": "2026-09-07", "end": "2026-09-18"}],
            "activities": [
                {"id": "x", "title": "Praksis", "category": "work_directed", "start": "2026-02-02", "end": "2028-02-01", "hours_per_week": 37.5, "status": "ongoing"},
                {"id": "y", "title": "Avlyst jobb", "category": "paid_work", "start": "2026-03-02", "end": "2026-06-30", "hours_per_week": 10, "status": "cancelled"},
            ],
            "absences": [{"date": "2026-03-03", "hours": 7.5, "valid": False}],
            "income": [{"kind": "work", "month": "2026-03", "hours": 20}, {"kind": "sykepenger", "month": "2026-04", "amount": 5000}],
            "overpayments": [{"amount": 3000, "from_month": "2026-04", "max_per_month": 1000}],
        },
    ],
    ids=["no-periods", "no-activities", "under-25-interruption-income"],
)
def test_sparse_and_unusual_plans_still_make_tagged_documents(tree, params):
    plan = plan_from_dict(tree)
    for copy_kind in ("participant", "case"):
        pdf = render_plan_pdf(plan, params, copy=copy_kind, today=TODAY)
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            assert "/StructTreeRoot" in doc.Root
        text = pdf_text(pdf)
        if copy_kind == "participant":
            assert "Avlyst jobb" not in text  # cancelled: not on the participant's copy
    if plan.periods and plan.activities:
        text = pdf_text(render_plan_pdf(plan, params, copy="case", today=TODAY))
        assert "Avlyst jobb" in text and "Avlyst" in text
        assert "Fra 10. mars 2027, når du fyller 25 år, får du full stønad." in text


@pytest.mark.parametrize(
    "lang, words",
    [("nb", ("Ja", "Delvis", "Nei")), ("nn", ("Ja", "Delvis", "Nei")), ("en", ("Yes", "Partly", "No"))],
)
def test_deltakerbevis_prints_which_goals_were_reached(example_tree, params, lang, words):
    # forskrift § 1: the deltakerbevis states the goals reached. Three sub-goals, one of each outcome;
    # a fourth not yet assessed keeps the "fill in together" choices.
    tree = copy.deepcopy(example_tree)
    tree["goals"]["sub_goals"] = [
        {"text": "Maal A", "reached": "reached"},
        {"text": "Maal B", "reached": "partly"},
        {"text": "Maal C", "reached": "not_reached"},
        {"text": "Maal D"},
    ]
    plan = plan_from_dict(tree)
    pdf = render_deltakerbevis_pdf(plan, params, language=lang, today=date(2027, 3, 1))
    text = norm(pdf_text(pdf))
    for goal, word in zip("ABC", words):
        assert re.search(rf"Maal {goal}\s+{word}\b", text), (goal, word)
    assert re.search(rf"Maal D\s+{words[0]} / {words[1]} / {words[2]}", text)


def test_deltakerbevis_of_a_plan_with_only_proposals_says_none_are_agreed(example_tree, params):
    # Proposals are not on the certificate; with nothing agreed it must not claim the plan is empty.
    tree = copy.deepcopy(example_tree)
    for activity in tree["activities"]:
        activity["status"] = "proposed"
    pdf = render_deltakerbevis_pdf(plan_from_dict(tree), params, language="nb", today=date(2027, 3, 1))
    text = norm(pdf_text(pdf))
    assert "Ingen aktiviteter er avtalt ennå" in text and "lagt inn" not in text
