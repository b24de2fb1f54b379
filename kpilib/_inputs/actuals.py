"""A council's monthly figures (`params/<council>/actuals.csv`), one row per indicator per month."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .council import MeasuringCouncil
from .csvfile import figure_cell, month_cell, read_table, warn
from .errors import ProblemList, quote
from .months import Month
from .numbers import Figure

# A cell without a value says why: white on the dashboard (data will come), grey (none expected),
# or, on contracts, data the provider failed to supply (scored red).
STATUSES = {
    "awaited": "data will become available",
    "not_expected": "no data currently expected",
    "data_not_available": "the provider supplied insufficient or inaccurate data",
}
REQUIRED_COLUMNS = ("kpi_id", "month", "value", "status")
OPTIONAL_COLUMNS = ("numerator", "denominator", "mitigated", "note")
YES_NO = {"yes": True, "no": False, "": False}
# The columns a contract council's actuals are written with (make import, make demo).
CONTRACT_COLUMNS = ("kpi_id", "month", "value", "status", "mitigated", "note")


@dataclass(frozen=True)
class Observation:
    """One cell of the dashboard as recorded: a value (with numerator and denominator) or a status."""

    kpi_id: str
    month: Month
    value: Figure | None
    numerator: Figure | None
    denominator: Figure | None
    status: str
    note: str
    line: int
    mitigated: bool = False  # contract relief agreed for the month, with or without a value


Actuals = dict[tuple[str, Month], Observation]


def load_actuals(council: MeasuringCouncil, path: Path | None = None) -> Actuals:
    """Read and check the council's actuals; InputError listing every problem with file and line."""
    path = path or council.actuals_path
    problems = ProblemList(path)
    table = read_table(path, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, problems)
    if not table:
        warn(path, "has a header but no rows, so the council has no figures at all")
    actuals: Actuals = {}
    for line, row in table:
        observation = _observation(row, line, council, problems)
        if observation is None:
            continue
        key = (observation.kpi_id, observation.month)
        if key in actuals:
            problems.add(
                line,
                "month",
                f"{observation.kpi_id} {observation.month} is given twice (first on line {actuals[key].line})",
            )
            continue
        actuals[key] = observation
    problems.raise_if_any()
    return actuals


def _observation(row: dict, line: int, council: MeasuringCouncil, problems: ProblemList) -> Observation | None:
    ok = True
    kpi_id = row["kpi_id"]
    indicator = council.indicators.get(kpi_id)
    if indicator is None:
        problems.add(line, "kpi_id", f"unknown indicator {quote(kpi_id)} (not in council.yml)")
        ok = False
    month = month_cell(row, "month", line, problems)
    ok = ok and month is not None
    if month is not None and month > this_month():
        problems.add(line, "month", f"{month} lies in the future (this is {this_month()})")
        ok = False

    value = figure_cell(row, "value", line, problems)
    numerator = figure_cell(row, "numerator", line, problems, thousands=True)
    denominator = figure_cell(row, "denominator", line, problems, thousands=True)
    if any(
        row.get(c) and f is None for c, f in (("value", value), ("numerator", numerator), ("denominator", denominator))
    ):
        ok = False

    status = row["status"].strip().lower()  # "Awaited" or "AWAITED" as a spreadsheet capitalises it
    mitigated = YES_NO.get(row.get("mitigated", "").lower())
    if mitigated is None:
        problems.add(line, "mitigated", f"should be yes or no (or empty), not {quote(row['mitigated'])}")
        ok = False
    if status and status not in STATUSES:
        problems.add(line, "status", f"unknown status {quote(status)} (known: {', '.join(STATUSES)})")
        ok = False
    elif status and value:
        problems.add(
            line, "status", f"status {quote(status)} is for a month without a value, but value is {row['value']}"
        )
        ok = False
    elif not status and not row["value"] and not mitigated:
        problems.add(line, "value", f"no value: give one, or a status ({', '.join(STATUSES)}), or mitigated")
        ok = False
    if (numerator is None) != (denominator is None):
        problems.add(
            line,
            "denominator" if denominator is None else "numerator",
            "numerator and denominator go together: give both or neither",
        )
        ok = False
    elif denominator and denominator.value == 0:
        problems.add(line, "denominator", "denominator is zero")
        ok = False

    if value and indicator is not None:
        if indicator.unit == "percent" and not 0 <= value.value <= 100:
            problems.add(line, "value", f"{row['value']} is outside 0 to 100 for a percentage")
            ok = False
        elif indicator.unit == "count" and value.value < 0:
            problems.add(line, "value", f"{row['value']} is a negative count")
            ok = False
    if not ok:
        return None
    return Observation(kpi_id, month, value, numerator, denominator, status, row.get("note", ""), line, bool(mitigated))


def this_month() -> Month:
    """The current calendar month: no figure can be reported for a later one."""
    import datetime as dt

    return Month.parse(dt.date.today())


def months_with_data(actuals: Actuals) -> set[Month]:
    """Months for which any indicator has a row (value or status)."""
    return {month for (_, month) in actuals}
