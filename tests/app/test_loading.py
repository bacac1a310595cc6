"""First loads that can take seconds say what is loading; per-step lookups stay silent.

Streamlit shows a cached function's spinner only on a cache miss, so the text appears on
a big pack's first load or a period's first borders, never on a warm step.
"""

from __future__ import annotations

import pytest

from dashboard import data

SLOW_FIRST_LOADS = {
    "pack": "pack",
    "_features_for_period": "borders",
    "_shapes_for_period": "shapes",
    "record_points": "records",
}
PER_STEP = ("_rows_for_period", "view_layers", "polity_index", "namer")


def _spinner(name: str) -> object:
    # CachedFunc keeps the decorator's arguments in ``_info`` (streamlit.runtime.caching).
    return getattr(data, name)._info.show_spinner


@pytest.mark.parametrize(("name", "word"), SLOW_FIRST_LOADS.items())
def test_slow_first_loads_name_what_is_loading(name: str, word: str) -> None:
    text = _spinner(name)
    assert isinstance(text, str)
    assert word in text.lower()


@pytest.mark.parametrize("name", PER_STEP)
def test_per_step_lookups_show_no_spinner(name: str) -> None:
    assert _spinner(name) is False
