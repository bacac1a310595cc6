"""dashboard.view.state: query strings <-> view state, hostile values fall back with notices."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.view.context import slide_view
from dashboard.view.state import (
    DEFAULT_LAYERS,
    LAYERS,
    SHOWN_RAW,
    Notice,
    StateContext,
    ViewState,
    escape_markdown,
)
from dashboard.view.url import parse_query, query_string, to_query

CTX = StateContext(
    horizon=(1772, 1991),
    default_year=1956,
    region_ids=frozenset({"world", "europe", "eastern-europe"}),
    record_ids=frozenset({"warsaw-pact", "cuba-in-angola"}),
    polity_ids=frozenset({"poland", "cuba"}),
    excerpt_ids=frozenset({"pi-05", "pi-14"}),
    tours={"poland": 5, "cuba": 3},
    packs=frozenset({"demo"}),
)


def test_empty_query_is_the_default_view() -> None:
    view, notices = parse_query({}, CTX)
    assert view == ViewState(year=1956)
    assert notices == []
    assert to_query(view, CTX) == {}


def test_documented_example_parses_and_serialises_back() -> None:
    params = {
        "year": "1968",
        "region": "eastern-europe",
        "layers": "alliances,events",
        "focus": "warsaw-pact",
    }
    view, notices = parse_query(params, CTX)
    assert notices == []
    assert view.year == 1968
    assert view.layers == ("alliances", "events")
    assert view.focus == "warsaw-pact"
    assert to_query(view, CTX) == params
    assert query_string(to_query(view, CTX)) == (
        "?year=1968&region=eastern-europe&layers=alliances,events&focus=warsaw-pact"
    )


@pytest.mark.parametrize(
    "view",
    [
        ViewState(year=1880, region="europe", focus="poland"),
        ViewState(year=1991, day=date(1991, 7, 1), layers=("alliances",)),
        ViewState(year=1956, bounds=(45.1234, 10.5, 55.0, 30.25), excerpt="pi-14"),
        ViewState(year=1975, tour="cuba", slide=2, present=True, basemap="osm"),
        ViewState(year=1956, layers=(), pack="demo"),
    ],
)
def test_round_trip(view: ViewState) -> None:
    back, notices = parse_query(to_query(view, CTX), CTX)
    assert notices == []
    assert back == view


def test_date_sets_the_year_and_wins_over_a_conflicting_year() -> None:
    view, notices = parse_query({"year": "1950", "date": "1968-08-21"}, CTX)
    assert (view.year, view.day) == (1968, date(1968, 8, 21))
    assert [n.param for n in notices] == ["year"]


@pytest.mark.parametrize(
    ("params", "param", "expected"),
    [
        ({"year": "abc"}, "year", ViewState(year=1956)),
        ({"year": "99999"}, "year", ViewState(year=1991)),
        ({"year": "-5"}, "year", ViewState(year=1772)),
        ({"date": "1968-02-30"}, "date", ViewState(year=1956)),
        ({"date": "2100-01-01"}, "date", ViewState(year=1991)),
        ({"region": "atlantis"}, "region", ViewState(year=1956)),
        ({"bounds": "1,2,3"}, "bounds", ViewState(year=1956)),
        ({"bounds": "50,10,40,20"}, "bounds", ViewState(year=1956)),
        ({"bounds": "nan,1,2,3"}, "bounds", ViewState(year=1956)),
        ({"bounds": "1,inf,2,3"}, "bounds", ViewState(year=1956)),
        ({"layers": "bogus"}, "layers", ViewState(year=1956)),
        ({"layers": "bogus,events"}, "layers", ViewState(year=1956, layers=("events",))),
        ({"focus": "nobody"}, "focus", ViewState(year=1956)),
        ({"excerpt": "pi-99"}, "excerpt", ViewState(year=1956)),
        ({"tour": "nope", "slide": "2"}, "tour", ViewState(year=1956)),
        ({"tour": "cuba", "slide": "9"}, "slide", ViewState(year=1956, tour="cuba", slide=1)),
        ({"tour": "cuba", "slide": "x"}, "slide", ViewState(year=1956, tour="cuba", slide=1)),
        ({"slide": "2"}, "slide", ViewState(year=1956)),
        ({"basemap": "google"}, "basemap", ViewState(year=1956)),
        ({"pack": "/etc"}, "pack", ViewState(year=1956)),
        ({"present": "maybe"}, "present", ViewState(year=1956)),
    ],
)
def test_bad_values_fall_back_with_a_notice(params, param, expected) -> None:
    view, notices = parse_query(params, CTX)
    assert view == expected
    assert param in {n.param for n in notices}


def test_aliases_and_canonical_names() -> None:
    view, notices = parse_query(
        {"y": "1970", "bbox": "1,2,3,4", "layer": "troops,borders", "selected": "cuba"}, CTX
    )
    assert notices == []
    assert view == ViewState(
        year=1970, bounds=(1.0, 2.0, 3.0, 4.0), layers=("political", "deployments"), focus="cuba"
    )
    # When the old and the new name are both given, the new one wins.
    assert parse_query({"y": "1970", "year": "1980"}, CTX)[0].year == 1980


def test_unknown_parameters_are_ignored_and_lists_take_the_last_value() -> None:
    view, notices = parse_query({"utm_source": "x", "year": ["1900", "1901"]}, CTX)
    assert notices == []
    assert view.year == 1901


def test_bounds_are_rounded_to_four_decimals() -> None:
    view, _ = parse_query({"bounds": "45.123456,-10.000049,50,20"}, CTX)
    assert view.bounds == (45.1235, -10.0, 50.0, 20.0)
    assert to_query(view, CTX)["bounds"] == "45.1235,-10,50,20"


def test_long_values_are_refused_and_never_quoted_in_full() -> None:
    huge = "<script>alert(1)</script>" * 200
    view, notices = parse_query({"region": huge, "focus": huge[:1500]}, CTX)
    assert view == ViewState(year=1956)
    for notice in notices:
        assert len(notice.message) < SHOWN_RAW + 80
        assert huge[:SHOWN_RAW] not in notice.message


def test_markdown_of_a_notice_is_inert() -> None:
    notice = Notice("focus", "unknown '<img src=x onerror=alert(1)>' [a](javascript:alert(1))")
    md = notice.markdown
    assert "<" not in md
    assert ">" not in md
    assert "](" not in md
    assert escape_markdown("**bold**") == r"\*\*bold\*\*"


values = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "javascript:alert(1)",
            "NaN",
            "inf",
            "-1e309",
            "1e309",
            "-1",
            "0",
            "99999999999999999999",
            "1968",
            "1968-08-21",
            "eastern-europe",
            "warsaw-pact",
            "cuba",
            "1",
            "alliances,events",
            "45,10,55,30",
            "x" * 5000,
            "ĄĆĘŁŃÓŚŹŻ 漢字 🇵🇱",
            "\x00\x1b[31m",
        ]
    ),
)
keys = st.sampled_from(
    [
        "year",
        "date",
        "region",
        "bounds",
        "layers",
        "focus",
        "excerpt",
        "tour",
        "slide",
        "basemap",
        "pack",
        "present",
        "y",
        "bbox",
        "layer",
        "step",
        "?",
        "",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(keys, st.one_of(values, st.lists(values, max_size=3)), max_size=8))
def test_fuzz_any_query_gives_a_valid_view(params) -> None:
    view, notices = parse_query(params, CTX)
    assert CTX.horizon[0] <= view.year <= CTX.horizon[1]
    assert view.day is None or view.day.year == view.year
    assert view.region in CTX.region_ids
    assert set(view.layers) <= set(LAYERS)
    assert view.focus is None or view.focus in CTX.record_ids | CTX.polity_ids
    assert view.excerpt is None or view.excerpt in CTX.excerpt_ids
    assert (view.tour is None) == (view.slide is None)
    if view.tour is not None:
        assert 1 <= (view.slide or 0) <= CTX.tours[view.tour]
    if view.bounds is not None:
        assert all(math.isfinite(v) for v in view.bounds)
    for notice in notices:
        assert len(notice.message) <= SHOWN_RAW + 100
        assert "<" not in notice.markdown
    # What we write reads back to the same view, with no complaints.
    assert parse_query(to_query(view, CTX), CTX) == (view, [])


def test_default_layers_of_the_context_are_omitted() -> None:
    ctx = StateContext(**{**CTX.__dict__, "default_layers": ("political", "events")})
    assert to_query(ViewState(year=1956, layers=("political", "events")), ctx) == {}
    assert to_query(ViewState(year=1956, layers=DEFAULT_LAYERS), ctx)["layers"].count(",") == 5


def tour_ctx() -> StateContext:
    from events.model import Tour

    tour = Tour.model_validate(
        {
            "id": "cuba",
            "title": "Cuba abroad",
            "slides": [
                {"title": "One", "date": "1975-11-11", "region": "europe", "focus": ["cuba"]},
                {
                    "title": "Two",
                    "date": "1988",
                    "bounds": [-20, 10, 0, 30],
                    "layers": ["deployments"],
                    "excerpts": ["pi-14"],
                },
            ],
        }
    )
    views = tuple(slide_view(tour, n) for n in (1, 2))
    return StateContext(**{**CTX.__dict__, "tours": {"cuba": 2}, "tour_views": {"cuba": views}})


def test_a_tour_slide_link_opens_the_slide_view() -> None:
    ctx = tour_ctx()
    view, notices = parse_query({"tour": "cuba", "slide": "1"}, ctx)
    assert notices == []
    assert view == ViewState(
        year=1975, day=date(1975, 11, 11), region="europe", focus="cuba", tour="cuba", slide=1
    )
    two, _ = parse_query({"tour": "cuba", "slide": "2"}, ctx)
    assert (two.year, two.day, two.bounds, two.layers) == (
        1988,
        None,
        (-20.0, 10.0, 0.0, 30.0),
        ("deployments",),
    )
    assert to_query(two, ctx) == {"tour": "cuba", "slide": "2"}


def test_parameters_adjust_a_tour_slide_and_round_trip() -> None:
    ctx = tour_ctx()
    view, notices = parse_query({"tour": "cuba", "slide": "1", "year": "1980", "focus": ""}, ctx)
    assert notices == []
    assert (view.year, view.day, view.focus, view.region) == (1980, None, None, "europe")
    query = to_query(view, ctx)
    assert query == {"year": "1980", "focus": "", "tour": "cuba", "slide": "1"}
    assert parse_query(query, ctx) == (view, [])


def test_sharing_docs_name_every_parameter_and_alias() -> None:
    from pathlib import Path

    from dashboard.view.state import ALIASES, LAYER_ALIASES, QUERY_KEYS

    docs = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    for name in (*QUERY_KEYS, *ALIASES, *LAYER_ALIASES, *LAYERS):
        assert f"`{name}`" in docs, f"README.md does not mention `{name}`"


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["tour", "slide", "year", "date", "focus", "bounds", "layers", "step"]),
        st.one_of(values, st.sampled_from(["cuba", "1", "2", "3", "", "none"])),
        max_size=6,
    )
)
def test_fuzz_tour_links_give_a_valid_view_that_round_trips(params) -> None:
    ctx = tour_ctx()
    view, _ = parse_query(params, ctx)
    assert (view.tour is None) == (view.slide is None)
    if view.tour is not None:
        assert 1 <= (view.slide or 0) <= ctx.tours[view.tour]
    assert view.day is None or view.day.year == view.year
    assert parse_query(to_query(view, ctx), ctx) == (view, [])


@pytest.mark.parametrize(
    ("raw", "embedded"),
    [
        ("year=1956&embed=map", True),
        ("embed=MAP", True),
        ("embed=true&year=1956", False),  # Streamlit's own embed mode: the whole dashboard
        ("embed=map&embed=true", False),  # the last value wins, as for every parameter
        ("year=1956", False),
        ("", False),
    ],
)
def test_embed_is_read_from_the_raw_query(raw: str, embedded: bool) -> None:
    from dashboard.view.url import wants_embed

    assert wants_embed(raw) is embedded


def test_links_never_write_embed() -> None:
    """Streamlit refuses to set `embed` from the app; the address keeps it by itself."""
    view, _ = parse_query({"year": "1960", "embed": "map"}, CTX)
    assert "embed" not in to_query(view, CTX)


def test_escaped_apostrophes_and_dollars_survive_markdown() -> None:
    import markdown_it

    escaped = escape_markdown("People's Republic costs $5 #1")
    assert "#39" not in escaped  # a numeric entity's # would be escaped and show literally
    # CommonMark, as Streamlit's markdown renders it, shows the text exactly.
    assert markdown_it.MarkdownIt().renderInline(escaped) == "People's Republic costs $5 #1"
