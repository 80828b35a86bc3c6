"""`python -m planner check` as a user runs it: output per the contract, and the exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT.parent / "shared/spec/example-plan.json"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planner", "check", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def example_tree() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def write(tmp_path: Path, tree: dict | str, name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(tree if isinstance(tree, str) else json.dumps(tree, ensure_ascii=False), encoding="utf-8")
    return path


def test_example_json_has_no_errors():
    done = run(str(EXAMPLE), "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == {"findings", "summary"}
    assert out["summary"] == {"errors": 0, "warnings": 0, "infos": 1}
    for finding in out["findings"]:
        assert {"rule", "severity", "message", "reference"} <= set(finding)
        assert finding["severity"] in ("error", "warning", "info")


def test_example_table():
    done = run(str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert "programmet 2. mars 2026–28. februar 2027" in done.stdout
    assert "rate_projected" in done.stdout and "sotjl § 35" in done.stdout
    assert done.stdout.rstrip().endswith("Oppsummering: 0 feil, 0 advarsler, 1 info.")
    assert done.stderr == ""


def test_errors_exit_1_with_weeks_and_date(tmp_path):
    tree = example_tree()
    tree["activities"] = [a for a in tree["activities"] if a["id"] != "a4"]  # March weeks short
    tree["evaluations"] = []
    plan = write(tmp_path, tree)
    done = run(str(plan), "--json")
    assert done.returncode == 1, done.stderr
    out = json.loads(done.stdout)
    assert out["summary"]["errors"] == 2
    rules = [f["rule"] for f in out["findings"]]
    assert rules[:2] == ["full_time", "evaluations_scheduled"]  # both dated 2 March: the law's order (RULES)
    full_time = next(f for f in out["findings"] if f["rule"] == "full_time")
    assert full_time["weeks"] == ["2026-U10", "2026-U11", "2026-U12", "2026-U13", "2026-U14"]
    assert full_time["date"] == "2026-03-02"
    assert full_time["reference"] == "sotjl § 30 tredje ledd"
    assert full_time["explanation"]["parameters"][0]["name"] == "program.timer_per_uke"
    table = run(str(plan))
    assert table.returncode == 1
    assert "FEIL" in table.stdout and "Uker: 2026-U10, 2026-U11" in table.stdout
    assert "Oppsummering: 2 feil" in table.stdout


def test_warnings_alone_exit_0_and_the_office_can_raise_halfway(tmp_path):
    tree = example_tree()
    a5 = next(a for a in tree["activities"] if a["id"] == "a5")
    second = dict(a5, id="a5b", start="2026-08-31")
    a5["end"] = "2026-08-28"
    tree["activities"].append(second)
    plan = write(tmp_path, tree)
    done = run(str(plan), "--json")
    assert done.returncode == 0
    (halfway,) = [f for f in json.loads(done.stdout)["findings"] if f["rule"] == "work_directed_by_halfway"]
    assert halfway["severity"] == "warning" and halfway["date"] == "2026-08-30"
    raised = run(str(plan), "--json", "--halfway-severity", "error")
    assert raised.returncode == 1
    assert json.loads(raised.stdout)["summary"]["errors"] == 1


def test_final_part_months_option(tmp_path):
    tree = example_tree()
    next(a for a in tree["activities"] if a["id"] == "a6")["end"] = "2026-11-30"
    plan = write(tmp_path, tree)
    assert run(str(plan)).returncode == 1
    assert run(str(plan), "--final-part-months", "4").returncode == 0


@pytest.mark.parametrize(
    "content, expected",
    [
        ("{ not json", "ikke gyldig JSON"),
        ('{"format": "kvp-plan", "version": 1, "application_date": "2026-01-12"}', "participant: mangler"),
    ],
)
def test_bad_input_exits_2_naming_the_problem(tmp_path, content, expected):
    done = run(str(write(tmp_path, content)), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert expected in done.stderr


def test_missing_file_exits_2():
    done = run("finnes-ikke.json")
    assert done.returncode == 2 and "finner ikke filen" in done.stderr and done.stdout == ""


@pytest.mark.parametrize("value", ["0", "37", "tre"])
def test_bad_option_exits_2(value):
    done = run(str(EXAMPLE), "--final-part-months", value)
    assert done.returncode == 2 and done.stdout == ""
    assert "--final-part-months" in done.stderr


def test_help_is_norwegian():
    done = run("--help")
    assert done.returncode == 0
    assert "skriv funnene som JSON" in done.stdout
