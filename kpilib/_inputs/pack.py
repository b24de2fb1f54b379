"""Reading a provider's monthly KPI pack, laid out like Appendix A of the Lincolnshire papers:
one row per KPI (reference, short description, TSL, MSL), one column per month, and cells
holding a number (perhaps with a footnote marker) or words such as "Data Not Available"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .csvfile import read_csv_rows
from .errors import InputError, ProblemList, quote
from .months import Month
from .numbers import Figure, parse_figure
from .xlsx import read_sheet

FIXED_COLUMNS = ("KPI", "KPI Short Description", "TSL", "MSL")
_NUMBER = r"[+-]?\d[\d,]*(?:\.\d+)?%?"
_NUMBER_WITH_MARKER = re.compile(rf"^({_NUMBER})\s*([^\sA-Za-z0-9.,]{{1,3}})?$")
_MITIGATED_VALUE = re.compile(rf"^({_NUMBER})\s*([^\sA-Za-z0-9.,(]{{1,3}})?\s*\(\s*mitigation agreed\s*\)$", re.I)
_NEW_KPI = re.compile(r"^new kpi\s*[-–—]\s*first use in\s+([a-z]{3,9})[\s-]*(\d{2}|\d{4})$", re.I)
_MONTH_FORMATS = ("%b-%y", "%b %y", "%b-%Y", "%b %Y", "%B %Y", "%B-%Y", "%Y-%m", "%B %y")


@dataclass(frozen=True)
class PackCell:
    """What one month cell of the pack says."""

    figure: Figure | None = None
    marker: str = ""
    mitigated: bool = False
    data_not_available: bool = False


@dataclass
class PackRow:
    """One KPI row of a provider's pack: its levels and its month-by-month figures."""

    line: int
    kpi_id: str
    description: str
    tsl: Figure | None
    msl: Figure | None
    in_use: bool = True
    first_use: Month | None = None
    cells: dict[Month, PackCell] = field(default_factory=dict)


@dataclass
class Pack:
    """A provider's monthly KPI pack as read: its months and its KPI rows."""

    path: Path
    months: list[Month]
    rows: list[PackRow]


def read_pack(path: Path) -> Pack:
    """Read and check a pack (.csv or .xlsx); InputError listing every problem with its row."""
    problems = ProblemList(path)
    grid = _grid(path, problems)
    header_index = next((i for i, row in enumerate(grid) if row and row[0].strip().upper() == "KPI"), None)
    if header_index is None:
        problems.add(
            None,
            None,
            "no header row starting with 'KPI' (expected: "
            + ", ".join(FIXED_COLUMNS)
            + ", then one column per month such as Mar-17)",
        )
        problems.raise_if_any()
    header = [c.strip() for c in grid[header_index]]
    while header and not header[-1]:
        header.pop()
    line_of_header = header_index + 1
    for i, name in enumerate(FIXED_COLUMNS):
        if i >= len(header) or header[i].lower() != name.lower():
            problems.add(
                line_of_header,
                f"column {i + 1}",
                f"expected {name!r}, found {quote(header[i] if i < len(header) else '')}",
            )
    months: list[Month] = []
    for i, label in enumerate(header[len(FIXED_COLUMNS) :], start=len(FIXED_COLUMNS) + 1):
        month = parse_month_label(label)
        if month is None:
            problems.add(line_of_header, f"column {i}", f"{quote(label)} is not a month (such as Mar-17)")
        elif months and month <= months[-1]:
            problems.add(line_of_header, f"column {i}", f"{label} does not follow {months[-1].label('%b-%y')}")
        else:
            months.append(month)
    if not months:
        problems.add(line_of_header, None, "no month columns after MSL")
    problems.raise_if_any()

    rows: list[PackRow] = []
    seen: dict[str, int] = {}
    for index in range(header_index + 1, len(grid)):
        cells = [c.strip() for c in grid[index]] + [""] * len(header)
        if not any(cells):
            continue
        row = _row(index + 1, cells, months, problems)
        if row is None:
            continue
        if row.kpi_id in seen:
            problems.add(row.line, "KPI", f"{row.kpi_id} is listed twice (first on row {seen[row.kpi_id]})")
            continue
        seen[row.kpi_id] = row.line
        rows.append(row)
    if not rows and not problems.items:
        problems.add(None, None, "no KPI rows below the header")
    problems.raise_if_any()
    return Pack(path, months, rows)


def parse_month_label(label: object) -> Month | None:
    """'Mar-17', 'Mar 2017', 'March 2017', '2017-03' or a spreadsheet date, as a Month; None otherwise."""
    if isinstance(label, (dt.date, dt.datetime)):
        return Month(label.year, label.month)
    text = str(label).strip()
    for fmt in _MONTH_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return Month(parsed.year, parsed.month)
    return None


def _row(line: int, cells: list[str], months: list[Month], problems: ProblemList) -> PackRow | None:
    kpi_id, description, tsl_text, msl_text = cells[:4]
    month_cells = cells[4 : 4 + len(months)]
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]*", kpi_id):
        problems.add(line, "KPI", f"{quote(kpi_id)} is not a KPI reference" if kpi_id else "KPI reference is empty")
        return None
    if any(c.upper() == "KPI REFERENCE NOT IN USE" for c in cells[1:]):
        return PackRow(line, kpi_id, description, None, None, in_use=False)
    row = PackRow(line, kpi_id, description, None, None)
    for column, text in (("TSL", tsl_text), ("MSL", msl_text)):
        figure, _ = _number_with_marker(text)
        if figure is None:
            problems.add(
                line, column, f"{kpi_id}: {quote(text)} is not a number" if text else f"{kpi_id}: {column} is empty"
            )
        setattr(row, column.lower(), figure)
    for month, text in zip(months, month_cells):
        if not text:
            continue
        new = _NEW_KPI.match(text)
        if new:
            first = parse_month_label(f"{new.group(1)[:3]} {new.group(2)}")
            if first is None:
                problems.add(line, month.label("%b-%y"), f"{kpi_id}: cannot read the month in {quote(text)}")
            else:
                row.first_use = first
            continue
        cell = read_cell(text)
        if cell is None:
            problems.add(
                line,
                month.label("%b-%y"),
                f"{kpi_id}: cannot read {quote(text)} (expected a number, "
                "'Data Not Available', 'Mitigation Agreed' or 'NEW KPI – FIRST USE IN Mon-YY')",
            )
            continue
        row.cells[month] = cell
    return row


def read_cell(text: str) -> PackCell | None:
    """One month cell: a number (with an optional footnote marker), or the pack's status words."""
    lowered = " ".join(text.lower().split())
    if lowered == "data not available":
        return PackCell(data_not_available=True)
    if lowered == "mitigation agreed":
        return PackCell(mitigated=True)
    match = _MITIGATED_VALUE.match(text)
    if match:
        return PackCell(parse_figure(match.group(1)), match.group(2) or "", mitigated=True)
    figure, marker = _number_with_marker(text)
    return PackCell(figure, marker) if figure is not None else None


def _number_with_marker(text: str) -> tuple[Figure | None, str]:
    match = _NUMBER_WITH_MARKER.match(text.strip())
    if not match:
        return None, ""
    try:
        return parse_figure(match.group(1)), match.group(2) or ""
    except ValueError:
        return None, ""


def _grid(path: Path, problems: ProblemList) -> list[list[str]]:
    """The pack's cells as text, from CSV or the first worksheet of an .xlsx file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv_rows(path, problems)
    if suffix not in (".xlsx", ".xlsm"):
        problems.add(None, None, f"unsupported file type {quote(suffix)}: give a .csv or .xlsx pack")
        problems.raise_if_any()
    try:
        return [[_xlsx_text(v) for v in row] for row in read_sheet(path, problems)]
    except InputError:
        raise
    except FileNotFoundError:
        problems.add(None, None, "file not found")
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        problems.add(None, None, f"cannot be read as a spreadsheet ({exc.__class__.__name__}: {quote(str(exc), 80)})")
    problems.raise_if_any()


def _xlsx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%b-%y")
    if isinstance(value, float):
        return repr(value) if value != int(value) else f"{value:.2f}"
    return str(value)
