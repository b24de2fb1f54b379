"""Projects active, added and closed each month (`project_volumes.csv`, optional): a chart and its table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .csvfile import month_cell, read_table
from .errors import ProblemList
from .months import Month
from .numbers import parse_count

FILE = "project_volumes.csv"
COLUMNS = ("month", "active", "new", "closed")


@dataclass(frozen=True)
class Volumes:
    """One month's project counts."""

    month: Month
    active: int
    new: int
    closed: int


def load_volumes(path: Path, months: list[Month]) -> list[Volumes]:
    """The rows for `months` (the months the paper shows), oldest first; [] without a file.
    InputError naming the line and column of every bad cell."""
    if not path.is_file():
        return []
    problems = ProblemList(path)
    found: dict[Month, Volumes] = {}
    for line, row in read_table(path, COLUMNS, (), problems):
        month = month_cell(row, "month", line, problems)
        counts = [_count(row, column, line, problems) for column in COLUMNS[1:]]
        if month is None or None in counts:
            continue
        if month in found:
            problems.add(line, "month", f"{month} is listed twice")
            continue
        found[month] = Volumes(month, *counts)
    problems.raise_if_any()
    return [found[m] for m in months if m in found]


def _count(row: dict[str, str], column: str, line: int, problems: ProblemList) -> int | None:
    """A whole number of projects, 0 or more; None with a problem recorded otherwise."""
    try:
        return parse_count(row[column])
    except ValueError:
        problems.add(line, column, f"{row[column]!r} should be a whole number of projects (0 or more)")
        return None


def volumes_chart_img(volumes: list[Volumes], label_format: str, title: str) -> Markup:
    """Bars of projects added and closed, a line of projects active, per month; alt text states the latest."""
    from .._render.charts import _img, _svg, plt

    xs = list(range(len(volumes)))
    fig, ax = plt.subplots(figsize=(6.4, 2.6))
    ax.bar([x - 0.2 for x in xs], [v.new for v in volumes], width=0.4, color="#1565c0", label="New")
    ax.bar(
        [x + 0.2 for x in xs],
        [v.closed for v in volumes],
        width=0.4,
        color="#9e9e9e",
        label="Closed",
        hatch="//",
        edgecolor="white",
    )
    ax.plot(xs, [v.active for v in volumes], color="#37474f", marker="o", linewidth=1.4, label="Active")
    ax.set_xticks(xs, [v.month.label(label_format) for v in volumes], fontsize=7)
    ax.set_xlim(-0.6, len(xs) - 0.4)
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=7)
    fig.subplots_adjust(left=0.09, right=0.85, bottom=0.13, top=0.96)
    last = volumes[-1]
    alt = (
        f"Chart of {title}, {volumes[0].month.label(label_format)} to {last.month.label(label_format)}: "
        f"in {last.month.long} {last.active} active, {last.new} new and {last.closed} closed."
    )
    return _img(_svg(fig), alt)
