"""More than one pack on a server: `?pack=` picks one, the default is never named in links."""

from __future__ import annotations

import pytest

from dashboard.settings import PACK_ENV
from dashboard.view.state import escape_markdown
from events.pack import load_pack
from tests.app.helpers import run_app
from tests.dashboard.conftest import MINI_PACK

MINI = "mini-pack"  # the served pack's name: its directory's
BUILT_IN = "internationalism"


@pytest.fixture(autouse=True)
def served(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PACK_ENV, str(MINI_PACK))


def header(at) -> str:
    return at.sidebar.header[0].value


def title_of(pack_dir=None) -> str:
    """A pack's title as the sidebar shows it (its markup escaped)."""
    return escape_markdown(load_pack(pack_dir).manifest.title)


def test_the_served_pack_is_the_default_and_links_do_not_name_it():
    at = run_app()
    assert header(at) == title_of(MINI_PACK)
    assert "pack" not in at.query_params
    assert at.selectbox(key="pack").value == MINI


def test_a_link_opens_another_pack_and_keeps_its_name():
    at = run_app({"pack": BUILT_IN, "year": "1970"})
    assert not at.exception
    assert header(at) == title_of()
    assert at.query_params["pack"] == BUILT_IN
    assert at.slider(key="year").value == 1970
    # The built-in pack's records are the ones on offer now.
    at = run_app({"pack": BUILT_IN, "focus": "warsaw-pact"})
    assert at.query_params["focus"] == "warsaw-pact"


def test_an_unknown_pack_falls_back_with_an_escaped_notice():
    at = run_app({"pack": "<b>nope</b>"})
    assert not at.exception
    assert header(at) == title_of(MINI_PACK)
    notices = [w.value for w in at.warning]
    assert any("not on this server" in n for n in notices)
    assert all("<b>" not in n for n in notices)
    assert "pack" not in at.query_params


def test_choosing_a_pack_opens_its_default_view():
    at = run_app({"year": "1960"})
    at.selectbox(key="pack").set_value(BUILT_IN).run()
    assert not at.exception
    assert header(at) == title_of()
    assert at.query_params["pack"] == BUILT_IN
    assert "year" not in at.query_params  # the new pack's own default year
