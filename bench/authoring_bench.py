"""Your own sources at scale: ingesting a 1 MB text, importing a 10,000-row spreadsheet.

The text is the development texts of ``tests/fixtures/ingest/dev`` repeated with shifted
years until it is 1 MB (about 8,000 sentences); the sheet is 10,000 membership rows of 200
states in 50 organisations, each with its own passage, into a new pack (so the corpus grows
by 10,000 lines and the whole pack is validated in a copy before it is written). Wall time
and process CPU, one run each after a warm-up (imports, the gazetteer, the city table).
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "tests" / "fixtures" / "ingest" / "dev"
TEXT_BYTES = 1_000_000
ROWS = 10_000


def _text() -> str:
    base = "\n".join(
        (DEV / name).read_text(encoding="utf-8") for name in ("comecon.txt", "eec.txt", "seato.txt")
    )
    pieces: list[str] = []
    for shift in range(10_000):
        if sum(len(p) for p in pieces) >= TEXT_BYTES:
            break
        moved = {str(y): str(min(1991, y + shift % 3)) for y in range(1900, 1992)}
        pieces.append(
            re.sub(r"\b(19[0-9]{2})\b", lambda m, moved=moved: moved.get(m[1], m[1]), base)
        )
    return "\n".join(pieces)[:TEXT_BYTES].rsplit("\n", 1)[0] + "\n"


def _sheet(path: Path) -> None:
    from datetime import date

    from events.authoring.scaffold import SHEET_COLUMNS
    from geodata.polities import load_gazetteer

    states = [s.id for s in load_gazetteer().on(date(1970, 1, 1)) if s.status == "independent"][
        :200
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(SHEET_COLUMNS)  # the import template's header
        for n in range(50):
            passage = f"Council number {n} met in Geneva."
            out.writerow([f"org-{n}", "organisation", "council", f"Council number {n}", "", "",
                          "1960", "", "Geneva", 46.2, 6.15, "", passage, "", "", ""])  # fmt: skip
        for n in range(ROWS - 50):
            state = states[n % len(states)]
            out.writerow([f"m-{n}", "", "member_of", "", state, f"org-{n % 50}", "1965",
                          f"{1970 + n % 20}", "", "", "", "", f"Passage {n}: {state} took part.",
                          "", "", ""])  # fmt: skip


def _timed(call: Any) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def run() -> dict[str, Any]:
    from events.authoring.importer import import_sheet
    from events.authoring.scaffold import new_pack
    from events.ingest.draft import ingest
    from events.pack import load_pack

    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        ingest(DEV / "comecon.txt", folder / "warm")  # warm-up
        text = folder / "big.txt"
        text.write_text(_text(), encoding="utf-8")
        wall, cpu, draft = _timed(lambda: ingest(text, folder / "draft"))
        ingested = {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                    "bytes": text.stat().st_size, "excerpts": draft.excerpts,
                    "candidates": sum(draft.counts.values())}  # fmt: skip
        sheet = folder / "rows.csv"
        _sheet(sheet)
        pack = new_pack(folder / "mine", "Ten thousand rows")
        wall, cpu, report = _timed(lambda: import_sheet(sheet, pack))
        imported = {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "rows": ROWS,
                    "added": report.count(report.added)}  # fmt: skip
        wall, cpu, _ = _timed(lambda: import_sheet(sheet, pack))
        imported["again_wall_s"] = round(wall, 2)  # every row unchanged
        imported["records_after"] = len(load_pack(pack).relationships)
    return {"ingest_1mb": ingested, "import_10k": imported, "load_average_1min": round(load, 2)}
