"""Norfolk's February 2019 paper, read as a committee member reads it: keys, notes and layout."""

from __future__ import annotations

import re
from decimal import Decimal as D

from pypdf import PdfReader

from kpilib import open_paper
from kpilib._render.charts import stacked, y_range
from kpilib._render.wording import latest_figures_note
from tests.conftest import PARAMS


def _paper():
    return open_paper("norfolk", "2019-02", PARAMS)


def _text(html: str) -> str:
    html = re.sub(r'<caption class="visually-hidden">.*?</caption>', "", html)  # read by screen readers, not seen
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_summary_says_which_rag_stands_behind_the_awaited_count(norfolk_feb19):
    # 320 Jan 19: 27,760 against 34,005 is red; 323 Jan 19: 60.8% against 60.0% is green.
    note = (
        "No February 2019 figure yet for 320 and 323; their latest figures, for January 2019, "
        "are rated red and green respectively."
    )
    assert latest_figures_note(norfolk_feb19.rows, norfolk_feb19.month) == note
    assert note in _text(_paper().summary().data)


def test_latest_figures_note_names_each_month_when_they_differ(norfolk_feb19):
    rows = [norfolk_feb19.row("320")]
    assert latest_figures_note(rows, norfolk_feb19.month) == (
        "No February 2019 figure yet for 320; its latest figure, for January 2019, is rated red."
    )
    assert latest_figures_note([norfolk_feb19.row("610")], norfolk_feb19.month) == ""


def test_dashboard_key_says_no_target_was_published_not_that_none_was_in_force():
    text = _text(_paper().dashboard().data)
    assert "“no target” means no target was published for that month" in text
    assert "in force" not in text


def test_quality_annex_does_not_call_a_flagged_figure_both_wrong_and_not_an_error():
    text = _text(_paper().quality_annex().data)
    assert "They are not necessarily errors" in text
    assert "build" not in text
    # 323 Jan 19: 2299 / 1483 = 155.0%, printed as 60.8%.
    assert "numerator/denominator give 155.0%, not 60.8%" in text


def test_card_caption_explains_grey_diamonds_only_where_a_month_has_no_target():
    html = _paper().report_cards().data
    captions = dict(re.findall(r'id="card-(\d+)".*?<figcaption>(.*?)</figcaption>', html, re.S))
    assert "grey diamond no target published" in captions["320"]  # Feb 18 to Dec 18 have no target
    assert "grey diamond" not in captions["610"]


def test_chart_axis_spans_a_fifth_of_the_level_so_a_small_move_is_not_a_collapse():
    # 626: 6.6 most months, 6.4 in Feb 19, target 6: the axis reaches down to 6.6 - 1.32 = 5.28.
    low, high = y_range([D("6.6")] * 12 + [D("6.4"), D("6")])
    assert (round(low, 2), high) == (5.28, 6.6)
    # 610: 21.6% to 35.6% already spans more than a fifth of 35.6: left as it is.
    assert y_range([D("21.6"), D("35.6"), D("28")]) == (21.6, 35.6)
    # 636: 97.4% to 100.0% is drawn from 80%, so the August dip reads as the 2.6% it is.
    assert y_range([D("97.4"), D("100.0"), D("99")]) == (80.0, 100.0)


def test_month_labels_are_stacked_so_thirteen_fit_without_touching():
    assert stacked("Nov 18") == "Nov\n18"


def test_a_card_heading_status_and_exception_stay_on_the_page_of_its_chart(built_twice):
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(built_twice[0] / "norfolk.pdf").pages]
    council = _paper().council
    cards = next(i for i, t in enumerate(pages) if "A report card sets out" in t)
    for kpi in council.report_card_order:
        indicator = council.indicators[kpi]
        heading = next(i for i, t in enumerate(pages) if i >= cards and f"{kpi} {indicator.label}" in t)
        caption = next(i for i, t in enumerate(pages) if f"{indicator.title}: the 13 months to February 2019" in t)
        assert heading == caption, f"{kpi}: heading on page {heading + 1}, chart on page {caption + 1}"


def test_the_annex_introduction_stays_with_its_table(built_twice):
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(built_twice[0] / "norfolk.pdf").pages]
    intro = next(i for i, t in enumerate(pages) if "Figures that may be wrong" in t)
    assert "numerator/denominator give 155.0%, not 60.8%" in pages[intro]
