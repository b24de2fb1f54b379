"""Headline measures (`headlines.csv`): a few figures with a baseline and a current value, each as
approximate as its source says ('just under 70,000'), for a narrative-led overview paper."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .csvfile import figure_cell, month_cell, read_table
from .errors import ProblemList, quote
from .months import Month

COLUMNS = ("measure", "title", "unit", "month", "baseline", "baseline_qualifier", "current", "current_qualifier")
OPTIONAL = ("change", "change_qualifier")
UNITS = ("count", "percent", "days", "gbp")
# How exact a stated figure is: '' exact; 'about'; an upper bound; a lower bound.
QUALIFIERS = ("", "about", "just under", "under", "less than", "over", "just over", "more than")


@dataclass(frozen=True)
class Stated:
    """A figure as stated: its value and how exact it is ('over' 80,000)."""

    value: Decimal
    qualifier: str = ""


@dataclass(frozen=True)
class Headline:
    """One headline measure: before (baseline), now (current), or a change the source gives itself."""

    measure: str
    title: str
    unit: str
    month: Month
    baseline: Stated | None
    current: Stated | None
    change: Stated | None  # only where the source states the change and not the values
    line: int


def load_headlines(path: Path) -> list[Headline]:
    """Read and check headlines.csv; InputError naming the line and column of every bad cell."""
    problems = ProblemList(path)
    found: list[Headline] = []
    for line, row in read_table(path, COLUMNS, OPTIONAL, problems):
        before = len(problems.items)
        if row["unit"] not in UNITS:
            problems.add(line, "unit", f"should be one of {', '.join(UNITS)}, not {quote(row['unit'])}")
        month = month_cell(row, "month", line, problems)
        stated = {part: _stated(row, part, line, problems) for part in ("baseline", "current", "change")}
        if not any(stated.values()):
            problems.add(line, "current", "gives no figure: fill baseline and current, current alone, or change")
        if stated["change"] and (stated["baseline"] or stated["current"]):
            problems.add(line, "change", "give the change only when the values before and after are not known")
        if row["measure"] in {h.measure for h in found}:
            problems.add(line, "measure", f"{quote(row['measure'])} is listed twice")
        if len(problems.items) == before:
            found.append(Headline(row["measure"], row["title"], row["unit"], month, line=line, **stated))
    problems.raise_if_any()
    return found


def _stated(row: dict[str, str], part: str, line: int, problems: ProblemList) -> Stated | None:
    figure = figure_cell(row, part, line, problems)
    qualifier = row.get(f"{part}_qualifier", "").strip().lower()
    if qualifier not in QUALIFIERS:
        problems.add(
            line, f"{part}_qualifier", f"should be empty or one of {', '.join(QUALIFIERS[1:])}, not {quote(qualifier)}"
        )
        return None
    if figure is None:
        if qualifier:
            problems.add(line, f"{part}_qualifier", f"qualifies no figure: {part} is empty")
        return None
    return Stated(figure.value, qualifier)
