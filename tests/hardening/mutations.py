"""Small, named ways of damaging a pack directory, used by the broken-pack case table."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

Mutation = Callable[[Path], None]


def replace(name: str, old: str, new: str) -> Mutation:
    """Replace the one occurrence of ``old`` in the file ``name``."""

    def mutate(pack: Path) -> None:
        path = pack / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return mutate


def replace_bytes(name: str, old: bytes, new: bytes) -> Mutation:
    def mutate(pack: Path) -> None:
        path = pack / name
        data = path.read_bytes()
        assert data.count(old) == 1, f"{old!r} must occur once in {name}"
        path.write_bytes(data.replace(old, new))

    return mutate


def write(name: str, content: str | bytes) -> Mutation:
    def mutate(pack: Path) -> None:
        path = pack / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return mutate


def append(name: str, text: str) -> Mutation:
    def mutate(pack: Path) -> None:
        with (pack / name).open("a", encoding="utf-8") as out:
            out.write(text)

    return mutate


def remove(name: str) -> Mutation:
    def mutate(pack: Path) -> None:
        (pack / name).unlink()

    return mutate


def make_dir(name: str) -> Mutation:
    def mutate(pack: Path) -> None:
        (pack / name).unlink()
        (pack / name).mkdir()

    return mutate


def make_fifo(name: str) -> Mutation:
    """A named pipe: opening it for reading would block forever."""

    def mutate(pack: Path) -> None:
        (pack / name).unlink()
        os.mkfifo(pack / name)

    return mutate


def symlink_outside(name: str, content: str) -> Mutation:
    """``name`` becomes a symlink to a file outside the pack (holding ``content``)."""

    def mutate(pack: Path) -> None:
        outside = pack.parent / f"outside-{name}"
        outside.write_text(content, encoding="utf-8")
        (pack / name).unlink()
        (pack / name).symlink_to(outside)

    return mutate


def symlink_to(name: str, target: str) -> Mutation:
    """``name`` becomes a symlink to ``target`` (absolute, or relative to the pack)."""

    def mutate(pack: Path) -> None:
        (pack / name).unlink()
        (pack / name).symlink_to(target)

    return mutate


def big_file(name: str, size: int, line: bytes) -> Mutation:
    """Grow ``name`` to ``size`` bytes of ``line`` (made at test time, never committed)."""

    def mutate(pack: Path) -> None:
        chunk = line * max(1, (1 << 20) // len(line))
        with (pack / name).open("wb") as out:
            written = 0
            while written < size:
                out.write(chunk)
                written += len(chunk)

    return mutate


def chain(*mutations: Mutation) -> Mutation:
    def mutate(pack: Path) -> None:
        for mutation in mutations:
            mutation(pack)

    return mutate
