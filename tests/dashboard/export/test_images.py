"""Pictures of a view (PNG, SVG, PDF) and a tour's PDF handout, opened and read back."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from PIL import Image

from dashboard.export import images, labels
from dashboard.export.frames import Atlas
from dashboard.view.state import ViewState
from events.pack import load_pack


@pytest.fixture(scope="module")
def pack():
    return load_pack(None)


@pytest.fixture(scope="module")
def atlas():
    return Atlas.builtin()


def pdf_text(data: bytes, tmp_path) -> str:
    """The text of a PDF as pdftotext (Debian's poppler-utils, `make nginx`) reads it."""
    path = tmp_path / "file.pdf"
    path.write_bytes(data)
    if not shutil.which("pdftotext"):
        pytest.fail("no pdftotext: run `make nginx` (installs poppler-utils)")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_png_is_a_slide_sized_picture_of_the_view(pack, atlas) -> None:
    data = images.view_image(pack, ViewState(year=1956, region="eastern-europe"), "png", atlas)
    picture = Image.open(io.BytesIO(data))
    assert picture.format == "PNG"
    assert picture.size == (2000, 1125)  # 16:9 at 150 dpi
    assert picture.info.get("Title") == "Proletarian internationalism, 1956"
    # Not a blank picture: land, sea and marks give many colours.
    assert len(picture.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 200


def test_svg_names_the_states_the_title_and_the_sources(pack, atlas) -> None:
    data = images.view_image(pack, ViewState(year=1956, region="eastern-europe"), "svg", atlas)
    text = data.decode("utf-8")
    assert text.lstrip().startswith("<?xml")
    # Text stays text in the SVG (svg.fonttype none): editable in a slide tool.
    for word in ("Proletarian internationalism · 1956", "Poland", "Hungary", "Legend"):
        assert word in text, word
    assert "CC BY-SA 4.0" in text
    assert "Natural Earth" in text
    assert re.search(r"\d+(,\d+)? km", text), "a scale bar"


def test_pdf_view_has_one_page_with_the_title(pack, atlas, tmp_path) -> None:
    data = images.view_image(pack, ViewState(year=1985, region="africa"), "pdf", atlas)
    assert data.startswith(b"%PDF")
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") == 1
    text = pdf_text(data, tmp_path)
    assert "1985" in text
    assert "Angola" in text
    assert "Ethiopia" in text


def test_tour_handout_has_a_page_a_slide_with_its_excerpts(pack, atlas, tmp_path) -> None:
    tour = pack.tours_by_id["cuba-internationalism-abroad"]
    data = images.tour_pdf(pack, tour.id, atlas)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages == len(tour.slides)
    text = pdf_text(data, tmp_path)
    first = tour.slides[0]
    assert first.title in text
    for excerpt_id in first.excerpts:
        assert f"[{excerpt_id}, line {pack.excerpts_by_id[excerpt_id].line}]" in text


def test_a_long_name_of_the_day_gives_way_to_the_short_name() -> None:
    square = {"type": "Polygon", "coordinates": [[[0, 0], [8, 0], [8, 6], [0, 6], [0, 0]]]}
    collection = {
        "features": [
            {"properties": {"id": "angola", "name": "People's Republic of Angola"},
             "geometry": square}
        ]
    }  # fmt: skip
    extent = (-0.2, 0.4, -0.2, 0.4)  # radians of Web Mercator: about 23 degrees each way
    placed = labels.candidates(collection, extent, 0.0025, short_names={"angola": "Angola"})
    assert [label.text for label in placed] == ["Angola"]
    roomy = labels.candidates(collection, extent, 0.0005, short_names={"angola": "Angola"})
    assert roomy[0].text.replace("\n", " ") == "People's Republic of Angola"


def test_labels_never_overlap_and_keep_clear_of_the_scale_bar(pack, atlas) -> None:
    from datetime import date

    collection = atlas.shapes_on(date(1956, 7, 1))
    extent = (0.2, 0.8, 0.7, 1.35)  # Europe, in Web Mercator radians
    clear = (0.2, 0.7, 0.35, 0.8)
    placed = labels.candidates(collection, extent, 0.0004, keep_clear=[clear])
    assert len(placed) > 15
    boxes = [label.box for label in placed] + [clear]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not labels._overlap(a, b)
