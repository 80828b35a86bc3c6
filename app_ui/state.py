"""Session state: the one place the app keeps the plan and the little it remembers between reruns.

The plan lives in `st.session_state["plan"]` as a frozen `Plan`; every edit replaces it with a new
object (`set_plan`). Widgets never own data: each editing widget starts from the plan and writes
back on change (`bind`), so nothing typed is lost when the script reruns or the user switches page
(Streamlit forgets a page's widget values when it is left; the plan it wrote to stays).

Widget keys carry the plan's *generation* (`wkey`): it changes only when a whole other plan is
opened or created, so the widgets of the old plan do not leak into the new one.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

import streamlit as st

from planner.model import Plan

PLAN = "plan"
GENERATION = "plan_generation"
PARTICIPANT_MODE = "participant_mode"
WEEK = "week_monday"  # the week composer's week (a Monday), shared with the rules page's jumps
FOCUS_ACTIVITY = "focus_activity"  # an activity a finding pointed at
PROGRAM_SECTION = "program_section"
SAVED_FINGERPRINT = "saved_fingerprint"  # the plan as last saved/opened, to warn before losing it
PREVIOUS_PLAN = "previous_plan"  # the plan replaced by the last open/new, for "angre"
FLASH = "flash_messages"
EDITOR_VERSION = "editor_versions"


def init() -> None:
    defaults: dict[str, Any] = {
        PLAN: None,
        GENERATION: 0,
        PARTICIPANT_MODE: False,
        WEEK: None,
        FOCUS_ACTIVITY: None,
        PROGRAM_SECTION: None,
        SAVED_FINGERPRINT: None,
        PREVIOUS_PLAN: None,
        FLASH: [],
        EDITOR_VERSION: {},
    }
    for key, value in defaults.items():
        if key not in st.session_state:
            st.session_state[key] = value


def plan() -> Plan | None:
    return st.session_state.get(PLAN)


def set_plan(new: Plan) -> None:
    """An edit of the current plan."""
    st.session_state[PLAN] = new


def _fingerprint(current: Plan) -> str:
    from app_ui.engine import analyse

    return analyse(current).fingerprint


def open_plan(new: Plan, *, saved: bool) -> None:
    """Replace the whole plan (new, from a file, from a template). `saved`: it is on disk as it is
    (opened from a file), so leaving it loses nothing."""
    st.session_state[PREVIOUS_PLAN] = st.session_state.get(PLAN)
    st.session_state[PLAN] = new
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
    st.session_state[WEEK] = None
    st.session_state[FOCUS_ACTIVITY] = None
    st.session_state[SAVED_FINGERPRINT] = _fingerprint(new) if saved else None


def mark_saved() -> None:
    current = plan()
    if current is not None:
        st.session_state[SAVED_FINGERPRINT] = _fingerprint(current)


def unsaved_changes() -> bool:
    """True when the open plan differs from what was last downloaded or opened."""
    current = plan()
    if current is None:
        return False
    return st.session_state.get(SAVED_FINGERPRINT) != _fingerprint(current)


def participant_mode() -> bool:
    return bool(st.session_state.get(PARTICIPANT_MODE))


def wkey(name: str) -> str:
    """A widget key tied to the open plan (see module docstring)."""
    return f"{name}__g{st.session_state.get(GENERATION, 0)}"


def editor_key(name: str) -> str:
    """Key of a data editor; `bump_editor(name)` gives it a fresh one after its edits are applied,
    so the edits are not applied twice (its state holds row deltas, not values)."""
    versions = st.session_state.setdefault(EDITOR_VERSION, {})
    return f"{wkey(name)}__v{versions.get(name, 0)}"


def bump_editor(name: str) -> None:
    versions = st.session_state.setdefault(EDITOR_VERSION, {})
    versions[name] = versions.get(name, 0) + 1


def bind(key: str, initial: Any, commit: Callable[[Any], None]) -> dict[str, Any]:
    """Keyword arguments for a widget that edits the plan: its value starts as `initial` (once, while
    the key is new) and `commit(value)` runs when the user changes it.

        st.text_input("Hovedmål", **bind(wkey("goal_main"), plan.goals.main, save_main))
    """
    if key not in st.session_state:
        st.session_state[key] = initial

    def on_change() -> None:
        try:
            commit(st.session_state[key])
        except ValueError as exc:  # EditError: keep the plan, say why
            flash(str(exc), "error")

    return {"key": key, "on_change": on_change}


def persist(key: str, default: Any = None) -> dict[str, Any]:
    """Keyword arguments for a widget whose value must outlive a page switch without being part
    of the plan (the new-plan form, the catalogue search). Streamlit forgets a widget's value when
    its page is left; a shadow copy brings it back. The widget must not be given `value=`/`index=`.
    Not for widgets inside st.form (they cannot have callbacks)."""
    shadow = f"_kept_{key}"
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(shadow, default)

    def on_change() -> None:
        st.session_state[shadow] = st.session_state[key]

    return {"key": key, "on_change": on_change}


def flash(message: str, kind: str = "success") -> None:
    """A message shown once, on the next run (after a callback or a page switch)."""
    st.session_state.setdefault(FLASH, []).append((kind, message))


def show_flash() -> None:
    messages = st.session_state.get(FLASH) or []
    st.session_state[FLASH] = []
    for kind, message in messages:
        {"success": st.success, "error": st.error, "warning": st.warning, "info": st.info}.get(kind, st.info)(message)


def week(default: date | None = None) -> date | None:
    return st.session_state.get(WEEK) or default


def set_week(monday: date | None) -> None:
    st.session_state[WEEK] = monday
