"""The timeline index: every merged event's date bounds, type, status, place and parties, loaded
from the store through one named query (kb/queries/timeline_index.rq) and kept in this process.

/timeline's filters become set intersections over it, and its result count, facet counts, paging
and month-by-type overview are counted in Python; only the events on the page are then read from
the store (kb.web.eventdata.load_events). Free text (`q`) is still a SPARQL filter.

The index belongs to the app and is rebuilt when the store changes: at once after the app's own
SPARQL updates (`invalidate`), and, for writers the app does not see (another process writing to a
remote store), when a check made at most every `KB_INDEX_TTL` seconds finds that the number of merged
events, of their reports or of articles has changed (three counts, ~0.1 s on 100,000 events, where the
quad count takes seconds). A change that keeps all three (a re-resolution that only moves a date) is
seen after the app's own update, or a restart. `generation` counts the app's own updates, for files
made from the store (the exports, kb.web.export).
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain

from flask import current_app

from kb.queries import named_query
from kb.settings import Settings
from kb.store import KnowledgeStore, Row

EXTENSION = "kb_timeline_index"
ENABLED = "KB_TIMELINE_INDEX"  # app.config flag; False serves every page from SPARQL alone (benchmarks)
_LOCK = threading.Lock()
GENERATION = "kb_generation"
WRITING = "kb_writing"
_COUNTING = threading.Lock()  # not _LOCK: an index build holds that for seconds
# An article with no events changes neither of the first two counts.
MARKER_QUERY = """SELECT ?events ?reports ?articles WHERE {
  { SELECT (COUNT(*) AS ?events) WHERE { GRAPH ?g { ?e a sem:Event } } }
  { SELECT (COUNT(*) AS ?reports) WHERE { GRAPH ?g { ?e ekb:hasReport ?r } } }
  { SELECT (COUNT(*) AS ?articles) WHERE { GRAPH ?g { ?a a ekb:Article } } }
}"""
Positions = frozenset[int]
NONE: Positions = frozenset()


@dataclass
class Entry:
    """One event as the index query gives it (several rows of one event are merged)."""

    iri: str
    earliest: str | None
    latest: str | None
    type: str
    status: str
    places: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)


class TimelineIndex:
    """Events at positions 0..n-1 in timeline order: dated ones by (earliest, IRI), undated last."""

    def __init__(self, entries: Iterable[Entry], marker: tuple[str, ...] = ()) -> None:
        ordered = sorted(entries, key=lambda e: (e.earliest is None, e.earliest or "", e.iri))
        self.marker = marker
        self.checked = time.monotonic()
        self.iris = [entry.iri for entry in ordered]
        self.position = {iri: at for at, iri in enumerate(self.iris)}
        self.earliest = [entry.earliest for entry in ordered]
        self.latest = [entry.latest for entry in ordered]
        self.types = [entry.type for entry in ordered]
        self.statuses = [entry.status for entry in ordered]
        self.places = [tuple(sorted(entry.places)) for entry in ordered]
        self.actors = [tuple(sorted(entry.actors)) for entry in ordered]
        self.countries = [tuple(sorted(entry.countries)) for entry in ordered]
        self.days = [entry.earliest for entry in ordered if entry.earliest is not None]  # a prefix of the order
        self.months = [(entry.earliest[:7], local(entry.type)) if entry.earliest else None for entry in ordered]
        self.by_type = grouped((entry.type,) for entry in ordered)
        self.by_status = grouped((entry.status,) for entry in ordered)
        self.by_place = grouped(entry.places for entry in ordered)
        self.by_actor = grouped(self.actors)
        # An event "of a country": one of its actors is the country, or represents it.
        self.by_party = grouped(entry.actors | entry.countries for entry in ordered)
        self.labels: dict[str, str] = {}  # names of facet values, filled as pages ask for them
        self.country_iris: dict[str, str] = {}  # ISO3 -> IRI, likewise
        self.views: dict[str, object] = {}  # /timeline's counts per filter set, most recently used last

    def __len__(self) -> int:
        return len(self.iris)

    def entries(self) -> Iterator[Entry]:
        for at, iri in enumerate(self.iris):
            yield Entry(iri, self.earliest[at], self.latest[at], self.types[at], self.statuses[at],
                        set(self.places[at]), set(self.actors[at]), set(self.countries[at]))

    def with_events(self, changed: set[str], fresh: Iterable[Entry], marker: tuple[str, ...]) -> TimelineIndex:
        """This index with the `changed` events replaced by `fresh` (those still stored), names kept."""
        index = TimelineIndex(chain((e for e in self.entries() if e.iri not in changed), fresh), marker)
        index.labels, index.country_iris = self.labels, self.country_iris
        return index

    # ---------------------------------------------------------------- narrowing

    def everything(self) -> range:
        return range(len(self.iris))

    def type_is(self, iri: str) -> Positions:
        return self.by_type.get(iri, NONE)

    def status_is(self, iri: str) -> Positions:
        return self.by_status.get(iri, NONE)

    def place_is(self, iri: str) -> Positions:
        return self.by_place.get(iri, NONE)

    def actor_is(self, iri: str) -> Positions:
        return self.by_actor.get(iri, NONE)

    def party_is(self, iri: str) -> Positions:
        return self.by_party.get(iri, NONE)

    def ending_from(self, day: str, chosen: Iterable[int]) -> Positions:
        """The events among `chosen` whose last possible day is on or after `day` (ISO)."""
        latest = self.latest
        return frozenset(at for at in chosen if (last := latest[at]) is not None and last >= day)

    def starting_by(self, day: str) -> range:
        """Events whose first possible day is on or before `day`: a prefix of the order."""
        return range(bisect_right(self.days, day))

    # ---------------------------------------------------------------- counting

    def type_counts(self, chosen: Iterable[int]) -> Counter[str]:
        return Counter(map(self.types.__getitem__, chosen))

    def status_counts(self, chosen: Iterable[int]) -> Counter[str]:
        return Counter(map(self.statuses.__getitem__, chosen))

    def actor_counts(self, chosen: Iterable[int]) -> Counter[str]:
        return Counter(chain.from_iterable(map(self.actors.__getitem__, chosen)))

    def country_counts(self, chosen: Iterable[int]) -> Counter[str]:
        return Counter(chain.from_iterable(map(self.countries.__getitem__, chosen)))

    def month_counts(self, chosen: Iterable[int]) -> list[tuple[str, str, int]]:
        """(YYYY-MM, type local name, events) for the dated events among `chosen`."""
        counts = Counter(map(self.months.__getitem__, chosen))
        return [(key[0], key[1], count) for key, count in counts.items() if key is not None]

    def page(self, chosen: Iterable[int], limit: int, offset: int = 0) -> list[str]:
        """The IRIs of `chosen` in timeline order, `limit` from `offset`."""
        if isinstance(chosen, range):
            return self.iris[chosen.start + offset:min(chosen.stop, chosen.start + offset + limit)]
        return [self.iris[at] for at in sorted(chosen)[offset:offset + limit]]


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def grouped(values: Iterable[Iterable[str]]) -> dict[str, Positions]:
    """value -> the positions whose values include it."""
    found: dict[str, list[int]] = {}
    for at, these in enumerate(values):
        for value in these:
            found.setdefault(value, []).append(at)
    return {value: frozenset(positions) for value, positions in found.items()}


def intersect(sets: list[Positions | range], size: int) -> Positions | range:
    """The positions in every one of `sets` (all positions when there are none)."""
    if not sets:
        return range(size)
    sets = sorted(sets, key=len)
    result = frozenset(sets[0])
    for other in sets[1:]:
        result = result.intersection(other)
    return result


# ---------------------------------------------------------------- loading


def entries(rows: Iterable[Row]) -> Iterator[Entry]:
    """Rows of the index query as entries, one per event (its rows come in any order)."""
    seen: dict[str, Entry] = {}
    parties: list[tuple[str, str, str]] = []  # (event, "actor" or "country", IRI)
    for row in rows:
        iri = row["event"].value
        if "type" not in row:
            parties.extend((iri, name, row[name].value) for name in ("actor", "country") if name in row)
            continue
        earliest, latest = value(row, "earliest"), value(row, "latest")
        entry = seen.get(iri)
        if entry is None:
            entry = seen[iri] = Entry(iri, earliest, latest, row["type"].value, row["status"].value)
        elif earliest is not None and (entry.earliest is None or earliest < entry.earliest):
            entry.earliest, entry.latest = earliest, latest
        if "place" in row:
            entry.places.add(row["place"].value)
    for iri, name, party in parties:
        if iri in seen:
            (seen[iri].actors if name == "actor" else seen[iri].countries).add(party)
    return iter(seen.values())


def value(row: Row, name: str) -> str | None:
    found = row.get(name)
    return found.value if found is not None else None


def store_marker(store: KnowledgeStore) -> tuple[str, ...]:
    """Cheap counts that change when events, reports or articles are added or removed."""
    _, rows = store.select(MARKER_QUERY)
    return tuple(term.value for row in rows for term in row.values())


def load_index(store: KnowledgeStore) -> TimelineIndex:
    marker = store_marker(store)
    _, rows = store.select(named_query("timeline_index").sparql)
    return TimelineIndex(entries(rows), marker)


# The index query's rows for chosen events, one query per kind of row: with the events in VALUES, the
# named query (UNION branches, OPTIONAL places) still read every event of the store (1 s per 100 events).
EVENT_ROWS = (
    """SELECT DISTINCT ?event ?earliest ?latest ?type ?status WHERE { VALUES ?event { %s }
  GRAPH ?g { ?event a sem:Event ; sem:eventType ?type ; ekb:status ?status ; rdfs:label ?label .
    OPTIONAL { ?event sem:hasEarliestBeginTimeStamp ?earliest ; sem:hasLatestEndTimeStamp ?latest } } }""",
    """SELECT DISTINCT ?event ?type ?status ?place WHERE { VALUES ?event { %s }
  GRAPH ?g { ?event sem:eventType ?type ; ekb:status ?status ; rdfs:label ?label ; sem:hasPlace ?place } }""",
    """SELECT DISTINCT ?event ?actor WHERE { VALUES ?event { %s }
  GRAPH ?g { ?event a sem:Event ; sem:hasActor/rdf:value ?actor } }""",
    """SELECT DISTINCT ?event ?country WHERE { VALUES ?event { %s }
  GRAPH ?g { ?event a sem:Event ; sem:hasActor/ekb:country ?country } }""",
)
EVENTS_PER_QUERY = 100


def event_rows(store: KnowledgeStore, iris: list[str]) -> Iterator[Row]:
    """What the index query gives for the events `iris` (none for those not stored)."""
    for start in range(0, len(iris), EVENTS_PER_QUERY):
        chosen = " ".join(f"<{iri}>" for iri in iris[start:start + EVENTS_PER_QUERY])
        for query in EVENT_ROWS:
            yield from store.select(query % chosen)[1]


# ---------------------------------------------------------------- the app's index


def enabled() -> bool:
    return bool(current_app.config.get(ENABLED, True))


def current_index(store: KnowledgeStore) -> TimelineIndex:
    """The app's index, built on first use and rebuilt when the store has changed (see the module doc)."""
    index: TimelineIndex | None = current_app.extensions.get(EXTENSION)
    if index is not None and fresh(index, store):
        return index
    with _LOCK:
        latest: TimelineIndex | None = current_app.extensions.get(EXTENSION)
        if latest is not None and latest is not index:
            return latest  # another request rebuilt it meanwhile
        index = load_index(store)
        current_app.extensions[EXTENSION] = index
        return index


def fresh(index: TimelineIndex, store: KnowledgeStore) -> bool:
    settings: Settings = current_app.config["KB_SETTINGS"]
    ttl = float(settings.index_ttl)
    if time.monotonic() - index.checked < ttl or current_app.extensions.get(WRITING):
        return True  # during the app's own write the counts move, and `update` follows it
    if store_marker(store) != index.marker:
        return False
    index.checked = time.monotonic()
    return True


@contextmanager
def writing() -> Iterator[None]:
    """Around the app's own writes (one at a time): the index is not rebuilt for the counts they move
    meanwhile, since `update` or `invalidate` follows each."""
    current_app.extensions[WRITING] = True
    try:
        yield
    finally:
        current_app.extensions[WRITING] = False


def update(store: KnowledgeStore, changed: set[str]) -> None:
    """After the app's own write whose merged events `changed` are known: the index with just those read
    again (a full rebuild reads every event: minutes at 100,000 articles, while pages wait), and the
    write counted. Pages keep the old index until the new one is in place."""
    count_write()
    with _LOCK:
        index: TimelineIndex | None = current_app.extensions.get(EXTENSION)
        if index is not None:
            fresh = entries(event_rows(store, sorted(changed)))
            current_app.extensions[EXTENSION] = index.with_events(changed, fresh, store_marker(store))


def invalidate() -> None:
    """Drop the app's index (after the app changed the store); the next page builds it again. And
    count the change (`generation`)."""
    count_write()
    current_app.extensions.pop(EXTENSION, None)


def count_write() -> None:
    with _COUNTING:
        current_app.extensions[GENERATION] = generation() + 1


def generation() -> int:
    """How many times the app has changed the store since it started."""
    return int(current_app.extensions.get(GENERATION, 0))
