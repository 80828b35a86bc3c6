"""Dated parameters: the numbers of the law, read from `planner/parameters/*.yaml`.

Reading the files is the only I/O here and happens in `load_parameters()`; every calculation takes
the resulting `Parameters` as an argument. A parameter is looked up by its dotted name, `"stonad.grunnbelop"`,
and asked for its value on a day (`.at(day)`) or for the dates it changes (`.changes_between`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml

PARAMETER_DIR = Path(__file__).parent / "parameters"
_FRACTION = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")

Value = Decimal | Fraction | bool | str


class ParameterError(ValueError):
    """A parameter file is malformed or a value is asked for before the first known date."""


@dataclass(frozen=True)
class Reference:
    title: str
    href: str | None = None


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    references: tuple[Reference, ...]
    values: tuple[tuple[date, Value, str | None], ...]  # (from, value, reference of that value), sorted

    def at(self, day: date) -> Value:
        """The value in force on `day`."""
        current = None
        for start, value, _ in self.values:
            if start > day:
                break
            current = value
        if current is None:
            raise ParameterError(f"{self.name}: ingen verdi før {self.values[0][0].isoformat()} (spurt om {day})")
        return current

    def in_force_from(self, day: date) -> date:
        """The date the value in force on `day` took effect."""
        return max(start for start, _, _ in self.values if start <= day)

    def changes_between(self, first: date, last: date) -> list[date]:
        """Dates in `first`..`last` (inclusive) on which a new value takes effect."""
        return [start for start, _, _ in self.values if first <= start <= last]

    @property
    def last_change(self) -> date:
        return self.values[-1][0]


@dataclass(frozen=True)
class Parameters:
    """All parameters, by dotted name. `version` names the set (printed on exports)."""

    by_name: dict[str, Parameter]
    version: str
    as_of: date  # the newest date any value takes effect: what `version` names

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self.by_name[name]
        except KeyError:
            raise ParameterError(f"ukjent parameter: {name}") from None

    def at(self, name: str, day: date) -> Value:
        return self[name].at(day)

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self.by_name.values())


def _read_value(raw: Any, where: str) -> Value:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(str(raw))  # the literal as written in the file, exactly
    if isinstance(raw, str):
        match = _FRACTION.match(raw)
        if match:
            return Fraction(int(match.group(1)), int(match.group(2)))
        return raw
    raise ParameterError(f"{where}: verdien {raw!r} er verken tall, brøk, ja/nei eller tekst")


def _read_node(name: str, node: dict, source: str) -> Parameter:
    where = f"{source}: {name}"
    for key in ("description", "unit", "reference", "values"):
        if key not in node:
            raise ParameterError(f"{where}: mangler «{key}»")
    references = tuple(Reference(r["title"], r.get("href")) for r in node["reference"])
    values = []
    for start, entry in node["values"].items():
        if not isinstance(start, date):
            raise ParameterError(f"{where}: «{start}» er ikke en dato (ÅÅÅÅ-MM-DD)")
        if not isinstance(entry, dict) or "value" not in entry:
            raise ParameterError(f"{where}.{start}: skriv verdien som {{value: ...}}")
        values.append((start, _read_value(entry["value"], f"{where}.{start}"), entry.get("reference")))
    if not values:
        raise ParameterError(f"{where}: ingen verdier")
    values.sort(key=lambda v: v[0])
    return Parameter(name, node["description"], node["unit"], references, tuple(values))


def parse_parameters(documents: dict[str, str]) -> Parameters:
    """Parse parameter files given as {file stem: YAML text}. Pure: no I/O."""
    by_name: dict[str, Parameter] = {}
    for stem, text in sorted(documents.items()):
        tree = yaml.safe_load(text) or {}
        for key, node in tree.items():
            by_name[f"{stem}.{key}"] = _read_node(f"{stem}.{key}", node, f"{stem}.yaml")
    latest = max(p.last_change for p in by_name.values())
    return Parameters(by_name, version=f"parametre per {latest.isoformat()}", as_of=latest)


@lru_cache(maxsize=4)
def load_parameters(directory: Path = PARAMETER_DIR) -> Parameters:
    """Read every `*.yaml` in the parameter directory (cached: the files do not change at run time)."""
    documents = {path.stem: path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.yaml"))}
    return parse_parameters(documents)
