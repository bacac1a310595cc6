"""The built-in pack's tours: the three required stories, valid, exact dates, real records."""

from __future__ import annotations

import calendar

import yaml

from events.model import Tour
from events.pack import DEFAULT_PACK_DIR, validate_pack

REQUIRED = {
    "poland-partitioned-and-restored": "Poland partitioned and restored (1772-1918)",
    "eastern-bloc-and-warsaw-pact": "The Eastern bloc and the Warsaw Pact (1945-1991)",
    "cuba-internationalism-abroad": "Cuba's internationalism abroad (1960s-1991)",
}


def tours() -> list[Tour]:
    raw = yaml.safe_load((DEFAULT_PACK_DIR / "tours.yaml").read_text(encoding="utf-8"))
    return [Tour.model_validate(item) for item in raw]


def test_the_three_tours_exist_with_their_titles() -> None:
    found = {t.id: t.title for t in tours()}
    assert {k: found.get(k) for k in REQUIRED} == REQUIRED


def test_tours_pass_validation() -> None:
    problems = [p for p in validate_pack(None) if p.path.endswith("tours.yaml")]
    assert problems == []


def test_slides_are_dated_in_order_with_captions_and_sources() -> None:
    for tour in tours():
        days = [s.date.value for s in tour.slides]
        assert days == sorted(days), f"{tour.id}: slides out of order"
        for slide in tour.slides:
            assert slide.caption.strip(), f"{tour.id}: {slide.title} has no caption"
            assert slide.excerpts, f"{tour.id}: {slide.title} shows no excerpt"
            assert slide.focus, f"{tour.id}: {slide.title} focuses on nothing"
            assert (slide.region is None) != (slide.bounds is None)


def test_day_precise_slides_name_their_day_in_the_caption() -> None:
    months = list(calendar.month_name)[1:]
    for tour in tours():
        for slide in tour.slides:
            if slide.date.precision != "day":
                continue
            day = slide.date.value
            month = months[day.month - 1]
            exact = f"{day.day} {month} {day.year}"
            spans = (f"-{day.day} {month} {day.year}", f"{day.day}-")  # "20-21 August 1968"
            assert exact in slide.caption or (
                month in slide.caption and any(s in slide.caption for s in spans)
            ), f"{tour.id}: {slide.title}: caption does not name {exact}"
