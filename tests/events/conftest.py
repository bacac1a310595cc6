"""Fixture packs for the events tests (tests/fixtures/packs, see its README)."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.model import Pack
from events.pack import load_pack

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "packs"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def tiny_pack() -> Pack:
    return load_pack(FIXTURES / "valid")
