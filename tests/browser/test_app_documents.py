"""The Dokumenter page in Debian's Chromium: make the participant's copy in nynorsk, see its pages,
download it; the case copy and the deltakerbevis; the participant view. axe on both views.

Screenshots: test-artifacts/screenshots/app-2*-dokumenter-*.png. The time from a click on a
"Lag …" button to the last preview image loaded is written to
test-artifacts/timings/app-documents.txt (figures, never assertions).
"""

from __future__ import annotations

import re
import time

import pytest

from tests.support import artifacts_dir
from tests.support.app_flows import check_axe, create_plan_from_template, go
from tests.support.browser import screenshot, wait_for_streamlit

pytestmark = pytest.mark.browser

# Every <img> in `box` has loaded and has a size (a broken image has naturalWidth 0).
_IMAGES_LOADED_JS = """
([selector, count]) => {
  const imgs = [...document.querySelectorAll(selector + ' img')];
  return imgs.length === count && imgs.every(i => i.complete && i.naturalWidth > 0);
}
"""


# ------------------------------------------------------------------------------ helpers


def make(page, document: str, button: str, pages_expected: int | None = None) -> tuple[float, int]:
    """Click the document's "Lag …" button; wait for its preview. (seconds to the last image, pages)"""
    box = f".st-key-doc_box_{document}"
    started = time.monotonic()
    page.locator(box).get_by_role("button", name=button).click()
    page.locator(f"{box} img").first.wait_for(timeout=60_000)
    count = page.locator(f"{box} [data-testid='stImageCaption']").first.inner_text()
    total = int(re.search(r"av (\d+)", count).group(1))
    page.wait_for_function(_IMAGES_LOADED_JS, arg=[box, total], timeout=60_000, polling=50)
    seconds = time.monotonic() - started
    wait_for_streamlit(page)
    if pages_expected is not None:
        assert total == pages_expected
    return seconds, total


def download(page, document: str, label: str):
    with page.expect_download() as info:
        page.locator(f".st-key-doc_box_{document}").get_by_role("button", name=label).click()
    download = info.value
    data = open(download.path(), "rb").read()
    return download.suggested_filename, data


# ------------------------------------------------------------------------------ the test


def test_documents_page_previews_and_downloads(streamlit_server, page):
    timings: list[str] = []
    create_plan_from_template(page, streamlit_server)
    go(page, "dokumenter")
    page.get_by_role("heading", name="Dokumenter", level=1).wait_for()
    # Nothing is made before it is asked for; the vedtak basis (text) is there at once.
    assert page.locator('[data-testid="stMain"] img').count() == 0
    assert "statsforvalteren" in page.locator('[data-testid="stCode"]').inner_text()

    # 1. The participant's copy in nynorsk.
    participant = page.locator(".st-key-doc_box_participant")
    participant.get_by_role("radiogroup", name="Språk").get_by_text("Nynorsk", exact=True).click()
    wait_for_streamlit(page)
    seconds, total = make(page, "participant", "Lag PDF og forhåndsvisning")
    timings.append(f"deltakerens eksemplar (nn), {total} sider: {seconds:.2f} s")
    assert total > 1
    alts = participant.locator("img").evaluate_all("imgs => imgs.map(i => i.alt)")
    assert alts == [f"Side {n} av {total} av planen" for n in range(1, total + 1)]
    widths = participant.locator("img").evaluate_all("imgs => imgs.map(i => i.naturalWidth)")
    assert all(w > 400 for w in widths), widths
    # Two pages side by side.
    first, second = (participant.locator("img").nth(i).bounding_box() for i in range(2))
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"] + first["width"] - 1

    name, data = download(page, "participant", "Last ned planen (PDF)")
    assert name == "kvp-plan-AB-deltaker-nn.pdf"
    assert data.startswith(b"%PDF")
    shot = screenshot(page, "app-20-dokumenter-nynorsk")
    assert shot.stat().st_size > 0
    check_axe(page, "app-dokumenter")

    # 2. The case copy and the deltakerbevis (with the participant's own words).
    seconds, total = make(page, "case", "Lag PDF og forhåndsvisning")
    timings.append(f"saksbehandlerens eksemplar (nb), {total} sider: {seconds:.2f} s")
    name, data = download(page, "case", "Last ned saksbehandlerens eksemplar (PDF)")
    assert name == "kvp-plan-AB-sak.pdf" and data.startswith(b"%PDF")

    page.get_by_role("textbox", name="Med dine egne ord").fill("Jeg har lært mye om å lage mat.")
    page.get_by_role("heading", name="Deltakerbevis").click()  # leave the field: Streamlit gets the text
    wait_for_streamlit(page)
    seconds, total = make(page, "deltakerbevis", "Lag PDF og forhåndsvisning")
    timings.append(f"deltakerbevis (nb), {total} sider: {seconds:.2f} s")
    name, data = download(page, "deltakerbevis", "Last ned deltakerbeviset (PDF)")
    assert name == "kvp-deltakerbevis-AB-nb.pdf" and data.startswith(b"%PDF")

    name, data = download(page, "vedtak", "Last ned som tekstfil (.txt)")
    assert name == "kvp-vedtaksgrunnlag-AB-periode-1.txt" and "statsforvalteren" in data.decode("utf-8")
    screenshot(page, "app-21-dokumenter-alle")
    check_axe(page, "app-dokumenter-alle")

    # 3. Made again for the same plan: from the cache.
    go(page, "stonad")
    go(page, "dokumenter")
    started = time.monotonic()
    page.wait_for_function(_IMAGES_LOADED_JS, arg=[".st-key-doc_box_participant", len(alts)], timeout=30_000)
    timings.append(f"tilbake til siden, alle forhåndsvisninger fra hurtigbufferen: {time.monotonic() - started:.2f} s")

    # 4. The participant view: only their documents, in plain words.
    page.locator('[data-testid="stSidebar"]').get_by_text("Deltakervisning").click()
    wait_for_streamlit(page)
    page.get_by_role("heading", name="Ta med planen hjem", level=1).wait_for()
    headings = page.locator('[data-testid="stMain"] h2').all_inner_texts()
    assert [h.strip() for h in headings] == ["Planen din", "Deltakerbevis"], headings
    assert page.locator('[data-testid="stCode"]').count() == 0
    screenshot(page, "app-22-dokumenter-deltaker")
    check_axe(page, "app-deltaker-dokumenter")

    (artifacts_dir("timings") / "app-documents.txt").write_text("\n".join(timings) + "\n", encoding="utf-8")
    print("\n" + "\n".join(timings))
