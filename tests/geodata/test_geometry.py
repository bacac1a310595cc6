"""The political map API: columns, validity, caching by period, simplification, GeoJSON."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import shapely

from geodata.geometry import (
    COLUMNS,
    MAP_COLUMNS,
    map_features,
    period_key,
    political_map,
    political_map_geojson,
    shape_of,
)
from geodata.polities import load_gazetteer

DAY = date(1960, 6, 1)


def test_one_row_per_existing_polity_with_contract_columns() -> None:
    frame = political_map(DAY)
    assert list(frame.columns[: len(COLUMNS)]) == COLUMNS
    assert sorted(frame["id"]) == sorted(s.id for s in load_gazetteer().on(DAY))
    assert frame.crs.to_epsg() == 4326
    assert frame.geometry.is_valid.all()
    assert not frame.geometry.is_empty.any()


def test_result_is_a_copy_callers_may_mutate() -> None:
    frame = political_map(DAY)
    frame.loc[:, "name"] = "changed"
    assert (political_map(DAY)["name"] != "changed").all()


def test_period_key_changes_exactly_on_change_dates() -> None:
    for change in load_gazetteer().change_dates()[:50]:
        before = date.fromordinal(change.toordinal() - 1)
        assert period_key(before) != period_key(change)


def test_simplified_map_is_valid_and_smaller() -> None:
    exact = political_map(DAY)
    simple = political_map(DAY, tolerance=0.1)
    assert simple.geometry.is_valid.all()
    assert list(simple["id"]) == list(exact["id"])
    assert shapely.get_num_coordinates(simple.geometry.values).sum() < (
        shapely.get_num_coordinates(exact.geometry.values).sum()
    )


def test_shape_of_unknown_and_absent() -> None:
    with pytest.raises(KeyError):
        shape_of("atlantis", DAY)
    assert shape_of("prussia", DAY) is None
    assert shape_of("prussia", date(1850, 1, 1)) is not None


def test_geojson_feature_collection() -> None:
    collection = political_map_geojson(DAY)
    assert collection["type"] == "FeatureCollection"
    ids = [f["properties"]["id"] for f in collection["features"]]
    assert sorted(ids) == sorted(political_map(DAY)["id"])
    for feature in collection["features"]:
        assert set(feature["properties"]) == set(MAP_COLUMNS)
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        cow = feature["properties"]["cow"]
        assert cow is None or isinstance(cow, int)


def test_unknown_borders_value_is_rejected() -> None:
    with pytest.raises(ValueError, match="borders"):
        political_map(DAY, borders="napoleon")


def test_map_features_are_the_rows_of_the_political_map() -> None:
    frame = political_map(DAY, tolerance=0.05)
    features = map_features(DAY, tolerance=0.05)
    assert [f.id for f in features] == list(frame["id"])
    for feature, row in zip(features, frame.itertuples(index=False), strict=True):
        assert feature.geometry.equals_exact(row.geometry, tolerance=0)
        assert feature.cow == (None if row.cow is pd.NA else int(row.cow))
        assert feature.owner == (row.owner if isinstance(row.owner, str) else None)
        assert (feature.name, feature.status, feature.source) == (row.name, row.status, row.source)
    assert list(features[0].properties()) == MAP_COLUMNS


def test_shape_of_is_the_shape_on_the_map() -> None:
    frame = political_map(DAY)
    poland = frame.geometry[frame["id"] == "poland"].iloc[0]
    shape = shape_of("poland", DAY)
    assert shape is not None
    assert shape.equals_exact(poland, tolerance=0)
