"""Shared fixtures of the authoring tests."""

from __future__ import annotations

import os

import pytest

from events.authoring import files


@pytest.fixture
def power_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second atomic rename of a write raises OSError("power cut"), as a crash would."""
    real = os.replace
    done: list[object] = []

    def rename(source: object, target: object) -> None:
        if done:
            raise OSError("power cut")
        done.append(target)
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "replace", rename)
