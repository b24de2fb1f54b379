"""Payroll contacts received by the provider (`payroll.csv`): totals, resolution rate, and a
data-quality flag where resolved plus outstanding does not equal received."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .csvfile import month_cell, read_table
from .errors import ProblemList, quote
from .months import Month

COLUMNS = ("month", "group", "received", "resolved", "outstanding")


@dataclass(frozen=True)
class Contacts:
    received: int
    resolved: int
    outstanding: int

    @property
    def adds_up(self) -> bool:
        return self.resolved + self.outstanding == self.received


@dataclass
class PayrollMonth:
    month: Month
    groups: dict[str, Contacts] = field(default_factory=dict)   # in file order: corporate, schools

    @property
    def total(self) -> Contacts:
        return Contacts(*(sum(getattr(g, f) for g in self.groups.values())
                          for f in ("received", "resolved", "outstanding")))

    @property
    def resolution_rate(self) -> Decimal | None:
        """Resolved as a percentage of received, to two places."""
        total = self.total
        if not total.received:
            return None
        return (Decimal(total.resolved) * 100 / total.received).quantize(Decimal("0.01"))

    @property
    def data_quality(self) -> list[str]:
        return [f"{name}: {c.resolved} resolved + {c.outstanding} outstanding = {c.resolved + c.outstanding}, "
                f"not the {c.received} received" for name, c in self.groups.items() if not c.adds_up]


def load_payroll(path: Path) -> list[PayrollMonth]:
    """Months of payroll contacts in file order; [] without a file. InputError on bad rows."""
    if not path.is_file():
        return []
    problems = ProblemList(path)
    months: dict[Month, PayrollMonth] = {}
    for line, row in read_table(path, COLUMNS, (), problems):
        month = month_cell(row, "month", line, problems)
        if month is None:
            continue
        numbers = []
        for column in COLUMNS[2:]:
            text = row[column].replace(",", "")
            if not text.isdigit():
                problems.add(line, column, f"{quote(row[column])} is not a whole number of contacts")
            else:
                numbers.append(int(text))
        if len(numbers) < 3:
            continue
        entry = months.setdefault(month, PayrollMonth(month))
        if row["group"] in entry.groups:
            problems.add(line, "group", f"{row['group']} {month} is given twice")
            continue
        entry.groups[row["group"]] = Contacts(*numbers)
    problems.raise_if_any()
    return sorted(months.values(), key=lambda m: m.month)
