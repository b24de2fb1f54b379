"""Escalations (`escalations.csv`): figures amended after escalation, and those still in escalation."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .csvfile import figure_cell, month_cell, read_table
from .errors import ProblemList, quote
from .months import Month

COLUMNS = ("kpi_id", "month", "state", "previous_value", "previous_rag", "reason")
STATES = {"amended": "amended following escalation", "open": "in escalation"}
RAGS = ("green", "amber", "red")


@dataclass(frozen=True)
class Escalation:
    """`amended`: the figure was changed after escalation (previous_value/rag first reported).
    `open`: still in escalation, so the reported figure is provisional."""

    kpi_id: str
    month: Month
    state: str
    previous_value: Decimal | None
    previous_rag: str
    reason: str


def load_escalations(path: Path, kpi_ids) -> dict[tuple[str, Month], Escalation]:
    """Escalations by (KPI, month); an absent file means none. InputError on bad rows."""
    if not path.is_file():
        return {}
    problems = ProblemList(path)
    found: dict[tuple[str, Month], Escalation] = {}
    for line, row in read_table(path, COLUMNS[:3], COLUMNS[3:], problems):
        if row["kpi_id"] not in kpi_ids:
            problems.add(line, "kpi_id", f"unknown KPI {quote(row['kpi_id'])}")
            continue
        month = month_cell(row, "month", line, problems)
        if month is None:
            continue
        if row["state"] not in STATES:
            problems.add(line, "state", f"should be one of {', '.join(STATES)}, not {quote(row['state'])}")
            continue
        figure = figure_cell(row, "previous_value", line, problems)
        if row.get("previous_value") and figure is None:
            continue
        previous = figure.value if figure is not None else None
        if row.get("previous_rag", "") not in RAGS + ("",):
            problems.add(line, "previous_rag", f"should be one of {', '.join(RAGS)}, not {quote(row['previous_rag'])}")
            continue
        key = (row["kpi_id"], month)
        if key in found:
            problems.add(line, "month", f"{row['kpi_id']} {month} is listed twice")
            continue
        found[key] = Escalation(
            row["kpi_id"], month, row["state"], previous, row.get("previous_rag", ""), row.get("reason", "")
        )
    problems.raise_if_any()
    return found
