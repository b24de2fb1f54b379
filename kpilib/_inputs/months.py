"""Calendar months as `YYYY-MM`: parsing, paper labels, rolling windows, financial years."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import quote

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month. Ordered, hashable, and arithmetic in whole months."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: object) -> "Month":
        """Parse 'YYYY-MM'; raise ValueError with a readable message otherwise."""
        if isinstance(text, Month):
            return text
        if isinstance(text, (dt.date, dt.datetime)):
            return cls(text.year, text.month)
        match = _MONTH_RE.match(str(text).strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"{quote(str(text))} is not a month in the form YYYY-MM")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def index(self) -> int:
        """Months since the start of year 0: consecutive months have consecutive indexes."""
        return self.year * 12 + (self.month - 1)

    def __add__(self, months: int) -> "Month":
        index = self.index + months
        return Month(index // 12, index % 12 + 1)

    def __sub__(self, other: "Month | int"):
        if isinstance(other, Month):
            return (self.year - other.year) * 12 + (self.month - other.month)
        return self + (-other)

    @property
    def first_day(self) -> dt.date:
        """The month's first day, as a date."""
        return dt.date(self.year, self.month, 1)

    def label(self, fmt: str = "%b %y") -> str:
        """Paper label, 'Feb 19' by default; fmt is a strftime format (e.g. '%b-%y' for 'Mar-17')."""
        return self.first_day.strftime(fmt)

    @property
    def long(self) -> str:
        """'February 2019'."""
        return self.first_day.strftime("%B %Y")

    @property
    def financial_year(self) -> int:
        """UK financial year (April to March), named by the year it starts in."""
        return self.year if self.month >= 4 else self.year - 1

    @property
    def financial_year_label(self) -> str:
        """'2018-19' for any month from April 2018 to March 2019."""
        start = self.financial_year
        return f"{start}-{(start + 1) % 100:02d}"


def window(end: Month, length: int) -> list[Month]:
    """The `length` months ending with `end`, oldest first."""
    return [end - (length - 1 - i) for i in range(length)]


def span(start: Month, end: Month) -> list[Month]:
    """Every month from start to end inclusive."""
    return [start + i for i in range(end - start + 1)]
