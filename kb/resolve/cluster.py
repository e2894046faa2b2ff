"""Which reports of one block tell of the same real-world event.

The grouping is a pure function of the set of reports (every choice follows a sort on the reports'
own data), so the order articles were ingested in never changes the result. The rules:

1. Reports whose year the text stated are grouped first. Day-dated reports of one day make a group;
   groups a day apart (`DAY_TOLERANCE`) with the same type and no common article are one event
   (outlets in different time zones date one call a day apart); month- and year-dated reports then
   join the best-supported group inside their span.
2. A report whose year was only guessed ("signed a treaty in June" in an August article) joins a
   group of its guessed date if there is one; otherwise the most recent group with the same month
   (and day) in one of the `LOOKBACK_YEARS` before, when the two name the same agreement or the
   same place: a back-reference to a known event, not a new one.
3. An undated report joins the latest earlier group naming the same agreement or place.
Two reports of one article never join one group: the extractor already keeps one article's
distinct encounters apart, and merges its repeated mentions of one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from kb.extract.agreements import agreement_key, same_agreement
from kb.records import TimeValue

DAY_TOLERANCE = timedelta(days=1)
LOOKBACK_YEARS = 5
PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


@dataclass(frozen=True)
class Party:
    """A participant as a stored report names it."""

    actor: str  # IRI
    name: str
    kind: str  # person | country | organization
    country: str | None  # country IRI
    role: str  # caller, host, ... (local name)
    office: str | None = None


@dataclass(frozen=True)
class Report:
    """One article's account of an event, as stored in the article's graph."""

    iri: str
    article: str  # article IRI
    source: str  # the file the article came from
    published: date | None
    type: str
    status: str
    date: TimeValue | None
    place: str | None  # place IRI
    place_name: str | None
    parties: tuple[Party, ...]
    block: str
    agreement: str | None = None

    @property
    def order(self) -> tuple[str, str, str]:
        """Earliest-published first: the first report of an event names it for good."""
        return (self.published.isoformat() if self.published else "9999", self.source, self.iri)


@dataclass
class Group:
    reports: list[Report] = field(default_factory=list)
    earliest: date = date.max
    latest: date = date.min
    redated: set[str] = field(default_factory=set)  # reports whose guessed year was corrected

    def add(self, report: Report, redated: bool = False) -> None:
        self.reports.append(report)
        if redated:
            self.redated.add(report.iri)
        elif report.date is not None and self.fits_span(report.date):
            self.earliest = min(self.earliest, report.date.earliest)
            self.latest = max(self.latest, report.date.latest)

    def fits_span(self, when: TimeValue) -> bool:
        """Does `when` narrow or start the group's span (a coarse report inside it does not widen it)?"""
        return not self.reports[:-1] or when.precision == "day"

    def has_article(self, article: str) -> bool:
        return any(r.article == article for r in self.reports)

    def overlaps(self, first: date, last: date) -> bool:
        return first <= self.latest and self.earliest <= last

    def agreement_keys(self) -> list[frozenset[str]]:
        return [agreement_key(r.agreement) for r in self.reports if r.agreement]

    def places(self) -> set[str]:
        return {r.place for r in self.reports if r.place and r.iri not in self.redated}


def _date_order(report: Report) -> tuple[object, ...]:
    assert report.date is not None
    return (report.date.earliest, -PRECISION_RANK[report.date.precision], report.date.latest, report.order)


def group_reports(reports: list[Report]) -> list[Group]:
    """The reports of one block, grouped into events (see the module docstring)."""
    stated = sorted((r for r in reports if r.date and r.date.year_stated), key=_date_order)
    guessed = sorted((r for r in reports if r.date and not r.date.year_stated), key=_date_order)
    undated = sorted((r for r in reports if r.date is None), key=lambda r: r.order)
    groups = _day_groups([r for r in stated if r.date and r.date.precision == "day"])
    for report in sorted((r for r in stated if r.date and r.date.precision != "day"),
                         key=lambda r: (-PRECISION_RANK[r.date.precision], _date_order(r))):  # type: ignore[union-attr]
        _place_span(report, groups)
    for report in guessed:
        _place_guessed(report, groups)
    for report in undated:
        _place_undated(report, groups)
    return sorted(groups, key=lambda g: min(r.order for r in g.reports))


def _new_group(report: Report, groups: list[Group]) -> None:
    group = Group()
    group.add(report)
    groups.append(group)


def _day_groups(reports: list[Report]) -> list[Group]:
    """Reports of one day make one group (a second report from one article starts another); then a
    group joins the group of the day before when their articles differ and their types agree: one
    call, dated a day apart by outlets in different time zones. Each group joins at most once."""
    # Groups looked up by their day, not searched for: a block of a few thousand reports (a pair of
    # countries' meetings over years) made the plain scans quadratic. Same groups, same order.
    by_day: list[Group] = []
    of_day: dict[date, list[Group]] = {}
    for report in reports:  # sorted by day
        assert report.date is not None
        same_day = [g for g in of_day.get(report.date.earliest, ()) if not g.has_article(report.article)]
        if same_day:
            same_day[0].add(report)
        else:
            _new_group(report, by_day)
            of_day.setdefault(report.date.earliest, []).append(by_day[-1])
    merged: list[Group] = []
    ending: dict[date, list[Group]] = {}  # merged groups not joined yet, by their last day (fixed until joined)
    joined: set[int] = set()
    for group in by_day:
        candidates = ending.get(group.earliest - DAY_TOLERANCE, []) if group.earliest > date.min else []
        before = next((m for m in candidates if id(m) not in joined and _may_join(m, group)), None)
        if before is None:
            merged.append(group)
            ending.setdefault(group.latest, []).append(group)
            continue
        for report in group.reports:
            before.add(report)
        joined.add(id(before))
    return merged


def _may_join(first: Group, second: Group) -> bool:
    articles = {r.article for r in first.reports}
    return (not any(r.article in articles for r in second.reports)
            and {r.type for r in first.reports} == {r.type for r in second.reports})


def _best(candidates: list[Group]) -> Group | None:
    """The group most reports support; on a tie the earliest."""
    return min(candidates, key=lambda g: (-len(g.reports), g.earliest), default=None)


def _overlapping(report: Report, groups: list[Group], first: date, last: date) -> list[Group]:
    return [g for g in groups if g.overlaps(first, last) and not g.has_article(report.article)]


def _place_span(report: Report, groups: list[Group]) -> None:
    """Join the best-supported group inside the report's span, or start one."""
    assert report.date is not None
    best = _best(_overlapping(report, groups, report.date.earliest, report.date.latest))
    if best is not None:
        best.add(report)
    else:
        _new_group(report, groups)


def _refers_to(report: Report, group: Group) -> bool:
    """Does the report name the group's agreement or place (what makes a back-reference safe)?"""
    key = agreement_key(report.agreement)
    if report.agreement and any(same_agreement(key, other) for other in group.agreement_keys()):
        return True
    return report.place is not None and report.place in group.places()


def _place_guessed(report: Report, groups: list[Group]) -> None:
    assert report.date is not None
    when = report.date
    if _overlapping(report, groups, when.earliest, when.latest):
        _place_span(report, groups)
        return
    for back in range(1, LOOKBACK_YEARS + 1):
        first, last = _years_before(when.earliest, back), _years_before(when.latest, back)
        best = _best([g for g in _overlapping(report, groups, first, last) if _refers_to(report, g)])
        if best is not None:
            best.add(report, redated=True)
            return
    _place_span(report, groups)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _place_undated(report: Report, groups: list[Group]) -> None:
    earlier = [g for g in groups if (report.published is None or g.earliest <= report.published)
               and not g.has_article(report.article) and _refers_to(report, g)]
    latest = max(earlier, key=lambda g: (g.earliest, len(g.reports)), default=None)
    if latest is not None:
        latest.add(report, redated=True)
    else:
        _new_group(report, groups)
