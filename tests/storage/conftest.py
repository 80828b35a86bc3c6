"""Fixtures for the storage tests: every `store` test runs on SQLite (a temp file) and on
PostgreSQL (a fresh database per test module, from tests/conftest.py's server; marked `postgres`).

Tests on the same PostgreSQL database stay apart by using their own offices (`office` fixture
makes uniquely named ones), since everything in the store is per office.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from planner.params import load_parameters
from planner.sample_data import sample_plans
from planner.storage import Actor, Role, Store, open_store


@pytest.fixture(scope="session")
def params():
    return load_parameters()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kvp.sqlite'}"
    return request.getfixturevalue("fresh_postgres_url")


@pytest.fixture
def store(db_url, params) -> Iterator[Store]:
    opened = open_store(db_url, params=params)
    try:
        yield opened
    finally:
        opened.close()


@dataclass(frozen=True)
class Office:
    name: str
    veileder: Actor
    veileder2: Actor
    fagansvarlig: Actor


def _make_office(store: Store, prefix: str) -> Office:
    name = f"{prefix} {uuid.uuid4().hex[:8]}"
    return Office(
        name=name,
        veileder=store.ensure_actor(f"v1-{name}", "Vera Veileder", name, Role.VEILEDER),
        veileder2=store.ensure_actor(f"v2-{name}", "Viggo Veileder", name, Role.VEILEDER),
        fagansvarlig=store.ensure_actor(f"f-{name}", "Frida Fagansvarlig", name, Role.FAGANSVARLIG),
    )


@pytest.fixture
def office(store) -> Office:
    return _make_office(store, "NAV Test")


@pytest.fixture
def other_office(store) -> Office:
    return _make_office(store, "NAV Annet")


@pytest.fixture(scope="session")
def plans():
    """Four complete, invented sample plans (planner.sample_data)."""
    return sample_plans()


@pytest.fixture
def plan(plans):
    return plans[0]
