"""The synthetic demo's trend analysis and charts, as the reviewer read them: a numbered section of
its own, slopes with their unit, charts that fit the column, label the latest month, title the y axis
with the KPI's unit, tick in whole numbers and mark mitigated months."""

from __future__ import annotations

import re

import pytest
from weasyprint import HTML

from kpilib import open_paper
from kpilib._inputs.months import Month
from kpilib._render.charts import last_month_ticks, points_chart_img, projection_chart_img
from kpilib._render.pdf import CSS
from kpilib._scoring.trend import slope_text

from .conftest import PARAMS


@pytest.fixture(scope="module")
def march():
    return open_paper("demo", "2024-03", PARAMS)


def _trend(paper, kpi_id):
    return next(t for t in paper.scorecard.green_trends() if t["kpi"].id == kpi_id)


def _svg_of(img) -> str:
    import base64

    return base64.b64decode(re.search(r'base64,([^"]+)"', str(img)).group(1)).decode()


def _texts(svg: str) -> list[str]:
    """The words matplotlib wrote into the SVG (svg.fonttype none keeps them as <text>)."""
    return [t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def _chart(paper, kpi_id) -> str:
    t = _trend(paper, kpi_id)
    return _svg_of(projection_chart_img(t["kpi"], t["cells"], t["projection"], t["tsl"], t["msl"], paper.label))


def test_month_axis_labels_count_back_from_the_latest_month():
    # Apr-21 to Feb-24 is 35 months: every 6th is labelled, ending on Feb-24 (index 34), not Oct-23.
    assert last_month_ticks(35) == [4, 10, 16, 22, 28, 34]
    assert last_month_ticks(12) == [1, 3, 5, 7, 9, 11]


def test_points_chart_labels_the_latest_month():
    months = [Month(2021, 4) + i for i in range(35)]
    texts = _texts(_svg_of(points_chart_img(months, [0] * 35, "%b-%y")))
    # Every 6th of 35 months, counted back from Feb-24: not Apr-21, the first, nor Oct-23.
    assert [t for t in texts if re.fullmatch(r"[A-Z][a-z]{2}-\d\d", t)] == [
        "Aug-21",
        "Feb-22",
        "Aug-22",
        "Feb-23",
        "Aug-23",
        "Feb-24",
    ]


def test_projection_chart_titles_its_y_axis_with_the_kpis_unit(march):
    assert "Number" in _texts(_chart(march, "ICT_KPI_04"))  # a count of failures
    assert "Per cent" in _texts(_chart(march, "FIN_KPI_01"))  # a percentage


def test_projection_chart_ticks_in_whole_numbers(march):
    # FIN_KPI_01, Apr-23 to Mar-24: 98.40 falling to 92.35, TSL 90, MSL 85, projected to Aug-24.
    ticks = [t for t in _texts(_chart(march, "FIN_KPI_01")) if re.fullmatch(r"[\d.]+", t)]
    assert ticks == ["85", "90", "95", "100"]


def test_mitigated_months_are_marked_on_the_projection_chart(march):
    # ICT_KPI_04 had mitigation agreed in Jan-24 and Feb-24 (7 failures each); FIN_KPI_01 never did.
    assert "Mitigation agreed" in _texts(_chart(march, "ICT_KPI_04"))
    assert "Mitigation agreed" not in _texts(_chart(march, "FIN_KPI_01"))
    html = march.trend_analysis().data
    assert "ICT_KPI_04: results from Apr-23 to Mar-24 (months under agreed mitigation marked apart" in html
    assert "FIN_KPI_01: results from Apr-23 to Mar-24, the fitted trend carried forward" in html


def test_trend_analysis_is_a_numbered_section_between_the_failures_and_the_closing_sections(march):
    # Abbreviations 1, Background 2, Performance 3, five areas 4 to 8, failures 9: trends 10, overview 11.
    assert "<h2>9. KPI performance failures" in march.failures_and_mitigation().data
    assert "<h2>10. Trend analysis of green KPIs</h2>" in march.trend_analysis().data
    assert "<h2>11. KPI performance overview</h2>" in march.closing().data


def test_lincolnshire_without_a_trend_analysis_keeps_its_closing_numbers():
    numbers = open_paper("lincolnshire", "2017-08", PARAMS).table_numbers()
    assert numbers["section_closing"] == numbers["section_failures"] + 1


def test_signal_table_gives_the_trend_per_month_with_its_unit(march):
    html = march.trend_analysis().data
    assert "Trend per month" in html and "Trend a month" not in html
    # FIN_KPI_01 falls 0.55 points a month; ICT_KPI_04's line rises 0.13 failures a month (15/112).
    assert "<th scope=\"row\">FIN_KPI_01</th><td>-0.55 percentage points</td>" in html
    assert "<th scope=\"row\">ICT_KPI_04</th><td>+0.13 in the count</td>" in html
    assert slope_text(0.0, "percent") == "+0.00 percentage points"


def test_flagged_kpis_sentence_does_not_open_with_a_numeral(march):
    assert "The analysis flags 3 green KPIs:" in march.trend_analysis().data


def _img_right_edges(html: str) -> tuple[float, list[float]]:
    """The first page's right content edge and each image's right edge, as WeasyPrint lays them out."""
    page = HTML(string=html).render().pages[0]
    box = page._page_box
    edge = box.content_box_x() + box.width
    found = []

    def walk(b):
        if getattr(b, "element_tag", None) == "img":
            found.append(b.content_box_x() + b.width)
        for child in getattr(b, "children", []):
            walk(child)

    walk(box)
    return edge, found


def test_abatement_chart_fits_the_text_column(march):
    months = [Month(2021, 4) + i for i in range(36)]
    chart = points_chart_img(months, [0] * 36, "%b-%y")
    html = (
        f"<html><head><style>{CSS.read_text(encoding='utf-8')}</style></head><body>"
        f"<section class='abatement'><figure>{chart}<figcaption>Table 1b</figcaption></figure></section>"
        "</body></html>"
    )
    edge, images = _img_right_edges(html)
    assert images == [pytest.approx(edge)]  # the one chart, exactly as wide as the text column


def test_the_trend_charts_alt_text_tells_the_spike_and_the_mitigated_months(march):
    # ICT_KPI_04 (failures a month, TSL 1): 0 or 1 every month from Apr-23 but 7 in Jan-24 and Feb-24,
    # both under agreed mitigation (params/demo/actuals.csv); the first of equal figures is named.
    t = _trend(march, "ICT_KPI_04")
    img = str(projection_chart_img(t["kpi"], t["cells"], t["projection"], t["tsl"], t["msl"], march.label))
    alt = re.search(r'alt="([^"]*)"', img).group(1)
    assert alt == (
        "Line chart of ICT_KPI_04, Apr-23 to Mar-24, from 1 to 1. Highest 7 (Jan-24), lowest 0 (May-23). "
        "Mitigation agreed in Jan-24 and Feb-24. The fitted trend, +0.13 a month: its fitted trend has been "
        "worse than its TSL since January 2024 (TSL 1)."
    )
