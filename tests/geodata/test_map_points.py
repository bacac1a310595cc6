"""Well-known places fall inside the polity that held them on the day (issue 4's checks)."""

from __future__ import annotations

from datetime import date

import pytest
import shapely

from geodata.geometry import political_map

POZNAN, KRAKOW, WARSAW = (52.41, 16.93), (50.06, 19.94), (52.23, 21.01)
LEIPZIG, LVIV, VILNIUS, MINSK = (51.34, 12.37), (49.84, 24.03), (54.69, 25.28), (53.90, 27.56)


@pytest.mark.parametrize(
    ("day", "place", "expected"),
    [
        (date(1880, 6, 1), POZNAN, "germany"),
        (date(1880, 6, 1), KRAKOW, "austria-hungary"),
        (date(1880, 6, 1), WARSAW, "congress-poland"),
        (date(1830, 6, 1), KRAKOW, "free-city-of-krakow"),
        (date(1960, 6, 1), LEIPZIG, "east-germany"),
        (date(1960, 6, 1), LVIV, "soviet-union"),
        (date(1930, 6, 1), LVIV, "poland"),
        (date(1930, 6, 1), VILNIUS, "poland"),
        (date(1930, 6, 1), MINSK, "soviet-union"),
        (date(1780, 6, 1), WARSAW, "polish-lithuanian-commonwealth"),
        (date(1800, 6, 1), WARSAW, "prussia"),
        (date(1800, 6, 1), KRAKOW, "habsburg-monarchy"),
        (date(1810, 6, 1), KRAKOW, "duchy-of-warsaw"),
        (date(1930, 6, 1), (54.35, 18.65), "danzig"),
        (date(1930, 6, 1), (54.71, 20.51), "germany"),  # Konigsberg
        (date(1960, 6, 1), (54.71, 20.51), "soviet-union"),  # Kaliningrad
        (date(1960, 6, 1), (52.50, 13.30), "west-germany"),  # West Berlin
        (date(1960, 6, 1), (52.52, 13.45), "east-germany"),  # East Berlin
        (date(1890, 6, 1), (48.58, 7.75), "germany"),  # Strasbourg
        (date(1925, 6, 1), (48.58, 7.75), "france"),
        (date(1890, 6, 1), (46.77, 23.60), "austria-hungary"),  # Cluj
        (date(1890, 6, 1), (47.00, 28.86), "russian-empire"),  # Chisinau
        (date(1930, 6, 1), (47.00, 28.86), "romania"),
        (date(1890, 6, 1), (60.17, 24.94), "finland"),
        (date(1850, 6, 1), (45.46, 9.19), "austrian-empire"),  # Milan
        (date(1850, 6, 1), (41.90, 12.50), "papal-states"),
        (date(1890, 6, 1), (41.99, 21.43), "ottoman-empire"),  # Skopje
        # Saxe-Weimar was never Prussian; Halle and Magdeburg were, before and after 1815.
        (date(1783, 6, 1), (50.98, 11.33), "german-states"),  # Weimar
        (date(1850, 6, 1), (50.98, 11.33), "german-states"),
        (date(1783, 6, 1), (52.13, 11.63), "prussia"),  # Magdeburg
        (date(1850, 6, 1), (51.48, 11.97), "prussia"),  # Halle
        # Saxony before the cession of 1815: Wittenberg, Torgau and Lusatia (now partly Polish).
        (date(1790, 6, 1), (51.87, 12.65), "saxony"),  # Wittenberg
        (date(1810, 6, 1), (51.56, 13.00), "saxony"),  # Torgau
        (date(1790, 6, 1), (51.12, 15.29), "saxony"),  # Luban, Upper Lusatia
        (date(1790, 6, 1), (51.48, 11.97), "prussia"),  # Halle
        (date(1790, 6, 1), (51.62, 15.32), "prussia"),  # Zagan, Silesia
        (date(1820, 6, 1), (51.87, 12.65), "prussia"),
        (date(1820, 6, 1), (51.12, 15.29), "prussia"),
        # Prussia's western lands: the left bank to 1795, Cleves to 1805, the rest to Tilsit (1807).
        (date(1780, 6, 1), (51.79, 6.14), "prussia"),  # Cleves
        (date(1800, 6, 1), (51.79, 6.14), "german-states"),
        (date(1800, 6, 1), (51.66, 6.62), "prussia"),  # Wesel
        (date(1806, 6, 1), (51.66, 6.62), "german-states"),
        (date(1806, 6, 1), (52.02, 8.53), "prussia"),  # Bielefeld
        (date(1806, 6, 1), (53.37, 7.21), "prussia"),  # Emden
        (date(1810, 6, 1), (53.37, 7.21), "german-states"),
        (date(1780, 6, 1), (51.45, 7.01), "german-states"),  # Essen, an imperial abbey
        # Bavaria before 1803 is Old Bavaria and the Upper Palatinate, without Franconia and Swabia.
        (date(1790, 6, 1), (48.14, 11.58), "bavaria"),  # Munich
        (date(1790, 6, 1), (49.44, 11.86), "bavaria"),  # Amberg
        (date(1790, 6, 1), (49.45, 11.08), "german-states"),  # Nuremberg, an imperial city
        (date(1790, 6, 1), (49.79, 9.93), "german-states"),  # Wurzburg, a prince-bishopric
        (date(1850, 6, 1), (49.45, 11.08), "bavaria"),
        # The Bavarian Palatinate from 1816; Mainz Hessian and Kreuznach Prussian (1815-1871).
        (date(1850, 6, 1), (49.32, 8.43), "bavaria"),  # Speyer
        (date(1850, 6, 1), (49.33, 7.34), "bavaria"),  # Homburg (Saar)
        (date(1850, 6, 1), (49.49, 8.47), "german-states"),  # Mannheim, Baden
        (date(1850, 6, 1), (49.23, 7.00), "prussia"),  # Saarbrucken
        (date(1868, 6, 1), (50.00, 8.27), "german-states"),  # Mainz
        (date(1868, 6, 1), (50.08, 8.24), "prussia"),  # Wiesbaden, Nassau annexed 1866
        (date(1868, 6, 1), (49.84, 7.87), "prussia"),  # Kreuznach
        # The Sava and the Danube at Belgrade; the Hanseatic cities were never Danish or Prussian.
        (date(1848, 6, 1), (44.82, 20.46), "serbia"),  # Belgrade
        (date(1848, 6, 1), (44.84, 20.41), "austrian-empire"),  # Zemun
        (date(1880, 6, 1), (44.81, 20.40), "austria-hungary"),  # New Belgrade
        (date(1848, 6, 1), (53.55, 10.00), "german-states"),  # Hamburg
        (date(1848, 6, 1), (53.55, 9.93), "denmark"),  # Altona, Holstein
        (date(1865, 6, 1), (53.87, 10.69), "german-states"),  # Lubeck
        (date(1868, 6, 1), (53.08, 8.80), "german-states"),  # Bremen
        # Danzig and Thorn stayed Polish 1772-1793; the Duchy of Warsaw had Thorn and Bydgoszcz.
        (date(1780, 6, 1), (54.35, 18.65), "polish-lithuanian-commonwealth"),  # Danzig
        (date(1780, 6, 1), (53.01, 18.60), "polish-lithuanian-commonwealth"),  # Thorn
        (date(1780, 6, 1), (54.04, 19.03), "prussia"),  # Marienburg
        (date(1810, 6, 1), (54.35, 18.65), "danzig"),  # the Napoleonic Free City
        (date(1810, 6, 1), (53.01, 18.60), "duchy-of-warsaw"),
        (date(1810, 6, 1), (53.12, 18.00), "duchy-of-warsaw"),  # Bydgoszcz
        (date(1810, 6, 1), (53.48, 18.75), "prussia"),  # Graudenz
        (date(1830, 6, 1), (53.12, 18.00), "grand-duchy-of-posen"),
        (date(1830, 6, 1), (53.01, 18.60), "prussia"),
        # Italy between the wars had Istria, the Slovene Littoral, Zadar and (from 1924) Fiume.
        (date(1930, 6, 1), (44.87, 13.85), "italy"),  # Pula
        (date(1930, 6, 1), (45.78, 14.21), "italy"),  # Postojna
        (date(1930, 6, 1), (46.05, 14.50), "yugoslavia"),  # Ljubljana
        (date(1930, 6, 1), (44.12, 15.27), "italy"),  # Zadar
        (date(1922, 6, 1), (45.33, 14.44), "fiume"),  # the Free State
        (date(1930, 6, 1), (45.33, 14.44), "italy"),
        (date(1930, 6, 1), (45.33, 14.46), "yugoslavia"),  # Susak
        (date(1950, 6, 1), (44.87, 13.85), "yugoslavia"),
        # Eupen and Malmedy were Prussian, then German, until 1920.
        (date(1850, 6, 1), (50.63, 6.03), "prussia"),  # Eupen
        (date(1900, 6, 1), (50.43, 6.03), "germany"),  # Malmedy
        (date(1900, 6, 1), (50.39, 5.93), "belgium"),  # Stavelot
        (date(1925, 6, 1), (50.63, 6.03), "belgium"),
        # The First Vienna Award gave Hungary Uzhhorod and Mukachevo as well as southern Slovakia.
        (date(1938, 12, 1), (48.62, 22.29), "hungary"),  # Uzhhorod
        (date(1938, 12, 1), (48.44, 22.72), "hungary"),  # Mukachevo
        (date(1938, 12, 1), (48.17, 23.29), "czechoslovakia"),  # Khust, Carpatho-Ukraine
        # The Prince-Bishopric of Liege was not part of the Austrian Netherlands.
        (date(1790, 6, 1), (50.63, 5.57), "liege"),
        (date(1790, 6, 1), (50.47, 4.87), "habsburg-monarchy"),  # Namur
        (date(1800, 6, 1), (50.63, 5.57), "france"),
        # Crimea: the Khanate's until 1783, Ukraine's from 1991 (Natural Earth draws it in Russia).
        (date(1778, 6, 1), (44.95, 34.10), "crimean-khanate"),  # Simferopol
        (date(1790, 6, 1), (44.95, 34.10), "russian-empire"),
        (date(1991, 12, 30), (44.95, 34.10), "ukraine"),
        (date(1991, 12, 30), (45.20, 37.00), "russia"),  # Taman
        # The Kingdom of Ireland until the Acts of Union (1801-01-01), then the United Kingdom.
        (date(1790, 6, 1), (53.35, -6.26), "ireland"),  # Dublin
        (date(1790, 6, 1), (54.60, -5.93), "ireland"),  # Belfast
        (date(1790, 6, 1), (55.42, -5.61), "united-kingdom"),  # Campbeltown, Kintyre
        (date(1850, 6, 1), (53.35, -6.26), "united-kingdom"),
        (date(1950, 6, 1), (54.60, -5.93), "united-kingdom"),
    ],
)
def test_place_belongs_to(day: date, place: tuple[float, float], expected: str) -> None:
    frame = political_map(day)
    point = shapely.Point(place[1], place[0])
    assert list(frame[frame.geometry.contains(point)]["id"]) == [expected]


def test_the_kingdom_of_ireland_is_under_the_british_crown() -> None:
    frame = political_map(date(1790, 6, 1)).set_index("id")
    assert frame.loc["ireland", "name"] == "Kingdom of Ireland"
    assert (frame.loc["ireland", "status"], frame.loc["ireland", "owner"]) == (
        "dependency",
        "united-kingdom",
    )


def test_congress_poland_is_a_dependency_of_russia() -> None:
    frame = political_map(date(1880, 6, 1)).set_index("id")
    assert frame.loc["congress-poland", "status"] == "dependency"
    assert frame.loc["congress-poland", "owner"] == "russian-empire"
