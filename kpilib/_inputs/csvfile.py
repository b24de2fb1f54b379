"""Reading the CSV inputs: one helper, so every file gets the same checks and messages."""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from .errors import ProblemList, display_path
from .limits import MAX_CSV_BYTES, read_bounded
from .months import Month
from .numbers import Figure, parse_figure


def read_table(
    path: Path,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    problems: ProblemList | None = None,
    max_bytes: int = MAX_CSV_BYTES,
) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for each non-blank data row; cells stripped, missing cells ''.

    Accepts what spreadsheets write (see read_csv_rows), trailing empty columns and blank rows.
    A missing file, unknown or missing columns, or a file over `max_bytes` raise InputError at once.
    """
    header, rows = stream_table(path, required, optional, problems, max_bytes)
    return [(line, dict(zip(header, cells))) for line, cells in rows]


def stream_table(
    path: Path,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    problems: ProblemList | None = None,
    max_bytes: int = MAX_CSV_BYTES,
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """read_table's header and its rows as they are read, each a list of cells in header order, so
    a large file is never held as a list of rows. Header problems raise InputError at once."""
    problems = problems or ProblemList(path)
    rows = csv_rows(path, problems, max_bytes)
    first = next(rows, None)
    if first is None:
        problems.add(None, None, "file is empty: expected a header row " + ",".join(required))
        problems.raise_if_any()
    header = [name.strip() for name in first]
    while header and header[-1] == "":
        header.pop()
    for name in required:
        if name not in header:
            problems.add(1, name, "required column is missing")
    for name in header:
        if name not in required + optional:
            problems.add(
                1,
                (name[:40] + "…" if len(name) > 40 else name) or "(empty)",
                "unknown column (known: " + ", ".join(required + optional) + ")",
            )
    if len(set(header)) != len(header):
        problems.add(1, None, "a column name appears twice")
    problems.raise_if_any()
    return header, _data_rows(rows, len(first), len(header), problems)


def _data_rows(
    rows: Iterator[list[str]], width: int, columns: int, problems: ProblemList
) -> Iterator[tuple[int, list[str]]]:
    """(line, cells stripped, as many as the header names) for each non-blank row after the header.
    `width` is the header as written, trailing empty columns included."""
    padding = [""] * columns
    for line, cells in enumerate(rows, start=2):
        stripped = list(map(str.strip, cells))
        if not any(stripped):
            continue
        if len(cells) > width:  # spreadsheets write every row as wide as the header
            problems.add(
                line,
                None,
                f"{len(cells)} cells, but the header has {width} columns: is there a comma "
                "inside a number (21,6 for 21.6)? Quote it, or remove the comma",
            )
            continue
        if len(stripped) < columns:
            stripped += padding[len(stripped) :]
        elif len(stripped) > columns:
            del stripped[columns:]
        yield line, stripped


def month_cell(row: dict[str, str], column: str, line: int, problems: ProblemList) -> Month | None:
    """The row's month in `column`, or None with a problem recorded when it is not YYYY-MM."""
    try:
        return Month.parse(row[column])
    except ValueError as exc:
        problems.add(line, column, str(exc))
        return None


def figure_cell(
    row: dict[str, str], column: str, line: int, problems: ProblemList, thousands: bool = False
) -> Figure | None:
    """The number in `column` as a Figure; None when the cell is empty, or (with a problem
    recorded) when it is not a number. Callers tell the two apart by whether the cell was empty."""
    if not row.get(column):
        return None
    try:
        return parse_figure(row[column], allow_thousands_suffix=thousands)
    except ValueError as exc:
        problems.add(line, column, str(exc))
        return None


def read_csv_rows(path: Path, problems: ProblemList, max_bytes: int = MAX_CSV_BYTES) -> list[list[str]]:
    """The cells of a CSV file as Excel saves it: UTF-8 (with or without a byte-order mark), UTF-16
    'Unicode Text' (tab-separated), Windows-1252, or a European locale's semicolons and decimal
    commas; the guesses are reported as warnings. InputError naming the line if it cannot be read,
    or naming the limit if it is over `max_bytes` (the protective default bounds hostile input)."""
    return list(csv_rows(path, problems, max_bytes))


def csv_rows(path: Path, problems: ProblemList, max_bytes: int = MAX_CSV_BYTES) -> Iterator[list[str]]:
    """read_csv_rows' rows as they are parsed: the file is decoded at once, the rows one by one."""
    data = read_bounded(path, max_bytes, problems)
    text, encoding = _decode(path, data, problems)
    header = text.split("\n", 1)[0]
    del text  # checked whole; the reader decodes the bytes again as it goes, so no copy is held
    delimiter = "," if "," in header else "\t" if "\t" in header else ";" if ";" in header else ","
    if delimiter == ";":
        warn(path, "read as a European-locale CSV: cells separated by ';' and ',' as the decimal point")
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield [_decimal_comma(cell) for cell in row] if delimiter == ";" else row
    except csv.Error as exc:
        problems.add(reader.line_num, None, f"is not valid CSV ({exc})")
        problems.raise_if_any()


def _decode(path: Path, data: bytes, problems: ProblemList) -> tuple[str, str]:
    """The file's text and encoding: by its byte-order mark, else UTF-8, else Windows-1252 (with a warning)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif b"\x00" in data:  # a binary file, or UTF-16 without its mark: no text encoding fits
        problems.add(
            byte_line(data, data.index(b"\x00")),
            None,
            "cannot be read: it holds NUL bytes, so it is not CSV text (save it from the spreadsheet as CSV UTF-8)",
        )
        problems.raise_if_any()
    else:
        encoding = "utf-8-sig"
        try:
            data.decode(encoding)
        except UnicodeDecodeError as exc:
            encoding = "cp1252"
            warn(
                path,
                f"not UTF-8 (line {byte_line(data, exc.start)} is not), so read as Windows-1252: "
                "check its £ and accented letters, and save it as CSV UTF-8 next time",
            )
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        problems.add(
            line, None, f"cannot be read as {encoding.upper()} text: save it from the spreadsheet as CSV UTF-8"
        )
        problems.raise_if_any()


# Thousands groups never start with 0, so "0.125" stays a decimal point even in a European file.
_EUROPEAN_NUMBER = re.compile(r"^([+-]?(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)),(\d+%?)$|^[+-]?[1-9]\d{0,2}(?:\.\d{3})+%?$")


def _decimal_comma(cell: str) -> str:
    """'21,6' as 21.6 and '1.073' as 1073: in a European locale . groups thousands and , is the point."""
    text = cell.strip()
    if not _EUROPEAN_NUMBER.match(text):
        return cell
    whole, _, fraction = text.replace(".", "").partition(",")
    return f"{whole}.{fraction}" if fraction else whole


def byte_line(data: bytes, offset: int) -> int:
    """The 1-based line holding byte `offset`: people find lines, not byte offsets."""
    return data.count(b"\n", 0, offset) + 1


_WARNED: set[str] = set()


def warn(path: Path | str, message: str) -> None:
    """Report a guess made about an input file on stderr as 'warning: path: message', where the
    build collects warnings into the paper's report and make import shows them; once per process,
    though a build reads a file more than once."""
    print_warning_once(f"warning: {display_path(path)}: {message}")


def print_warning_once(line: str) -> None:
    """Print a warning line to stderr unless this process printed it already: the driver reads
    an input before the kernel does, and then relays the kernel's warnings too."""
    if line not in _WARNED:
        _WARNED.add(line)
        print(line, file=sys.stderr)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """Text a spreadsheet would run as a formula, made plain text by a leading ' (OWASP's advice for
    CSV injection); numbers such as -5 are left alone."""
    if not isinstance(cell, str) or not cell.startswith(_FORMULA_START):
        return cell
    try:
        parse_figure(cell)
        return cell
    except ValueError:
        return "'" + cell


def table_text(columns: tuple[str, ...], rows: list) -> str:
    """CSV text with a header: rows are dicts (missing keys empty) or sequences in column order;
    formula-like text is neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        cells = [row.get(c, "") for c in columns] if isinstance(row, dict) else row
        writer.writerow([neutralise(cell) for cell in cells])
    return buffer.getvalue()


def read_rows(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """read_table's rows without line numbers, every known column present ('' where absent).
    InputError if the file cannot be read."""
    problems = ProblemList(path)
    rows = [{c: "" for c in required + optional} | row for _, row in read_table(path, required, optional, problems)]
    problems.raise_if_any()
    return rows
