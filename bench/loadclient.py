"""A viewer without a browser: Streamlit's own protocol over its WebSocket, for load tests.

One ``Viewer`` is one browser tab as the server sees it: it connects to ``_stcore/stream``,
sends ``rerun_script`` BackMsgs (the installed Streamlit's protobuf classes) carrying what the
frontend sends (the page's query string, every widget state it holds, the page script hash,
the fragment of the widget that changed, the hashes of the large messages it has cached, the
browser context), and reads the ForwardMsgs back. A request is answered when the server sends
``script_finished`` with an ending status: FINISHED_EARLY_FOR_RERUN only says that another run
follows (``st.rerun()``), so the wait goes on. Like the frontend it keeps the query string the
app writes (``page_info_changed``), takes a widget's value from the server only when the server
sets it (``set_value``), and holds the slider, select box and checkbox states it was sent.

It knows nothing of histatlas beyond the keys of the widgets it is asked to move. It draws
nothing and fetches no static file: the server's work per request is what it measures.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

ENDING = frozenset(
    {
        ForwardMsg.FINISHED_SUCCESSFULLY,
        ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
        ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    }
)
# The frontend forgets a cached message after this many full runs without it
# (Streamlit's default ``global.maxCachedMessageAge``); its hash is no longer sent.
CACHE_AGE = 2
WIDGETS = ("slider", "selectbox", "checkbox")  # the widget kinds whose state is echoed


class ProtocolError(RuntimeError):
    """The server closed the connection or answered in a way this client cannot follow."""


@dataclass
class Widget:
    """A widget as the frontend holds it: its id, enclosing fragment and current state."""

    key: str  # the user key: the id's last part (``$$ID-<hash>-<key>``)
    kind: str
    fragment_id: str
    state: WidgetState
    options: tuple[str, ...] = ()  # a select box's labels
    low: float = 0.0  # a slider's range
    high: float = 0.0


@dataclass(frozen=True)
class Answer:
    """One request and the server's answer to it."""

    sent: float  # time.perf_counter() when the BackMsg left
    seconds: float  # until the ending script_finished arrived
    status: int  # that script_finished's status
    runs: int  # script runs it took (1, or more when the app called st.rerun())
    fragment: bool  # only a fragment ran
    bytes: int  # ForwardMsg bytes received meanwhile (protobuf, uncompressed)


def user_key(widget_id: str) -> str:
    """``$$ID-<hash>-year`` -> ``year`` (a widget without a key has none: ``""``)."""
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "$$ID" else ""


def _state(kind: str, element, known: WidgetState | None) -> WidgetState:
    """The state the frontend holds after receiving ``element``: the server's value when it
    sets one, else what the frontend already held, else the element's default."""
    if known is not None and not element.set_value:
        return known
    state = WidgetState(id=element.id)
    if kind == "slider":
        state.double_array_value.data.extend(
            element.value if element.set_value else element.default
        )
    elif kind == "selectbox":
        default = element.options[element.default] if element.options else ""
        state.string_value = element.raw_value if element.set_value else default
    else:
        state.bool_value = element.value if element.set_value else element.default
    return state


class Viewer:
    """One session on ``base_url`` (ending in ``/``) opened at ``query`` (``year=1956&...``)."""

    def __init__(self, base_url: str, query: str, *, timeout: float = 120.0) -> None:
        self.base_url = base_url
        self.query = query  # the page's query string, as the app last wrote it
        self.timeout = timeout
        self.widgets: dict[str, Widget] = {}  # by key
        self.page_hash = ""
        self.unsolicited = 0  # script runs nobody here asked for
        self._ids: dict[str, str] = {}  # widget id -> key
        self._cache: dict[str, int] = {}  # cached message hash -> full runs since last seen
        self._socket: ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._waiting: asyncio.Future[Answer] | None = None
        self._sent = 0.0
        self._runs = 0
        self._bytes = 0
        self._closed: BaseException | None = None
        self._reports = 0

    async def open(self) -> Answer:
        """Connect and run the page, as a browser opening the link does."""
        parts = urlsplit(self.base_url)
        stream = f"ws://{parts.netloc}{parts.path}_stcore/stream"
        self._socket = await connect(
            stream,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            origin=f"http://{parts.netloc}",  # type: ignore[arg-type]
            max_size=None,
            proxy=None,  # loopback only, whatever the environment says
            ping_interval=None,  # a browser does not ping; a busy server may answer late
            open_timeout=self.timeout,
        )
        self._reader = asyncio.create_task(self._read())
        return await self._request()

    async def set_slider(self, key: str, value: float) -> Answer:
        widget = self.widgets[key]
        widget.state.ClearField("double_array_value")
        widget.state.double_array_value.data.append(value)
        return await self._request(widget.fragment_id)

    async def choose(self, key: str, label: str) -> Answer:
        widget = self.widgets[key]
        widget.state.string_value = label
        return await self._request(widget.fragment_id)

    async def report_year(self, key: str, year: int) -> Answer:
        """What the map's own time control sends after a step (or a burst of steps) it drew
        itself: the component's value with a feature ``{kind: "year"}`` as the clicked layer
        (static/histatlas-map.js, ``report``)."""
        widget = self.widgets[key]
        self._reports += 1
        props = {"kind": "year", "year": year, "n": self._reports}
        value = {
            "last_active_drawing": {"type": "Feature", "properties": props, "geometry": None},
            "bounds": None,
            "zoom": None,
        }
        widget.state.json_value = json.dumps(value)
        return await self._request(widget.fragment_id)

    def value(self, key: str) -> float | str | bool:
        state = self.widgets[key].state
        kind = state.WhichOneof("value")
        if kind == "double_array_value":
            return state.double_array_value.data[0]
        return getattr(state, kind or "string_value")

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, ProtocolError):
                await self._reader

    def _rerun(self, fragment_id: str) -> bytes:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.widget_states.widgets.extend(w.state for w in self.widgets.values())
        state.page_script_hash = self.page_hash
        state.fragment_id = fragment_id
        state.cached_message_hashes.extend(self._cache)
        state.context_info.CopyFrom(
            ContextInfo(
                timezone="Europe/Berlin",
                timezone_offset=-60,
                locale="en-GB",
                url=f"{self.base_url}?{self.query}",
                is_embedded=False,
                color_scheme="light",
            )
        )
        return msg.SerializeToString()

    async def _request(self, fragment_id: str = "") -> Answer:
        if self._closed is not None:
            raise ProtocolError(f"connection closed: {self._closed!r}")
        if self._waiting is not None:
            raise ProtocolError("one request at a time")
        assert self._socket is not None, "open() first"
        self._waiting = asyncio.get_running_loop().create_future()
        self._runs, self._bytes = 0, 0
        payload = self._rerun(fragment_id)
        self._sent = time.perf_counter()
        await self._socket.send(payload)
        try:
            return await asyncio.wait_for(asyncio.shield(self._waiting), self.timeout)
        finally:
            self._waiting = None

    async def _read(self) -> None:
        assert self._socket is not None
        try:
            async for data in self._socket:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._bytes += len(data)
                self._take(msg)
        except Exception as exc:  # the connection ended: the request waiting on it fails
            self._closed = exc
        else:
            self._closed = ProtocolError("server closed the connection")
        if self._waiting is not None and not self._waiting.done():
            self._waiting.set_exception(ProtocolError(f"connection closed: {self._closed!r}"))

    def _take(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if msg.metadata.cacheable or kind == "ref_hash":
            self._cache[msg.ref_hash if kind == "ref_hash" else msg.hash] = 0
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._widget(msg.delta.new_element, msg.delta.fragment_id)
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "new_session":
            self.page_hash = msg.new_session.page_script_hash
        elif kind == "script_finished":
            self._finished(msg.script_finished)

    def _widget(self, element, fragment_id: str) -> None:
        kind = element.WhichOneof("type")
        if kind == "component_instance":  # a custom component: its value is its state
            proto = element.component_instance
            key = proto.component_name  # one instance of each here (its key is hashed)
            known = self.widgets.get(key)
            state = known.state if known and known.state.id == proto.id else None
            self.widgets[key] = Widget(key, kind, fragment_id, state or WidgetState(id=proto.id))
            return
        if kind not in WIDGETS:
            return
        proto = getattr(element, kind)
        key = user_key(proto.id) or proto.id
        known = self.widgets.get(key)
        widget = Widget(
            key=key,
            kind=kind,
            fragment_id=fragment_id,
            state=_state(
                kind, proto, known.state if known and known.state.id == proto.id else None
            ),
        )
        if kind == "selectbox":
            widget.options = tuple(proto.options)
        elif kind == "slider":
            widget.low, widget.high = proto.min, proto.max
        self.widgets[key] = widget

    def _finished(self, status: int) -> None:
        self._runs += 1
        if status == ForwardMsg.FINISHED_SUCCESSFULLY:  # the frontend ages its cache per run
            self._cache = {h: age + 1 for h, age in self._cache.items() if age < CACHE_AGE}
        if status not in ENDING:
            return
        if self._waiting is None or self._waiting.done():
            self.unsolicited += 1
            return
        self._waiting.set_result(
            Answer(
                sent=self._sent,
                seconds=time.perf_counter() - self._sent,
                status=status,
                runs=self._runs,
                fragment=status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
                bytes=self._bytes,
            )
        )
