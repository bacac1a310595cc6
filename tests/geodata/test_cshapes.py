"""Optional CShapes borders: download (resume, hash, atomic), reading, use in the map.

The real file from ../shared/reference/cshapes is served by a local HTTP server; the tests
skip when the reference folder is absent.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dashboard.cli import main as cli_main
from geodata.geometry import political_map
from geodata.sources import cshapes

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "cshapes"
pytestmark = pytest.mark.skipif(
    not (REFERENCE / cshapes.FILE_NAME).exists(), reason="../shared/reference/cshapes absent"
)


class RangeHandler(SimpleHTTPRequestHandler):
    """Serves files with support for ``Range: bytes=N-`` and records the headers seen."""

    ranges: list[str] = []  # noqa: RUF012 - shared log across handler instances

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        requested = self.headers.get("Range")
        path = Path(self.translate_path(self.path))
        if not requested or not path.is_file():
            super().do_GET()
            return
        RangeHandler.ranges.append(requested)
        data = path.read_bytes()
        start = int(requested.removeprefix("bytes=").split("-")[0])
        if start >= len(data):
            self.send_response(416)
            self.end_headers()
            return
        self.send_response(206)
        self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        self.wfile.write(data[start:])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    handler = partial(RangeHandler, directory=str(REFERENCE))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/{cshapes.FILE_NAME}"
    httpd.shutdown()
    thread.join()


def test_fetch_downloads_verifies_and_leaves_no_partial(server: str, tmp_path: Path) -> None:
    path = cshapes.fetch(server, tmp_path)
    assert path == tmp_path / cshapes.FILE_NAME
    assert cshapes.sha256_of(path) == cshapes.SHA256
    assert not list(tmp_path.glob("*.part"))


def test_partial_file_is_resumed_with_a_range_request(server: str, tmp_path: Path) -> None:
    data = (REFERENCE / cshapes.FILE_NAME).read_bytes()
    (tmp_path / (cshapes.FILE_NAME + ".part")).write_bytes(data[:100_000])
    RangeHandler.ranges.clear()
    path = cshapes.fetch(server, tmp_path)
    assert RangeHandler.ranges == ["bytes=100000-"]
    assert path.read_bytes() == data


def test_wrong_hash_keeps_nothing(server: str, tmp_path: Path) -> None:
    with pytest.raises(cshapes.CShapesError, match="SHA-256"):
        cshapes.fetch(server, tmp_path, expected_sha256="0" * 64)
    assert not list(tmp_path.iterdir())


def test_corrupt_cached_file_is_replaced(server: str, tmp_path: Path) -> None:
    corrupt = tmp_path / cshapes.FILE_NAME
    corrupt.write_bytes(b"not xz at all")
    with pytest.raises(cshapes.CShapesError, match="cannot read"):
        cshapes.read_rows(corrupt)
    cshapes.fetch(server, tmp_path)
    assert cshapes.sha256_of(corrupt) == cshapes.SHA256


def test_offline_gives_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "http://127.0.0.1:9/" + cshapes.FILE_NAME  # discard port: nothing listens
    code = cli_main(["borders", "fetch", "cshapes", "--url", url, "--cache-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1
    assert "built-in borders" in err


def test_cli_fetch_prints_licence(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli_main(["borders", "fetch", "cshapes", "--url", server, "--cache-dir", str(tmp_path)])
    assert code == 0
    assert cshapes.LICENCE in capsys.readouterr().out


def test_rows_use_exclusive_ends(tmp_path: Path) -> None:
    rows = cshapes.read_rows(REFERENCE / cshapes.FILE_NAME)
    gdr = [r for r in rows if r.cow == 265]
    assert gdr
    assert max(r.end for r in gdr) == date(1990, 10, 3)  # CShapes: last day 1990-10-02


def test_political_map_uses_cshapes_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    target = cshapes.cached_file()
    target.parent.mkdir(parents=True)
    shutil.copy(REFERENCE / cshapes.FILE_NAME, target)
    frame = political_map(date(1960, 6, 1), borders="cshapes")
    assert set(frame["source"]) == {"cshapes-2.0 (CC BY-NC-SA 4.0)"}
    assert {"east-germany", "west-germany", "poland", "soviet-union"} <= set(frame["id"])
    assert frame.geometry.is_valid.all()
    before = political_map(date(1880, 6, 1), borders="cshapes")
    assert "cshapes-2.0 (CC BY-NC-SA 4.0)" not in set(before["source"])


def test_missing_cache_falls_back_to_builtin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    frame = political_map(date(1960, 6, 1), borders="cshapes")
    assert "cshapes-2.0 (CC BY-NC-SA 4.0)" not in set(frame["source"])
