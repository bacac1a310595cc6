"""``histatlas export``: a view or a tour as a standalone HTML, GeoJSON or CSV file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from dashboard.cli import progress
from dashboard.export import datafiles as export_data
from dashboard.export import dyads, frames, images, knightlab, periods
from dashboard.export import html as export
from dashboard.view.context import context_for
from dashboard.view.state import (
    Q_BOUNDS,
    Q_DATE,
    Q_FOCUS,
    Q_LAYERS,
    Q_REGION,
    Q_YEAR,
    StateContext,
    ViewState,
)
from dashboard.view.url import parse_query
from events.model import Pack
from events.pack import PackError, load_pack

EXIT_OK, EXIT_INVALID_DATA, EXIT_USAGE = 0, 1, 2
FORMATS = ("html", "geojson", "csv", "png", "svg", "pdf", *knightlab.FORMATS, "gpkg", "parquet")
TOUR_FORMATS = ("html", "pdf", *knightlab.FORMATS)


class UsageError(Exception):
    """A wrong argument: one line on stderr, exit code 2."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write a view or a tour as a standalone file (works offline)",
        description="Write the view of a year or date (or a whole tour) as one standalone "
        "HTML file or a picture (PNG, SVG, PDF; a tour as a PDF handout), or the records "
        "of a view as GeoJSON or CSV. Every file carries the "
        "sources' attribution and licences.",
    )
    what = parser.add_argument_group("what to export (a view, a shared link's query, or a tour)")
    what.add_argument("--year", help="the year of the view (default: the pack's default year)")
    what.add_argument("--date", help="an exact date, YYYY-MM-DD (overrides --year)")
    what.add_argument("--region", help="a region id, e.g. eastern-europe")
    what.add_argument("--bounds", help="south,west,north,east in degrees (overrides --region)")
    what.add_argument("--layers", help="comma list, e.g. political,alliances (default: all)")
    what.add_argument("--focus", help="a record or polity id to highlight")
    what.add_argument("--query", help="a shared link or its query, e.g. '?year=1968&layers=...'")
    what.add_argument("--tour", help="a tour id: the whole tour as one HTML file")
    what.add_argument(
        "--periods",
        action="store_true",
        help="every polity period with its shape and dates (--format gpkg, geojson or "
        "parquet): for QGIS's temporal controller and kepler.gl",
    )
    what.add_argument(
        "--from",
        dest="since",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="with --periods: only periods still holding on or after this day",
    )
    what.add_argument(
        "--to",
        dest="until",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="with --periods: only periods begun before this day",
    )
    what.add_argument(
        "--dyads",
        action="store_true",
        help="every relationship of the pack as a dyadic table (--format csv): ccode1, "
        "ccode2, kind, start, end, record_id, excerpt_ids",
    )
    parser.add_argument("--format", choices=FORMATS, default="html", help="file format")
    parser.add_argument("-o", "--output", required=True, help="file to write ('-' for stdout)")
    parser.add_argument("--pack", type=Path, help="pack directory (default: the built-in pack)")
    parser.add_argument("--borders", choices=["builtin", "cshapes"], default="builtin")
    progress.add_quiet(parser)
    parser.set_defaults(func=run)


def _region_ids() -> frozenset[str]:
    try:
        from geodata.regions import REGIONS
    except ImportError:
        return frozenset({"world"})
    return frozenset(REGIONS)


def _polity_ids() -> frozenset[str]:
    from geodata.polities import load_gazetteer

    return load_gazetteer().ids()


def requested_view(args: argparse.Namespace, ctx: StateContext) -> ViewState:
    """The view the arguments ask for; any rejected value is a usage error."""
    params: dict[str, str] = {}
    if args.query:
        from urllib.parse import parse_qsl, urlsplit

        query = urlsplit(args.query).query or args.query.lstrip("?")
        params.update(parse_qsl(query, keep_blank_values=True))
    options = {
        Q_YEAR: args.year,
        Q_DATE: args.date,
        Q_REGION: args.region,
        Q_BOUNDS: args.bounds,
        Q_LAYERS: args.layers,
        Q_FOCUS: args.focus,
    }
    params.update({k: v for k, v in options.items() if v is not None})
    view, notices = parse_query(params, ctx)
    if notices:
        raise UsageError("; ".join(str(n).split(";")[0] for n in notices))
    return view


def render(args: argparse.Namespace, pack: Pack, ctx: StateContext) -> str | bytes:
    if args.dyads:
        if args.format != "csv" or args.tour is not None:
            raise UsageError("--dyads exports as --format csv, without --tour")
        return dyads.dyads_csv(pack, args.borders)
    atlas = frames.Atlas.builtin(args.borders) if args.format != "csv" else None
    if args.tour is not None:
        if args.tour not in ctx.tours:
            known = ", ".join(sorted(ctx.tours)) or "none"
            raise UsageError(f"--tour {args.tour[:40]!r} is not a tour of this pack ({known})")
        if args.format not in TOUR_FORMATS:
            raise UsageError(
                "a tour exports as --format html (to present), pdf (a handout), "
                "timelinejs or storymapjs (Knight Lab's JSON)"
            )
        if args.format in knightlab.FORMATS:
            return knightlab.tour_json(pack, args.tour, args.format)
        slides = len(pack.tours_by_id[args.tour].slides)
        with progress.bar(args, slides, "Drawing the slides' maps", "slide") as tick:
            if args.format == "pdf":
                return images.tour_pdf(pack, args.tour, _ticking(atlas, tick))
            return export.tour_html(pack, args.tour, _ticking(atlas, tick))
    view = requested_view(args, ctx)
    with progress.step(args, f"Drawing the map of {frames.date_label(view)}"):
        if args.format == "geojson":
            return export_data.view_geojson(pack, view, atlas)
        if args.format == "csv":
            return export_data.view_csv(pack, view)
        if args.format in images.FORMATS:
            return images.view_image(pack, view, args.format, atlas)
        if args.format in knightlab.FORMATS:
            raise UsageError(f"--format {args.format} exports a tour: add --tour ID")
        return export.view_html(pack, view, atlas)


def _ticking(atlas: frames.Atlas | None, tick: Callable[[], None]) -> frames.Atlas | None:
    """The atlas, counting each map it is asked for (a tour asks once per slide)."""
    if atlas is None:
        return None
    shapes_on = atlas.shapes_on

    def counted(day: date) -> dict[str, Any]:
        try:
            return shapes_on(day)
        finally:
            tick()

    return replace(atlas, shapes_on=counted)


def _write(output: str, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    path = Path(output)
    if path.is_dir():
        raise UsageError(f"-o {output}: is a directory")
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"-o {output}: cannot write ({exc.strerror or exc})") from None


def export_periods(args: argparse.Namespace) -> int:
    """``--periods``: the gazetteer's periods (no pack needed), straight into the file."""
    if args.format not in periods.FORMATS or args.output == "-":
        print("histatlas: error: --periods writes --format gpkg, geojson or parquet to a file "
              "(-o FILE)", file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    start, end = args.since or periods.HORIZON[0], args.until or periods.HORIZON[1]
    maps = periods.first_days(start, end)
    shapeless: list[str] = []
    with progress.bar(args, maps, "Drawing each period's map", "map") as tick:
        rows = list(periods.period_rows(start, end, tick=tick, shapeless=shapeless))
    try:
        Path(args.output).unlink(missing_ok=True)  # a GeoPackage would get a second layer
        periods.write_periods(rows, args.format, Path(args.output))
    except OSError as exc:
        print(f"histatlas: error: -o {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"histatlas: wrote {len(rows)} periods to {args.output}", file=sys.stderr)
    if shapeless:  # said, not silently dropped
        shown = ", ".join(shapeless[:8]) + (", ..." if len(shapeless) > 8 else "")
        print(f"histatlas: {len(shapeless)} periods have no shape of their own on their first "
              f"day and are not in the file: {shown}", file=sys.stderr)  # fmt: skip
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    if args.periods:
        return export_periods(args)
    if args.format in ("gpkg", "parquet"):
        print(f"histatlas: error: --format {args.format} is for --periods", file=sys.stderr)
        return EXIT_USAGE
    if args.pack is not None and not args.pack.is_dir():
        print(f"histatlas: error: --pack {args.pack}: not a directory", file=sys.stderr)
        return EXIT_USAGE
    try:
        with progress.step(args, "Loading the pack"):
            pack = load_pack(args.pack)
    except PackError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            f"histatlas: error: the pack is invalid ({len(exc.problems)} problems)", file=sys.stderr
        )
        return EXIT_INVALID_DATA
    ctx = context_for(pack, region_ids=_region_ids(), polity_ids=_polity_ids())
    try:
        _write(args.output, render(args, pack, ctx))
    except UsageError as exc:
        print(f"histatlas: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.output != "-":
        print(f"histatlas: wrote {args.output}", file=sys.stderr)
    return EXIT_OK
