"""The timeline's overview: events per month, stacked by type, as data for a server-drawn SVG."""

from __future__ import annotations

from dataclasses import dataclass

from kb.web.dates import month_label

COLOURS = {"phone_call": "#0969da", "meeting": "#1a7f37", "visit": "#9a6700", "signing": "#8250df",
           "ratification": "#cf222e"}
OTHER = "#57606a"
HEIGHT = 100
BAR = 14
MAX_MONTHS = 240


@dataclass(frozen=True)
class Bar:
    month: str
    label: str
    type: str
    count: int
    x: int
    y: int
    height: int
    colour: str


@dataclass
class Overview:
    months: list[str]
    counts: dict[str, dict[str, int]]  # month -> type -> events
    bars: list[Bar]
    width: int
    height: int = HEIGHT

    @property
    def total(self) -> int:
        return sum(sum(by_type.values()) for by_type in self.counts.values())

    @property
    def busiest(self) -> tuple[str, int] | None:
        if not self.counts:
            return None
        month = max(self.counts, key=lambda m: (sum(self.counts[m].values()), m))
        return month_label(month), sum(self.counts[month].values())

    def to_json(self) -> dict[str, object]:
        return {"months": self.months, "counts": self.counts}


def month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months: list[str] = []
    while f"{year:04d}-{month:02d}" <= last and len(months) < MAX_MONTHS:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def build(rows: list[tuple[str, str, int]]) -> Overview:
    """Rows of (YYYY-MM, type local name, events) -> bars, one column per month in the range."""
    counts: dict[str, dict[str, int]] = {}
    for month, kind, count in rows:
        counts.setdefault(month, {})[kind] = count
    if not counts:
        return Overview([], {}, [], 0)
    # One column per calendar month; over a span too long for that, one column per month with events.
    months = month_range(min(counts), max(counts))
    if len(months) >= MAX_MONTHS:
        months = sorted(counts)
    tallest = max(sum(by_type.values()) for by_type in counts.values())
    bars = []
    for index, month in enumerate(months):
        y = HEIGHT
        for kind, count in sorted(counts.get(month, {}).items()):
            height = max(2, round(count * (HEIGHT - 10) / tallest))
            y -= height
            bars.append(Bar(month, month_label(month), kind, count, index * BAR, y, height,
                            COLOURS.get(kind, OTHER)))
    return Overview(months, counts, bars, max(len(months) * BAR, BAR))
