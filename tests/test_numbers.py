"""Counts as people type them: one parser for payroll contacts and project volumes, with the
thousands rule of every other figure."""

import pytest

from kpilib._inputs.errors import InputError
from kpilib._inputs.numbers import parse_count
from kpilib._inputs.payroll import load_payroll
from kpilib._inputs.project_volumes import load_volumes


@pytest.mark.parametrize("text, count", [("0", 0), ("46", 46), ("1,234", 1234), ("12,345,678", 12345678)])
def test_counts_as_typed(text, count):
    assert parse_count(text) == count


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "'' is not a whole number"),
        ("-2", "'-2' is not a whole number"),
        ("+5", "'+5' is not a whole number"),
        ("5.0", "'5.0' is not a whole number"),
        ("5%", "'5%' is not a whole number"),
        ("1e3", "'1e3' is not a whole number"),
        ("²", "'²' is not a whole number"),  # str.isdigit() says yes; int() refused it with a crash
        ("١٢", "'١٢' is not a whole number"),  # Arabic-Indic digits: int() read them as 12
        ("1,2,3", "'1,2,3' is not a number"),  # commas out of place: was read as 123
        ("0,125", "'0,125' is not a number"),  # a leading group never starts with 0, as in parse_figure
    ],
)
def test_anything_but_a_count_is_refused(text, message):
    with pytest.raises(ValueError) as caught:
        parse_count(text)
    assert str(caught.value) == message


def test_payroll_counts_with_misplaced_commas_or_odd_digits_are_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "payroll.csv").write_text(
        "month,group,received,resolved,outstanding\n"
        "2017-03,corporate,\"1,2,3\",123,0\n"  # line 2
        "2017-03,schools,²,0,0\n",  # line 3
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_payroll(tmp_path / "payroll.csv")
    assert str(caught.value).splitlines() == [
        "payroll.csv:2: received: '1,2,3' is not a whole number of contacts",
        "payroll.csv:3: received: '²' is not a whole number of contacts",
    ]


def test_payroll_counts_with_thousands_separators_load(tmp_path):
    path = tmp_path / "payroll.csv"
    path.write_text('month,group,received,resolved,outstanding\n2017-04,corporate,"1,258","1,257",1\n')
    [month] = load_payroll(path)
    contacts = month.groups["corporate"]
    assert (str(month.month), contacts.received, contacts.resolved, contacts.outstanding) == ("2017-04", 1258, 1257, 1)


def test_a_project_volume_in_odd_digits_is_an_input_error_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "project_volumes.csv").write_text(
        "month,active,new,closed\n2019-01,44,6,3\n2019-02,4²,4,2\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_volumes(tmp_path / "project_volumes.csv")
    assert str(caught.value) == ("project_volumes.csv:3: active: '4²' should be a whole number of projects (0 or more)")
