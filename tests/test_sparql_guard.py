"""The guard refuses SERVICE, LOAD, updates and foreign FROM before anything runs."""

from __future__ import annotations

import pytest
from rdflib.plugins.sparql.parser import parseQuery

from kb.sparql.guard import Refused, check_query, check_update

KB_GRAPH = "https://w3id.org/eventkb/id/graph/dev_001"


def known(iri: str) -> bool:
    return iri == KB_GRAPH


def refusal(query: str) -> Refused:
    with pytest.raises(Refused) as caught:
        check_query(query, known)
    return caught.value


HOSTILE = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * { service silent <http://example.org/> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "BASE <file:///etc/> SELECT * FROM <passwd> WHERE { ?s ?p ?o }",
    "PREFIX f: <file:///etc/> SELECT * FROM NAMED f:passwd WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * FROM <https://w3id.org/eventkb/id/graph/not-stored> WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_refused_with_400_and_a_reason(query: str) -> None:
    refused = refusal(query)
    assert refused.status == 400
    assert "SERVICE" in refused.reason or "graphs this knowledge base holds" in refused.reason


@pytest.mark.parametrize("query", HOSTILE[:2] + HOSTILE[3:])
def test_the_guard_agrees_with_rdflibs_parser_on_what_hostile_queries_contain(query: str) -> None:
    tree = str(parseQuery(query))
    assert "ServiceGraphPattern" in tree or "DatasetClause" in tree


def test_keywords_inside_strings_comments_iris_and_prefixed_names_are_not_keywords() -> None:
    query = """PREFIX service: <https://example.org/load#>
    SELECT ?s WHERE {  # SERVICE <http://127.0.0.1:9/> and LOAD in a comment
      ?s service:LOAD "SERVICE <http://x/>", '''FROM <file:///etc/passwd>''' ;
         <https://example.org/SERVICE> ?o .
    }"""
    assert check_query(query, known).form == "SELECT"


def test_updates_and_load_are_refused_on_the_query_path() -> None:
    assert refusal("INSERT DATA { <a:b> <a:c> <a:d> }").status == 403
    assert refusal("DROP ALL").status == 403
    load = refusal("LOAD <file:///etc/passwd>")
    assert load.status == 400 and "LOAD" in load.reason


def test_an_enabled_update_still_may_not_load_or_use_services() -> None:
    check_update("INSERT DATA { GRAPH <https://w3id.org/eventkb/id/graph/x> { <a:b> <a:c> <a:d> } }", known)
    with pytest.raises(Refused):
        check_update("LOAD <http://127.0.0.1:9/data.ttl>", known)
    with pytest.raises(Refused):
        check_update("DELETE WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", known)


def test_the_kbs_own_graphs_may_be_named_in_from() -> None:
    checked = check_query(f"SELECT * FROM <{KB_GRAPH}> FROM NAMED kbid:graph\\/dev_001 {{ ?s ?p ?o }}", known)
    assert checked.from_graphs == [KB_GRAPH] and checked.from_named == [KB_GRAPH]


def test_unreadable_text_is_refused_with_line_and_column() -> None:
    refused = refusal("SELECT * WHERE {\n  ?s ?p ` }")
    assert refused.status == 400 and "line 2, column 9" in refused.reason
