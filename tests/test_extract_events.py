"""Behaviour of the extractor pieces (sentences, triggers, actors) and of `extract` on whole articles."""

from datetime import date

import pytest
from conftest import SEED  # noqa: E402

from kb.extract import extract
from kb.extract.actor_index import index_for
from kb.extract.actors import Context, find_actors
from kb.extract.sentences import split_text
from kb.extract.triggers import TriggerFinder
from kb.gazetteer import load_gazetteer
from kb.records import Article, Block


def make_article(parts: list[tuple[str, str]], published: date | None = date(2025, 8, 13),
                 article_id: str = "test") -> Article:
    """An Article whose blocks are `(kind, text)` pairs, one per line, with exact offsets."""
    blocks, text = [], ""
    for kind, block_text in parts:
        blocks.append(Block(kind, block_text, len(text)))  # type: ignore[arg-type]
        text += block_text + "\n\n"
    title = next((t for k, t in parts if k == "title"), "untitled")
    return Article(id=article_id, source=f"{article_id}.txt", title=title, published=published, text=text,
                   blocks=tuple(blocks))


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_text(text)]


# ---- sentences ---------------------------------------------------------------------------------

def test_sentences_keep_abbreviations_and_dates_whole():
    text = "U.S. President Donald Trump met him on Dec. 5 in Washington. Gen. Nakatani left. It ended."
    assert sentences(text) == ["U.S. President Donald Trump met him on Dec. 5 in Washington.",
                               "Gen. Nakatani left.", "It ended."]


def test_sentences_keep_closing_quotes_and_initials():
    text = 'He said "It went well." J. D. Smith agreed. Growth was 3.5 percent.'
    assert sentences(text) == ['He said "It went well."', "J. D. Smith agreed.", "Growth was 3.5 percent."]


def test_the_word_before_a_stop_is_what_the_old_end_anchored_regex_found():
    import itertools
    import re

    from kb.extract.sentences import _word_before

    old = re.compile(r"([A-Za-z][A-Za-z.]*)$")
    for chars in itertools.product("aZ. \n1", repeat=5):
        text = "".join(chars)
        for stop in range(len(text) + 1):
            m = old.search(text, 0, stop)
            assert _word_before(text, stop) == (m.group(1) if m else None), (text, stop)


def test_sentence_offsets_point_into_the_text():
    text = "  First one.  Second one. "
    assert [text[s:e] for s, e in split_text(text)] == ["First one.", "Second one."]


# ---- triggers ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def triggers():
    return TriggerFinder()


def kinds(triggers, text):
    return [(t.type, t.status) for t in triggers.find(text) if t.live]


def test_phone_talks_is_a_call_not_a_meeting(triggers):
    assert kinds(triggers, "Kim and Putin held phone talks the previous day.") == [("phone_call", "occurred")]


def test_signing_needs_a_document(triggers):
    assert kinds(triggers, "the two leaders signed a treaty") == [("signing", "occurred")]
    assert kinds(triggers, "he signed autographs") == []


def test_a_ratification_law_is_a_ratification_not_a_signing(triggers):
    assert kinds(triggers, "Putin signed Russia's ratification law on Nov. 9") == [("ratification", "occurred")]


@pytest.mark.parametrize("text", [
    "Trump said he might meet Putin in Saudi Arabia.",
    "The two could meet next month.",
    "a new face-to-face meeting between them was likely",
    "Both presidents would like to meet in person.",
    "Seoul denied that talks had taken place.",
])
def test_speculation_and_denial_are_not_events(triggers, text):
    assert kinds(triggers, text) == []


@pytest.mark.parametrize("text", [
    "the summit with Trump that is set to take place in Alaska on Friday",
    "Lee is scheduled to hold his first summit with Trump on Monday",
    "He will meet Xi in Beijing next week",
])
def test_set_to_scheduled_and_will_are_planned(triggers, text):
    assert ("meeting", "planned") in kinds(triggers, text)


def test_talks_in_a_planned_trip_share_its_status(triggers):
    found = kinds(triggers, "Lee is due in Tokyo on Saturday for talks with Ishiba")
    assert found == [("visit", "planned"), ("meeting", "planned")]


# ---- actors ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def index():
    return index_for(load_gazetteer())


def names(text, index, ctx=None):
    ctx = ctx or Context(date(2025, 8, 13))
    return [(m.kind, m.name, m.country) for m in find_actors(text, ctx, index)
            if not m.modifier and not m.reporter]


def test_titles_and_names_make_one_person(index):
    assert names("Russian President Vladimir Putin spoke.", index) == [("person", "Vladimir Putin", "RUS")]


def test_a_surname_alone_needs_the_full_name_first(index):
    ctx = Context(date(2025, 8, 13))
    assert names("Kim spoke.", index, ctx) == []
    names("North Korean leader Kim Jong-un arrived.", index, ctx)
    assert names("Kim spoke.", index, ctx) == [("person", "Kim Jong Un", "PRK")]


def test_a_titled_person_not_in_the_data_gets_the_adjective_country(index):
    assert names("Ukrainian Deputy Foreign Minister Ivan Petrenko arrived.", index) == [
        ("person", "Ivan Petrenko", "UKR")]


def test_office_references_resolve_to_the_holder(index):
    assert names("the Russian leader telephoned", index) == [("person", "Vladimir Putin", "RUS")]
    assert names("the Kremlin leader agreed", index) == [("person", "Vladimir Putin", "RUS")]


def test_metonyms_are_countries_unless_they_are_where_something_happens(index):
    assert names("Moscow and Pyongyang grew closer.", index) == [("country", "Russia", "RUS"),
                                                                 ("country", "North Korea", "PRK")]
    assert names("They met in Pyongyang.", index) == [("place", "Pyongyang", "PRK")]


def test_a_country_that_only_reports_or_modifies_is_not_a_party(index):
    assert [n for n in names("the Kremlin said, citing Russia's Kursk region", index) if n[0] != "place"] == []


def test_the_two_leaders_refers_back(index):
    ctx = Context(date(2025, 8, 13))
    names("Kim Jong Un welcomed Vladimir Putin.", index, ctx)
    assert {n for _, n, _ in names("The two leaders signed a treaty.", index, ctx)} == {"Kim Jong Un",
                                                                                         "Vladimir Putin"}


# ---- whole articles ----------------------------------------------------------------------------

def summary(events):
    return [(e.type, e.status, e.date.value if e.date else None, sorted(p.country or "" for p in e.participants))
            for e in events]


def test_seed_article_has_one_call_on_the_previous_day_and_the_june_signing():
    article = make_article([
        ("title", "North Korea's Kim voices 'full support' for Russia in phone talks with Putin"),
        ("caption", "North Korean leader Kim Jong-un, right, shakes hands with Russian President Vladimir Putin "
                    "in Pyongyang after signing a comprehensive strategic partnership treaty in June. [RODONG SINMUN]"),
        ("body", 'North Korean leader Kim Jong-un has expressed his "full support" for Russia during his phone '
                 "talks with Russian President Vladimir Putin, Pyongyang's state media reported Wednesday, as the "
                 "two nations have been deepening military cooperation."),
        ("body", "Kim and Putin held phone talks the previous day, the Korean Central News Agency (KCNA) "
                 "reported, marking the first time that the North has disclosed details about its leader's "
                 "phone conversation with a foreign leader."),
        ("noise", "Kim Jong-un meets Vladimir Putin at Russian spaceport after four-year gap"),
    ])
    events = extract(article)
    assert summary(events) == [("signing", "occurred", "2025-06", ["PRK", "RUS"]),
                               ("phone_call", "occurred", "2025-08-12", ["PRK", "RUS"])]
    signing, call = events
    assert signing.place is not None and signing.place.name == "Pyongyang"
    assert [(p.name, p.wikidata) for p in call.participants] == [("Kim Jong Un", "Q56226"),
                                                                  ("Vladimir Putin", "Q7747")]
    assert call.participants[1].office == "President of Russia"
    assert call.evidence.quote.startswith("Kim and Putin held phone talks the previous day")
    assert any("previous day" in note for note in call.notes)


def test_evidence_offsets_point_into_the_article_text():
    article = make_article([("body", "Intro text here. Xi Jinping met Vladimir Putin in Moscow on Thursday.")],
                           published=date(2025, 5, 8))
    (event,) = extract(article)
    ev = event.evidence
    assert article.text[ev.start:ev.end] == ev.quote == "Xi Jinping met Vladimir Putin in Moscow on Thursday."
    assert ev.block == "body" and ev.trigger == "met" and ev.prefix.endswith("Intro text here. ")
    assert (event.date.value, event.place.name) == ("2025-05-08", "Moscow")


def test_noise_and_titles_are_never_evidence():
    article = make_article([("title", "Xi Jinping met Vladimir Putin in Moscow on Thursday"),
                            ("noise", "Related: Xi Jinping met Vladimir Putin in Moscow on Thursday.")])
    assert extract(article) == []


def test_a_speculated_meeting_is_not_an_event():
    article = make_article([("body", "Donald Trump said he might meet Vladimir Putin in Saudi Arabia.")])
    assert extract(article) == []


def test_a_scheduled_meeting_is_planned_and_dated_forward():
    article = make_article([("body", "Lee Jae-myung is scheduled to hold his first summit with Donald Trump at "
                                     "the White House on Monday.")], published=date(2025, 8, 23))
    assert summary(extract(article)) == [("meeting", "planned", "2025-08-25", ["KOR", "USA"])]


def test_a_plan_without_a_date_is_not_an_event():
    article = make_article([("body", "Lee Jae-myung and Donald Trump agreed to meet at the earliest opportunity.")])
    assert extract(article) == []


def test_a_visit_without_talks_has_the_destination_country_as_host():
    article = make_article([("body", "Kim Jong Un arrived in Beijing on Tuesday aboard his armoured train.")],
                           published=date(2025, 9, 3))
    (event,) = extract(article)
    assert [(p.name, p.role) for p in event.participants] == [("Kim Jong Un", "visitor"), ("China", "host")]
    assert event.date.value == "2025-09-02"


def test_a_ratification_names_the_ratifier_and_the_treaty_partner():
    article = make_article([("body", "Russia's lower house of parliament voted unanimously yesterday to ratify "
                                     "a partnership treaty with North Korea.")], published=date(2024, 10, 25))
    (event,) = extract(article)
    assert summary([event]) == [("ratification", "occurred", "2024-10-24", ["PRK", "RUS"])]
    assert event.participants[0].role == "ratifier"


def test_two_encounters_on_one_day_with_different_people_stay_apart():
    article = make_article([
        ("body", "Sergei Lavrov and Choe Son Hui held talks in Wonsan on Saturday."),
        ("body", "Later on Saturday, Lavrov was received by Kim Jong Un."),
    ], published=date(2025, 7, 13))
    assert [sorted(p.name for p in e.participants) for e in extract(article)] == [
        ["Choe Son Hui", "Sergei Lavrov"], ["Kim Jong Un", "Sergei Lavrov"]]


def test_offices_follow_the_event_date():
    article = make_article([("body", "Vladimir Putin met Kim Jong Il in Pyongyang in July 2000.")])
    (event,) = extract(article)
    assert event.participants[0].office == "President of Russia"
    assert event.date.value == "2000-07"


def test_seed_file_extracts_quickly_and_in_text_order():
    raw = SEED.read_text(encoding="utf-8")
    parts = []
    for line in raw.splitlines():
        words = len(line.split())
        kind = "caption" if "[RODONG SINMUN]" in line else "body" if words > 15 else "noise"
        parts.append((kind, line))
    events = extract(make_article(parts, article_id="seed"))
    assert [e.type for e in events] == ["signing", "phone_call"]
    assert [e.evidence.start for e in events] == sorted(e.evidence.start for e in events)


# ---- references back, clauses and relative dates -----------------------------------------------

def test_a_comment_on_the_call_merges_into_it():
    article = make_article([
        ("body", "Vladimir Putin and Kim Jong Un spoke by phone on Monday."),
        ("body", "Analysts say Moscow used the call to reassure Beijing and Tokyo."),
        ("body", "Putin called the talks useful and warned Kyiv against interference."),
    ], published=date(2025, 8, 13))
    assert summary(extract(article)) == [("phone_call", "occurred", "2025-08-11", ["PRK", "RUS"])]


def test_a_where_clause_keeps_its_date_to_itself():
    article = make_article([("body", "Lee Jae-myung flew to Canberra after a stop in Tokyo, where he held talks "
                                     "with Shigeru Ishiba on Saturday.")], published=date(2025, 8, 26))
    events = summary(extract(article))
    assert ("meeting", "occurred", "2025-08-23", ["JPN", "KOR"]) in events
    assert all(e[2] != "2025-08-23" for e in events if e[3] != ["JPN", "KOR"])


def test_a_when_clause_shares_the_date_of_its_clause():
    article = make_article([("body", "Donald Trump last visited Seoul in May 2017, when he held talks with "
                                     "Moon Jae-in.")])
    assert [e[2] for e in summary(extract(article))] == ["2017-05"]


def test_hours_after_counts_from_the_reported_day():
    article = make_article([
        ("body", "Donald Trump said Thursday that he would meet Vladimir Putin in Geneva on Sept. 1."),
        ("body", "He spoke hours after hosting Ilham Aliyev and Nikol Pashinyan, where the two signed an accord."),
    ], published=date(2025, 8, 16))
    events = summary(extract(article))
    assert ("meeting", "occurred", "2025-08-14", ["ARM", "AZE", "USA"]) in events
    assert ("signing", "occurred", "2025-08-14", ["ARM", "AZE"]) in events


def test_afterwards_is_the_day_of_the_event_just_reported():
    article = make_article([
        ("body", "Donald Trump said on Tuesday that he had a long phone call with Vladimir Putin."),
        ("body", "Shortly afterwards, Trump phoned Volodymyr Zelensky to update him on the conversation."),
    ], published=date(2025, 3, 19))
    events = summary(extract(article))
    assert ("phone_call", "occurred", "2025-03-18", ["UKR", "USA"]) in events


def test_the_object_of_a_purpose_clause_is_no_party():
    article = make_article([("body", "Xi Jinping telephoned Emmanuel Macron on Friday to brief him and warn "
                                     "Japan about the dispute.")], published=date(2025, 8, 13))
    assert [sorted(p.country or "" for p in e.participants) for e in extract(article)] == [["CHN", "FRA"]]


def test_a_person_not_yet_in_office_is_coded_as_their_country():
    article = make_article([("body", "Xi Jinping and Vladimir Putin met in Moscow on Tuesday. "
                                     "Their countries first signed a friendship treaty in 2001.")],
                           published=date(2025, 5, 9))
    signing = [e for e in extract(article, load_gazetteer()) if e.type == "signing"]
    assert len(signing) == 1 and signing[0].date and signing[0].date.value == "2001"
    # Xi took office in 2012 (Putin was president in 2001 and stays a person).
    kinds = {p.country: p.kind for p in signing[0].participants}
    assert kinds.get("CHN") == "country"
