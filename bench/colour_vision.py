"""The map's colours for readers with colour-vision deficiency, and the contrast of its names.

For a set of views of the built-in pack, every colour that carries a meaning on that map
(the legend's fills, hatch lines, arrows and markers: an organisation, a ruler, a partition
holder, a colonial owner, a deployment...) is simulated as seen with protanopia,
deuteranopia and tritanopia (Machado, Oliveira and Fernandes 2009, full severity), and the
smallest CIEDE2000 difference between two of them is reported: under about 10 two colours
are hard to tell apart on a map, under about 5 they read as one. The names on the map
(colours.LABEL on a white halo) are measured by WCAG 2.1 contrast against their halo and,
for the worst case of a halo too thin to cover, against every fill drawn.

Colour science from ColorAide (a maintained library: simulation, CIEDE2000, WCAG contrast).
``python -m bench.colour_vision`` prints the table and writes it into docs/accessibility.md;
tests/bench/test_colour_vision.py holds the figures.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

from coloraide import Color

DOC = Path(__file__).resolve().parents[1] / "docs" / "accessibility.md"
BEGIN, END = "<!-- colour-vision:begin -->", "<!-- colour-vision:end -->"
VISIONS = ("normal", "protan", "deutan", "tritan")
# (year, region): the partitions, the colonial world, the Cold War blocs, Cuba in Africa.
VIEWS = (
    (1796, "eastern-europe"),
    (1815, "europe"),
    (1880, "europe"),
    (1914, "world"),
    (1956, "eastern-europe"),
    (1968, "world"),
    (1985, "africa"),
)
HALO = "#FFFFFF"


GROUPS = ("fills", "hatches", "marks")  # told apart among themselves: a fill is not a line


@dataclass(frozen=True)
class Measured:
    view: str
    colours: dict[str, int]  # group -> distinct colours with a meaning on the map
    # group -> (vision -> (smallest difference, colour, colour))
    least: dict[str, dict[str, tuple[float, str, str]]]
    name_on_halo: float  # WCAG contrast of the names on their halo
    name_on_fill: tuple[float, str]  # the lowest contrast on a fill drawn, and that fill

    def worst(self, group: str) -> tuple[float, str, str, str]:
        """The smallest difference under any colour-vision deficiency, and which."""
        return min((*self.least[group][v], v) for v in VISIONS if v != "normal")


def seen(colour: str, vision: str) -> Color:
    found = Color(colour)
    return found if vision == "normal" else found.filter(vision, method="machado")


def least_difference(palette: set[str], vision: str) -> tuple[float, str, str]:
    pairs = [
        (seen(a, vision).delta_e(seen(b, vision), method="2000"), a, b)
        for a, b in combinations(sorted(palette), 2)
    ]
    return min(pairs) if pairs else (float("inf"), "", "")


def meaningful_colours(year: int) -> tuple[dict[str, set[str]], set[str]]:
    """(group -> colours with a meaning, every fill drawn) on the app's map of ``year``:
    fills of organisations, rulers and partition holders; colonial owners' hatch lines;
    arrows and markers."""
    from dashboard import data
    from dashboard.view.state import LAYERS

    layers, _ = data.view_layers(None, data.TimeChoice(year), tuple(LAYERS))
    groups = {
        "fills": {m.style.fill for m in layers.polities if m.records}
        | set(layers.areas.holders.values()),
        "hatches": set(layers.hatches.values()),
        "marks": {a.colour for a in layers.arrows} | {p.colour for p in layers.points},
    }
    fills = {m.style.fill for m in layers.polities}
    fills |= {m.style.fill for m in layers.areas.marks if m.style.filled}
    upper = {g: {c.upper() for c in found} for g, found in groups.items()}
    return upper, {c.upper() for c in fills}


def measure(year: int, region: str) -> Measured:
    from dashboard.map import colours

    groups, fills = meaningful_colours(year)
    label = Color(colours.LABEL)
    on_fill = min((label.contrast(f, method="wcag21"), f) for f in fills)
    return Measured(
        view=f"{year} {region}",
        colours={g: len(groups[g]) for g in GROUPS},
        least={g: {v: least_difference(groups[g], v) for v in VISIONS} for g in GROUPS},
        name_on_halo=label.contrast(HALO, method="wcag21"),
        name_on_fill=(round(on_fill[0], 2), on_fill[1]),
    )


def _cell(found: tuple[float, ...] | tuple[float, str, str, str]) -> str:
    if found[0] == float("inf"):
        return "-"
    where = f"{found[1]} / {found[2]}"
    return f"{found[0]:.1f} ({where}{', ' + found[3] if len(found) > 3 else ''})"


def table(rows: list[Measured]) -> str:
    """Per view and group: the least ΔE2000 seen normally, and the least under any of the
    three simulations (with the pair and the deficiency)."""
    head = ["view"]
    for g in GROUPS:
        head += [f"{g}: n", f"{g}: normal", f"{g}: worst simulated"]
    head += ["names on halo", "names on worst fill"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r.view]
        for g in GROUPS:
            cells += [str(r.colours[g]), _cell(r.least[g]["normal"]), _cell(r.worst(g))]
        cells += [f"{r.name_on_halo:.1f}:1", f"{r.name_on_fill[0]:.1f}:1 ({r.name_on_fill[1]})"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write(text: str, doc: Path = DOC) -> None:
    old = doc.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.DOTALL)
    doc.write_text(pattern.sub(f"{BEGIN}\n{text}\n{END}", old), encoding="utf-8")


def main() -> int:
    rows = [measure(year, region) for year, region in VIEWS]
    text = table(rows)
    print(text)
    write(text)
    print(f"written to {DOC} ({date.today().isoformat()})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
