"""Bad input is an InputError naming the file, the line and what is wrong; all problems at once."""

from decimal import Decimal as D
from pathlib import Path

import pytest

from kpilib import load_council
from kpilib._inputs.actuals import load_actuals
from kpilib._inputs.errors import InputError

HEADER = "kpi_id,month,value,numerator,denominator,status,note\n"


def write_actuals(params: Path, body: str) -> Path:
    path = params / "norfolk" / "actuals.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def problems(params: Path) -> list[str]:
    council = load_council(params, "norfolk")
    with pytest.raises(InputError) as caught:
        load_actuals(council)
    return [str(p) for p in caught.value.problems]


def test_every_problem_of_the_file_is_reported_with_its_line(params_copy, monkeypatch):
    monkeypatch.chdir(params_copy.parent)  # paths are shown relative to the working directory
    write_actuals(
        params_copy,
        (
            "610,2019-02,21.6,714,3305,,\n"  # line 2: fine
            "999,2019-02,5,,,,\n"  # line 3: unknown indicator
            "610,2019-02,21.6,,,,\n"  # line 4: duplicate of line 2
            "610,2019-2,21.6,,,,\n"  # line 5: malformed month
            "609,2019-01,abc,,,,\n"  # line 6: not a number
            "610,2019-01,104.2,,,,\n"  # line 7: percentage over 100
            "320,2019-01,-5,,,,\n"  # line 8: negative count
        ),
    )
    found = problems(params_copy)
    assert found == [
        "params/norfolk/actuals.csv:3: kpi_id: unknown indicator '999' (not in council.yml)",
        "params/norfolk/actuals.csv:4: month: 610 2019-02 is given twice (first on line 2)",
        "params/norfolk/actuals.csv:5: month: '2019-2' is not a month in the form YYYY-MM",
        "params/norfolk/actuals.csv:6: value: 'abc' is not a number",
        "params/norfolk/actuals.csv:7: value: 104.2 is outside 0 to 100 for a percentage",
        "params/norfolk/actuals.csv:8: value: -5 is a negative count",
    ]


def test_status_and_value_rules(params_copy, monkeypatch):
    monkeypatch.chdir(params_copy.parent)
    write_actuals(
        params_copy,
        (
            "610,2019-02,,,,,\n"  # line 2: no value and no status
            "610,2019-01,21.6,,,awaited,\n"  # line 3: status contradicts a value
            "610,2018-12,,,,grey,\n"  # line 4: unknown status
            "610,2018-11,28.8,1111,,,\n"  # line 5: numerator without denominator
        ),
    )
    assert problems(params_copy) == [
        "params/norfolk/actuals.csv:2: value: no value: give one, or a status "
        "(awaited, not_expected, data_not_available), or mitigated",
        "params/norfolk/actuals.csv:3: status: status 'awaited' is for a month without a value, but value is 21.6",
        "params/norfolk/actuals.csv:4: status: unknown status 'grey' (known: awaited, not_expected, data_not_available)",
        "params/norfolk/actuals.csv:5: denominator: numerator and denominator go together: give both or neither",
    ]


def test_missing_column_is_named_on_the_header_line(params_copy, monkeypatch):
    monkeypatch.chdir(params_copy.parent)
    path = params_copy / "norfolk" / "actuals.csv"
    path.write_text("kpi_id,month,value\n610,2019-02,21.6\n")
    # numerator, denominator and note are optional; status is the one required column missing.
    assert problems(params_copy) == ["params/norfolk/actuals.csv:1: status: required column is missing"]


def test_a_disagreeing_numerator_is_a_flag_not_an_error(params_copy):
    write_actuals(params_copy, "608,2018-02,35.0,1231,3482,,\n")
    actuals = load_actuals(load_council(params_copy, "norfolk"))
    [(key, observation)] = actuals.items()
    assert (key[0], str(key[1])) == ("608", "2018-02")
    # 1231 / 3482 is 35.4%, not 35.0%: every figure is kept as written, for the scorecard to flag.
    assert (observation.value.value, observation.numerator.value, observation.denominator.value) == (
        D("35.0"),
        D("1231"),
        D("3482"),
    )


def test_relative_paths_and_all_problems_in_str(params_copy, monkeypatch):
    monkeypatch.chdir(params_copy.parent)
    write_actuals(params_copy, "999,2019-02,5,,,,\n610,2019-2,1,,,,\n")
    with pytest.raises(InputError) as caught:
        load_actuals(load_council(params_copy, "norfolk"))
    assert str(caught.value).splitlines() == [
        "params/norfolk/actuals.csv:2: kpi_id: unknown indicator '999' (not in council.yml)",
        "params/norfolk/actuals.csv:3: month: '2019-2' is not a month in the form YYYY-MM",
    ]


def edit_council(params: Path, old: str, new: str) -> None:
    path = params / "norfolk" / "council.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def council_problems(params: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_council(params, "norfolk")
    return str(caught.value)


def test_council_yml_typo_and_missing_key_reported_together(params_copy, monkeypatch):
    monkeypatch.chdir(params_copy.parent)
    edit_council(params_copy, "committee: Digital", "comittee: Digital")
    assert council_problems(params_copy).splitlines() == [
        "params/norfolk/council.yml: committee: required key is missing",
        "params/norfolk/council.yml: comittee: unknown key (did you mean 'committee'? known keys here: "
        "alternative_formats, committee, council, exceptions, indicators, introduction, meetings, "
        "members_asked_to, month_label, officer_contacts, projects_title, rag, recommendations, "
        "report_card_order, report_cards, report_title, responsible_chief_officers, strategic_impact, "
        "synthetic, template, window_months)",
    ]


def test_council_yml_bad_direction_names_the_indicator(params_copy, monkeypatch):
    monkeypatch.chdir(params_copy.parent)
    edit_council(params_copy, "direction: smaller", "direction: lower")  # the first is 608's, the third indicator
    assert council_problems(params_copy) == (
        "params/norfolk/council.yml: indicators[2].direction: should be one of bigger, smaller, not 'lower'"
    )


def test_council_yml_targets_must_be_in_order(params_copy, monkeypatch):
    monkeypatch.chdir(params_copy.parent)
    edit_council(params_copy, "{from: 2019-03, value: 40000}", "{from: 2018-03, value: 40000}")
    assert council_problems(params_copy) == (
        "params/norfolk/council.yml: indicators[0].targets[1].from: 2018-03 does not come after "
        "the previous entry's 2019-01"
    )


def test_malformed_yaml_names_the_line(params_copy, monkeypatch):
    monkeypatch.chdir(params_copy.parent)
    # 'report_cards: [all' is line 27; the open list runs on into line 28, 'window_months: 13',
    # whose ':' cannot appear inside it.
    edit_council(params_copy, "report_cards: all", "report_cards: [all")
    assert council_problems(params_copy) == (
        "params/norfolk/council.yml:28: malformed YAML: expected ',' or ']', but got ':'"
    )


def test_unknown_council_lists_the_known_ones(params_copy, monkeypatch):
    monkeypatch.chdir(params_copy.parent)
    with pytest.raises(InputError) as caught:
        load_council(params_copy, "nofolk")
    assert str(caught.value) == "unknown council 'nofolk' (councils in params: norfolk)"
