"""`python -m planner …`: the command line, the same engine the app uses.

Each command lives in its own module with `register(subparsers)`; this file only wires them.
Exit codes (spec/plan-format.md): 0 fine, 1 rule or row errors, 2 bad input (nothing written).
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES = ("check_cmd", "stipend_cmd", "export_cmd", "catalogue_cmd", "plans_cmd")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's usage errors are bad input too: exit 2
        self.print_usage(sys.stderr)
        print(f"feil: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m planner", description="KVP-planleggeren: sjekk, stønad, eksport og katalog.")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"planner.cli.{name}")
        except ModuleNotFoundError as exc:  # a command not built yet in this checkout
            if exc.name != f"planner.cli.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except BrokenPipeError:  # `… | head`: the reader left; not an error of ours
        sys.stderr.close()
        return 0
