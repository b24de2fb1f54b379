"""The vital-signs paper's sections, rendered without a kernel."""

import nbformat

from kpilib import open_paper


def write_narrative(params, *cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(c) for c in cells]
    nbformat.write(notebook, params / "norfolk" / "narrative" / "2019-02.ipynb")


def test_exception_without_commentary_says_to_follow_and_warns(params_copy):
    write_narrative(params_copy, "## Executive summary\n\nSummary.", "## 608 Background\n\nRising calls.")
    paper = open_paper("norfolk", "2019-02", params_copy)
    cards = paper.report_cards().data
    card_610 = cards[cards.index('id="card-610"') : cards.index('id="card-611"')]
    assert "Commentary to follow." in card_610
    assert "Rising calls." in cards
    # Exceptions in February 2019: 320 (January off target) and 610 without background, 608 with it.
    # 611 is no exception, so its missing commentary is no warning.
    to_follow = "the paper says 'Commentary to follow'"
    assert paper.warnings == [
        f"no 'Financial implications' commentary: {to_follow}",
        f"no 'Issues, risks and innovation' commentary: {to_follow}",
        f"320 Number of active My Norfolk accounts is an exception (off_target) with no background commentary: "
        f"{to_follow}",
        f"610 First line fix is an exception (off_target, deteriorating) with no background commentary: {to_follow}",
    ]


def test_cards_for_exceptions_only_when_configured(params_copy):
    path = params_copy / "norfolk" / "council.yml"
    path.write_text(path.read_text().replace("report_cards: all", "report_cards: exceptions"))
    cards = open_paper("norfolk", "2019-02", params_copy).report_cards().data
    assert [k for k in ("320", "323", "608", "609", "610", "611", "626", "636") if f'id="card-{k}"' in cards] == [
        "320",
        "608",
        "610",
    ]


def test_missing_narrative_and_meeting_date_are_warnings_not_errors(params_copy):
    (params_copy / "norfolk" / "narrative" / "2019-02.ipynb").unlink()
    paper = open_paper("norfolk", "2019-01", params_copy)
    to_follow = "the paper says 'Commentary to follow'"
    # Without a narrative every slot is empty: the three paper slots and both January exceptions warn.
    assert paper.warnings == [
        "no narrative file 2019-01.ipynb for 2019-01: run `make narrative MONTH=2019-01 COUNCIL=norfolk` to start one",
        "no meeting date for 2019-01 in council.yml (meetings:): the paper says 'to be confirmed'",
        f"no 'Executive summary' commentary: {to_follow}",
        f"no 'Financial implications' commentary: {to_follow}",
        f"no 'Issues, risks and innovation' commentary: {to_follow}",
        f"320 Number of active My Norfolk accounts is an exception (off_target) with no background commentary: "
        f"{to_follow}",
        f"610 First line fix is an exception (off_target, deteriorating) with no background commentary: {to_follow}",
    ]
    assert '<tr><th scope="row">Date of meeting</th><td>to be confirmed</td></tr>' in paper.header().data


def test_dashboard_travel_names_the_month_when_the_report_month_is_awaited(params_copy):
    html = open_paper("norfolk", "2019-02", params_copy).dashboard().data
    assert (
        '<span class="way">▲ Improved</span> <span class="since">(Jan 19)</span>' in html
    )  # 320: 27,003 -> 27,760, Feb 19 awaited
    assert '<span class="way">▼ Deteriorated</span> <span class="since">(Jan 19)</span>' in html  # 323: 63.5 -> 60.8
    assert '<span class="dq-flag" title="data-quality flag">⚑</span>' in html


def test_a_section_that_fails_says_which_section_and_which_kpi(monkeypatch):
    import pytest

    import kpilib
    from kpilib._papers.vital_signs import cards as vital_signs_cards

    paper = kpilib.open_paper("norfolk", "2019-02")

    def broken(indicator, value):
        if indicator.id == "611":
            raise ZeroDivisionError("decimal division by zero")
        return str(value)

    monkeypatch.setattr(vital_signs_cards, "format_value", broken)
    with pytest.raises(kpilib.SectionError) as caught:
        paper.dashboard()
    assert str(caught.value) == "while building dashboard, KPI 611: ZeroDivisionError: decimal division by zero"
    assert isinstance(caught.value.__cause__, ZeroDivisionError)


def test_the_provenance_section_lists_each_input_with_the_start_of_its_digest():
    import hashlib

    import kpilib
    from kpilib._inputs.council import PROJECT_ROOT

    html = kpilib.open_paper("norfolk", "2019-02").provenance().data
    actuals = hashlib.sha256((PROJECT_ROOT / "params/norfolk/actuals.csv").read_bytes()).hexdigest()
    assert f"<li><code>params/norfolk/actuals.csv</code> {actuals[:12]}</li>" in html
