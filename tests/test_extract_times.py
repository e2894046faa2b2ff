from datetime import date

import pytest

from kb.extract.times import TimeFinder

WEDNESDAY = date(2025, 8, 13)


@pytest.fixture(scope="module")
def finder():
    return TimeFinder()


def one(finder, text, anchor=WEDNESDAY, planned=False):
    mentions = [m for m in finder.find(text, anchor) if not m.report]
    assert len(mentions) == 1, mentions
    value = mentions[0].value(planned)
    return value.value, value.precision


@pytest.mark.parametrize("text, expected", [
    ("signed on June 19, 2024.", "2024-06-19"),
    ("signed on 19 June 2024.", "2024-06-19"),
    ("met on Sept. 13, 2023 at the site.", "2023-09-13"),
    ("talks on Nov. 9 were held.", "2024-11-09"),  # no year: the latest Nov. 9 not after publication
    ("signed in Pyongyang on June 19 last year.", "2024-06-19"),
])
def test_explicit_days(finder, text, expected):
    assert one(finder, text) == (expected, "day")


def test_a_bare_month_is_month_precision_never_the_first(finder):
    assert one(finder, "after signing a treaty in June.") == ("2025-06", "month")


def test_a_bare_month_reads_forward_for_planned_events(finder):
    assert one(finder, "a visit in June.", planned=True) == ("2026-06", "month")


def test_month_with_year_and_with_last_year(finder):
    assert one(finder, "met in July 2000, shortly after") == ("2000-07", "month")
    assert one(finder, "the visit in June last year") == ("2024-06", "month")


def test_year_alone(finder):
    assert one(finder, "the treaty the two countries signed in 2000") == ("2000", "year")


def test_weekday_is_the_most_recent_for_past_and_the_next_for_planned(finder):
    monday = date(2025, 8, 21)  # a Thursday
    assert one(finder, "on Monday Trump phoned Putin", monday) == ("2025-08-18", "day")
    assert one(finder, "will hold a summit on Monday", monday, planned=True) == ("2025-08-25", "day")


def test_weekday_of_publication_is_that_day(finder):
    assert one(finder, "met on Wednesday") == ("2025-08-13", "day")


def test_last_weekday_is_strictly_before(finder):
    assert one(finder, "received him last Wednesday", date(2025, 8, 12)) == ("2025-08-06", "day")


@pytest.mark.parametrize("phrase, expected", [
    ("yesterday", ("2025-08-12", "day")),
    ("the previous day", ("2025-08-12", "day")),
    ("the day before", ("2025-08-12", "day")),
    ("last month", ("2025-07", "month")),
    ("earlier this month", ("2025-08", "month")),
    ("next month", ("2025-09", "month")),
    ("last year", ("2024", "year")),
])
def test_relative_phrases(finder, phrase, expected):
    assert one(finder, f"They held talks {phrase}, it said") == expected


def test_last_week_is_month_precision_when_the_week_lies_in_one_month(finder):
    value = finder.find("talks last week", date(2025, 3, 19))[0].past
    assert (value.value, value.earliest, value.latest) == ("2025-03", date(2025, 3, 10), date(2025, 3, 16))


def test_last_week_across_two_months_keeps_only_the_year(finder):
    value = finder.find("talks last week", date(2025, 8, 6))[0].past  # 28 July - 3 August
    assert (value.value, value.earliest, value.latest) == ("2025", date(2025, 7, 28), date(2025, 8, 3))


def test_the_previous_day_counts_from_the_report(finder):
    mention = finder.find("Kim and Putin held phone talks the previous day", WEDNESDAY)[0]
    assert mention.past.value == "2025-08-12"
    assert "relative to report of 2025-08-13" in mention.note


def test_days_later_count_from_the_date_just_mentioned(finder):
    mentions = finder.find("Putin signed the law on Nov. 9, and Kim ratified it two days later.", date(2024, 12, 5))
    assert [m.past.value for m in mentions] == ["2024-11-09", "2024-11-11"]


def test_the_same_day_uses_the_date_before_the_sentence(finder):
    previous = finder.find("Kim arrived on Tuesday.", date(2025, 9, 3))[0].past
    assert finder.find("They met the same day.", date(2025, 9, 3), previous)[0].past.value == "2025-09-02"


def test_a_report_date_is_flagged(finder):
    mention = finder.find("Pyongyang's state media reported Wednesday, as", WEDNESDAY)[0]
    assert mention.report


def test_a_dateline_date_is_flagged_as_the_report(finder):
    assert finder.find("MOSCOW, Aug 12 (Meridian) - Putin told Kim", WEDNESDAY)[0].report


def test_the_verb_may_is_not_a_month(finder):
    assert finder.find("They may meet soon.", WEDNESDAY) == []


def test_without_a_publication_date_only_absolute_dates_resolve(finder):
    assert [m.text for m in finder.find("on Monday, and on June 19, 2024", None)] == ["June 19, 2024"]


def test_hours_after_without_a_date_counts_from_the_reported_day(finder):
    (mention,) = finder.find("She spoke hours after the vote.", WEDNESDAY, None, date(2025, 8, 11))
    assert mention.past.value == "2025-08-11" and mention.forward


def test_hours_after_a_date_in_the_sentence_is_that_day(finder):
    mentions = finder.find("On Aug. 2, hours after the vote, he left.", WEDNESDAY)
    assert [m.past.value for m in mentions] == ["2025-08-02", "2025-08-02"]


def test_afterwards_is_the_last_date_mentioned(finder):
    ref = finder.find("on July 30", WEDNESDAY)[0].past
    (mention,) = finder.find("Shortly afterwards he called Rome.", WEDNESDAY, ref)
    assert mention.past.value == "2025-07-30"


@pytest.mark.parametrize("text, planned, expected", [
    ("will visit Pyongyang this autumn.", True, "2025"),
    ("a visit in the summer of 2019.", False, "2019"),
    ("they met in autumn 2019.", False, "2019"),
    ("they met last spring.", False, "2025"),  # spring 2025 is over by August
    ("they met last summer.", False, "2024"),  # this summer is not over yet
    ("he will return next spring.", True, "2026"),
])
def test_seasons_are_read_at_year_precision(finder, text, planned, expected):
    assert one(finder, text, planned=planned) == (expected, "year")


def test_a_winter_without_a_year_spans_two_years_and_gives_no_date(finder):
    assert finder.find("he will return next winter.", WEDNESDAY) == []


def test_the_fall_alone_is_no_season(finder):
    assert finder.find("after the fall of the government.", WEDNESDAY) == []


@pytest.mark.parametrize("text, expected", [
    ("talks are to start within two weeks.", ("2025-08", "month")),  # 13-27 August
    ("talks are to start within two to three weeks.", ("2025", "year")),  # into September
    ("they will meet in the coming days.", ("2025-08", "month")),
    ("they will meet in three days.", ("2025-08-16", "day")),
    ("they will meet in two weeks' time.", ("2025-08", "month")),  # about 27 August, no day
])
def test_stretches_ahead_get_the_precision_that_covers_them(finder, text, expected):
    assert one(finder, text, planned=True) == expected


@pytest.mark.parametrize("text, planned, expected", [
    ("they met again on Christmas Day.", False, "2024-12-25"),
    ("they will meet on Christmas Eve.", True, "2025-12-24"),
    ("signed on New Year's Day 1979.", False, "1979-01-01"),
])
def test_named_days_are_read_like_dates(finder, text, planned, expected):
    assert one(finder, text, planned=planned) == (expected, "day")


def test_a_clock_time_is_the_reports_day_and_yields_to_a_date_nearby(finder):
    assert one(finder, "the meeting is set for 1:15 p.m.", planned=True) == ("2025-08-13", "day")
    mentions = finder.find("they met at 3 p.m. on Monday.", WEDNESDAY)
    assert [m.weak for m in mentions] == [True, False]


def test_a_live_blog_entry_time_is_a_report_date(finder):
    [stamp] = finder.find("13:18 ET - Zelensky has arrived at the White House.", WEDNESDAY)
    assert stamp.report and stamp.past.value == "2025-08-13"


@pytest.mark.parametrize("text, expected", [
    ("the Knesset voted for it on October the twenty-fifth.", "2024-10-25"),
    ("it was signed on the twenty-sixth of October.", "2024-10-26"),
    ("signed on the 26th of October 1994.", "1994-10-26"),
])
def test_days_read_out_as_ordinals(finder, text, expected):
    assert one(finder, text) == (expected, "day")
