"""Hostile query strings through the real app (AppTest): no exception, a valid view, no echo.

One app session takes a few hundred generated query strings in turn (a fresh session per
query would take an hour); every run re-reads the URL because the query changed.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.view import state
from tests.app.helpers import APP, TIMEOUT
from tests.dashboard.export.test_export_fixtures import write_pack

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    '"><svg onload=alert(1)>',
    "</textarea><b>bold</b>",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "-1",
    "-1968",
    "0",
    "99999",
    "1e3",
    "1968.5",
    "",
    " ",
    "%00",
    "\x00",
    "ĄĆĘŁŃ 漢字 🇵🇱 \u202e",
    "x" * 3000,
    "1968-13-40",
    "45,10,55",
    "nan,1,2,3",
    "91,0,92,1",
    "political,<b>",
]
VALID = [
    "1968",
    "1955-05-14",
    "world",
    "europe",
    "aland-in-pact",
    "aland",
    "tx-02",
    "pact-story",
    "2",
    "alliances,events",
    "0,0,20,40",
    "osm",
    "1",
]
KEYS = [*state.QUERY_KEYS, *state.ALIASES, "utm_source", "Year", "x"]
# Markup that must never reach an element rendered as HTML, whatever its source.
NEVER_IN_HTML = ("<script", "<img", "<iframe", "<object", "<embed", "<svg onload")


def probes(query: dict[str, str]) -> list[str]:
    """The markup in the query's values (a tag's start and what follows): never raw in HTML."""
    found = []
    for value in query.values():
        match = re.search(r"<[A-Za-z/!]", value)
        if match:
            found.append(value[match.start() : match.start() + 16])
    return found


def queries(count: int, seed: int = 6) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    for value in HOSTILE:  # every hostile value in every parameter at least once
        for key in state.QUERY_KEYS:
            if rng.random() < 0.25:
                yield {key: value}
    for _ in range(count):
        query = {}
        for key in rng.sample(KEYS, rng.randint(1, 6)):
            pool = rng.choice([HOSTILE, VALID, None])
            if pool is None:
                alphabet = string.printable + "ĄŁ漢🇵"
                query[key] = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
            else:
                query[key] = rng.choice(pool)
        yield query


def texts(at: AppTest) -> Iterator[tuple[str, bool]]:
    """Every text the page shows, and whether it is rendered as HTML (unsafe_allow_html)."""
    kinds = ("markdown", "warning", "error", "info", "caption", "title", "header", "subheader")
    for kind in (*kinds, "code", "text", "success", "exception"):
        for element in getattr(at, kind, []):
            proto = getattr(element, "proto", None)
            value = getattr(element, "value", None) or getattr(element, "body", None)
            if isinstance(value, str):
                yield value, bool(getattr(proto, "allow_html", False))


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[AppTest]:
    pack_dir = write_pack(tmp_path_factory.mktemp("pack"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HISTATLAS_PACK", str(pack_dir))
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        at.run()
        assert not at.exception
        yield at


def test_hostile_queries_never_break_the_app_nor_echo(app: AppTest) -> None:
    checked = 0
    for query in queries(120):
        app.query_params.clear()
        for key, value in query.items():
            app.query_params[key] = value
        app.run()
        assert not app.exception, f"exception for {query!r}: {app.exception}"
        view = app.session_state[state.SS_VIEW]
        assert isinstance(view, state.ViewState)
        assert 1950 <= view.year <= 1991
        assert view.day is None or view.day.year == view.year
        assert set(view.layers) <= set(state.LAYERS)
        raw = [p.lower() for p in probes(query)]
        for text, as_html in texts(app):
            lowered = text.lower()
            assert "](javascript" not in lowered, f"a javascript: link for {query!r}"
            if as_html:
                for fragment in (*NEVER_IN_HTML, *raw):
                    assert fragment not in lowered, f"{fragment!r} raw in HTML for {query!r}"
        for notice in app.session_state[state.SS_NOTICES]:
            assert len(notice.message) <= state.SHOWN_RAW + 100
        checked += 1
    assert checked > 200
