"""Wording a committee can be sent: counts that agree, month spans that name their years, areas
named once, no sentence said twice in a section, one stale-feed flag per run."""

import base64
import re

import pytest

from kpilib import open_paper
from kpilib._inputs.contract_terms import ServiceArea
from kpilib._inputs.months import Month
from kpilib._render.charts import points_chart_img, tick_step
from kpilib._render.wording import counted, month_ranges, month_span

from .conftest import PARAMS


@pytest.fixture(scope="module")
def feb24():
    return open_paper("demo", "2024-02", PARAMS)


@pytest.fixture(scope="module")
def mar24():
    return open_paper("demo", "2024-03", PARAMS)


def test_counts_agree_with_their_number():
    assert [counted(n, "was", "were") for n in (0, 1, 2)] == ["0 were", "1 was", "2 were"]
    assert [counted(n, "KPI") for n in (1, 3)] == ["1 KPI", "3 KPIs"]


def test_month_spans_name_both_years_when_they_cross_one():
    assert month_span(Month(2023, 12), Month(2024, 2), " – ") == "December 2023 – February 2024"
    assert month_span(Month(2024, 1), Month(2024, 3)) == "January to March 2024"
    assert month_span(Month(2024, 3), Month(2024, 3)) == "March 2024"


def test_month_lists_with_gaps_are_not_printed_as_one_span():
    months = [Month(2023, 3), Month(2023, 4), Month(2023, 5), Month(2024, 2)]
    assert month_ranges(months, "%b-%y") == "Mar-23 to May-23, Feb-24"


def test_an_area_named_by_its_code_is_named_once():
    assert ServiceArea("ICT", "ICT").title == "ICT"
    assert ServiceArea("REV", "Revenues and Benefits").title == "Revenues and Benefits (REV)"


def test_demo_february_paper_wording(feb24):
    # Dec-23 to Feb-24 crosses a year: both years named in the failures and mitigation captions.
    exceptions = feb24.failures_and_mitigation().data
    assert "failed to meet the MSL, December 2023 – February 2024" in exceptions
    assert "Mitigation relief granted, December 2023 – February 2024" in exceptions
    areas = feb24.service_areas().data
    assert "5. ICT</h2>" in areas and "Table 3: ICT KPI Summary Performance" in areas and "ICT (ICT)" not in areas
    assert "Part 2 – ICT</h3>" in feb24.appendix_a().data
    performance = feb24.performance().data
    assert "sets out the 2 KPIs below the MSL from December 2023 to February 2024," in performance
    assert "mitigation for 1 KPI in the same months" in performance
    summary = feb24.summary().data
    assert "the performance of Example Services Ltd (synthetic) against" in summary and "(synthetic)'s" not in summary


def test_drafted_summary_agrees_and_does_not_repeat_the_background(feb24):
    # Table 1, Feb-24: 36 at TSL, 0 at MSL only, 1 below (REV_KPI_04), 1 mitigated (ICT_KPI_04), of 38.
    assert feb24.draft_narrative()[1] == (
        "## Summary\n\nIn February 2024, 36 of 38 KPIs achieved the TSL, "
        "0 achieved the MSL only, 1 was below the MSL and 1 had mitigation agreed."
    )
    assert feb24.period_text() not in "".join(feb24.draft_narrative())


def sentences(html):
    text = re.sub(r"<[^>]+>", " ", html)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s.strip()) > 25]


@pytest.mark.parametrize("month", ["feb24", "mar24"])
def test_no_sentence_is_said_twice_in_a_section(month, request):
    paper = request.getfixturevalue(month)
    for part in (
        paper.summary,
        paper.performance,
        paper.service_areas,
        paper.failures_and_mitigation,
        paper.trend_analysis,
        paper.closing,
    ):
        said = sentences(part().data)
        assert len(said) == len(set(said)), [s for s in said if said.count(s) > 1]


def test_a_stale_feed_is_flagged_once_per_run(mar24):
    # REV_KPI_03 has read 98.00 every month since Sep-22 (after its red Jun-22 to Aug-22): one run of
    # 19 months to Mar-24, one flag, in the run's last month; not one for every month of the window.
    rows = [r for r in mar24.quality_rows() if r["kpi"] == "REV_KPI_03"]
    assert rows == [
        {"kpi": "REV_KPI_03", "month": "Mar-24", "text": "unchanged at 98.00 for 19 months running: a stale feed?"}
    ]


def test_points_chart_labels_every_sixth_month_so_they_do_not_collide(feb24):
    # Apr-21 to Feb-24 is 35 months: every 3rd would be 12 labels, every 6th gives 6, counted back
    # from the latest month so that Feb-24 has its label.
    assert tick_step(35) == 6 and tick_step(8) == 1 and tick_step(12) == 2
    months = feb24.scorecard.history_months
    img = str(points_chart_img(months, [0] * len(months), "%b-%y"))
    svg = base64.b64decode(re.search(r"base64,([^\"]+)", img).group(1)).decode()
    shown = [text for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if "-2" in text]
    assert shown == ["Aug-21", "Feb-22", "Aug-22", "Feb-23", "Aug-23", "Feb-24"]
