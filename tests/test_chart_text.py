"""What a chart says to a reader who cannot see it: alt text from the data, and the data table."""

from decimal import Decimal

from kpilib._inputs.status import Rag
from kpilib._render.chart_text import chart_data, series_story

PERCENT = "{:.1f}%".format


def test_a_series_story_names_the_extremes_and_the_failing_months():
    # Norfolk's 610 First line fix, Sep 18 to Feb 19, against its 28% target with a 5% margin:
    # 27.5 is within 5% of 28 (amber, down to 26.6), 26.3 and 21.6 are not (red).
    points = [
        ("Sep 18", Decimal("33.3"), Rag.GREEN),
        ("Oct 18", Decimal("30.4"), Rag.GREEN),
        ("Nov 18", Decimal("28.8"), Rag.GREEN),
        ("Dec 18", Decimal("27.5"), Rag.AMBER),
        ("Jan 19", Decimal("26.3"), Rag.RED),
        ("Feb 19", Decimal("21.6"), Rag.RED),
    ]
    assert series_story(points, PERCENT) == (
        "Highest 33.3% (Sep 18), lowest 21.6% (Feb 19). Red in Jan 19 and Feb 19. Amber in Dec 18."
    )


def test_a_spike_and_a_break_in_the_line_are_both_told():
    points = [
        ("Jan 24", 4.0, Rag.GREEN),
        ("Feb 24", None, Rag.AWAITED),
        ("Mar 24", 19.5, Rag.RED),
        ("Apr 24", 4.2, Rag.GREEN),
        ("May 24", None, Rag.AWAITED),
    ]
    # May has no figure yet: that is the end of the line, not a break in it.
    assert series_story(points, PERCENT) == (
        "Highest 19.5% (Mar 24), lowest 4.0% (Jan 24). Red in Mar 24. No figure for Feb 24: the line breaks there."
    )


def test_one_figure_tells_no_story():
    assert series_story([("Jan 24", 4.0, Rag.GREEN), ("Feb 24", None, Rag.AWAITED)], PERCENT) == ""


def test_the_chart_data_table_escapes_its_cells_and_scopes_its_headers():
    html = str(chart_data("Points <b>", ["Month", "Points"], [("Jan 24", "<script>"), ("Feb 24", 3)]))
    assert html == (
        '<details class="chart-data"><summary>The figures in this chart</summary><table><caption>Points &lt;b&gt;'
        '</caption><thead><tr><th scope="col">Month</th><th scope="col">Points</th></tr></thead><tbody>'
        '<tr><th scope="row">Jan 24</th><td>&lt;script&gt;</td></tr><tr><th scope="row">Feb 24</th><td>3</td></tr>'
        "</tbody></table></details>"
    )
