"""Projects active, added and closed each month (`project_volumes.csv`, optional): a chart and its table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


def load_volumes(path: Path) -> dict[Month, Volumes]:
    """Every month's row; {} without a file. InputError naming the line and column of every bad cell."""
    if not path.is_file():
        return {}
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
    return found


def _count(row: dict[str, str], column: str, line: int, problems: ProblemList) -> int | None:
    """A whole number of projects, 0 or more; None with a problem recorded otherwise."""
    try:
        return parse_count(row[column])
    except ValueError:
        problems.add(line, column, f"{row[column]!r} should be a whole number of projects (0 or more)")
        return None
