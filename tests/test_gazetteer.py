from datetime import date
from pathlib import Path

import pytest

from kb.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_loads_known_leaders_with_wikidata_ids(gaz):
    assert gaz.people["kim-jong-un"].wikidata == "Q56226"
    assert gaz.people["vladimir-putin"].wikidata == "Q7747"
    assert gaz.people["kim-jong-un"].country == "PRK"


def test_countries_carry_names_adjectives_capitals_and_ids(gaz):
    russia = gaz.countries["RUS"]
    assert (russia.name, russia.capital, russia.wikidata) == ("Russia", "Moscow", "Q159")
    assert "Russian" in russia.adjectives and "the Kremlin" in russia.metonyms
    for iso3, qid in {"PRK": "Q423", "KOR": "Q884", "CHN": "Q148", "USA": "Q30", "JPN": "Q17", "UKR": "Q212"}.items():
        assert gaz.countries[iso3].wikidata == qid


def test_g20_and_focus_countries_are_covered(gaz):
    wanted = {"ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "RUS",
              "SAU", "ZAF", "TUR", "GBR", "USA", "PRK", "UKR", "IRN"}
    assert wanted <= set(gaz.countries)


def test_office_on_picks_the_office_held_that_day(gaz):
    putin = gaz.people["vladimir-putin"]
    assert putin.office_on(date(2010, 1, 1)).title == "Prime Minister of Russia"
    assert putin.office_on(date(2024, 6, 19)).title == "President of Russia"
    assert gaz.people["joe-biden"].office_on(date(2025, 8, 1)) is None


def test_trump_has_two_separate_terms(gaz):
    trump = gaz.people["donald-trump"]
    assert trump.office_on(date(2019, 6, 30)) is not None
    assert trump.office_on(date(2022, 1, 1)) is None
    assert trump.office_on(date(2025, 8, 15)).role == "head_of_state"


def test_holders_finds_who_held_an_office(gaz):
    assert [p.id for p in gaz.holders("KOR", "head_of_state", date(2019, 6, 30))] == ["moon-jae-in"]
    assert [p.id for p in gaz.holders("USA", "foreign_minister", date(2025, 7, 10))] == ["marco-rubio"]


@pytest.mark.parametrize("year", range(2015, 2026))
def test_heads_and_foreign_ministers_since_2015_are_covered(gaz, year):
    day = date(year, 7, 1)
    for iso3 in ("RUS", "CHN", "USA", "JPN", "UKR", "KOR", "PRK"):
        head = "head_of_government" if iso3 == "JPN" else "leader" if iso3 == "PRK" else "head_of_state"
        for role in (head, "foreign_minister"):
            assert gaz.holders(iso3, role, day), (iso3, role, day)


def test_organisations_include_legislatures_with_their_country(gaz):
    assert gaz.organizations["state-duma"].country == "RUS"
    assert {"un", "eu", "nato", "asean", "sco", "brics", "g7", "g20", "iaea"} <= set(gaz.organizations)


def test_loading_is_cached_per_directory(gaz):
    assert load_gazetteer() is gaz
    assert load_gazetteer(Path(__file__).parent.parent / "kb" / "data") is gaz


def test_a_person_from_an_unknown_country_is_rejected(tmp_path):
    data = Path(__file__).parent.parent / "kb" / "data"
    for name in ("countries.toml", "organizations.toml"):
        (tmp_path / name).write_text((data / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "people.toml").write_text('[[person]]\nid = "x"\nname = "X Y"\ncountry = "XXX"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="XXX"):
        load_gazetteer(tmp_path)
