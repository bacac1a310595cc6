"""Data tests over the built-in pack: sources honoured, ids resolved, key facts right."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from events.model import Pack
from events.pack import DEFAULT_PACK_DIR, load_pack, validate_pack
from events.polityref import PolityIndex
from events.timeslice import as_of, in_year

SHARED_CORPUS = (
    Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
) / "proletarian-internationalism.txt"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack()


def _records(pack: Pack) -> list:
    return [*pack.organisations, *pack.events, *pack.relationships]


def _held(pack: Pack, day: date, kind: str, obj: str) -> set[str]:
    return {
        s.record.subject
        for s in as_of(pack, day).relationships
        if s.record.kind == kind and s.record.object == obj
    }


def test_the_built_in_pack_validates_without_errors_or_warnings() -> None:
    assert [str(p) for p in validate_pack(None)] == []


def test_the_shipped_corpus_is_the_shared_corpus_byte_for_byte() -> None:
    if not SHARED_CORPUS.exists():
        pytest.skip("../shared/corpus is not present on this machine")
    shipped = DEFAULT_PACK_DIR / "proletarian-internationalism.txt"
    assert shipped.read_bytes() == SHARED_CORPUS.read_bytes()


def test_the_attribution_ships_with_the_corpus() -> None:
    note = (DEFAULT_PACK_DIR / "CORPUS-ATTRIBUTION.md").read_text(encoding="utf-8")
    for needle in ("CC BY-SA 4.0", "Wikipedia contributors", '"Proletarian internationalism"'):
        assert needle in note
    licences = {s.licence for s in load_pack().manifest.sources}
    assert licences == {"CC BY-SA 4.0"}


def test_every_quote_occurs_verbatim_in_its_excerpt(pack: Pack) -> None:
    for record in _records(pack):
        for link in record.excerpts:
            assert link.quote in pack.excerpts_by_id[link.excerpt].text, (record.id, link.quote)


def test_every_excerpt_line_is_linked_by_some_record(pack: Pack) -> None:
    linked = {link.excerpt for r in _records(pack) for link in r.excerpts}
    assert linked == {e.id for e in pack.excerpts}
    assert len(pack.excerpts) == 20


def test_every_record_has_a_link_and_context_records_a_note(pack: Pack) -> None:
    for record in _records(pack):
        assert record.excerpts, record.id
        if record.provenance == "context":
            assert len(record.note) > 20, record.id


def test_all_ids_resolve(pack: Pack) -> None:
    polities = PolityIndex(pack.polities)
    assert polities.gazetteer_available
    orgs = set(pack.organisations_by_id)
    for r in pack.relationships:
        assert r.subject in orgs or polities.known(r.subject), r.id
        assert r.object in orgs or polities.known(r.object), r.id
    for e in pack.events:
        for place in e.places:
            assert place.polity is None or polities.known(place.polity), e.id
        for ref in e.participants:
            assert ref in orgs or polities.known(ref), e.id


def test_the_pack_covers_the_story_not_one_token_per_excerpt(pack: Pack) -> None:
    assert 120 <= len(_records(pack)) <= 260
    per_excerpt = {e.id: len(pack.linked_by(e.id)) for e in pack.excerpts}
    assert per_excerpt["pi-05"] >= 20  # the partitions, power by power
    assert per_excerpt["pi-14"] >= 15  # Warsaw Pact and Comecon, member by member


def test_warsaw_pact_members_on_1_june_1970_are_exactly_seven(pack: Pack) -> None:
    assert _held(pack, date(1970, 6, 1), "member_of", "warsaw-pact") == {
        "soviet-union",
        "poland",
        "east-germany",
        "czechoslovakia",
        "hungary",
        "romania",
        "bulgaria",
    }


def test_albania_is_a_member_until_13_september_1968(pack: Pack) -> None:
    assert "albania" in _held(pack, date(1968, 9, 12), "member_of", "warsaw-pact")
    assert "albania" not in _held(pack, date(1968, 9, 13), "member_of", "warsaw-pact")


def test_east_germany_joins_in_1956_and_leaves_before_reunification(pack: Pack) -> None:
    assert "east-germany" not in _held(pack, date(1956, 1, 27), "member_of", "warsaw-pact")
    assert "east-germany" in _held(pack, date(1956, 1, 28), "member_of", "warsaw-pact")
    assert "east-germany" not in _held(pack, date(1990, 9, 24), "member_of", "warsaw-pact")
    assert _held(pack, date(1991, 7, 1), "member_of", "warsaw-pact") == set()
    assert len(_held(pack, date(1991, 6, 30), "member_of", "warsaw-pact")) == 6


def test_poland_and_krakow_holders_in_1880(pack: Pack) -> None:
    day = date(1880, 6, 1)
    assert _held(pack, day, "partitioned", "polish-lithuanian-commonwealth") == {
        "russian-empire",
        "germany",
        "austria-hungary",
    }
    assert _held(pack, day, "annexed", "free-city-of-krakow") == {"austria-hungary"}


def test_partition_holders_change_with_each_treaty(pack: Pack) -> None:
    commonwealth = "polish-lithuanian-commonwealth"
    assert _held(pack, date(1772, 8, 4), "partitioned", commonwealth) == set()
    assert _held(pack, date(1772, 8, 5), "partitioned", commonwealth) == {
        "russian-empire",
        "prussia",
        "habsburg-monarchy",
    }
    assert _held(pack, date(1840, 1, 1), "partitioned", commonwealth) == {
        "russian-empire",
        "prussia",
        "austrian-empire",
    }
    assert _held(pack, date(1918, 11, 11), "partitioned", commonwealth) == set()
    assert _held(pack, date(1845, 1, 1), "annexed", "free-city-of-krakow") == set()
    assert _held(pack, date(1846, 11, 16), "annexed", "free-city-of-krakow") == {"austrian-empire"}


def test_cuban_deployments_in_1985_include_angola_and_ethiopia(pack: Pack) -> None:
    deployed = {
        s.record.object: s.record.attributes
        for s in in_year(pack, 1985).relationships
        if s.record.kind == "deployed_to" and s.record.subject == "cuba"
    }
    assert {"angola", "ethiopia"} <= set(deployed)
    assert deployed["angola"]["approximate"] is True
    assert isinstance(deployed["angola"]["troops"], int)
    later = in_year(pack, 1992).relationships
    assert [s.record.id for s in later if s.record.subject == "cuba"] == []


def test_the_stuttgart_congress_and_the_internationals_are_dated(pack: Pack) -> None:
    records = pack.records_by_id
    assert str(records["stuttgart-congress"].start) == "1907-08-18"
    assert records["stuttgart-congress"].interval.end == date(1907, 8, 25)
    assert str(records["iwa"].start) == "1864-09-28"
    assert str(records["second-international"].start) == "1889-07-14"
    assert str(records["iww"].start) == "1905-06-27"
    assert str(records["warsaw-pact"].start) == "1955-05-14"
    assert str(records["comecon"].end) == "1991-06-28"


def test_stated_records_quote_what_they_state(pack: Pack) -> None:
    stated = [r for r in _records(pack) if r.provenance == "stated"]
    assert len(stated) >= 15
    by_id = pack.records_by_id
    assert by_id["germany-holds-partition"].provenance == "stated"
    assert by_id["soviet-occupation-of-poland"].provenance == "stated"
    assert by_id["soviet-occupation-of-romania"].provenance == "context"  # pi-13 omits Romania
