"""A council's projects list (`projects.csv`): project names with the months they are listed for."""

from __future__ import annotations

import csv
from pathlib import Path

from .csvfile import read_table
from .errors import ProblemList
from .months import Month

COLUMNS = ("from", "to", "project")


def load_projects(path: Path, month: Month) -> tuple[list[str], tuple[Month, Month] | None]:
    """Projects listed for `month` and the period they are listed for; ([], None) without a file."""
    if not path.is_file():
        return [], None
    problems = ProblemList(path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    listed, period = [], None
    for line, row in enumerate(rows, start=2):
        if not any((v or "").strip() for v in row.values()):
            continue
        try:
            start, end = Month.parse(row.get("from") or ""), Month.parse(row.get("to") or "")
        except ValueError as exc:
            problems.add(line, "from/to", str(exc))
            continue
        if not (row.get("project") or "").strip():
            problems.add(line, "project", "project name is empty")
            continue
        if start <= month <= end:
            listed.append(row["project"].strip())
            period = (start, end)
    problems.raise_if_any()
    return listed, period


OUTCOME_COLUMNS = ("service_area", "outcome", "expected", "status", "update")


def load_outcomes(path: Path) -> list[dict[str, str]]:
    """Outcomes a provider is delivering (a contract paper's projects appendix); [] without a file."""
    if not path.is_file():
        return []
    problems = ProblemList(path)
    rows = [row for _, row in read_table(path, OUTCOME_COLUMNS[:2], OUTCOME_COLUMNS[2:], problems)]
    problems.raise_if_any()
    return rows
