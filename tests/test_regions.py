"""Wide tables scroll in their own labelled, focusable region; narrow ones are left to wrap."""

from kpilib._render.regions import columns, scroll_regions

WIDE = (
    '<table class="points"><caption>Table 1b: points &amp; credits</caption>'
    '<thead><tr><th scope="col">KPI</th><th scope="col" colspan="2">Mar-17</th></tr></thead></table>'
)
NARROW = '<table class="meta"><tr><th scope="row">Date</th><td>13 March 2019</td></tr></table>'


def test_columns_count_colspans_in_the_first_row():
    assert columns(WIDE) == 3
    assert columns(NARROW) == 2


def test_a_table_of_three_columns_is_wrapped_in_a_region_named_by_its_caption():
    assert scroll_regions("<p>x</p>" + WIDE + NARROW) == (
        '<p>x</p><div class="table-scroll" role="region" tabindex="0" '
        'aria-label="Table 1b: points &amp; credits (scrolls sideways)">' + WIDE + "</div>" + NARROW
    )


def test_the_dashboard_region_may_break_out_of_the_text_column():
    dashboard = '<table class="dashboard"><tr><th scope="col">#</th><th>a</th><th>b</th></tr></table>'
    assert scroll_regions(dashboard).startswith(
        '<div class="table-scroll wide" role="region" tabindex="0" aria-label="Table (scrolls'
    )
