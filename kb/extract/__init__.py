"""Article -> events: rule-based extraction of calls, meetings, visits, signings and ratifications.

Each sentence is read as clauses, and each event mention (a trigger) with its own arguments, its own
time and its own modality, decided within its clause; mentions are then linked across sentences. The
pieces, in the order they run:

  sentences     split with exact offsets
  actors        people, countries, organisations and places (actor_index: the data compiled for search;
                names: token look-up of names; the data itself: kb.gazetteer)
  times         dates at their stated precision, with a past and a future reading (time_tables: the phrase
                tables and patterns; calendar: the arithmetic)
  triggers      event words and their modality: occurred, planned, speculative (denied, hypothetical,
                offered) or a setting (a gathering named as another event's occasion)
  clauses       where a clause ends; facts: which trigger each party and each date belongs to
  parties       the principal parties by type (SCHEMA.md); coordination: several events in one sentence
  events        one sentence's candidates; earlier: "the first meeting since <date or event>"
  discourse     mentions without parties that date an earlier event; plans with no time yet
  merge         one event per occurrence within the article; finish: records with roles and offices

The rules, phenomenon by phenomenon, are described in ontology/README.md ("Extraction") and pinned by
tests/phenomena/ (with the cases not yet right listed in known_gaps.toml).
"""

from __future__ import annotations

from datetime import date

from kb.extract.actor_index import Index, index_for
from kb.extract.actors import Context, find_actors
from kb.extract.discourse import drop_undated_plans, resolve_references
from kb.extract.earlier import earlier_events
from kb.extract.events import Candidate, sentence_candidates
from kb.extract.facts import SentenceFacts
from kb.extract.finish import finish
from kb.extract.merge import merge
from kb.extract.sentences import split_block
from kb.extract.times import TimeMention, TimeValue
from kb.extract.times import default_finder as time_finder
from kb.extract.triggers import default_finder as trigger_finder
from kb.gazetteer import Gazetteer, load_gazetteer
from kb.records import Article, Event

__all__ = ["extract"]


def extract(article: Article, gazetteer: Gazetteer | None = None) -> list[Event]:
    """The events `article` reports, in text order, one per occurrence."""
    index = index_for(gazetteer or load_gazetteer())
    ctx = Context(article.published)
    for block in article.blocks:
        if block.kind == "title":  # names spelled out in the title count for later surnames
            for sentence in split_block(block):
                find_actors(sentence.text, ctx, index)
    # A caption above the body may use a surname the body spells out only later.
    ctx.article_text = " ".join(b.text for b in article.paragraphs + article.captions).replace("-", " ").lower()
    candidates = _candidates(article, ctx, index)
    merged = drop_undated_plans(merge(resolve_references(candidates)))
    events = [finish(c, article.id, article.text, index) for c in merged]
    return sorted(events, key=lambda e: e.evidence.start)


def _candidates(article: Article, ctx: Context, index: Index) -> list[Candidate]:
    blocks = sorted(article.paragraphs + article.captions, key=lambda b: b.start)
    out: list[Candidate] = []
    ref: TimeValue | None = None  # the last date mentioned, for "the same day", "two days later"
    report: date | None = None  # the day the news was last said to be reported ("Trump said Friday")
    for block in blocks:
        for sentence in split_block(block):
            mentions = find_actors(sentence.text, ctx, index)
            facts = SentenceFacts(sentence.text, mentions,
                                  time_finder().find(sentence.text, article.published, ref, report),
                                  trigger_finder().find(sentence.text, [(m.start, m.end) for m in mentions]))
            found = sentence_candidates(sentence, facts, ctx, index, article.published, ref)
            found += earlier_events(sentence, facts, found, out, index)
            out.extend(found)
            _learn_roles(found, ctx)
            ref = _last_date(found, [t for t in facts.times if not facts.is_bound(t)], ref)
            report = _report_day(facts.times, article.published, report)
    return out


HOSTING = frozenset({"received", "receives", "hosted", "hosts", "welcomed", "welcomes", "greeted", "greets"})


def _learn_roles(found: list[Candidate], ctx: Context) -> None:
    """Who hosted whom in the sentence's last encounter, for "the host" and "the guest" later."""
    for c in found:
        people = [p for p in c.parties if p.kind == "person"]
        if len(people) < 2 or c.type not in ("visit", "meeting"):
            continue
        if c.type == "visit" and len(people) == 2:
            ctx.roles = {"guest": people[0], "host": people[1]}
        elif c.trigger.text.split()[0].lower() in HOSTING:  # of several guests, none is "the guest"
            ctx.roles = {"host": people[0], **({"guest": people[1]} if len(people) == 2 else {})}


def _report_day(times: list[TimeMention], published: date | None, report: date | None) -> date | None:
    """A day-precise report date not after publication ("said Friday"), else the one before."""
    for t in times:
        if t.report and t.past is not None and t.past.precision == "day" and (
                published is None or t.past.earliest <= published):
            report = t.past.earliest
    return report


def _last_date(found: list[Candidate], times: list[TimeMention], ref: TimeValue | None) -> TimeValue | None:
    """The date later phrases count from: an event's date read at its tense (or the day it was reported
    on), else the last one written."""
    dated = [c.date or c.report_date for c in found if c.date or c.report_date]
    if dated:
        return dated[-1]
    return next((t.past for t in reversed(times) if t.past and not t.bound), ref)
