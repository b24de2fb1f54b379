"""The same figures imported from .xlsx number cells as from the .csv pack change nothing."""

import csv
import datetime as dt
import os

from openpyxl import Workbook

from kpilib._driver.importer import import_pack
from kpilib._inputs.council import PROJECT_ROOT
from kpilib._inputs.pack import parse_month_label

PACK = PROJECT_ROOT / "params" / "lincolnshire" / "pack-2017-08.csv"
FILES = ("actuals.csv", "kpis.csv", "levels.csv", "escalations.csv")


def numeric_xlsx(path, rows):
    """The pack as a spreadsheet holds it: numbers in number cells (100.00 is then just 100),
    month headings as dates, words as text."""
    book = Workbook()
    sheet = book.active
    for i, row in enumerate(rows):
        cells = []
        for j, text in enumerate(row):
            if i == 0 and j >= 4:
                month = parse_month_label(text)
                cells.append(dt.date(month.year, month.month, 1))
                continue
            try:
                cells.append(float(text) if i and j >= 2 else text)
            except ValueError:
                cells.append(text)
        sheet.append(cells)
    book.save(path)
    return path


def pack_rows():
    with open(PACK, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def state(folder):
    return {name: ((folder / name).read_bytes(), os.stat(folder / name).st_mtime_ns) for name in FILES}


def test_the_pack_as_number_cells_imports_as_zero_changes_and_writes_nothing(lincs_copy, tmp_path):
    folder = lincs_copy / "lincolnshire"
    before = state(folder)
    report = import_pack(lincs_copy, "lincolnshire", numeric_xlsx(tmp_path / "pack.xlsx", pack_rows()))
    assert report.lines[-2:] == [
        "no file changed",
        "48 KPI rows read: 0 months added, 0 changed, 245 unchanged; 0 catalogue changes",
    ]
    assert state(folder) == before  # same bytes, not even rewritten


def test_a_figure_differing_at_the_recorded_precision_is_still_a_change(lincs_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = pack_rows()
    pm01 = next(r for r in rows if r[0] == "PM_KPI_01")
    assert pm01[9] == "99.98"  # Aug-17 as recorded in actuals.csv
    pm01[9] = "99.9800000001"  # a binary fraction from a formula: the same at 2 places
    report = import_pack(lincs_copy, "lincolnshire", numeric_xlsx(tmp_path / "same.xlsx", rows))
    assert report.lines[-1].startswith("48 KPI rows read: 0 months added, 0 changed, 245 unchanged")
    pm01[9] = "99.97"  # a real amendment
    report = import_pack(lincs_copy, "lincolnshire", numeric_xlsx(tmp_path / "amended.xlsx", rows))
    assert [line for line in report.lines if ": changed " in line] == [
        "amended.xlsx:2: PM_KPI_01: changed 2017-08: 99.98 -> 99.97 "
        "(previous figure kept in escalations.csv: add the reason)"
    ]
    assert report.lines[-1].startswith("48 KPI rows read: 0 months added, 1 changed, 244 unchanged")
