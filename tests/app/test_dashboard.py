"""Every control and panel of the dashboard under AppTest, asserting on what the map is sent."""

from __future__ import annotations

import re

import pytest

from dashboard.map import colours
from dashboard.settings import PACK_ENV
from tests.app.helpers import drawn_polities, map_payload, run_app, view_spec

PACT = colours.OKABE_ITO[0]  # the mini pack's only organisation: the first colour

pytestmark = pytest.mark.usefixtures("mini")


def html_of(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_slider_colours_members_only_while_the_pact_exists() -> None:
    at = run_app()
    at.slider(key="year").set_value(1950).run()
    assert drawn_polities(at)["poland"]["fillColor"] != PACT
    at.slider(key="year").set_value(1970).run()
    assert not at.exception
    assert drawn_polities(at)["poland"]["fillColor"] == PACT
    assert at.query_params["year"] == "1970"
    assert "1970: borders as on 1 July 1970" in html_of(at)


def test_year_buttons_step_one_year() -> None:
    at = run_app()
    assert at.slider(key="year").value == 1956
    at.button(key="next-year").click().run()
    assert at.slider(key="year").value == 1957
    at.button(key="prev-year").click().run()
    at.button(key="prev-year").click().run()
    assert at.slider(key="year").value == 1955


def test_change_buttons_jump_to_the_next_year_where_something_changes() -> None:
    at = run_app({"year": "1960"})
    at.button(key="next-change").click().run()
    year = at.slider(key="year").value
    assert 1960 < year <= 1991
    spec_after = view_spec(at)
    at.button(key="prev-change").click().run()
    assert at.slider(key="year").value < year
    assert spec_after != view_spec(at) or year != at.slider(key="year").value


def test_exact_day_shows_the_day_and_not_the_year() -> None:
    at = run_app({"date": "1991-06-30"})
    assert at.checkbox(key="day_mode").value
    assert drawn_polities(at)["poland"]["fillColor"] == PACT
    at.date_input(key="date").set_value("1991-07-01").run()
    assert drawn_polities(at)["poland"]["fillColor"] != PACT
    assert at.query_params["date"] == "1991-07-01"
    assert "1 July 1991" in html_of(at)


def test_out_of_range_dates_clamp_with_an_escaped_notice() -> None:
    at = run_app({"year": "2500"})
    assert not at.exception
    assert at.slider(key="year").value == 1991
    assert any("outside 1772" in w.value for w in at.warning)
    at = run_app({"year": "<script>alert(1)</script>"})
    assert all("<script>" not in w.value for w in at.warning)
    assert at.warning


def test_region_fits_the_map_and_filters_the_panels() -> None:
    at = run_app()
    world = map_payload(at)["script"]
    at.selectbox(key="region").set_value("africa").run()
    africa = map_payload(at)["script"]
    assert "fitBounds" in africa
    assert world != africa
    assert at.query_params["region"] == "africa"
    assert "outside this region hidden" in " ".join(c.value for c in at.caption)


def test_layers_switch_colours_arrows_and_points_off() -> None:
    at = run_app({"year": "1956"})
    spec = view_spec(at)
    assert spec["arrows"]
    assert {p[0] for p in spec["points"]} >= {"hungarian-rising"}
    at.multiselect(key="layers").set_value(["political"]).run()
    spec = view_spec(at)
    assert spec["arrows"] == []
    assert spec["points"] == []
    assert drawn_polities(at)["poland"]["fillColor"] != PACT
    assert at.query_params["layers"] == "political"


def test_record_card_marks_the_quote_and_escapes_the_text() -> None:
    at = run_app({"focus": "soviet-troops-hungary"})
    text = html_of(at)
    assert "<mark>Troops of the Soviet Union crushed the rising in Hungary</mark>" in text
    assert "<img src=x" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "stated: the excerpt says it" in text


def test_polity_dossier_shows_relationships_chart_events_and_excerpts() -> None:
    at = run_app({"focus": "hungary"})
    text = html_of(at)
    assert "##### Hungary" in text
    assert "`hungary`" not in text  # its name, not its id
    charts = at.get("vega_lite_chart")
    data = [ds.data.data for chart in charts for ds in chart.proto.datasets]
    assert any(b"Hungary member of Test Pact" in blob for blob in data)
    assert any("Rising in Hungary" in b.label for b in at.button)
    assert "the rising in Hungary</mark>" in text


def test_opening_an_excerpt_jumps_to_its_first_date_and_place() -> None:
    at = run_app()
    at.button(key="open-mp-03").click().run()
    assert at.slider(key="year").value == 1772
    assert at.query_params["excerpt"] == "mp-03"
    bounds = [float(v) for v in at.query_params["bounds"].split(",")]
    assert bounds[0] < 52.52 < bounds[2]
    assert bounds[1] < 13.4 < bounds[3]
    assert "<mark>Poland was divided between Prussia</mark>" in html_of(at)
    assert drawn_polities(at)["prussia"]["fillColor"] in colours.TOL_MUTED


def test_search_finds_excerpts_and_records() -> None:
    at = run_app()
    at.text_input(key="search").set_value("rising hungary").run()
    captions = " ".join(c.value for c in at.caption)
    assert re.search(r"\d+ match", captions)
    # Labels render markdown, so pack text in them comes backslash-escaped; read it as shown.
    labels = [re.sub(r"\\(.)", r"\1", b.label) for b in at.button]
    assert "Open mp-02 and go to its map" in labels
    assert any(label.startswith("event: Rising in Hungary") for label in labels)
    assert not any("Rising in Hungary (" in b.label for b in at.button), "labels are escaped"


def test_table_lists_the_slice_and_offers_csv() -> None:
    at = run_app({"year": "1956"})
    table = at.dataframe[0].value
    assert {"soviet-troops-hungary", "hungarian-rising"} <= set(table["id"])
    assert at.get("download_button")


def test_invalid_pack_shows_its_problems_instead_of_the_map(tmp_path, monkeypatch) -> None:
    (tmp_path / "manifest.yaml").write_text("title: [unclosed\n")
    monkeypatch.setenv(PACK_ENV, str(tmp_path))
    at = run_app()
    assert not at.exception
    assert at.error
    assert "manifest.yaml" in at.code[0].value
    assert not [el for el in at.get("component_instance")]
