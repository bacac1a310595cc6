"""A pack's relationships as a dyadic table: one row a relationship, with both sides' COW codes.

The shape political scientists join to Correlates of War and ATOP data: ``ccode1`` (the
subject) and ``ccode2`` (the object), each the Correlates of War code of the polity on the
relationship's first day, empty where there is none (an organisation, a colony, a pack's
own polity); ``gwcode1``/``gwcode2`` the same with Gleditsch-Ward codes (GW's dates).
Dates keep their precision (``1963-10``); an open end is empty.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from dashboard.export.frames import attributions
from dashboard.view.texts import spreadsheet_cell
from events.model import Pack, Relationship
from geodata.polities import Gazetteer, load_gazetteer

DYAD_COLUMNS = (
    "ccode1",
    "ccode2",
    "kind",
    "start",
    "end",
    "record_id",
    "excerpt_ids",
    "subject",
    "object",
    "provenance",
    "gwcode1",
    "gwcode2",
)


def codes_on(gazetteer: Gazetteer, polity_id: str, day: date) -> tuple[int | None, int | None]:
    """The polity's COW and Gleditsch-Ward codes on ``day`` (None where it has none, or is
    not a gazetteer polity)."""
    if polity_id not in gazetteer.polities:
        return None, None
    state = gazetteer.state_of(polity_id, day)
    return (state.cow, state.gwcode) if state is not None else (None, None)


def dyad_row(record: Relationship, gazetteer: Gazetteer) -> dict[str, object]:
    day = record.start.value
    (ccode1, gwcode1), (ccode2, gwcode2) = (
        codes_on(gazetteer, record.subject, day),
        codes_on(gazetteer, record.object, day),
    )
    return {
        "ccode1": ccode1,
        "ccode2": ccode2,
        "kind": record.kind,
        "start": str(record.start),
        "end": str(record.end) if record.end else "",
        "record_id": record.id,
        "excerpt_ids": " ".join(link.excerpt for link in record.excerpts),
        "subject": record.subject,
        "object": record.object,
        "provenance": record.provenance,
        "gwcode1": gwcode1,
        "gwcode2": gwcode2,
    }


def dyads_csv(pack: Pack, borders: str = "builtin") -> str:
    """Every relationship of the pack as CSV, after ``#`` lines naming the sources."""
    gazetteer = load_gazetteer()
    out = io.StringIO()
    for line in [
        f"histatlas dyads: {pack.manifest.title}",
        *attributions(pack, borders, html_export=False),
    ]:
        out.write("# " + line.replace("\n", " ") + "\n")
    writer = csv.DictWriter(out, fieldnames=DYAD_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in pack.relationships:
        row = dyad_row(record, gazetteer)
        writer.writerow({k: "" if v is None else spreadsheet_cell(v) for k, v in row.items()})
    return out.getvalue()
