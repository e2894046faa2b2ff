"""Plain records passed along the data flow: articles -> extract -> resolve -> rdf -> store.

`Article` is built from untrusted input, so it is a pydantic model that validates itself;
everything produced by the library from there on is a dataclass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

BlockKind = Literal["title", "body", "caption", "noise"]
EventType = Literal["phone_call", "meeting", "visit", "signing", "ratification"]
EVENT_TYPES: tuple[str, ...] = ("phone_call", "meeting", "visit", "signing", "ratification")
Status = Literal["occurred", "planned"]
Precision = Literal["day", "month", "year"]
ActorKind = Literal["person", "country", "organization"]

ARTICLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


@dataclass(frozen=True)
class Block:
    """A stretch of an article's text: a body paragraph, a photo caption, the title or page noise.

    `start` is the offset, in Unicode code points, of `text` inside `Article.text`, so
    `article.text[start:start + len(text)] == text`; evidence offsets are counted the same way.
    """

    kind: BlockKind
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


class Article(BaseModel):
    """One news article, validated, with its text split into blocks."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    id: str = Field(description="stable slug: the file's stem, or a hash of the record's url")
    source: str = Field(description="the file name (or url) the article was read from")
    title: str = Field(min_length=1)
    outlet: str | None = None
    url: str | None = None
    published: date | None = Field(default=None, description="best evidence for the publication date")
    published_evidence: str | None = Field(default=None, description="the text the publication date was read from")
    header_published: date | None = Field(default=None, description="the header's date, kept when it disagrees")
    text: str = Field(description="the decoded text that block and evidence offsets refer to")
    blocks: tuple[Block, ...] = ()

    @field_validator("id")
    @classmethod
    def _id_is_a_slug(cls, value: str) -> str:
        if not ARTICLE_ID.match(value):
            raise ValueError(f"article id {value!r} is not a slug")
        return value

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "body"]

    @property
    def captions(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "caption"]

    @property
    def noise(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "noise"]


@dataclass(frozen=True)
class TimeValue:
    """A date at the precision the text supports, with its day bounds.

    `value` is ISO 8601 at that precision: "2025-08-12", "2025-08" or "2025".
    """

    value: str
    precision: Precision
    earliest: date
    latest: date
    # False when the text gave a month or a day without its year ("in June") and the year was
    # guessed from the publication date: resolution may then link the report to a known event of
    # an earlier year. Not part of equality: it says how the value was read, not what it is.
    year_stated: bool = field(default=True, compare=False)


@dataclass(frozen=True)
class Participant:
    """A principal party of an event, as the actor data knows it at the event's date."""

    name: str
    kind: ActorKind
    country: str | None = None  # ISO 3166-1 alpha-3
    actor_id: str | None = None  # key in the actor data (e.g. "vladimir-putin", "RUS"), None if unknown
    wikidata: str | None = None  # "Q7747", only where verified
    office: str | None = None  # the office held at the event's date, e.g. "President of Russia"
    role: str = "participant"  # caller / host / visitor / signatory / ratifier / participant


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Evidence:
    """The sentence an event was read from, with its position in `Article.text`."""

    quote: str
    start: int
    end: int
    block: BlockKind  # "body" or "caption": noise is never evidence
    trigger: str  # the word(s) that signalled the event type, e.g. "phone talks"
    prefix: str = ""  # up to 32 characters before the quote, for the TextQuoteSelector
    suffix: str = ""  # up to 32 characters after it


@dataclass
class Event:
    """An event as one article reports it."""

    type: EventType
    status: Status
    participants: list[Participant]
    evidence: Evidence
    article_id: str
    date: TimeValue | None = None
    place: Place | None = None
    notes: list[str] = field(default_factory=list)  # how the date or participants were resolved
    agreement: str | None = None  # the treaty or agreement a signing or ratification is about, as named

    def record(self, article_source: str) -> dict[str, object]:
        """The event in the shape `../shared/eval/SCHEMA.md` defines (one JSON Lines record)."""
        return {
            "type": self.type,
            "status": self.status,
            "date": self.date.value if self.date else None,
            "participants": [
                {"name": p.name, "kind": p.kind, "country": p.country} for p in self.participants
            ],
            "place": self.place.name if self.place else None,
            "article": article_source,
            "evidence": self.evidence.quote,
        }
