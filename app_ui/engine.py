"""The planner engine as the app sees it: rules, stipend, calendar, catalogue, templates.

Every call into `planner/` that the pages need goes through here, so that

- the rules and the stipend run once per plan (not once per widget): `analyse(plan)` is cached in
  `st.session_state` by the plan's identity (the model is frozen; an edit makes a new object);
- a module another engineer has not landed yet degrades to a clear message instead of a crash
  (INTEGRATION POINTS below: each `_optional(...)` import).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import streamlit as st

from planner.calendar import ProgrammeCalendar
from planner.model import Plan
from planner.params import Parameters, load_parameters


def _optional(module: str, *names: str) -> tuple[Any, ...] | None:
    """INTEGRATION POINT: import names from a planner module that may not exist yet."""
    try:
        mod = importlib.import_module(module)
        return tuple(getattr(mod, n) for n in names)
    except (ImportError, AttributeError):
        return None


@st.cache_resource(show_spinner=False)
def parameters() -> Parameters:
    return load_parameters()


@st.cache_resource(show_spinner=False)
def national_catalogue():
    from planner.catalogue import load_national_catalogue

    return load_national_catalogue()


def rules_api():
    """(check_plan, Severity) from planner.rules, or None while it is not there."""
    return _optional("planner.rules", "check_plan", "Severity")


def stipend_api():
    """compute_stipend from planner.stipend, or None."""
    found = _optional("planner.stipend", "compute_stipend")
    return found[0] if found else None


def templates_api():
    """(TEMPLATES, PlanBasics, build_from_template, blank_plan) from planner.templates, or None."""
    return _optional("planner.templates", "TEMPLATES", "PlanBasics", "build_from_template", "blank_plan")


def example_plan_api():
    found = _optional("planner.sample_data", "example_plan")
    return found[0] if found else None


@dataclass
class Analysis:
    """Everything computed from one plan, once."""

    plan: Plan
    calendar: ProgrammeCalendar
    findings: tuple = ()
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    rules_available: bool = False
    rules_problem: str | None = None
    stipend: Any = None
    stipend_available: bool = False
    stipend_problem: str | None = None
    json_text: str = ""  # the plan file's text: for download, fingerprint and chart caches
    fingerprint: str = ""


_CACHE_KEY = "_analysis_cache"


def _severity_value(finding) -> str:
    severity = getattr(finding, "severity", None)
    return getattr(severity, "value", severity) or "info"


def _compute(plan: Plan) -> Analysis:
    from planner.editing import plan_fingerprint
    from planner.planfile import dumps_plan

    params = parameters()
    text = dumps_plan(plan)
    analysis = Analysis(
        plan=plan, calendar=ProgrammeCalendar(plan, params), json_text=text, fingerprint=plan_fingerprint(plan, text)
    )
    rules = rules_api()
    if rules is not None:
        check_plan, _severity = rules
        try:
            result = check_plan(plan, params)
            findings = tuple(
                sorted(
                    result.findings,
                    key=lambda f: ({"error": 0, "warning": 1}.get(_severity_value(f), 2), getattr(f, "date", None) is None,
                                   getattr(f, "date", None) or plan.application_date),
                )
            )
            analysis.findings = findings
            analysis.errors = sum(1 for f in findings if _severity_value(f) == "error")
            analysis.warnings = sum(1 for f in findings if _severity_value(f) == "warning")
            analysis.infos = sum(1 for f in findings if _severity_value(f) == "info")
            analysis.rules_available = True
        except Exception as exc:  # a rule crashing must not take the plan away from the user
            analysis.rules_problem = f"Regelsjekken feilet: {exc}"
    else:
        analysis.rules_problem = "Regelsjekken er ikke på plass i denne versjonen ennå."
    compute_stipend = stipend_api()
    if compute_stipend is not None:
        try:
            analysis.stipend = compute_stipend(plan, params)
            analysis.stipend_available = True
        except Exception as exc:
            analysis.stipend_problem = f"Stønadsberegningen feilet: {exc}"
    else:
        analysis.stipend_problem = "Stønadsberegningen er ikke på plass i denne versjonen ennå."
    return analysis


def analyse(plan: Plan) -> Analysis:
    """The analysis of `plan`, computed at most once per plan object (cached in session state)."""
    cached = st.session_state.get(_CACHE_KEY)
    if cached is not None and cached.plan is plan:
        return cached
    analysis = _compute(plan)
    st.session_state[_CACHE_KEY] = analysis
    return analysis
