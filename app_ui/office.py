"""The office in the app: the store, who is signed in, and which stored plan is open.

The plan being edited lives where the plan pages keep it (`app_ui.state`: `st.session_state
["plan"]`). This module remembers, beside it and under keys prefixed `office_`, how that plan
relates to the office's store:

- `office_link` (`Link`): the stored plan's id, the revision the edit started from (pass it as
  `base_revision` when saving), the fingerprint of the plan as it was opened or last saved (the
  dirty flag compares against it), and the plan *generation* it belongs to. `state.open_plan`
  bumps the generation whenever a whole other plan is opened (a file, a template, "Angre"), so a
  link whose generation is not the current one no longer describes the open plan and is put
  aside in `office_recent_links`; when "Angre" on the start page brings that very plan object
  back, its link comes back with it. No hook in `app_ui.state` is needed.
- `office_conflict` (`Conflict`): a save that was refused because someone saved first, kept
  until the user chooses what should happen (see `app_pages/office_history.py`).

The store is opened once per process and database URL (`st.cache_resource`): `$DATABASE_URL`,
else `data/kvp.sqlite`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st
from sqlalchemy.engine import make_url

from app_ui import auth, engine, state
from planner.editing import plan_fingerprint
from planner.model import CATEGORY_LABELS_NB, Plan
from planner.planfile import dumps_plan
from planner.revision_diff import PlanDiff, diff_plans, display
from planner.storage import (
    Actor,
    ConflictError,
    PersonalDataError,
    Revision,
    Store,
    StoredPlan,
    database_url,
    open_store,
)
from planner.text import fmt_date_short, fmt_hours, fmt_kr, fmt_month

LINK = "office_link"
RECENT_LINKS = "office_recent_links"
CONFLICT = "office_conflict"
FINGERPRINT_CACHE = "office_fingerprint"
CATALOGUE_CACHE = "office_merged_catalogue"
CATALOGUE_VERSION = "office_catalogue_version"

PAGE_CASELOAD = "app_pages/office_caseload.py"
PAGE_HISTORY = "app_pages/office_history.py"
PAGE_CATALOGUE = "app_pages/office_catalogue.py"
PAGE_AUDIT = "app_pages/office_audit.py"

OSLO = ZoneInfo("Europe/Oslo")
CATALOGUE_TTL_SECONDS = 30.0


# ---------------------------------------------------------------------------------------- store


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Store:
    return open_store(url, params=engine.parameters())


def safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(ugyldig adresse)"


def get_store() -> Store:
    """The office's store (raises if the database cannot be opened)."""
    return _open_store(database_url())


def require_store() -> Store:
    try:
        return get_store()
    except Exception as exc:  # the database is down, the URL is wrong, a migration failed
        st.error(
            f"Får ikke kontakt med databasen ({safe_url(database_url())}): {type(exc).__name__}. "
            "Planleggingen på de andre sidene virker, men kontorets planer kan ikke vises eller lagres nå."
        )
        st.stop()
        raise  # for type checkers; st.stop() does not return


def identity() -> auth.Identity | None:
    try:
        return auth.identity(get_store())
    except Exception:
        return None


def actor() -> Actor | None:
    found = identity()
    return found.actor if found else None


def require_actor() -> Actor:
    """The signed-in actor, or a sign-in prompt / the reason for no access (and the page stops)."""
    store = require_store()
    found = auth.identity(store)
    if found.actor is not None:
        return found.actor
    if not found.signed_in:
        auth.login_prompt("main")
    else:
        st.error(found.problem or "Du har ikke tilgang til kontorets planer.")
    st.stop()
    raise AssertionError("unreachable")


# ----------------------------------------------------------------------------------- the link


@dataclass
class Link:
    plan_id: str
    label: str
    base_revision: int
    saved_fingerprint: str
    generation: int
    last_plan: Plan | None = field(default=None, repr=False)


def fingerprint(plan: Plan) -> str:
    cached = st.session_state.get(FINGERPRINT_CACHE)
    if cached is not None and cached[0] is plan:
        return cached[1]
    value = plan_fingerprint(plan)
    st.session_state[FINGERPRINT_CACHE] = (plan, value)
    return value


def _generation() -> int:
    return int(st.session_state.get(state.GENERATION, 0) or 0)


def current_link() -> Link | None:
    """The link of the open plan to its stored plan, or None (a plan not saved in the office)."""
    plan = state.plan()
    generation = _generation()
    link: Link | None = st.session_state.get(LINK)
    if link is not None and link.generation == generation:
        if plan is not None:
            link.last_plan = plan
        return link
    recent: list[Link] = st.session_state.setdefault(RECENT_LINKS, [])
    if link is not None:
        # The plan was replaced. If that happened in the run right after the link was last
        # seen, state.open_plan kept the replaced plan as PREVIOUS_PLAN: the exact object.
        previous = st.session_state.get(state.PREVIOUS_PLAN)
        if link.generation == generation - 1 and previous is not None:
            link.last_plan = previous
        recent.insert(0, link)
        del recent[5:]
        st.session_state[LINK] = None
    if plan is not None:
        for index, old in enumerate(recent):
            if old.last_plan is plan:
                recent.pop(index)
                old.generation = generation
                st.session_state[LINK] = old
                return old
    return None


def _set_link(plan_id: str, label: str, revision: int, plan: Plan) -> Link:
    link = Link(plan_id, label, revision, fingerprint(plan), _generation(), plan)
    st.session_state[LINK] = link
    return link


@dataclass(frozen=True)
class SaveStatus:
    has_plan: bool
    linked: bool
    dirty: bool
    base_revision: int | None
    label: str = ""

    @property
    def text(self) -> str:
        if not self.has_plan:
            return "Ingen plan er åpen"
        if not self.linked:
            return "Ikke lagret i kontoret ennå"
        if self.dirty:
            return f"Ikke lagret: endringer siden versjon {self.base_revision}"
        return f"Lagret som versjon {self.base_revision}"


def save_status() -> SaveStatus:
    plan = state.plan()
    if plan is None:
        return SaveStatus(False, False, False, None)
    link = current_link()
    if link is None:
        return SaveStatus(True, False, True, None)
    return SaveStatus(True, True, fingerprint(plan) != link.saved_fingerprint, link.base_revision, link.label)


def open_stored(stored: StoredPlan) -> None:
    """Make a stored plan the app's current plan (the plan pages edit it from here)."""
    state.open_plan(stored.plan, saved=True)
    _set_link(stored.plan_id, stored.label, stored.revision.number, stored.plan)
    st.session_state[CONFLICT] = None


def save_current(store: Store, who: Actor, comment: str, *, label: str | None = None, base_revision: int | None = None) -> Revision:
    """Save the open plan as a new revision (a new plan when it is not linked yet).

    `base_revision` overrides the link's (the conflict choice "save over the newest"). Raises
    ConflictError, PersonalDataError, NotFound, PermissionDenied from the store; the link is
    only moved on when the save went through."""
    plan = state.plan()
    if plan is None:
        raise ValueError("Ingen plan er åpen.")
    link = current_link()
    if link is None:
        revision = store.save_plan(who, plan, base_revision=None, comment=comment, label=label or None)
        stored_label = label or revision.participant_label or "Plan"
        _set_link(revision.plan_id, stored_label, revision.number, plan)
    else:
        base = link.base_revision if base_revision is None else base_revision
        revision = store.save_plan(who, plan, plan_id=link.plan_id, base_revision=base, comment=comment)
        link.base_revision = revision.number
        link.saved_fingerprint = fingerprint(plan)
        link.last_plan = plan
    st.session_state[CONFLICT] = None
    state.mark_saved()
    return revision


# ------------------------------------------------------------------------------- the conflict


@dataclass
class Conflict:
    plan_id: str
    message: str
    base_revision: int | None
    latest: Revision
    latest_plan: Plan
    theirs: PlanDiff | None
    mine: Plan
    diff: PlanDiff  # newest saved → mine
    comment: str = ""


def remember_conflict(error: ConflictError, comment: str) -> Conflict:
    link = current_link()
    plan = state.plan()
    assert link is not None and plan is not None and error.latest is not None and error.latest_plan is not None
    diff = error.diff if error.diff is not None else diff_plans(error.latest_plan, plan, engine.parameters())
    conflict = Conflict(
        plan_id=link.plan_id,
        message=str(error),
        base_revision=error.base_revision,
        latest=error.latest,
        latest_plan=error.latest_plan,
        theirs=error.theirs,
        mine=plan,
        diff=diff,
        comment=comment,
    )
    st.session_state[CONFLICT] = conflict
    return conflict


def current_conflict() -> Conflict | None:
    """The open conflict for the open plan, with its diff brought up to date if the plan was
    edited since (so what is shown is always what saving would do)."""
    conflict: Conflict | None = st.session_state.get(CONFLICT)
    link = current_link()
    plan = state.plan()
    if conflict is None or link is None or plan is None or conflict.plan_id != link.plan_id:
        return None
    if conflict.mine is not plan:
        conflict.mine = plan
        conflict.diff = diff_plans(conflict.latest_plan, plan, engine.parameters())
    return conflict


def load_latest(conflict: Conflict) -> None:
    """Conflict choice 1: open the newest saved revision; the user's edits are dropped (they
    stay reachable through "Angre" on the start page for this session)."""
    state.open_plan(conflict.latest_plan, saved=True)
    link = current_link()
    label = link.label if link else ""
    _set_link(conflict.plan_id, label, conflict.latest.number, conflict.latest_plan)
    st.session_state[CONFLICT] = None


# ------------------------------------------------------------------------------- widgets


def signature(options: Any) -> str:
    import hashlib

    return hashlib.sha1(repr(options).encode("utf-8")).hexdigest()[:10]


def choose(label: str, options: list, *, key: str, default: Any = None, **kwargs: Any) -> Any:
    """A selectbox whose options change between runs (a search, a new version, a new measure).

    Streamlit keeps a keyed widget's value when its options change, and the browser may then show
    another option than the one the script gets. So the widget's key carries a signature of the
    options (a new list is a new widget, shown with an explicit index), and the choice itself is
    remembered under `key`, to be kept when it is still among the options."""
    options = list(options)
    remembered = st.session_state.get(key)
    if remembered not in options:
        remembered = default if default in options else options[0]
    value = st.selectbox(label, options, index=options.index(remembered), key=f"{key}__{signature(options)}", **kwargs)
    st.session_state[key] = value
    return value


# ----------------------------------------------------------------------------- formatting


def fmt_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(OSLO).strftime("%d.%m.%Y kl. %H:%M")


def fmt_day(day: date | None) -> str:
    return fmt_date_short(day) if day else "–"


def fmt_period(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return "–"
    return f"{fmt_date_short(start)}–{fmt_date_short(end)}"


def plan_file_name(plan: Plan, suffix: str = "") -> str:
    import re

    name = (plan.participant.name or "deltaker").lower().translate(str.maketrans("æøå", "aoa"))
    name = re.sub(r"[^a-z0-9]+", "-", name).strip("-") or "deltaker"
    return f"kvp-plan-{name}{'-' + suffix if suffix else ''}-{today().isoformat()}.json"


def today() -> date:
    """Today in Norway (the server may run in UTC)."""
    return datetime.now(OSLO).date()


def plan_json_bytes(plan: Plan) -> bytes:
    return dumps_plan(plan).encode("utf-8")


# ------------------------------------------------------------------------------ the diff view


def _money(value: Decimal | None) -> str:
    return "–" if value is None else fmt_kr(value)


def show_diff(diff: PlanDiff, before: str, after: str, *, key: str) -> None:
    """A comparison of two versions: activities, other parts, hours, rule findings, stipend.

    `before` / `after` name the two sides ("versjon 3", "dine endringer")."""
    if diff.is_empty:
        st.success(f"Ingen forskjell i innholdet mellom {before} og {after}.")
        return

    st.markdown(f"**Aktiviteter** ({before} → {after})")
    if not diff.activities_changed:
        st.write("Ingen endringer i aktivitetene.")
    rows: list[dict[str, str]] = []
    for a in diff.added:
        rows.append(
            {"Hva": "Lagt til", "Aktivitet": a.title, "Detaljer": f"{CATEGORY_LABELS_NB[a.category]}, "
             f"{fmt_day(a.start)}–{fmt_day(a.end)}, {fmt_hours(a.hours_per_week)} t/uke"}
        )
    for a in diff.removed:
        rows.append({"Hva": "Fjernet", "Aktivitet": a.title, "Detaljer": f"{fmt_day(a.start)}–{fmt_day(a.end)}"})
    for change in diff.changed:
        rows.append(
            {"Hva": "Endret", "Aktivitet": change.title, "Detaljer": "; ".join(c.describe() for c in change.changes)}
        )
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=f"{key}_activities")
    if diff.sections:
        st.markdown("**Andre deler av planen som er endret:** " + ", ".join(s.label for s in diff.sections))
        with st.expander("Se hva som er endret i disse delene"):
            for section in diff.sections:
                st.markdown(f"*{section.label.capitalize()}*")
                cols = st.columns(2)
                cols[0].caption(before.capitalize())
                cols[0].text("\n".join(_flatten(section.old)) or "–")
                cols[1].caption(after.capitalize())
                cols[1].text("\n".join(_flatten(section.new)) or "–")

    st.markdown("**Timer**")
    st.write(
        f"Planlagte timer i hele programmet: {fmt_hours(diff.planned_hours_before)} → "
        f"{fmt_hours(diff.planned_hours_after)}."
    )
    if diff.weeks:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Uke": w.label,
                        "Mandag": fmt_day(w.monday),
                        f"Planlagt, {before}": display(w.planned_before),
                        f"Planlagt, {after}": display(w.planned_after),
                        f"Krav, {before}": display(w.required_before),
                        f"Krav, {after}": display(w.required_after),
                    }
                    for w in diff.weeks
                ]
            ),
            hide_index=True,
            width="stretch",
            height=min(38 + 35 * len(diff.weeks), 300),
            key=f"{key}_weeks",
        )

    st.markdown("**Regelsjekk**")
    if diff.findings_before is None or diff.findings_after is None:
        st.write("Regelsjekken kunne ikke sammenlignes.")
    else:
        st.write(
            f"Feil: {diff.count('error', after=False)} → {diff.count('error')}. "
            f"Advarsler: {diff.count('warning', after=False)} → {diff.count('warning')}."
        )
        findings = [{"Hva": "Ny", "Alvorlighet": _SEVERITY.get(f.severity, f.severity), "Melding": f.message} for f in diff.findings_added]
        findings += [{"Hva": "Løst", "Alvorlighet": _SEVERITY.get(f.severity, f.severity), "Melding": f.message} for f in diff.findings_resolved]
        if findings:
            st.dataframe(pd.DataFrame(findings), hide_index=True, width="stretch", key=f"{key}_findings")

    st.markdown("**Stønad per måned**")
    if diff.stipend is None:
        st.write("Stønaden kunne ikke sammenlignes.")
    else:
        changed = diff.stipend_months_changed
        st.write(
            f"Til sammen: {_money(diff.stipend_total_before)} → {_money(diff.stipend_total_after)}. "
            + (f"{len(changed)} av {len(diff.stipend)} måneder er endret." if changed else "Ingen måned er endret.")
        )

        def _months(months) -> None:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "Måned": fmt_month(m.month),
                            before.capitalize(): _money(m.before),
                            after.capitalize(): _money(m.after),
                            "Endring": fmt_kr(m.change) if m.change else "",
                        }
                        for m in months
                    ]
                ),
                hide_index=True,
                width="stretch",
                height=min(38 + 35 * len(months), 300),
            )

        if changed:
            _months(changed)
        with st.expander(f"Alle {len(diff.stipend)} måneder, før og etter"):
            _months(diff.stipend)
    for note in diff.notes:
        st.caption(note)


_SEVERITY = {"error": "Feil", "warning": "Advarsel", "info": "Til orientering"}


def _flatten(value: Any, prefix: str = "") -> list[str]:
    """A plan section's JSON value as short "field: value" lines (the plan file's field names)."""
    if value in (None, "", [], {}):
        return [f"{prefix}: –"] if prefix else []
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            lines += _flatten(item, f"{prefix}.{key}" if prefix else str(key))
        return lines
    if isinstance(value, list):
        lines = []
        for index, item in enumerate(value, start=1):
            lines += _flatten(item, f"{prefix}[{index}]" if prefix else f"[{index}]")
        return lines
    return [f"{prefix}: {value}" if prefix else str(value)]


def personal_data_error(exc: PersonalDataError) -> None:
    st.error(
        "Ikke lagret: planen ser ut til å inneholde et fødselsnummer. Planleggeren lagrer aldri "
        "fødselsnummer – bruk initialer eller et kallenavn.\n\n" + "\n".join(f"- `{p}`" for p in exc.problems)
    )


# ------------------------------------------------------------------------ merged catalogue


def catalogue_changed() -> None:
    """Call after a change to the office catalogue: the Katalog page reloads it."""
    st.session_state[CATALOGUE_VERSION] = st.session_state.get(CATALOGUE_VERSION, 0) + 1


def merged_catalogue(national: Any = None):
    """The national catalogue followed by the office's published measures (`Measure.office` set
    to the office's name), or None when no one is signed in or the database is unreachable.
    Read at most every 30 seconds per session, and again after a change made on Kreativ dugnad."""
    who = actor()
    if who is None:
        return None
    key = (who, st.session_state.get(CATALOGUE_VERSION, 0))
    cached = st.session_state.get(CATALOGUE_CACHE)
    if cached is not None and cached[0] == key and time.monotonic() - cached[1] < CATALOGUE_TTL_SECONDS:
        return cached[2]
    try:
        merged = get_store().catalogue.merged_catalogue(who, national=national)
    except Exception:
        return None
    st.session_state[CATALOGUE_CACHE] = (key, time.monotonic(), merged)
    return merged


# ----------------------------------------------------------------------------------- sidebar


def sidebar() -> None:
    """The sidebar's office part: who is signed in, and whether the open plan is saved."""
    found = identity()
    if found is None:
        st.sidebar.caption("Kontorets database er ikke tilgjengelig.")
        return
    auth.sidebar_account(found)
    if found.actor is None:
        return
    status = save_status()
    if not status.has_plan:
        return
    if current_conflict() is not None:
        st.sidebar.warning("Ikke lagret: noen andre lagret planen først. Velg hva som skal gjelde.")
    elif status.linked and not status.dirty:
        st.sidebar.caption(status.text)
    else:
        st.sidebar.markdown(f"**{status.text}**")
    st.sidebar.page_link(PAGE_HISTORY, label="Lagre og historikk", icon=":material/save:")
