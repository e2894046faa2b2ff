"""Grouping reports into events and the consensus over them, on reports written here."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from kb.extract.calendar import day_value, month_value, year_value
from kb.records import TimeValue
from kb.resolve.cluster import Party, Report, group_reports
from kb.resolve.consensus import merge_group

PUTIN = Party("wd:Q7747", "Vladimir Putin", "person", "wd:Q159", "participant")
KIM = Party("wd:Q56226", "Kim Jong Un", "person", "wd:Q423", "participant")
RUSSIA = Party("wd:Q159", "Russia", "country", "wd:Q159", "participant")
PYONGYANG = "kbid:place/pyongyang"


def report(article: str, when: TimeValue | None, published: str = "2024-06-20", kind: str = "meeting",
           place: str | None = None, agreement: str | None = None, parties: tuple[Party, ...] = (PUTIN, KIM),
           n: int = 1) -> Report:
    return Report(f"kbid:report/{article}-{kind}-{n}", f"kbid:article/{article}", f"{article}.txt",
                  date.fromisoformat(published), kind, "occurred", when, place,
                  "Pyongyang" if place else None, parties, f"{kind}|PRK,RUS", agreement)


def events(reports: list[Report]) -> list[list[str]]:
    """The groups as lists of source files, in the groups' own order."""
    return [sorted(r.source for r in group.reports) for group in group_reports(reports)]


def test_reports_of_one_day_from_different_articles_are_one_event() -> None:
    day = day_value(date(2024, 6, 19))
    assert events([report("a", day), report("b", day), report("c", day)]) == [["a.txt", "b.txt", "c.txt"]]


def test_a_day_apart_is_one_event_with_the_disagreement_kept() -> None:
    reports = [report("a", day_value(date(2024, 6, 19))), report("b", day_value(date(2024, 6, 19))),
               report("c", day_value(date(2024, 6, 18)), published="2024-06-21")]
    (group,) = group_reports(reports)
    merged = merge_group(group)
    assert merged.date == day_value(date(2024, 6, 19))  # two sources against one
    assert [r.source for r in merged.conflicting] == ["c.txt"]


def test_two_days_apart_or_a_different_type_are_different_events() -> None:
    assert len(events([report("a", day_value(date(2024, 6, 17))), report("b", day_value(date(2024, 6, 19)))])) == 2
    arrival = report("a", day_value(date(2023, 9, 12)), kind="visit")
    talks = report("b", day_value(date(2023, 9, 13)))
    assert len(events([arrival, talks])) == 2  # arrival and talks, dated apart


def test_two_encounters_in_one_article_stay_two_events_even_on_one_day() -> None:
    day = day_value(date(2024, 6, 19))
    assert len(events([report("a", day, n=1), report("a", day, n=2)])) == 2


def test_a_month_report_joins_the_best_supported_day_inside_it() -> None:
    early = [report("a", day_value(date(2024, 6, 3)))]
    late = [report(name, day_value(date(2024, 6, 19))) for name in ("b", "c")]
    grouped = events([*early, *late, report("d", month_value(2024, 6))])
    assert ["b.txt", "c.txt", "d.txt"] in grouped and ["a.txt"] in grouped


def test_the_consensus_is_the_most_precise_date_the_most_sources_support() -> None:
    (group,) = group_reports([report("a", month_value(2024, 6)), report("b", year_value(2024)),
                              report("c", day_value(date(2024, 6, 19)))])
    assert merge_group(group).date == day_value(date(2024, 6, 19))
    assert merge_group(group).conflicting == ()  # June 2024 and 2024 both contain 19 June 2024


def test_a_guessed_year_links_to_the_known_treaty_signing_of_an_earlier_year() -> None:
    signing = [report(name, day_value(date(2024, 6, 19)), kind="signing",
                      agreement="comprehensive strategic partnership treaty") for name in ("a", "b")]
    caption = report("seed", replace(month_value(2025, 6), year_stated=False), published="2025-08-13",
                     kind="signing", agreement="comprehensive strategic partnership treaty")
    (group,) = group_reports([*signing, caption])
    merged = merge_group(group)
    assert merged.date == day_value(date(2024, 6, 19)) and merged.conflicting == ()
    assert "seed.txt" in [r.source for r in merged.reports]


def test_a_guessed_year_with_nothing_to_refer_to_keeps_its_own_year() -> None:
    known = report("a", day_value(date(2024, 6, 19)))
    guess = report("b", replace(month_value(2025, 6), year_stated=False), published="2025-08-13")
    grouped = group_reports([known, guess])
    assert sorted(merge_group(g).date.value for g in grouped if merge_group(g).date) == ["2024-06-19", "2025-06"]


def test_a_guessed_year_naming_the_same_place_refers_back() -> None:
    known = report("a", day_value(date(2024, 6, 19)), place=PYONGYANG)
    guess = report("b", replace(month_value(2025, 6), year_stated=False), published="2025-08-13", place=PYONGYANG)
    assert events([known, guess]) == [["a.txt", "b.txt"]]


def test_the_grouping_and_the_event_keys_do_not_depend_on_input_order() -> None:
    reports = [report(name, day_value(date(2024, 6, day)), published=f"2024-06-{day + offset:02d}")
               for name, day, offset in (("a", 19, 1), ("b", 19, 2), ("c", 18, 3), ("d", 3, 1), ("e", 4, 1))]
    reports.append(report("f", month_value(2024, 6), published="2024-07-01"))
    expected = sorted((m.key, m.date, tuple(r.iri for r in m.reports))
                      for m in map(merge_group, group_reports(reports)))
    shuffler = random.Random(42)
    for _ in range(20):
        shuffled = reports[:]
        shuffler.shuffle(shuffled)
        assert sorted((m.key, m.date, tuple(r.iri for r in m.reports))
                      for m in map(merge_group, group_reports(shuffled))) == expected


def test_a_later_report_keeps_the_event_key_even_when_it_refines_the_date() -> None:
    first = report("a", month_value(2024, 6), published="2024-06-20")
    key = merge_group(group_reports([first])[0]).key
    refined = merge_group(group_reports([first, report("b", day_value(date(2024, 6, 19)), published="2024-06-25")])[0])
    assert refined.key == key and refined.date == day_value(date(2024, 6, 19))


def test_a_country_gives_way_to_its_leader_among_the_parties() -> None:
    day = day_value(date(2024, 6, 19))
    (group,) = group_reports([report("a", day, parties=(RUSSIA, KIM)), report("b", day)])
    assert sorted(p.name for p in merge_group(group).parties) == ["Kim Jong Un", "Vladimir Putin"]
