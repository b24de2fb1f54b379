"""A council's projects list (`projects.csv`): project names with the months they are listed for."""

from __future__ import annotations

from pathlib import Path

from .csvfile import month_cell, read_rows, read_table
from .errors import ProblemList
from .months import Month

COLUMNS = ("from", "to", "project")


def load_projects(path: Path, month: Month) -> tuple[list[str], tuple[Month, Month] | None]:
    """Projects listed for `month` and the period they are listed for; ([], None) without a file."""
    if not path.is_file():
        return [], None
    problems = ProblemList(path)
    listed, period = [], None
    for line, row in read_table(path, COLUMNS, (), problems):
        start, end = month_cell(row, "from", line, problems), month_cell(row, "to", line, problems)
        if not row["project"]:
            problems.add(line, "project", "project name is empty")
        if start is None or end is None or not row["project"]:
            continue
        if start <= month <= end:
            listed.append(row["project"])
            period = (start, end)
    problems.raise_if_any()
    return listed, period


OUTCOME_COLUMNS = ("service_area", "outcome", "expected", "status", "update")


def load_outcomes(path: Path) -> list[dict[str, str]]:
    """Outcomes a provider is delivering (a contract paper's projects appendix); [] without a file."""
    if not path.is_file():
        return []
    return read_rows(path, OUTCOME_COLUMNS[:2], OUTCOME_COLUMNS[2:])
