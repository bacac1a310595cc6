"""A view or a tour as one standalone HTML file: Leaflet, the player and the data inlined."""

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import replace
from importlib import resources
from typing import Any

from dashboard.export.frames import Atlas, Frame, document_data, tour_frames
from dashboard.map.assets import MAP_SCRIPT, leaflet_source
from dashboard.map.mapview import NAMES_CSS
from dashboard.view.state import ViewState
from events.model import Pack

_TEMPLATE_DIR = "templates"


_IMAGE_URL = re.compile(r"url\((['\"]?)images/([\w.-]+)\1\)")


def _inline_leaflet_css() -> str:
    """Leaflet's CSS with its few images as data: URIs, so nothing is fetched from disk."""
    images = resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet" / "images"

    def data_uri(match: re.Match[str]) -> str:
        name = match.group(2)
        try:
            payload = (images / name).read_bytes()
        except OSError:
            return "none"
        kind = "svg+xml" if name.endswith(".svg") else "png"
        return f"url(data:image/{kind};base64,{base64.b64encode(payload).decode()})"

    return _IMAGE_URL.sub(data_uri, leaflet_source("leaflet.css"))


def _script_safe(text: str) -> str:
    """Text that cannot close the <script>/<style> element it is inlined in."""
    return re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.IGNORECASE)


def json_for_script(data: Any) -> str:
    """JSON safe inside <script type=application/json>: no <, >, & or line separators."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(ch, esc)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_document(data: dict[str, Any]) -> str:
    """The player page with Leaflet, the player and the data inlined: no external reference."""
    template_file = resources.files("dashboard.export") / _TEMPLATE_DIR / "player.html"
    template = template_file.read_text("utf-8")
    parts = {
        "TITLE": html.escape(data["title"]),
        "LEAFLET_CSS": _script_safe(_inline_leaflet_css()),
        "LEAFLET_JS": _script_safe(leaflet_source("leaflet.js")),
        # The app's map script, for its names on the map (histatlas.names) and their style.
        "MAP_JS": _script_safe(MAP_SCRIPT.read_text("utf-8")),
        "NAMES_CSS": _script_safe(NAMES_CSS),
        "DATA": json_for_script(data),
    }
    # One pass, so text inside one part can never be taken for another placeholder.
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: parts[m.group(1)], template)


def view_html(pack: Pack, view: ViewState, atlas: Atlas | None = None, title: str = "") -> str:
    """The view as one standalone HTML file (opens offline, from a USB stick)."""
    atlas = atlas or Atlas.builtin()
    frame = Frame(replace(view, tour=None, slide=None, present=False), title=title)
    name = title or pack.manifest.title
    return render_document(document_data(pack, [frame], atlas, name))


def tour_html(pack: Pack, tour_id: str, atlas: Atlas | None = None) -> str:
    """A tour as one standalone HTML file stepping through its slides (keys and buttons)."""
    atlas = atlas or Atlas.builtin()
    tour = pack.tours_by_id[tour_id]
    return render_document(document_data(pack, tour_frames(pack, tour_id), atlas, tour.title))
