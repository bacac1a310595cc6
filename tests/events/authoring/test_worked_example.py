"""The README's worked examples, run as written: a spreadsheet to a map in one command, and a
text to a reviewed pack."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from events.authoring.review import apply
from events.pack import load_pack

REPO = Path(__file__).resolve().parents[3]
README = (REPO / "README.md").read_text(encoding="utf-8")


def block(name: str) -> str:
    match = re.search(
        rf"<!-- worked-example: {re.escape(name)} -->\n```\w*\n(.*?)```", README, re.S
    )
    assert match, name
    return match.group(1)


def run(line: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    words = shlex.split(line.split("#")[0])
    assert words[0] == "histatlas"
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *words[1:]],
        capture_output=True, text=True, cwd=cwd, timeout=300,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def test_a_spreadsheet_to_a_map_with_one_command(tmp_path: Path) -> None:
    (tmp_path / "comecon.csv").write_text(block("comecon.csv"), encoding="utf-8")
    for line in block("commands").splitlines():
        if line.startswith("histatlas serve"):
            continue  # the server itself is tested elsewhere
        done = run(line, tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        promised = line.partition("#")[2].strip()
        if line.startswith("histatlas import"):
            assert done.stdout.startswith(f"comecon.csv: {promised}")
    pack = load_pack(tmp_path / "comecon")
    assert {(r.subject, r.object) for r in pack.relationships} == {
        ("poland", "comecon"),
        ("east-germany", "comecon"),
    }
    assert pack.organisations[0].seat.label == "Moscow"


def test_a_text_to_a_reviewed_pack(tmp_path: Path) -> None:
    shutil.copy(
        REPO / "tests" / "fixtures" / "ingest" / "dev" / "comecon.txt", tmp_path / "chapter.txt"
    )
    first = block("ingest").splitlines()[0]
    done = run(first, tmp_path)
    assert done.returncode == 0, done.stderr
    draft = tmp_path / "chapter"
    pack = load_pack(draft)
    assert pack.manifest.title == "A chapter on Comecon"
    candidates = [r.id for r in pack.records_by_id.values() if r.is_candidate]
    assert candidates
    apply(draft, accept=candidates)  # what "Accept all shown" does in the review page
    reviewed = load_pack(draft)
    assert reviewed.candidates == 0
    assert len(reviewed.relationships) == len(pack.relationships)
