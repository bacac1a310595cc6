"""AppTest fixtures: run the app on the hand-made mini pack."""

from __future__ import annotations

import pytest

from dashboard.settings import PACK_ENV
from tests.dashboard.conftest import MINI_PACK


@pytest.fixture
def mini(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PACK_ENV, str(MINI_PACK))
