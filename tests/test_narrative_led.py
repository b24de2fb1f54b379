"""Narrative-led papers: headline changes as exact as their figures, cited figures, and the check that
typed numbers agree with the data. Fixtures here are synthetic councils written for the test."""

from decimal import Decimal as D

import nbformat
import pytest

from kpilib import InputError, open_paper
from kpilib._inputs.headlines import Headline, Stated, load_headlines
from kpilib._inputs.months import Month
from kpilib._render.stated import change_words, stated
from kpilib._scoring.headline_change import change

MAY14 = Month(2014, 5)


def headline(baseline, current, unit="count", given=None):
    return Headline("m", "Calls received a month", unit, MAY14, baseline, current, given, 2)


@pytest.mark.parametrize(
    ("baseline", "current", "unit", "words"),
    [
        (Stated(D(70000), "just under"), Stated(D(80000), "over"), "count", "up by more than 10,000"),
        (Stated(D(90)), Stated(D(97)), "percent", "up 7 percentage points"),
        (Stated(D(80000), "over"), Stated(D(70000), "just under"), "count", "down by less than 10,000"),
        (Stated(D(12)), Stated(D(8), "about"), "days", "down by about 4 days"),
        (Stated(D(100)), Stated(D(100)), "count", "no change"),
    ],
)
def test_a_change_is_as_exact_as_the_figures_it_comes_from(baseline, current, unit, words):
    assert change_words(change(headline(baseline, current, unit)), unit) == words


def test_two_bounds_the_same_way_round_give_no_change():
    # over 70,000 then over 80,000: the true change could be anything
    assert change(headline(Stated(D(70000), "over"), Stated(D(80000), "over"))) is None


def test_a_change_the_source_states_is_printed_as_stated():
    given = headline(None, None, "gbp", Stated(D(-6000000)))
    assert change_words(change(given), "gbp") == "£6 million less"
    assert stated(Stated(D(700), "over"), "count") == "over 700"
    assert stated(Stated(D(70000), "just under"), "count") == "just under 70,000"
    assert stated(Stated(D(1)), "days") == "1 day"


def test_a_headline_file_is_checked_row_by_row(tmp_path):
    path = tmp_path / "headlines.csv"
    path.write_text(
        "measure,title,unit,month,baseline,baseline_qualifier,current,current_qualifier,change,change_qualifier\n"
        "calls,Calls,count,2014-05,70000,roughly,80000,,,\n"
        "money,Payments,pounds,2014-5,,,,,,\n"
        "calls,Calls again,count,2014-05,1,,2,,3,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_headlines(path)
    assert [str(p).split("headlines.csv:", 1)[1] for p in caught.value.problems] == [
        "2: baseline_qualifier: should be empty or one of about, just under, under, less than, over, just over, "
        "more than, not 'roughly'",
        "3: unit: should be one of count, percent, days, gbp, not 'pounds'",
        "3: month: '2014-5' is not a month in the form YYYY-MM",
        "3: current: gives no figure: fill baseline and current, current alone, or change",
        "4: change: give the change only when the values before and after are not known",
    ]


def governance_council(root, narrative_cells, feedback=None):
    """A synthetic governance council: two services, October 2015 to February 2016."""
    folder = root / "synthetic"
    (folder / "narrative").mkdir(parents=True)
    (folder / "council.yml").write_text(
        "council: Synthetic Borough Council\ncommittee: Synthetic Committee\nreport_title: Synthetic partnership report\n"
        "template: governance\nsynthetic: true\npartner: Synthetic Partner Ltd\nperiod_from: 2015-10\n"
        "services: [ICT, Payroll and Recruitment]\n",
        encoding="utf-8",
    )
    (folder / "feedback.csv").write_text(
        feedback
        or "service,from,to,compliments,complaints\nPayroll and Recruitment,2015-10,2016-02,14,19\n"
        "Payroll and Recruitment,2016-02,2016-02,7,\nICT,2015-10,2016-02,57,7\n",
        encoding="utf-8",
    )
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Narrative")] + [
        nbformat.v4.new_markdown_cell(f"## {heading}\n\n{text}") for heading, text in narrative_cells
    ]
    nbformat.write(notebook, folder / "narrative" / "2016-02.ipynb")
    return root


def test_the_ict_sentence_that_says_54_compliments_is_flagged_and_nothing_else(tmp_path):
    root = governance_council(
        tmp_path,
        [
            ("Executive summary", "The report covers October 2015 to February 2016, for the 2015/16 year."),
            (
                "ICT feedback",
                "Satisfaction with ICT improved: just seven complaints came in, set against 54 compliments. "
                "Four of the seven complaints concerned the Xerox contract.",
            ),
            (
                "Payroll and Recruitment feedback",
                "Between October 2015 and February 2016 the service had 19 complaints and 14 compliments. "
                "Of the 19 complaints, four were closed as not the service's fault. "
                "February 2016 brought the most compliments of the period (seven), over half after school visits.",
            ),
            ("Staffing update", "In 2016, 119 staff (about 25% of all staff) completed the 4 day programme."),
        ],
    )
    paper = open_paper("synthetic", "2016-02", root)
    assert [str(d) for d in paper.disagreements] == [
        "cell 3 (ICT feedback): the text says '54' where the data has 57 (ICT compliments, the whole period; "
        "feedback.csv line 4): 'Satisfaction with ICT improved: just seven complaints came in, set against 54 "
        "compliments.'"
    ]
    assert paper.quality_rows()[0]["kpi"] == "ICT feedback (narrative cell 3)"
    assert "<td>57</td><td>7</td>" in paper.feedback().data


def test_a_month_named_in_the_sentence_is_checked_against_that_months_figure(tmp_path):
    root = governance_council(
        tmp_path, [("Payroll and Recruitment feedback", "In February 2016 the service received 8 compliments.")]
    )
    (only,) = open_paper("synthetic", "2016-02", root).disagreements
    assert (only.typed, only.data) == (
        "8",
        "7 (Payroll and Recruitment compliments, February 2016; feedback.csv line 3)",
    )


def test_cited_figures_are_printed_as_the_tables_print_them(tmp_path):
    root = governance_council(
        tmp_path,
        [("ICT feedback", "ICT received [[feedback: ICT / compliments]] compliments and [[feedback:ict/complaints]].")],
    )
    html = open_paper("synthetic", "2016-02", root).feedback().data
    assert "<p>ICT received 57 compliments and 7.</p>" in html


def test_an_unknown_figure_is_refused_naming_the_cell(tmp_path):
    root = governance_council(tmp_path, [("Recommendation", "x"), ("ICT feedback", "[[feedback: ICT / thanks]]")])
    with pytest.raises(InputError) as caught:
        open_paper("synthetic", "2016-02", root)
    (problem,) = caught.value.problems
    assert (problem.column, problem.message.split(" (")[0]) == ("cell 3", "unknown figure '[[feedback: ICT / thanks]]'")


def test_a_percentage_rounded_as_the_table_rounds_it_agrees(tmp_path):
    from kpilib._papers.figures import Fact
    from kpilib._papers.numbers_check import sentences, typed_numbers

    fact = Fact("headline", "answered", "current", None, D("96.8"), "96.8%", unit="percent", names=("calls", "answe"))
    from kpilib._papers import numbers_check

    assert [t.value for t in typed_numbers("over 80K a month, £6m less, 97% in 8 days, seven of 2014")] == [
        D(80000),
        D(6000000),
        D(97),
        D(8),
        D(7),
        D(2014),
    ]
    assert sentences("One. Two 2.5 things.\n- A list item") == ["One.", "Two 2.5 things.", "A list item"]
    assert numbers_check._paired("Calls answered rose to 97%.", "", [fact])[0][1] == [fact]
    assert numbers_check._same(D(97), D("96.8")) and not numbers_check._same(D(97), D("96.4"))


def test_kpi_data_a_governance_council_supplies_is_scored_and_checked(tmp_path):
    root = governance_council(
        tmp_path,
        [
            ("ICT performance", "Incidents resolved on time reached 93% in February."),
            ("Payroll and Recruitment performance", "Incidents resolved on time fell to 92%."),
        ],
    )
    folder = root / "synthetic"
    with open(folder / "council.yml", "a", encoding="utf-8") as handle:
        handle.write(
            "rag: {rule: relative_tolerance, amber_within: 0.05}\nexceptions: {variance: 0.05, consecutive_periods: 3}\n"
            "report_cards: all\nindicators:\n  - {id: G1, title: Incidents resolved on time, direction: bigger, "
            "unit: percent, decimals: 1, targets: [{from: 2015-04, value: 95}]}\n"
        )
    (folder / "actuals.csv").write_text(
        "kpi_id,month,value,numerator,denominator,status,note\nG1,2016-01,96.0,,,,\nG1,2016-02,93.0,,,,\n",
        encoding="utf-8",
    )
    paper = open_paper("synthetic", "2016-02", root)
    # 93.0 is 2.0 short of 95, within 5% of it (4.75): amber
    assert (
        '<tr><th scope="row">G1 Incidents resolved on time</th><td>95.0%</td><td>93.0%</td>'
        '<td class="rag rag-amber">Amber <span class="lbl">(A)</span></td></tr>'
    ) in paper.performance().data
    assert [(d.cell, d.typed) for d in paper.disagreements] == [(3, "92%")]  # cell 1 is the title


def test_make_narrative_drafts_every_heading_and_lists_the_figures_to_cite(tmp_path):
    root = governance_council(tmp_path, [])
    cells = open_paper("synthetic", "2016-02", root).draft_narrative()
    assert cells[1:] == [
        f"## {h}\n"
        for h in (
            "Executive summary",
            "Recommendation",
            "Background",
            "ICT scope",
            "Payroll and Recruitment scope",
            "ICT performance",
            "Payroll and Recruitment performance",
            "Other developments",
            "ICT feedback",
            "Payroll and Recruitment feedback",
            "Staffing update",
            "Consultations",
            "Risk management",
        )
    ]
    assert cells[0].endswith(
        "Figures you can cite instead of typing them: `[[feedback: ICT / compliments]]`, `[[feedback: ICT / complaints]]`, "
        "`[[feedback: Payroll and Recruitment / compliments]]`, `[[feedback: Payroll and Recruitment / complaints]]`, "
        "`[[feedback: Payroll and Recruitment / compliments / 2016-02]]`, "
        "`[[feedback: Payroll and Recruitment / complaints / 2016-02]]`."
    )
