"""`python -m planner stipend`, run as a user would: a subprocess on the shared example plan."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT.parent / "shared/spec/example-plan.json"
CONTRACT_KEYS = {
    "month",
    "stipend_days",
    "base",
    "child_supplement",
    "absence_deduction",
    "work_deduction",
    "benefit_deduction",
    "total",
}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planner", "stipend", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_json_follows_the_contract_on_the_example_plan():
    done = run(EXAMPLE, "--json")
    assert done.returncode == 0, done.stderr
    tree = json.loads(done.stdout, parse_float=Decimal)
    months = tree["months"]
    # The example runs 2 March 2026 – 28 February 2027: twelve months.
    assert [m["month"] for m in months][:2] == ["2026-03", "2026-04"] and len(months) == 12
    for m in months:
        assert CONTRACT_KEYS <= set(m)
        assert m["total"] >= 0
    assert tree["total"] == sum(m["total"] for m in months)

    # March 2026 (Sun 1 … Tue 31): 2–6, 9–13, 16–20, 23–27, 30–31 = 22 weekdays, G 130 160 kr
    # (until 30 April 2026), 2.041 G; the participant (born 1990) is over 25; one child (born
    # 2016) at 38 kr a day in 2026.
    march = months[0]
    assert march["stipend_days"] == 22
    assert march["base"] == Decimal("22478.63")  # 2.041 × 130 160 × 22 ÷ 260 = 22 478.632
    assert march["child_supplement"] == Decimal(22 * 38)
    assert march["total"] == march["base"] + march["child_supplement"]
    # Added keys
    assert march["payment_date"] == "2026-04-10" and march["projected"] is False
    assert tree["last_known_g_date"] == "2026-05-01"


def test_json_amounts_are_written_with_exactly_two_decimals():
    done = run(EXAMPLE, "--json")
    amounts = re.findall(r'"(?:base|child_supplement|absence_deduction|work_deduction|benefit_deduction|total|trekk)": ([-0-9.]+)', done.stdout)
    assert amounts and all(re.fullmatch(r"-?\d+\.\d{2}", a) for a in amounts), amounts
    assert '"child_supplement": 836.00' in done.stdout  # 22 days × 38 kr, not 836 or 836.0
    assert json.loads(done.stdout)["months"][0]["child_supplement"] == 836.0


def test_table_in_norwegian():
    done = run(EXAMPLE)
    assert done.returncode == 0, done.stderr
    assert "Kvalifiseringsstønad per måned" in done.stdout
    # March 2026: 22 478,63 kr base + 836,00 barnetillegg = 23 314,63 (space thousands, comma decimals)
    march = next(line for line in done.stdout.splitlines() if line.startswith("2026-03"))
    assert "22 478,63" in march and "836,00" in march and "23 314,63" in march and "10.04.2026" in march
    assert any(line.startswith("Sum") for line in done.stdout.splitlines())


def test_payment_day_option():
    done = run(EXAMPLE, "--json", "--payment-day", "1")
    assert done.returncode == 0, done.stderr
    months = {m["month"]: m for m in json.loads(done.stdout)["months"]}
    assert months["2026-03"]["payment_date"] == "2026-04-01"  # Wednesday 1 April 2026
    # Fri 1 May 2026 is a holiday; the Thursday before is still April, the month paid: Mon 4 May.
    assert months["2026-04"]["payment_date"] == "2026-05-04"


def test_deductions_and_trekk_reach_the_output(tmp_path):
    plan = _example()
    # Ugyldig fravær 7.5 h on Tuesday 3 March 2026; dagpenger 1 000 kr in March; trekk 500 kr/month.
    plan["absences"] = [{"date": "2026-03-03", "hours": 7.5, "valid": False}]
    plan["income"] = [{"kind": "dagpenger", "month": "2026-03", "amount": 1000}]
    plan["overpayments"] = [{"amount": 800, "from_month": "2026-03", "max_per_month": 500}]
    file = tmp_path / "plan.json"
    file.write_text(json.dumps(plan), encoding="utf-8")
    done = run(file, "--json")
    assert done.returncode == 0, done.stderr
    months = json.loads(done.stdout, parse_float=Decimal)["months"]
    march, april = months[0], months[1]
    assert march["absence_deduction"] == Decimal("1021.76")  # one full day: 265 656.56 ÷ 260 = 1 021.756
    assert march["benefit_deduction"] == Decimal("1000.00")
    assert (march["trekk"], april["trekk"]) == (Decimal("500.00"), Decimal("300.00"))
    assert march["total"] == Decimal("22478.63") + 836 - Decimal("1021.76") - 1000 - 500


@pytest.mark.parametrize(
    ("content", "args"),
    [
        ("not json {", ()),
        ('{"format": "kvp-plan", "version": 1}', ()),  # participant and application_date missing
        (None, ("--payment-day", "0")),
        (None, ("--payment-day", "ti")),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path, content, args):
    file = EXAMPLE
    if content is not None:
        file = tmp_path / "bad.json"
        file.write_text(content, encoding="utf-8")
    done = run(file, *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip()


def test_missing_file_exits_2(tmp_path):
    done = run(tmp_path / "finnes-ikke.json")
    assert done.returncode == 2 and done.stdout == "" and "finner ikke filen" in done.stderr


def test_plan_before_the_parameter_table_exits_2(tmp_path):
    plan = _example()
    plan["application_date"] = "2010-01-04"
    plan["periods"] = [{"start": "2010-01-04", "end": "2010-06-30"}]
    plan["leaves"] = []
    file = tmp_path / "old.json"
    file.write_text(json.dumps(plan), encoding="utf-8")
    done = run(file, "--json")
    assert done.returncode == 2 and done.stdout == "" and "kan ikke beregne stønaden" in done.stderr
