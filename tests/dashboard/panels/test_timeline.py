"""The timeline chart: a plain Vega-Lite spec, valid against the schema Altair ships."""

from __future__ import annotations

from datetime import date

import altair as alt
import pytest

from dashboard.panels.timeline import timeline_spec

ROWS = [
    {
        "id": "warsaw-pact-hungary",
        "label": "Hungary member of Warsaw Pact",
        "kind": "member of",
        "provenance": "stated",
        "start": "1955-05-14T00:00:00",
        "end": "1956-11-01T00:00:00",
    },
    {
        "id": "soviet-troops-hungary",
        "label": "Soviet Union deployed to Hungary",
        "kind": "deployed to",
        "provenance": "context",
        "start": "1956-10-23T00:00:00",
        "end": "1991-06-19T00:00:00",
    },
]


@pytest.mark.parametrize("until", [None, date(1956, 1, 2), date(1960, 1, 1)])
def test_the_spec_is_valid_vega_lite(until) -> None:
    spec = timeline_spec(ROWS, date(1956, 1, 1), until)
    alt.LayerChart.from_dict(spec, validate=True)  # raises on anything the schema refuses


def test_a_span_is_a_band_and_a_day_a_rule() -> None:
    band = timeline_spec(ROWS, date(1956, 1, 1), date(1960, 1, 1))
    marks = [layer["mark"]["type"] for layer in band["layer"]]
    assert marks == ["rect", "bar", "text", "rule"]
    assert band["datasets"]["now"] == [
        {"now": "1956-01-01T00:00:00", "until": "1960-01-01T00:00:00"}
    ]
    day = timeline_spec(ROWS, date(1956, 1, 1), date(1956, 1, 2))
    assert [layer["mark"]["type"] for layer in day["layer"]] == ["bar", "text", "rule"]


def test_rows_are_the_data_and_set_the_height() -> None:
    spec = timeline_spec(ROWS, date(1956, 1, 1), height_per_row=40)
    assert spec["datasets"]["records"] == ROWS
    assert spec["data"] == {"name": "records"}
    assert spec["height"] == 80  # at least 80 px
    many = timeline_spec(ROWS * 10, date(1956, 1, 1), height_per_row=40)
    assert many["height"] == 800
    bars = spec["layer"][0]["encoding"]
    assert bars["opacity"]["scale"] == {"domain": ["stated", "context"], "range": [1.0, 0.45]}


def test_the_rows_travel_as_arrow_as_streamlit_sends_them() -> None:
    import pyarrow as pa

    from dashboard.panels.timeline import arrow_bytes

    table = pa.ipc.open_stream(arrow_bytes(ROWS)).read_all()
    assert table.to_pylist() == ROWS
    assert pa.ipc.open_stream(arrow_bytes([])).read_all().num_rows == 0
