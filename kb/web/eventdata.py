"""Events as the pages show them, read from the store through the named queries.

`load_events` gives one `EventView` per merged event IRI (type, consensus date at its precision,
status, place, participants, and every source with the date it gives and its quoted evidence);
`event_graph` gives events' own triples, as Oxigraph terms (serialised by the engine: rdflib's Turtle
writer spent 100 s choosing prefixes for 2,000 events).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import pyoxigraph as ox

from kb.queries import named_query
from kb.store import KnowledgeStore, Row, Term
from kb.vocab import local_name
from kb.web.dates import ShownDate, precision_of, show_date
from kb.web.safe import with_values

EVENT_PREFIX = "https://w3id.org/eventkb/id/event/"
BATCH = 100  # events read per query: with 200 IRIs in VALUES the engine chose a plan that ran for minutes
SUMMARY_CHARS = 200


@dataclass
class Quote:
    """The evidence sentence split around its trigger, so a page can mark the trigger without |safe."""

    before: str
    trigger: str
    after: str
    prefix: str = ""
    suffix: str = ""
    kind: str = "body"

    @property
    def exact(self) -> str:
        return self.before + self.trigger + self.after


WEB_URL = re.compile(r"^https?://[^\x00-\x20\x7f]+$", re.IGNORECASE)


@dataclass
class Source:
    article: str
    title: str
    outlet: str | None
    url: str | None
    published: ShownDate | None
    quote: Quote | None = None
    claimed: ShownDate | None = None  # the date this article gives the event
    conflicting: bool = False  # the consensus date falls outside it

    @property
    def link(self) -> str | None:
        """The article's URL if it may be an href: http(s) only, never `javascript:` or `data:`."""
        url = self.url or ""
        return url if WEB_URL.match(url) else None


@dataclass
class Participant:
    actor: str
    name: str
    role: str | None
    office: str | None
    country: str | None
    country_name: str | None


@dataclass
class EventView:
    iri: str
    label: str
    type: str
    type_label: str
    cameo: str | None
    plover: str | None
    date: ShownDate | None
    earliest: str | None
    status: str
    place: str | None
    place_label: str | None
    sources: list[Source] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    latest: str | None = None  # the last day the date may mean: the visual timeline draws month and year dates as spans

    @property
    def id(self) -> str:
        return self.iri[len(EVENT_PREFIX):] if self.iri.startswith(EVENT_PREFIX) else self.iri

    @property
    def planned(self) -> bool:
        return self.status == "planned"

    @property
    def summary(self) -> str:
        """One line: the first evidence sentence, shortened; the label when there is none."""
        quotes = [source.quote.exact for source in self.sources if source.quote]
        text = " ".join(quotes[0].split()) if quotes else self.label
        return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS - 1].rstrip() + "…"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(id=self.id, planned=self.planned, summary=self.summary)
        for source in data["sources"]:
            if source["quote"]:
                source["quote"]["exact"] = source["quote"]["before"] + source["quote"]["trigger"] \
                    + source["quote"]["after"]
        return data


def split_trigger(exact: str, trigger: str | None) -> tuple[str, str, str]:
    """(before, trigger, after): the first case-insensitive occurrence of the trigger in the sentence."""
    at = exact.lower().find(trigger.lower()) if trigger else -1
    if not trigger or at < 0:
        return exact, "", ""
    return exact[:at], exact[at:at + len(trigger)], exact[at + len(trigger):]


def value(row: Row, name: str) -> str | None:
    found = row.get(name)
    return found.value if found is not None else None


def batches(iris: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(iris), BATCH):
        yield iris[start:start + BATCH]


def select_for(store: KnowledgeStore, query: str, iris: list[str], variable: str = "event") -> list[Row]:
    rows: list[Row] = []
    for batch in batches(iris):
        _, found = store.select(with_values(named_query(query).sparql, variable, batch))
        rows.extend(found)
    return rows


def load_events(store: KnowledgeStore, iris: Iterable[str]) -> list[EventView]:
    """The events, in the order given (unknown IRIs are left out)."""
    ordered = list(dict.fromkeys(iris))
    if not ordered:
        return []
    events: dict[str, EventView] = {}
    for row in select_for(store, "event_summaries", ordered):
        event = events.get(row["event"].value) or events.setdefault(row["event"].value, new_event(row))
        add_source(event, row)
    for row in select_for(store, "event_participants", ordered):
        if row["event"].value in events:
            add_participant(events[row["event"].value], row)
    return [events[iri] for iri in ordered if iri in events]


def new_event(row: Row) -> EventView:
    date = row.get("date")
    shown = show_date(date.value, precision_of(date.datatype, value(row, "precision"))) if date else None
    type_iri = row["type"].value
    return EventView(row["event"].value, row["label"].value, local_name(type_iri),
                     value(row, "typeLabel") or local_name(type_iri).replace("_", " "),
                     value(row, "cameo"), value(row, "plover"), shown, value(row, "earliest"),
                     local_name(row["status"].value), value(row, "place"), value(row, "placeLabel"),
                     latest=value(row, "latest"))


def add_source(event: EventView, row: Row) -> None:
    article = row["article"].value
    if any(source.article == article for source in event.sources):
        return
    published = row.get("published")
    quote = None
    if "exact" in row:
        before, trigger, after = split_trigger(row["exact"].value, value(row, "trigger"))
        quote = Quote(before, trigger, after, value(row, "prefix") or "", value(row, "suffix") or "",
                      value(row, "kind") or "body")
    claimed = row.get("claimed")
    event.sources.append(Source(article, value(row, "title") or article, value(row, "outlet"), value(row, "url"),
                                show_date(published.value, precision_of(published.datatype)) if published else None,
                                quote,
                                show_date(claimed.value, precision_of(claimed.datatype, value(row, "claimedPrecision")))
                                if claimed else None,
                                value(row, "conflicting") == "true"))


def add_participant(event: EventView, row: Row) -> None:
    actor = row["actor"].value
    if any(p.actor == actor for p in event.participants):
        return
    role = value(row, "roleType")
    event.participants.append(Participant(actor, value(row, "name") or local_name(actor),
                                          local_name(role) if role else None, value(row, "office"),
                                          value(row, "country"), value(row, "countryName")))


def labels(store: KnowledgeStore, iris: Iterable[str]) -> dict[str, str]:
    """One name per IRI, where the KB has one."""
    wanted = [iri for iri in dict.fromkeys(iris) if iri.startswith(("http://", "https://"))]
    return {row["s"].value: row["label"].value for row in select_for(store, "labels", wanted, "s") if "label" in row}


# ---------------------------------------------------------------- an event's own triples


def node(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if term.kind == "iri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype) if term.datatype else None)


def event_graph(store: KnowledgeStore, iris: list[str]) -> list[ox.Triple]:
    """The events with their roles, evidence, place and source articles, each triple once."""
    triples = (ox.Triple(node(row["s"]), node(row["p"]), node(row["o"]))  # type: ignore[arg-type]
               for row in select_for(store, "event_triples", iris))
    return list(dict.fromkeys(triples))
