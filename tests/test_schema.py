"""schema/kvp-plan.schema.json agrees with the loader: good plans pass both, broken plans fail
both — except the few things JSON Schema cannot say, which only the loader catches."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from planner.planfile import PlanFileError, parse_plan, plan_to_dict

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT.parent / "shared/spec/example-plan.json"
SCHEMA = json.loads((ROOT / "schema/kvp-plan.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def example_tree() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def schema_errors(tree) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(tree)]


def loader_problems(tree) -> list[str]:
    try:
        parse_plan(json.dumps(tree, ensure_ascii=False))
    except PlanFileError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_example_validates():
    assert schema_errors(example_tree()) == []


def test_what_the_planner_writes_validates():
    tree = example_tree()
    tree["periods"][0]["special_reasons"] = True
    tree["absences"] = [{"date": "2026-04-14", "hours": 3.5, "valid": False}]
    tree["income"] = [{"kind": "work", "month": "2026-05", "hours": 20}, {"kind": "sykepenger", "month": "2026-06", "amount": 900}]
    tree["eligibility"] = {"answers": {"alder": True, "aev": None}, "note": "Vurdert"}
    tree["overpayments"] = [{"amount": 5000, "from_month": "2026-09", "max_per_month": 1000}]
    tree["competence"] = ["Truckførerbevis"]
    tree["ended"] = "2027-01-31"
    assert loader_problems(tree) == []
    written = plan_to_dict(parse_plan(json.dumps(tree)))
    assert schema_errors(written) == []


def change(path: list, value=None, delete: bool = False):
    def apply(tree):
        node = tree
        for key in path[:-1]:
            node = node[key]
        if delete:
            del node[path[-1]]
        else:
            node[path[-1]] = value
        return tree

    return apply


BROKEN = {
    "wrong type": change(["activities", 0, "hours_per_week"], "mye"),
    "list expected": change(["periods"], {"start": "2026-03-02", "end": "2027-02-28"}),
    "unknown category": change(["activities", 0, "category"], "school"),
    "unknown leave kind": change(["leaves", 0, "kind"], "holiday"),
    "unknown status": change(["activities", 0, "status"], "done"),
    "unknown language": change(["participant", "language"], "sv"),
    "missing birth date": change(["participant", "birth_date"], delete=True),
    "missing application date": change(["application_date"], delete=True),
    "missing activity title": change(["activities", 2, "title"], delete=True),
    "impossible date": change(["periods", 0, "end"], "2026-02-30"),
    "not a date": change(["application_date"], "12.01.2026"),
    "zero hours": change(["activities", 0, "hours_per_week"], 0),
    "unknown weekday": change(["activities", 1, "weekdays", "sat"], 3),
    "bad month": change(["income"], [{"kind": "work", "month": "2026-13", "hours": 4}]),
    "work income without hours": change(["income"], [{"kind": "work", "month": "2026-05"}]),
    "absence without valid": change(["absences"], [{"date": "2026-04-14", "hours": 2}]),
    "absence over a day": change(["absences"], [{"date": "2026-04-14", "hours": 8, "valid": True}]),
    "wrong format": change(["format"], "kvp-plan-2"),
    "newer version": change(["version"], 2),
    "blank activity id": change(["activities", 0, "id"], "  "),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_plans_are_rejected_by_both(name):
    tree = BROKEN[name](copy.deepcopy(example_tree()))
    assert schema_errors(tree), f"the schema accepts: {name}"
    assert loader_problems(tree), f"the loader accepts: {name}"


@pytest.mark.parametrize(
    "name, breaks",
    [
        ("end before start", change(["activities", 3, "end"], "2026-02-27")),
        ("duplicate activity id", change(["activities", 4, "id"], "a2")),
        ("weekdays not summing to hours_per_week", change(["activities", 1, "weekdays", "mon"], 4)),
    ],
)
def test_what_only_the_loader_can_catch(name, breaks):
    """Cross-field rules JSON Schema cannot express (documented in the schema's description)."""
    tree = breaks(copy.deepcopy(example_tree()))
    assert schema_errors(tree) == []
    assert loader_problems(tree)


def test_a_misspelt_field_is_caught_by_the_schema():
    # The loader ignores unknown fields (later versions may add some); the schema, for producers, does not.
    tree = example_tree()
    tree["activities"][0]["hours_per_weak"] = 7.5
    assert any("hours_per_weak" in e for e in schema_errors(tree))
    assert loader_problems(tree) == []


def test_a_draft_without_periods_is_valid_and_reloads():
    # A draft saved before the first vedtak period is set must open again; the rule `no_periods`
    # reports what is missing, the file format does not refuse it.
    tree = change(["periods"], [])(copy.deepcopy(example_tree()))
    assert not schema_errors(tree)
    assert not loader_problems(tree)
