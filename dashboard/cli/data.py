"""``histatlas validate | slice | dump``: check a pack and query what it says, as JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from dashboard.cli import progress
from dashboard.view.texts import spreadsheet_cell
from events.pack import DEFAULT_PACK_DIR, PackError, load_pack, validate_pack
from events.polityref import PolityIndex
from events.serialize import CSV_COLUMNS, dump_json, slice_json, slice_rows
from events.timeslice import as_of, in_year

EXIT_OK, EXIT_INVALID_DATA, EXIT_USAGE = 0, 1, 2


def _day(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _year(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 9998:
        raise argparse.ArgumentTypeError(f"expected a year 1-9998, got {text!r}")
    return int(text)


def register(subparsers: argparse._SubParsersAction) -> None:
    validate = subparsers.add_parser(
        "validate",
        help="check a pack and list every problem",
        description="Check a pack (default: the built-in one). Prints one line per problem, "
        "path:line: record-id: field: message; exit 1 when there is an error.",
    )
    validate.add_argument("pack_dir", nargs="?", type=Path, metavar="PACK_DIR")
    progress.add_quiet(validate)
    validate.set_defaults(func=run_validate)

    sl = subparsers.add_parser(
        "slice",
        help="what held on a date or during a year, as JSON, CSV or GeoJSON",
        description="Print the polities, organisations, relationships, events and excerpts "
        "of a day (--date) or of a whole year (--year: anything at any time in it).",
    )
    when = sl.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", type=_day, help="a day, YYYY-MM-DD")
    when.add_argument("--year", type=_year, help="a year, YYYY")
    sl.add_argument("--pack", type=Path, help="pack directory (default: the built-in pack)")
    sl.add_argument("--format", choices=("json", "csv", "geojson"), default="json")
    sl.add_argument(
        "--raw",
        action="store_true",
        help="CSV: write cells exactly as in the pack (by default a cell starting with "
        "= + - @ is prefixed with ' so that a spreadsheet does not run it as a formula)",
    )
    sl.add_argument(
        "--borders",
        choices=("builtin", "cshapes"),
        default="builtin",
        help="border source for --format geojson",
    )
    progress.add_quiet(sl)
    sl.set_defaults(func=run_slice)

    changes = subparsers.add_parser(
        "diff",
        help="what changed between two days, as JSON",
        description="States formed, ended or changed (borders, status, name), relationships "
        "begun and ended, and the events between --from and --to (days after --from up to and "
        "including --to).",
    )
    changes.add_argument("--from", dest="first", type=_day, required=True, help="YYYY-MM-DD")
    changes.add_argument("--to", dest="last", type=_day, required=True, help="YYYY-MM-DD")
    changes.add_argument("--pack", type=Path, help="pack directory (default: the built-in pack)")
    changes.add_argument("--format", choices=("json",), default="json")
    progress.add_quiet(changes)
    changes.set_defaults(func=run_diff)

    dump = subparsers.add_parser(
        "dump",
        help="the whole pack as JSON",
        description="Print every record, excerpt and used polity of a pack as JSON.",
    )
    dump.add_argument("--pack", type=Path, help="pack directory (default: the built-in pack)")
    dump.add_argument("--format", choices=("json",), required=True)
    progress.add_quiet(dump)
    dump.set_defaults(func=run_dump)


def _shown(path: Path | None) -> str:
    return str(path) if path is not None else str(DEFAULT_PACK_DIR)


def run_validate(args: argparse.Namespace) -> int:
    with progress.step(args, f"Checking {_shown(args.pack_dir)}"):
        problems = validate_pack(args.pack_dir)
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    if errors:
        for problem in problems:
            print(problem)
        print(f"{len(errors)} error(s), {len(warnings)} warning(s) in {_shown(args.pack_dir)}")
        return EXIT_INVALID_DATA
    for problem in warnings:
        print(problem, file=sys.stderr)
    pack = load_pack(args.pack_dir)
    print(
        f"ok: {_shown(args.pack_dir)}: {len(pack.excerpts)} excerpts, "
        f"{len(pack.organisations)} organisations, {len(pack.events)} events, "
        f"{len(pack.relationships)} relationships, {len(pack.tours)} tours, "
        f"{len(warnings)} warning(s)"
    )
    return EXIT_OK


def _load(args: argparse.Namespace) -> Any:
    try:
        with progress.step(args, "Loading the pack"):
            return load_pack(args.pack)
    except PackError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return None


def run_slice(args: argparse.Namespace) -> int:
    pack = _load(args)
    if pack is None:
        return EXIT_INVALID_DATA
    if args.format == "geojson":
        with progress.step(args, "Drawing the political map"):
            return _geojson(pack, args.date or date(args.year, 1, 1), args.borders)
    sl = as_of(pack, args.date) if args.date is not None else in_year(pack, args.year)
    if args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in slice_rows(pack, sl):
            writer.writerow(row if args.raw else {k: spreadsheet_cell(v) for k, v in row.items()})
        return EXIT_OK
    json.dump(slice_json(pack, sl, PolityIndex(pack.polities)), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return EXIT_OK


def _geojson(pack: Any, day: date, borders: str) -> int:
    """The political map of ``day`` (a year means its 1 January) as a FeatureCollection:
    polities (``kind`` "polity"), then the shares of partitioned countries (``kind``
    "partition-share", drawn from the built-in gazetteer whatever ``borders`` says)."""
    from events.partitions import share_features
    from geodata.geometry import political_map_geojson

    try:
        collection = political_map_geojson(day, borders=borders)
        for feature in collection["features"]:
            feature["properties"] = {"kind": "polity", **feature["properties"]}
        collection["features"].extend(share_features(pack, day))
    except (ValueError, OSError, KeyError, RuntimeError) as exc:
        print(f"histatlas: error: {exc}", file=sys.stderr)
        return EXIT_INVALID_DATA
    json.dump(collection, sys.stdout, ensure_ascii=False, default=_missing_as_null)
    sys.stdout.write("\n")
    return EXIT_OK


def _missing_as_null(value: object) -> Any:
    """pandas' missing markers (NA, NaT) become null; numpy scalars become plain numbers."""
    if type(value).__name__ in {"NAType", "NaTType"}:
        return None
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def run_diff(args: argparse.Namespace) -> int:
    from events.diff import diff

    if args.last <= args.first:
        print("histatlas: error: --to must be after --from", file=sys.stderr)
        return EXIT_USAGE
    pack = _load(args)
    if pack is None:
        return EXIT_INVALID_DATA
    changes = diff(pack, PolityIndex(pack.polities), args.first, args.last)
    json.dump(changes, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return EXIT_OK


def run_dump(args: argparse.Namespace) -> int:
    pack = _load(args)
    if pack is None:
        return EXIT_INVALID_DATA
    json.dump(dump_json(pack, PolityIndex(pack.polities)), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return EXIT_OK
