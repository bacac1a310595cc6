"""Colonies hatched in their owner's colour (in the app and in both kinds of offline export),
and many events drawn as one marker per place."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dashboard.export.frames import Atlas, Frame, document_data
from dashboard.export.html import render_document
from dashboard.map import colours
from dashboard.map.assets import AssetUrls, _package_dir
from dashboard.map.layers import LayerInput, build_layers
from dashboard.map.legend import legend_entries, legend_html
from dashboard.map.mapview import MapView, build_map
from dashboard.map.shapes import shape_set
from dashboard.map.styles import PolityRow
from dashboard.view.state import ViewState
from events.pack import load_pack
from events.polityref import PolityIndex
from events.timeslice import in_year
from geodata.geometry import political_map
from tests.browser.dashdom import TIMEOUT, map_frame_handle
from tests.browser.mapdom import wait_for_app_idle
from tests.dashboard.conftest import MINI_PACK
from tests.support.server import Server, running_server

pytestmark = pytest.mark.browser
PORTUGAL_HATCH = colours.owner_hatch("portugal")
PATTERN = f"hx-hatch-{PORTUGAL_HATCH[1:].lower()}-{colours.neutral_fill('portugal')[1:].lower()}"

# The pattern a path's fill points at, and that pattern's line colour and background.
FILL_OF = """(selector) => {
    const path = document.querySelector(selector);
    if (!path) return null;
    const fill = path.getAttribute('fill') || '';
    const id = (/^url\\(#([\\w-]+)\\)/.exec(fill) || [])[1];
    const pattern = id && document.getElementById(id);
    return {
        fill: fill,
        pattern: pattern ? pattern.tagName : null,
        line: pattern ? pattern.querySelector('line').getAttribute('stroke') : null,
        background: pattern ? pattern.querySelector('rect').getAttribute('fill') : null,
    };
}"""


def open_map(page, url: str):
    page.goto(url)
    frame = map_frame_handle(page)
    frame.locator("path.polity-angola").wait_for(state="attached", timeout=TIMEOUT)
    wait_for_app_idle(page)
    return frame


def assert_angola_hatched_in_portugals_colour(found: dict | None) -> None:
    assert found is not None
    assert found["fill"].startswith(f"url(#{PATTERN})")
    assert found["pattern"] == "pattern"
    assert found["line"] == PORTUGAL_HATCH
    assert found["background"] == colours.neutral_fill("portugal")


def test_app_hatches_colonies_and_keeps_their_tooltips(server, page, artifacts_dir) -> None:
    frame = open_map(page, f"{server.url}?year=1960")
    assert_angola_hatched_in_portugals_colour(frame.evaluate(FILL_OF, "path.polity-angola"))
    portugal = frame.evaluate(FILL_OF, "path.polity-portugal")
    assert portugal["pattern"] is None, "the owner itself is not hatched"
    assert frame.locator("path.hatched").count() > 30  # Africa and Asia in 1960
    page.screenshot(path=str(artifacts_dir / "marks-1960-world.png"))
    frame.locator("path.polity-angola").hover(force=True)
    tip = frame.locator(".leaflet-tooltip").first
    tip.wait_for(timeout=TIMEOUT)
    assert "colony of Portugal" in tip.inner_text()
    legend = page.locator(".legend-flow")
    assert "colony, protectorate or mandate of Portugal" in legend.inner_text()
    assert page.page_errors == []
    assert page.request_log.outside() == []


def test_app_hatch_zoomed_to_africa_and_gone_after_independence(
    server, page, artifacts_dir
) -> None:
    frame = open_map(page, f"{server.url}?year=1960&region=africa")
    assert_angola_hatched_in_portugals_colour(frame.evaluate(FILL_OF, "path.polity-angola"))
    page.screenshot(path=str(artifacts_dir / "marks-1960-africa.png"))
    frame = open_map(page, f"{server.url}?year=1980&region=africa")
    assert frame.evaluate(FILL_OF, "path.polity-angola")["pattern"] is None
    assert page.page_errors == []


def test_exported_view_hatches_colonies_offline(tmp_path: Path, offline, artifacts_dir) -> None:
    path = tmp_path / "view-1960.html"
    view = ViewState(year=1960, region="africa")
    data = document_data(load_pack(None), [Frame(view)], Atlas.builtin(), "1960")
    legend = data["slides"][0]["legend"]
    assert {
        "label": "Colony, protectorate or mandate of Portugal",
        "colour": colours.neutral_fill("portugal"),
        "hatch": PORTUGAL_HATCH,
    } in legend
    path.write_text(render_document(data), "utf-8")
    page, asked, errors, _ = offline
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    hatched = page.locator(f"path.hx-hatched[fill^='url(#{PATTERN})']")
    assert hatched.count() >= 3  # Angola, Mozambique, Portuguese Guinea at least
    line = page.evaluate(
        "(id) => document.getElementById(id).querySelector('line').getAttribute('stroke')",
        PATTERN,
    )
    assert line == PORTUGAL_HATCH
    page.screenshot(path=str(artifacts_dir / "marks-export-1960-africa.png"))
    hatched.first.hover(force=True)
    assert "colony of Portugal" in page.locator(".leaflet-tooltip").first.inner_text()
    swatch = page.locator("#legend li", has_text="of Portugal").locator(".swatch")
    background = swatch.evaluate("el => el.style.background")
    assert "repeating-linear-gradient" in background
    assert [u for u in asked if not u.startswith("file:")] == []
    assert errors == []


def _owner(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def embedded_map_1960(leaflet: Path) -> str:
    """build_map(embed=True) of the default pack in 1960, Leaflet read from disk."""
    day = date(1960, 7, 1)
    frame = political_map(day, tolerance=0.05)
    rows = tuple(
        PolityRow(str(r["id"]), str(r["name"]), str(r["status"]), _owner(r["owner"]))
        for r in frame.drop(columns="geometry").to_dict("records")
    )
    pack = load_pack(None)
    index = PolityIndex(pack.polities)
    layers_on = frozenset({"political", "alliances", "events"})
    inp = LayerInput(pack, in_year(pack, 1960), rows, layers_on, day, index.point, index.name)
    layers = build_layers(inp)
    legend = legend_html(legend_entries(layers, pack, layers_on, index.name))
    assets = AssetUrls(js=(leaflet / "leaflet.js").as_uri(), css=(leaflet / "leaflet.css").as_uri())
    view = MapView(title="1960", assets=assets, bounds=(-36.0, -20.0, 38.0, 55.0))
    return (
        build_map(
            view, layers, shape_set(zip(frame["id"], frame.geometry, strict=True)), legend=legend
        )
        .get_root()
        .render()
    )


def test_embedded_map_hatches_colonies_offline(tmp_path: Path, offline, artifacts_dir) -> None:
    path = tmp_path / "embedded-1960.html"
    path.write_text(embedded_map_1960(_package_dir()), "utf-8")
    page, asked, errors, _ = offline
    page.goto(path.as_uri())
    page.locator("path.polity-angola").wait_for(state="attached", timeout=TIMEOUT)
    assert_angola_hatched_in_portugals_colour(page.evaluate(FILL_OF, "path.polity-angola"))
    assert "mandate of Portugal" in page.inner_text(".histatlas-legend")
    page.screenshot(path=str(artifacts_dir / "marks-embedded-1960.png"))
    assert [u for u in asked if not u.startswith("file:")] == []
    assert errors == []


HOSTILE = "<img src=x onerror=alert(1)>"


def _mini_pack_plus(folder: Path, name: str, records: list[str]) -> Path:
    """A copy of the mini pack with ``records`` (YAML list items) added to its file ``name``."""
    pack = folder / "pack"
    shutil.copytree(MINI_PACK, pack)
    with (pack / name).open("a", encoding="utf-8") as out:
        out.write("".join(records))
    return pack


@pytest.fixture(scope="module")
def crowded_server(tmp_path_factory, artifacts_dir) -> Iterator[Server]:
    """The mini pack plus 70 events in Poland in 1956 (a hostile title among them)."""
    events = [
        f"- id: strike-{i}\n"
        f"  title: 'Strike {i} {HOSTILE if i == 0 else ''}'\n"
        "  kind: strike\n  start: 1956-06-28\n  places:\n    - {polity: poland}\n"
        "  provenance: stated\n  excerpts:\n"
        '    - {excerpt: mp-02, quote: "the rising in Hungary"}\n'
        for i in range(70)
    ]
    pack = _mini_pack_plus(tmp_path_factory.mktemp("crowded"), "events.yaml", events)
    with running_server(artifacts_dir, "--pack", str(pack)) as srv:
        yield srv


def test_many_events_are_one_marker_that_opens_their_polity(
    crowded_server, page, artifacts_dir
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(crowded_server.url + "?year=1956&region=europe")
    frame = map_frame_handle(page)
    group = frame.locator("path.point-group.rec-poland")
    group.wait_for(state="attached", timeout=TIMEOUT)
    wait_for_app_idle(page)
    assert frame.locator("path.point-group").count() == 1
    assert frame.locator("path.rec-strike-5").count() == 0, "not drawn one by one"
    box = group.bounding_box()
    assert box is not None
    assert box["width"] > 30, "sized by its count (a lone event is 12 px across)"
    # Off-centre: the pact's seat marker sits on Warsaw, over the group's middle.
    edge = {"x": box["width"] * 0.15, "y": box["height"] * 0.5}
    group.hover(position=edge, force=True)
    tip = frame.locator(".leaflet-tooltip").first
    tip.wait_for(timeout=TIMEOUT)
    assert "70 events in Poland in 1956" in tip.inner_text()
    assert HOSTILE in tip.inner_text(), "the hostile title shown as text"
    assert frame.locator("img").count() == 0
    page.screenshot(path=str(artifacts_dir / "marks-aggregated-1956.png"))
    legend = page.locator(".legend-flow").inner_text()
    assert "several events at one place or area" in legend
    group.click(position=edge, force=True)
    page.wait_for_url("**focus=poland**", timeout=TIMEOUT)
    assert dialogs == []
    assert page.page_errors == []


@pytest.fixture(scope="module")
def flowing_server(tmp_path_factory, artifacts_dir) -> Iterator[Server]:
    """The mini pack plus 70 backings of Yugoslavia by Poland in 1956 (a hostile title first)."""
    backings = [
        f"- id: backing-{i}\n"
        f"  title: 'Backing {i} {HOSTILE if i == 0 else ''}'\n"
        "  kind: backed\n  subject: poland\n  object: yugoslavia\n  start: 1956-10-24\n"
        "  provenance: stated\n  excerpts:\n"
        '    - {excerpt: mp-02, quote: "the rising in Hungary"}\n'
        for i in range(70)
    ]
    pack = _mini_pack_plus(tmp_path_factory.mktemp("flowing"), "relationships.yaml", backings)
    with running_server(artifacts_dir, "--pack", str(pack)) as srv:
        yield srv


def test_many_arrows_are_one_flow_that_opens_their_target(flowing_server, page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(flowing_server.url + "?year=1956&region=europe&layers=political,deployments")
    frame = map_frame_handle(page)
    head = frame.locator("path.arrowhead.rec-yugoslavia")
    head.wait_for(state="attached", timeout=TIMEOUT)
    wait_for_app_idle(page)
    assert frame.locator("path.rec-backing-5").count() == 0, "not drawn one by one"
    head.hover(force=True)
    tip = frame.locator(".leaflet-tooltip").first
    tip.wait_for(timeout=TIMEOUT)
    assert "70 backings in 1956" in tip.inner_text()
    assert HOSTILE in tip.inner_text(), "the hostile title shown as text"
    assert frame.locator("img").count() == 0
    legend = page.locator(".legend-flow").inner_text()
    assert "relationships drawn as" in legend
    head.click(force=True)
    page.wait_for_url("**focus=yugoslavia**", timeout=TIMEOUT)
    assert dialogs == []
    assert page.page_errors == []
