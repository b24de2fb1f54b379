"""Customer feedback (`feedback.csv`): compliments and complaints by service, for a month or a period."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .csvfile import month_cell, read_table
from .errors import ProblemList, quote
from .months import Month

COLUMNS = ("service", "from", "to", "compliments", "complaints")
MEASURES = ("compliments", "complaints")


@dataclass(frozen=True)
class Feedback:
    """A service's compliments and complaints from `start` to `end` (one month when they are equal);
    None where the source does not give the count."""

    service: str
    start: Month
    end: Month
    compliments: int | None
    complaints: int | None
    line: int

    @property
    def monthly(self) -> bool:
        """Whether the row is one month's feedback."""
        return self.start == self.end


def load_feedback(path: Path, services: list[str]) -> list[Feedback]:
    """Read and check feedback.csv; each service must be one of `services` (council.yml)."""
    problems = ProblemList(path)
    found: list[Feedback] = []
    by_service = {s.lower(): s for s in services}
    for line, row in read_table(path, COLUMNS, (), problems):
        before = len(problems.items)
        service = by_service.get(row["service"].lower())
        if service is None:
            problems.add(
                line,
                "service",
                f"unknown service {quote(row['service'])} (council.yml services: {', '.join(services)})",
            )
        start, end = month_cell(row, "from", line, problems), month_cell(row, "to", line, problems)
        if start and end and end < start:
            problems.add(line, "to", f"{end} is before {start}")
        counts = {m: _count(row, m, line, problems) for m in MEASURES}
        if all(v is None for v in counts.values()) and len(problems.items) == before:
            problems.add(line, "compliments", "gives neither compliments nor complaints")
        if any((f.service, f.start, f.end) == (service, start, end) for f in found):
            problems.add(line, "from", f"{service} {start} to {end} is listed twice")
        if len(problems.items) == before:
            found.append(Feedback(service, start, end, line=line, **counts))
    problems.raise_if_any()
    return found


def _count(row: dict[str, str], column: str, line: int, problems: ProblemList) -> int | None:
    text = row[column].replace(",", "")
    if text == "":
        return None
    if not text.isdigit():
        problems.add(
            line, column, f"{quote(row[column])} should be a whole number (0 or more), or empty when not known"
        )
        return None
    return int(text)
