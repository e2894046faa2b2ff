"""Actor mentions and references: groups ("the two leaders"), pronouns with gender, office references."""

from datetime import date

import pytest

from kb.extract.actor_index import index_for
from kb.extract.actors import Context, find_actors
from kb.gazetteer import load_gazetteer

DAY = date(2025, 8, 13)


@pytest.fixture(scope="module")
def index():
    return index_for(load_gazetteer())


def parties(text, index, ctx):
    return [m.name for m in find_actors(text, ctx, index) if m.kind == "person" and not m.modifier]


def read(index, *texts):
    ctx = Context(DAY)
    for text in texts:
        find_actors(text, ctx, index)
    return ctx


def test_a_sentence_initial_office_reference_is_found(index):
    assert parties("The Russian leader spoke with Xi Jinping.", index, Context(DAY)) == ["Vladimir Putin",
                                                                                       "Xi Jinping"]


def test_the_two_leaders_prefers_the_side_the_sentence_names(index):
    ctx = read(index, "Vladimir Putin spoke with Kim Jong Un on Tuesday.",
               "Putin later briefed Xi Jinping and Sergei Lavrov spoke with Marco Rubio.")
    found = parties("On Putin's visit to Pyongyang, the two leaders signed a pact.", index, ctx)
    assert set(found) == {"Vladimir Putin", "Kim Jong Un"}


def test_the_two_after_a_coordinated_pair_means_that_pair(index):
    ctx = read(index, "Donald Trump spoke to reporters.")
    found = parties("Trump welcomed Ilham Aliyev and Nikol Pashinyan, where the two signed a declaration.",
                    index, ctx)
    assert found[-2:] == ["Ilham Aliyev", "Nikol Pashinyan"]


def test_the_two_falls_back_on_the_people_the_article_is_about(index):
    ctx = read(index, "Vladimir Putin telephoned Kim Jong Un.", "Putin thanked Kim for his support.",
               "Earlier Putin had told Kim about his plans with Donald Trump.")
    found = parties("Kim recalled the pact the two signed last year.", index, ctx)
    assert set(found) == {"Kim Jong Un", "Vladimir Putin"}


def test_the_two_leaders_skips_ministers(index):
    ctx = read(index, "Vladimir Putin hosted Kim Jong Un.", "Sergei Lavrov briefed Choe Son Hui.")
    assert set(parties("The two leaders then signed a pact.", index, ctx)) == {"Vladimir Putin", "Kim Jong Un"}


def test_a_pronoun_follows_the_gender_the_text_gives(index):
    ctx = read(index, "Foreign Minister Choe Son Hui flew to Moscow.")
    found = parties("Vladimir Putin received her on Monday, a day after she met Sergei Lavrov.", index, ctx)
    assert found == ["Vladimir Putin", "Choe Son Hui", "Choe Son Hui", "Sergei Lavrov"]


def test_a_pronoun_of_the_other_gender_is_left_unresolved(index):
    ctx = read(index, "Choe Son Hui arrived.", "Sergei Lavrov greeted her.")
    assert parties("He smiled.", index, ctx) == ["Sergei Lavrov"]
    ctx = read(index, "Sergei Lavrov greeted Choe Son Hui.", "Lavrov praised her.")
    ctx.subject = next(p for p in ctx.persons if p.name == "Choe Son Hui")
    assert parties("He left.", index, ctx) == []


def test_the_former_minister_is_a_past_holder_not_the_present_one(index):
    ctx = read(index, "Sergei Shoigu arrived in Pyongyang.")
    assert parties("The former Russian defense minister met Kim Jong Un.", index, ctx) == ["Sergei Shoigu",
                                                                                           "Kim Jong Un"]


def test_the_sender_of_a_message_is_no_party(index):
    ctx = read(index, "Vladimir Putin spoke.")
    assert parties("Sergei Shoigu met Kim Jong Un and handed over a letter from Putin.", index, ctx) == [
        "Sergei Shoigu", "Kim Jong Un"]


def test_a_surname_in_a_caption_resolves_to_a_name_the_body_spells_out_later(index):
    ctx = Context(DAY, article_text="kim greets shoigu. russia's sergei shoigu arrived in pyongyang.")
    assert parties("Kim Jong Un greets Shoigu.", index, ctx) == ["Kim Jong Un", "Sergei Shoigu"]


# One sentence each for 30 states outside the G20, in several decades, naming the leader by full name
# with a title, by title alone (resolved to whoever held the office on the event's day), or by name alone.
BEYOND_G20 = [
    ("2019-06-18", "The Kenyan president held talks with Ethiopian Prime Minister Abiy Ahmed in Nairobi on Monday.",
     {("Uhuru Kenyatta", "KEN"), ("Abiy Ahmed", "ETH")}),
    ("1995-06-14", "Ethiopian President Meles Zenawi met Eritrean President Isaias Afwerki in Asmara on Tuesday.",
     {("Meles Zenawi", "ETH"), ("Isaias Afwerki", "ERI")}),
    ("2001-06-13", "Olusegun Obasanjo telephoned Ghanaian President John Kufuor on Tuesday.",
     {("Olusegun Obasanjo", "NGA"), ("John Kufuor", "GHA")}),
    ("2005-06-15", "Senegal's president, Abdoulaye Wade, received Malian President Amadou Toumani Toure in Dakar "
     "on Tuesday.", {("Abdoulaye Wade", "SEN"), ("Amadou Toumani Touré", "MLI")}),
    ("1998-06-17", "The Egyptian president met Jordan's King Hussein in Cairo on Tuesday.",
     {("Hosni Mubarak", "EGY"), ("Hussein bin Talal", "JOR")}),
    ("2012-06-13", "Moroccan Foreign Minister Saadeddine Othmani met his Tunisian counterpart Rafik Abdessalem in "
     "Rabat on Tuesday.", {("Saadeddine Othmani", "MAR"), ("Rafik Abdessalem", "TUN")}),
    ("2016-06-15", "Tunisian President Beji Caid Essebsi spoke by phone with Algerian President Abdelaziz "
     "Bouteflika on Tuesday.", {("Beji Caid Essebsi", "TUN"), ("Abdelaziz Bouteflika", "DZA")}),
    ("1993-06-16", "Tanzanian President Ali Hassan Mwinyi held talks with Ugandan President Yoweri Museveni in "
     "Dar es Salaam on Tuesday.", {("Ali Hassan Mwinyi", "TZA"), ("Yoweri Museveni", "UGA")}),
    ("1999-06-16", "Robert Mugabe met Zambian President Frederick Chiluba in Harare on Tuesday.",
     {("Robert Mugabe", "ZWE"), ("Frederick Chiluba", "ZMB")}),
    ("2008-06-18", "Angolan President Jose Eduardo dos Santos received Namibian President Hifikepunye Pohamba in "
     "Luanda on Tuesday.", {("Jose Eduardo dos Santos", "AGO"), ("Hifikepunye Pohamba", "NAM")}),
    ("1997-06-18", "Peruvian President Alberto Fujimori met Ecuadorian President Fabian Alarcon in Brasilia on "
     "Tuesday.", {("Alberto Fujimori", "PER"), ("Fabian Alarcon", "ECU")}),
    ("2007-06-13", "The Chilean president held talks with Bolivian President Evo Morales in Santiago on Tuesday.",
     {("Michelle Bachelet", "CHL"), ("Evo Morales", "BOL")}),
    ("2003-06-18", "Colombian President Alvaro Uribe spoke by telephone with Venezuelan President Hugo Chavez on "
     "Tuesday.", {("Alvaro Uribe", "COL"), ("Hugo Chavez", "VEN")}),
    ("1994-06-15", "Cuban leader Fidel Castro met Colombian President Cesar Gaviria in Havana on Tuesday.",
     {("Fidel Castro", "CUB"), ("Cesar Gaviria", "COL")}),
    ("2016-06-15", "Uruguayan President Tabare Vazquez received Paraguayan President Horacio Cartes in Montevideo "
     "on Tuesday.", {("Tabare Vazquez", "URY"), ("Horacio Cartes", "PRY")}),
    ("2018-06-13", "Vietnamese Prime Minister Nguyen Xuan Phuc met Cambodian Prime Minister Hun Sen in Hanoi on "
     "Tuesday.", {("Nguyen Xuan Phuc", "VNM"), ("Hun Sen", "KHM")}),
    ("2002-06-12", "Thai Prime Minister Thaksin Shinawatra held talks with Malaysian Prime Minister Mahathir "
     "Mohamad in Bangkok on Tuesday.", {("Thaksin Shinawatra", "THA"), ("Mahathir Mohamad", "MYS")}),
    ("1999-06-16", "Philippine President Joseph Estrada met Indonesian President B. J. Habibie in Manila on "
     "Tuesday.", {("Joseph Estrada", "PHL"), ("B. J. Habibie", "IDN")}),
    ("2005-06-15", "Pakistani President Pervez Musharraf spoke by phone with Afghan President Hamid Karzai on "
     "Tuesday.", {("Pervez Musharraf", "PAK"), ("Hamid Karzai", "AFG")}),
    ("2012-06-13", "Bangladeshi Prime Minister Sheikh Hasina received Nepalese Prime Minister Baburam Bhattarai in "
     "Dhaka on Tuesday.", {("Sheikh Hasina", "BGD"), ("Baburam Bhattarai", "NPL")}),
    ("2008-06-18", "Sri Lankan President Mahinda Rajapaksa met Maldivian President Maumoon Abdul Gayoom in Colombo "
     "on Tuesday.", {("Mahinda Rajapaksa", "LKA"), ("Maumoon Abdul Gayoom", "MDV")}),
    ("2010-06-16", "Kazakh President Nursultan Nazarbayev held talks with Kyrgyz President Roza Otunbayeva in "
     "Astana on Tuesday.", {("Nursultan Nazarbayev", "KAZ"), ("Roza Otunbayeva", "KGZ")}),
    ("2005-06-15", "Uzbek President Islam Karimov met Tajik President Emomali Rahmon in Tashkent on Tuesday.",
     {("Islam Karimov", "UZB"), ("Emomali Rahmon", "TJK")}),
    ("2010-06-16", "The Iraqi prime minister spoke by phone with Syrian President Bashar al-Assad on Tuesday.",
     {("Nouri al-Maliki", "IRQ"), ("Bashar al-Assad", "SYR")}),
    ("1995-06-14", "Israeli Prime Minister Yitzhak Rabin met Jordan's King Hussein in Aqaba on Tuesday.",
     {("Yitzhak Rabin", "ISR"), ("Hussein bin Talal", "JOR")}),
    ("1993-06-16", "Polish President Lech Walesa received Czech President Vaclav Havel in Warsaw on Tuesday.",
     {("Lech Walesa", "POL"), ("Vaclav Havel", "CZE")}),
    ("2000-06-14", "Hungarian Prime Minister Viktor Orban held talks with Slovak Prime Minister Mikulas Dzurinda in "
     "Budapest on Tuesday.", {("Viktor Orban", "HUN"), ("Mikulas Dzurinda", "SVK")}),
    ("2003-06-18", "Norwegian Prime Minister Kjell Magne Bondevik met Swedish Prime Minister Goran Persson in Oslo "
     "on Tuesday.", {("Kjell Magne Bondevik", "NOR"), ("Goran Persson", "SWE")}),
    ("2013-06-12", "The Finnish president spoke by phone with Estonian President Toomas Hendrik Ilves on Tuesday.",
     {("Sauli Niinisto", "FIN"), ("Toomas Hendrik Ilves", "EST")}),
    ("2010-06-16", "Serbian President Boris Tadic met Croatian President Ivo Josipovic in Belgrade on Tuesday.",
     {("Boris Tadic", "SRB"), ("Ivo Josipovic", "HRV")}),
]


@pytest.mark.parametrize(("published", "sentence", "parties"), BEYOND_G20, ids=[c[1][:40] for c in BEYOND_G20])
def test_leaders_of_states_beyond_the_g20_are_found_with_their_country(published, sentence, parties) -> None:
    from kb.articles.seed import parse_text
    from kb.extract import extract
    from kb.gazetteer import load_gazetteer

    article = parse_text(f" date {published}  Talks\nOutlet\n\n{sentence}\n", "case.txt")
    events = extract(article, load_gazetteer())
    assert len(events) == 1
    assert {(p.name, p.country) for p in events[0].participants} == parties
