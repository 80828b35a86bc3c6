"""The catalogue of measures (tiltak): the national list and the offices' own lists.

The national catalogue is `catalogue/tiltak.csv` in the repo root, made from NAV's tips booklet
(2018). Offices keep their own catalogue in Excel, so a catalogue file is a spreadsheet with
Norwegian headers (`HEADERS`), saved as CSV (comma or semicolon; UTF-8, UTF-8 with BOM or
Windows-1252, which is what Norwegian Excel writes) or as XLSX (first sheet, header in row 1).

`parse_catalogue(data, filename)` checks a file row by row and never loads half a file: the result
holds either every measure (no errors) or the errors and no measures. Every problem names the row
as Excel shows it (header = row 1) and the column, in Norwegian. It takes bytes and does no I/O;
`load_national_catalogue()` is the only function here that reads a file.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from planner.model import CATEGORY_LABELS_NB, Category

# ----------------------------------------------------------------------------- the file format

#: The columns, in the order the national file and the export use. Norwegian, because offices
#: edit the file in Excel.
HEADERS: tuple[str, ...] = (
    "id",
    "navn",
    "kategori",
    "gruppe",
    "beskrivelse",
    "hjemmel",
    "arrangor",
    "timer_per_uke",
    "varighet",
    "merknad",
    "kilde",
    "kontor",
    "gyldig_fra",
    "gyldig_til",
)
REQUIRED_HEADERS: tuple[str, ...] = ("id", "navn", "kategori")

#: Checked before anything is parsed: a catalogue is a few hundred rows, a few hundred kB at most.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000  # data rows, header not counted
MAX_COLUMNS = 60  # columns read from a spreadsheet; anything further right is ignored

MAX_HOURS_PER_WEEK = Decimal("37.5")  # full time in the programme (sotjl § 30)
NATIONAL_SOURCE = "tipshefte 2018"
NATIONAL_CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "catalogue" / "tiltak.csv"

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Header spellings accepted besides the canonical ones (after `_header_key` folding).
_HEADER_ALIASES = {
    "arrangor": "arrangor",  # arrangør folds to this
    "timer": "timer_per_uke",
    "timer_uke": "timer_per_uke",
    "timer_pr_uke": "timer_per_uke",
    "timer_i_uka": "timer_per_uke",
    "navn_pa_tiltak": "navn",
    "tiltak": "navn",
    "gyldig_fom": "gyldig_fra",
    "gyldig_tom": "gyldig_til",
}

_COLUMN_LABELS = {"arrangor": "arrangør"}  # how a column is named in messages

# ------------------------------------------------------------------------------ the measures


@dataclass(frozen=True)
class Measure:
    """One measure (tiltak) a veileder can put in a plan."""

    id: str
    name: str
    category: Category
    group: str = ""
    description: str = ""
    legal_basis: str = ""
    provider: str = ""
    hours_per_week: Decimal | None = None
    duration: str = ""
    note: str = ""
    source: str = ""
    office: str = ""  # empty for the national catalogue; an office's own rows carry its name
    valid_from: date | None = None
    valid_to: date | None = None

    @property
    def is_national(self) -> bool:
        return not self.office

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class Catalogue:
    """An ordered, read-only set of measures with unique ids."""

    measures: tuple[Measure, ...] = ()
    _by_id: dict[str, Measure] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "measures", tuple(self.measures))
        by_id: dict[str, Measure] = {}
        for measure in self.measures:
            if measure.id in by_id:
                raise ValueError(f"id «{measure.id}» finnes to ganger i katalogen")
            by_id[measure.id] = measure
        object.__setattr__(self, "_by_id", by_id)

    def __len__(self) -> int:
        return len(self.measures)

    def __iter__(self) -> Iterator[Measure]:
        return iter(self.measures)

    def __contains__(self, measure_id: object) -> bool:
        return measure_id in self._by_id

    def __getitem__(self, measure_id: str) -> Measure:
        return self._by_id[measure_id]

    def get(self, measure_id: str | None) -> Measure | None:
        return self._by_id.get(measure_id) if measure_id else None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.measures)

    def groups(self) -> tuple[str, ...]:
        """The groups in catalogue order, each once."""
        return tuple(dict.fromkeys(m.group for m in self.measures if m.group))

    def providers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.provider for m in self.measures if m.provider))

    def search(
        self,
        text: str = "",
        category: Category | str | None = None,
        group: str | None = None,
        provider: str | None = None,
        source: str | None = None,
    ) -> tuple[Measure, ...]:
        """The measures matching every word of `text` and every filter given.

        Words match case-insensitively and as parts of words ("lønn" finds "Lønnstilskudd"), in
        name, description, group and note; æ, ø and å may be typed as ae, o and a ("lonn").
        `category`: a Category, its code or its Norwegian label. `group`: the group's name
        (case-insensitive). `provider`: part of the arrangør. `source`: "national" (nasjonal),
        "office" (kontor) or an office's name. Measures whose name matches come first; otherwise
        catalogue order is kept.
        """
        wanted_category = None
        if category is not None and category != "":
            wanted_category = category if isinstance(category, Category) else parse_category(category)
            if wanted_category is None:
                return ()
        words = [w for w in fold(text).split() if w]
        hits: list[tuple[int, int, Measure]] = []
        for index, measure in enumerate(self.measures):
            if wanted_category is not None and measure.category is not wanted_category:
                continue
            if group and fold(group).strip() != fold(measure.group).strip():
                continue
            if provider and fold(provider).strip() not in fold(measure.provider):
                continue
            if source and not _source_matches(measure, source):
                continue
            if words:
                name = fold(measure.name) + " " + fold(measure.id.replace("-", " "))
                haystack = " ".join(
                    (name, fold(measure.description), fold(measure.group), fold(measure.note))
                )
                if not all(_word_in(w, haystack) for w in words):
                    continue
                rank = 0 if all(_word_in(w, name) for w in words) else 1
            else:
                rank = 0
            hits.append((rank, index, measure))
        hits.sort(key=lambda hit: (hit[0], hit[1]))
        return tuple(m for _, _, m in hits)


def _source_matches(measure: Measure, source: str) -> bool:
    key = fold(source).strip()
    if key in ("national", "nasjonal", "nasjonalt"):
        return measure.is_national
    if key in ("office", "kontor", "lokal", "lokalt"):
        return not measure.is_national
    return fold(measure.office).strip() == key


_ASCII_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "ae", "ö": "o", "é": "e"})


def fold(text: str | None) -> str:
    """Lower case, NFC (so a decomposed å is an å), whitespace collapsed."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _word_in(word: str, haystack: str) -> bool:
    return word in haystack or word.translate(_ASCII_FOLD) in haystack.translate(_ASCII_FOLD)


# ---------------------------------------------------------------------------- category names

_CATEGORY_SYNONYMS: dict[str, Category] = {
    "arbeidsrettet": Category.WORK_DIRECTED,
    "arbeidsrettede tiltak": Category.WORK_DIRECTED,
    "arbeidsrettet tiltak": Category.WORK_DIRECTED,
    "arbeidstiltak": Category.WORK_DIRECTED,
    "arbeidssoking": Category.JOB_SEEKING,
    "jobbsoking": Category.JOB_SEEKING,
    "jobbsok": Category.JOB_SEEKING,
    "arbeid": Category.PAID_WORK,
    "lonnet arbeid": Category.PAID_WORK,
    "inntektsgivende arbeid": Category.PAID_WORK,
    "ordinaert arbeid": Category.PAID_WORK,
    "laretid": Category.PAID_WORK,
    "laerling": Category.PAID_WORK,
    "andre tiltak": Category.SUPPORTING,
    "annet tiltak": Category.SUPPORTING,
    "annet": Category.SUPPORTING,
    "stottende": Category.SUPPORTING,
    "stottende tiltak": Category.SUPPORTING,
    "stottetiltak": Category.SUPPORTING,
    "helse": Category.HEALTH,
    "helsehjelp": Category.HEALTH,
    "helsetiltak": Category.HEALTH,
    "behandling": Category.HEALTH,
    "oppfolging": Category.FOLLOW_UP,
    "individuell oppfolging": Category.FOLLOW_UP,
}


def _category_key(text: str) -> str:
    return fold(text).translate(_ASCII_FOLD).replace("_", " ").replace("-", " ").strip()


_CATEGORY_BY_KEY: dict[str, Category] = {
    **{_category_key(k): v for k, v in _CATEGORY_SYNONYMS.items()},
    **{_category_key(label): cat for cat, label in CATEGORY_LABELS_NB.items()},
    **{_category_key(cat.value): cat for cat in Category},
}


def parse_category(text: str) -> Category | None:
    """A category from its code (`work_directed`), its Norwegian label or a common synonym."""
    return _CATEGORY_BY_KEY.get(" ".join(_category_key(text).split()))


def _category_choices() -> str:
    return ", ".join(f"{c.value} ({CATEGORY_LABELS_NB[c]})" for c in Category)


# --------------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class CatalogueProblem:
    """One problem in a catalogue file. `row` as Excel shows it (header = 1); None for the file."""

    message: str
    row: int | None = None
    column: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column:
            where.append(f"kolonne «{_COLUMN_LABELS.get(self.column, self.column)}»")
        if not where:
            return self.message
        place = ", ".join(where)
        return f"{place[0].upper()}{place[1:]}: {self.message}"


@dataclass(frozen=True)
class CatalogueResult:
    """What `parse_catalogue` found. Either `measures` (no errors) or `errors`, never both.

    `unreadable` is set when the file could not be read as a spreadsheet at all (not a spreadsheet,
    too big, empty): the command line exits 2 for that, 1 for row errors.
    """

    measures: tuple[Measure, ...] = ()
    errors: tuple[CatalogueProblem, ...] = ()
    warnings: tuple[CatalogueProblem, ...] = ()
    unreadable: bool = False
    rows: int = 0  # data rows read (empty rows not counted)
    file_format: str = ""  # "CSV" or "XLSX"
    encoding: str | None = None  # for CSV: "UTF-8", "UTF-8 med BOM", "Windows-1252", "UTF-16"
    delimiter: str | None = None  # for CSV

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def catalogue(self) -> Catalogue | None:
        return Catalogue(self.measures) if self.ok else None


class CatalogueError(ValueError):
    """A catalogue that must load (the national one) has errors."""

    def __init__(self, result: CatalogueResult, name: str):
        self.result = result
        super().__init__(f"{name}: " + "; ".join(str(p) for p in result.errors))


def unreadable_result(message: str, **info: Any) -> CatalogueResult:
    """The result for a file that cannot be read as a catalogue at all."""
    return CatalogueResult(errors=(CatalogueProblem(message),), unreadable=True, **info)


_unreadable = unreadable_result


def check_size(size: int) -> CatalogueResult | None:
    """The "too big" result for a file of `size` bytes, or None: checked before anything is read."""
    if size <= MAX_FILE_BYTES:
        return None
    return unreadable_result(
        f"Filen er for stor ({size / 1024 / 1024:.1f} MB). En katalog kan være høyst "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB og {MAX_ROWS} rader."
    )


# ----------------------------------------------------------------------------------- parsing

_PNG = b"\x89PNG"
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls format
_PDF = b"%PDF"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_catalogue(data: bytes, filename: str = "", today: date | None = None) -> CatalogueResult:
    """Check a catalogue file (CSV or XLSX as bytes) row by row. Pure: no file system access.

    `filename` is used only to tell an XLSX from a CSV when the content does not, and in messages.
    `today` (default: today's date) is only for the warning about measures no longer valid.
    """
    too_big = check_size(len(data))
    if too_big is not None:
        return too_big
    if not data.strip():
        return _unreadable("Filen er tom.")
    lower = filename.lower()
    if data.startswith(_ZIP) or lower.endswith((".xlsx", ".xlsm")):
        if not data.startswith(_ZIP):
            return _unreadable("Filen heter .xlsx, men er ikke en Excel-fil (XLSX).", file_format="XLSX")
        table = _read_xlsx(data)
        if isinstance(table, CatalogueResult):
            return table
        return _check_table(table, today, file_format="XLSX")
    if data.startswith(_OLE2) or lower.endswith(".xls"):
        return _unreadable(
            "Det gamle Excel-formatet (.xls) kan ikke leses. Lagre filen som Excel-arbeidsbok (.xlsx) "
            "eller som CSV."
        )
    if data.startswith((_PNG, _PDF, b"\xff\xd8\xff", b"GIF8")):
        return _unreadable("Filen er ikke et regneark (CSV eller XLSX), men et bilde eller en PDF.")
    decoded = _decode(data)
    if decoded is None:
        return _unreadable("Filen er ikke et regneark: den er ikke tekst (CSV) og ikke en Excel-fil (XLSX).")
    text, encoding = decoded
    delimiter = _sniff_delimiter(text)
    info = {"file_format": "CSV", "encoding": encoding, "delimiter": delimiter}
    table = _read_csv(text, delimiter)
    if isinstance(table, CatalogueResult):
        return replace(table, **info)
    return _check_table(table, today, **info)


def _decode(data: bytes) -> tuple[str, str] | None:
    """Text from UTF-16 (BOM), UTF-8 (with or without BOM) or Windows-1252; None if not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            return None
    else:
        try:
            text = data.decode("utf-8-sig")
            encoding = "UTF-8 med BOM" if data.startswith(b"\xef\xbb\xbf") else "UTF-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "Windows-1252"
            except UnicodeDecodeError:
                return None
    if _CONTROL.search(text):  # NUL and friends: binary data, not a spreadsheet saved as text
        return None
    return text, encoding


def _sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the header line has most of, outside quotes."""
    header = _first_record(text)
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _first_record(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return re.sub(r'"[^"]*"', "", line)
    return ""


Table = list[tuple[int, list[Any]]]  # (row number as Excel shows it, cells)


def _read_csv(text: str, delimiter: str) -> Table | CatalogueResult:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False)
    table: Table = []
    try:
        for number, record in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                return _too_many_rows()
            table.append((number, record))
    except csv.Error as exc:
        return _unreadable(f"Filen kan ikke leses som CSV: {exc}.")
    return table


def _too_many_rows() -> CatalogueResult:
    return _unreadable(f"Filen har for mange rader: en katalog kan ha høyst {MAX_ROWS} tiltak.")


def _read_xlsx(data: bytes) -> Table | CatalogueResult:
    from openpyxl import load_workbook  # only needed for XLSX

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (BadZipFile, KeyError, …) on a broken zip
        return _unreadable(
            f"Filen kan ikke leses som Excel-arbeidsbok (XLSX): {type(exc).__name__}.", file_format="XLSX"
        )
    try:
        if not workbook.worksheets:
            return _unreadable("Excel-filen har ingen regneark.", file_format="XLSX")
        sheet = workbook.worksheets[0]
        table: Table = []
        for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            if number > MAX_ROWS + 1:
                if any(_cell_text(v) for v in values):
                    return _too_many_rows()
                continue  # formatted but empty rows far down: Excel does that
            table.append((number, list(values)))
        return table
    except Exception as exc:
        return _unreadable(
            f"Filen kan ikke leses som Excel-arbeidsbok (XLSX): {type(exc).__name__}.", file_format="XLSX"
        )
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """A cell as clean text: outer spaces gone, Windows line breaks as \\n, numbers without .0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def _header_key(text: Any) -> str:
    key = _cell_text(text).lstrip("\ufeff").casefold().translate(_ASCII_FOLD)
    key = re.sub(r"[\s\-./]+", "_", key).strip("_")
    return _HEADER_ALIASES.get(key, key)


def _check_table(table: Table, today: date | None, **info: Any) -> CatalogueResult:
    errors: list[CatalogueProblem] = []
    warnings: list[CatalogueProblem] = []
    rows = [(n, cells) for n, cells in table if any(_cell_text(c) for c in cells)]
    if not rows:
        return _unreadable("Filen er tom: den har verken overskrifter eller tiltak.", **info)
    header_row, header_cells = rows[0]
    columns: dict[str, int] = {}
    for index, cell in enumerate(header_cells):
        key = _header_key(cell)
        if not key:
            continue
        if key in columns:
            errors.append(CatalogueProblem(f"Kolonnen «{_cell_text(cell)}» finnes to ganger.", header_row, key))
        elif key not in HEADERS:
            warnings.append(
                CatalogueProblem(f"Ukjent kolonne «{_cell_text(cell)}» blir ikke lest.", header_row, _cell_text(cell))
            )
        else:
            columns[key] = index
    missing = [h for h in REQUIRED_HEADERS if h not in columns]
    for name in missing:
        errors.append(
            CatalogueProblem(
                f"Kolonnen «{name}» mangler i overskriftsraden. Overskriftene må være: {', '.join(HEADERS)}"
                f" (påkrevd: {', '.join(REQUIRED_HEADERS)}).",
                header_row,
                name,
            )
        )
    if missing and not any(_header_key(c) in HEADERS for c in header_cells):
        # Nothing in the first row looks like a header: say so once, plainly.
        errors = [
            CatalogueProblem(
                "Første rad må være overskriftene (id, navn, kategori, …), men ingen av dem ble funnet. "
                f"Overskriftene skal være: {', '.join(HEADERS)}.",
                header_row,
            )
        ]
    if errors:
        return CatalogueResult(errors=tuple(errors), warnings=tuple(warnings), rows=len(rows) - 1, **info)
    data_rows = rows[1:]
    if not data_rows:
        return CatalogueResult(
            errors=(CatalogueProblem("Filen har overskrifter, men ingen tiltak.", None),),
            rows=0,
            **info,
        )

    today = today or date.today()
    measures: list[Measure] = []
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for number, cells in data_rows:
        row_errors, row_warnings, measure = _check_row(number, cells, columns, len(header_cells), today)
        errors.extend(row_errors)
        warnings.extend(row_warnings)
        if measure is None:
            continue
        if measure.id in seen_ids:
            errors.append(
                CatalogueProblem(
                    f"Id «{measure.id}» er brukt før, i rad {seen_ids[measure.id]}. Hver id må være unik.",
                    number,
                    "id",
                )
            )
            continue
        seen_ids[measure.id] = number
        name_key = fold(measure.name)
        if name_key in seen_names:
            warnings.append(
                CatalogueProblem(
                    f"Navnet «{measure.name}» er brukt før, i rad {seen_names[name_key]}.", number, "navn"
                )
            )
        else:
            seen_names[name_key] = number
        measures.append(measure)
    if errors:
        return CatalogueResult(errors=tuple(errors), warnings=tuple(warnings), rows=len(data_rows), **info)
    return CatalogueResult(
        measures=tuple(measures), warnings=tuple(warnings), rows=len(data_rows), **info
    )


def _check_row(
    number: int, cells: list[Any], columns: dict[str, int], width: int, today: date
) -> tuple[list[CatalogueProblem], list[CatalogueProblem], Measure | None]:
    errors: list[CatalogueProblem] = []
    warnings: list[CatalogueProblem] = []

    def raw(column: str) -> Any:
        index = columns.get(column)
        return cells[index] if index is not None and index < len(cells) else None

    def text(column: str) -> str:
        return _cell_text(raw(column))

    def error(column: str | None, message: str) -> None:
        errors.append(CatalogueProblem(message, number, column))

    extra = [c for c in cells[width:] if _cell_text(c)]
    if extra:
        error(
            None,
            f"Raden har flere celler ({width + len(extra)}) enn det er overskrifter ({width}). "
            "Står det et komma eller semikolon i en tekst uten anførselstegn rundt? "
            "De andre kolonnene i raden er ikke sjekket.",
        )
        return errors, warnings, None  # the columns are shifted: anything more would be noise

    measure_id = text("id")
    if not measure_id:
        error("id", "Id mangler. Hvert tiltak må ha en id, f.eks. «" + (slugify(text("navn")) or "mitt-tiltak") + "».")
    elif not ID_PATTERN.match(measure_id):
        error(
            "id",
            f"Ugyldig id «{measure_id}»: bruk små bokstaver a–z, tall og bindestrek, "
            f"f.eks. «{slugify(measure_id) or 'mitt-tiltak'}».",
        )
    name = text("navn")
    if not name:
        error("navn", "Navn mangler.")

    category_text = text("kategori")
    category = None
    if not category_text:
        error("kategori", f"Kategori mangler. Bruk en av: {_category_choices()}.")
    else:
        category = parse_category(category_text)
        if category is None:
            error("kategori", f"Ukjent kategori «{category_text}». Bruk en av: {_category_choices()}.")

    hours = None
    hours_raw = raw("timer_per_uke")
    hours_text = _cell_text(hours_raw)
    if hours_text:
        hours = _parse_hours(hours_raw)
        if hours is None:
            error("timer_per_uke", f"«{hours_text}» er ikke et tall. Skriv timer per uke som f.eks. 7,5.")
        elif not (0 <= hours <= MAX_HOURS_PER_WEEK):
            error(
                "timer_per_uke",
                f"{_format_hours(hours)} timer per uke er utenfor 0–37,5 (full tid i programmet er 37,5 timer).",
            )
            hours = None

    valid_from = _date_column(raw("gyldig_fra"), "gyldig_fra", error)
    valid_to = _date_column(raw("gyldig_til"), "gyldig_til", error)
    if valid_from and valid_to and valid_to < valid_from:
        error("gyldig_til", f"Gyldig til ({valid_to:%d.%m.%Y}) er før gyldig fra ({valid_from:%d.%m.%Y}).")
    if valid_to and valid_to < today and not errors:
        warnings.append(
            CatalogueProblem(
                f"Tiltaket gjaldt bare til {valid_to:%d.%m.%Y} og blir ikke foreslått i nye planer.",
                number,
                "gyldig_til",
            )
        )
    if category is not None and hours is not None and hours > 0 and category is Category.PAID_WORK:
        if hours > MAX_HOURS_PER_WEEK / 2:
            warnings.append(
                CatalogueProblem(
                    f"Arbeid kan utgjøre høyst 50 % (18,75 timer per uke) ved siden av programmet; "
                    f"{_format_hours(hours)} timer er mer.",
                    number,
                    "timer_per_uke",
                )
            )

    if errors or category is None:
        return errors, warnings, None
    return (
        errors,
        warnings,
        Measure(
            id=measure_id,
            name=name,
            category=category,
            group=text("gruppe"),
            description=text("beskrivelse"),
            legal_basis=text("hjemmel"),
            provider=text("arrangor"),
            hours_per_week=hours,
            duration=text("varighet"),
            note=text("merknad"),
            source=text("kilde"),
            office=text("kontor"),
            valid_from=valid_from,
            valid_to=valid_to,
        ),
    )


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def _parse_hours(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    text = _cell_text(value).replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def _format_hours(hours: Decimal) -> str:
    """7.5 → "7,5" for messages."""
    return format_decimal(hours).replace(".", ",")


def format_decimal(value: Decimal) -> str:
    """A decimal as plain text without exponent or trailing zeros: 7.50 → "7.5", 10 → "10"."""
    return format(value.normalize(), "f")


_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _date_column(value: Any, column: str, error) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value)
    if not text:
        return None
    try:
        match = _NORWEGIAN_DATE.match(text)
        if match:  # what Norwegian Excel writes in a CSV: 31.12.2026
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    error(column, f"«{text}» er ikke en gyldig dato. Skriv datoen som ÅÅÅÅ-MM-DD (f.eks. 2026-01-31) eller 31.01.2026.")
    return None


_SLUG_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def slugify(text: str) -> str:
    """A stable id from a name: lower-case ascii and hyphens (æ→ae, ø→o, å→a)."""
    folded = fold(text).translate(_SLUG_FOLD)
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


# ----------------------------------------------------------------------------- the national list


@lru_cache(maxsize=4)
def load_national_catalogue(path: Path | str | None = None) -> Catalogue:
    """The national catalogue (`catalogue/tiltak.csv`). Raises CatalogueError if it has errors."""
    file = Path(path) if path is not None else NATIONAL_CATALOGUE_PATH
    result = parse_catalogue(file.read_bytes(), file.name)
    if not result.ok:
        raise CatalogueError(result, str(file))
    return Catalogue(result.measures)


# ----------------------------------------------------------------------------------- export


def measure_to_row(measure: Measure) -> dict[str, str]:
    """One measure as a row with the Norwegian headers; every value text (empty when unset)."""
    return {
        "id": measure.id,
        "navn": measure.name,
        "kategori": measure.category.value,
        "gruppe": measure.group,
        "beskrivelse": measure.description,
        "hjemmel": measure.legal_basis,
        "arrangor": measure.provider,
        "timer_per_uke": "" if measure.hours_per_week is None else format_decimal(measure.hours_per_week),
        "varighet": measure.duration,
        "merknad": measure.note,
        "kilde": measure.source,
        "kontor": measure.office,
        "gyldig_fra": measure.valid_from.isoformat() if measure.valid_from else "",
        "gyldig_til": measure.valid_to.isoformat() if measure.valid_to else "",
    }


def catalogue_to_rows(catalogue: Catalogue | Iterable[Measure]) -> list[dict[str, str]]:
    """The catalogue as rows keyed by `HEADERS`, in order: what `parse_catalogue` reads back.

    Raw values, not made safe for spreadsheets: an export must neutralise formula injection.
    """
    return [measure_to_row(m) for m in catalogue]


# -- the rows of a file, for previews that speak row by row ---------------------------------------


@dataclass(frozen=True)
class FileRows:
    """What each row of a catalogue file holds, for an import preview.

    `measures`: (Excel row number, measure) for every row without an error — in a file with errors
    those rows are checked again on their own, so a preview can say what they would do once the
    bad rows are fixed. `typed`: row number → (id, name) as typed, to name rejected rows.
    `complete` is False when the good rows could not be worked out (then `measures` is empty).
    """

    measures: tuple[tuple[int | None, Measure], ...]
    typed: dict[int, tuple[str, str]]
    complete: bool


def read_rows(data: bytes, filename: str, result: CatalogueResult, today: date | None = None) -> FileRows:
    """Row by row what `parse_catalogue(data, filename)` (which gave `result`) read."""
    rows = _content_rows(data, filename)
    if rows is None:
        measures = tuple((None, m) for m in result.measures)
        return FileRows(measures, {}, result.ok)
    header, body = rows[0], rows[1:]
    keys = [_header_key(c) for c in header[1]]
    typed = {}
    for number, cells in body:
        values = {k: _cell_text(cells[i]) if i < len(cells) else "" for i, k in enumerate(keys)}
        typed[number] = (values.get("id", ""), values.get("navn", ""))
    if result.ok:
        numbers = [n for n, _ in body]
        if len(numbers) == len(result.measures):
            return FileRows(tuple(zip(numbers, result.measures)), typed, True)
        return FileRows(tuple((None, m) for m in result.measures), typed, True)
    bad = {p.row for p in result.errors if p.row is not None}
    good = [(n, cells) for n, cells in body if n not in bad]
    if not good:
        return FileRows((), typed, True)
    partial = _check_table([header, *good], today, file_format=result.file_format)
    if not partial.ok or len(partial.measures) != len(good):
        return FileRows((), typed, False)
    return FileRows(tuple((n, m) for (n, _), m in zip(good, partial.measures)), typed, True)


def _content_rows(data: bytes, filename: str) -> Table | None:
    """The file's non-empty rows with their Excel row numbers, header first; None if unreadable."""
    if data.startswith(_ZIP) or filename.lower().endswith((".xlsx", ".xlsm")):
        table = _read_xlsx(data)
    else:
        decoded = _decode(data)
        if decoded is None:
            return None
        text, _ = decoded
        table = _read_csv(text, _sniff_delimiter(text))
    if isinstance(table, CatalogueResult):
        return None
    rows = [(n, cells) for n, cells in table if any(_cell_text(c) for c in cells)]
    return rows or None
