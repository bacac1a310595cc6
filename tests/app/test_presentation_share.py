"""The dashboard's share panel and tour bar (dashboard.panels.presentation), run by AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.export.test_export_fixtures import write_pack


def share_script(pack_dir: str) -> None:
    from pathlib import Path

    import streamlit as st

    from dashboard.panels import presentation
    from dashboard.view import context as viewcontext
    from dashboard.view import url
    from events.pack import load_pack

    pack = load_pack(Path(pack_dir))
    ctx = viewcontext.context_for(pack, region_ids={"world"}, polity_ids=set())
    view, _ = url.parse_query(st.query_params.to_dict(), ctx)
    presentation.tour_bar(pack, view, ctx)
    presentation.share_panel(pack, view, ctx)


@pytest.fixture
def app(tmp_path: Path) -> AppTest:
    pack_dir = write_pack(tmp_path / "pack")
    return AppTest.from_function(share_script, args=(str(pack_dir),), default_timeout=60)


def test_tour_bar_steps_and_leaves_the_tour(app) -> None:
    app.query_params["tour"] = "pact-story"
    app.query_params["slide"] = "1"
    app.run()
    assert not app.exception
    text = "\n".join(m.value for m in app.markdown)
    assert "slide 1 of 3" in text
    assert "&lt;script&gt;" in text  # the hostile tour title, escaped
    app.button(key="tour-next").click().run()
    assert app.query_params["slide"] == "2"
    app.button(key="tour-leave").click().run()
    assert "tour" not in app.query_params


def test_share_panel_offers_link_present_and_downloads(app) -> None:
    app.query_params["year"] = "1968"
    app.run()
    assert not app.exception
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == [
        "Map as HTML (offline)",
        "Picture (PNG)",
        "For print (PDF)",
        "GeoJSON",
        "Records as CSV",
    ]
    assert any("hx-link" in str(el.proto) for el in app.get("iframe"))
    app.button(key="present-start").click().run()
    assert app.query_params["present"] == "1"
    assert app.query_params["year"] == "1968"
