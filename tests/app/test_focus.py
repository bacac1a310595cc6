"""A focused polity, or the states of a focused record, outlined on the map (built-in pack)."""

from __future__ import annotations

from tests.app.helpers import drawn_polities, run_app


def test_a_focused_polity_or_record_is_outlined_on_the_map() -> None:
    drawn = drawn_polities(run_app({"year": "1956", "focus": "hungary"}))
    assert drawn["hungary"]["weight"] == 3.0
    assert drawn["hungary"]["color"] == "#1A1A1A"
    assert drawn["poland"]["weight"] < 3.0
    # A relationship: both its states.
    drawn = drawn_polities(run_app({"year": "1956", "focus": "soviet-forces-in-hungary"}))
    assert drawn["hungary"]["weight"] == drawn["soviet-union"]["weight"] == 3.0


def test_the_dossier_gives_the_state_codes_with_their_own_dates() -> None:
    """COW counts Canada from 1920-01-10 and GW from 1867-07-01, whatever its status."""
    at = run_app({"year": "1925", "focus": "canada"})
    lines = " ".join(m.value for m in at.markdown)
    assert "1920-01-10 – " in lines
    assert "COW 20" in lines
    assert "GW 20" in lines
