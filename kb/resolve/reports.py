"""Reports as `Report` records: read back from the stored article graphs for chosen blocks, or built
from an article's events the way its graph states them.

One query (`resolution_reports`) returns the triples that describe the reports; they are put
together here, so the engine only follows links from each report instead of joining columns.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kb import rdf
from kb.gazetteer import Gazetteer
from kb.queries import named_query
from kb.rdf import KIND_OF_CLASS, PRECISION_OF_UNIT, slug
from kb.records import Article, Event, Participant, TimeValue
from kb.resolve.cluster import Party, Report
from kb.store import KnowledgeStore
from kb.vocab import EKB, SEM, local_name

Described = dict[str, dict[str, list[str]]]  # subject -> predicate -> objects (values)
BLOCKS_LINE = re.compile(r"VALUES \?block \{[^}\n]*\}")


def sparql_literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def values(variable: str, items: Iterable[str]) -> str:
    """`VALUES ?variable { "a" "b" }` for string values."""
    return f"VALUES ?{variable} {{ {' '.join(sparql_literal(i) for i in items)} }}"


def load_reports(store: KnowledgeStore, blocks: list[str]) -> dict[str, list[Report]]:
    """The stored reports of `blocks`, by block."""
    if not blocks:
        return {}
    chosen = values("block", blocks)
    query = BLOCKS_LINE.sub(lambda _: chosen, named_query("resolution_reports").sparql, count=1)
    described: Described = defaultdict(lambda: defaultdict(list))
    for subject, predicate, value in store.select_values(query):
        if subject and predicate and value is not None:
            described[subject][predicate].append(value)
    by_block: dict[str, list[Report]] = {}
    report_class = str(EKB.EventReport)
    for subject, facts in described.items():
        if report_class in facts.get(str(RDF.type), ()):
            report = report_of(subject, described)
            by_block.setdefault(report.block, []).append(report)
    return by_block


def first(facts: dict[str, list[str]], predicate: object) -> str | None:
    found = facts.get(str(predicate))
    return found[0] if found else None


def report_of(iri: str, described: Described) -> Report:
    facts = described[iri]
    article = first(facts, PROV.wasDerivedFrom) or ""
    published = first(described.get(article, {}), DCTERMS.issued)
    place = first(facts, SEM.hasPlace)
    parties = [party_of(role, described) for role in sorted(set(facts.get(str(SEM.hasActor), [])))]
    return Report(
        iri=iri, article=article, source=first(described.get(article, {}), EKB.sourceFile) or "",
        published=date.fromisoformat(published) if published else None,
        type=local_name(first(facts, SEM.eventType) or ""), status=local_name(first(facts, EKB.status) or ""),
        date=time_of(facts), place=place, place_name=first(described.get(place, {}), RDFS.label) if place else None,
        parties=tuple(sorted({p.actor: p for p in parties}.values(), key=lambda p: p.actor)),
        block=first(facts, EKB.blockKey) or "", agreement=first(facts, EKB.agreementName),
    )


def party_of(role: str, described: Described) -> Party:
    facts = described[role]
    actor = first(facts, RDF.value) or role
    about = described.get(actor, {})
    kinds = [KIND_OF_CLASS[t] for t in about.get(str(RDF.type), []) if t in KIND_OF_CLASS]
    return Party(actor, first(about, RDFS.label) or local_name(actor), kinds[0] if kinds else "person",
                 first(facts, EKB.country), local_name(first(facts, SEM.roleType) or "participant"),
                 first(facts, EKB.office))


def time_of(facts: dict[str, list[str]]) -> TimeValue | None:
    value, precision = first(facts, SEM.hasTimeStamp), first(facts, EKB.datePrecision)
    earliest, latest = first(facts, SEM.hasEarliestBeginTimeStamp), first(facts, SEM.hasLatestEndTimeStamp)
    if not (value and precision and earliest and latest):
        return None
    return TimeValue(value, PRECISION_OF_UNIT[precision], date.fromisoformat(earliest), date.fromisoformat(latest),
                     year_stated=first(facts, EKB.yearStated) not in ("false", "0"))


def reports_of_article(article: Article, events: list[Event], gazetteer: Gazetteer) -> list[Report]:
    """The reports an article's graph holds, built from its events rather than read back: what
    `load_reports` would find for it once it is stored (ingest hands them to resolution directly)."""
    article_node = str(rdf.article_iri(article.id))
    reports = []
    for node, event in zip(rdf.report_iris(events), events, strict=True):
        place = str(rdf.place_iri(event.place)) if event.place else None
        # As read back: one party per actor (the last by role IRI), in actor order.
        roles = sorted(((slug(p.actor_id or p.name), party_of_participant(p, gazetteer)) for p in event.participants),
                       key=lambda pair: pair[0])
        parties = {party.actor: party for _, party in roles}
        reports.append(Report(
            iri=str(node), article=article_node, source=article.source, published=article.published,
            type=event.type, status=event.status, date=event.date, place=place,
            place_name=event.place.name if event.place else None,
            parties=tuple(sorted(parties.values(), key=lambda p: p.actor)),
            block=rdf.report_block(event), agreement=event.agreement,
        ))
    return reports


def party_of_participant(participant: Participant, gazetteer: Gazetteer) -> Party:
    country = str(rdf.country_iri(participant.country, gazetteer)) if participant.country else None
    return Party(str(rdf.actor_iri(participant, gazetteer)), participant.name, participant.kind, country,
                 participant.role, participant.office)
