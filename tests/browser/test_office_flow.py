"""The office in the real app, in Debian's Chromium: two people sign in through OpenID Connect,
both edit the same saved plan, the second save meets a conflict and is resolved explicitly, and a
catalogue spreadsheet is previewed row by row before anything is saved.

The identity provider is `oidc-provider-mock` in a thread of this process: its authorization form
lists the predefined users (subject + claims `name`, `office`, `roles`), and the test clicks one.
Streamlit gets an `[auth]` secrets file through `--secrets.files` (redirect_uri
`http://localhost:{port}/oauth2callback`; the browser uses `localhost` so the cookies match) and
its own database through DATABASE_URL — a temp SQLite file, and a fresh PostgreSQL database
when the server binaries are there (marker `postgres`).

Screenshots: test-artifacts/screenshots/office-*.png; axe reports: test-artifacts/axe/office-*.json.
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
from pathlib import Path

import pytest

from planner.catalogue import HEADERS
from planner.planfile import parse_plan
from planner.sample_data import sample_plans
from planner.storage import MeasureStatus, Role, open_store
from tests.support.axe import format_violations, run_axe, serious_violations
from tests.support.browser import new_context, screenshot, wait_for_streamlit

pytestmark = pytest.mark.browser

OFFICE = "NAV Testby"
USERS = {
    "vera": {"name": "Vera Veileder", "office": OFFICE, "roles": ["veileder"]},
    "frida": {"name": "Frida Fagansvarlig", "office": OFFICE, "roles": ["fagansvarlig"]},
}
NOTE_LABEL = "Notat (vises ikke i deltakervisningen)"


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture
def oidc_provider(monkeypatch):
    """The mock identity provider on a free port of localhost; yields its base URL."""
    from oidc_provider_mock import User, run_server_in_thread

    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on localhost, for the provider
    users = [User(sub=sub, claims=claims) for sub, claims in USERS.items()]
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kvp.sqlite'}"
    return request.getfixturevalue("fresh_postgres_url")


@pytest.fixture
def office_app(tmp_path, oidc_provider, db_url, streamlit_server_factory):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        textwrap.dedent(
            f'''
            [auth]
            redirect_uri = "http://localhost:{{port}}/oauth2callback"
            cookie_secret = "kvp-test-cookie-secret-0123456789abcdef"
            client_id = "kvp-planleggeren"
            client_secret = "test-secret"
            server_metadata_url = "{oidc_provider}/.well-known/openid-configuration"
            '''
        ),
        encoding="utf-8",
    )
    server = streamlit_server_factory(
        env={"DATABASE_URL": db_url, "AUTHLIB_INSECURE_TRANSPORT": "1"},
        args=["--secrets.files", str(secrets)],
        name="office",
    )
    return f"http://localhost:{server.port}", server


@pytest.fixture
def store(db_url):
    opened = open_store(db_url)
    yield opened
    opened.close()


# ------------------------------------------------------------------------------- helpers


def go(page, url_path: str) -> None:
    page.locator(f'[data-testid="stSidebarNav"] a[href$="/{url_path}"]').click()
    wait_for_streamlit(page)


def sidebar_text(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def check_axe(page, name: str) -> None:
    bad = serious_violations(run_axe(page, name))
    assert not bad, f"{name}:\n{format_violations(bad)}"


def sign_in(page, base: str, sub: str) -> None:
    page.goto(f"{base}/saker")
    wait_for_streamlit(page)
    assert "Ikke logget inn" in sidebar_text(page)
    page.get_by_role("button", name="Logg inn").first.click()
    # The provider's form: one button per predefined user (subject).
    page.get_by_role("button", name=sub, exact=True).click()
    page.wait_for_url(re.compile(rf"^{re.escape(base)}/?(\?.*)?$"))
    wait_for_streamlit(page)
    assert USERS[sub]["name"] in sidebar_text(page)


def open_first_plan(page) -> None:
    go(page, "saker")
    page.get_by_role("button", name="Åpne i planleggeren").click()
    wait_for_streamlit(page)
    page.get_by_role("heading", name="Program", level=1).wait_for()


def write_note(page, text: str) -> None:
    go(page, "soknad")
    field = page.get_by_role("textbox", name=NOTE_LABEL)
    field.fill(text)
    field.press("Tab")
    wait_for_streamlit(page)


def save(page, comment: str) -> None:
    go(page, "lagre")
    page.get_by_role("textbox", name="Kommentar til versjonen").fill(comment)
    page.get_by_role("textbox", name="Kommentar til versjonen").press("Tab")
    wait_for_streamlit(page)
    page.get_by_role("button", name=re.compile(r"^(save)?\s*Lagre som versjon \d+$")).click()
    wait_for_streamlit(page)


def catalogue_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(HEADERS), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({h: row.get(h, "") for h in HEADERS})
    return buffer.getvalue().encode("utf-8")


def upload_catalogue(page, name: str, data: bytes) -> None:
    go(page, "dugnad")
    page.get_by_role("tab", name="Les inn regneark").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    wait_for_streamlit(page)
    page.get_by_text(f"Forhåndsvisning av «{name}»").wait_for()


# --------------------------------------------------------------------------------- the flow


def test_sign_in_save_conflict_and_import_preview(office_app, store, browser, page, db_url):
    base, server = office_app
    kind = "pg" if db_url.startswith("postgres") else "sqlite"
    plans = sample_plans()
    vera = store.ensure_actor("vera", USERS["vera"]["name"], OFFICE, Role.VEILEDER)
    first = store.save_plan(vera, plans[0], base_revision=None, comment="Første utkast")
    for plan in plans[1:3]:
        store.save_plan(vera, plan, base_revision=None)

    # -- Vera signs in and sees her caseload.
    sign_in(page, base, "vera")
    go(page, "saker")
    page.get_by_text("3 planer der du er eier").wait_for()
    assert "Revisjonslogg" not in sidebar_text(page)  # a veileder has no audit log
    screenshot(page, f"office-{kind}-1-caseload")
    check_axe(page, f"office-{kind}-caseload")

    # -- She opens the first plan (soonest evaluation: AK), edits it and saves version 2.
    open_first_plan(page)
    write_note(page, "Veras notat")
    go(page, "lagre")
    assert "Ikke lagret: endringer siden versjon 1" in main_text(page)
    save(page, "Notat om vilkårene")
    assert "Lagret som versjon 2" in main_text(page), server.log_tail()
    assert store.load_plan(vera, first.plan_id).plan.eligibility.note == "Veras notat"

    # -- Frida, in her own browser session, opens the same plan and saves version 3.
    frida_context = new_context(browser)
    try:
        other = frida_context.new_page()
        other.set_default_timeout(30_000)
        sign_in(other, base, "frida")
        assert "Revisjonslogg" in sidebar_text(other)
        open_first_plan(other)
        write_note(other, "Fridas notat")
        save(other, "Fagansvarlig har sett på vilkårene")
        assert "Lagret som versjon 3" in main_text(other), server.log_tail()

        # -- Vera edits on top of version 2 and saves: a conflict, nothing written.
        write_note(page, "Veras andre notat")
        save(page, "Mitt notat gjelder")
        text = main_text(page)
        assert "Frida Fagansvarlig lagret versjon 3" in text, text
        assert "Ingenting er lagret" in text
        assert [r.number for r in store.list_revisions(vera, first.plan_id)][0] == 3
        screenshot(page, f"office-{kind}-2-conflict")
        check_axe(page, f"office-{kind}-conflict")

        # Her edits can be taken home as a file …
        with page.expect_download() as info:
            page.get_by_role("button", name="Last ned mine endringer som fil").click()
        mine = parse_plan(Path(info.value.path()).read_bytes())
        assert mine.eligibility.note == "Veras andre notat"
        wait_for_streamlit(page)
        # … and she chooses to save them over the newest, having seen the difference.
        page.get_by_role(
            "button", name=re.compile("Lagre mine endringer som ny versjon over den nyeste")
        ).click()
        wait_for_streamlit(page)
        assert "Lagret som versjon 4" in main_text(page), server.log_tail()
        revisions = store.list_revisions(vera, first.plan_id)
        assert [(r.number, r.author_name) for r in revisions] == [
            (4, "Vera Veileder"), (3, "Frida Fagansvarlig"), (2, "Vera Veileder"), (1, "Vera Veileder"),
        ]
        assert store.load_plan(vera, first.plan_id).plan.eligibility.note == "Veras andre notat"
        page.get_by_role("heading", name="Sammenlign versjoner").wait_for()
        screenshot(page, f"office-{kind}-3-history")
        check_axe(page, f"office-{kind}-history")

        # -- Kreativ dugnad: a spreadsheet with a bad row is previewed, and nothing is saved.
        good = {"id": "sykkelverksted", "navn": "Sykkelverkstedet", "kategori": "arbeidsrettet", "timer_per_uke": "15"}
        bad = {"id": "uten-kategori", "navn": "Uten kategori", "kategori": ""}
        upload_catalogue(page, "tiltak.csv", catalogue_csv([good, bad]))
        text = main_text(page)
        assert "1 nye, 0 endret, 0 uendret, 1 avvist." in text, text
        assert "Rad 3 «Uten kategori»: Kategori: Kategori mangler." in text, text
        assert page.get_by_role("button", name=re.compile("Lagre 1 nye og 0 endrede tiltak")).is_disabled()
        screenshot(page, f"office-{kind}-4-import-preview")
        check_axe(page, f"office-{kind}-dugnad")
        assert store.catalogue.list_measures(vera) == []

        # The fagansvarlig reads the good file in.
        upload_catalogue(other, "tiltak.csv", catalogue_csv([good]))
        other.get_by_role("button", name=re.compile("Lagre 1 nye og 0 endrede tiltak")).click()
        wait_for_streamlit(other)
        assert "er lest inn" in main_text(other), server.log_tail()
        (measure,) = store.catalogue.list_measures(vera)
        assert (measure.id, measure.status) == ("sykkelverksted", MeasureStatus.PUBLISHED)

        # -- The audit log: who read and changed the plan.
        go(other, "revisjonslogg")
        log_text = main_text(other)
        assert re.search(r"Hvem: .*Vera Veileder \(\d+\)", log_text) and "Frida Fagansvarlig (" in log_text, log_text
        screenshot(other, f"office-{kind}-5-audit")
        check_axe(other, f"office-{kind}-audit")
    finally:
        frida_context.close()

    # The server log holds no personal data from the sign-in (names, claims).
    log = Path(server.logfile).read_text(errors="replace")
    assert "Vera Veileder" not in log and "Frida Fagansvarlig" not in log


def test_local_mode_caseload_and_a_new_measure(tmp_path, streamlit_server_factory, page):
    """Without [auth]: one local user (fagansvarlig), said plainly; the sample plans; dugnad."""
    from planner.sample_data import seed

    url = f"sqlite:///{tmp_path / 'kvp.sqlite'}"
    with open_store(url) as store:
        seed(store)
        local = store.local_actor()
    empty = tmp_path / "no-auth.toml"
    empty.write_text("", encoding="utf-8")  # no [auth] (and no developer's ~/.streamlit/secrets.toml)
    server = streamlit_server_factory(env={"DATABASE_URL": url}, args=["--secrets.files", str(empty)], name="office-local")
    page.goto(f"{server.url}/saker")
    wait_for_streamlit(page)
    assert "Lokal modus – én bruker" in sidebar_text(page)
    page.get_by_text("4 planer i kontoret").wait_for()
    assert "Logg inn" not in main_text(page)

    go(page, "dugnad")
    page.get_by_role("tab", name="Nytt tiltak").click()
    page.get_by_role("textbox", name="Navn *").fill("Strikkekafé på biblioteket")
    page.get_by_role("combobox", name=re.compile("Kategori")).click()
    page.get_by_role("option", name="Andre tiltak").click()
    page.get_by_role("textbox", name="Arrangør").fill("Biblioteket")
    screenshot(page, "office-local-1-new-measure")
    check_axe(page, "office-local-new-measure")
    page.get_by_role("button", name=re.compile("Lagre tiltaket")).click()
    wait_for_streamlit(page)
    assert "«Strikkekafé på biblioteket» er lagt til og publisert" in main_text(page), server.log_tail()
    with open_store(url) as store:
        (measure,) = store.catalogue.list_measures(local)
    assert (measure.id, measure.status, measure.measure.provider) == (
        "strikkekafe-pa-biblioteket", MeasureStatus.PUBLISHED, "Biblioteket",
    )
    page.get_by_role("tab", name="Kontorets tiltak").click()
    screenshot(page, "office-local-2-measures")
    check_axe(page, "office-local-measures")

    # Export: the file is made when the button is clicked (and logged then).
    page.get_by_role("tab", name="Last ned").click()
    for label, check in (
        ("Last ned CSV (Excel, norsk)", lambda data: data.startswith(b"\xef\xbb\xbf") and b"strikkekafe-pa-biblioteket;" in data),
        ("Last ned XLSX", lambda data: data.startswith(b"PK")),
    ):
        with page.expect_download() as info:
            page.get_by_role("button", name=re.compile(re.escape(label))).click()
        assert check(Path(info.value.path()).read_bytes()), label
    with open_store(url) as store:
        exports = store.audit(local, action="catalogue_export")
    assert len(exports) == 2
