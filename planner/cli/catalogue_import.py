"""`python -m planner catalogue import FIL --office NAVN [--dry-run]`: store an office's own
catalogue file (CSV or XLSX) in the database.

The same two steps as the app's dugnad page: the file is checked row by row and a preview is
printed (new, changed with the changed fields, unchanged, rejected with the error); then, unless
`--dry-run` or any row is rejected, everything is stored in one transaction. Imported measures are
published (the CLI acts as the office's fagansvarlig unless `--role veileder`, which may not import).

Exit codes, as for `catalogue check`: 0 stored (or a clean dry run), 1 errors in rows or headers
(nothing stored), 2 unreadable file (not found, not a spreadsheet, too big, empty) or no database.

`catalogue_cmd.py` wires this in with `add_import_subcommand(commands)`; it also runs on its own as
`python -m planner.cli.catalogue_import FIL --office NAVN`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2


def add_import_subcommand(catalogue_subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `import` to the `catalogue` command's sub-commands."""
    from planner.cli.plans_cmd import add_actor_arguments

    parser = catalogue_subparsers.add_parser(
        "import",
        help="les inn kontorets egen katalogfil (CSV eller XLSX) i databasen",
        description=(
            "Sjekker katalogfilen rad for rad, viser hva som blir nytt, endret, uendret eller avvist, "
            "og lagrer alt eller ingenting. Avslutter med 0 når alt er lagret, 1 ved feil i filen "
            "(ingenting lagret), 2 om filen ikke kan leses."
        ),
    )
    parser.add_argument("file", metavar="FIL", help="katalogfilen (.csv eller .xlsx)")
    add_actor_arguments(parser, office_required=True)
    parser.add_argument("--dry-run", action="store_true", help="bare vis hva som ville skjedd; lagre ingenting")
    parser.add_argument("--comment", metavar="TEKST", default="", help="kommentar i endringshistorikken")
    parser.add_argument("--json", action="store_true", help="skriv forhåndsvisningen som JSON")
    parser.set_defaults(run=run_import)
    return parser


def run_import(args: argparse.Namespace) -> int:
    from planner.catalogue import check_size
    from planner.cli.plans_cmd import actor_from_args
    from planner.storage import ConflictError, ImportRejected, PermissionDenied, StorageError, open_store

    file = Path(args.file)
    if not file.is_file():
        print(f"{args.file}: Finner ikke filen.", file=sys.stderr)
        return EXIT_UNREADABLE
    too_big = check_size(file.stat().st_size)  # before reading it
    if too_big is not None:
        print(f"{args.file}: {too_big.errors[0]}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        data = file.read_bytes()
    except OSError as exc:
        print(f"{args.file}: Kan ikke lese filen ({exc.strerror or exc}).", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        store = open_store()
    except Exception as exc:
        print(f"Kan ikke åpne databasen: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        actor = actor_from_args(store, args)
        preview = store.catalogue.preview_import(actor, data, file.name)
        if args.json:
            print(json.dumps(preview_to_json(preview), ensure_ascii=False, indent=2))
        else:
            print(format_preview(preview, args.file), file=sys.stderr if preview.unreadable else sys.stdout)
        if preview.unreadable:
            return EXIT_UNREADABLE
        if not preview.ok:
            return EXIT_ERRORS
        if args.dry_run:
            if not args.json:
                print("Prøvekjøring (--dry-run): ingenting er lagret.")
            return EXIT_OK
        if not (preview.added or preview.changed):
            if not args.json:
                print("Ingenting å lagre: katalogen er allerede lik filen.")
            return EXIT_OK
        try:
            store.catalogue.apply_import(actor, preview, args.comment)
        except (ImportRejected, ConflictError, PermissionDenied) as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_ERRORS
        except StorageError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_ERRORS
        if not args.json:
            print(f"Lagret for {preview.office_name}: {len(preview.added)} nye, {len(preview.changed)} endret.")
        return EXIT_OK
    finally:
        store.close()


def format_preview(preview, path: str) -> str:
    """The preview as readable Norwegian, one line per row."""
    from planner.storage import RowStatus
    from planner.storage.catalogue_store import ROW_STATUS_LABELS_NB

    lines = [f"Katalog for {preview.office_name}: {path}"]
    if preview.file_errors:
        lines += [f"  {e}" for e in preview.file_errors]
        lines.append("Filen kan ikke leses inn. Ingenting er lagret.")
        return "\n".join(lines)
    for row in preview.rows:
        where = f"Rad {row.row}" if row.row is not None else "Rad ?"
        name = f"{row.measure_id or '(uten id)'}" + (f" «{row.name}»" if row.name else "")
        label = ROW_STATUS_LABELS_NB[row.status]
        if row.status is RowStatus.CHANGED:
            fields = "; ".join(f"{c.label}: «{c.old}» → «{c.new}»" for c in row.changes)
            lines.append(f"  {where}: {label:8} {name}: {fields}")
        elif row.status is RowStatus.REJECTED:
            lines.append(f"  {where}: {label:8} {name}: {' '.join(row.errors)}")
        else:
            lines.append(f"  {where}: {label:8} {name}")
    if not preview.checked_rows:
        lines.append("  (De andre radene blir vurdert når feilene er rettet.)")
    for warning in preview.warnings:
        lines.append(f"  Advarsel: {warning}")
    if preview.not_in_file:
        lines.append(f"  Ikke i filen (beholdes som før): {', '.join(preview.not_in_file)}")
    lines.append(preview.summary())
    return "\n".join(lines)


def preview_to_json(preview) -> dict:
    return {
        "office": preview.office_name,
        "file_errors": list(preview.file_errors),
        "rows": [
            {
                "row": r.row,
                "id": r.measure_id,
                "name": r.name,
                "status": r.status.value,
                "changes": [{"column": c.column, "old": c.old, "new": c.new} for c in r.changes],
                "errors": list(r.errors),
            }
            for r in preview.rows
        ],
        "warnings": list(preview.warnings),
        "not_in_file": list(preview.not_in_file),
        "summary": {
            "added": len(preview.added),
            "changed": len(preview.changed),
            "unchanged": len(preview.unchanged),
            "rejected": len(preview.rejected),
        },
        "ok": preview.ok,
    }


def main(argv: list[str] | None = None) -> int:
    """Standalone: `python -m planner.cli.catalogue_import FIL --office NAVN [--dry-run]`."""
    from planner.cli import _Parser

    parser = _Parser(prog="python -m planner catalogue", description="Kontorets egen katalog.")
    commands = parser.add_subparsers(dest="catalogue_command", required=True, parser_class=_Parser)
    add_import_subcommand(commands)
    args = parser.parse_args(["import", *(sys.argv[1:] if argv is None else argv)])
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
