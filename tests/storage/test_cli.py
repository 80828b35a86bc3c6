"""`python -m planner plans list|import|export` and `catalogue import`, run as a user would:
subprocesses with DATABASE_URL pointing at a temporary SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from planner.planfile import dumps_plan
from planner.storage.db import REPO_ROOT


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}", "PYTHONPATH": str(REPO_ROOT)}


def run(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planner", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def plan_files(tmp_path, plans) -> list[Path]:
    files = []
    for index, plan in enumerate(plans[:2]):
        path = tmp_path / f"plan{index}.json"
        path.write_text(dumps_plan(plan), encoding="utf-8")
        files.append(path)
    return files


def test_plans_import_list_export(env, tmp_path, plan_files, plans):
    imported = run(env, "plans", "import", *map(str, plan_files))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.count("lagret som plan") == 2

    listed = run(env, "plans", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert sorted(r["label"] for r in rows) == ["AK", "MH"]
    assert all(r["revision"] == 1 and r["errors"] is not None for r in rows)

    table = run(env, "plans", "list", "--sort", "label")
    assert table.returncode == 0 and "Neste evaluering" in table.stdout and "2 planer." in table.stdout
    assert run(env, "plans", "list", "--search", "MH", "--json").stdout.count('"label"') == 1

    ak = next(r for r in rows if r["label"] == "AK")
    out = tmp_path / "ut" / "ak.json"
    out.parent.mkdir()
    exported = run(env, "plans", "export", ak["plan_id"], "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert out.read_text(encoding="utf-8") == dumps_plan(plans[0])
    to_stdout = run(env, "plans", "export", ak["plan_id"], "-o", "-")
    assert to_stdout.stdout == dumps_plan(plans[0])


def test_plans_of_another_office_are_not_listed_or_exported(env, tmp_path, plan_files):
    assert run(env, "plans", "import", str(plan_files[0]), "--office", "NAV Nord", "--user", "kari").returncode == 0
    theirs = json.loads(run(env, "plans", "list", "--json", "--office", "NAV Nord", "--user", "kari").stdout)
    assert len(theirs) == 1
    assert json.loads(run(env, "plans", "list", "--json").stdout) == []  # the local office sees nothing
    target = tmp_path / "x.json"
    refused = run(env, "plans", "export", theirs[0]["plan_id"], "-o", str(target))
    assert refused.returncode == 2 and "Fant ingen plan" in refused.stderr
    assert not target.exists()


def test_bad_input_exits_2_and_saves_nothing(env, tmp_path, plan_files, plans):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "kvp-plan", "participant": {"birth_date": "1990-13-01"}}', encoding="utf-8")
    result = run(env, "plans", "import", str(plan_files[0]), str(broken))
    assert result.returncode == 2
    assert "participant.birth_date" in result.stderr and "Ingen planer er lagret" in result.stderr
    assert json.loads(run(env, "plans", "list", "--json").stdout) == []

    fnr = tmp_path / "fnr.json"
    fnr.write_text(dumps_plan(replace(plans[0], participant=replace(plans[0].participant, name="01019012345"))), encoding="utf-8")
    result = run(env, "plans", "import", str(fnr))
    assert result.returncode == 2 and "fødselsnummer" in result.stderr
    assert json.loads(run(env, "plans", "list", "--json").stdout) == []

    assert run(env, "plans", "import", str(tmp_path / "finnes-ikke.json")).returncode == 2
    assert run(env, "plans", "export", "ikke-en-id", "-o", str(tmp_path / "y.json")).returncode == 2
    assert run(env, "plans").returncode == 2  # a sub-command is required


# -- catalogue import -------------------------------------------------------------------------------

GOOD = (
    "id;navn;kategori;timer_per_uke\r\n"
    "strikkekafe;Strikkekafé;supporting;3\r\n"
    "turgruppe;Turgruppe;helse;4,5\r\n"
)
BAD_ROW = GOOD + "uten-kategori;Uten kategori;;\r\n"


def run_import(env, *args: str) -> subprocess.CompletedProcess:
    """Through the command line's `catalogue import` when catalogue_cmd.py wires it in,
    else through the module on its own (same parser, same code)."""
    wired = "import" in run(env, "catalogue", "--help").stdout
    command = [sys.executable, "-m", "planner", "catalogue", "import"] if wired else [
        sys.executable, "-m", "planner.cli.catalogue_import"]
    return subprocess.run([*command, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def _stored(env, office: str) -> list[str]:
    from planner.storage import open_store

    with open_store(env["DATABASE_URL"]) as store:
        actor = store.ensure_actor("lokal", "Lokal bruker", office, "fagansvarlig")
        return sorted(m.id for m in store.catalogue.list_measures(actor))


def test_catalogue_import_dry_run_then_store(env, tmp_path):
    file = tmp_path / "kontor.csv"
    file.write_text(GOOD, encoding="utf-8")
    dry = run_import(env, str(file), "--office", "NAV Sør", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Rad 2: Nytt" in dry.stdout and "ingenting er lagret" in dry.stdout
    assert _stored(env, "NAV Sør") == []

    stored = run_import(env, str(file), "--office", "NAV Sør")
    assert stored.returncode == 0, stored.stderr
    assert "2 nye, 0 endret" in stored.stdout
    assert _stored(env, "NAV Sør") == ["strikkekafe", "turgruppe"]

    file.write_text(GOOD.replace("4,5", "6"), encoding="utf-8")
    again = run_import(env, str(file), "--office", "NAV Sør", "--json")
    assert again.returncode == 0, again.stderr
    preview = json.loads(again.stdout)
    assert preview["summary"] == {"added": 0, "changed": 1, "unchanged": 1, "rejected": 0}
    assert preview["rows"][1]["changes"] == [{"column": "timer_per_uke", "old": "4.5", "new": "6"}]


def test_catalogue_import_with_a_bad_row_exits_1_and_stores_nothing(env, tmp_path):
    file = tmp_path / "kontor.csv"
    file.write_text(BAD_ROW, encoding="utf-8")
    result = run_import(env, str(file), "--office", "NAV Vest")
    assert result.returncode == 1
    assert "Rad 4: Avvist" in result.stdout and "Kategori mangler" in result.stdout
    assert "Rad 2: Nytt" in result.stdout  # the good rows are still shown
    assert _stored(env, "NAV Vest") == []


def test_catalogue_import_of_an_unreadable_file_exits_2(env, tmp_path):
    picture = tmp_path / "bilde.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = run_import(env, str(picture), "--office", "NAV Øst")
    assert result.returncode == 2 and "bilde" in result.stderr
    assert run_import(env, str(tmp_path / "mangler.csv"), "--office", "NAV Øst").returncode == 2
    assert run_import(env, str(picture)).returncode == 2  # --office is required
