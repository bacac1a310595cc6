"""Two replicas of `histatlas serve` behind the shipped nginx recipe (test_nginx.py runs it in
front of one): the cookie nginx sets spreads viewers over both replicas and keeps each
viewer's page, files and WebSocket on one; both serve the same content-hashed shape files;
and when one replica's processes are killed, its viewers reconnect through nginx to the other
and get their view back from the URL.

Which replica answered comes from nginx itself: the test's main config (not the recipe) logs
every request with its stickiness key and ``$upstream_addr``, the replica(s) nginx tried.
"""

from __future__ import annotations

import os
import re
import signal
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.deploy.conftest import MAP_FRAME, SHAPES, port_of, running_nginx, wait_for_map
from tests.support.browser import Watched, watched_page
from tests.support.server import POLL_S, Server, running_server

pytestmark = pytest.mark.browser
COOKIE = "histatlas_replica"
# The key the recipe hashes (the viewer's cookie, or a first request's id) and who answered.
LOG_FORMAT = '$histatlas_replica [$upstream_addr] $status "$request"'
LOG_LINE = re.compile(
    r'^(?P<key>\S+) \[(?P<upstreams>[^\]]*)\] (?P<status>\d{3}) "(?P<request>.*)"$'
)
VIEW = "?year=1956&region=eastern-europe"
STREAM = "/atlas/_stcore/stream"
# Admitting viewers tosses a coin per browser: bounded, far beyond what a fair coin needs.
MOST_BROWSERS = 40
LOG_TIMEOUT_S = 30.0
MAP_TIMEOUT_MS = 90_000
# True once a map frame the marker has not touched shows enough shapes: the map drawn again.
FRESH_MAP = """([frame, shapes, minimum]) => [...document.querySelectorAll(frame)].some((f) => {
    const win = f.contentWindow;
    if (!win || win.histatlasBeforeKill) return false;
    return win.document.querySelectorAll(shapes).length >= minimum;
})"""


@dataclass(frozen=True)
class Hop:
    """One request as nginx logged it (a WebSocket is logged when it closes)."""

    key: str  # the stickiness key: the viewer's cookie, or the first request's id
    upstreams: tuple[int, ...]  # the replicas' ports in the order nginx tried them
    status: int
    path: str

    @property
    def replica(self) -> int:
        """The replica that answered: the last one tried."""
        return self.upstreams[-1]


def read_hops(log: Path) -> list[Hop]:
    hops = []
    for line in log.read_text(encoding="utf-8").splitlines():
        found = LOG_LINE.match(line)
        assert found, line
        tried = [int(addr.rsplit(":", 1)[1]) for addr in found["upstreams"].split(", ")]
        path = found["request"].split(" ")[1]
        hops.append(Hop(found["key"], tuple(tried), int(found["status"]), path))
    return hops


def wait_for_hops(log: Path, done: Callable[[list[Hop]], bool]) -> list[Hop]:
    """The access log once ``done`` holds for it (nginx writes a line after the response)."""
    deadline = time.monotonic() + LOG_TIMEOUT_S
    hops = read_hops(log)
    while not done(hops):
        if time.monotonic() > deadline:
            pytest.fail(f"nginx did not log the requests awaited: {hops[-20:]}")
        time.sleep(POLL_S)  # a bounded poll of a file, not a guessed wait
        hops = read_hops(log)
    return hops


@dataclass(frozen=True)
class Replicas:
    url: str  # the app through nginx
    servers: tuple[Server, Server]
    generated: tuple[Path, Path]  # each replica's content-hashed files, on its own disk
    log: Path  # nginx's access log, in LOG_FORMAT

    @property
    def ports(self) -> tuple[int, int]:
        first, second = self.servers
        return port_of(first), port_of(second)


@contextmanager
def two_replicas(workdir: Path, artifacts_dir: Path) -> Iterator[Replicas]:
    """Two `histatlas serve --base-path /atlas`, each with its own cache (so its own serve
    root and shape files, as on two machines), behind nginx; all stopped however it ends."""
    with ExitStack() as stack:
        servers, generated = [], []
        for name in ("a", "b"):
            cache = workdir / f"cache-{name}"
            server = running_server(
                artifacts_dir, base_path="/atlas", env={"XDG_CACHE_HOME": str(cache)}
            )
            servers.append(stack.enter_context(server))
            # platformdirs' user cache on Linux, then the serve root (dashboard/map/assets.py)
            generated.append(cache / "histatlas" / "serve" / "static" / "generated")
        ports = [port_of(server) for server in servers]
        url = stack.enter_context(running_nginx(workdir / "nginx", ports, LOG_FORMAT))
        yield Replicas(url, tuple(servers), tuple(generated), workdir / "nginx" / "access.log")


def cookie_of(seen: Watched) -> str:
    (value,) = [c["value"] for c in seen.context.cookies() if c["name"] == COOKIE]
    return value


@contextmanager
def admitted(
    browser, replicas: Replicas, per_replica: int, artifacts_dir: Path
) -> Iterator[dict[int, list[Watched]]]:
    """Browsers (each its own context, so its own cookie), by replica port, until each
    replica holds ``per_replica``. A browser's first request (the app's page, through the
    context's cookie jar) gets its cookie from nginx, and nginx's log says which replica
    answered; a browser beyond the count is closed. All come from 127.0.0.1, like a class
    behind one address: ip_hash would put them all on one replica, and this would fail.
    Every context is closed at the end, with a screenshot if the block failed."""
    held: dict[int, list[Watched]] = {port: [] for port in replicas.ports}
    try:
        for _ in range(MOST_BROWSERS):
            if all(len(viewers) >= per_replica for viewers in held.values()):
                break
            seen = watched_page(browser)
            assert seen.context.request.get(replicas.url).ok
            key = cookie_of(seen)
            hops = wait_for_hops(
                replicas.log, lambda hops, key=key: any(h.key == key for h in hops)
            )
            (first,) = [h for h in hops if h.key == key]
            if len(held[first.replica]) < per_replica:
                held[first.replica].append(seen)
            else:
                seen.context.close()
        else:
            pytest.fail(f"{MOST_BROWSERS} browsers were not spread over both replicas: {held}")
        yield held
    except BaseException:
        for index, seen in enumerate(v for viewers in held.values() for v in viewers):
            with suppress(PlaywrightError):  # a page that cannot be shot hides no failure
                seen.page.screenshot(path=str(artifacts_dir / f"FAILED-replicas-{index}.png"))
        raise
    finally:
        for viewers in held.values():
            for seen in viewers:
                seen.context.close()


def open_view(viewers: list[Watched], url: str) -> None:
    """Every viewer opens the view (all at once: the replicas work in parallel) and sees it."""
    for seen in viewers:
        seen.page.goto(url + VIEW)
    for seen in viewers:
        assert wait_for_map(seen.page) >= 50
        heading(seen, 1956).wait_for(timeout=MAP_TIMEOUT_MS)
    assert all(seen.outside() == [] for seen in viewers), "nothing fetched from outside"


def heading(seen: Watched, year: int):
    return seen.page.get_by_role("heading", name=re.compile(f"^{year}: borders"))


def streams_logged(keys: dict[str, int]) -> Callable[[list[Hop]], bool]:
    """True once each key has (at least) its count of WebSockets logged, as they close."""

    def done(hops: list[Hop]) -> bool:
        return all(
            sum(h.key == key and h.path == STREAM for h in hops) >= count
            for key, count in keys.items()
        )

    return done


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, artifacts_dir: Path) -> Iterator[Replicas]:
    with two_replicas(tmp_path_factory.mktemp("replicas"), artifacts_dir) as pair:
        yield pair


@pytest.fixture(scope="module")
def spread(replicas: Replicas, browser, artifacts_dir: Path) -> tuple[dict[str, int], list[Hop]]:
    """Two viewers per replica opened the same view and left: each viewer's key with the
    replica it was admitted to, and nginx's log once their WebSockets closed."""
    with admitted(browser, replicas, 2, artifacts_dir) as held:
        viewers = [seen for port_viewers in held.values() for seen in port_viewers]
        open_view(viewers, replicas.url)
        keys = {cookie_of(seen): port for port, group in held.items() for seen in group}
    hops = wait_for_hops(replicas.log, streams_logged(dict.fromkeys(keys, 1)))
    return keys, hops


def test_viewers_are_spread_and_each_stays_on_one_replica(
    replicas: Replicas, spread: tuple[dict[str, int], list[Hop]]
) -> None:
    keys, hops = spread
    assert len(keys) == 4, "each browser its own cookie"
    assert Counter(keys.values()) == dict.fromkeys(replicas.ports, 2)
    for key, port in keys.items():
        mine = [h for h in hops if h.key == key]
        assert {h.upstreams for h in mine} == {(port,)}, f"one replica for {key}: {mine}"
        paths = [h.path for h in mine]
        assert any(p.startswith("/atlas/?year=1956") for p in paths), paths  # the page
        assert any(p.startswith("/atlas/static/") for p in paths), paths  # Streamlit's files
        assert any(p.startswith("/atlas/app/static/generated/") for p in paths), paths  # shapes
        (stream,) = [h for h in mine if h.path == STREAM]
        assert stream.status == 101, stream  # upgraded to a WebSocket through nginx


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_replicas_serve_identical_content_hashed_files(
    replicas: Replicas, spread: tuple[dict[str, int], list[Hop]]
) -> None:
    """Both replicas drew the same view from their own caches: the files they wrote have the
    same names, and each name fetched from each replica directly gives the same bytes."""
    _, hops = spread
    loaded = {h.path for h in hops if h.path.startswith("/atlas/app/static/generated/")}
    assert loaded, "the viewers loaded shape files"
    written = [
        {p.relative_to(root).as_posix() for p in root.rglob("*.json")}
        for root in replicas.generated
    ]
    common = written[0] & written[1]
    for path in loaded:
        assert path.removeprefix("/atlas/app/static/generated/") in common, path
    assert any(name.startswith("shapes/") for name in common)
    for name in sorted(common):
        first, second = (
            _fetch(f"{server.url}app/static/generated/{name}") for server in replicas.servers
        )
        assert first == second, name


def kill_and_follow(pair: Replicas, held: dict[int, list[Watched]], artifacts_dir: Path) -> int:
    """Both viewers open the view, the first replica is killed; its viewer must get the view
    back (a new map, the same URL, a live WebSocket), the other's page must not notice.
    Returns the access log's length at the kill."""
    doomed_port, alive_port = pair.ports
    (doomed,), (alive,) = held[doomed_port], held[alive_port]
    sockets: dict[int, list[str]] = {doomed_port: [], alive_port: []}
    for port, (seen,) in held.items():
        seen.page.on("websocket", lambda ws, port=port: sockets[port].append(ws.url))
    open_view([doomed, alive], pair.url)
    # Mark the map's document: only a map drawn again after the kill lacks the mark.
    frame = doomed.page.locator(MAP_FRAME).first.element_handle().content_frame()
    frame.evaluate("() => { window.histatlasBeforeKill = true; }")
    before = len(read_hops(pair.log))

    victim = pair.servers[0].process
    os.killpg(victim.pid, signal.SIGKILL)  # `histatlas serve` and its Streamlit child
    victim.wait(timeout=15)

    doomed.page.wait_for_function(FRESH_MAP, arg=[MAP_FRAME, SHAPES, 50], timeout=MAP_TIMEOUT_MS)
    heading(doomed, 1956).wait_for(timeout=MAP_TIMEOUT_MS)
    query = parse_qs(urlparse(doomed.page.url).query)
    assert query["year"] == ["1956"], query  # the URL still carries the view
    assert query["region"] == ["eastern-europe"], query
    assert len(sockets[doomed_port]) >= 2, "the page opened a new WebSocket"
    # The new session answers a step: its WebSocket is live through nginx.
    doomed.page.get_by_role("slider").first.focus()
    doomed.page.keyboard.press("ArrowRight")
    heading(doomed, 1957).wait_for(timeout=MAP_TIMEOUT_MS)
    doomed.page.screenshot(path=str(artifacts_dir / "replica-failover.png"))
    assert len(sockets[alive_port]) == 1, "the other replica's viewer kept its WebSocket"
    heading(alive, 1956).wait_for(timeout=MAP_TIMEOUT_MS)
    return before


def test_viewers_of_a_killed_replica_get_their_view_back(
    tmp_path: Path, browser, artifacts_dir: Path
) -> None:
    with two_replicas(tmp_path, artifacts_dir) as pair:
        doomed_port, alive_port = pair.ports
        with admitted(browser, pair, 1, artifacts_dir) as held:
            doomed_key, alive_key = (cookie_of(seen) for (seen,) in held.values())
            before = kill_and_follow(pair, held, artifacts_dir)
        # The contexts closed, nginx logs their WebSockets: the doomed viewer's two.
        hops = wait_for_hops(pair.log, streams_logged({doomed_key: 2, alive_key: 1}))
    after = hops[before:]
    # nginx found the dead replica refusing and passed the same request to the live one.
    assert any(h.upstreams == (doomed_port, alive_port) for h in after), after
    mine = [h for h in after if h.key == doomed_key]
    # The one request the dead replica answered is the WebSocket the kill closed.
    (closed,) = [h for h in mine if h.replica == doomed_port]
    assert (closed.path, closed.status, closed.upstreams) == (STREAM, 101, (doomed_port,))
    assert any(h.path == STREAM and h.status == 101 and h.replica == alive_port for h in mine)
    assert {h.replica for h in hops if h.key == alive_key} == {alive_port}
