"""Kreativ dugnad: the office's own measures beside the national catalogue.

A veileder proposes measures (and may edit their office's proposals); the fagansvarlig reviews,
publishes, edits, rejects and retires them, and may add measures directly. A whole spreadsheet
(CSV or XLSX) is read in two steps: a preview row by row first (nothing saved), then "Lagre".
Everything is kept in the history. Published measures appear on the Katalog page beside the
national ones.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation

import pandas as pd
import streamlit as st

from app_ui import engine, office, state, widgets
from planner.catalogue import Measure, slugify
from planner.model import CATEGORY_LABELS_NB, Category
from planner.storage import (
    ConflictError,
    ImportRejected,
    InvalidMeasure,
    LocalMeasure,
    MeasureStatus,
    PermissionDenied,
    RowStatus,
    StorageError,
)
from planner.storage.catalogue_store import ROW_STATUS_LABELS_NB, STATUS_LABELS_NB
from planner.text import fmt_hours

PREVIEW = "office_import_preview"  # (cache key, ImportPreview)
ACTION_LABELS = {
    "propose": "Foreslått",
    "add": "Lagt til",
    "edit": "Endret",
    "publish": "Publisert",
    "reject": "Avvist",
    "retire": "Trukket tilbake",
    "import": "Lest inn fra fil",
}
FIELD_LABELS = {
    "navn": "navn", "kategori": "kategori", "gruppe": "gruppe", "beskrivelse": "beskrivelse",
    "hjemmel": "hjemmel", "arrangor": "arrangør", "timer_per_uke": "timer per uke", "varighet": "varighet",
    "merknad": "merknad", "kilde": "kilde", "gyldig_fra": "gyldig fra", "gyldig_til": "gyldig til", "status": "status",
}

widgets.heading("Kreativ dugnad")
store = office.require_store()
who = office.require_actor()
catalogue = store.catalogue
found = office.identity()
office_name = found.office_name if found and found.office_name else store.office_name(who.office_id)
national = engine.national_catalogue()

if who.is_fagansvarlig:
    st.write(
        f"Kontorets egne tiltak for {office_name}. Som fagansvarlig kan du legge til, endre, publisere og "
        "trekke tilbake tiltak, og lese inn et regneark. Publiserte tiltak vises i Katalog ved siden av de nasjonale."
    )
else:
    st.write(
        f"Kontorets egne tiltak for {office_name}. Du kan foreslå nye tiltak og endre forslag; fagansvarlig "
        "går gjennom forslagene og publiserer dem. Publiserte tiltak vises i Katalog ved siden av de nasjonale."
    )


def _category_label(value) -> str:
    return CATEGORY_LABELS_NB[Category(value)] if value else ""


def _hours(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).normalize()
    except InvalidOperation:
        return None


def _measure_form(prefix: str, current: Measure | None) -> dict | None:
    """The fields of a measure (inside a form). Returns the typed values, or None."""
    c = current
    values: dict = {}
    if c is None:
        values["id"] = st.text_input(
            "Id (valgfritt)", key=f"{prefix}_id",
            help="Små bokstaver, tall og bindestrek, f.eks. «strikkekafe». Tomt: lages av navnet.",
        )
    values["name"] = st.text_input("Navn *", value=c.name if c else "", key=f"{prefix}_name")
    categories = list(Category)
    values["category"] = st.selectbox(
        "Kategori *",
        categories,
        index=categories.index(c.category) if c else None,
        format_func=lambda v: CATEGORY_LABELS_NB[v],
        placeholder="Velg kategori",
        key=f"{prefix}_category",
        help="Påkrevd: reglene (fulltid, helse, arbeidsrettet) regner med kategorien.",
    )
    cols = st.columns(2)
    values["group"] = cols[0].text_input("Gruppe", value=c.group if c else "", key=f"{prefix}_group")
    values["provider"] = cols[1].text_input("Arrangør", value=c.provider if c else "", key=f"{prefix}_provider")
    values["description"] = st.text_area(
        "Beskrivelse", value=c.description if c else "", key=f"{prefix}_description", height=90
    )
    cols = st.columns(2)
    values["hours"] = cols[0].number_input(
        "Vanlig antall timer per uke", min_value=0.0, max_value=37.5, step=0.5,
        value=float(c.hours_per_week) if c and c.hours_per_week is not None else None,
        key=f"{prefix}_hours",
    )
    values["duration"] = cols[1].text_input("Varighet", value=c.duration if c else "", key=f"{prefix}_duration")
    cols = st.columns(2)
    values["legal_basis"] = cols[0].text_input("Hjemmel", value=c.legal_basis if c else "", key=f"{prefix}_legal")
    values["source"] = cols[1].text_input("Kilde", value=c.source if c else "", key=f"{prefix}_source")
    values["note"] = st.text_input("Merknad", value=c.note if c else "", key=f"{prefix}_note")
    cols = st.columns(2)
    values["valid_from"] = cols[0].date_input(
        "Gyldig fra", value=c.valid_from if c else None, format="DD.MM.YYYY", key=f"{prefix}_from"
    )
    values["valid_to"] = cols[1].date_input(
        "Gyldig til", value=c.valid_to if c else None, format="DD.MM.YYYY", key=f"{prefix}_to"
    )
    values["comment"] = st.text_input("Kommentar til endringen", key=f"{prefix}_comment", placeholder="Valgfritt")
    return values


def _build(values: dict, measure_id: str | None) -> Measure | None:
    """A Measure from the form, or None after showing what is missing."""
    missing = []
    if not values["name"].strip():
        missing.append("navn")
    if values["category"] is None:
        missing.append("kategori (reglene trenger den)")
    if missing:
        st.error("Fyll inn " + " og ".join(missing) + ".")
        return None
    if measure_id is None:
        measure_id = values["id"].strip().lower() or slugify(values["name"])
        if not values["id"].strip() and measure_id in national:
            measure_id = f"{measure_id}-{slugify(office_name) or 'lokal'}"
    return Measure(
        id=measure_id,
        name=values["name"].strip(),
        category=values["category"],
        group=values["group"].strip(),
        description=values["description"].strip(),
        legal_basis=values["legal_basis"].strip(),
        provider=values["provider"].strip(),
        hours_per_week=_hours(values["hours"]),
        duration=values["duration"].strip(),
        note=values["note"].strip(),
        source=values["source"].strip(),
        valid_from=values["valid_from"],
        valid_to=values["valid_to"],
    )


def _done(message: str) -> None:
    office.catalogue_changed()
    st.session_state.pop(PREVIEW, None)
    state.flash(message)
    st.rerun()


def _storage_error(exc: Exception) -> None:
    if isinstance(exc, InvalidMeasure):
        st.error("Tiltaket er ikke lagret:\n\n" + "\n".join(f"- {p}" for p in exc.problems))
    else:
        st.error(f"Ikke lagret: {exc}")


measures = catalogue.list_measures(who)
proposals = [m for m in measures if m.status is MeasureStatus.PROPOSED]
if who.is_fagansvarlig and proposals:
    st.info(
        f"{len(proposals)} forslag venter på at du ser på dem: "
        + ", ".join(f"«{m.measure.name}»" for m in proposals[:5])
        + (" …" if len(proposals) > 5 else "")
    )

tabs = st.tabs(["Kontorets tiltak", "Nytt tiltak", "Les inn regneark", "Last ned", "Historikk"], key="office_dugnad_tabs")

# ---------------------------------------------------------------------------- the measures
with tabs[0]:
    if not measures:
        st.write("Kontoret har ingen egne tiltak ennå. Legg til eller foreslå et under «Nytt tiltak».")
    else:
        shown_status = st.radio(
            "Vis",
            ["all", *[s.value for s in MeasureStatus]],
            format_func=lambda s: "Alle" if s == "all" else STATUS_LABELS_NB[MeasureStatus(s)],
            horizontal=True,
            key="office_dugnad_filter",
        )
        shown = [m for m in measures if shown_status == "all" or m.status.value == shown_status]
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Navn": m.measure.name,
                        "Kategori": _category_label(m.measure.category),
                        "Status": STATUS_LABELS_NB[m.status],
                        "Gruppe": m.measure.group,
                        "Arrangør": m.measure.provider,
                        "Timer per uke": fmt_hours(m.measure.hours_per_week) if m.measure.hours_per_week is not None else "",
                        "Id": m.id,
                        "Sist endret": office.fmt_time(m.updated_at),
                    }
                    for m in shown
                ],
                columns=["Navn", "Kategori", "Status", "Gruppe", "Arrangør", "Timer per uke", "Id", "Sist endret"],
            ),
            hide_index=True,
            width="stretch",
            height=min(38 + 35 * max(len(shown), 1), 360),
            key="office_dugnad_table",
        )

        by_id = {m.id: m for m in measures}
        ids = [m.id for m in (proposals + [m for m in measures if m.status is not MeasureStatus.PROPOSED])]
        picked_id = office.choose(
            "Velg et tiltak",
            ids,
            key="office_dugnad_pick",
            format_func=lambda i: f"{by_id[i].measure.name} ({STATUS_LABELS_NB[by_id[i].status].lower()})",
        )
        item: LocalMeasure = by_id[picked_id]
        may_edit = who.is_fagansvarlig or item.status is MeasureStatus.PROPOSED

        if who.is_fagansvarlig:
            with st.container(border=True):
                st.markdown(f"**{item.measure.name}** – {STATUS_LABELS_NB[item.status].lower()}, versjon {item.version}")
                reason = st.text_input("Kommentar eller begrunnelse", key=f"office_dugnad_reason_{item.id}")
                actions = st.container(horizontal=True)
                if item.status is not MeasureStatus.PUBLISHED and actions.button(
                    "Publiser", key="office_dugnad_publish", type="primary", icon=":material/publish:"
                ):
                    try:
                        catalogue.publish_measure(who, item.id, base_version=item.version, comment=reason)
                    except StorageError as exc:
                        _storage_error(exc)
                    else:
                        _done(f"«{item.measure.name}» er publisert og vises i Katalog.")
                if item.status is MeasureStatus.PROPOSED and actions.button(
                    "Avvis forslaget", key="office_dugnad_reject", icon=":material/block:"
                ):
                    try:
                        catalogue.reject_measure(who, item.id, reason, base_version=item.version)
                    except StorageError as exc:
                        _storage_error(exc)
                    else:
                        _done(f"Forslaget «{item.measure.name}» er avvist.")
                if item.status is MeasureStatus.PUBLISHED and actions.button(
                    "Trekk tilbake", key="office_dugnad_retire", icon=":material/archive:",
                    help="Tiltaket kan ikke lenger velges i nye planer. Planer som bruker det, beholder det.",
                ):
                    try:
                        catalogue.retire_measure(who, item.id, reason, base_version=item.version)
                    except StorageError as exc:
                        _storage_error(exc)
                    else:
                        _done(f"«{item.measure.name}» er trukket tilbake.")
        elif item.status is MeasureStatus.PROPOSED:
            st.caption("Forslaget venter på at fagansvarlig ser på det. Du kan endre det så lenge.")
        else:
            st.caption("Bare fagansvarlig kan endre publiserte og tilbaketrukne tiltak.")

        if may_edit:
            with st.expander(f"Endre «{item.measure.name}»"):
                with st.form(f"office_dugnad_edit_{item.id}_{item.version}", border=False):
                    values = _measure_form(f"office_edit_{item.id}_{item.version}", item.measure)
                    submitted = st.form_submit_button(
                        "Lagre endringene", type="primary", icon=":material/save:", key="office_dugnad_edit_submit"
                    )
                if submitted:
                    changed = _build(values, item.id)
                    if changed is not None:
                        try:
                            catalogue.edit_measure(who, changed, base_version=item.version, comment=values["comment"])
                        except ConflictError as exc:
                            office.catalogue_changed()
                            st.error(str(exc))
                        except StorageError as exc:
                            _storage_error(exc)
                        else:
                            _done(f"Endringene i «{changed.name}» er lagret.")

# ------------------------------------------------------------------------------ a new one
with tabs[1]:
    with st.form("office_dugnad_new", clear_on_submit=False, border=True):
        values = _measure_form("office_new", None)
        publish_now = False
        if who.is_fagansvarlig:
            publish_now = st.checkbox("Publiser med en gang", value=True, key="office_new_publish")
        submitted = st.form_submit_button(
            "Lagre tiltaket" if who.is_fagansvarlig else "Foreslå tiltaket", type="primary", icon=":material/add:",
            key="office_dugnad_new_submit",
        )
    if submitted:
        new = _build(values, None)
        if new is not None:
            try:
                if publish_now:
                    saved = catalogue.add_measure(who, new, comment=values["comment"])
                else:
                    saved = catalogue.propose_measure(who, new, comment=values["comment"])
            except StorageError as exc:
                _storage_error(exc)
            else:
                for key in [k for k in st.session_state if str(k).startswith("office_new_")]:
                    del st.session_state[key]
                if saved.status is MeasureStatus.PUBLISHED:
                    _done(f"«{saved.measure.name}» er lagt til og publisert.")
                else:
                    _done(f"Forslaget «{saved.measure.name}» er lagret. Fagansvarlig går gjennom det.")

# ------------------------------------------------------------------------------ import
with tabs[2]:
    st.write(
        "Et regneark (CSV eller XLSX) med de samme kolonnene som den nasjonale katalogen: id, navn, kategori, "
        "gruppe, beskrivelse, hjemmel, arrangor, timer_per_uke, varighet, merknad, kilde, kontor, gyldig_fra, "
        "gyldig_til. Du ser først hva som vil skje rad for rad; ingenting lagres før du trykker «Lagre»."
    )
    uploaded = st.file_uploader("Regneark", type=["csv", "xlsx"], key="office_import_file")
    if uploaded is not None:
        data = uploaded.getvalue()
        cache_key = (who, uploaded.name, hashlib.sha256(data).hexdigest(), st.session_state.get(office.CATALOGUE_VERSION, 0))
        cached = st.session_state.get(PREVIEW)
        if cached is None or cached[0] != cache_key:
            preview = catalogue.preview_import(who, data, uploaded.name, national=national)
            st.session_state[PREVIEW] = (cache_key, preview)
        else:
            preview = cached[1]

        st.subheader(f"Forhåndsvisning av «{preview.filename}»")
        if preview.file_errors:
            st.error("Filen kan ikke leses inn:\n\n" + "\n".join(f"- {e}" for e in preview.file_errors))
        else:
            (st.warning if preview.rejected else st.info)(preview.summary())
        for warning in preview.warnings:
            st.warning(warning)
        if not preview.checked_rows:
            st.warning("Radene uten feil kunne ikke sjekkes hver for seg. Rett de avviste radene og last opp filen igjen.")
        if preview.rows:
            def _what(row) -> str:
                if row.status is RowStatus.REJECTED:
                    return " ".join(row.errors)
                if row.status is RowStatus.CHANGED:
                    return "; ".join(f"{c.label}: «{c.old}» → «{c.new}»" for c in row.changes)
                return ""

            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "Rad": r.row,
                            "Id": r.measure_id,
                            "Navn": r.name,
                            "Resultat": ROW_STATUS_LABELS_NB[r.status],
                            "Endringer eller feil": _what(r),
                        }
                        for r in preview.rows
                    ]
                ),
                hide_index=True,
                width="stretch",
                height=min(38 + 35 * len(preview.rows), 420),
                key="office_import_table",
                column_config={"Endringer eller feil": st.column_config.TextColumn(width="large")},
            )
        if preview.rejected:
            st.error(
                "Avviste rader – rett dem i regnearket og last det opp igjen:\n\n"
                + "\n".join(
                    f"- Rad {r.row if r.row is not None else '?'}"
                    + (f" «{r.name or r.measure_id}»" if (r.name or r.measure_id) else "")
                    + f": {' '.join(r.errors)}"
                    for r in preview.rejected
                )
            )
        if preview.not_in_file:
            st.caption(
                f"{len(preview.not_in_file)} av kontorets tiltak er ikke i filen og blir stående som de er: "
                + ", ".join(preview.not_in_file[:10]) + (" …" if len(preview.not_in_file) > 10 else "")
            )
        to_save = len(preview.added) + len(preview.changed)
        can_apply = preview.ok and to_save > 0 and who.is_fagansvarlig
        if not who.is_fagansvarlig:
            st.caption("Bare fagansvarlig kan lagre en katalogfil. Du kan se forhåndsvisningen.")
        elif preview.ok and to_save == 0:
            st.caption("Ingenting å lagre: alle radene er som før.")
        if st.button(
            f"Lagre {len(preview.added)} nye og {len(preview.changed)} endrede tiltak",
            key="office_import_apply", type="primary", disabled=not can_apply, icon=":material/save:",
        ):
            try:
                catalogue.apply_import(who, preview, comment=f"Fra {preview.filename}")
            except ConflictError as exc:
                st.session_state.pop(PREVIEW, None)
                st.error(f"{exc} Forhåndsvisningen er laget på nytt.")
            except (ImportRejected, PermissionDenied, StorageError) as exc:
                st.error(str(exc))
            else:
                _done(f"«{preview.filename}» er lest inn: {len(preview.added)} nye og {len(preview.changed)} endrede tiltak.")

# ------------------------------------------------------------------------------ export
with tabs[3]:
    what = st.radio(
        "Hva skal lastes ned?",
        ["published", "with_proposals", "merged"],
        format_func={
            "published": "Kontorets publiserte tiltak",
            "with_proposals": "Kontorets tiltak, også forslag og tilbaketrukne",
            "merged": "Nasjonal katalog og kontorets publiserte tiltak samlet",
        }.get,
        key="office_export_what",
    )
    statuses = (
        [MeasureStatus.PUBLISHED]
        if what != "with_proposals"
        else [MeasureStatus.PUBLISHED, MeasureStatus.PROPOSED, MeasureStatus.RETIRED]
    )
    merged = what == "merged"
    stem = f"tiltak-{slugify(office_name) or 'kontor'}{'-med-nasjonale' if merged else ''}-{office.today().isoformat()}"

    def _export(fmt: str):
        # Made when the button is clicked, so every download (and only a download) is in the audit log.
        return lambda: catalogue.export_catalogue(who, fmt, statuses=statuses, merged=merged)

    cols = st.columns(2)
    cols[0].download_button(
        "Last ned CSV (Excel, norsk)", data=_export("csv"), file_name=f"{stem}.csv", mime="text/csv",
        key="office_export_csv", on_click="ignore", icon=":material/download:",
    )
    cols[1].download_button(
        "Last ned XLSX", data=_export("xlsx"), file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="office_export_xlsx", on_click="ignore", icon=":material/download:",
    )
    st.caption("CSV-filen er semikolonseparert med desimalkomma og åpner riktig i norsk Excel.")

# ------------------------------------------------------------------------------ history
with tabs[4]:
    changes = catalogue.history(who, limit=200)
    if not changes:
        st.write("Ingen endringer ennå.")
    else:
        def _fields(change) -> str:
            before, after = change.before or {}, change.after or {}
            parts = []
            for column, label in FIELD_LABELS.items():
                old, new = before.get(column), after.get(column)
                if change.before is not None and old != new:
                    if column == "status":
                        old = STATUS_LABELS_NB.get(MeasureStatus(old), old) if old else old
                        new = STATUS_LABELS_NB.get(MeasureStatus(new), new) if new else new
                    parts.append(f"{label}: «{old or ''}» → «{new or ''}»")
            return "; ".join(parts)

        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Når": office.fmt_time(c.at),
                        "Hvem": c.user_name,
                        "Tiltak": (c.after or c.before or {}).get("navn", c.measure_id),
                        "Hva": ACTION_LABELS.get(c.action, c.action),
                        "Endringer": _fields(c),
                        "Kommentar": c.comment,
                    }
                    for c in changes
                ]
            ),
            hide_index=True,
            width="stretch",
            height=min(38 + 35 * len(changes), 420),
            key="office_dugnad_history",
        )
