"""/events/<id> and /actors/<key>: evidence with the trigger marked, escaping, RDF twins and
content negotiation; the home page; and the whole site in a real browser."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, kb_serve
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from web_kb import SEED_EVENTS, build_store

from kb.settings import load_settings
from kb.web import create_app, shutdown
from kb.web.links import actor_iri, actor_key, kb_link

SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
PUTIN = "http://www.wikidata.org/entity/Q7747"


def seed_call() -> URIRef:
    return URIRef("https://w3id.org/eventkb/id/event/" + SEED_EVENTS["call"])


@pytest.fixture(scope="module")
def kb_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("events"))


@pytest.fixture
def client(kb_dir: str) -> Iterator[FlaskClient]:
    app = create_app(load_settings({"store": kb_dir}))
    yield app.test_client()
    shutdown(app)


def test_the_event_page_shows_type_participants_and_evidence(client: FlaskClient) -> None:
    page = client.get(f"/events/{SEED_EVENTS['call']}").get_data(as_text=True)
    assert "CAMEO 041" in page and "PLOVER CONSULT" in page
    assert '<time datetime="2025-08-12">12 August 2025</time>' in page
    assert "President of Russia" in page and 'href="/actors/wd:Q7747"' in page
    assert 'Kim and Putin held <mark class="trigger">phone talks</mark> the previous day' in page
    assert "Korea JoongAng Daily" in page and "13 August 2025" in page
    assert f'href="/events/{SEED_EVENTS["signing"]}"' in page  # another event between the same two leaders


def others_shown(client: FlaskClient, event_id: str) -> list[str]:
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    section = page.split("Other events between these actors")[1].split("<h2>")[0]
    return re.findall(r'<li class="event[^"]*" id="e-([^"]+)"', section)


def test_other_events_are_those_with_every_participant_and_agree_with_sparql(client: FlaskClient) -> None:
    call = client.get(f"/events/{SEED_EVENTS['call']}.json").get_json()
    actors = {p["actor"] for p in call["participants"]}
    shown = others_shown(client, SEED_EVENTS["call"])
    assert len(shown) >= 2 and SEED_EVENTS["call"] not in shown
    for other in shown:
        assert actors <= {p["actor"] for p in client.get(f"/events/{other}.json").get_json()["participants"]}
    client.application.config["KB_TIMELINE_INDEX"] = False
    try:
        assert set(others_shown(client, SEED_EVENTS["call"])) == set(shown)
    finally:
        client.application.config["KB_TIMELINE_INDEX"] = True


def test_article_text_is_escaped_on_event_pages(client: FlaskClient) -> None:
    hostile = client.get("/timeline.json", query_string={"q": "alert"}).get_json()["events"][0]
    page = client.get(f"/events/{hostile['id']}").get_data(as_text=True)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the title
    assert "held <mark class=\"trigger\">phone talks</mark> &lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_event_rdf_twins_and_content_negotiation(client: FlaskClient) -> None:
    turtle = client.get(f"/events/{SEED_EVENTS['call']}.ttl")
    graph = Graph().parse(data=turtle.get_data(), format="turtle")
    assert (seed_call(), RDF.type, URIRef(SEM + "Event")) in graph
    assert len(list(graph.objects(seed_call(), URIRef(SEM + "hasActor")))) == 2
    assert any("phone talks" in str(o) for o in graph.objects(None, URIRef("http://www.w3.org/ns/oa#exact")))
    negotiated = client.get(f"/events/{SEED_EVENTS['call']}", headers={"Accept": "text/turtle"})
    assert negotiated.mimetype == "text/turtle" and "Accept" in negotiated.headers["Vary"]
    jsonld = client.get(f"/events/{SEED_EVENTS['call']}", headers={"Accept": "application/ld+json"})
    assert (seed_call(), RDF.type, URIRef(SEM + "Event")) in Graph().parse(data=jsonld.get_data(), format="json-ld")
    browser = client.get(f"/events/{SEED_EVENTS['call']}",
                         headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.mimetype == "text/html"


def test_unknown_events_and_formats_are_404(client: FlaskClient) -> None:
    for url in ("/events/0000000000000000", "/events/nope.ttl", f"/events/{SEED_EVENTS['call']}.xml", "/events/%3Cx%3E",
                "/actors/wd:Q1", "/actors/wd:nonsense", "/actors/no-such-actor"):
        assert client.get(url).status_code == 404, url


def test_open_in_sparql_runs_the_named_query_on_the_event(client: FlaskClient) -> None:
    page = client.get(f"/events/{SEED_EVENTS['call']}").get_data(as_text=True)
    href = page.split('id="open-in-sparql"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert href.startswith("/query?query=")
    result = client.get(html.unescape(href)).get_data(as_text=True)
    assert 'class="results"' in result and SEED_EVENTS["call"] in result


def test_links_map_actor_iris_to_pages_and_back() -> None:
    assert kb_link(PUTIN) == "/actors/wd:Q7747" and actor_iri("wd:Q7747") == PUTIN
    minted = "https://w3id.org/eventkb/id/actor/yury-ushakov"
    assert actor_iri(actor_key(minted) or "") == minted
    country = "https://w3id.org/eventkb/id/country/PRK"
    assert kb_link(country) == "/actors/country:PRK" and actor_iri("country:PRK") == country
    assert kb_link("javascript:alert(1)") is None


def test_the_actor_page_lists_its_events_in_date_order(client: FlaskClient) -> None:
    page = client.get("/actors/wd:Q7747").get_data(as_text=True)
    assert "<h1>Vladimir Putin</h1>" in page
    shown = re.findall(r'<li class="event[^"]*" id="e-([^"]+)"', page)
    in_order = client.get("/timeline.json", query_string={"actor": "wd:Q7747", "limit": 1000}).get_json()["events"]
    assert len(shown) > 10 and shown == [e["id"] for e in in_order]
    graph = Graph().parse(data=client.get("/actors/wd:Q7747.ttl").get_data(), format="turtle")
    assert (URIRef(PUTIN), RDF.type, URIRef(SEM + "Actor")) in graph and seed_call() in set(graph.subjects())
    negotiated = client.get("/actors/wd:Q7747", headers={"Accept": "application/ld+json"})
    assert negotiated.mimetype == "application/ld+json"


def test_the_actor_page_is_paged_in_order_and_its_twin_follows_the_page(client: FlaskClient,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kb.web.actors.PAGE_SIZE", 4)
    in_order = client.get("/timeline.json", query_string={"actor": "wd:Q7747", "limit": 1000}).get_json()["events"]
    pages = (len(in_order) + 3) // 4
    seen: list[str] = []
    for number in range(1, pages + 1):
        page = client.get("/actors/wd:Q7747", query_string={"page": number}).get_data(as_text=True)
        assert f"Page {number} of {pages}" in page and f"{len(in_order)} events, oldest first" in page
        assert ('rel="next"' in page) == (number < pages) and ('rel="prev"' in page) == (number > 1)
        seen += re.findall(r'<li class="event[^"]*" id="e-([^"]+)"', page)
    assert seen == [e["id"] for e in in_order]
    second = Graph().parse(data=client.get("/actors/wd:Q7747.ttl?page=2").get_data(), format="turtle")
    subjects = {str(s) for s in second.subjects()}
    assert {e["iri"] for e in in_order[4:8]} <= subjects and not {e["iri"] for e in in_order[:4]} & subjects
    assert client.get("/actors/wd:Q7747", query_string={"page": pages + 1}).status_code == 404
    assert client.get("/actors/wd:Q7747", query_string={"page": "x"}).status_code == 400


def test_the_home_page_says_what_the_kb_holds(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "Events by year" in page and "<td>2025</td>" not in page and ">2025</a>" in page
    assert "Korea JoongAng Daily" in page and 'href="/timeline"' in page and 'href="/query"' in page
    assert "<script>" not in page
    twin = client.get("/index.json").get_json()
    # Events are merged over the articles reporting them: fewer than the reports, more than none.
    assert twin["years"]["2025"] > 0 and twin["sources"] and 0 < twin["stats"]["events"] < twin["stats"]["reports"]


# ---------------------------------------------------------------- a real browser

SCREENSHOTS = ROOT / "docs" / "screenshots"


def test_the_timeline_and_event_pages_work_in_a_real_browser(kb_dir: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed for this test (scripts/setup --test)"
    copy = str(tmp_path / "store")
    shutil.copytree(kb_dir, copy)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with kb_serve(copy) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base + "/")
            page.click("#to-timeline")
            everything = page.inner_text("#result-count")
            page.click("#facet-type >> text=signing")
            page.wait_for_selector("#clear-filters")
            assert "match these filters" in page.inner_text("#result-count")
            assert page.locator("li.event .event-type").all_inner_texts() == \
                ["signing"] * page.locator("li.event").count()
            page.click("#clear-filters")
            page.wait_for_selector("#result-count")
            assert page.inner_text("#result-count") == everything
            page.screenshot(path=str(SCREENSHOTS / "timeline.png"), full_page=False)
            page.goto(base + f"/timeline?type=signing#e-{SEED_EVENTS['signing']}")
            page.click(f"#e-{SEED_EVENTS['signing']} >> text=Event page")
            page.wait_for_selector("mark.trigger")
            assert "signing" in page.locator("mark.trigger").all_inner_texts()  # the seed's caption among the sources
            page.screenshot(path=str(SCREENSHOTS / "event.png"), full_page=True)
            page.click(f"a[href='/events/{SEED_EVENTS['call']}']")
            page.wait_for_selector("#permalink")
            page.click("#open-in-sparql")
            page.wait_for_selector("table.results tbody tr")
            assert SEED_EVENTS["call"] in page.inner_text("table.results")
        finally:
            browser.close()
