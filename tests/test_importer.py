"""make import: the committed pack, an .xlsx copy of it, and broken packs."""

import csv
import hashlib

import pytest

from kpilib._driver.importer import import_pack
from kpilib._inputs.council import PROJECT_ROOT
from kpilib._inputs.errors import InputError

PACK = PROJECT_ROOT / "params" / "lincolnshire" / "pack-2017-08.csv"


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob("*.csv")}


def pack_rows():
    with open(PACK, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_pack(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_committed_actuals_are_what_the_importer_makes_of_the_pack(lincs_copy):
    folder = lincs_copy / "lincolnshire"
    committed = (folder / "actuals.csv").read_bytes()
    (folder / "actuals.csv").unlink()
    report = import_pack(lincs_copy, "lincolnshire", PACK)
    assert (folder / "actuals.csv").read_bytes() == committed
    assert report.lines[-1] == "48 KPI rows read: 245 months added, 0 changed, 0 unchanged; 0 catalogue changes"


def test_reimporting_the_same_pack_changes_nothing(lincs_copy):
    before = digest(lincs_copy / "lincolnshire")
    report = import_pack(lincs_copy, "lincolnshire", PACK)
    assert digest(lincs_copy / "lincolnshire") == before
    assert report.lines[-1] == "48 KPI rows read: 0 months added, 0 changed, 245 unchanged; 0 catalogue changes"
    # The seven KPIs the pack lists but the contract no longer uses, by their row of the pack.
    assert [line.split("pack-2017-08.csv:")[1] for line in report.lines if line.endswith(": not in use")] == [
        "5: PM_KPI_04: not in use",
        "10: PM_KPI_09: not in use",
        "11: PM_KPI_10: not in use",
        "21: IMT_KPI_08: not in use",
        "28: CSC_KPI_02: not in use",
        "34: CSC_KPI_08: not in use",
        "38: ACF_KPI_02: not in use",
    ]


def test_an_xlsx_pack_imports_the_same(lincs_copy, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["CSS contract performance, rolling six months"])  # a title row above the header
    for row in pack_rows():
        sheet.append(row)
    book.save(tmp_path / "pack.xlsx")
    folder = lincs_copy / "lincolnshire"
    committed = (folder / "actuals.csv").read_bytes()
    (folder / "actuals.csv").unlink()
    import_pack(lincs_copy, "lincolnshire", tmp_path / "pack.xlsx")
    assert (folder / "actuals.csv").read_bytes() == committed


def refused(lincs_copy, path) -> str:
    before = digest(lincs_copy / "lincolnshire")
    with pytest.raises(InputError) as caught:
        import_pack(lincs_copy, "lincolnshire", path)
    assert digest(lincs_copy / "lincolnshire") == before  # nothing written
    return str(caught.value)


def test_a_month_column_that_is_not_a_month(lincs_copy, tmp_path):
    rows = pack_rows()
    rows[0][6] = "Mya-17"
    assert "pack.csv:1: column 7: 'Mya-17' is not a month (such as Mar-17)" in refused(
        lincs_copy, write_pack(tmp_path / "pack.csv", rows)
    )


def test_a_tsl_that_is_not_a_number(lincs_copy, tmp_path):
    rows = pack_rows()
    rows[1][2] = "99,9x"
    assert "pack.csv:2: TSL: PM_KPI_01: '99,9x' is not a number" in refused(
        lincs_copy, write_pack(tmp_path / "pack.csv", rows)
    )


def test_a_kpi_listed_twice(lincs_copy, tmp_path):
    rows = pack_rows()
    rows.append(rows[3])
    assert "pack.csv:50: KPI: PM_KPI_03 is listed twice (first on row 4)" in refused(
        lincs_copy, write_pack(tmp_path / "pack.csv", rows)
    )


def test_an_unreadable_cell_and_an_unreadable_file(lincs_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = pack_rows()
    rows[2][5] = "see note"
    assert "pack.csv:3: Apr-17: PM_KPI_02: cannot read 'see note'" in refused(
        lincs_copy, write_pack(tmp_path / "pack.csv", rows)
    )
    (tmp_path / "pack.xlsx").write_bytes(b"not a workbook")
    assert refused(lincs_copy, tmp_path / "pack.xlsx") == (
        "pack.xlsx: cannot be read as a spreadsheet (it is not an .xlsx zip archive): "
        "save it from Excel as .xlsx, or as CSV"
    )
    assert refused(lincs_copy, write_pack(tmp_path / "pack.pdf", rows)) == (
        "pack.pdf: unsupported file type '.pdf': give a .csv or .xlsx pack"
    )


def test_levels_differing_from_those_in_force_are_refused(lincs_copy, tmp_path):
    rows = pack_rows()
    f_kpi_01 = next(r for r in rows if r[0] == "F_KPI_01")
    f_kpi_01[2], f_kpi_01[3] = "85", "70"
    message = refused(lincs_copy, write_pack(tmp_path / "pack.csv", rows))
    assert "F_KPI_01: the pack gives TSL 85 and MSL 70, but levels.csv has 90 and 75 in force for 2017-08" in message


def test_an_amended_figure_keeps_its_history(lincs_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the pack's path is then shown in full
    folder = lincs_copy / "lincolnshire"
    (folder / "escalations.csv").write_text("kpi_id,month,state,previous_value,previous_rag,reason\n")
    rows = pack_rows()
    july = [r[:-1] for r in rows]  # July's pack: March to July, no August column
    pm06 = next(r for r in july if r[0] == "PM_KPI_06")
    pm06[6] = "6.00"  # May-17 as first reported, before the escalation
    (folder / "actuals.csv").unlink()
    import_pack(lincs_copy, "lincolnshire", write_pack(tmp_path / "july.csv", july))
    report = import_pack(lincs_copy, "lincolnshire", PACK)
    assert [line for line in report.lines if ": changed " in line] == [
        f"{PACK}:7: PM_KPI_06: changed 2017-05: 6.00 -> 1.00 (previous figure kept in escalations.csv: add the reason)"
    ]
    history = list(csv.DictReader(open(folder / "escalations.csv", encoding="utf-8")))
    assert [(h["kpi_id"], h["month"], h["state"], h["previous_value"]) for h in history] == [
        ("PM_KPI_06", "2017-05", "amended", "6.00")
    ]


def test_a_new_kpi_is_added_with_its_direction_inferred(lincs_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = pack_rows()
    rows.append(["F_KPI_04", "Number of late payment runs", "1", "3", "", "", "", "0.00", "2.00", "4.00"])
    report = import_pack(lincs_copy, "lincolnshire", write_pack(tmp_path / "pack.csv", rows))
    # Row 50, after the 48 KPIs and the header; figures for Jun-17 to Aug-17, the last three months.
    assert [line for line in report.lines if ": F_KPI_04: " in line] == [
        "pack.csv:50: F_KPI_04: new KPI added to kpis.csv (smaller is better, inferred from TSL 1 and MSL 3; "
        "unit count): check both",
        "pack.csv:50: F_KPI_04: added 2017-06 to 2017-08 (3 months)",
    ]
    kpis = {r["kpi_id"]: r for r in csv.DictReader(open(lincs_copy / "lincolnshire" / "kpis.csv", encoding="utf-8"))}
    assert (kpis["F_KPI_04"]["direction"], kpis["F_KPI_04"]["service_area"]) == ("smaller", "F")
