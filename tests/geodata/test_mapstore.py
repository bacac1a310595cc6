"""The on-disk map cache: exact round trips, invalidation by digest, misses, fresh processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import shapely

from geodata import mapstore
from geodata.base import BASE_FILE, base_geometries, load_base
from geodata.geometry import map_features, period_key
from geodata.polities import GAZETTEER_DIR, load_gazetteer

DAY = date(1960, 6, 1)
ROOT = Path(__file__).resolve().parents[2]


def _pairs(day: date = DAY, tolerance: float | None = None) -> mapstore.Stored:
    return tuple((f.properties(), f.geometry) for f in map_features(day, tolerance=tolerance))


def test_stored_map_reads_back_the_same_rows_and_exact_coordinates(tmp_path: Path) -> None:
    pairs = _pairs(tolerance=0.05)
    mapstore.save_map(tmp_path, 7, 0.05, pairs)
    loaded = mapstore.load_map(tmp_path, 7, 0.05)
    assert loaded is not None
    assert [row for row, _ in loaded] == [row for row, _ in pairs]
    assert [shapely.to_wkb(g) for _, g in loaded] == [shapely.to_wkb(g) for _, g in pairs]
    assert mapstore.load_map(tmp_path, 7, None) is None  # another tolerance is another map
    assert mapstore.load_map(tmp_path, 8, 0.05) is None


def test_each_distinct_shape_is_stored_once(tmp_path: Path) -> None:
    pairs = _pairs()
    mapstore.save_map(tmp_path, 1, None, pairs)
    mapstore.save_map(tmp_path, 2, None, pairs[:10])  # only shapes stored already
    packs = list((tmp_path / "shapes").glob("*.wkb"))
    assert len(packs) == 1
    distinct = {shapely.to_wkb(g) for _, g in pairs}
    assert packs[0].stat().st_size == sum(len(blob) for blob in distinct)
    mapstore.forget()
    loaded = mapstore.load_map(tmp_path, 2, None)
    assert loaded is not None
    assert [shapely.to_wkb(g) for _, g in loaded] == [shapely.to_wkb(g) for _, g in pairs[:10]]


def test_damaged_or_missing_files_are_a_miss_not_an_error(tmp_path: Path) -> None:
    pairs = _pairs()[:3]
    mapstore.save_map(tmp_path, 3, None, pairs)
    next((tmp_path / "shapes").glob("*.wkb")).unlink()
    mapstore.forget()
    assert mapstore.load_map(tmp_path, 3, None) is None
    mapstore.save_map(tmp_path, 4, None, pairs)
    next((tmp_path / "maps").glob("4-*")).write_bytes(b"not zlib")
    assert mapstore.load_map(tmp_path, 4, None) is None
    assert mapstore.load_map(None, 4, None) is None
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    mapstore.save_map(blocked / "maps-x", 5, None, pairs)  # unwritable: silently skipped
    assert mapstore.load_map(blocked / "maps-x", 5, None) is None


def test_digest_changes_with_content_name_and_library_versions(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text("x: 1\n")
    second.write_text("y: 2\n")
    digest = mapstore.digest_of([first, second])
    assert mapstore.digest_of([first, second]) == digest
    second.write_text("y: 3\n")
    assert mapstore.digest_of([first, second]) != digest
    assert mapstore.digest_of([second, first]) != mapstore.digest_of([first, second])
    files = mapstore.data_files()
    assert {p.name for p in files} >= {"geometry.py", "recipes.py", "ne_50m_countries.geojson"}
    assert all(p.is_file() for p in files)


def test_a_new_digest_folder_prunes_all_but_the_newest_older_ones(tmp_path: Path) -> None:
    for index in range(5):
        folder = tmp_path / f"maps-old{index}"
        folder.mkdir()
        os.utime(folder, (1_000_000 + index, 1_000_000 + index))
    mapstore.save_changes(tmp_path / "maps-new", [DAY])
    left = sorted(p.name for p in tmp_path.glob("maps-*"))
    assert left == ["maps-new", "maps-old3", "maps-old4"]
    assert mapstore.load_changes(tmp_path / "maps-new") == (DAY,)


def test_base_geometries_are_the_base_layer_and_survive_the_cache(tmp_path: Path) -> None:
    frame = load_base()
    geometries = base_geometries()
    assert list(geometries) == [str(code) for code in frame.index]
    assert all(
        shapely.to_wkb(geometries[str(code)]) == shapely.to_wkb(geometry)
        for code, geometry in zip(frame.index, frame.geometry, strict=True)
    )
    mapstore.save_base(tmp_path, geometries)
    loaded = mapstore.load_base(tmp_path)
    assert loaded is not None
    assert list(loaded) == list(geometries)
    assert all(shapely.to_wkb(loaded[c]) == shapely.to_wkb(g) for c, g in geometries.items())


def test_period_key_agrees_with_the_gazetteer() -> None:
    gazetteer = load_gazetteer()
    for day in [date(1772, 1, 1), *gazetteer.change_dates()[::7], date(2030, 1, 1)]:
        assert period_key(day) == gazetteer.period_key(day)


FRESH = """
import json, sys, shapely
from datetime import date
from geodata.geometry import map_features
features = map_features(date(1960, 6, 1), tolerance=0.05)
heavy = sorted(m for m in ("geopandas", "pandas", "pyproj", "yaml") if m in sys.modules)
print(json.dumps({
    "heavy": heavy,
    "gazetteer_read": "geodata.gazetteer_io" in sys.modules,
    "ids": [f.id for f in features],
    "wkb": [shapely.to_wkb(f.geometry, hex=True) for f in features],
}))
"""


def _fresh(cache: Path) -> dict[str, object]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", FRESH], capture_output=True, text=True, check=True, env=env
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_a_fresh_process_reads_its_map_without_gazetteer_or_pandas(tmp_path: Path) -> None:
    computed = _fresh(tmp_path)
    assert computed["gazetteer_read"] is True
    stored = _fresh(tmp_path)
    assert stored["gazetteer_read"] is False
    assert stored["heavy"] == []
    assert stored["ids"] == computed["ids"]
    assert stored["wkb"] == computed["wkb"]
    here = map_features(DAY, tolerance=0.05)
    assert stored["ids"] == [f.id for f in here]
    assert stored["wkb"] == [shapely.to_wkb(f.geometry, hex=True) for f in here]


def test_no_map_cache_once_a_parsed_file_differs_from_the_hashed_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mapstore, "_READ", {})
    root = mapstore.default_root()
    assert root is not None
    mapstore.note_read(BASE_FILE, BASE_FILE.read_bytes())
    assert mapstore.default_root() == root
    mapstore.note_read(BASE_FILE, b"{}")  # the file changed after the digest was taken
    assert mapstore.default_root() is None
    monkeypatch.setattr(mapstore, "_READ", {})
    mapstore.note_files(GAZETTEER_DIR, [])  # a gazetteer file added or removed meanwhile
    assert mapstore.default_root() is None
