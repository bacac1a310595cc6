"""Colour-blind-safe palettes and the rules that give polities and records their colours."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common form of
# colour blindness. Black is left out: it is the colour of outlines and text.
OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
)
# Paul Tol's "muted" scheme extends Okabe-Ito when a map needs more than seven colours.
TOL_MUTED = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
)
CATEGORICAL = OKABE_ITO + TOL_MUTED

# Paul Tol's "pale" and "light" backgrounds: neighbouring states tell apart, no meaning.
NEUTRAL_FILLS = ("#E8DFCA", "#D9E3CF", "#E6D3D3", "#D5DDE8", "#E9E0EE", "#EFE6C8", "#DDE8E4")

SEA = "#DBE6EE"
LAND = "#F3EFE6"
BORDER = "#8A8478"
EMPHASIS = "#1A1A1A"  # outlines of things that began or ended within the period
LABEL = "#1F1F1F"  # names on the map, over a white halo
LOST = "#3A3A3A"  # the dashed outline of a partitioned country's lost land
# Partition shares, by holder line in order of appearance: Paul Tol's "bright" scheme (made
# to stay apart under colour-vision deficiency), so three partitioners never look alike.
PARTITION = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#AA3377", "#66CCEE")
# Paul Tol's "vibrant" scheme, made for lines on a map, hatches colonies. The big colonial
# powers get fixed colours so that neighbouring empires differ; smaller owners (1848-1991)
# take darker "muted" colours (pale ones vanish as lines), and owners sharing one never
# held colonies at the same time (Egypt to 1884, the South African Republic 1896-1900,
# South Africa from 1920), nor do Russia (to 1917) and New Zealand (from 1920).
OWNER_HATCH = {
    "united-kingdom": "#CC3311",  # red
    "france": "#0077BB",  # blue
    "portugal": "#009988",  # teal
    "spain": "#EE7733",  # orange
    "netherlands": "#EE3377",  # magenta
    "belgium": "#33BBEE",  # cyan
    "germany": "#332288",  # indigo
    "italy": "#117733",  # green
    "united-states": "#882255",  # wine
    "japan": "#AA4499",  # purple
    "australia": "#999933",  # olive
    "sweden": "#999933",
    "denmark": "#997700",  # ochre (rose read as the Netherlands' magenta)
    "russian-empire": "#44AA99",  # sea green
    "new-zealand": "#44AA99",
    "egypt": "#555555",  # dark grey
    "south-african-republic": "#555555",
    "south-africa": "#555555",
}
OTHER_HATCH = ("#999933", "#44AA99", "#CC6677", "#555555")  # any other owner
# Taken in this order when two rulers on one map would otherwise share a hatch colour.
SPARE_HATCH = ("#CC6677", "#999933", "#44AA99", "#555555", "#DDAA33", "#004488", "#BB5566",
               "#000000", "#66CCEE", "#228833")  # fmt: skip


def distinct_hatches(owners: Iterable[str]) -> dict[str, str]:
    """Each ruler's hatch colour on one map, no two the same: the fixed colours of the big
    powers first, then the others in id order, moved to a spare colour on a clash."""
    ordered = sorted(set(owners), key=lambda o: (o not in OWNER_HATCH, o))
    taken: dict[str, str] = {}
    for owner in ordered:
        colour = owner_hatch(owner)
        if colour in taken.values():
            # a spare, else a big power's colour that power does not use on this map
            spare = (*SPARE_HATCH, *OWNER_HATCH.values())
            colour = next((c for c in spare if c not in taken.values()), colour)
        taken[owner] = colour
    return taken


EVENT = "#D55E00"
# Unreviewed candidates (machine-proposed): a magenta no organisation or power palette uses.
CANDIDATE = "#C2188B"
DEPLOYMENT = "#0072B2"
BACKING = "#CC79A7"


def neutral_fill(polity_id: str) -> str:
    """A stable pale fill for a polity: the same on every date, in every session."""
    digest = hashlib.blake2s(polity_id.encode(), digest_size=2).digest()
    return NEUTRAL_FILLS[int.from_bytes(digest, "big") % len(NEUTRAL_FILLS)]


def owner_hatch(owner_id: str) -> str:
    """The colour of the diagonal lines over an owner's colonies: the same on every date."""
    if owner_id in OWNER_HATCH:
        return OWNER_HATCH[owner_id]
    digest = hashlib.blake2s(owner_id.encode(), digest_size=2).digest()
    return OTHER_HATCH[int.from_bytes(digest, "big") % len(OTHER_HATCH)]


def assign(ids: Iterable[str]) -> dict[str, str]:
    """One categorical colour per id in the order given (pack order: stable across dates)."""
    return {item: CATEGORICAL[index % len(CATEGORICAL)] for index, item in enumerate(ids)}


def mix(colour: str, other: str, share: float) -> str:
    """``colour`` moved ``share`` (0..1) of the way towards ``other``; both ``#RRGGBB``."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    parts = (round(x + (y - x) * share) for x, y in zip(a, b, strict=True))
    return "#" + "".join(f"{p:02X}" for p in parts)


def lighter(colour: str, share: float = 0.45) -> str:
    return mix(colour, "#FFFFFF", share)


def darker(colour: str, share: float = 0.35) -> str:
    return mix(colour, "#000000", share)
