"""`histatlas diff`: what changed between two days, in the contract's JSON shape."""

from __future__ import annotations

import json
from pathlib import Path

from tests.dashboard.cli.test_data_cli import RELATIONSHIP_KEYS, histatlas

REPO = Path(__file__).resolve().parents[3]


def test_1985_to_1991_lists_the_end_of_the_eastern_bloc() -> None:
    done = histatlas("diff", "--from", "1985-07-01", "--to", "1991-12-31", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert list(data) == ["from", "to", "polities", "relationships", "events"]
    assert (data["from"], data["to"]) == ("1985-07-01", "1991-12-31")
    assert list(data["polities"]) == ["began", "ended", "changed"]
    assert list(data["relationships"]) == ["began", "ended"]
    ended = {p["id"]: p for p in data["polities"]["ended"]}
    began = {p["id"]: p for p in data["polities"]["began"]}
    assert {"soviet-union", "east-germany", "west-germany"} <= set(ended)
    assert {"russia", "ukraine", "germany", "estonia"} <= set(began)
    assert ended["soviet-union"] == {"id": "soviet-union", "name": "Soviet Union", "cow": 365}
    assert list(began["germany"]) == ["id", "name", "cow"]
    namibia = next(p for p in data["polities"]["changed"] if p["id"] == "namibia")
    assert namibia["was"]["status"] == "occupied"  # South African rule until 1990
    assert "status" in namibia["what"]
    gone = {r["id"] for r in data["relationships"]["ended"]}
    assert {"poland-in-warsaw-pact", "cuba-in-angola", "soviet-union-in-comecon"} <= gone
    assert all(list(r) == RELATIONSHIP_KEYS for r in data["relationships"]["ended"])
    events = {e["id"] for e in data["events"]}
    assert {"warsaw-pact-dissolved", "comecon-dissolved"} <= events


def test_a_quiet_stretch_changes_nothing_and_the_order_of_days_is_checked() -> None:
    done = histatlas("diff", "--from", "1975-01-02", "--to", "1975-01-03")
    data = json.loads(done.stdout)
    assert data["polities"] == {"began": [], "ended": [], "changed": []}
    wrong = histatlas("diff", "--from", "1991-01-01", "--to", "1985-01-01")
    assert wrong.returncode == 2
    assert "--to must be after --from" in wrong.stderr
    assert histatlas("diff", "--from", "1991-13-01", "--to", "1992-01-01").returncode == 2
