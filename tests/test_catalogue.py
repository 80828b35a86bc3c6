"""The catalogue of measures: the national CSV, the loader/checker, search and `catalogue check`."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from planner.catalogue import (
    HEADERS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    NATIONAL_CATALOGUE_PATH,
    Catalogue,
    Measure,
    catalogue_to_rows,
    load_national_catalogue,
    parse_catalogue,
    parse_category,
    slugify,
)
from planner.cli import catalogue_cmd
from planner.model import Category

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLAN = ROOT.parent / "shared" / "spec" / "example-plan.json"
EXAMPLE_IDS = {
    "kartlegging-interesser",
    "norskopplaering",
    "fysisk-trening",
    "motivasjon",
    "arbeidstrening",
    "jobbsokerkurs",
    "individuell-oppfolging",
}
TODAY = date(2026, 1, 1)


@pytest.fixture(scope="module")
def national() -> Catalogue:
    return load_national_catalogue()


def csv_bytes(rows: list[list[object]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], title: str = "Tiltak") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


HEAD = ["id", "navn", "kategori", "timer_per_uke", "gyldig_fra", "gyldig_til"]


def parse_rows(rows: list[list[object]], **kw) -> object:
    return parse_catalogue(csv_bytes([HEAD, *rows], **kw), "k.csv", today=TODAY)


def only_error(result):
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    return result.errors[0]


# --------------------------------------------------------------------------- the national file


def test_national_catalogue_loads_without_errors(national):
    result = parse_catalogue(NATIONAL_CATALOGUE_PATH.read_bytes(), "tiltak.csv")
    assert result.ok and not result.unreadable, [str(e) for e in result.errors]
    assert result.warnings == ()
    assert len(national) >= 70
    assert len(national) == result.rows


def test_national_file_is_plain_utf8_with_the_exact_headers():
    data = NATIONAL_CATALOGUE_PATH.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    data.decode("utf-8")
    header = next(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert header == list(HEADERS)
    assert header == "id,navn,kategori,gruppe,beskrivelse,hjemmel,arrangor,timer_per_uke,varighet,merknad,kilde,kontor,gyldig_fra,gyldig_til".split(",")


def test_national_catalogue_has_every_id_the_example_plan_uses(national):
    assert EXAMPLE_IDS <= set(national.ids)
    if EXAMPLE_PLAN.exists():
        plan = json.loads(EXAMPLE_PLAN.read_text(encoding="utf-8"))
        used = {a["catalogue_id"] for a in plan["activities"] if a.get("catalogue_id")}
        assert used <= set(national.ids)
        for activity in plan["activities"]:
            if activity.get("catalogue_id"):
                assert national[activity["catalogue_id"]].category.value == activity["category"]


def test_national_rows_are_well_formed(national):
    for m in national:
        assert isinstance(m.category, Category)
        assert m.id == slugify(m.id) and m.id.isascii()
        assert m.source == "tipshefte 2018" and m.is_national and m.office == ""
        assert m.name and m.group and m.description and m.legal_basis and m.provider, m.id
        assert m.hours_per_week is None or 0 <= m.hours_per_week <= Decimal("37.5")
    assert {m.category for m in national} == set(Category)


@pytest.mark.parametrize(
    "name",
    [
        "Brukermedvirkning",
        "Frammøtekompetanse",
        "Hviletid",
        "Arbeidstrening",
        "Lønnstilskudd",
        "AMO",
        "Mentor",
        "Inkluderingstilskudd",
        "Arbeidsforberedende trening",
        "Inn på tunet",
        "Fysioterapi",
        "Likemannsarbeid",
        "Ansvarsgrupper",
        "Tilretteleggings- og oppfølgingsgaranti",
        "Jobbsmak",
        "Jobbklubb",
        "Karriereveiledning",
        "Nettverksarbeid",
        "Støttepersoner",
        "Egendokumentasjon",
        "Tannhelse",
    ],
)
def test_every_booklet_headline_is_there(national, name):
    assert any(name.lower() in m.name.lower() for m in national), name


@pytest.mark.parametrize(
    "topic",
    ["økonomi", "bolig", "hygiene", "ernæring", "framtreden", "familie", "fritid", "kriminalitet",
     "egenaktivitet", "lokalsamfunn", "ungdom", "fremmedspråklige"],
)
def test_every_section_17_topic_is_a_row(national, topic):
    rows = [m for m in national.search(topic, group="Råd og veiledning (§ 17)") if topic in m.name.lower()]
    assert len(rows) == 1
    assert "§ 17" in rows[0].legal_basis and rows[0].category is Category.SUPPORTING


def test_inkluderingstilskudd_flags_the_2018_amounts(national):
    row = national["inkluderingstilskudd"]
    assert "11 600" in row.description and "111 600" in row.description
    assert "2018" in row.note and "sjekk" in row.note.lower()


def test_changed_rules_are_noted(national):
    assert "2019" in national["arbeidsrettede-tiltak"].note  # halfway: good practice only
    assert "rekrutteringsbehov" in national["lonnstilskudd"].note
    assert "engangsrettighet" in national["planlegging-program"].note
    assert national["avklaring"].duration == "inntil 4 uker, kan forlenges"
    assert national["ordinaert-arbeid"].category is Category.PAID_WORK
    assert national["ordinaert-arbeid"].hours_per_week == Decimal("18.75")


def test_categories_follow_the_law(national):
    c = {m.id: m.category for m in national}
    for measure_id in ("arbeidstrening", "lonnstilskudd", "amo", "arbeidsforberedende-trening"):
        assert c[measure_id] is Category.WORK_DIRECTED
    for measure_id in ("finne-jobb", "soke-jobb", "jobbintervju", "jobbsmak", "jobbsokerkurs", "jobbklubb"):
        assert c[measure_id] is Category.JOB_SEEKING
    for measure_id in ("hviletid", "fysisk-trening", "helsehjelp", "fysioterapi", "tannhelse"):
        assert c[measure_id] is Category.HEALTH
    for measure_id in ("individuell-oppfolging", "evaluering", "ansvarsgrupper"):
        assert c[measure_id] is Category.FOLLOW_UP
    for measure_id in ("motivasjon", "norskopplaering", "veiledning-okonomi"):
        assert c[measure_id] is Category.SUPPORTING


def test_load_national_is_cached(national):
    assert load_national_catalogue() is national


# ----------------------------------------------------------------------------------- round trips


def test_semicolon_cp1252_with_norwegian_labels_and_decimal_comma():
    rows = [
        ["id", "navn", "kategori", "arrangør", "timer_per_uke", "beskrivelse", "gyldig_fra"],
        ["gardsarbeid", "Gårdsarbeid på Ås", "Arbeidsrettet tiltak", "Bonde Ærlig", "7,5", "Fjøs; stell", "01.02.2026"],
        ["helse-ovelse", "Øvelser", "helse", "", "2", "", ""],
        ["jobb", "Jobbsøking i gruppe", "JOBBSØKING", "", "", "", ""],
    ]
    data = csv_bytes(rows, delimiter=";", encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = parse_catalogue(data, "kontor.csv", today=TODAY)
    assert result.ok, [str(e) for e in result.errors]
    assert result.encoding == "Windows-1252" and result.delimiter == ";"
    first, second, third = result.measures
    assert first.name == "Gårdsarbeid på Ås" and first.provider == "Bonde Ærlig"
    assert first.category is Category.WORK_DIRECTED
    assert first.hours_per_week == Decimal("7.5")
    assert first.description == "Fjøs; stell"
    assert first.valid_from == date(2026, 2, 1)
    assert second.category is Category.HEALTH
    assert third.category is Category.JOB_SEEKING


def test_utf8_bom_csv_with_spaced_capitalised_headers():
    rows = [[" ID ", "Navn", " Kategori", "Arrangør ", "Timer per uke"], ["a-1", "Språkkafé", "Andre tiltak", "Frivillig", "3"]]
    data = b"\xef\xbb\xbf" + csv_bytes(rows)
    result = parse_catalogue(data, "k.csv")
    assert result.ok, [str(e) for e in result.errors]
    assert result.encoding == "UTF-8 med BOM"
    (m,) = result.measures
    assert (m.id, m.name, m.category, m.provider, m.hours_per_week) == (
        "a-1", "Språkkafé", Category.SUPPORTING, "Frivillig", Decimal(3)
    )


def test_xlsx_first_sheet_with_typed_cells():
    rows = [
        list(HEADERS),
        ["lager", "Lagerarbeid", "work_directed", "Arbeidsrettede tiltak", "Plukk\nPakk", "", "arbeidsgiver",
         22.5, "", "", "Oslo", "NAV Grünerløkka", date(2026, 1, 1), date(2026, 12, 31)],
        ["trening", "Trening", "Helse", "", "", "", "", 3, "", "", "", "", None, None],
    ]
    workbook = Workbook()
    workbook.active.title = "Tiltak"
    for row in rows:
        workbook.active.append(row)
    workbook.create_sheet("Annet").append(["ikke", "lest"])
    out = io.BytesIO()
    workbook.save(out)
    result = parse_catalogue(out.getvalue(), "kontor.xlsx", today=TODAY)
    assert result.ok, [str(e) for e in result.errors]
    assert result.file_format == "XLSX"
    lager, trening = result.measures
    assert lager.hours_per_week == Decimal("22.5") and lager.description == "Plukk\nPakk"
    assert lager.office == "NAV Grünerløkka" and not lager.is_national
    assert (lager.valid_from, lager.valid_to) == (date(2026, 1, 1), date(2026, 12, 31))
    assert trening.category is Category.HEALTH and trening.hours_per_week == Decimal(3)


def test_national_catalogue_round_trips_through_rows_csv_and_xlsx(national):
    rows = catalogue_to_rows(national)
    assert list(rows[0]) == list(HEADERS)
    table = [list(HEADERS)] + [[r[h] for h in HEADERS] for r in rows]
    for data, name in (
        (csv_bytes(table), "a.csv"),
        (csv_bytes(table, delimiter=";", encoding="utf-8-sig"), "b.csv"),
        (xlsx_bytes(table), "c.xlsx"),
    ):
        result = parse_catalogue(data, name)
        assert result.ok, (name, [str(e) for e in result.errors])
        assert result.measures == national.measures


def test_parse_category_accepts_codes_labels_and_synonyms():
    assert parse_category("work_directed") is Category.WORK_DIRECTED
    assert parse_category("  Arbeidsrettet  ") is Category.WORK_DIRECTED
    assert parse_category("ARBEIDSSØKING") is Category.JOB_SEEKING
    assert parse_category("jobbsøking") is Category.JOB_SEEKING
    assert parse_category("Arbeid eller læretid") is Category.PAID_WORK
    assert parse_category("andre tiltak") is Category.SUPPORTING
    assert parse_category("Helsehjelp") is Category.HEALTH
    assert parse_category("oppfølging") is Category.FOLLOW_UP
    assert parse_category("follow-up") is Category.FOLLOW_UP
    assert parse_category("kaffe") is None


# --------------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "row, column, words",
    [
        (["x", "X", "kaffe", "", "", ""], "kategori", ["Ukjent kategori", "kaffe"]),
        (["x", "X", "", "", "", ""], "kategori", ["Kategori mangler"]),
        (["x", "X", "helse", "mye", "", ""], "timer_per_uke", ["ikke et tall"]),
        (["x", "X", "helse", "40", "", ""], "timer_per_uke", ["utenfor 0–37,5"]),
        (["x", "X", "helse", "-1", "", ""], "timer_per_uke", ["utenfor"]),
        (["x", "", "helse", "", "", ""], "navn", ["Navn mangler"]),
        (["", "X", "helse", "", "", ""], "id", ["Id mangler"]),
        (["Mitt Tiltak", "X", "helse", "", "", ""], "id", ["Ugyldig id", "mitt-tiltak"]),
        (["x", "X", "helse", "", "31.02.2026", ""], "gyldig_fra", ["ikke en gyldig dato"]),
        (["x", "X", "helse", "", "", "neste år"], "gyldig_til", ["ikke en gyldig dato"]),
        (["x", "X", "helse", "", "2026-05-01", "2026-04-30"], "gyldig_til", ["før gyldig fra"]),
    ],
)
def test_each_error_names_row_and_column_and_nothing_is_loaded(row, column, words):
    good = ["ok", "Greit", "helse", "7,5", "", ""]
    result = parse_rows([good, good[:0] + ["ok2", "Greit 2", "helse", "", "", ""], row])
    error = only_error(result)
    assert (error.row, error.column) == (4, column)
    for word in words:
        assert word in error.message
    assert result.measures == () and result.catalogue is None and not result.unreadable
    assert str(error).startswith(f"Rad 4, kolonne «{column}»: ")


def test_duplicate_id_names_both_rows():
    result = parse_rows([["a", "A", "helse", "", "", ""], ["b", "B", "helse", "", "", ""], ["a", "C", "helse", "", "", ""]])
    error = only_error(result)
    assert (error.row, error.column) == (4, "id") and "rad 2" in error.message
    assert result.measures == ()


def test_row_numbers_count_multiline_cells_and_empty_rows_as_excel_does():
    rows = [["a", "A", "helse", "", "", ""], ["b", "B\nmed linjeskift", "helse", "", "", ""], ["", "", "", "", "", ""],
            ["c", "C", "kaffe", "", "", ""]]
    error = only_error(parse_rows(rows))
    assert error.row == 5


def test_missing_required_headers():
    data = csv_bytes([["id", "tittel", "timer_per_uke"], ["a", "A", "1"]])
    result = parse_catalogue(data, "k.csv")
    assert {(e.row, e.column) for e in result.errors} == {(1, "navn"), (1, "kategori")}
    assert result.measures == () and not result.unreadable


def test_first_row_not_headers_at_all():
    result = parse_catalogue(csv_bytes([["a", "A", "helse"], ["b", "B", "helse"]]), "k.csv")
    error = only_error(result)
    assert error.row == 1 and "overskrift" in error.message.lower()


def test_unknown_column_is_a_warning_only():
    result = parse_catalogue(csv_bytes([["id", "navn", "kategori", "farge"], ["a", "A", "helse", "blå"]]), "k.csv")
    assert result.ok and len(result.measures) == 1
    assert any("farge" in w.message and w.row == 1 for w in result.warnings)


def test_shifted_columns_from_an_unquoted_comma_are_an_error():
    data = b"id,navn,kategori\na,A,helse\nb,B, med komma,helse\n"
    error = only_error(parse_catalogue(data, "k.csv"))
    assert error.row == 3


def test_warnings_expired_and_too_much_paid_work():
    result = parse_rows([["gammel", "Gammel", "helse", "", "2020-01-01", "2020-12-31"],
                         ["jobb", "Jobb", "paid_work", "30", "", ""]])
    assert result.ok and len(result.measures) == 2
    assert {(w.row, w.column) for w in result.warnings} == {(2, "gyldig_til"), (3, "timer_per_uke")}


def test_header_only_file_is_an_error():
    result = parse_catalogue(b"id,navn,kategori\n", "k.csv")
    assert not result.ok and result.measures == () and not result.unreadable


@pytest.mark.parametrize(
    "data, name",
    [
        (b"", "tom.csv"),
        (b"  \n\n", "tom.csv"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4, "bilde.csv"),
        (bytes(range(256)) * 40, "tull.csv"),
        (b"PK\x03\x04" + b"\x00garbage" * 100, "ødelagt.xlsx"),
        (b"id,navn,kategori\na,A,helse\n", "lurt.xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "gammel.xls"),
        (b"%PDF-1.7\n" + b"\x00\x01" * 50, "dokument.csv"),
    ],
)
def test_not_a_spreadsheet_is_unreadable(data, name):
    result = parse_catalogue(data, name)
    assert result.unreadable and not result.ok and result.measures == ()
    assert result.errors[0].row is None


def test_oversized_file_is_unreadable_before_parsing():
    data = b"id,navn,kategori\n" + b"x" * MAX_FILE_BYTES
    result = parse_catalogue(data, "stor.csv")
    assert result.unreadable and "for stor" in result.errors[0].message


def test_too_many_rows_is_unreadable():
    lines = ["id,navn,kategori"] + [f"t{i},T{i},helse" for i in range(MAX_ROWS + 1)]
    result = parse_catalogue("\n".join(lines).encode(), "mange.csv")
    assert result.unreadable and "for mange rader" in result.errors[0].message
    ok = parse_catalogue("\n".join(lines[:-1]).encode(), "nok.csv")
    assert ok.ok and len(ok.measures) == MAX_ROWS


# ----------------------------------------------------------------------------------------- search


def test_search_partial_words_case_and_aeoeaa(national):
    assert national["lonnstilskudd"] in national.search("lønn")
    assert national["lonnstilskudd"] in national.search("LØNN")
    assert national["lonnstilskudd"] in national.search("lonn")  # typed without ø
    hits = national.search("ARBEIDSTRENING")
    assert national["arbeidstrening"] in hits and national["inn-pa-tunet"] in hits
    assert all("arbeidstrening" in " ".join((m.name, m.description, m.group, m.note)).lower() for m in hits)
    assert national["norskopplaering"] in national.search("språk")
    assert national.search("språk")[0].name.lower().count("språk")  # name matches come first
    assert national.search("zzzxq") == ()


def test_search_filters(national):
    health = national.search(category=Category.HEALTH)
    assert health and all(m.category is Category.HEALTH for m in health)
    assert national.search(category="Helse") == health
    assert national.search(category="health") == health
    assert national.search("trening", category=Category.HEALTH) == tuple(
        m for m in national.search("trening") if m.category is Category.HEALTH
    )
    assert national["fysisk-trening"] in national.search("trening", category=Category.HEALTH)
    assert national["arbeidstrening"] not in national.search("trening", category=Category.HEALTH)
    assert len(national.search(group="arbeidssøking")) == 8
    assert all("ekstern" in m.provider for m in national.search(provider="ekstern leverandør"))
    assert len(national.search(source="national")) == len(national)
    assert national.search(source="office") == ()


def test_search_national_and_office_sources():
    national = Measure(id="a", name="Arbeidstrening", category=Category.WORK_DIRECTED, source="tipshefte 2018")
    local = Measure(id="b", name="Arbeidstrening på kafé", category=Category.WORK_DIRECTED, office="NAV Årstad")
    catalogue = Catalogue((national, local))
    assert catalogue.search("arbeid", source="national") == (national,)
    assert catalogue.search("arbeid", source="office") == (local,)
    assert catalogue.search("", source="nav årstad") == (local,)
    with pytest.raises(ValueError):
        Catalogue((national, national))


# ------------------------------------------------------------------------------------------ CLI

HAS_DISPATCHER = (ROOT / "planner" / "__main__.py").exists() and (ROOT / "planner" / "cli" / "__init__.py").exists()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "planner", "catalogue", "check", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "god.csv"
    good.write_bytes(csv_bytes([["id", "navn", "kategori"], ["a", "Å", "Helse"]], delimiter=";", encoding="cp1252"))
    bad = tmp_path / "feil.csv"
    bad.write_bytes(csv_bytes([["id", "navn", "kategori"], ["a", "A", "helse"], ["b", "B", "kaffe"]]))
    png = tmp_path / "bilde.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    big = tmp_path / "stor.csv"
    with big.open("wb") as f:
        f.write(b"id,navn,kategori\n")
        f.truncate(MAX_FILE_BYTES + 10)
    return {"good": good, "bad": bad, "png": png, "big": big, "missing": tmp_path / "finnes-ikke.csv"}


EXPECTED_EXIT = {"good": 0, "bad": 1, "png": 2, "big": 2, "missing": 2}


@pytest.mark.skipif(not HAS_DISPATCHER, reason="python -m planner is not wired up in this checkout")
@pytest.mark.parametrize("which", sorted(EXPECTED_EXIT))
def test_cli_exit_codes_via_subprocess(files, which):
    done = run_cli(str(files[which]), "--json")
    assert done.returncode == EXPECTED_EXIT[which], done.stderr
    report = json.loads(done.stdout)
    assert set(report) >= {"errors", "warnings", "measures"}
    assert report["measures"] == (1 if which == "good" else 0)
    if which == "bad":
        assert report["errors"] == [{"row": 3, "column": "kategori", "message": report["errors"][0]["message"]}]


@pytest.mark.skipif(not HAS_DISPATCHER, reason="python -m planner is not wired up in this checkout")
def test_cli_readable_report(files):
    done = run_cli(str(files["bad"]))
    assert done.returncode == 1
    assert "Rad 3, kolonne «kategori»: Ukjent kategori «kaffe»" in done.stdout
    national = run_cli(str(NATIONAL_CATALOGUE_PATH))
    assert national.returncode == 0 and "Filen er i orden" in national.stdout
    missing = run_cli(str(files["missing"]))
    assert missing.returncode == 2 and "finner ikke filen" in missing.stderr.lower()


def _runner(argv: list[str]) -> int:
    """A tiny stand-in for planner.cli.main: only this module's commands."""
    parser = argparse.ArgumentParser(prog="planner")
    catalogue_cmd.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.run(args)


@pytest.mark.parametrize("which", sorted(EXPECTED_EXIT))
def test_cli_handler_exit_codes(files, which, capsys):
    assert _runner(["catalogue", "check", str(files[which])]) == EXPECTED_EXIT[which]
    assert catalogue_cmd.run_check(argparse.Namespace(file=str(files[which]), json=True)) == EXPECTED_EXIT[which]
    out = capsys.readouterr().out
    assert json.loads(out[out.index("{"):])["measures"] == (1 if which == "good" else 0)


# ----------------------------------------------------------------------------- property: round trip

_TEXT = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzæøåÆØÅABCXYZ0123456789 ,;\"'·–§%()?!\n")),
    max_size=30,
).map(lambda s: s.strip())
_ID = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
_HOURS = st.one_of(st.none(), st.decimals(min_value=0, max_value=Decimal("37.5"), places=2))
_DATE = st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))


@st.composite
def measures(draw, measure_id: str) -> Measure:
    valid_from, valid_to = draw(_DATE), draw(_DATE)
    if valid_from and valid_to and valid_to < valid_from:
        valid_from, valid_to = valid_to, valid_from
    return Measure(
        id=measure_id,
        name=draw(_TEXT.filter(bool)),
        category=draw(st.sampled_from(list(Category))),
        group=draw(_TEXT),
        description=draw(_TEXT),
        legal_basis=draw(_TEXT),
        provider=draw(_TEXT),
        hours_per_week=draw(_HOURS),
        duration=draw(_TEXT),
        note=draw(_TEXT),
        source=draw(_TEXT),
        office=draw(_TEXT),
        valid_from=valid_from,
        valid_to=valid_to,
    )


@st.composite
def catalogues(draw) -> Catalogue:
    ids = draw(st.lists(_ID, min_size=1, max_size=6, unique=True))
    return Catalogue(tuple(draw(measures(i)) for i in ids))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues(), st.sampled_from([",", ";"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]), st.booleans())
def test_any_valid_catalogue_round_trips_through_csv(catalogue, delimiter, encoding, decimal_comma):
    rows = catalogue_to_rows(catalogue)
    if decimal_comma:
        for row in rows:
            row["timer_per_uke"] = row["timer_per_uke"].replace(".", ",")
    data = csv_bytes([list(HEADERS)] + [[r[h] for h in HEADERS] for r in rows], delimiter, encoding)
    result = parse_catalogue(data, "katalog.csv", today=date(2000, 1, 1))
    assert result.ok, [str(e) for e in result.errors]
    assert result.measures == catalogue.measures
