"""The world gazetteer (everything outside Europe/Russia/Turkey): key facts and full coverage."""

from __future__ import annotations

import itertools
import json
from datetime import date
from functools import cache

import pytest
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geodata.base import load_base
from geodata.geometry import shape_of
from geodata.polities import CLIPS_DIR, Gazetteer, PolityState, Recipe, load_gazetteer
from geodata.recipes import base_geometries, clip_geometry

WORLD_FILES = {"africa.yaml", "middle-east.yaml", "asia.yaml", "americas.yaml", "oceania.yaml"}
# Base features drawn by the Europe/Russia gazetteer (incl. Turkey, the Caucasus, Central Asia).
EUROPEAN_CODES = (
    frozenset(
        ("ALA", "ALB", "AND", "AUT", "BEL", "BGR", "BIH", "BLR", "CHE", "CZE", "DEU", "DNK", "ESP"),
    )
    | frozenset(
        ("EST", "FIN", "FRA", "FRO", "GBR", "GGY", "GRC", "HRV", "HUN", "IMN", "IRL", "ISL", "ITA"),
    )
    | frozenset(
        ("JEY", "KOS", "LIE", "LTU", "LUX", "LVA", "MCO", "MDA", "MKD", "MLT", "MNE", "NLD", "NOR"),
    )
    | frozenset(
        ("POL", "PRT", "ROU", "RUS", "SMR", "SRB", "SVK", "SVN", "SWE", "UKR", "VAT", "CYP", "CYN"),
    )
    | frozenset(("TUR", "GEO", "ARM", "AZE", "KAZ", "UZB", "TKM", "KGZ", "TJK"))
)
SAMPLE_DAYS = [date(year, 7, 1) for year in range(1772, 1992)]
TOLERANCE = 1e-6  # share of a base feature's area: pieces must tile it exactly


def gazetteer() -> Gazetteer:
    return load_gazetteer()


def state(polity_id: str, day: date) -> PolityState:
    found = gazetteer().state_of(polity_id, day)
    assert found is not None, f"{polity_id} does not exist on {day}"
    return found


def world_codes() -> frozenset[str]:
    return frozenset(str(code) for code in load_base().index) - EUROPEAN_CODES


Fragment = tuple[str, tuple[str, ...], tuple[str, ...]]


def fragments(recipe: Recipe) -> list[Fragment]:
    """(base code, intersect clips, minus clips) for every base feature a recipe reads."""
    parts = [(code, recipe.intersect, recipe.minus) for code in recipe.union]
    for sub in recipe.plus:
        parts += fragments(sub)
    return parts


Use = tuple[str, tuple[str, ...], tuple[str, ...], bool]


def usage_on(day: date) -> dict[str, list[Use]]:
    """Who reads each base feature on ``day``: (polity id, intersect, minus, residual)."""
    usage: dict[str, list[Use]] = {}
    for polity_state in gazetteer().on(day):
        period = gazetteer().get(polity_state.id).period_on(day)
        assert period is not None
        for code, intersect, minus in fragments(period.shape):
            use = (polity_state.id, intersect, minus, period.shape.residual)
            usage.setdefault(code, []).append(use)
    return usage


def piece(code: str, intersect: tuple[str, ...], minus: tuple[str, ...]) -> BaseGeometry:
    geometry = base_geometries()[code]
    for clip_id in intersect:
        geometry = shapely.intersection(geometry, clip_geometry(clip_id))
    for clip_id in minus:
        geometry = shapely.difference(geometry, clip_geometry(clip_id))
    return geometry


@cache
def partition_error(
    code: str, cuts: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...], filled: bool
) -> str:
    """Empty if the cut pieces of one base feature tile it, else what is wrong.

    ``filled``: a residual polity takes whatever the pieces leave, so only overlaps count.
    """
    whole = base_geometries()[code].area
    pieces = [piece(code, intersect, minus) for intersect, minus in cuts]
    covered = 1.0 if filled else sum(p.area for p in pieces) / whole
    overlap = sum(a.intersection(b).area for a, b in itertools.combinations(pieces, 2)) / whole
    if abs(covered - 1) > TOLERANCE or overlap > TOLERANCE:
        return f"covers {covered:.4f} of it with {overlap:.4f} overlap"
    return ""


@pytest.mark.parametrize("day", SAMPLE_DAYS, ids=str)
def test_every_world_base_feature_belongs_to_exactly_one_polity(day: date) -> None:
    usage = usage_on(day)
    problems = []
    for code in sorted(world_codes()):
        users = usage.get(code, [])
        fixed = [u for u in users if not u[3]]
        filled = len(fixed) < len(users)
        if not users:
            problems.append(f"{code}: no polity")
            continue
        if len(fixed) == 1 and not fixed[0][1] and not fixed[0][2]:
            continue
        cuts = tuple(sorted((intersect, minus) for _, intersect, minus, _ in fixed))
        error = partition_error(code, cuts, filled)
        if error:
            problems.append(f"{code}: {[u[0] for u in users]} {error}")
    assert problems == []


CONTRACT_IDS = [
    "mongolia",
    "china",
    "north-korea",
    "south-korea",
    "north-vietnam",
    "south-vietnam",
    "vietnam",
    "laos",
    "cambodia",
    "afghanistan",
    "cuba",
    "angola",
    "ethiopia",
    "eritrea",
    "mozambique",
    "nicaragua",
    "republic-of-the-congo",
    "guinea-bissau",
    "algeria",
    "syria",
    "south-yemen",
    "north-yemen",
    "yemen",
    "somalia",
    "benin",
    "grenada",
    "south-africa",
    "namibia",
    "united-states",
    "israel",
    "mandatory-palestine",
    "egypt",
]


@pytest.mark.parametrize("polity_id", CONTRACT_IDS)
def test_contract_ids_are_world_polities(polity_id: str) -> None:
    assert gazetteer().get(polity_id).file in WORLD_FILES


def test_world_files_leave_european_features_to_the_europe_gazetteer() -> None:
    for polity in gazetteer().polities.values():
        if polity.file not in WORLD_FILES:
            continue
        for period in polity.periods:
            used = {code for code, _, _ in fragments(period.shape)}
            assert not used & EUROPEAN_CODES, (polity.id, period.start)


def test_world_owners_exist_when_they_rule() -> None:
    for polity in gazetteer().polities.values():
        if polity.file not in WORLD_FILES:
            continue
        for period in polity.periods:
            if period.owner is None:
                continue
            owner = gazetteer().get(period.owner)
            assert owner.period_on(period.start) is not None, (polity.id, period.start, owner.id)


def test_world_clips_are_drawn_features_with_notes() -> None:
    paths = sorted(CLIPS_DIR.glob("world-*.geojson"))
    assert paths
    for path in paths:
        feature = json.loads(path.read_text(encoding="utf-8"))
        assert feature["type"] == "Feature"
        assert feature["properties"]["id"] == path.stem
        assert feature["properties"]["drawn_by"] == "histatlas"
        assert len(feature["properties"]["note"]) > 20
        assert clip_geometry(path.stem).is_valid


def test_angola_becomes_independent_on_11_november_1975() -> None:
    before = state("angola", date(1975, 11, 10))
    assert (before.status, before.owner, before.cow) == ("colony", "portugal", None)
    after = state("angola", date(1975, 11, 11))
    assert (after.status, after.owner, after.cow, after.iso3) == ("independent", None, 540, "AGO")


def test_colonial_interiors_before_conquest() -> None:
    angola = shape_of("angola", date(1890, 1, 1))
    assert angola is not None
    assert angola.contains(Point(13.40, -8.90))  # near Luanda
    assert not angola.contains(Point(15.87, -12.18))  # Bailundo, conquered 1902
    assert state("angolan-interior", date(1890, 1, 1)).status == "independent"
    assert state("algerian-sahara", date(1890, 1, 1)).status == "independent"
    assert gazetteer().state_of("algerian-sahara", date(1910, 1, 1)) is None


def test_the_northern_sahara_is_french_from_the_fall_of_laghouat() -> None:
    laghouat, ghardaia, biskra = Point(2.88, 33.80), Point(3.67, 32.49), Point(5.73, 34.85)
    before = shape_of("algeria", date(1852, 12, 3))
    after = shape_of("algeria", date(1852, 12, 4))
    assert before is not None
    assert after is not None
    assert before.contains(biskra)  # taken 1844
    assert not before.contains(laghouat)
    assert not before.contains(ghardaia)
    assert after.contains(laghouat)
    assert after.contains(ghardaia)
    sahara = shape_of("algerian-sahara", date(1848, 6, 1))
    assert sahara is not None
    assert sahara.contains(laghouat)


def test_western_sahara_has_its_whole_extent_apart_from_morocco() -> None:
    laayoune = Point(-13.20, 27.15)  # west of the berm: Natural Earth draws it in Morocco
    for day in (date(1960, 6, 1), date(1991, 6, 1)):
        sahara, morocco = shape_of("western-sahara", day), shape_of("morocco", day)
        assert sahara is not None
        assert morocco is not None
        assert sahara.contains(laayoune)
        assert not morocco.contains(laayoune)
    assert state("western-sahara", date(1960, 6, 1)).owner == "spain"


def test_northern_morocco_is_a_spanish_protectorate_1912_1956() -> None:
    tetouan, tangier = Point(-5.37, 35.57), Point(-5.80, 35.77)
    zone = shape_of("spanish-morocco", date(1930, 6, 1))
    assert zone is not None
    assert zone.contains(tetouan)
    assert not zone.contains(tangier)  # the international zone is not Spanish
    assert state("spanish-morocco", date(1930, 6, 1)).owner == "spain"
    assert gazetteer().state_of("spanish-morocco", date(1956, 4, 7)) is None
    morocco = shape_of("morocco", date(1956, 4, 7))
    assert morocco is not None
    assert morocco.contains(tetouan)


def test_qatar_is_ottoman_until_the_garrison_left_doha() -> None:
    assert state("qatar", date(1915, 8, 19)).owner == "ottoman-empire"
    after = state("qatar", date(1915, 8, 20))
    assert (after.status, after.owner) == ("independent", None)
    assert state("qatar", date(1916, 11, 3)).owner == "united-kingdom"


def test_angola_has_its_treaty_outline_from_11_june_1891() -> None:
    bailundo, kuito = Point(15.87, -12.18), Point(16.93, -12.38)
    before = shape_of("angola", date(1891, 6, 10))
    after = shape_of("angola", date(1891, 6, 11))
    assert before is not None
    assert after is not None
    assert not before.contains(bailundo)
    assert after.contains(bailundo)
    assert after.contains(kuito)
    assert gazetteer().state_of("angolan-interior", date(1891, 6, 11)) is None
    assert state("angola", date(1891, 6, 11)).precision == "approximate"


def test_cuba_spanish_then_occupied_then_independent() -> None:
    assert state("cuba", date(1898, 12, 9)).owner == "spain"
    assert state("cuba", date(1900, 1, 1)).status == "occupied"
    assert state("cuba", date(1900, 1, 1)).owner == "united-states"
    independent = state("cuba", date(1960, 1, 1))
    assert (independent.status, independent.cow) == ("independent", 40)


def test_south_yemen_exists_1980_not_1991_and_yemen_unites() -> None:
    assert state("south-yemen", date(1980, 1, 1)).cow == 680
    assert gazetteer().state_of("south-yemen", date(1991, 1, 1)) is None
    assert gazetteer().state_of("north-yemen", date(1991, 1, 1)) is None
    assert state("yemen", date(1991, 1, 1)).cow == 679


def test_two_yemens_split_modern_yemen() -> None:
    day = date(1980, 1, 1)
    north, south = shape_of("north-yemen", day), shape_of("south-yemen", day)
    assert north is not None
    assert south is not None
    assert south.contains(Point(44.88, 13.06))  # Lahij, north of Aden
    assert north.contains(Point(44.19, 15.37))  # Sanaa
    assert north.intersection(south).area < 1e-6


def test_syria_is_the_uar_northern_region_in_1959() -> None:
    syria = state("syria", date(1959, 6, 1))
    assert (syria.status, syria.owner, syria.cow) == ("dependency", "egypt", None)
    assert state("egypt", date(1959, 6, 1)).name == "United Arab Republic"
    assert state("syria", date(1962, 1, 1)).status == "independent"


def test_eritrea_lies_inside_ethiopia_in_1980() -> None:
    day = date(1980, 1, 1)
    assert gazetteer().state_of("eritrea", day) is None
    ethiopia = shape_of("ethiopia", day)
    assert ethiopia is not None
    assert ethiopia.contains(Point(38.93, 15.32))  # Asmara
    assert state("eritrea", date(1935, 1, 1)).owner == "italy"


def test_namibia_is_ruled_by_south_africa_in_1985() -> None:
    namibia = state("namibia", date(1985, 1, 1))
    assert (namibia.status, namibia.owner) == ("occupied", "south-africa")
    assert state("namibia", date(1990, 3, 21)).cow == 565


@pytest.mark.parametrize(
    ("polity_id", "day", "status", "owner"),
    [
        ("algeria", date(1962, 7, 4), "colony", "france"),
        ("mozambique", date(1975, 6, 24), "colony", "portugal"),
        ("guinea-bissau", date(1974, 9, 9), "colony", "portugal"),
        ("republic-of-the-congo", date(1960, 8, 14), "colony", "france"),
        ("ethiopia", date(1938, 1, 1), "occupied", "italy"),
        ("korea", date(1930, 1, 1), "colony", "japan"),
        ("mandatory-palestine", date(1930, 1, 1), "mandate", "united-kingdom"),
        ("mongolia", date(1900, 1, 1), "dependency", "china"),
    ],
)
def test_colonial_status_on_the_eve_of_change(
    polity_id: str, day: date, status: str, owner: str
) -> None:
    found = state(polity_id, day)
    assert (found.status, found.owner) == (status, owner)


@pytest.mark.parametrize(
    ("polity_id", "first_day", "cow"),
    [
        ("algeria", date(1962, 7, 5), 615),
        ("mozambique", date(1975, 6, 25), 541),
        ("guinea-bissau", date(1974, 9, 10), 404),
        ("republic-of-the-congo", date(1960, 8, 15), 484),
        ("north-vietnam", date(1954, 7, 21), 816),
        ("south-vietnam", date(1954, 7, 21), 817),
        ("vietnam", date(1976, 7, 2), 816),
        ("north-korea", date(1948, 9, 9), 731),
        ("south-korea", date(1948, 8, 15), 732),
        ("israel", date(1948, 5, 14), 666),
        ("saudi-arabia", date(1932, 9, 23), 670),
        ("bangladesh", date(1971, 12, 16), 771),
        ("indonesia", date(1949, 12, 27), 850),
        ("philippines", date(1946, 7, 4), 840),
        ("mongolia", date(1924, 11, 26), 712),
    ],
)
def test_independence_days(polity_id: str, first_day: date, cow: int) -> None:
    found = state(polity_id, first_day)
    assert (found.status, found.cow) == ("independent", cow)
    before = gazetteer().state_of(polity_id, date.fromordinal(first_day.toordinal() - 1))
    assert before is None or before.status != "independent" or before.name != found.name


def test_vietnam_divided_at_the_17th_parallel() -> None:
    day = date(1965, 1, 1)
    north, south = shape_of("north-vietnam", day), shape_of("south-vietnam", day)
    assert north is not None
    assert south is not None
    assert north.contains(Point(105.85, 21.03))  # Hanoi
    assert south.contains(Point(107.59, 16.46))  # Hue, just south of the line
    assert south.contains(Point(106.63, 10.82))  # Saigon
    assert gazetteer().state_of("vietnam", day) is None


def test_occupied_territories_after_1967() -> None:
    day = date(1970, 1, 1)
    for polity_id in ("west-bank", "gaza-strip", "golan-heights", "sinai"):
        assert state(polity_id, day).owner == "israel"
    egypt = shape_of("egypt", day)
    assert egypt is not None
    assert not egypt.contains(Point(33.8, 30.0))
    assert state("west-bank", date(1949, 1, 1)).owner == "jordan"


def test_mainland_china_and_taiwan_after_1949() -> None:
    assert state("china", date(1930, 1, 1)).name == "Republic of China"
    assert state("china", date(1950, 1, 1)).name == "People's Republic of China"
    assert state("taiwan", date(1930, 1, 1)).owner == "japan"
    assert state("taiwan", date(1950, 1, 1)).cow == 713
    assert state("tibet", date(1930, 1, 1)).status == "independent"
    assert state("tibet", date(1955, 1, 1)).owner == "china"
    assert gazetteer().state_of("tibet", date(1960, 1, 1)) is None
    manchukuo = shape_of("manchukuo", date(1940, 1, 1))
    assert manchukuo is not None
    assert manchukuo.contains(Point(125.32, 43.82))  # Changchun
