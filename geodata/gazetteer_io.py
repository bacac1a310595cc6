"""Reads gazetteer YAML files into polities, reporting every problem with file and polity id."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from geodata import mapstore
from geodata.model import (
    DATE_PRECISIONS,
    OWNERLESS,
    PRECISIONS,
    STATUSES,
    Capital,
    Gazetteer,
    Period,
    Polity,
    Recipe,
)

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
A3_PATTERN = re.compile(r"^[A-Z]{3}$")
POLITY_KEYS = frozenset({"id", "name", "aliases", "capital", "periods"})
PERIOD_KEYS = frozenset(
    {"start", "end", "name", "status", "owner", "shape", "precision", "source", "note"}
    | {"date_precision", "cow", "iso3"}
)
RECIPE_KEYS = frozenset({"union", "intersect", "minus", "plus", "clip", "residual"})


class GazetteerError(ValueError):
    """The gazetteer files are invalid; ``problems`` lists each as ``file: id: message``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} gazetteer problem(s): {shown}{more}")


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")


def load_files(
    paths: Iterable[Path],
    *,
    clips_dir: Path | None = None,
    strict_owners: bool = True,
    cache_dir: Path | None = None,
) -> Gazetteer:
    """Parse and validate gazetteer files; raise GazetteerError listing every problem.

    ``strict_owners=False`` accepts owners defined in a file not written yet (the built-in
    gazetteer is split over files that may be absent); the test suite loads strictly.
    ``cache_dir`` keeps each file's parsed content as JSON keyed by the file's SHA-1, which
    loads several times faster than YAML; a stale or unwritable cache is simply ignored.
    """
    problems = _Problems()
    polities: dict[str, Polity] = {}
    for path in paths:
        for polity in _read_file(Path(path), problems, cache_dir):
            if polity.id in polities:
                first = polities[polity.id].file
                problems.add(f"{path.name}: {polity.id}", f"duplicate id (also in {first})")
                continue
            polities[polity.id] = polity
    _check_cross_references(polities, problems, clips_dir, strict_owners)
    if problems.items:
        raise GazetteerError(problems.items)
    return Gazetteer.from_polities(polities.values())


def _parse(path: Path, cache_dir: Path | None) -> Any:
    """The file's YAML content, through the JSON cache when one is given."""
    raw = path.read_bytes()
    mapstore.note_read(path, raw)
    cached = None
    if cache_dir is not None:
        cached = cache_dir / f"gazetteer-{path.stem}-{hashlib.sha1(raw).hexdigest()}.json"
        with contextlib.suppress(OSError, ValueError):
            return json.loads(cached.read_text(encoding="utf-8"))
    data = _load_yaml(raw)
    if cached is not None:
        with contextlib.suppress(OSError, TypeError, ValueError):
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(".tmp")
            temporary.write_text(json.dumps(data, default=_iso), encoding="utf-8")
            temporary.replace(cached)
            for stale in cached.parent.glob(f"gazetteer-{path.stem}-*.json"):
                if stale != cached:
                    stale.unlink()
    return data


def _load_yaml(raw: bytes) -> Any:
    """YAML through libyaml's safe loader when present (several times faster).

    yaml is imported only here: with the JSON cache a start never needs it. A YAML error
    is raised as ValueError with the same message.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(raw.decode("utf-8"), Loader=loader)
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from None


def _iso(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot cache {type(value).__name__}")


def _read_file(path: Path, problems: _Problems, cache_dir: Path | None = None) -> list[Polity]:
    try:
        data = _parse(path, cache_dir)
    except (OSError, ValueError) as exc:
        problems.add(path.name, f"cannot read: {exc}".replace(chr(10), " "))
        return []
    if data is None:
        return []  # an empty file is a file still being written
    if not isinstance(data, list):
        problems.add(path.name, "top level must be a list of polities")
        return []
    polities = []
    for index, raw in enumerate(data):
        where = f"{path.name}: #{index}"
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            where = f"{path.name}: {raw['id']}"
        polity = _polity(raw, where, path.name, problems)
        if polity is not None:
            polities.append(polity)
    return polities


def _polity(raw: Any, where: str, file: str, problems: _Problems) -> Polity | None:
    if not isinstance(raw, dict):
        problems.add(where, "a polity must be a mapping")
        return None
    _unknown_keys(raw, POLITY_KEYS, where, problems)
    polity_id = raw.get("id")
    if not isinstance(polity_id, str) or not ID_PATTERN.match(polity_id):
        problems.add(where, f"id must be kebab-case, got {polity_id!r}")
        return None
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        problems.add(where, "name is required")
        name = polity_id
    raw_periods = raw.get("periods")
    if not isinstance(raw_periods, list) or not raw_periods:
        problems.add(where, "periods must be a non-empty list")
        return None
    periods = []
    for index, raw_period in enumerate(raw_periods):
        period = _period(raw_period, f"{where}: periods[{index}]", problems)
        if period is not None:
            periods.append(period)
    _check_order(periods, where, problems)
    aliases = raw.get("aliases") or []
    return Polity(
        id=polity_id,
        name=name,
        periods=tuple(periods),
        aliases=tuple(str(a) for a in aliases),
        capital=_capital(raw.get("capital"), where, problems),
        file=file,
    )


def _capital(raw: Any, where: str, problems: _Problems) -> Capital | None:
    if raw is None:
        return None
    try:
        capital = Capital(name=str(raw["name"]), lat=float(raw["lat"]), lon=float(raw["lon"]))
    except (KeyError, TypeError, ValueError):
        problems.add(where, "capital needs name, lat and lon")
        return None
    if not (-90 <= capital.lat <= 90 and -180 <= capital.lon <= 180):
        problems.add(where, f"capital {capital.name} lies outside lat/lon range")
        return None
    return capital


def _period(raw: Any, where: str, problems: _Problems) -> Period | None:
    if not isinstance(raw, dict):
        problems.add(where, "a period must be a mapping")
        return None
    _unknown_keys(raw, PERIOD_KEYS, where, problems)
    start, start_precision = _date(raw.get("start"), where, "start", problems)
    end = None
    if raw.get("end") is not None:
        end, _ = _date(raw.get("end"), where, "end", problems)
    if start is None:
        return None
    if end is not None and end <= start:
        problems.add(where, f"end {end} is not after start {start}")
        return None
    status = raw.get("status")
    if status not in STATUSES:
        problems.add(where, f"status {status!r} is not one of {', '.join(sorted(STATUSES))}")
        return None
    owner = raw.get("owner")
    if status not in OWNERLESS and not owner:
        problems.add(where, f"status {status} needs an owner")
    if status in OWNERLESS and owner:
        problems.add(where, f"status {status} takes no owner")
    cow = raw.get("cow")
    if cow is not None and (status != "independent" or not isinstance(cow, int)):
        problems.add(where, "cow is an integer code and only for independent periods")
        cow = None
    iso3 = raw.get("iso3")
    if iso3 is not None and not (isinstance(iso3, str) and A3_PATTERN.match(iso3)):
        problems.add(where, f"iso3 must be three capital letters, got {iso3!r}")
        iso3 = None
    precision = raw.get("precision", "approximate")
    if precision not in PRECISIONS:
        problems.add(where, f"precision must be approximate or precise, got {precision!r}")
    date_precision = raw.get("date_precision", start_precision)
    if date_precision not in DATE_PRECISIONS:
        problems.add(where, f"date_precision must be day, month or year, got {date_precision!r}")
    shape = _recipe(raw.get("shape"), f"{where}: shape", problems)
    if shape is None:
        return None
    return Period(
        start=start,
        end=end,
        name=str(raw.get("name") or ""),
        status=status,
        shape=shape,
        precision=str(precision),
        source=str(raw.get("source") or "unspecified"),
        owner=owner,
        cow=cow,
        iso3=iso3,
        note=str(raw.get("note") or ""),
        date_precision=str(date_precision),
    )


def _date(raw: Any, where: str, key: str, problems: _Problems) -> tuple[date | None, str]:
    """A YAML date, or an ISO string of a year / month / day (its first day, with precision)."""
    if isinstance(raw, date):
        return raw, "day"
    text = str(raw) if raw is not None else ""
    for pattern, precision in (
        (r"^(\d{4})$", "year"),
        (r"^(\d{4})-(\d{2})$", "month"),
        (r"^(\d{4})-(\d{2})-(\d{2})$", "day"),
    ):
        match = re.match(pattern, text)
        if match:
            parts = [int(p) for p in match.groups()] + [1, 1]
            try:
                return date(parts[0], parts[1], parts[2]), precision
            except ValueError:
                break
    problems.add(where, f"{key} must be an ISO date, got {raw!r}")
    return None, "day"


def _recipe(raw: Any, where: str, problems: _Problems) -> Recipe | None:
    if not isinstance(raw, dict):
        problems.add(where, "shape must be a mapping (union/intersect/minus/plus/clip)")
        return None
    _unknown_keys(raw, RECIPE_KEYS, where, problems)
    lists = {}
    for key in ("union", "intersect", "minus"):
        value = raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.add(where, f"{key} must be a list of codes or clip ids")
            value = []
        lists[key] = tuple(value)
    for code in lists["union"]:
        if not A3_PATTERN.match(code):
            problems.add(where, f"union entry {code!r} is not an ISO alpha-3 code")
    plus = []
    for index, sub in enumerate(raw.get("plus") or []):
        part = _recipe(sub, f"{where}: plus[{index}]", problems)
        if part is not None:
            plus.append(part)
    clip = raw.get("clip")
    if not lists["union"] and not plus and not clip:
        problems.add(where, "shape takes nothing: give union, plus or clip")
    return Recipe(
        union=lists["union"],
        intersect=lists["intersect"],
        minus=lists["minus"],
        plus=tuple(plus),
        clip=str(clip) if clip else None,
        residual=bool(raw.get("residual", False)),
    )


def _unknown_keys(
    raw: Mapping[str, Any], allowed: frozenset[str], where: str, problems: _Problems
) -> None:
    for key in sorted(set(raw) - allowed):
        problems.add(where, f"unknown field {key!r}")


def _check_order(periods: list[Period], where: str, problems: _Problems) -> None:
    for before, after in itertools.pairwise(periods):
        if before.end is None or after.start < before.end:
            problems.add(
                where,
                f"periods overlap: one starting {after.start} begins before the previous one ends",
            )


def _check_cross_references(
    polities: Mapping[str, Polity],
    problems: _Problems,
    clips_dir: Path | None,
    strict_owners: bool,
) -> None:
    available = None if clips_dir is None else {p.stem for p in clips_dir.glob("*.geojson")}
    for polity in polities.values():
        for period in polity.periods:
            where = f"{polity.file}: {polity.id}: {period.start}"
            if strict_owners and period.owner and period.owner not in polities:
                problems.add(where, f"unknown owner id {period.owner!r}")
            if period.owner == polity.id:
                problems.add(where, "a polity cannot own itself")
            if available is None:
                continue
            for clip_id in sorted(period.shape.clip_ids() - available):
                problems.add(where, f"unknown clip {clip_id!r}")
