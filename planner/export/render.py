"""Typst → PDF (tagged, PDF/UA-1) and page previews.

The templates in `templates/` read all their data from `sys.inputs.data`, a JSON string made by
`document.py`: user text never becomes Typst markup, so `#set page(...)`, `$x$`, `*bold*`, `@ref`
or `<label>` in a name or a goal print as the characters they are.

Fonts: the document is set in Source Sans Pro (the typeface of NAV's design system, a clear sans
with æ, ø and å), shipped in `fonts/` (regular, italic, bold; SIL Open Font License, `fonts/OFL.txt`;
taken unmodified from the `font-source-sans-pro` package on PyPI). Typst is given only that folder
and its own embedded fonts — system fonts are never scanned — so a PDF looks the same on every
machine and compiling stays fast. Were the folder missing, DejaVu Sans (Debian's
fonts-dejavu-core) and then Typst's built-in Libertinus Serif stand in.

Previews: `render_pages_png` uses poppler's `pdftoppm` (Debian poppler-utils): it renders the very
PDF a user gets. Typst's own PNG output would need the template data and a second compile, and
could differ from the PDF. Without pdftoppm it raises `ExportError`.

Typst itself enforces PDF/UA-1 while compiling: a missing title or alt text, or a skipped heading
level, is a compile error (so a template change cannot quietly break those).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import typst

from planner.model import Plan
from planner.params import Parameters

TEMPLATE_DIR = Path(__file__).parent / "templates"
FONT_DIR = Path(__file__).parent / "fonts"
PDF_STANDARDS = ["ua-1"]
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class FontChoice:
    family: str
    directory: str | None  # handed to Typst (None: its embedded fonts) and to vl-convert, which
    # measures the chart's text with the same font


@lru_cache(maxsize=1)
def font_choice() -> FontChoice:
    if (FONT_DIR / "SourceSansPro-Regular.otf").is_file():
        return FontChoice("Source Sans Pro", str(FONT_DIR))
    if (DEJAVU_DIR / "DejaVuSans.ttf").is_file():
        return FontChoice("DejaVu Sans", str(DEJAVU_DIR))
    return FontChoice("Libertinus Serif", None)


class ExportError(RuntimeError):
    """Typst could not make the document (a bug in a template, never the user's text)."""


def compile_template(name: str, data: dict) -> bytes:
    """Compile `templates/<name>.typ` with `data` as `sys.inputs.data`, to a PDF/UA-1 document."""
    font = font_choice()
    payload = dict(data, font=font.family)
    try:
        return typst.compile(
            str(TEMPLATE_DIR / f"{name}.typ"),
            root=str(TEMPLATE_DIR),
            font_paths=[font.directory] if font.directory else [],
            ignore_system_fonts=True,
            sys_inputs={"data": json.dumps(payload, ensure_ascii=False)},
            pdf_standards=PDF_STANDARDS,
            timestamp=_timestamp(data.get("today")),
        )
    except typst.TypstError as exc:  # pragma: no cover - a template bug
        raise ExportError(f"Typst: {exc.message}\n{exc.diagnostic}") from exc


def _timestamp(today: str | None) -> int | None:
    """The PDF's creation date: noon UTC on the printed date, so the same input gives the same bytes."""
    if not today:
        return None
    day = date.fromisoformat(today)
    from datetime import datetime, timezone

    return int(datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc).timestamp())


# -- the public functions ----------------------------------------------------------------------------


def chart_svg_for(plan: Plan, params: Parameters, language: str) -> str | None:
    """The timeline SVG in the document's font, or None when the plan has nothing to draw."""
    from planner.export.chart import timeline_svg

    if not plan.periods and not plan.activities:
        return None
    font = font_choice()
    return timeline_svg(plan, params, language, font=font.family, font_dir=font.directory)


def render_plan_pdf(plan: Plan, params: Parameters, *, copy: str = "participant", language: str | None = None, today: date) -> bytes:
    """The plan as a tagged PDF (PDF/UA-1): the participant's copy or the case copy."""
    from planner.export.document import build_plan_document, resolve_language

    lang = resolve_language(plan, copy, language)
    data = build_plan_document(plan, params, copy=copy, language=lang, today=today, chart_svg=chart_svg_for(plan, params, lang))
    return compile_template("plan", data)


def render_deltakerbevis_pdf(
    plan: Plan, params: Parameters, *, language: str | None = None, today: date, own_words: str | None = None
) -> bytes:
    """The deltakerbevis (forskrift § 1) as a tagged PDF (PDF/UA-1)."""
    from planner.export.document import build_deltakerbevis_document

    data = build_deltakerbevis_document(plan, params, language=language, today=today, own_words=own_words)
    return compile_template("deltakerbevis", data)


def render_pages_png(pdf_bytes: bytes, dpi: int = 60) -> list[bytes]:
    """Every page of a PDF as PNG, for previews, with poppler's `pdftoppm`."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise ExportError("pdftoppm finnes ikke (Debian-pakken poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="kvp-preview-") as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf_bytes)
        result = subprocess.run(
            [tool, "-png", "-r", str(int(dpi)), str(source), str(Path(folder) / "page")],
            capture_output=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise ExportError(f"pdftoppm: {result.stderr.decode(errors='replace').strip()}")
        pages = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [p.read_bytes() for p in pages]
