"""Presenter mode through the real app (AppTest): the slide in the URL, steps, exit, escaping."""

from __future__ import annotations

import html
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, TIMEOUT, map_payload
from tests.dashboard.export.test_export_fixtures import write_pack


@pytest.fixture
def app(tmp_path_factory) -> Iterator[AppTest]:
    pack_dir = write_pack(tmp_path_factory.mktemp("pack"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HISTATLAS_PACK", str(pack_dir))
        yield AppTest.from_file(str(APP), default_timeout=TIMEOUT)


def open_at(at: AppTest, **query: str) -> AppTest:
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_presenter_shows_the_slide_of_the_url_large_without_the_side_panel(app) -> None:
    at = open_at(app, present="1", tour="pact-story", slide="2")
    text = markdown(at)
    assert "## Troops" in text
    assert "Slide 2 / 3" in text
    assert "Help, fraternal." in text  # the caption
    assert "21 August 1968" in text
    assert len(at.sidebar.children) == 0, "the side panel is hidden"
    payload = map_payload(at)
    assert payload["height"] == 640


def test_next_and_previous_change_the_slide_in_the_url(app) -> None:
    at = open_at(app, present="1", tour="pact-story", slide="1")
    at.button(key="present-next").click().run()
    assert at.query_params["slide"] == "2"
    assert "## Troops" in markdown(at)
    at.button(key="present-next").click().run()
    at.button(key="present-next").click().run()  # past the end: stays on the last slide
    assert at.query_params["slide"] == "3"
    at.button(key="present-prev").click().run()
    assert at.query_params["slide"] == "2"
    assert at.query_params["present"] == "1"


def test_exit_keeps_the_slide_view_in_the_dashboard(app) -> None:
    at = open_at(app, present="1", tour="pact-story", slide="2")
    at.button(key="present-exit").click().run()
    assert not at.exception
    assert "present" not in at.query_params
    assert at.query_params["tour"] == "pact-story"
    assert at.slider(key="year").value == 1968


def test_free_presenter_steps_years_and_starts_tours(app) -> None:
    at = open_at(app, present="1", year="1960")
    assert "1960" in markdown(at)
    at.button(key="present-next").click().run()
    assert at.query_params["year"] == "1961"
    at.selectbox(key="present-tour").set_value("pact-story").run()
    assert at.query_params["tour"] == "pact-story"
    assert at.query_params["slide"] == "1"
    assert "## Founded" in markdown(at)


def test_play_toggles_to_pause(app) -> None:
    at = open_at(app, present="1", tour="pact-story", slide="1")
    at.button(key="present-play").click().run()
    assert at.button(key="present-play").label == "⏸ Pause"
    at.button(key="present-play").click().run()
    assert at.button(key="present-play").label == "▶ Play"


def test_tour_text_is_escaped(app) -> None:
    at = open_at(app, present="1", tour="pact-story", slide="1")
    text = markdown(at)
    assert "<script>alert(5)" not in text
    assert "<img src=x" not in text


def test_every_slide_of_the_built_in_tours_presents() -> None:
    from events.pack import load_pack

    pack = load_pack(None)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for tour in pack.tours:
        for number, slide in enumerate(tour.slides, start=1):
            at.query_params.clear()
            open_at(at, present="1", tour=tour.id, slide=str(number))
            text = markdown(at)
            assert f"Slide {number} / {len(tour.slides)}" in text
            assert slide.title in html.unescape(text.replace("\\", ""))
            assert map_payload(at)["height"] == 640
