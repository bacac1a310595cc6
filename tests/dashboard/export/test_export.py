"""dashboard.export.html: standalone HTML, GeoJSON and CSV of a view or a tour, all offline."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from dashboard.export.datafiles import view_csv, view_geojson
from dashboard.export.frames import Frame, attributions
from dashboard.export.html import json_for_script, tour_html, view_html
from dashboard.view.state import ViewState
from events.pack import load_pack
from tests.dashboard.export.test_export_fixtures import SCRIPT, XSS, squares_atlas, write_pack


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    return load_pack(write_pack(tmp_path_factory.mktemp("pack")))


def embedded(page: str) -> dict:
    match = re.search(
        r'<script type="application/json" id="histatlas-data">(.*?)</script>', page, re.S
    )
    assert match, "the data block is in the page"
    return json.loads(match.group(1))


def test_view_html_is_standalone_with_leaflet_inlined(pack) -> None:
    page = view_html(pack, ViewState(year=1968), squares_atlas())
    assert "L.map(" in page  # Leaflet's JS inlined
    assert "leaflet-container" in page  # and its CSS
    # Nothing is fetched: outside the inlined code, no element has a src or href at all.
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", page, flags=re.S | re.I)
    assert not re.search(r"\s(src|href)\s*=", markup, re.I)
    assert "<link" not in markup
    assert markup.count("<script") == 0
    assert not re.search(r"url\((?!data:|#)", page)
    assert "@import" not in page


def test_view_html_carries_the_slice_and_the_attribution(pack) -> None:
    data = embedded(view_html(pack, ViewState(year=1968), squares_atlas()))
    slide = data["slides"][0]
    assert slide["date"] == "at any time during 1968"
    assert set(slide["marked"]) == {"aland", "borduria"}  # both members of the pact
    assert [a["record"] for a in slide["arrows"]] == ["bordurian-troops"]
    labels = [entry["label"] for entry in slide["legend"]]
    assert labels[:2] == [f"Member of Pact of Szohod {XSS}", "Troops deployed"]
    assert "tx-02" in data["excerpts"]
    credits = " ".join(data["attribution"])
    for credit in ("Test corpus", "Test authors", "CC BY-SA 4.0", "Natural Earth", "Leaflet"):
        assert credit in credits


def test_layers_off_draw_nothing_of_theirs(pack) -> None:
    data = embedded(view_html(pack, ViewState(year=1968, layers=("political",)), squares_atlas()))
    slide = data["slides"][0]
    assert slide["marked"] == {}
    assert slide["arrows"] == []


def test_exact_date_view_uses_that_day(pack) -> None:
    before = embedded(view_html(pack, ViewState(year=1955, day=date(1955, 5, 13)), squares_atlas()))
    after = embedded(view_html(pack, ViewState(year=1955, day=date(1955, 5, 14)), squares_atlas()))
    assert before["slides"][0]["marked"] == {}
    assert set(after["slides"][0]["marked"]) == {"aland", "borduria"}
    assert after["slides"][0]["date"] == "14 May 1955"


def test_untrusted_text_never_appears_as_markup(pack) -> None:
    page = tour_html(pack, "pact-story", squares_atlas())
    for payload in (XSS, SCRIPT, "<script>alert(5)</script>", "onerror=alert(6)>"):
        assert payload not in page
    # It is still there, as data, for the reader to see.
    data = embedded(page)
    assert data["title"] == "The Pact <script>alert(5)</script>"
    assert "<title>The Pact &lt;script&gt;" in page


def test_json_for_script_cannot_close_the_script() -> None:
    text = json_for_script({"a": "</script><!-- & \u2028"})
    for char in "<>&\u2028":
        assert char not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_tour_html_holds_every_slide_and_shares_shapes(pack) -> None:
    data = embedded(tour_html(pack, "pact-story", squares_atlas()))
    assert [s["title"] for s in data["slides"]] == ["Founded", "Troops", "The end"]
    assert [s["date"] for s in data["slides"]] == [
        "14 May 1955",
        "21 August 1968",
        "at any time during 1991",
    ]
    assert len(data["maps"]) == 1, "identical political maps are stored once"
    assert len(data["geometries"]) == 2, "and each shape once"
    troops = data["slides"][1]
    assert troops["bounds"] == [0.0, 0.0, 20.0, 40.0]
    assert troops["excerpts"] == ["tx-02", "tx-03"]
    assert troops["focus"] == ["borduria", "aland"]
    assert troops["layers"] == ["political", "deployments", "events"]


def test_geojson_has_shapes_records_and_attribution(pack) -> None:
    collection = json.loads(view_geojson(pack, ViewState(year=1968), squares_atlas()))
    kinds = [f["geometry"]["type"] for f in collection["features"] if f["geometry"]]
    assert kinds.count("Polygon") == 2
    assert "LineString" in kinds
    unplaced = [f["properties"] for f in collection["features"] if f["geometry"] is None]
    assert [p["record"] for p in unplaced] == ["aland-in-pact", "borduria-in-pact"]  # members
    line = next(
        f for f in collection["features"] if f["geometry"] and f["geometry"]["type"] == "LineString"
    )
    assert line["properties"]["record"] == "bordurian-troops"
    assert line["geometry"]["coordinates"] == [[30.0, 10.0], [10.0, 10.0]]  # lon, lat
    assert line["properties"]["quotes"] == ["Bordurian troops went to Aland in 1968"]
    aland = next(f for f in collection["features"] if f["properties"].get("id") == "aland")
    assert aland["properties"]["records"] == ["aland-in-pact"]
    assert any("Natural Earth" in a for a in collection["attribution"])


def test_csv_lists_records_with_sources_and_is_spreadsheet_safe(pack) -> None:
    text = view_csv(pack, ViewState(year=1968))
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert any("CC BY-SA 4.0" in c for c in comments)
    rows = list(
        csv.DictReader(
            io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))
        )
    )
    by_id = {r["record"]: r for r in rows}
    assert {"aland-in-pact", "borduria-in-pact", "bordurian-troops", "szohod-pact"} <= set(by_id)
    troops = by_id["bordurian-troops"]
    assert troops["began_in_period"] == "True"
    assert troops["note"].startswith("'=HYPERLINK")
    assert troops["excerpts"] == "tx-02"


def test_csv_follows_the_layers(pack) -> None:
    text = view_csv(pack, ViewState(year=1968, layers=("deployments",)))
    assert "bordurian-troops" in text
    assert "aland-in-pact" not in text


def test_cshapes_borders_add_their_licence(pack) -> None:
    assert any("CC BY-NC-SA" in line for line in attributions(pack, "cshapes"))
    assert not any("CShapes" in line for line in attributions(pack))


def test_frame_defaults(tmp_path: Path) -> None:
    assert Frame(ViewState(year=1900)).excerpts == ()


def test_geojson_read_back_by_gdal_keeps_codes_and_relationships(tmp_path) -> None:
    """QGIS and GeoPandas read through GDAL: what they see is what pyogrio reads back."""
    import pyogrio

    from dashboard.export.frames import Atlas as BuiltinAtlas
    from events.pack import load_pack as load

    builtin = load(None)
    path = tmp_path / "1956.geojson"
    path.write_text(view_geojson(builtin, ViewState(year=1956), BuiltinAtlas.builtin()))
    frame = pyogrio.read_dataframe(path)
    polities = frame[frame["kind"] == "polity"].set_index("id")
    assert polities.loc["poland", "cow"] == 290
    assert polities.loc["poland", "iso3"] == "POL"
    assert polities.loc["hungary", "cow"] == 310
    assert polities.loc["poland", "gwcode"] == 290
    assert polities.loc["west-germany", "gwcode"] == 260  # Gleditsch-Ward, GW's dates
    members = frame[(frame["type"] == "relationship") & (frame["kind"] == "member_of")]
    pact = set(members[members["object"] == "warsaw-pact"]["subject"])
    assert {"poland", "hungary", "soviet-union", "east-germany"} <= pact
    assert members["geometry"].isna().all()  # kept as features with no geometry
