"""Accessibility in a real browser: axe-core over the main pages, and the visual timeline on /timeline
(lanes, keyboard zoom and pan, marks that open their event) over the seeds and the dev corpus."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ROOT, kb_serve
from web_kb import build_store

# axe-core comes from npm, installed by `scripts/setup --test` into this git-ignored folder.
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
PAGES = ["/", "/timeline", "/timeline?type=meeting&country=RUS", "/events/{call}", "/actors/wd:Q7747",
         "/query", "/query?name=events_between_actors"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `kb serve` over the seeds, the dev corpus and the hostile article."""
    with kb_serve(build_store(tmp_path_factory.mktemp("a11y"))) as url:
        yield url


def timeline_json(base: str, query: str = "") -> dict[str, Any]:
    with urllib.request.urlopen(f"{base}/timeline.json?limit=1000{'&' + query if query else ''}", timeout=30) as r:
        return dict(json.load(r))


@pytest.fixture(scope="module")
def samples(base: str) -> dict[str, Any]:
    """Events picked from the data, not by id: a phone call known to the day, an event known to the month."""
    events = [event for event in timeline_json(base)["events"] if event["date"]]
    call = next(e for e in events if e["type"] == "phone_call" and e["date"]["precision"] == "day")
    month = next(e for e in events if e["date"]["precision"] == "month")
    return {"call": call["id"], "call_month": call["earliest"][:7], "month": month["id"],
            "month_month": month["date"]["datetime"]}


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    opened = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    opened.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


# ---------------------------------------------------------------- axe-core


def axe_violations(page: Any) -> list[dict[str, Any]]:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE.relative_to(ROOT)}: run `scripts/setup --test`")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {json.dumps(node['target'])}: {node.get('failureSummary', '')!r}"
                     for node in violation["nodes"][:10])
    return "\n".join(lines)


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violations(base: str, samples: dict[str, str], page: Any, path: str) -> None:
    path = path.format(**samples)
    page.goto(base + path)
    page.wait_for_load_state("networkidle")  # the visual timeline draws after fetching its JSON
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not blocking, f"axe-core on {path}:\n{describe(blocking)}"


# ---------------------------------------------------------------- the visual timeline


def countries_in(data: dict[str, Any]) -> set[str]:
    return {p["country"] for event in data["events"] for p in event["participants"] if p["country"]}


def lane_keys(page: Any) -> list[str]:
    return list(page.locator("#vt .vt-lane").evaluate_all("nodes => nodes.map(n => n.dataset.key)"))


def span_days(page: Any) -> float:
    return float(page.get_attribute("#vt-view", "data-span-days") or "nan")


def test_the_json_gives_each_dated_event_both_bounds(base: str) -> None:
    dated = [event for event in timeline_json(base)["events"] if event["earliest"]]
    assert all(event["latest"] >= event["earliest"] for event in dated)
    month = next(event for event in dated if event["date"]["precision"] == "month")
    assert month["earliest"].endswith("-01") and month["latest"][:7] == month["earliest"][:7] < month["latest"]


def test_the_visual_timeline_has_one_lane_per_country(base: str, page: Any) -> None:
    page.goto(base + "/timeline")
    page.wait_for_selector("#vt .vt-lane")
    lanes = lane_keys(page)
    assert set(lanes) - {""} == countries_in(timeline_json(base)) and len(lanes) == len(set(lanes))
    page.get_by_role("radio", name="Actor").check()
    assert "http://www.wikidata.org/entity/Q7747" in lane_keys(page)


def test_the_visual_timeline_follows_the_page_filters(base: str, page: Any) -> None:
    query = "country=PRK&type=phone_call"
    page.goto(f"{base}/timeline?{query}&page=2")  # the list's page does not narrow the picture
    page.wait_for_selector("#vt .vt-lane")
    assert set(lane_keys(page)) - {""} == countries_in(timeline_json(base, query))


def test_the_visual_timeline_zooms_and_pans_by_keyboard(base: str, page: Any) -> None:
    page.goto(base + "/timeline")
    page.wait_for_selector("#vt .vt-lane")
    whole = span_days(page)
    page.focus("#vt-view")
    for _ in range(12):
        page.keyboard.press("+")
    zoomed = span_days(page)
    assert zoomed < whole and page.get_attribute("#vt-view", "data-scale") == "events"
    before = page.get_attribute("#vt-view", "data-start")
    page.keyboard.press("ArrowLeft")
    assert page.get_attribute("#vt-view", "data-start") != before
    page.keyboard.press("-")
    assert span_days(page) == pytest.approx(zoomed * 2)
    page.keyboard.press("Home")
    assert span_days(page) == pytest.approx(whole)


def test_an_event_mark_opens_its_event_with_enter(base: str, samples: dict[str, str], page: Any) -> None:
    month = samples["call_month"]
    page.goto(f"{base}/timeline?from={month}&to={month}")
    page.wait_for_selector("#vt .vt-event")
    assert page.get_attribute("#vt-view", "data-scale") == "events"
    mark = page.locator(f"#vt .vt-event[data-id='{samples['call']}']").first
    assert (mark.get_attribute("aria-label") or "").startswith("Phone call")
    mark.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/events/{samples['call']}")
    assert page.inner_text("h1").startswith("Phone call")


def test_uncertain_dates_are_spans_and_busy_views_are_counted(base: str, samples: dict[str, str],
                                                               page: Any) -> None:
    month = samples["month_month"]
    page.goto(f"{base}/timeline?from={month}&to={month}")
    page.wait_for_selector("#vt .vt-event")
    bar = page.locator(f"#vt .vt-event[data-id='{samples['month']}']").first
    assert "vt-span" in (bar.get_attribute("class") or "")  # known to the month: a bar over it, not a point
    box = bar.bounding_box()
    assert box and box["width"] > 30  # a point is 10 px wide
    page.goto(base + "/timeline")
    page.wait_for_selector("#vt .vt-lane")
    page.focus("#vt-view")
    for _ in range(6):
        page.keyboard.press("-")
    assert page.get_attribute("#vt-view", "data-scale") in ("month", "year")
    count = page.locator("#vt .vt-count").first
    assert "event" in (count.get_attribute("aria-label") or "")
    count.focus()
    page.keyboard.press("Enter")  # a count zooms into its period
    assert page.get_attribute("#vt-view", "data-scale") in ("events", "month")


def test_the_page_works_without_javascript(base: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(base + "/timeline")
        assert plain.locator("figure.overview svg[role=img]").count() == 1
        assert plain.locator("li.event").count() == min(timeline_json(base)["total"], 50)
        assert plain.locator("#vt").is_hidden()
    finally:
        context.close()


def test_axe_is_pinned_in_setup() -> None:
    setup = (ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    assert "AXE_VERSION=4." in setup and ".cache/npm" in setup
    assert ".cache/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
