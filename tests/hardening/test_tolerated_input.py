"""Input that looks odd but is valid must load unchanged: BOMs, CRLF line endings, no final newline.

And a pack path that is no pack at all is refused in one line, not with a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from events.pack import PackError, load_pack
from tests.hardening.basepack import FILES
from tests.hardening.conftest import run_cli


def _rewrite(pack: Path, change) -> None:
    for name in FILES:
        path = pack / name
        path.write_bytes(change(path.read_bytes()))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda data: b"\xef\xbb\xbf" + data, id="utf8-bom-on-every-file"),
        pytest.param(lambda data: data.replace(b"\n", b"\r\n"), id="crlf-line-endings"),
        pytest.param(lambda data: data.rstrip(b"\n"), id="no-final-newline"),
    ],
)
def test_odd_but_valid_files_load_the_same_pack(base_pack: Path, change) -> None:
    before = load_pack(base_pack)
    _rewrite(base_pack, change)
    after = load_pack(base_pack)
    assert after.excerpts == before.excerpts, "BOM and line endings are not part of the text"
    assert after.events == before.events
    assert after.relationships == before.relationships
    assert after.warnings == ()


@pytest.mark.parametrize("kind", ["missing", "a-file"])
def test_a_pack_path_that_is_no_directory_is_refused(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "not-a-pack"
    if kind == "a-file":
        target.write_text("title: a file, not a directory\n")
    with pytest.raises(PackError):
        load_pack(target)
    result = run_cli("validate", str(target), cwd=tmp_path)
    assert result.code in (1, 2), result.output
    assert "Traceback" not in result.output
    assert str(target) in result.output
