"""What real input looks like: spreadsheet habits that must load, and mistakes that must not."""

from decimal import Decimal as D

import pytest

from kpilib import load_council, open_paper
from kpilib._inputs.actuals import load_actuals
from kpilib._inputs.catalogue import load_catalogue
from kpilib._inputs.errors import InputError
from kpilib._inputs.pack import read_pack


def test_excel_habits_load(params_copy):
    path = params_copy / "norfolk" / "actuals.csv"
    # A byte-order mark, Windows line endings, thousands separators, a % sign after a percentage,
    # numbers as quoted text, trailing empty columns and blank rows.
    path.write_bytes(
        "\ufeffkpi_id,month,value,numerator,denominator,status,note,,\r\n"
        '320,2019-01,"27,760",,,,,,\r\n'
        '610,2019-02,21.6%,"1,073","4,084",,,,\r\n'
        '609,2019-02,"0.8",,,,,,\r\n'
        ",,,,,,,,\r\n\r\n".encode("utf-8")
    )
    actuals = load_actuals(load_council(params_copy, "norfolk"))
    by = {(k, str(m)): o for (k, m), o in actuals.items()}
    assert by[("320", "2019-01")].value.value == 27760
    assert by[("610", "2019-02")].value.value == D("21.6")
    assert by[("610", "2019-02")].numerator.value == 1073
    assert str(by[("609", "2019-02")].value.value) == "0.8"
    assert len(actuals) == 3


def test_xlsx_pack_with_numbers_stored_as_text(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["KPI", "KPI Short Description", "TSL", "MSL", "Mar-17", "Apr-17", None])
    sheet.append(["PM_KPI_01", "% paid on time", "99.9", 99.0, "99.97", 99.98, None])  # text and numbers
    sheet.append([None] * 7)  # trailing blank row
    book.save(tmp_path / "pack.xlsx")
    row = read_pack(tmp_path / "pack.xlsx").rows[0]
    assert (row.tsl.value, row.msl.value) == (D("99.9"), D("99"))  # Excel stores 99.0 as 99
    assert [c.figure.value for c in row.cells.values()] == [D("99.97"), D("99.98")]


def test_a_month_in_the_future_is_refused(params_copy):
    path = params_copy / "norfolk" / "actuals.csv"
    path.write_text(path.read_text() + "610,2999-01,21.6,,,,\n")
    with pytest.raises(InputError, match=r"actuals.csv:106: month: 2999-01 lies in the future"):
        load_actuals(load_council(params_copy, "norfolk"))


def test_levels_that_leave_a_gap_are_refused(lincs_copy, monkeypatch):
    monkeypatch.chdir(lincs_copy.parent)
    path = lincs_copy / "lincolnshire" / "levels.csv"
    path.write_text(path.read_text().replace("PM_KPI_05,2017-03,85,80,", "PM_KPI_05,2017-05,85,80,"))
    with pytest.raises(InputError) as caught:
        open_paper("lincolnshire", "2017-08", lincs_copy)
    # PM_KPI_05's March and April figures are lines 20 and 21 of actuals.csv.
    assert str(caught.value).splitlines() == [
        f"params/lincolnshire/levels.csv: from: PM_KPI_05 has a figure for {month} (actuals.csv line {line}) "
        "but no levels in force until 2017-05: the levels leave a gap"
        for month, line in (("2017-03", 20), ("2017-04", 21))
    ]


def test_targets_that_overlap_are_refused(params_copy):
    path = params_copy / "norfolk" / "council.yml"
    path.write_text(path.read_text().replace("{from: 2019-03, value: 40000}", "{from: 2019-01, value: 40000}"))
    with pytest.raises(InputError, match=r"indicators\[0\].targets\[1\].from: 2019-01 does not come after"):
        load_council(params_copy, "norfolk")


@pytest.mark.parametrize("name", ["../norfolk", "norfolk/../../etc", "/etc", "Norfolk", ""])
def test_a_council_name_cannot_reach_outside_params(params_copy, name):
    with pytest.raises(InputError, match="should be a folder name of params/"):
        load_council(params_copy, name)


@pytest.mark.parametrize(
    "name, message",
    [
        # Without its council.yml a folder is no council: the list of councils is then empty.
        ("council.yml", "unknown council 'norfolk' (councils in params: none)"),
        ("actuals.csv", "params/norfolk/actuals.csv: file not found"),
    ],
)
def test_a_missing_file_is_named(params_copy, monkeypatch, name, message):
    monkeypatch.chdir(params_copy.parent)
    (params_copy / "norfolk" / name).unlink()
    with pytest.raises(InputError) as caught:
        load_actuals(load_council(params_copy, "norfolk"))
    assert str(caught.value) == message


def test_unreadable_file(params_copy):
    (params_copy / "norfolk" / "actuals.csv").write_bytes(b"kpi_id,month\n\xff\xfe\x00bad")
    with pytest.raises(InputError, match=r"actuals.csv:2: cannot be read: it holds NUL bytes"):
        load_actuals(load_council(params_copy, "norfolk"))


def test_yaml_never_constructs_objects(params_copy):
    path = params_copy / "norfolk" / "council.yml"
    path.write_text("council: !!python/object/apply:os.system ['echo hacked']\n" + path.read_text())
    with pytest.raises(InputError, match="malformed YAML"):
        load_council(params_copy, "norfolk")


def test_catalogue_points_over_the_contract_maximum(lincs_copy):
    council = load_council(lincs_copy, "lincolnshire")
    from dataclasses import replace

    from kpilib._scoring.abatement import AbatementRules

    contract = replace(council.contract, abatement=AbatementRules("x", {}, (D(1),), True))
    path = lincs_copy / "lincolnshire" / "kpis.csv"
    path.write_text(path.read_text().replace("bigger,percent,yes,,,\n", "bigger,percent,yes,,,600\n", 2))
    with pytest.raises(InputError, match="KPIs in use carry 1200 points in all, more than the contract's 1000"):
        load_catalogue(lincs_copy / "lincolnshire", contract)


def test_a_comma_for_a_decimal_point_is_named(params_copy):
    path = params_copy / "norfolk" / "actuals.csv"
    path.write_text(path.read_text().replace("610,2019-02,21.6,", "610,2019-02,21,6,"))
    with pytest.raises(
        InputError,
        match=r"actuals.csv:66: 8 cells, but the header has 7 columns: is there a comma "
        r"inside a number \(21,6 for 21.6\)\?",
    ):
        load_actuals(load_council(params_copy, "norfolk"))
