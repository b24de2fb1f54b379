"""Reading the first worksheet of an .xlsx file within limits: the zip's directory is checked
before anything is inflated, and the sheet's size while it streams (see limits.py)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .errors import ProblemList
from .limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_XLSX_BYTES,
    MAX_XLSX_MEMBER,
    MAX_XLSX_UNPACKED,
    RATIO_FROM,
    check_size,
    megabytes,
)


def read_sheet(path: Path, problems: ProblemList) -> list[list]:
    """The first worksheet's cell values, row by row (saved formula results, not formulas);
    InputError naming the file and the limit for an oversized workbook, and naming the cell
    for a formula whose result was never saved."""
    from openpyxl import load_workbook

    check_size(path, MAX_XLSX_BYTES, problems)
    check_archive(path, problems)
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        _check_dimension(sheet, problems)
        rows = _rows(sheet, problems)
    finally:
        book.close()
    if any(value is None for row in rows for value in row):
        _refuse_unsaved_formulas(path, rows, problems)
    return rows


def check_archive(path: Path, problems: ProblemList) -> None:
    """Refuse, from the zip's central directory alone, a workbook that would inflate too far."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        problems.add(
            None,
            None,
            "cannot be read as a spreadsheet (it is not an .xlsx zip archive): save it from Excel as .xlsx, or as CSV",
        )
        problems.raise_if_any()
    total = 0
    for member in members:
        total += member.file_size
        name = member.filename[:60]
        if member.file_size > MAX_XLSX_MEMBER:
            problems.add(
                None,
                None,
                f"part {name} inflates to {megabytes(member.file_size)}, more than the "
                f"limit of {megabytes(MAX_XLSX_MEMBER)}: a KPI pack is far smaller",
            )
        elif member.file_size > RATIO_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            problems.add(
                None,
                None,
                f"part {name} inflates {member.file_size // max(member.compress_size, 1)} "
                f"times, more than the limit of {MAX_RATIO}: it is not an ordinary workbook",
            )
        problems.raise_if_any()
    if total > MAX_XLSX_UNPACKED:
        problems.add(
            None,
            None,
            f"inflates to {megabytes(total)}, more than the limit of "
            f"{megabytes(MAX_XLSX_UNPACKED)}: a KPI pack is far smaller",
        )
        problems.raise_if_any()
    # Every part, not only those named .xml: a workbook may name its sheet part anything.
    _count_cells(path, [m.filename for m in members], problems)


def _check_dimension(sheet, problems: ProblemList) -> None:
    """The size the sheet declares (its <dimension> element), before reading a row."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        problems.add(
            None,
            sheet.title,
            f"declares {rows} rows by {columns} columns, more than the limit of "
            f"{MAX_ROWS} rows and {MAX_COLUMNS} columns",
        )
        problems.raise_if_any()


_CELL = re.compile(rb"<(?:[^\s:<>/!?]+:)?c[\s/>]")  # any namespace prefix, non-ASCII included


def _count_cells(path: Path, members: list[str], problems: ProblemList) -> None:
    """Count the cell elements of every XML part (the sheets, wherever they are), streamed, before
    openpyxl parses any: opening a workbook parses each sheet lacking a declared size, and a row
    is built whole before it is handed over, so a row of a million cells cannot be stopped midway."""
    cells = 0
    with zipfile.ZipFile(path) as archive:
        for member in members:
            carry = b""
            with archive.open(member) as xml:
                while chunk := xml.read(1 << 20):
                    chunk = carry + chunk
                    cut = chunk.rfind(b"<")  # a tag split across chunks is counted with the next chunk
                    cut = cut if cut > 0 else len(chunk)
                    cells += len(_CELL.findall(chunk, 0, cut))
                    carry = chunk[cut:]
                    if cells > MAX_CELLS:
                        problems.add(
                            None, None, f"holds more than {MAX_CELLS:,} cells, the limit: a KPI pack is far smaller"
                        )
                        problems.raise_if_any()
            cells += len(_CELL.findall(carry))


def _rows(sheet, problems: ProblemList) -> list[list]:
    """The rows, counting as they stream, since the declared size may be missing or false."""
    rows = []
    for row in sheet.iter_rows(values_only=True):
        if len(rows) >= MAX_ROWS or len(row) > MAX_COLUMNS:
            problems.add(
                len(rows) + 1,
                sheet.title,
                f"the sheet is larger than the limit of {MAX_ROWS} rows and {MAX_COLUMNS} columns",
            )
            problems.raise_if_any()
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                problems.add(
                    len(rows) + 1,
                    _cell_name(sheet, len(rows) + 1, column),
                    f"holds {len(value):,} characters, more than the limit of {MAX_CELL_CHARS:,}",
                )
                problems.raise_if_any()
        rows.append(list(row))
    return rows


def _refuse_unsaved_formulas(path: Path, rows: list[list], problems: ProblemList) -> None:
    """An empty value may be a formula whose result was never saved (a file written by a program,
    not by Excel): read the formulas once and refuse those, rather than take them as blanks."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = book.worksheets[0]
        for r, row in enumerate(sheet.iter_rows(values_only=True, max_row=len(rows))):
            for c, formula in enumerate(row):
                if formula is None or c >= len(rows[r]) or rows[r][c] is not None:
                    continue
                kpi = rows[r][0] if rows[r] and isinstance(rows[r][0], str) else ""
                problems.add(
                    r + 1,
                    _cell_name(sheet, r + 1, c + 1),
                    (f"{kpi[:40]}: " if kpi else "") + "a formula whose result was not saved in the file: "
                    "open the file in Excel and save it, or paste the cells as values",
                )
    finally:
        book.close()
    problems.raise_if_any()


def _cell_name(sheet, row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{sheet.title}!{get_column_letter(column)}{row}"
