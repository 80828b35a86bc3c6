"""`python -m planner plans …`: saved plans in the database (the same store the app uses).

    plans list [--all] [--search TEKST] [--sort next_evaluation|label|end_date|updated|errors]
               [--archived] [--json]
    plans import FIL… [--label TEKST] [--comment TEKST]
    plans export PLAN_ID -o FIL [--revision N]

The database is $DATABASE_URL, else data/kvp.sqlite. Who is acting: `--office NAVN --user NAVN
[--role veileder|fagansvarlig]`, by default the local single-user mode (office «Lokalt kontor»,
user «lokal», fagansvarlig). Every read and write is in the office's audit log.

Exit codes: 0 fine; 2 bad input (a file that is not a valid plan, a fødselsnummer in a plan, an
unknown plan id, a database that cannot be opened), with one Norwegian line per problem on stderr;
nothing is written then. `plans import` checks every file before it saves any.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from planner.cli.common import fail, read_plan

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def add_actor_arguments(parser: argparse.ArgumentParser, *, office_required: bool = False) -> None:
    parser.add_argument(
        "--office",
        metavar="NAVN",
        required=office_required,
        help="kontoret (standard: «Lokalt kontor», enbrukermodus)" if not office_required else "kontoret",
    )
    parser.add_argument("--user", metavar="NAVN", help="brukeren (standard: «lokal»)")
    parser.add_argument(
        "--role",
        choices=("veileder", "fagansvarlig"),
        default="fagansvarlig",
        help="rollen til brukeren (standard: fagansvarlig)",
    )


def open_store_or_fail():
    """The store from $DATABASE_URL (or data/kvp.sqlite), or exit 2 with a Norwegian message."""
    try:
        from planner.storage import open_store

        return open_store()
    except Exception as exc:  # unreachable server, bad URL, unwritable directory …
        raise fail([f"Kan ikke åpne databasen: {exc}"]) from None


def actor_from_args(store, args: argparse.Namespace):
    from planner.storage import LOCAL_OFFICE, LOCAL_SUBJECT

    office = (args.office or LOCAL_OFFICE).strip()
    user = (args.user or LOCAL_SUBJECT).strip()
    if not office or not user:
        raise fail(["--office og --user kan ikke være tomme"])
    display = "Lokal bruker" if user == LOCAL_SUBJECT else user
    return store.ensure_actor(user, display, office, args.role)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "plans",
        help="lagrede planer: list, importer og eksporter",
        description="Lagrede planer i databasen ($DATABASE_URL, ellers data/kvp.sqlite).",
    )
    commands = parser.add_subparsers(dest="plans_command", required=True, metavar="KOMMANDO")

    listing = commands.add_parser("list", help="vis saksoversikten (kontorets planer)")
    add_actor_arguments(listing)
    listing.add_argument("--all", action="store_true", help="alle kontorets planer, ikke bare mine")
    listing.add_argument("--mine", action="store_true", help="bare planer jeg eier")
    listing.add_argument("--search", metavar="TEKST", help="søk i etikett og initialer")
    listing.add_argument(
        "--sort",
        default="next_evaluation",
        choices=("next_evaluation", "label", "end_date", "updated", "errors"),
        help="sortering (standard: neste evaluering)",
    )
    listing.add_argument("--archived", action="store_true", help="ta med arkiverte planer")
    listing.add_argument("--json", action="store_true", help="skriv som JSON")
    listing.set_defaults(run=run_list)

    importing = commands.add_parser("import", help="lagre planfiler som nye planer")
    importing.add_argument("files", nargs="+", metavar="FIL", help="planfiler (JSON)")
    add_actor_arguments(importing)
    importing.add_argument("--label", metavar="TEKST", help="etikett (standard: deltakerens initialer)")
    importing.add_argument("--comment", metavar="TEKST", default="Importert fra fil", help="kommentar til versjonen")
    importing.set_defaults(run=run_import)

    export = commands.add_parser("export", help="skriv en lagret plan til en planfil")
    export.add_argument("plan_id", metavar="PLAN_ID")
    export.add_argument("-o", "--output", required=True, metavar="FIL", help="filen som skrives («-» for standard ut)")
    export.add_argument("--revision", type=int, metavar="N", help="versjon (standard: nyeste)")
    add_actor_arguments(export)
    export.set_defaults(run=run_export)


def run_list(args: argparse.Namespace) -> int:
    store = open_store_or_fail()
    try:
        actor = actor_from_args(store, args)
        scope = "office" if args.all else "mine" if args.mine else None
        rows = store.caseload(actor, args.search, args.sort, scope=scope, include_archived=args.archived)
    finally:
        store.close()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "plan_id": r.plan_id,
                        "label": r.label,
                        "participant": r.participant_label,
                        "owner": r.owner_name,
                        "revision": r.latest_revision,
                        "updated_at": r.updated_at.isoformat(),
                        "period": [_iso(r.period_start), _iso(r.period_end)],
                        "next_evaluation": _iso(r.next_evaluation),
                        "end_date": _iso(r.end_date),
                        "errors": r.error_count,
                        "warnings": r.warning_count,
                        "archived": r.archived,
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    if not rows:
        print("Ingen planer.")
        return EXIT_OK
    header = ("Plan-id", "Etikett", "Versjon", "Periode", "Neste evaluering", "Slutt", "Feil", "Advarsler", "Eier")
    table = [
        (
            r.plan_id,
            r.label + (" (arkivert)" if r.archived else ""),
            str(r.latest_revision),
            f"{_no(r.period_start)}–{_no(r.period_end)}" if r.period_start else "–",
            _no(r.next_evaluation),
            _no(r.end_date),
            _count(r.error_count),
            _count(r.warning_count),
            r.owner_name,
        )
        for r in rows
    ]
    widths = [max(len(str(line[i])) for line in [header, *table]) for i in range(len(header))]
    for line in [header, *table]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip())
    print(f"\n{len(rows)} {'plan' if len(rows) == 1 else 'planer'}.")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from planner.storage import PersonalDataError
    from planner.storage.privacy import national_id_problems

    plans = []
    problems: list[str] = []
    for path in args.files:  # every file is checked before anything is saved
        try:
            plan = read_plan(path)
        except SystemExit:  # read_plan printed the problems (field paths) already
            problems.append(f"{path}: ikke lagret (se feilene over)")
            continue
        for problem in national_id_problems(plan):
            problems.append(f"{path}: {problem}")
        plans.append((path, plan))
    if problems:
        raise fail(problems + ["Ingen planer er lagret."])
    store = open_store_or_fail()
    try:
        actor = actor_from_args(store, args)
        for path, plan in plans:
            try:
                revision = store.save_plan(actor, plan, base_revision=None, comment=args.comment or "", label=args.label)
            except PersonalDataError as exc:  # the label, say
                raise fail([f"{path}: {p}" for p in exc.problems]) from None
            counts = ""
            if revision.error_count is not None:
                counts = f"; {revision.error_count} feil, {revision.warning_count} advarsler"
            print(f"{path}: lagret som plan {revision.plan_id} (versjon {revision.number}{counts})")
    finally:
        store.close()
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from planner.storage import NotFound

    store = open_store_or_fail()
    try:
        actor = actor_from_args(store, args)
        try:
            stored = store.export_plan(actor, args.plan_id, args.revision)
        except NotFound as exc:
            raise fail([str(exc)]) from None
    finally:
        store.close()
    if args.output == "-":
        sys.stdout.write(stored.json)
        return EXIT_OK
    target = Path(args.output)
    if target.parent and not target.parent.is_dir():
        raise fail([f"{args.output}: mappen finnes ikke"])
    _write_atomically(target, stored.json.encode("utf-8"))
    print(f"Skrev plan {stored.plan_id} versjon {stored.revision.number} til {args.output}", file=sys.stderr)
    return EXIT_OK


def _write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    handle, temp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _no(day) -> str:
    return day.strftime("%d.%m.%Y") if day else "–"


def _count(value: int | None) -> str:
    return "–" if value is None else str(value)
