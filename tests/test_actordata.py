"""`kb actors import|query|check` on small files in the Wikidata and Phoenix formats the tests write."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kb.actordata.check import findings
from kb.cli import main
from kb.gazetteer import load_gazetteer

WD = "http://www.wikidata.org/entity/"


def _binding(person: str, label: str, office: str, role: str, iso3: str, start: str | None,
             end: str | None = None, aliases: str | None = None) -> dict[str, dict[str, str]]:
    row = {"person": {"type": "uri", "value": WD + person}, "personLabel": {"type": "literal", "value": label},
           "officeLabel": {"type": "literal", "value": office}, "role": {"type": "literal", "value": role},
           "iso3": {"type": "literal", "value": iso3}}
    for name, value in (("start", start), ("end", end), ("aliases", aliases)):
        if value:
            row[name] = {"type": "literal", "value": value}
    return row


ROWS = [
    # a known person: a new alias, a term the data has (same dates: nothing to add)
    _binding("Q7747", "Vladimir Putin", "President of Russia", "head_of_state", "RUS", "2012-05-07T00:00:00Z",
             "2024-05-07T00:00:00Z", "Vladimir Vladimirovich Putin|V. V. Putin"),
    # a person the data does not know
    _binding("Q999000001", "Amara Ndiwe Okafor", "Minister of Tourism of Kenya", "minister", "KEN",
             "2024-02-01T00:00:00Z", None, "A. N. Okafor"),
    # a foreign-minister term with no dates overlaps every holder: a conflict
    _binding("Q999000005", "Undated Holder", "Minister of Foreign Affairs of Kenya", "foreign_minister", "KEN", None),
    # a head-of-state term that overlaps the data's holder: a conflict, left out
    _binding("Q999000002", "Joseph Kariuki Wambua", "President of Kenya", "head_of_state", "KEN",
             "2019-01-01T00:00:00Z", "2020-01-01T00:00:00Z"),
    # bad rows
    _binding("Q999000003", "Nobody Atall", "President of Nowhere", "head_of_state", "XXX", "2001-01-01T00:00:00Z"),
    _binding("Q999000004", "Late Endsearly", "Prime Minister of Kenya", "head_of_government", "KEN",
             "2010-01-01T00:00:00Z", "2009-01-01T00:00:00Z"),
]


def _import(tmp_path: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["actors", "import", "--into", str(tmp_path / "actors"), *args])


@pytest.fixture
def wikidata_json(tmp_path: Path) -> Path:
    path = tmp_path / "holders.json"
    vars_ = ["person", "personLabel", "aliases", "officeLabel", "role", "iso3", "start", "end"]
    path.write_text(json.dumps({"head": {"vars": vars_}, "results": {"bindings": ROWS}}), encoding="utf-8")
    return path


def _okafor_known(folder: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KB_ACTORS_DIR", str(folder))
    return load_gazetteer()


def test_a_wikidata_result_adds_new_people_and_aliases_and_reports_bad_rows_and_conflicts(
        tmp_path: Path, wikidata_json: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _import(tmp_path, str(wikidata_json))
    assert result.exit_code == 1  # bad rows and a conflict were reported
    assert "holders.json:5: country 'XXX'" in result.output
    assert "holders.json:6: the term ends" in result.output
    assert "holders.json:3: Undated Holder" in result.output
    assert "overlaps Uhuru Kenyatta" in result.output
    assert "1 new" in result.output and "(1 already known)" in result.output and "1 aliases added" in result.output
    gaz = _okafor_known(tmp_path / "actors", monkeypatch)
    okafor = next(p for p in gaz.people.values() if p.name == "Amara Ndiwe Okafor")
    assert okafor.wikidata == "Q999000001" and okafor.country == "KEN"
    assert okafor.office_on(date(2026, 1, 1)).title == "Minister of Tourism of Kenya"
    assert okafor.office_on(date(2024, 1, 1)) is None
    assert "V. V. Putin" in gaz.people["vladimir-putin"].aliases
    assert [o.start for o in gaz.people["vladimir-putin"].offices].count(date(2012, 5, 7)) == 1
    for conflicted in ("Joseph Kariuki Wambua", "Undated Holder", "Late Endsearly"):  # no term of theirs is left
        assert all(p.name != conflicted for p in gaz.people.values())
    assert [p.name for p in gaz.holders("KEN", "head_of_state", date(2019, 6, 1))] == ["Uhuru Kenyatta"]


def test_an_imported_person_is_found_in_text(tmp_path: Path, wikidata_json: Path) -> None:
    article = tmp_path / "talks.txt"
    article.write_text(" date 2026-03-03  Talks in Moscow\nOutlet\n\nAmara Ndiwe Okafor held talks with Russian "
                       "Foreign Minister Sergei Lavrov in Moscow on Monday.\n", encoding="utf-8")

    def parties(env: str) -> list[list[tuple[str, str]]]:
        out = CliRunner().invoke(main, ["extract", "--format", "jsonl", str(article)], env={"KB_ACTORS_DIR": env})
        return [sorted((p["name"], p["country"]) for p in json.loads(line)["participants"])
                for line in out.output.splitlines() if line.strip()]

    assert parties("off") == []  # an untitled name the data does not know is nobody
    _import(tmp_path, str(wikidata_json))
    assert parties(str(tmp_path / "actors")) == [[("Amara Ndiwe Okafor", "KEN"), ("Sergei Lavrov", "RUS")]]


def test_a_csv_result_reads_like_the_json_one(tmp_path: Path) -> None:
    path = tmp_path / "holders.csv"
    path.write_text("person,personLabel,aliases,officeLabel,role,iso3,start,end\n"
                    f"{WD}Q999000001,Amara Ndiwe Okafor,,Minister of Tourism of Kenya,minister,KEN,"
                    "2024-01-01T00:00:00Z,\n", encoding="utf-8")
    result = _import(tmp_path, str(path))
    assert result.exit_code == 0, result.output
    written = (tmp_path / "actors" / "holders.toml").read_text(encoding="utf-8")
    assert 'name = "Amara Ndiwe Okafor"' in written and "start = 2024-01-01" in written


def test_reimporting_a_file_replaces_its_people_file(tmp_path: Path, wikidata_json: Path) -> None:
    _import(tmp_path, str(wikidata_json))
    first = (tmp_path / "actors" / "holders.toml").read_text(encoding="utf-8")
    _import(tmp_path, str(wikidata_json))
    assert (tmp_path / "actors" / "holders.toml").read_text(encoding="utf-8") == first
    assert [p.name for p in (tmp_path / "actors").iterdir()] == ["holders.toml"]


def test_a_file_of_neither_format_is_refused_by_name_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name,country\nSomeone,KEN\n", encoding="utf-8")
    result = _import(tmp_path, str(path))
    assert result.exit_code == 1
    assert "other.csv: not a result of office_holders.rq: no column person" in result.output
    assert not (tmp_path / "actors").exists()


PHOENIX = """\
# a country entry, skipped: the countries come from ISO 3166
KENYA_  [KEN]
+KENYAN_

AMARA_NDIWE_OKAFOR_  # a comment
+A_N_OKAFOR_
\t[KENELI 950101-191231]
\t[KENGOV >200101]

ZEPHANIAH_MWANGI_KAMAU_  [KENOPP]

SOMEONE_AT_THE_UN_  [IGOUNO]
"""


def test_a_phoenix_dictionary_gives_people_with_their_country_and_government_terms(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "Phoenix.Countries.actors.txt"
    path.write_text(PHOENIX, encoding="utf-8")
    result = _import(tmp_path, str(path))
    assert result.exit_code == 1  # the IGO-only entry names no state
    assert "Phoenix.Countries.actors.txt:12: 'Someone At The Un': no code names a country" in result.output
    assert "1 non-person entries skipped" in result.output
    gaz = _okafor_known(tmp_path / "actors", monkeypatch)
    okafor = next(p for p in gaz.people.values() if p.name == "Amara Ndiwe Okafor")
    assert okafor.country == "KEN" and "A N Okafor" in okafor.aliases
    assert [(o.role, o.start, o.end) for o in okafor.offices] == [("official", date(2020, 1, 1), None)]
    assert next(p for p in gaz.people.values() if p.name == "Zephaniah Mwangi Kamau").offices == ()


def test_the_query_printed_is_the_one_the_importer_reads(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["actors", "query"])
    assert result.exit_code == 0
    for variable in ("?person", "?personLabel", "?officeLabel", "?role", "?iso3", "?start", "?end", "?aliases"):
        assert variable in result.output
    assert "wd:Q48352" in result.output and "pq:P580" in result.output


def test_the_shipped_data_has_no_double_holders_and_every_shared_name_is_flagged() -> None:
    assert findings(load_gazetteer()) == []
    result = CliRunner().invoke(main, ["actors", "check"])
    assert result.exit_code == 0 and "0 finding(s)" in result.output


def test_a_name_shared_in_office_that_is_not_flagged_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    folder = tmp_path / "actors"
    folder.mkdir()
    (folder / "mine.toml").write_text('[[person]]\nid = "maria-putin"\nname = "Maria Putin"\naliases = ["Putin"]\n'
                                      'country = "RUS"\noffices = [{ title = "Minister of Culture of Russia", '
                                      'role = "minister", start = 2020-01-01 }]\n', encoding="utf-8")
    monkeypatch.setenv("KB_ACTORS_DIR", str(folder))
    found = findings(load_gazetteer())
    assert len(found) == 1 and "RUS 'putin': maria-putin, vladimir-putin" in found[0]
