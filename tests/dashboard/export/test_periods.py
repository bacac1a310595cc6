"""Every polity period with its shape and dates, read back as QGIS and kepler.gl read them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

REPO = Path(__file__).resolve().parents[3]
SPAN = ("--from", "1989-01-01", "--to", "1992-01-01")


def export(
    tmp_path: Path, fmt: str, *extra: str, span: tuple[str, ...] = SPAN
) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path / f"periods.{fmt}"
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "export", "--periods", *span, *extra,
         "--format", fmt, "-o", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=600,
    )  # fmt: skip
    return done, out


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory) -> Path:
    done, out = export(tmp_path_factory.mktemp("gpkg"), "gpkg")
    assert done.returncode == 0, done.stderr
    return out


def test_gpkg_holds_each_period_with_its_dates_and_codes(gpkg: Path) -> None:
    frame = pyogrio.read_dataframe(gpkg)
    assert pd.api.types.is_datetime64_any_dtype(frame["start"])  # dates, not text
    gdr = frame[frame["id"] == "east-germany"].iloc[0]
    assert gdr["name"] == "German Democratic Republic"
    assert gdr["end"].date() == date(1990, 10, 3)  # German reunification; ends are exclusive
    assert gdr["cow"] == 265
    assert gdr["gwcode"] == 265
    united = frame[frame["id"] == "germany"].iloc[0]
    assert (united["cow"], united["gwcode"]) == (255, 260)  # COW and GW differ here
    ussr = frame[frame["id"] == "soviet-union"].iloc[0]
    assert ussr["end"].date() == date(1991, 12, 26)
    open_ended = frame[frame["id"] == "germany"]
    assert open_ended["start"].min().date() == date(1990, 10, 3)
    assert open_ended["end"].isna().all()  # still so at the end of the horizon
    assert frame.geometry.is_valid.all()
    # Only periods that overlap the span asked for.
    assert (frame["start"].dt.date < date(1992, 1, 1)).all()
    info = pyogrio.read_info(gpkg, layer="polity_periods")
    assert info["features"] == len(frame)


def test_a_period_is_cut_where_the_gleditsch_ward_code_changes(tmp_path: Path) -> None:
    # Haiti 1900-1940 is one period of ours; GW drops it for the US occupation 1915-1934.
    done, out = export(tmp_path, "gpkg", span=("--from", "1900-01-01", "--to", "1940-01-01"))
    assert done.returncode == 0, done.stderr
    haiti = pyogrio.read_dataframe(out).query("id == 'haiti'").sort_values("start")
    pieces = [
        (r.start.date(), r.gwcode if pd.notna(r.gwcode) else None) for r in haiti.itertuples()
    ]
    assert (date(1915, 7, 5), None) in pieces
    assert (date(1934, 8, 15), 41) in pieces
    assert haiti.geometry.is_valid.all()
    # Canada is a dominion in our periods until 1931; COW counts it from 1920-01-10.
    canada = pyogrio.read_dataframe(out).query("id == 'canada'").sort_values("start")
    cow = {r.start.date(): (r.cow if pd.notna(r.cow) else None) for r in canada.itertuples()}
    assert cow[date(1920, 1, 10)] == 20
    assert all(code is None for day, code in cow.items() if day < date(1920, 1, 10))


def test_geojson_and_parquet_carry_the_same_rows_and_the_attribution(gpkg: Path, tmp_path) -> None:
    expected = len(pyogrio.read_dataframe(gpkg))
    done, geojson = export(tmp_path, "geojson")
    assert done.returncode == 0, done.stderr
    collection = json.loads(geojson.read_text(encoding="utf-8"))
    assert len(collection["features"]) == expected
    assert "Natural Earth" in collection["attribution"]
    assert collection["features"][0]["properties"]["start"][:4].isdigit()
    done, parquet = export(tmp_path, "parquet")
    assert done.returncode == 0, done.stderr
    frame = gpd.read_parquet(parquet)
    assert len(frame) == expected
    import pyarrow.parquet as pq

    metadata = pq.read_schema(parquet).metadata
    assert b"histatlas gazetteer" in metadata[b"attribution"]  # any Parquet reader sees it


def test_periods_refuse_a_format_or_output_they_cannot_write(tmp_path: Path) -> None:
    done, _ = export(tmp_path, "png")
    assert done.returncode == 2
    assert "--periods writes --format gpkg, geojson or parquet" in done.stderr
