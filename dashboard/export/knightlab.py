"""A tour in Knight Lab's JSON formats: TimelineJS (slides on a time axis) and StoryMapJS
(slides on a map), each slide with its date, caption, place and cited excerpts.

TimelineJS and StoryMapJS show ``text`` fields as HTML, so every text from the pack is
escaped here. The files fetch nothing: no media URLs are invented. Every file names the
pack's sources with their licences (in the title slide, as the formats have no other place).
"""

from __future__ import annotations

import html
import json
import math
from typing import Any

from dashboard.export.frames import attributions
from events.model import Pack, Slide, Tour
from geodata.regions import REGIONS

FORMATS = ("timelinejs", "storymapjs")


def _date(slide: Slide) -> dict[str, int]:
    """A TimelineJS date object as precise as the slide's date (year, month or day)."""
    value, precision = slide.date.value, slide.date.precision
    found = {"year": value.year}
    if precision in {"month", "day"}:
        found["month"] = value.month
    if precision == "day":
        found["day"] = value.day
    return found


def _excerpts_html(pack: Pack, slide: Slide) -> str:
    cited = []
    for excerpt_id in slide.excerpts:
        excerpt = pack.excerpts_by_id.get(excerpt_id)
        if excerpt is not None:
            cited.append(
                f"<blockquote>{html.escape(excerpt.text)}"
                f"<cite>{html.escape(excerpt_id)}, line {excerpt.line}</cite></blockquote>"
            )
    return "".join(cited)


def _text(pack: Pack, slide: Slide) -> dict[str, str]:
    caption = f"<p>{html.escape(slide.caption)}</p>" if slide.caption else ""
    return {"headline": html.escape(slide.title), "text": caption + _excerpts_html(pack, slide)}


def _sources_html(pack: Pack) -> str:
    lines = attributions(pack, html_export=False)
    return "<p>Sources: " + "<br>".join(html.escape(line) for line in lines) + "</p>"


def timelinejs(pack: Pack, tour: Tour) -> dict[str, Any]:
    """The tour in TimelineJS's JSON format: a title slide, then an event a slide."""
    return {
        "title": {
            "text": {
                "headline": html.escape(tour.title),
                "text": f"<p>{html.escape(tour.description)}</p>{_sources_html(pack)}",
            }
        },
        "events": [
            {
                "start_date": _date(slide) | {"display_date": str(slide.date)},
                "text": _text(pack, slide),
                "group": html.escape(tour.title),
                "unique_id": f"{tour.id}-slide-{number}",
            }
            for number, slide in enumerate(tour.slides, start=1)
        ],
    }


def _location(slide: Slide) -> dict[str, Any]:
    """The centre of the slide's bounds (or region) and a zoom that shows about that much."""
    bounds = slide.bounds or REGIONS.get(slide.region or "world", REGIONS["world"]).bounds
    south, west, north, east = bounds
    span = max(east - west, (north - south) * 1.5, 1.0)
    zoom = max(1, min(10, round(math.log2(360 / span)) + 1))
    return {"lat": (south + north) / 2, "lon": (west + east) / 2, "zoom": zoom, "line": True}


def storymapjs(pack: Pack, tour: Tour) -> dict[str, Any]:
    """The tour in StoryMapJS's JSON format: an overview slide, then a slide a stop."""
    overview = {
        "type": "overview",
        "text": {
            "headline": html.escape(tour.title),
            "text": f"<p>{html.escape(tour.description)}</p>{_sources_html(pack)}",
        },
    }
    slides = [
        {"date": str(slide.date), "location": _location(slide), "text": _text(pack, slide)}
        for slide in tour.slides
    ]
    # No map_type: StoryMapJS draws its default basemap (the viewer's choice, online).
    return {"storymap": {"language": "en", "slides": [overview, *slides]}}


def tour_json(pack: Pack, tour_id: str, fmt: str) -> str:
    tour = pack.tours_by_id[tour_id]
    data = timelinejs(pack, tour) if fmt == "timelinejs" else storymapjs(pack, tour)
    return json.dumps(data, ensure_ascii=False, indent=1)
