"""Shared test helpers (no fixtures here; tests/conftest.py wraps them as fixtures).

- ``tests.support.postgres`` — a throwaway PostgreSQL server, fresh databases.
- ``tests.support.browser``  — start Streamlit as a subprocess, Playwright/Chromium,
  ``wait_for_streamlit(page)``, ``screenshot(page, name)``.
- ``tests.support.axe``      — axe-core accessibility checks: ``run_axe``, ``serious_violations``.

Everything written by tests for people to look at goes under ``test-artifacts/``
(git-ignored; override the location with ``KVP_TEST_ARTIFACTS``).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def in_ci() -> bool:
    """True when running under CI (CI=true): missing tools then fail instead of skip."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def artifacts_dir(*parts: str) -> Path:
    """``test-artifacts/<parts>`` (created), or under ``$KVP_TEST_ARTIFACTS`` if set."""
    base = Path(os.environ.get("KVP_TEST_ARTIFACTS") or REPO_ROOT / "test-artifacts")
    path = base.joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def safe_name(name: str) -> str:
    """Turn a test name / node id into something usable as a file name."""
    keep = [c if c.isalnum() or c in "-_." else "_" for c in name]
    return "".join(keep).strip("._")[:150] or "unnamed"


def missing_tool(message: str) -> None:
    """Skip locally, fail under CI: CI must really run what the test needs."""
    import pytest

    if in_ci():
        pytest.fail(f"{message} (CI=true, so this is a failure, not a skip; "
                    "scripts/setup.sh --test should have installed it)", pytrace=False)
    pytest.skip(f"{message} — run scripts/setup.sh --test")
