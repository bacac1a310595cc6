"""Compare: two years side by side with what changed between them, as a link."""

from __future__ import annotations

from tests.app.helpers import run_app


def _maps(at) -> list[str]:
    return [
        el.proto.id
        for el in at.get("component_instance")
        if el.proto.component_name == "streamlit_folium.st_folium"
    ]


def test_compare_1985_and_1991_shows_two_maps_and_the_changes() -> None:
    at = run_app({"compare": "1985", "year": "1991"})
    assert not at.exception
    assert len(_maps(at)) == 2
    text = "\n".join(m.value for m in at.markdown)
    assert "1985 and 1991 side by side" in text
    assert "What changed between 1 July 1985 and 1 July 1991" in text
    ended = text.split("**States ended:**")[1].split("\n")[0]
    assert "German Democratic Republic" in ended  # the USSR still stood on 1 July 1991
    assert "People&apos;s Democratic Republic of Yemen" in ended  # shown as People's
    assert "focus=" in text
    assert "compare=1985" in text  # links keep the comparison
    assert at.query_params["compare"] == "1985"


def test_a_region_change_keeps_comparing_and_closing_goes_back_to_one_map() -> None:
    at = run_app({"compare": "1985", "year": "1991"})
    at.selectbox(key="region").set_value("europe").run()
    assert not at.exception
    assert len(_maps(at)) == 2
    at = at.button(key="compare-close").click().run()
    assert not at.exception
    assert len(_maps(at)) == 1
    assert at.slider(key="year").value == 1991
    assert "compare" not in at.query_params


def test_a_bad_compare_year_is_said_and_ignored() -> None:
    at = run_app({"compare": "nineteen", "year": "1991"})
    assert not at.exception
    assert len(_maps(at)) == 1
    assert any("compare" in w.value and "not a year" in w.value for w in at.warning)
