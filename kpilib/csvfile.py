"""Reading the CSV inputs: one helper, so every file gets the same checks and messages."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .errors import ProblemList
from .months import Month
from .numbers import Figure, parse_figure


def read_table(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = (),
               problems: ProblemList | None = None) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for each non-blank data row; cells stripped, missing cells ''.

    Accepts what spreadsheets write: a byte-order mark, Windows line endings, trailing empty
    columns and blank rows. A missing file, unknown or missing columns raise InputError at once.
    """
    problems = problems or ProblemList(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        problems.add(None, None, "file not found")
        problems.raise_if_any()
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(None, None, f"cannot be read ({exc})")
        problems.raise_if_any()
    except csv.Error as exc:
        problems.add(None, None, f"is not valid CSV ({exc})")
        problems.raise_if_any()
    if not rows:
        problems.add(None, None, "file is empty: expected a header row " + ",".join(required))
        problems.raise_if_any()
    header = [name.strip() for name in rows[0]]
    while header and header[-1] == "":
        header.pop()
    for name in required:
        if name not in header:
            problems.add(1, name, "required column is missing")
    for name in header:
        if name not in required + optional:
            problems.add(1, name or "(empty)", "unknown column (known: " + ", ".join(required + optional) + ")")
    if len(set(header)) != len(header):
        problems.add(1, None, "a column name appears twice")
    problems.raise_if_any()
    table = []
    width = len(rows[0])   # the header as written, trailing empty columns included
    for line, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > width:   # spreadsheets write every row as wide as the header
            problems.add(line, None, f"{len(cells)} cells, but the header has {width} columns: is there a comma "
                                     "inside a number (21,6 for 21.6)? Quote it, or remove the comma")
            continue
        table.append((line, {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}))
    return table


def month_cell(row: dict[str, str], column: str, line: int, problems: ProblemList) -> Month | None:
    """The row's month in `column`, or None with a problem recorded when it is not YYYY-MM."""
    try:
        return Month.parse(row[column])
    except ValueError as exc:
        problems.add(line, column, str(exc))
        return None


def figure_cell(row: dict[str, str], column: str, line: int, problems: ProblemList,
                thousands: bool = False) -> Figure | None:
    """The number in `column` as a Figure; None when the cell is empty, or (with a problem
    recorded) when it is not a number. Callers tell the two apart by whether the cell was empty."""
    if not row.get(column):
        return None
    try:
        return parse_figure(row[column], allow_thousands_suffix=thousands)
    except ValueError as exc:
        problems.add(line, column, str(exc))
        return None


def table_text(columns: tuple[str, ...], rows: list) -> str:
    """CSV text with a header: rows are dicts (missing keys empty) or sequences in column order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns] if isinstance(row, dict) else row)
    return buffer.getvalue()


def read_rows(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """read_table's rows without line numbers, every known column present ('' where absent).
    InputError if the file cannot be read."""
    problems = ProblemList(path)
    rows = [{c: "" for c in required + optional} | row for _, row in read_table(path, required, optional, problems)]
    problems.raise_if_any()
    return rows
