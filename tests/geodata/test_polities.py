"""The gazetteer loader: tiny hand-made YAML files, validation errors, day lookups."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from geodata.gazetteer_io import GazetteerError, load_files

TWO_POLITIES = """
- id: alpha
  name: Alpha
  capital: {name: Alphaville, lat: 10.0, lon: 20.0}
  periods:
    - {start: 1800-01-01, end: 1850-06-01, name: Old Alpha, status: independent, cow: 1,
       shape: {union: [AAA]}, precision: approximate, source: test}
    - {start: 1850-06-01, end: 1900-01-01, status: colony, owner: beta,
       shape: {union: [AAA], minus: [cut]}, precision: precise, source: test}
- id: beta
  name: Beta
  periods:
    - {start: 1772-01-01, status: independent, iso3: BBB, shape: {union: [BBB]},
       precision: precise, source: test}
"""


def write(tmp_path: Path, text: str, name: str = "test.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str):
    clips = tmp_path / "clips"
    clips.mkdir(exist_ok=True)
    (clips / "cut.geojson").write_text("{}", encoding="utf-8")
    return load_files([write(tmp_path, text)], clips_dir=clips)


def problems_of(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(GazetteerError) as info:
        load_text(tmp_path, text)
    return info.value.problems


def test_loads_periods_and_codes(tmp_path: Path) -> None:
    gazetteer = load_text(tmp_path, TWO_POLITIES)
    assert gazetteer.ids() == frozenset({"alpha", "beta"})
    alpha = gazetteer.get("alpha")
    assert [p.status for p in alpha.periods] == ["independent", "colony"]
    assert alpha.periods[1].shape.minus == ("cut",)
    assert gazetteer.get("beta").periods[0].iso3 == "BBB"


def test_on_includes_start_day_and_excludes_end_day(tmp_path: Path) -> None:
    gazetteer = load_text(tmp_path, TWO_POLITIES)
    on_end = {s.id: s for s in gazetteer.on(date(1850, 6, 1))}
    assert on_end["alpha"].status == "colony"
    assert on_end["alpha"].owner == "beta"
    assert on_end["alpha"].name == "Alpha"  # no period name: the polity's name
    before = {s.id: s for s in gazetteer.on(date(1850, 5, 31))}
    assert before["alpha"].name == "Old Alpha"
    assert before["alpha"].cow == 1
    assert [s.id for s in gazetteer.on(date(1900, 1, 1))] == ["beta"]
    assert [s.id for s in gazetteer.on(date(1799, 12, 31))] == ["beta"]


def test_change_dates_and_period_key(tmp_path: Path) -> None:
    gazetteer = load_text(tmp_path, TWO_POLITIES)
    changes = gazetteer.change_dates()
    assert changes == sorted(changes)
    assert date(1850, 6, 1) in changes
    assert date(1900, 1, 1) in changes
    assert gazetteer.period_key(date(1820, 1, 1)) == gazetteer.period_key(date(1840, 1, 1))
    assert gazetteer.period_key(date(1850, 5, 31)) != gazetteer.period_key(date(1850, 6, 1))


def test_get_unknown_raises_key_error(tmp_path: Path) -> None:
    gazetteer = load_text(tmp_path, TWO_POLITIES)
    with pytest.raises(KeyError, match="gamma"):
        gazetteer.get("gamma")


def test_representative_point_is_the_capital(tmp_path: Path) -> None:
    gazetteer = load_text(tmp_path, TWO_POLITIES)
    from geodata.geometry import representative_point

    assert representative_point("alpha", date(1820, 1, 1), gazetteer) == (10.0, 20.0)


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        ("end: 1850-06-01, name: Old", "end: 1860-01-01, name: Old", "periods overlap"),
        ("status: colony", "status: vassal", "status 'vassal'"),
        ("owner: beta", "owner: gamma", "unknown owner id 'gamma'"),
        ("owner: beta,", "", "needs an owner"),
        ("status: colony, owner: beta", "status: colony, owner: beta, cow: 5", "cow is"),
        ("minus: [cut]", "minus: [nowhere]", "unknown clip 'nowhere'"),
        ("id: beta", "id: Beta_2", "kebab-case"),
        ("iso3: BBB", "iso3: bbb", "iso3 must be"),
        ("end: 1900-01-01,", "end: 1700-01-01,", "is not after start"),
        ("union: [BBB]", "union: [BBB], unite: [CCC]", "unknown field 'unite'"),
        ("start: 1772-01-01", "start: 1772-13-01", "cannot read"),
        ("start: 1772-01-01", "start: 17-1-1", "start must be an ISO date"),
    ],
)
def test_validation_errors_name_the_polity(
    tmp_path: Path, replace: str, by: str, expected: str
) -> None:
    assert replace in TWO_POLITIES
    problems = problems_of(tmp_path, TWO_POLITIES.replace(replace, by, 1))
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("test.yaml") for p in problems)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, TWO_POLITIES, "a.yaml")
    second = write(tmp_path, TWO_POLITIES, "b.yaml")
    with pytest.raises(GazetteerError, match="duplicate id"):
        load_files([first, second])


def test_lenient_owners_accept_a_missing_file(tmp_path: Path) -> None:
    text = TWO_POLITIES.replace("owner: beta", "owner: gamma", 1)
    gazetteer = load_files([write(tmp_path, text)], strict_owners=False)
    assert gazetteer.get("alpha").periods[1].owner == "gamma"


def test_empty_file_is_tolerated(tmp_path: Path) -> None:
    assert load_files([write(tmp_path, "")]).ids() == frozenset()


def test_imprecise_dates_take_the_first_day(tmp_path: Path) -> None:
    text = TWO_POLITIES.replace("start: 1800-01-01", "start: '1800-03'", 1)
    period = load_text(tmp_path, text).get("alpha").periods[0]
    assert period.start == date(1800, 3, 1)
    assert period.date_precision == "month"


def test_json_cache_gives_the_same_gazetteer(tmp_path: Path) -> None:
    source = write(tmp_path, TWO_POLITIES)
    cache = tmp_path / "cache"
    first = load_files([source], cache_dir=cache)
    assert len(list(cache.glob("gazetteer-test-*.json"))) == 1
    second = load_files([source], cache_dir=cache)
    assert second.polities == first.polities
    source.write_text(TWO_POLITIES.replace("Old Alpha", "Older Alpha"), encoding="utf-8")
    third = load_files([source], cache_dir=cache)
    assert third.get("alpha").periods[0].name == "Older Alpha"
    assert len(list(cache.glob("gazetteer-test-*.json"))) == 1
