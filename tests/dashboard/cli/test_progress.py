"""Progress on a terminal for commands that take seconds; nothing when piped or with -q."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from dashboard.cli import commands as cli_main
from dashboard.cli import data as cli_data
from dashboard.cli.commands import main

REPO = Path(__file__).resolve().parents[3]
TOUR = "cuba-internationalism-abroad"


def _on_a_terminal(*args: str) -> tuple[int, str]:
    """Run histatlas with stderr on a pseudo-terminal (as in a shell); what it wrote there."""
    leader, follower = pty.openpty()
    # A terminal window of 24 rows and 100 columns (a fresh pseudo-terminal has 0 x 0).
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "dashboard.cli", *args],
            stdout=subprocess.DEVNULL,
            stderr=follower,
            cwd=REPO,
            timeout=300,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other end is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    return done.returncode, b"".join(chunks).decode("utf-8", "replace")


def test_a_tour_export_counts_its_slides_on_a_terminal(tmp_path: Path) -> None:
    code, shown = _on_a_terminal("export", "--tour", TOUR, "-o", str(tmp_path / "t.html"))
    assert code == 0
    assert "Loading the pack... done in" in shown
    assert "Drawing the slides' maps" in shown
    assert "slide" in shown
    assert "100%" in shown


def test_quiet_silences_progress_on_a_terminal(tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    code, shown = _on_a_terminal("export", "--year", "1956", "-o", str(out), "--quiet")
    assert code == 0
    assert "Loading" not in shown
    assert "Drawing" not in shown
    assert shown.strip() == f"histatlas: wrote {out}"


def test_piped_output_carries_no_progress(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "slice", "--year", "1956", "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.startswith("type,id,kind,")


def test_a_bug_is_one_line_not_a_traceback(monkeypatch, capsys) -> None:
    def broken(args):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(cli_data, "run_validate", broken)  # read when the parser is built
    monkeypatch.delenv(cli_main.DEBUG_ENV, raising=False)
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "internal error: RuntimeError: boom" in err
    assert "Traceback" not in err
    monkeypatch.setenv(cli_main.DEBUG_ENV, "1")
    with pytest.raises(RuntimeError):
        main(["validate"])


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("histatlas ")
