"""Typed records of a pack: what the sources say, dated, placed and linked to excerpts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from events.corpus import Excerpt
from events.dates import HistDate, Interval
from events.problems import Problem

__all__ = [
    "LAYERS",
    "RELATIONSHIP_KINDS",
    "Event",
    "Excerpt",
    "ExcerptLink",
    "HistDate",
    "Interval",
    "Manifest",
    "Organisation",
    "Pack",
    "PackPolity",
    "Place",
    "Relationship",
    "Slide",
    "Tour",
]

Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120)]
Text = Annotated[str, Field(min_length=1, max_length=20_000)]
Provenance = Literal["stated", "context"]
# "candidate": proposed by a machine (histatlas ingest), not yet checked by a person.
Review = Literal["candidate", "reviewed"]
Scalar = str | int | float | bool | None

# Relationship kinds, read "subject KIND object"; the layer says where the map shows them.
RELATIONSHIP_KINDS: dict[str, str] = {
    "member_of": "alliances",
    "partitioned": "partitions",
    "annexed": "partitions",
    "occupied": "occupation",
    "deployed_to": "deployments",
    "backed": "deployments",
    "founded_in": "events",
    "seated_in": "alliances",
    "part_of": "political",
}
RelationshipKind = Literal[
    "member_of",
    "partitioned",
    "annexed",
    "occupied",
    "deployed_to",
    "backed",
    "founded_in",
    "seated_in",
    "part_of",
]
Layer = Literal["political", "alliances", "partitions", "deployments", "occupation", "events"]
LAYERS: tuple[Layer, ...] = get_args(Layer)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExcerptLink(_Record):
    """An excerpt id and the exact words of it that support the record."""

    excerpt: Id
    quote: Text


class Place(_Record):
    """Where: a polity (shown at its representative point) and/or a point with a label."""

    polity: Id | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    label: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _needs_a_location(self) -> Place:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon go together: give both or neither")
        if self.polity is None and self.lat is None:
            raise ValueError("a place needs a polity id or lat/lon")
        return self


class _Sourced(_Record):
    """Fields shared by everything drawn on the map: dates, sources, provenance."""

    id: Id
    start: HistDate
    end: HistDate | None = None
    excerpts: list[ExcerptLink] = Field(min_length=1)
    provenance: Provenance
    note: str = Field(default="", max_length=5_000)
    attributes: dict[str, Scalar] = Field(default_factory=dict)
    review: Review = "reviewed"
    confidence: float | None = Field(default=None, ge=0, le=1)  # a candidate's, 0..1

    @property
    def is_candidate(self) -> bool:
        return self.review == "candidate"


class Organisation(_Sourced):
    """An alliance, international, bureau, movement or party with a seat and a lifetime."""

    name: Text
    kind: Id
    seat: Place

    @property
    def interval(self) -> Interval:
        return Interval.of(self.start, self.end)


class Event(_Sourced):
    """Something that happened; without ``end`` it lasts the period its ``start`` names."""

    title: Text
    kind: Id
    places: list[Place] = Field(min_length=1)
    participants: list[Id] = Field(default_factory=list)

    @property
    def interval(self) -> Interval:
        return Interval.of(self.start, self.end, point=True)


class Relationship(_Sourced):
    """A state of affairs "subject KIND object" over [start, end); no end = open."""

    kind: RelationshipKind
    subject: Id
    object: Id
    title: str | None = Field(default=None, max_length=300)

    @property
    def interval(self) -> Interval:
        return Interval.of(self.start, self.end)

    @property
    def layer(self) -> str:
        return RELATIONSHIP_KINDS[self.kind]


class Slide(_Record):
    """One step of a tour: what the map shows and what the presenter says."""

    title: Text
    date: HistDate
    region: Id | None = None
    bounds: tuple[float, float, float, float] | None = None  # south, west, north, east
    layers: list[Layer] = Field(default_factory=list)
    focus: list[Id] = Field(default_factory=list)
    caption: str = Field(default="", max_length=2_000)
    excerpts: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _bounds_make_sense(self) -> Slide:
        if self.bounds is not None:
            south, west, north, east = self.bounds
            if not (-90 <= south < north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
                raise ValueError("bounds are (south, west, north, east) in degrees, south < north")
        return self


class Tour(_Record):
    """An ordered story of slides for presentations."""

    id: Id
    title: Text
    description: str = Field(default="", max_length=5_000)
    slides: list[Slide] = Field(min_length=1)


class PackPolity(_Record):
    """A polity the pack defines itself (one the gazetteer lacks)."""

    id: Id
    name: Text
    start: HistDate
    end: HistDate | None = None
    cow: int | None = None
    iso3: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    gwcode: int | None = None  # Gleditsch-Ward code, where the pack's polity has one
    status: Literal[
        "independent", "colony", "protectorate", "occupied", "mandate", "dependency", "unclaimed"
    ] = "independent"
    owner: Id | None = None
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    note: str = Field(default="", max_length=5_000)

    @property
    def interval(self) -> Interval:
        return Interval.of(self.start, self.end)


class Source(_Record):
    title: Text
    author: Text
    url: str | None = Field(default=None, max_length=500)
    licence: Text
    licence_url: str | None = Field(default=None, max_length=500)


class Horizon(_Record):
    start: HistDate
    end: HistDate


class DefaultView(_Record):
    year: int = Field(ge=1, le=9998)
    region: Id = "world"
    layers: list[Layer] = Field(default_factory=lambda: list(LAYERS))


class Manifest(_Record):
    """manifest.yaml: what the pack is, whose words it holds, and how it opens."""

    title: Text
    description: str = Field(default="", max_length=5_000)
    corpus: str = Field(pattern=r"^[A-Za-z0-9._-]+$", max_length=200)
    excerpt_prefix: Id
    sources: list[Source] = Field(min_length=1)
    horizon: Horizon
    default_view: DefaultView


@dataclass(frozen=True, eq=False)
class Pack:
    """A loaded, fully validated pack. Never partially loaded: see events.pack.load_pack."""

    path: Path
    manifest: Manifest
    excerpts: tuple[Excerpt, ...]
    organisations: tuple[Organisation, ...]
    events: tuple[Event, ...]
    relationships: tuple[Relationship, ...]
    tours: tuple[Tour, ...] = ()
    polities: tuple[PackPolity, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @cached_property
    def excerpts_by_id(self) -> dict[str, Excerpt]:
        return {e.id: e for e in self.excerpts}

    @cached_property
    def organisations_by_id(self) -> dict[str, Organisation]:
        return {o.id: o for o in self.organisations}

    @cached_property
    def records_by_id(self) -> dict[str, Organisation | Event | Relationship]:
        found: dict[str, Organisation | Event | Relationship] = {}
        for group in (self.organisations, self.events, self.relationships):
            found.update((r.id, r) for r in group)
        return found

    @cached_property
    def candidates(self) -> int:
        """How many records are unreviewed candidates (proposed by histatlas ingest)."""
        return sum(1 for r in self.records_by_id.values() if r.review == "candidate")

    @cached_property
    def tours_by_id(self) -> dict[str, Tour]:
        return {t.id: t for t in self.tours}

    @cached_property
    def _linked(self) -> dict[str, list[Organisation | Event | Relationship]]:
        found: dict[str, list[Organisation | Event | Relationship]] = {}
        for record in self.records_by_id.values():
            for excerpt in dict.fromkeys(link.excerpt for link in record.excerpts):
                found.setdefault(excerpt, []).append(record)
        return found

    def linked_by(self, excerpt_id: str) -> list[Organisation | Event | Relationship]:
        """Every record that links the excerpt, in pack order (indexed once per pack)."""
        return list(self._linked.get(excerpt_id, ()))
