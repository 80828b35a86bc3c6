"""What the commands share: reading a plan file, or exiting 2 with one Norwegian line per problem."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from planner.model import Plan
from planner.planfile import MAX_PLAN_BYTES, PlanFileError, parse_plan


class BadInput(SystemExit):
    """Raised after the problems are printed: exit code 2, nothing written."""

    def __init__(self) -> None:
        super().__init__(2)


def fail(lines: list[str]) -> BadInput:
    for line in lines:
        print(line, file=sys.stderr)
    return BadInput()


def read_plan(path: str) -> Plan:
    file = Path(path)
    if not file.is_file():
        raise fail([f"{path}: finner ikke filen"])
    if file.stat().st_size > MAX_PLAN_BYTES:
        raise fail([f"{path}: filen er for stor til å være en planfil"])
    try:
        return parse_plan(file.read_bytes())
    except PlanFileError as exc:
        raise fail([str(p) for p in exc.problems]) from None


def print_json(tree: Any) -> None:
    print(json.dumps(tree, ensure_ascii=False, indent=2, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"kan ikke skrive {type(value).__name__} som JSON")
