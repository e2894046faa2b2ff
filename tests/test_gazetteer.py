import re
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


# ---- coverage of the G20, the EU, the AU and the focus countries since 2015 ----------------------

G20 = ("ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX", "RUS", "SAU", "ZAF",
       "KOR", "TUR", "GBR", "USA")
FOCUS = ("PRK", "UKR", "IRN")
SAMPLE_DAYS = (date(2015, 6, 1), date(2017, 6, 1), date(2019, 6, 1), date(2021, 6, 1), date(2023, 6, 1),
               date(2025, 6, 1), date(2026, 6, 1))
# Where the head of state is a constitutional monarch the data uses the role "monarch".
HEAD_OF_STATE_ROLE = {"JPN": "monarch", "GBR": "monarch", "CAN": "monarch", "AUS": "monarch"}
# Presidential systems: the head of state also heads the government, there is no separate office.
NO_HEAD_OF_GOVERNMENT = {"USA", "ARG", "BRA", "MEX", "IDN", "ZAF", "IRN"}
HEAD_OF_GOVERNMENT_ABOLISHED = {"TUR": date(2018, 7, 9)}
# Offices where only one person (or one acting holder standing in for a suspended one) serves at a time.
SINGLE_HOLDER_ROLES = ("head_of_state", "head_of_government", "foreign_minister", "monarch", "leader", "crown_prince")


def _roles_for(iso3: str, day: date) -> list[str]:
    roles = [HEAD_OF_STATE_ROLE.get(iso3, "head_of_state"), "foreign_minister"]
    abolished = HEAD_OF_GOVERNMENT_ABOLISHED.get(iso3)
    if iso3 not in NO_HEAD_OF_GOVERNMENT and (abolished is None or day < abolished):
        roles.append("head_of_government")
    return roles


@pytest.mark.parametrize("day", SAMPLE_DAYS, ids=str)
@pytest.mark.parametrize("iso3", G20 + FOCUS)
def test_every_country_has_its_head_of_state_government_and_foreign_minister(gaz, iso3, day):
    missing = [role for role in _roles_for(iso3, day) if not gaz.holders(iso3, role, day)]
    assert not missing, (iso3, day, missing)


@pytest.mark.parametrize("day", SAMPLE_DAYS, ids=str)
def test_the_eu_has_its_two_presidents_and_high_representative(gaz, day):
    for role in ("head_of_state", "head_of_government", "foreign_minister"):
        assert len(gaz.holders("eu", role, day)) == 1, (role, day)


@pytest.mark.parametrize("day", SAMPLE_DAYS, ids=str)
def test_the_african_union_commission_has_a_chair(gaz, day):
    assert len(gaz.holders("au", "head_of_government", day)) == 1


def test_the_focus_countries_have_their_supreme_leaders(gaz):
    for day in SAMPLE_DAYS:
        for iso3 in ("CHN", "PRK", "IRN"):
            assert gaz.holders(iso3, "leader", day), (iso3, day)


def test_every_office_has_a_start_before_its_end(gaz):
    for person in gaz.people.values():
        for office in person.offices:
            assert office.start is not None, (person.id, office.title)
            assert office.end is None or office.start < office.end, (person.id, office.title)


def test_office_countries_are_known_countries_or_organisations(gaz):
    known = set(gaz.countries) | set(gaz.organizations)
    assert {"eu", "au"} <= set(gaz.organizations)
    for person in gaz.people.values():
        for office in person.offices:
            assert office.country in known, (person.id, office.title, office.country)


def _overlap(a, b) -> bool:
    return a.start < (b.end or date.max) and b.start < (a.end or date.max)


def test_nobody_holds_the_same_office_twice_at_once(gaz):
    for person in gaz.people.values():
        terms = sorted(person.offices, key=lambda o: o.start)
        for i, a in enumerate(terms):
            for b in terms[i + 1:]:
                if (a.title, a.country) == (b.title, b.country):
                    assert not _overlap(a, b), (person.id, a.title, a.start, b.start)


def test_no_two_people_hold_a_single_holder_office_at_once(gaz):
    """An acting holder may stand in for a suspended incumbent (impeachments in Seoul and Brasilia)."""
    terms: dict[tuple[str | None, str], list[tuple[str, object]]] = {}
    for person in gaz.people.values():
        for office in person.offices:
            if office.role in SINGLE_HOLDER_ROLES and not office.title.startswith("Acting"):
                # Andorra's two co-princes reign together: each co-princely office has one holder
                key = office.title if "Co-Prince" in office.title else office.role
                terms.setdefault((office.country, key), []).append((person.id, office))
    for key, held in terms.items():
        for i, (pa, a) in enumerate(held):
            for pb, b in held[i + 1:]:
                assert pa == pb or not _overlap(a, b), (key, pa, pb)


def _holder(gaz, iso3, role, day):
    return [p.name for p in gaz.holders(iso3, role, day)]


@pytest.mark.parametrize(("iso3", "role", "day", "name"), [
    ("USA", "head_of_state", date(2019, 6, 1), "Donald Trump"),
    ("USA", "head_of_state", date(2022, 6, 1), "Joe Biden"),
    ("USA", "head_of_state", date(2025, 6, 1), "Donald Trump"),
    ("USA", "foreign_minister", date(2018, 4, 10), "John J. Sullivan"),
    ("GBR", "head_of_government", date(2022, 10, 1), "Liz Truss"),
    ("GBR", "head_of_government", date(2016, 1, 1), "David Cameron"),
    ("GBR", "foreign_minister", date(2017, 1, 1), "Boris Johnson"),
    ("GBR", "monarch", date(2023, 1, 1), "King Charles III"),
    ("KOR", "head_of_state", date(2020, 1, 1), "Moon Jae-in"),
    ("JPN", "head_of_government", date(2021, 6, 1), "Yoshihide Suga"),
    ("JPN", "monarch", date(2019, 4, 30), "Akihito"),
    ("JPN", "monarch", date(2019, 5, 1), "Naruhito"),
    ("DEU", "head_of_state", date(2020, 1, 1), "Frank-Walter Steinmeier"),
    ("DEU", "foreign_minister", date(2016, 1, 1), "Frank-Walter Steinmeier"),
    ("FRA", "head_of_government", date(2024, 10, 1), "Michel Barnier"),
    ("ITA", "head_of_government", date(2021, 6, 1), "Mario Draghi"),
    ("BRA", "head_of_state", date(2020, 1, 1), "Jair Bolsonaro"),
    ("ARG", "head_of_state", date(2024, 6, 1), "Javier Milei"),
    ("AUS", "head_of_government", date(2020, 1, 1), "Scott Morrison"),
    ("CAN", "head_of_government", date(2025, 6, 1), "Mark Carney"),
    ("IND", "foreign_minister", date(2020, 1, 1), "S. Jaishankar"),
    ("IDN", "head_of_state", date(2020, 1, 1), "Joko Widodo"),
    ("MEX", "head_of_state", date(2020, 1, 1), "Andres Manuel Lopez Obrador"),
    ("SAU", "head_of_government", date(2020, 1, 1), "King Salman"),
    ("SAU", "head_of_government", date(2023, 1, 1), "Mohammed bin Salman"),
    ("SAU", "crown_prince", date(2016, 1, 1), "Muhammad bin Nayef"),
    ("ZAF", "head_of_state", date(2017, 1, 1), "Jacob Zuma"),
    ("TUR", "head_of_government", date(2017, 1, 1), "Binali Yildirim"),
    ("TUR", "foreign_minister", date(2015, 10, 1), "Feridun Sinirlioglu"),
    ("UKR", "head_of_state", date(2018, 1, 1), "Petro Poroshenko"),
    ("IRN", "head_of_state", date(2024, 6, 1), "Mohammad Mokhber"),
    ("CHN", "foreign_minister", date(2023, 6, 1), "Qin Gang"),
    ("eu", "head_of_government", date(2018, 1, 1), "Jean-Claude Juncker"),
    ("eu", "foreign_minister", date(2025, 6, 1), "Kaja Kallas"),
])
def test_well_known_successions(gaz, iso3, role, day, name):
    assert _holder(gaz, iso3, role, day) == [name]


def test_people_with_several_offices_keep_them_all(gaz):
    assert {o.role for o in gaz.people["liz-truss"].offices} == {"head_of_government", "foreign_minister"}
    assert gaz.people["fumio-kishida"].office_on(date(2016, 1, 1)).role == "foreign_minister"
    assert gaz.people["fumio-kishida"].office_on(date(2022, 1, 1)).role == "head_of_government"
    assert gaz.people["mohammed-bin-salman"].office_on(date(2020, 1, 1)).title == "Crown Prince of Saudi Arabia"


def test_acting_holders_stand_in_for_suspended_presidents(gaz):
    day = date(2017, 1, 15)
    assert {p.id for p in gaz.holders("KOR", "head_of_state", day)} == {"park-geun-hye", "hwang-kyo-ahn"}
    assert [p.id for p in gaz.holders("KOR", "head_of_state", date(2025, 5, 20))] == ["lee-ju-ho"]


@pytest.mark.parametrize(("person", "alias"), [
    ("kim-jong-un", "Kim Jong-un"), ("moon-jae-in", "Moon Jae In"), ("recep-tayyip-erdogan", "Erdoğan"),
    ("recep-tayyip-erdogan", "Erdogan"), ("luiz-inacio-lula-da-silva", "Lula"), ("mohammed-bin-salman", "MBS"),
    ("sergei-lavrov", "Sergey Lavrov"), ("joko-widodo", "Jokowi"), ("andres-manuel-lopez-obrador", "AMLO"),
])
def test_common_name_variants_are_listed(gaz, person, alias):
    assert alias in gaz.people[person].aliases


def test_no_multi_word_name_points_at_two_people(gaz):
    owner: dict[str, str] = {}
    for person in gaz.people.values():
        for name in (person.name, *person.aliases):
            if len(name.replace("-", " ").split()) > 1:
                key = "".join(ch for ch in name.lower() if ch.isalpha())
                assert owner.setdefault(key, person.id) == person.id, (name, owner[key], person.id)


def test_wikidata_ids_are_well_formed_and_unique(gaz):
    ids = [p.wikidata for p in gaz.people.values() if p.wikidata]
    ids += [c.wikidata for c in gaz.countries.values() if c.wikidata]
    ids += [o.wikidata for o in gaz.organizations.values() if o.wikidata]
    assert all(re.fullmatch(r"Q[0-9]+", i) for i in ids), ids
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("iso3", G20 + FOCUS + ("BEL", "POL", "PRT", "LUX", "ESP", "EST", "TCD", "DJI"))
def test_countries_have_names_adjectives_capitals_and_ids(gaz, iso3):
    country = gaz.countries[iso3]
    assert country.name and country.adjectives and country.capital and country.wikidata


def test_metonyms_name_governments_not_passing_sites(gaz):
    assert "the Blue House" in gaz.countries["KOR"].metonyms
    assert "Yongsan" not in gaz.countries["KOR"].metonyms
    assert {"the White House", "Downing Street", "the Elysee"} <= {
        m for iso3 in ("USA", "GBR", "FRA") for m in gaz.countries[iso3].metonyms}
    assert "Brussels" not in gaz.countries["BEL"].metonyms


def test_every_iso_country_and_former_state_is_known_by_its_official_name(gaz):
    assert {"KEN", "MRT", "ETH", "SUN", "CSK", "DDR", "YUG"} <= set(gaz.countries)
    assert "Islamic Republic of Mauritania" in gaz.countries["MRT"].aliases
    assert "Kenya" in (gaz.countries["KEN"].name, *gaz.countries["KEN"].aliases)


def test_a_former_state_does_not_take_a_current_states_name(gaz):
    # pycountry's former "France, Metropolitan" would otherwise be read as "France"
    assert all("France" not in (c.name, *c.aliases) for k, c in gaz.countries.items() if k != "FRA")


def test_a_state_before_it_existed_is_read_as_the_state_it_succeeded(gaz):
    assert gaz.in_its_day("RUS", date(1972, 5, 27)) == "SUN"
    assert gaz.in_its_day("RUS", date(1992, 1, 1)) == "RUS"
    assert gaz.in_its_day("SVK", date(1990, 6, 1)) == "CSK"
    assert gaz.in_its_day("FRA", date(1950, 1, 1)) == "FRA"
