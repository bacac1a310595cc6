"""A big slice in the browser: the table shows its first rows, the CSV download has them all.

The pack is generated (bench/synthetic_pack.py) large enough that one year holds more rows
than the page shows; the CSV is built only when the button is clicked.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.synthetic_pack import generate
from dashboard.panels.table import COLUMNS, MAX_ROWS
from tests.browser.dashdom import TIMEOUT
from tests.browser.mapdom import wait_for_app_idle, wait_for_shapes
from tests.support.server import Server, running_server

pytestmark = pytest.mark.browser
RECORDS = 12_000
YEAR = 1952


@pytest.fixture(scope="module")
def big_server(tmp_path_factory, artifacts_dir: Path) -> Iterator[Server]:
    pack = generate(RECORDS, tmp_path_factory.mktemp("big") / "pack")
    with running_server(artifacts_dir, "--pack", str(pack)) as srv:
        yield srv


def test_the_table_shows_its_first_rows_and_the_csv_has_all(big_server, page) -> None:
    page.goto(big_server.url + f"?year={YEAR}")
    wait_for_shapes(page)
    wait_for_app_idle(page)
    caption = page.get_by_text(re.compile(rf"The first {MAX_ROWS:,} of [\d,]+ rows"))
    caption.wait_for(timeout=TIMEOUT)
    total = int(re.search(r"of ([\d,]+) rows", caption.inner_text()).group(1).replace(",", ""))
    assert total > MAX_ROWS

    button = page.get_by_role("button", name=f"Download CSV ({total:,} rows)")
    with page.expect_download(timeout=TIMEOUT) as info:
        button.click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == total
    assert len({r["id"] for r in rows}) == total
    assert info.value.suggested_filename.startswith("histatlas-")
    assert page.page_errors == []
