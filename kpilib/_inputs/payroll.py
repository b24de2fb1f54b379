"""Payroll contacts received by the provider (`payroll.csv`): totals, resolution rate, and a
data-quality flag where resolved plus outstanding does not equal received.

The rate follows the Lincolnshire papers' own figures: received less outstanding, as a share of
received (March 2017: 258 received, 257 resolved, 0 outstanding is printed as 100%, not 99.61%).
The two readings differ only where the counts disagree, and those months are flagged."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from .csvfile import month_cell, read_table
from .errors import ProblemList, quote
from .months import Month
from .numbers import parse_count

COLUMNS = ("month", "group", "received", "resolved", "outstanding")


@dataclass(frozen=True)
class Contacts:
    """Payroll contacts of one group in a month: received, resolved and outstanding."""

    received: int
    resolved: int
    outstanding: int

    @property
    def adds_up(self) -> bool:
        """Whether resolved and outstanding make up the contacts received."""
        return self.resolved + self.outstanding == self.received


@dataclass
class PayrollMonth:
    """One month of payroll contacts, by group (corporate, schools)."""

    month: Month
    groups: dict[str, Contacts] = field(default_factory=dict)  # in file order: corporate, schools

    @property
    def total(self) -> Contacts:
        """The groups' contacts added together."""
        return Contacts(
            *(sum(getattr(g, f) for g in self.groups.values()) for f in ("received", "resolved", "outstanding"))
        )

    @property
    def resolution_rate(self) -> Decimal | None:
        """Received less outstanding, as a percentage of received, to two places (the papers' method)."""
        total = self.total
        return _percent(total.received - total.outstanding, total.received)

    @property
    def resolved_rate(self) -> Decimal | None:
        """Resolved as a percentage of received: the other reading, quoted where the counts disagree."""
        total = self.total
        return _percent(total.resolved, total.received)

    @property
    def data_quality(self) -> list[str]:
        """One flag per group whose resolved and outstanding do not add up to received."""
        return [
            f"{name}: {c.resolved} resolved + {c.outstanding} outstanding = {c.resolved + c.outstanding}, "
            f"not the {c.received} received"
            for name, c in self.groups.items()
            if not c.adds_up
        ]

    @property
    def rate_note(self) -> str:
        """Why the month's rate is in doubt, with both readings; '' when the counts add up."""
        if self.total.adds_up:
            return ""
        # The rate is of all contacts, not of the group whose counts disagree: say so.
        return (
            f"the overall resolution rate shown, {self.resolution_rate}%, is received less outstanding; "
            f"counting resolved ÷ received, the overall rate would be {self.resolved_rate}%"
        )

    @property
    def quality_note(self) -> str:
        """The month's data-quality flags, with both readings of the rate when the total is affected."""
        return "; ".join(self.data_quality + ([self.rate_note] if self.rate_note else []))


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.01"), ROUND_HALF_UP)


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
            try:
                numbers.append(parse_count(row[column]))
            except ValueError:
                problems.add(line, column, f"{quote(row[column])} is not a whole number of contacts")
        if len(numbers) < 3:
            continue
        entry = months.setdefault(month, PayrollMonth(month))
        if row["group"] in entry.groups:
            problems.add(line, "group", f"{row['group']} {month} is given twice")
            continue
        entry.groups[row["group"]] = Contacts(*numbers)
    problems.raise_if_any()
    return sorted(months.values(), key=lambda m: m.month)
