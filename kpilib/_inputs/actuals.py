"""A council's monthly figures (`params/<council>/actuals.csv`), one row per indicator per month."""

from __future__ import annotations

from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from .bulk import collector_paused
from .columns import Columns, as_number
from .council import MeasuringCouncil
from .csvfile import stream_table, warn
from .errors import ProblemList, quote
from .limits import MAX_CSV_BYTES
from .months import Month
from .numbers import Figure, parse_figure

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
COLUMNS = CONTRACT_COLUMNS + ("numerator", "denominator")


class Observation(NamedTuple):
    """One cell of the dashboard as recorded: a value (with numerator and denominator) or a status.
    A named tuple: immutable, and quick to make for each of a million rows."""

    kpi_id: str
    month: Month
    value: Figure | None
    numerator: Figure | None
    denominator: Figure | None
    status: str
    note: str
    line: int
    mitigated: bool = False  # contract relief agreed for the month, with or without a value


class Actuals(dict[tuple[str, Month], Observation]):
    """Each (KPI id, month)'s observation. The loader also keeps the same figures as columns, from
    which a contract's whole history is scored at once; `columns()` gives them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._columns = Columns.of(self.values()) if self else Columns()

    # Any change after loading drops the columns, which are made again from the records when next asked for.
    def __setitem__(self, key: tuple[str, Month], observation: Observation) -> None:
        super().__setitem__(key, observation)
        self._columns = None

    def __delitem__(self, key: tuple[str, Month]) -> None:
        super().__delitem__(key)
        self._columns = None

    def __ior__(self, other):
        self.update(other)
        return self

    def update(self, *args, **kwargs) -> None:
        """As dict.update."""
        super().update(*args, **kwargs)
        self._columns = None

    def setdefault(self, key: tuple[str, Month], default: Observation) -> Observation:
        """As dict.setdefault."""
        self._columns = None
        return super().setdefault(key, default)

    def pop(self, *args) -> Observation:
        """As dict.pop."""
        self._columns = None
        return super().pop(*args)

    def popitem(self) -> tuple[tuple[str, Month], Observation]:
        """As dict.popitem."""
        self._columns = None
        return super().popitem()

    def clear(self) -> None:
        """As dict.clear."""
        super().clear()
        self._columns = None

    def copy(self) -> Actuals:
        """A copy, itself an Actuals."""
        return Actuals(self)

    def columns(self) -> Columns:
        """The observations as columns, in the order of `values()`."""
        if self._columns is None or len(self._columns) != len(self):
            self._columns = Columns.of(self.values())
        return self._columns


def load_actuals(council: MeasuringCouncil, path: Path | None = None, max_bytes: int = MAX_CSV_BYTES) -> Actuals:
    """Read and check the council's actuals; InputError listing every problem with file and line.
    A file over `max_bytes` is refused unread: a caller that means to read more says so."""
    path = path or council.actuals_path
    problems = ProblemList(path)
    header, table = stream_table(path, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, problems, max_bytes)
    actuals = Actuals()
    reader = _RowReader(council, problems, header, actuals)
    with collector_paused():
        for line, cells in table:
            reader.read(line, cells)
    if not reader.rows:
        warn(path, "has a header but no rows, so the council has no figures at all")
    problems.raise_if_any()
    return actuals


class _RowReader:
    """Checks rows of actuals.csv one by one. Months and numbers are parsed once per distinct text
    and the parsed (immutable) objects shared, so a million rows cost a few thousand parses."""

    CACHED = 65_536  # distinct texts remembered; beyond that the cache starts again, bounding its memory

    def __init__(self, council: MeasuringCouncil, problems: ProblemList, header: list[str], actuals: Actuals):
        self.indicators = council.indicators
        # dict's own setdefault: the record and its columns are made together here, so they agree.
        self.actuals, self.insert, self.add = actuals, dict.setdefault, actuals.columns().add
        self.problems = problems
        self.now = this_month()
        # Cell positions in the order of COLUMNS; a column the file lacks reads as '', the cell appended to each row.
        self.cells = itemgetter(*(header.index(name) if name in header else -1 for name in COLUMNS))
        self.months: dict[str, tuple[Month, bool] | str] = {}  # text -> (month, in the future) or why not
        self.figures: dict[tuple[str, bool], Figure | str] = {}
        self.numbers: dict[str, tuple[float, bool]] = {}  # value text -> as_number of its figure
        self.rows = 0

    def read(self, line: int, cells: list[str]) -> None:
        """Check a row; record its observation and columns, or its problems (in the order of the columns)."""
        self.rows += 1
        cells.append("")
        problems = self.problems
        kpi_id, month_text, value_text, status, mitigated_text, note, numerator_text, denominator_text = self.cells(
            cells
        )
        indicator = self.indicators.get(kpi_id)
        ok = indicator is not None
        if not ok:
            problems.add(line, "kpi_id", f"unknown indicator {quote(kpi_id)} (not in council.yml)")
        month, future = self._month(month_text, line)
        if month is None:
            ok = False
        elif future:
            problems.add(line, "month", f"{month} lies in the future (this is {self.now})")
            ok = False

        value = self._figure(value_text, "value", line, False)
        numerator = self._figure(numerator_text, "numerator", line, True)
        denominator = self._figure(denominator_text, "denominator", line, True)
        if (
            (value is None and value_text)
            or (numerator is None and numerator_text)
            or (denominator is None and denominator_text)
        ):
            ok = False

        status = status.lower()  # "Awaited" or "AWAITED" as a spreadsheet capitalises it
        mitigated = YES_NO.get(mitigated_text.lower())
        if mitigated is None:
            problems.add(line, "mitigated", f"should be yes or no (or empty), not {quote(mitigated_text)}")
            ok = False
        if status and status not in STATUSES:
            problems.add(line, "status", f"unknown status {quote(status)} (known: {', '.join(STATUSES)})")
            ok = False
        elif status and value:
            problems.add(
                line, "status", f"status {quote(status)} is for a month without a value, but value is {value_text}"
            )
            ok = False
        elif not status and not value_text and not mitigated:
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
                problems.add(line, "value", f"{value_text} is outside 0 to 100 for a percentage")
                ok = False
            elif indicator.unit == "count" and value.value < 0:
                problems.add(line, "value", f"{value_text} is a negative count")
                ok = False
        if not ok:
            return
        observation = Observation(
            indicator.id, month, value, numerator, denominator, status, note, line, bool(mitigated)
        )
        first = self.insert(self.actuals, (indicator.id, month), observation)
        if first is not observation:
            problems.add(line, "month", f"{indicator.id} {month} is given twice (first on line {first.line})")
            return
        self.add(indicator.id, month.index, *self._number(value_text, value), status, observation.mitigated)

    def _month(self, text: str, line: int) -> tuple[Month | None, bool]:
        """The month and whether it lies in the future; (None, False) with the problem recorded."""
        month = self.months.get(text)
        if month is None:
            if len(self.months) >= self.CACHED:
                self.months.clear()
            try:
                parsed = Month.parse(text)
                month = (parsed, parsed > self.now)
            except ValueError as exc:
                month = str(exc)
            self.months[text] = month
        if isinstance(month, str):
            self.problems.add(line, "month", month)
            return None, False
        return month

    def _number(self, text: str, value: Figure | None) -> tuple[float, bool]:
        number = self.numbers.get(text)
        if number is None:
            if len(self.numbers) >= self.CACHED:
                self.numbers.clear()
            number = self.numbers[text] = as_number(value.value if value else None)
        return number

    def _figure(self, text: str, column: str, line: int, thousands: bool) -> Figure | None:
        if not text:
            return None
        figure = self.figures.get((text, thousands))
        if figure is None:
            if len(self.figures) >= self.CACHED:
                self.figures.clear()
            try:
                figure = parse_figure(text, allow_thousands_suffix=thousands)
            except ValueError as exc:
                figure = str(exc)
            self.figures[(text, thousands)] = figure
        if isinstance(figure, str):
            self.problems.add(line, column, figure)
            return None
        return figure


def this_month() -> Month:
    """The current calendar month: no figure can be reported for a later one."""
    import datetime as dt

    return Month.parse(dt.date.today())


def as_actuals(observations: dict) -> Actuals:
    """`observations` as an Actuals (with its columns), unless it is one already."""
    return observations if isinstance(observations, Actuals) else Actuals(observations)


def months_with_data(actuals: Actuals) -> set[Month]:
    """Months for which any indicator has a row (value or status)."""
    return {Month(0, 1) + index for index in set(as_actuals(actuals).columns().month)}
