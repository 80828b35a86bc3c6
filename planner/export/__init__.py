"""The plan on paper: tagged PDFs (PDF/UA-1) made with Typst, and the vedtak basis as text.

    from planner.export import render_plan_pdf, render_deltakerbevis_pdf, vedtak_basis_text
    pdf = render_plan_pdf(plan, load_parameters(), copy="participant", today=date.today())

See `docs/export.md`. `build_plan_document` / `build_deltakerbevis_document` give the data the
templates receive (pure); `render_*` compile it; `render_pages_png` makes previews.
"""

from planner.export.chart import timeline_alt_text, timeline_chart, timeline_spec, timeline_svg
from planner.export.document import build_deltakerbevis_document, build_plan_document, phases
from planner.export.messages import LANGUAGES, Messages, catalogue
from planner.export.vedtak import vedtak_basis_text
from planner.export.render import (
    ExportError,
    font_choice,
    render_deltakerbevis_pdf,
    render_pages_png,
    render_plan_pdf,
)

__all__ = [
    "LANGUAGES",
    "ExportError",
    "Messages",
    "build_deltakerbevis_document",
    "build_plan_document",
    "catalogue",
    "font_choice",
    "phases",
    "render_deltakerbevis_pdf",
    "render_pages_png",
    "render_plan_pdf",
    "timeline_alt_text",
    "timeline_chart",
    "timeline_spec",
    "timeline_svg",
    "vedtak_basis_text",
]
