"""/timeline: chronological list, dates at their precision, filters with facet counts, paging, exports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from web_kb import SEED_SIGNING, build_store

from kb.settings import load_settings
from kb.web import create_app, shutdown
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
    page = client.get("/timeline", query_string={"type": "signing"}).get_data(as_text=True)
    assert f'id="e-{SEED_SIGNING}"' in page
    assert '<time datetime="2025-06">June 2025</time>' in page
    assert "1 June 2025" not in page


def test_events_come_in_date_order_grouped_by_year_and_month(client: FlaskClient) -> None:
    events = data(client, limit=1000)["events"]
    earliest = [event["earliest"] for event in events if event["earliest"]]
    assert earliest == sorted(earliest) and len(earliest) > 50
    page = client.get("/timeline").get_data(as_text=True)
    assert '<h2 class="year">' in page and '<h3 class="month">' in page


def test_facet_counts_add_up_and_filters_narrow(client: FlaskClient) -> None:
    everything = data(client)
    total = everything["total"]
    assert total > 90
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
    assert answer["total"] > 90  # the bad actor and type were dropped, and q had no words left
    assert len(answer["problems"]) == 3
    assert data(client, q="alert")["total"] == 1  # the hostile article's sentence, found as text


def test_the_overview_is_an_accessible_svg(client: FlaskClient) -> None:
    page = client.get("/timeline").get_data(as_text=True)
    assert '<svg role="img" aria-labelledby="overview-title overview-desc"' in page
    assert '<title id="overview-title">' in page and "The counts as a table" in page
    overview = data(client)["overview"]
    assert sum(sum(by_type.values()) for by_type in overview["counts"].values()) > 90
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
