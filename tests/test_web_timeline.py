"""/timeline: chronological list, dates at their precision, filters with facet counts, paging, exports."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from web_kb import REPORT, SEED_EVENTS, SEED_REPORTS, build_store

from kb.settings import load_settings
from kb.web import create_app, get_store, shutdown
from kb.web.dates import show_date

SEM_EVENT = URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")


@pytest.fixture(scope="module")
def kb_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("timeline"))


@pytest.fixture
def client(kb_dir: str) -> Iterator[FlaskClient]:
    app = create_app(load_settings({"store": kb_dir}))
    yield app.test_client()
    shutdown(app)


def data(client: FlaskClient, **args: Any) -> dict[str, Any]:
    response = client.get("/timeline.json", query_string=args)
    assert response.status_code == 200
    return dict(response.get_json())


def test_dates_are_shown_at_their_precision() -> None:
    assert show_date("2025-08-12", "day").label == "12 August 2025"
    assert (show_date("2024-06", "month").label, show_date("2024-06", "month").datetime) == ("June 2024", "2024-06")
    assert show_date("2024-06-01", "month").label == "June 2024"
    assert show_date("2024", "year").label == "2024"


def test_a_month_precision_event_shows_as_its_month_never_the_first(client: FlaskClient) -> None:
    month = next(e for e in data(client, limit=1000)["events"] if e["date"] and e["date"]["precision"] == "month")
    page = client.get("/timeline", query_string={"type": month["type"], "from": month["date"]["datetime"],
                                                 "to": month["date"]["datetime"]}).get_data(as_text=True)
    label = month["date"]["label"]  # "June 2019"
    assert f'id="e-{month["id"]}"' in page and f'<time datetime="{month["date"]["datetime"]}">{label}</time>' in page
    assert f"1 {label}" not in page


def test_the_seed_caption_joins_the_known_june_2024_signing(client: FlaskClient) -> None:
    page = client.get("/timeline", query_string={"type": "signing"}).get_data(as_text=True)
    assert f'id="e-{SEED_EVENTS["signing"]}"' in page and "June 2025" not in page
    event = client.get(f"/events/{SEED_EVENTS['signing']}.json").get_json()
    assert event["date"]["datetime"].startswith("2024-06")


def test_events_come_in_date_order_grouped_by_year_and_month(client: FlaskClient) -> None:
    events = data(client, limit=1000)["events"]
    earliest = [event["earliest"] for event in events if event["earliest"]]
    assert earliest == sorted(earliest) and len(earliest) > 50
    page = client.get("/timeline").get_data(as_text=True)
    assert '<h2 class="year">' in page and '<h3 class="month">' in page


def test_facet_counts_add_up_and_filters_narrow(client: FlaskClient) -> None:
    everything = data(client)
    total = everything["total"]
    assert total > 50
    for kind in ("type", "status"):
        assert sum(facet["count"] for facet in everything["facets"][kind]) == total
    for facet in everything["facets"]["type"]:
        narrowed = data(client, type=facet["value"])
        assert narrowed["total"] == facet["count"] < total
        assert {event["type"] for event in narrowed["events"]} == {facet["value"]}
    putin = next(f for f in everything["facets"]["actor"] if f["value"].endswith("/Q7747"))
    assert putin["label"] == "Vladimir Putin"
    assert data(client, actor="wd:Q7747")["total"] == putin["count"]


def test_country_by_iso3_or_iri_and_free_text(client: FlaskClient) -> None:
    by_code = data(client, country="RUS")
    by_iri = data(client, country="http://www.wikidata.org/entity/Q159")
    assert by_code["total"] == by_iri["total"] > 0
    calls = data(client, q="phone talks", limit=1000)
    assert calls["total"] > 0 and all("phone" in json.dumps(event).lower() for event in calls["events"])


def test_a_date_range_keeps_events_whose_dates_overlap_it(client: FlaskClient) -> None:
    june = data(client, **{"from": "2025-06", "to": "2025-06"}, limit=1000)
    assert june["total"] > 0
    assert all(event["date"]["datetime"].startswith("2025-06") for event in june["events"])


def test_planned_events_are_marked(client: FlaskClient) -> None:
    planned = data(client, status="planned")
    assert planned["total"] > 0 and all(event["planned"] for event in planned["events"])
    page = client.get("/timeline", query_string={"status": "planned"}).get_data(as_text=True)
    assert page.count('class="badge-planned"') == planned["total"]


def test_the_clear_link_and_the_result_count(client: FlaskClient) -> None:
    page = client.get("/timeline", query_string={"type": "visit"}).get_data(as_text=True)
    count = data(client, type="visit")["total"]
    assert f"{count} events match these filters" in page
    assert '<a href="/timeline" id="clear-filters">' in page
    assert 'id="clear-filters"' not in client.get("/timeline").get_data(as_text=True)


def test_pages_cover_every_event_once(client: FlaskClient) -> None:
    first = data(client, limit=40)
    assert first["pages"] == -(-first["total"] // 40) and first["next"]
    seen = [event["iri"] for page in range(1, first["pages"] + 1)
            for event in data(client, limit=40, page=page)["events"]]
    assert len(seen) == len(set(seen)) == first["total"]
    html = client.get("/timeline", query_string={"limit": 40, "page": 2}).get_data(as_text=True)
    assert 'rel="prev"' in html and "Page 2 of" in html


def test_hostile_values_are_refused_or_escaped_never_pasted(client: FlaskClient) -> None:
    answer = data(client, actor="javascript:alert(1)", type="x} . ?s ?p ?o {", q='"}) }')
    assert answer["total"] > 50  # the bad actor and type were dropped, and q had no words left
    assert len(answer["problems"]) == 3
    assert data(client, q="alert")["total"] == 1  # the hostile article's sentence, found as text


def test_the_overview_is_an_accessible_svg(client: FlaskClient) -> None:
    page = client.get("/timeline").get_data(as_text=True)
    assert '<svg role="img" aria-labelledby="overview-title overview-desc"' in page
    assert '<title id="overview-title">' in page and "The counts as a table" in page
    overview = data(client)["overview"]
    assert sum(sum(by_type.values()) for by_type in overview["counts"].values()) > 50
    assert set(overview["counts"]) <= set(overview["months"])  # no month is cut off the chart


def test_filtered_exports_parse(client: FlaskClient) -> None:
    total = data(client, type="visit")["total"]
    rows = list(csv.DictReader(io.StringIO(client.get("/timeline.csv?type=visit").get_data(as_text=True))))
    assert len(rows) == total and {row["type"] for row in rows} == {"visit"}
    for ext, fmt in (("ttl", "turtle"), ("jsonld", "json-ld")):
        response = client.get(f"/timeline.{ext}?type=visit")
        graph = Graph().parse(data=response.get_data(), format=fmt)
        assert len(set(graph.subjects(RDF.type, SEM_EVENT))) == total
    assert client.get("/timeline.xml").status_code == 404


# ---------------------------------------------------------------- the timeline index

INDEX_VIEWS = [{}, {"type": "meeting"}, {"actor": "wd:Q7747"}, {"country": "RUS"}, {"country": "PRK", "type": "visit"},
               {"status": "planned"}, {"from": "2025-06", "to": "2025-08"}, {"to": "2024"}, {"q": "phone talks"},
               {"place": "https://w3id.org/eventkb/id/place/washington"}, {"limit": 7, "page": 3}]
NEW_EVENT = "https://w3id.org/eventkb/id/event/test-index"
NEW_GRAPH = "https://w3id.org/eventkb/id/graph/event/test-index"
INSERT_EVENT = f"""PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX ekb: <https://w3id.org/eventkb/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT DATA {{ GRAPH <{NEW_GRAPH}> {{
  <{NEW_EVENT}> a sem:Event ; rdfs:label "Meeting: index test" ; sem:eventType ekb:meeting ;
    ekb:status ekb:occurred ; sem:hasEarliestBeginTimeStamp "2031-01-02"^^xsd:date ;
    sem:hasLatestEndTimeStamp "2031-01-02"^^xsd:date ; sem:hasActor <{NEW_EVENT}/role/putin> ;
    ekb:hasReport <{REPORT}{SEED_REPORTS["call"]}> .
  <{NEW_EVENT}/role/putin> rdf:value <http://www.wikidata.org/entity/Q7747> .
}} }}"""


def sparql_total(client: FlaskClient, where: str) -> int:
    query = f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e a sem:Event ; ekb:status ?s . {where} }} }}"
    response = client.get("/sparql", query_string={"query": query},
                          headers={"Accept": "application/sparql-results+json"})
    return int(response.get_json()["results"]["bindings"][0]["n"]["value"])


def test_index_counts_agree_with_plain_sparql(client: FlaskClient) -> None:
    assert data(client)["total"] == sparql_total(client, "")
    assert data(client, type="meeting")["total"] == sparql_total(client, "?e sem:eventType ekb:meeting .")
    assert data(client, actor="wd:Q7747")["total"] == sparql_total(client, "?e sem:hasActor/rdf:value wd:Q7747 .")
    assert data(client, status="planned")["total"] == sparql_total(client, "?e ekb:status ekb:planned .")
    facets = data(client)["facets"]
    for facet in facets["country"]:
        where = f"?e sem:hasActor/ekb:country <{facet['value']}> ."
        assert facet["count"] == sparql_total(client, where), facet
    for facet in facets["actor"]:
        assert facet["count"] == sparql_total(client, f"?e sem:hasActor/rdf:value <{facet['value']}> ."), facet


@pytest.mark.parametrize("args", INDEX_VIEWS)
def test_the_index_gives_what_the_sparql_only_path_gives(client: FlaskClient, args: dict[str, Any]) -> None:
    """Events, order, paging, facets and the overview, with the index and with a query for each."""
    with_index = data(client, **args)
    client.application.config["KB_TIMELINE_INDEX"] = False
    try:
        assert data(client, **args) == with_index
        page = client.get("/timeline", query_string=args).get_data(as_text=True)
    finally:
        client.application.config["KB_TIMELINE_INDEX"] = True
    assert client.get("/timeline", query_string=args).get_data(as_text=True) == page


def test_the_index_is_rebuilt_after_an_update_through_the_endpoint(kb_dir: str, tmp_path: Path) -> None:
    copy = str(tmp_path / "store")
    shutil.copytree(kb_dir, copy)
    app = create_app(load_settings({"store": copy, "update_token": "index-test", "index_ttl": 3600}))
    client, token = app.test_client(), {"Authorization": "Bearer index-test"}
    try:
        before = data(client, actor="wd:Q7747")
        assert NEW_EVENT not in {event["iri"] for event in before["events"]}
        assert client.post("/sparql", data={"update": INSERT_EVENT}, headers=token).status_code == 204
        after = data(client, actor="wd:Q7747", limit=1000)
        assert after["total"] == before["total"] + 1 and after["events"][-1]["iri"] == NEW_EVENT
        assert data(client, **{"from": "2031"})["total"] == 1
        drop = client.post("/sparql", data={"update": f"DROP GRAPH <{NEW_GRAPH}>"}, headers=token)
        assert drop.status_code == 204 and data(client, actor="wd:Q7747")["total"] == before["total"]
    finally:
        shutdown(app)


def test_a_write_the_app_did_not_make_is_noticed_after_the_ttl(kb_dir: str, tmp_path: Path) -> None:
    copy = str(tmp_path / "store")
    shutil.copytree(kb_dir, copy)
    app = create_app(load_settings({"store": copy, "index_ttl": 0}))
    client = app.test_client()
    try:
        total = data(client)["total"]
        with app.app_context():
            get_store().update(INSERT_EVENT)  # type: ignore[attr-defined]  # as another writer would
        assert data(client)["total"] == total + 1
    finally:
        shutdown(app)
