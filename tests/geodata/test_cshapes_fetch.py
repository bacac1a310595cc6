"""CShapes' download through pooch and its reading through pyogrio, on a tiny hand-made file
served by a local HTTP server: needs neither the network nor ../shared/reference."""

from __future__ import annotations

import hashlib
import json
import lzma
import threading
from collections.abc import Iterator
from datetime import date
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from dashboard.cli import main as cli_main
from geodata.sources import cshapes
from tests.geodata.test_cshapes import RangeHandler

# Two squares sharing the arc x=1 (quantized, delta-encoded), with CShapes' columns.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [10, 20]},
    "arcs": [
        [[1, 0], [0, 1]],
        [[1, 1], [-1, 0], [0, -1], [1, 0]],
        [[1, 0], [1, 0], [0, 1], [-1, 0]],
    ],
    "objects": {
        "cshapes": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {
                    "cowcode": 265, "country_name": "German Democratic Republic",
                    "start": "1954-03-25", "end": "1990-10-02", "status": "independent",
                    "owner": ""}},
                {"type": "Polygon", "arcs": [[2, -1]], "properties": {
                    "cowcode": 260, "country_name": "German Federal Republic",
                    "start": "1955-05-05", "end": "1990-10-02", "status": "independent",
                    "owner": "260"}},
            ],
        }
    },
}  # fmt: skip
# Hex noise (which xz cannot shrink much) makes the file big enough to break off and resume.
NOISE = "".join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(5000))
DATA = lzma.compress(json.dumps(TOPOLOGY | {"noise": NOISE}).encode())
DIGEST = hashlib.sha256(DATA).hexdigest()


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("mirror")
    (root / cshapes.FILE_NAME).write_bytes(DATA)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(RangeHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/{cshapes.FILE_NAME}"
    httpd.shutdown()
    thread.join()


def test_rows_are_read_with_gdal(tmp_path: Path) -> None:
    path = tmp_path / cshapes.FILE_NAME
    path.write_bytes(DATA)
    gdr, frg = cshapes.read_rows(path)
    assert (gdr.cow, gdr.name, gdr.owner) == (265, "German Democratic Republic", None)
    assert frg.owner == 260
    assert gdr.start == date(1954, 3, 25)
    assert gdr.end == date(1990, 10, 3)  # CShapes' last day is inclusive; ours is not
    assert gdr.geometry.area == pytest.approx(1.0)
    assert gdr.geometry.bounds == (10.0, 20.0, 11.0, 21.0)
    assert gdr.geometry.touches(frg.geometry)


def test_a_file_that_is_not_cshapes_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / cshapes.FILE_NAME
    path.write_bytes(lzma.compress(b'{"type": "FeatureCollection"}'))
    with pytest.raises(cshapes.CShapesError, match=f"cannot read {cshapes.FILE_NAME}"):
        cshapes.read_rows(path)


def test_download_verifies_and_moves_into_place(mirror: str, tmp_path: Path) -> None:
    path = cshapes.fetch(mirror, tmp_path, expected_sha256=DIGEST)
    assert path.read_bytes() == DATA
    assert sorted(p.name for p in tmp_path.iterdir()) == [cshapes.FILE_NAME]


def test_a_wrong_checksum_leaves_nothing(mirror: str, tmp_path: Path) -> None:
    with pytest.raises(cshapes.CShapesError, match="SHA-256"):
        cshapes.fetch(mirror, tmp_path, expected_sha256="0" * 64)
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_download_resumes(mirror: str, tmp_path: Path) -> None:
    (tmp_path / (cshapes.FILE_NAME + ".part")).write_bytes(DATA[:100_000])
    RangeHandler.ranges.clear()
    path = cshapes.fetch(mirror, tmp_path, expected_sha256=DIGEST)
    assert RangeHandler.ranges == ["bytes=100000-"]
    assert path.read_bytes() == DATA
    assert not list(tmp_path.glob("*.part"))


def test_progress_only_when_asked(mirror: str, tmp_path: Path, capfd) -> None:
    cshapes.fetch(mirror, tmp_path / "quiet", expected_sha256=DIGEST)
    assert capfd.readouterr().err == ""
    cshapes.fetch(mirror, tmp_path / "shown", expected_sha256=DIGEST, progress=True)
    err = capfd.readouterr().err
    assert "CShapes 2.0" in err
    assert "100%" in err


def test_cli_fetch_is_quiet_when_piped_and_verifies(mirror: str, tmp_path: Path, monkeypatch,
                                                    capsys) -> None:  # fmt: skip
    monkeypatch.setattr(cshapes, "SHA256", DIGEST)
    argv = ["borders", "fetch", "cshapes", "--url", mirror, "--cache-dir", str(tmp_path)]
    assert cli_main(argv) == 0
    out, err = capsys.readouterr()
    assert err == ""  # not a terminal: no bar
    assert cshapes.LICENCE in out
