"""Rebuild ``geodata/data/ne_50m_countries.geojson`` from the npm package ``world-atlas``.

Natural Earth 1:50m admin-0 countries (public domain), as redistributed in TopoJSON by
``world-atlas`` 2.0.2 (ISC licence, Mike Bostock). Run from the repo root::

    .venv/bin/python -m geodata.sources.build_base            # fetches the npm package
    .venv/bin/python -m geodata.sources.build_base --topojson path/to/countries-50m.json

Needs ``npm`` (only without ``--topojson``) and ``pycountry`` (build time only, for the
numeric -> alpha-3 mapping); the app never runs this.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
import warnings
from pathlib import Path

import antimeridian
import geopandas as gpd
import shapely
from shapely.geometry import mapping

WORLD_ATLAS_VERSION = "2.0.2"
OUTPUT = Path(__file__).resolve().parents[1] / "data" / "ne_50m_countries.geojson"

# Features that have no ISO numeric id in world-atlas, or share one: Natural Earth's own
# ``adm0_a3`` codes, so the keys stay recognisable to anyone who knows that dataset.
MADE_UP_CODES = {
    "Somaliland": "SOL",
    "Kosovo": "KOS",
    "N. Cyprus": "CYN",
    "Indian Ocean Ter.": "IOA",
    "Siachen Glacier": "KAS",
    "Ashmore and Cartier Is.": "ATC",
}
COORD_DECIMALS = 4  # about 11 m at the equator; well under the 1:50m scale's own error


def fetch_topojson(workdir: Path) -> Path:
    """Download the world-atlas tarball through npm (the registry the project may use)."""
    subprocess.run(
        ["npm", "pack", f"world-atlas@{WORLD_ATLAS_VERSION}", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    with tarfile.open(workdir / f"world-atlas-{WORLD_ATLAS_VERSION}.tgz") as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package" / "countries-50m.json"


def alpha3(numeric: str | None, name: str) -> str:
    import pycountry  # build-time only

    if name in MADE_UP_CODES:
        return MADE_UP_CODES[name]
    country = pycountry.countries.get(numeric=numeric)
    if country is None:
        raise ValueError(f"no ISO alpha-3 code for {name!r} (numeric {numeric!r})")
    return str(country.alpha_3)


def clean(geom: shapely.Geometry) -> shapely.Geometry:
    # Russia, Fiji and Antarctica cross the antimeridian; split them so Leaflet draws no band
    # across the whole map (make_valid alone does not do it).
    fixed = shapely.geometry.shape(antimeridian.fix_shape(mapping(geom)))
    fixed = shapely.set_precision(fixed, 10**-COORD_DECIMALS)
    return shapely.make_valid(fixed)


def build(topojson: Path) -> gpd.GeoDataFrame:
    frame = gpd.read_file(topojson, layer="countries").set_crs(4326, allow_override=True)
    frame["a3"] = [alpha3(i, n) for i, n in zip(frame["id"], frame["name"], strict=True)]
    frame = frame.rename(columns={"id": "iso_n3"})
    with warnings.catch_warnings():
        # world-atlas winds exterior rings clockwise (d3's spherical convention); letting
        # antimeridian reverse them is exactly what is wanted here.
        warnings.simplefilter("ignore")
        frame["geometry"] = [clean(g) for g in frame.geometry]
    duplicated = frame["a3"][frame["a3"].duplicated()].tolist()
    if duplicated:
        raise ValueError(f"duplicate keys: {duplicated}")
    return frame[["a3", "name", "iso_n3", "geometry"]].sort_values("a3")


def write(frame: gpd.GeoDataFrame, output: Path) -> None:
    features = [
        {
            "type": "Feature",
            "properties": {
                "a3": row.a3,
                "name": row.name,
                "iso_n3": row.iso_n3 if isinstance(row.iso_n3, str) else None,
            },
            "geometry": mapping(row.geometry),
        }
        for row in frame.itertuples()
    ]
    collection = {
        "type": "FeatureCollection",
        "attribution": (
            "Made with Natural Earth (public domain), 1:50m admin-0 countries v4.1.0, via the "
            f"npm package world-atlas {WORLD_ATLAS_VERSION} (ISC, Mike Bostock)."
        ),
        "features": features,
    }
    output.write_text(
        json.dumps(collection, separators=(",", ":"), allow_nan=False), encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topojson", type=Path, help="countries-50m.json from world-atlas")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = args.topojson or fetch_topojson(Path(tmp))
        frame = build(source)
    write(frame, args.output)
    print(f"wrote {len(frame)} countries to {args.output}")


if __name__ == "__main__":
    main()
