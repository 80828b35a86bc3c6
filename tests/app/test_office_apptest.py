"""The office pages (issue 5), driven headless with AppTest: caseload, save and history, the
conflict choice, restore, kreativ dugnad (propose → publish, import preview) and the audit log.

The real streamlit_app.py runs (its OFFICE_PAGES and sidebar come from app_ui/office_nav.py).
Every test has its own SQLite file through DATABASE_URL; the app opens its store once per URL.
Signed-in users are simulated with `at.secrets` (an `[auth]` section) and `at.user` (the ID
token's claims); without `[auth]` the app is in local single-user mode.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_ui import auth
from app_ui.auth import AccessProblem, AuthSettings, claims_from_user
from planner.catalogue import HEADERS, Measure
from planner.model import Category
from planner.planfile import dumps_plan
from planner.sample_data import sample_plans
from planner.storage import MeasureStatus, Role, open_store

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
OFFICE = "NAV Testby"
AUTH_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-cookie-secret-0123456789",
        "client_id": "kvp",
        "client_secret": "hemmelig",
        "server_metadata_url": "http://localhost:1/.well-known/openid-configuration",
    }
}
VERA = {"is_logged_in": True, "sub": "vera", "name": "Vera Veileder", "office": OFFICE, "roles": ["veileder"]}
VIGGO = {"is_logged_in": True, "sub": "viggo", "name": "Viggo Veileder", "office": OFFICE, "roles": "veileder"}
FRIDA = {"is_logged_in": True, "sub": "frida", "name": "Frida Fagansvarlig", "office": OFFICE, "roles": ["fagansvarlig"]}


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture
def db_url(monkeypatch, tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'kvp.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def store(db_url):
    opened = open_store(db_url)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def plans():
    return sample_plans()


def actor_for(store, user: dict):
    role = Role.FAGANSVARLIG if "fagansvarlig" in str(user["roles"]) else Role.VEILEDER
    return store.ensure_actor(user["sub"], user["name"], user["office"], role)


def app(user: dict | None = None, page: str | None = None, plan=None) -> AppTest:
    """The real app, signed in as `user` (None: local mode), on `page`, with `plan` open."""
    at = AppTest.from_file(APP, default_timeout=60)
    if user is not None:
        at.secrets.update(AUTH_SECRETS)
        at.user = dict(user)
    if plan is not None:
        at.session_state["plan"] = plan
    at.run()
    assert not at.exception, at.exception
    if page:
        go(at, page)
    return at


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"app_pages/{page}.py")
    return run(at)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def titles(at: AppTest) -> list[str]:
    return texts(at.title)


def edited(plan, hours: str = "11"):
    """The plan with its first activity's hours changed."""
    first = plan.activities[0]
    return replace(plan, activities=(replace(first, hours_per_week=Decimal(hours)), *plan.activities[1:]))


def select(at: AppTest, label: str):
    """The selectbox with this label (the office pages key theirs by their options, see office.choose)."""
    (found,) = [s for s in at.selectbox if s.label == label]
    return found


def table(at: AppTest, *columns: str):
    """The first table on the page that has all these columns (st.dataframe has no key in AppTest
    unless it is selectable)."""
    for frame in at.dataframe:
        value = frame.value
        if all(c in value.columns for c in columns):
            return value
    raise AssertionError(f"no table with columns {columns}")


def all_text(at: AppTest) -> str:
    parts = [e.value for kind in (at.markdown, at.success, at.info, at.warning, at.error, at.caption) for e in kind]
    return "\n".join(str(p) for p in parts)


# -------------------------------------------------------------------------------- sign-in


def test_local_mode_says_so_and_uses_the_local_office(db_url, store):
    at = app(None, "office_caseload")
    assert titles(at) == ["Saksportefølje"]
    assert any(auth.LOCAL_MODE_TEXT in m.value for m in at.sidebar.markdown)
    assert any("ingen lagrede planer" in i.value for i in at.info)
    # The local user is a fagansvarlig: the audit log is there.
    go(at, "office_audit")
    assert titles(at) == ["Revisjonslogg"]


def test_signed_out_user_is_asked_to_sign_in(db_url):
    at = app({"is_logged_in": False}, "office_caseload")
    assert any("Logg inn for å se kontorets planer" in i.value for i in at.info)
    assert at.button(key="office_login_main").label == "Logg inn"
    assert not at.dataframe


def test_user_without_office_claim_gets_a_reason_not_access(db_url):
    at = app({"is_logged_in": True, "sub": "x", "name": "X", "roles": ["veileder"]}, "office_caseload")
    assert any("hvilket NAV-kontor" in e.value for e in at.error)
    assert not at.dataframe


def test_claims_mapping_is_configurable():
    config = AuthSettings(enabled=True, office_claim="enhet", roles_claim="groups",
                          fagansvarlig_roles=("kvp-fag",), veileder_roles=("kvp-veil",))
    claims = claims_from_user({"sub": "s1", "name": "N", "enhet": ["NAV A"], "groups": "kvp-veil other"}, config)
    assert (claims.subject, claims.office, claims.role) == ("s1", "NAV A", Role.VEILEDER)
    claims = claims_from_user({"sub": "s1", "enhet": "NAV A", "groups": ["KVP-FAG"]}, config)
    assert claims.role is Role.FAGANSVARLIG
    with pytest.raises(AccessProblem, match="rollen"):
        claims_from_user({"sub": "s1", "enhet": "NAV A", "groups": ["annet"]}, config)
    assert claims_from_user({"sub": "s1", "enhet": "NAV A"}, replace(config, default_role=Role.VEILEDER)).role is Role.VEILEDER
    with pytest.raises(AccessProblem):
        claims_from_user({"enhet": "NAV A", "groups": "kvp-veil"}, config)


# ------------------------------------------------------------------------------- caseload


def test_caseload_mine_and_office_search_and_sort(store, plans):
    vera, viggo = actor_for(store, VERA), actor_for(store, VIGGO)
    for plan in plans[:3]:
        store.save_plan(vera, plan, base_revision=None)
    store.save_plan(viggo, plans[3], base_revision=None)

    at = app(VERA, "office_caseload")
    caseload = at.dataframe[0].value
    assert sorted(caseload["Deltaker"]) == ["AK", "MH", "SO"]
    assert at.radio(key="office_caseload_scope").value == "mine"
    assert {"Periode nå", "Neste evaluering", "Feil", "Advarsler", "Slutt"} <= set(caseload.columns)
    assert any("Vera Veileder" in m.value for m in at.sidebar.markdown)

    at.radio(key="office_caseload_scope").set_value("office")
    run(at)
    caseload = at.dataframe[0].value
    assert sorted(caseload["Deltaker"]) == ["AK", "LT", "MH", "SO"]
    assert set(caseload["Eier"]) == {"Vera Veileder", "Viggo Veileder"}

    at.text_input(key="office_caseload_search").input("lt")
    run(at)
    assert list(at.dataframe[0].value["Deltaker"]) == ["LT"]

    at.text_input(key="office_caseload_search").input("")
    at.selectbox(key="office_caseload_sort").set_value("label")
    run(at)
    assert list(at.dataframe[0].value["Deltaker"]) == ["AK", "LT", "MH", "SO"]


def test_open_a_plan_from_the_caseload(store, plans):
    vera = actor_for(store, VERA)
    rev = store.save_plan(vera, plans[1], base_revision=None)
    at = app(VERA, "office_caseload")
    select(at, "Plan").set_value(rev.plan_id)
    at.button(key="office_caseload_open").click()
    run(at)
    assert titles(at) == ["Program"]
    assert at.session_state["plan"] == plans[1]
    link = at.session_state["office_link"]
    assert (link.plan_id, link.base_revision) == (rev.plan_id, 1)
    assert any("er åpnet (versjon 1)" in s.value for s in at.success)


def test_new_plan_button_goes_to_start(db_url):
    at = app(VERA, "office_caseload")
    at.button(key="office_caseload_new").click()
    run(at)
    assert titles(at) == ["KVP-planleggeren"]


# --------------------------------------------------------------------- save and history


def test_save_new_plan_then_a_new_version_and_list_them(store, plans):
    at = app(VERA, "office_history", plan=plans[0])
    assert any("Ikke lagret i kontoret ennå" in i.value for i in at.info)
    at.button(key="office_save").click()
    run(at)
    assert any("Lagret som versjon 1" in s.value for s in at.success)
    plan_id = at.session_state["office_link"].plan_id

    at.session_state["plan"] = edited(plans[0])  # an edit on the Program page
    run(at)
    assert any("Ikke lagret: endringer siden versjon 1" in w.value for w in at.warning)
    assert at.button(key="office_save").label == "Lagre som versjon 2"
    at.text_input(key="office_save_comment").input("Mer arbeidstrening")
    at.button(key="office_save").click()
    run(at)
    assert any("Lagret som versjon 2" in s.value for s in at.success)

    versions = table(at, "Versjon", "Lagret", "Av")
    assert list(versions["Versjon"]) == [2, 1]
    assert list(versions["Kommentar"])[0] == "Mer arbeidstrening"
    assert set(versions["Av"]) == {"Vera Veileder"}
    vera = actor_for(store, VERA)
    assert store.load_plan(vera, plan_id).plan == edited(plans[0])

    # Compare 1 → 2: the changed activity and the hours.
    select(at, "Fra").set_value(1)
    select(at, "Til").set_value(2)
    run(at)
    diff_table = table(at, "Hva", "Aktivitet", "Detaljer")
    assert list(diff_table["Hva"]) == ["Endret"]
    assert "timer per uke" in diff_table["Detaljer"][0]
    assert any("Planlagte timer i hele programmet" in m.value for m in at.markdown)
    assert len(table(at, "Måned", "Endring")) > 0


def test_save_refuses_a_national_id(store, plans):
    plan = replace(plans[0], participant=replace(plans[0].participant, name="Kari 01019012345"))
    at = app(VERA, "office_history", plan=plan)
    at.button(key="office_save").click()
    run(at)
    assert any("fødselsnummer" in e.value for e in at.error)
    assert store.caseload(actor_for(store, VERA)) == []


def test_conflict_shows_the_difference_and_overwrites_only_when_asked(store, plans):
    vera, viggo = actor_for(store, VERA), actor_for(store, VIGGO)
    rev = store.save_plan(vera, plans[0], base_revision=None)
    at = app(VERA, "office_caseload")
    select(at, "Plan").set_value(rev.plan_id)
    at.button(key="office_caseload_open").click()
    run(at)

    # Meanwhile, in another session, Viggo saves version 2.
    theirs = replace(plans[0], activities=plans[0].activities[:-1])
    store.save_plan(viggo, theirs, plan_id=rev.plan_id, base_revision=1, comment="Viggo fjernet en aktivitet")

    mine = edited(plans[0], "12")
    at.session_state["plan"] = mine
    go(at, "office_history")
    at.text_input(key="office_save_comment").input("Mine timer")
    at.button(key="office_save").click()
    run(at)

    assert [r.number for r in store.list_revisions(vera, rev.plan_id)] == [2, 1]  # nothing written
    assert any("Viggo Veileder lagret versjon 2" in e.value for e in at.error)
    assert at.button(key="office_conflict_overwrite").label == (
        "Lagre mine endringer som ny versjon over den nyeste (jeg har sett forskjellen)"
    )
    assert at.button(key="office_conflict_load_latest").label == "Last inn den nyeste og mist mine endringer"
    assert at.download_button(key="office_conflict_download").label == "Last ned mine endringer som fil"
    diff_rows = table(at, "Hva", "Aktivitet", "Detaljer")
    assert set(diff_rows["Hva"]) == {"Lagt til", "Endret"}  # mine still has the activity Viggo removed
    assert at.session_state["plan"] == mine  # nothing lost in the editor

    at.button(key="office_conflict_overwrite").click()
    run(at)
    assert any("Lagret som versjon 3" in s.value for s in at.success)
    latest = store.load_plan(vera, rev.plan_id)
    assert (latest.revision.number, latest.plan, latest.revision.comment) == (3, mine, "Mine timer")
    assert at.session_state["office_link"].base_revision == 3


def test_conflict_load_latest_takes_their_version(store, plans):
    vera, viggo = actor_for(store, VERA), actor_for(store, VIGGO)
    rev = store.save_plan(vera, plans[0], base_revision=None)
    at = app(VERA, "office_caseload")
    at.button(key="office_caseload_open").click()
    run(at)
    theirs = edited(plans[0], "5")
    store.save_plan(viggo, theirs, plan_id=rev.plan_id, base_revision=1)
    at.session_state["plan"] = edited(plans[0], "9")
    go(at, "office_history")
    at.button(key="office_save").click()
    run(at)
    at.button(key="office_conflict_load_latest").click()
    run(at)
    assert at.session_state["plan"] == theirs
    assert at.session_state["office_link"].base_revision == 2
    assert any("Lagret som versjon 2" in s.value for s in at.success)
    assert [r.number for r in store.list_revisions(vera, rev.plan_id)] == [2, 1]


def test_restore_an_old_version_as_a_new_one(store, plans):
    vera = actor_for(store, VERA)
    rev = store.save_plan(vera, plans[0], base_revision=None)
    store.save_plan(vera, edited(plans[0]), plan_id=rev.plan_id, base_revision=1)
    at = app(VERA, "office_caseload")
    at.button(key="office_caseload_open").click()
    run(at)
    go(at, "office_history")
    assert select(at, "Versjon").value == 1
    at.text_input(key="office_restore_comment").input("Tilbake til første utkast")
    at.button(key="office_restore").click()
    run(at)
    assert any("Versjon 1 er gjenopprettet som versjon 3" in s.value for s in at.success)
    latest = store.load_plan(vera, rev.plan_id)
    assert (latest.revision.number, latest.revision.restored_from, latest.plan) == (3, 1, plans[0])
    assert at.session_state["plan"] == plans[0]
    assert at.session_state["office_link"].base_revision == 3
    assert list(table(at, "Versjon", "Lagret", "Av")["Versjon"]) == [3, 2, 1]


def test_undo_on_start_brings_back_the_link(store, plans):
    vera = actor_for(store, VERA)
    store.save_plan(vera, plans[0], base_revision=None)
    at = app(VERA, "office_caseload")
    at.button(key="office_caseload_open").click()
    run(at)
    mine = edited(plans[0])
    at.session_state["plan"] = mine
    run(at)
    # Another plan is opened on Start (what state.open_plan does) …
    at.session_state["previous_plan"] = mine
    at.session_state["plan"] = plans[1]
    at.session_state["plan_generation"] = at.session_state["plan_generation"] + 1
    go(at, "office_history")
    assert any("Ikke lagret i kontoret ennå" in i.value for i in at.info)
    # … and "Angre" brings the stored plan back, still linked to its versions.
    go(at, "start")
    at.button(key="undo_open").click()
    run(at)
    go(at, "office_history")
    assert at.session_state["plan"] is mine
    assert any("Ikke lagret: endringer siden versjon 1" in w.value for w in at.warning)


# ------------------------------------------------------------------------------ dugnad


def _new_measure(at: AppTest, name: str, category: Category | None, measure_id: str = "") -> None:
    at.text_input(key="office_new_id").input(measure_id)
    at.text_input(key="office_new_name").input(name)
    if category is not None:
        at.selectbox(key="office_new_category").set_value(category)
    at.button(key="office_dugnad_new_submit").click()
    run(at)


def test_dugnad_veileder_proposes_and_fagansvarlig_publishes(store):
    at = app(VERA, "office_catalogue")
    assert "Foreslå tiltaket" == at.button(key="office_dugnad_new_submit").label
    _new_measure(at, "Strikkekafé", None)
    assert any("kategori" in e.value for e in at.error)
    assert store.catalogue.list_measures(actor_for(store, VERA)) == []
    _new_measure(at, "Strikkekafé", Category.SUPPORTING)
    assert any("Forslaget «Strikkekafé» er lagret" in s.value for s in at.success)
    (measure,) = store.catalogue.list_measures(actor_for(store, VERA))
    assert (measure.id, measure.status) == ("strikkekafe", MeasureStatus.PROPOSED)
    # A veileder cannot publish: no button for it.
    assert not [b for b in at.button if b.key == "office_dugnad_publish"]

    fag = app(FRIDA, "office_catalogue")
    assert any("1 forslag venter" in i.value for i in fag.info)
    fag.button(key="office_dugnad_publish").click()
    run(fag)
    assert any("er publisert" in s.value for s in fag.success)
    (measure,) = store.catalogue.list_measures(actor_for(store, FRIDA))
    assert measure.status is MeasureStatus.PUBLISHED
    merged = store.catalogue.merged_catalogue(actor_for(store, VERA))
    assert merged["strikkekafe"].office == OFFICE
    history = table(fag, "Når", "Hvem", "Tiltak", "Hva")
    assert list(history["Hva"]) == ["Publisert", "Foreslått"]

    # Now published, the veileder may not change it.
    at = app(VERA, "office_catalogue")
    assert any("Bare fagansvarlig kan endre publiserte" in c.value for c in at.caption)


def _csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(HEADERS), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({h: row.get(h, "") for h in HEADERS})
    return buffer.getvalue().encode("utf-8")


GOOD = {"id": "sykkelverksted", "navn": "Sykkelverkstedet", "kategori": "arbeidsrettet", "timer_per_uke": "15"}
BAD = {"id": "uten-kategori", "navn": "Uten kategori", "kategori": ""}


def test_import_preview_shows_rejected_rows_and_saves_nothing(store):
    at = app(FRIDA, "office_catalogue")
    at.file_uploader(key="office_import_file").upload("tiltak.csv", _csv([GOOD, BAD]), "text/csv")
    run(at)
    preview = table(at, "Rad", "Resultat")
    assert list(preview["Resultat"]) == ["Nytt", "Avvist"]
    assert list(preview["Rad"]) == [2, 3]
    assert "ategori" in preview["Endringer eller feil"][1]
    assert at.button(key="office_import_apply").disabled
    assert any("1 avvist" in w.value for w in at.warning)
    assert store.catalogue.list_measures(actor_for(store, FRIDA)) == []

    at.file_uploader(key="office_import_file").clear().upload("tiltak.csv", _csv([GOOD]), "text/csv")
    run(at)
    assert list(table(at, "Rad", "Resultat")["Resultat"]) == ["Nytt"]
    assert store.catalogue.list_measures(actor_for(store, FRIDA)) == []  # still nothing until "Lagre"
    apply = at.button(key="office_import_apply")
    assert apply.label == "Lagre 1 nye og 0 endrede tiltak" and not apply.disabled
    apply.click()
    run(at)
    assert any("er lest inn" in s.value for s in at.success)
    (measure,) = store.catalogue.list_measures(actor_for(store, FRIDA))
    assert (measure.id, measure.status, measure.measure.category) == (
        "sykkelverksted", MeasureStatus.PUBLISHED, Category.WORK_DIRECTED,
    )
    assert list(table(at, "Rad", "Resultat")["Resultat"]) == ["Uendret"]


def test_veileder_sees_the_import_preview_but_cannot_apply(store):
    at = app(VERA, "office_catalogue")
    at.file_uploader(key="office_import_file").upload("tiltak.csv", _csv([GOOD]), "text/csv")
    run(at)
    assert list(table(at, "Rad", "Resultat")["Resultat"]) == ["Nytt"]
    assert at.button(key="office_import_apply").disabled
    assert any("Bare fagansvarlig kan lagre en katalogfil" in c.value for c in at.caption)


# -------------------------------------------------------------------------------- audit


def test_audit_log_for_fagansvarlig_only(store, plans):
    vera = actor_for(store, VERA)
    rev = store.save_plan(vera, plans[0], base_revision=None)
    store.load_plan(vera, rev.plan_id)

    at = app(VERA)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/office_audit.py")  # not in a veileder's navigation

    fag = app(FRIDA, "office_audit")
    assert titles(fag) == ["Revisjonslogg"]
    log = table(fag, "Tid", "Hvem", "Hva", "Plan")
    rows = log[log["Hvem"] == "Vera Veileder"]
    assert {"Opprettet", "Leste"} <= set(rows["Hva"]) or {"Lagret", "Leste"} <= set(rows["Hva"])
    assert set(rows["Plan"]) == {"AK"}
    fag.selectbox(key="office_audit_group").set_value("change")
    run(fag)
    assert set(table(fag, "Tid", "Hvem", "Hva", "Plan")["Hva"]) <= {"Opprettet", "Lagret", "Gjenopprettet", "Arkiverte"}


def test_office_pages_are_hidden_in_participant_mode(db_url, plans):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["participant_mode"] = True
    at.session_state["plan"] = plans[0]
    run(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/office_caseload.py")
    assert not any(auth.LOCAL_MODE_TEXT in m.value for m in at.sidebar.markdown)


def test_plan_json_download_in_conflict_is_the_users_plan(plans):
    from app_ui.office import plan_json_bytes

    assert plan_json_bytes(plans[0]).decode("utf-8") == dumps_plan(plans[0])


def test_a_newer_version_saved_elsewhere_can_be_loaded(store, plans):
    vera, viggo = actor_for(store, VERA), actor_for(store, VIGGO)
    rev = store.save_plan(vera, plans[0], base_revision=None)
    at = app(VERA, "office_caseload")
    at.button(key="office_caseload_open").click()
    run(at)
    theirs = edited(plans[0], "6")
    store.save_plan(viggo, theirs, plan_id=rev.plan_id, base_revision=1)
    go(at, "office_caseload")
    at.button(key="office_caseload_refresh").click()
    run(at)
    assert any("noen har lagret versjon 2" in w.value for w in at.warning)
    assert at.button(key="office_caseload_open").label == "Åpne versjon 2"
    at.button(key="office_caseload_open").click()
    run(at)
    assert at.session_state["plan"] == theirs
    assert at.session_state["office_link"].base_revision == 2


def test_published_office_measure_is_found_in_the_catalogue_beside_the_national_ones(store):
    # Kreativ dugnad → Katalog: a measure the fagansvarlig publishes is searchable for the office's
    # veiledere, marked with the office; a proposal is not, and another office never sees it.
    fag = actor_for(store, FRIDA)
    store.catalogue.add_measure(fag, Measure(id="sykkelverksted", name="Sykkelverkstedet", category=Category.WORK_DIRECTED))
    store.catalogue.propose_measure(fag, Measure(id="strikkekafe", name="Strikkekafé", category=Category.SUPPORTING))

    at = app(VERA, "katalog")
    at.text_input[0].input("sykkel")
    run(at)
    hits = table(at, "Kilde")
    assert len(hits) == 1 and list(hits["Kilde"]) == [OFFICE]
    at.text_input[0].input("strikkekafé")
    run(at)
    assert any("Ingen tiltak passer" in i.value for i in at.info)

    other = dict(VERA, sub="ola", name="Ola Annetkontor", office="NAV Annetby")
    at = app(other, "katalog")
    at.text_input[0].input("sykkel")
    run(at)
    assert any("Ingen tiltak passer" in i.value for i in at.info)
