"""Where the geodata package's data files are (a leaf: every module may import it)."""

from __future__ import annotations

from pathlib import Path

GEODATA_DIR = Path(__file__).resolve().parent
DATA_DIR = GEODATA_DIR / "data"
GAZETTEER_DIR = DATA_DIR / "gazetteer"
CLIPS_DIR = DATA_DIR / "clips"
BASE_FILE = DATA_DIR / "ne_50m_countries.geojson"
