"""``histatlas new``, ``import`` and ``ingest``: make a pack, fill it from a spreadsheet or
a text."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.cli.commands import EXIT_INVALID_DATA, EXIT_OK, EXIT_USAGE


def register(subparsers: argparse._SubParsersAction) -> None:
    new = subparsers.add_parser(
        "new",
        help="make a valid, empty pack to fill in (or write the import template)",
        description="Make a pack folder: manifest, corpus, and a commented example of each "
        "record kind. With --template FILE.csv|FILE.xlsx, write the spreadsheet template "
        "that `histatlas import` reads instead.",
    )
    new.add_argument("dir", nargs="?", type=Path, help="the new pack's folder (absent or empty)")
    new.add_argument("--title", help="the pack's title")
    new.add_argument("--corpus", type=Path, help="a UTF-8 text file to copy in as the corpus")
    new.add_argument("--template", type=Path, metavar="FILE", help="write the import template")
    new.set_defaults(func=_new)

    sheet = subparsers.add_parser(
        "import",
        help="add or update a pack's records from a spreadsheet (.csv or .xlsx)",
        description="One row a record, the pack's own field names as columns (the template: "
        "`histatlas new --template FILE.csv`). Every error of the file is listed as "
        "FILE:ROW:COLUMN: message and nothing is written unless the whole file is good. "
        "Importing the same rows again updates them (same ids), it never duplicates.",
    )
    sheet.add_argument("file", type=Path, help="the spreadsheet (.csv or .xlsx)")
    sheet.add_argument("--into", type=Path, required=True, metavar="DIR", help="the pack")
    sheet.set_defaults(func=_import)

    text = subparsers.add_parser(
        "ingest",
        help="turn a plain text into a draft pack of candidate records to review",
        description="Split a UTF-8 text into excerpts and propose candidate records "
        "(memberships, occupations and deployments, partitions, backing, events with place "
        "and date), each marked review: candidate with a confidence and the quoted words. "
        "Review them in the dashboard (histatlas serve --pack DIR).",
    )
    text.add_argument("text", type=Path, help="the text file (UTF-8)")
    text.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                      help="the draft pack's folder (absent or empty)")  # fmt: skip
    text.add_argument("--title", help="the pack's title (default: the file's name)")
    text.add_argument("--split", choices=("lines", "sentences"), default="sentences",
                      help="one excerpt a line, or a sentence (default)")  # fmt: skip
    text.set_defaults(func=_ingest)


def _new(args: argparse.Namespace) -> int:
    from events.authoring.scaffold import NewPackError, new_pack, write_template

    if args.template is not None:
        if args.dir is not None or args.corpus is not None:
            return _usage("--template writes a file alone; give no DIR or --corpus with it")
        if args.template.suffix.lower() not in (".csv", ".xlsx"):
            return _usage("--template must end in .csv or .xlsx")
        write_template(args.template)
        print(f"wrote {args.template}: the columns `histatlas import` reads")
        return EXIT_OK
    if args.dir is None or not args.title:
        return _usage("give the new pack's folder and --title (or --template FILE)")
    try:
        made = new_pack(args.dir, args.title, args.corpus)
    except NewPackError as exc:
        sys.stderr.write(f"histatlas new: {exc}\n")
        return EXIT_INVALID_DATA
    print(f"made {made}: edit manifest.yaml's sources, then `histatlas import SHEET --into "
          f"{made}` or add records by hand; `histatlas serve --pack {made}` to see it")  # fmt: skip
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from events.authoring.importer import ImportError_, import_sheet

    try:
        report = import_sheet(args.file, args.into)
    except ImportError_ as exc:
        for line in exc.lines:
            sys.stdout.write(line + "\n")
        sys.stdout.write(f"{len(exc.lines)} problem(s); nothing was written to {args.into}\n")
        return EXIT_INVALID_DATA
    except OSError as exc:  # a read-only pack, a full disk
        sys.stderr.write(f"histatlas import: cannot write to {args.into}: {exc.strerror or exc}\n")
        return EXIT_INVALID_DATA
    print(report.summary())
    return EXIT_OK


def _ingest(args: argparse.Namespace) -> int:
    from events.authoring.scaffold import NewPackError
    from events.ingest.draft import IngestError, ingest

    try:
        draft = ingest(args.text, args.output, args.title, args.split)
    except (IngestError, NewPackError) as exc:
        sys.stderr.write(f"histatlas ingest: {exc}\n")
        return EXIT_INVALID_DATA
    print(draft.summary())
    return EXIT_OK


def _usage(message: str) -> int:
    sys.stderr.write(f"histatlas: error: {message}\n")
    return EXIT_USAGE
