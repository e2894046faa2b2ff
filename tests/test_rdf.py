"""Records -> triples: the seed's golden graph, determinism, dates at their precision, IRIs.

To accept a deliberate change of the seed's graph, regenerate the golden file and review its diff:
`KB_WRITE_GOLDEN=1 .venv/bin/pytest tests/test_rdf.py`.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from conftest import SEED
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import XSD

from kb import rdf
from kb.articles import parse_text
from kb.extract import extract
from kb.gazetteer import load_gazetteer
from kb.records import Block, Event, Evidence, Participant, TimeValue
from kb.validate import validate_graph
from kb.vocab import EKB, ID, SEM, WD

GOLDEN = Path(__file__).parent / "golden" / "seed.ttl"


def seed_graph() -> Graph:
    article = parse_text(SEED.read_text(encoding="utf-8"), SEED.name)
    gazetteer = load_gazetteer()
    return rdf.article_graph(article, extract(article, gazetteer), gazetteer)


def readable_diff(expected: Graph, actual: Graph) -> str:
    _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"- {s.n3()} {p.n3()} {o.n3()}" for s, p, o in sorted(missing)]
    lines += [f"+ {s.n3()} {p.n3()} {o.n3()}" for s, p, o in sorted(extra)]
    return "\n".join(lines)


def test_the_seed_graph_matches_the_golden_graph() -> None:
    actual = seed_graph()
    if os.environ.get("KB_WRITE_GOLDEN"):
        GOLDEN.write_text(actual.serialize(format="turtle"), encoding="utf-8")
    expected = Graph().parse(GOLDEN, format="turtle")
    diff = readable_diff(expected, actual)
    assert not diff, "seed graph differs from tests/golden/seed.ttl (- expected, + actual):\n" + diff


def test_the_seed_graph_conforms_to_the_shapes() -> None:
    result = validate_graph(seed_graph())
    assert result.conforms, result.report


def test_the_same_article_gives_the_same_triples_without_blank_nodes() -> None:
    article = parse_text(SEED.read_text(encoding="utf-8"), SEED.name)
    gazetteer = load_gazetteer()
    first, second = (rdf.article_triples(article, extract(article, gazetteer), gazetteer) for _ in range(2))
    assert first.ntriples() == second.ntriples()
    assert "_:" not in first.ntriples()


def test_n_triples_escape_quotes_newlines_and_backslashes() -> None:
    graph = rdf.Triples()
    tricky = 'He said "yes"\nthen \\ left'
    graph.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal(tricky)))
    parsed = Graph().parse(data=graph.ntriples(), format="nt")
    assert str(next(parsed.objects())) == tricky


def test_the_seed_call_has_both_leaders_by_wikidata_iri() -> None:
    graph = seed_graph()
    calls = list(graph.subjects(SEM.eventType, EKB.phone_call))
    assert len(calls) == 1
    actors = {graph.value(role, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#value"))
              for role in graph.objects(calls[0], SEM.hasActor)}
    assert actors == {WD.Q56226, WD.Q7747}
    assert graph.value(calls[0], SEM.hasTimeStamp) == Literal("2025-08-12", datatype=XSD.date)


def month_event() -> Event:
    evidence = Evidence(quote="They signed a treaty in June.", start=0, end=29, block="body", trigger="signed")
    people = [Participant("Ana Example", "person", "ESP", role="signatory"),
              Participant("Portugal", "country", "PRT", actor_id="PRT", role="signatory")]
    when = TimeValue("2024-06", "month", date(2024, 6, 1), date(2024, 6, 30))
    return Event("signing", "occurred", people, evidence, "a1", date=when)


def test_a_month_precision_date_is_a_gyearmonth_with_day_bounds() -> None:
    from kb.records import Article

    text = "They signed a treaty in June."
    article = Article(id="a1", source="a1.txt", title="T", text=text, blocks=(Block("body", text, 0),))
    graph = rdf.article_graph(article, [month_event()], load_gazetteer())
    event = next(graph.subjects(SEM.eventType, EKB.signing))
    assert graph.value(event, SEM.hasTimeStamp) == Literal("2024-06", datatype=XSD.gYearMonth)
    assert graph.value(event, EKB.datePrecision) == URIRef("http://www.w3.org/2006/time#unitMonth")
    assert graph.value(event, SEM.hasEarliestBeginTimeStamp) == Literal(date(2024, 6, 1), datatype=XSD.date)
    assert graph.value(event, SEM.hasLatestEndTimeStamp) == Literal(date(2024, 6, 30), datatype=XSD.date)
    assert validate_graph(graph).conforms


def test_an_actor_missing_from_the_data_gets_a_minted_iri_from_name_and_country() -> None:
    gazetteer = load_gazetteer()
    person = Participant("Ana Example", "person", "ESP")
    assert rdf.actor_iri(person, gazetteer) == ID["actor/ana-example-esp"]
    assert rdf.actor_iri(Participant("Russia", "country", "RUS", actor_id="RUS"), gazetteer) == WD.Q159
