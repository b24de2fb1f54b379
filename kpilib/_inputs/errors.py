"""The root of kpilib's errors, and the one for bad input, carrying every problem found in a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong."""

    path: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.row is None else f"{self.path}:{self.row}"
        if not where:
            return self.message
        if self.column:
            return f"{where}: {self.column}: {self.message}"
        return f"{where}: {self.message}"


class KpiError(Exception):
    """Every error kpilib raises on purpose; its message says where it failed and what to do."""


class InputError(KpiError):
    """Raised when inputs are unusable; str() lists every problem, one per line."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("", None, None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path | str) -> str:
    """Path as a user should read it: relative to the working directory when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


SHOWN_PROBLEMS = 100  # a wrong file can have a problem on every line: show enough to fix it
STOP_AFTER = 1_000  # and stop reading a file that is nothing like what it should be


class ProblemList:
    """Collects problems for one file so all are reported together (the first hundred)."""

    def __init__(self, path: Path | str):
        self.path = display_path(path)
        self.items: list[Problem] = []
        self.unshown = 0

    def add(self, row: int | None, column: str | None, message: str) -> None:
        """Record one problem at `row` and `column` of the file (None for the file as a whole)."""
        if len(self.items) < SHOWN_PROBLEMS:
            self.items.append(Problem(self.path, row, column, message))
            return
        self.unshown += 1
        if self.unshown >= STOP_AFTER:
            self.raise_if_any()

    def raise_if_any(self) -> None:
        """Raise InputError listing the problems recorded, if there are any."""
        if self.unshown:
            more = f"{self.unshown} more problems" + (", then stopped reading" if self.unshown >= STOP_AFTER else "")
            raise InputError(self.items + [Problem(self.path, None, None, f"... and {more}")])
        if self.items:
            raise InputError(self.items)


def quote(value: object, limit: int = 40) -> str:
    """repr() of a user's value cut to `limit` characters, so a huge cell cannot flood a message."""
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit]) + "…"
    shown = repr(value)
    return shown if len(shown) <= limit + 2 else shown[:limit] + "…"
