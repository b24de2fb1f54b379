"""Numerator/denominator against value, allowing for the rounding of every printed figure."""

from decimal import Decimal as D

from kpilib._inputs.numbers import parse_figure
from kpilib._scoring.quality import ratio_disagreement


def check(value, numerator, denominator):
    return ratio_disagreement(
        parse_figure(value), parse_figure(numerator, True), parse_figure(denominator, True), D(100), "%"
    )


def test_agreeing_pairs_are_not_flagged():
    assert check("21.6", "714", "3305") is None  # 610 Feb 19: 21.60%
    assert check("33.8", "1577", "4659") is None  # 610 Mar 18: 33.848%
    assert check("97.4", "115.7k", "118.8k") is None  # 636 Aug 18: 97.39%


def test_thousands_rounding_is_allowed_for():
    # 636 May 18: 112.0k/113.4k is 98.77%, which rounds to 98.8, not 98.7; but 112.0k may be
    # 111,950 and 113.4k may be 113,450, giving 98.68%: the printed figures can agree.
    assert check("98.7", "112.0k", "113.4k") is None


def test_disagreeing_pairs_are_flagged_with_the_implied_value():
    assert check("35.0", "1231", "3482") == "numerator/denominator give 35.4%, not 35.0%"  # 608 Feb 18
    assert check("60.8", "2299", "1483") == "numerator/denominator give 155.0%, not 60.8%"  # 323 Jan 19
    assert check("99.0", "113.1k", "113.4k") == "numerator/denominator give 99.7%, not 99.0%"  # 636 Jun 18


def test_norfolk_flags_exactly_the_nine_disagreeing_cells(norfolk_feb19):
    flagged = sorted(
        (row.indicator.id, str(c.month))
        for row in norfolk_feb19.rows
        for c in row.cells
        if "numerator/denominator" in c.data_quality
    )
    assert flagged == [
        ("323", "2019-01"),
        ("608", "2018-02"),
        ("611", "2018-07"),
        ("611", "2018-08"),
        ("611", "2018-10"),
        ("636", "2018-02"),
        ("636", "2018-06"),
        ("636", "2018-09"),
        ("636", "2018-10"),
    ]


def test_figures_keep_the_precision_they_were_written_with():
    assert parse_figure("80.7k", True).value == D("80700")
    assert parse_figure("80.7k", True).half_unit == D("50")
    assert parse_figure("35.0").half_unit == D("0.05")
    assert parse_figure("1,234").value == D("1234")
    assert parse_figure("12.5%").value == D("12.5")


def test_stale_feed_and_jump_on_the_norfolk_dashboard(norfolk_feb19):
    flagged = {
        (row.indicator.id, str(c.month)): c.data_quality
        for row in norfolk_feb19.rows
        for c in row.cells
        if c.data_quality and "numerator" not in c.data_quality
    }
    # 626 was 6.6 every month from Feb 18 to Sep 18: one run, flagged once, in its last month.
    assert sorted(k for k in flagged if k[0] == "626") == [("626", "2018-09")]
    assert flagged[("626", "2018-09")] == "unchanged at 6.6 for 8 months running: a stale feed?"
    # 610's 21.6 is far below its twelve-month median of 32.4, but it is the fifth fall running
    # (33.3, 30.4, 28.8, 27.5, 26.3, 21.6) and 714 / 3305 = 21.6%: a trend, not a figure to doubt.
    assert ("610", "2019-02") not in flagged
    assert len(flagged) == 1


def test_a_jump_that_continues_a_run_of_falls_is_not_flagged():
    from kpilib._scoring.quality import series_flags

    history = [D("33.0"), D("33.8"), D("35.6"), D("32.9"), D("32.8"), D("31.2"), D("32.0"), D("33.3")]
    falling = history + [D("30.4"), D("28.8"), D("27.5"), D("26.3"), D("21.6")]
    assert series_flags(falling, "percent", 1)[-1] == ""
    # The same 21.6 after a rise breaks the run: flagged, with its unit, as a fall to confirm.
    broken = history + [D("30.4"), D("28.8"), D("29.5"), D("26.3"), D("21.6")]
    assert series_flags(broken, "percent", 1)[-1] == (
        "a sharp fall to 21.6%, far outside the previous 12 months (median 32.4%): confirm with the data owner"
    )


def test_series_flags_rules():
    from kpilib._scoring.quality import series_flags

    flat = [D("100")] * 8 + [D("0")] * 8
    assert series_flags(flat, "percent", 1) == [""] * 16  # 100% and 0 are natural bounds, not stale
    steady = [D("50"), D("52"), D("49"), D("51"), D("50"), D("48"), D("51"), D("50")]
    # Sorted, the eight are 48 49 50 50 50 51 51 52: median 50, and 90 is far outside them.
    assert series_flags(steady + [D("90")], "count", 0)[-1] == (
        "a sharp rise to 90, far outside the previous 8 months (median 50): confirm with the data owner"
    )
    assert series_flags(steady + [D("53")], "count", 0)[-1] == ""


def test_a_stale_run_is_flagged_once_in_its_last_month():
    from kpilib._scoring.quality import series_flags

    # 4 for seven months, a 5, then 3 for six months to the end: two runs of 6 or more, two flags.
    flags = series_flags([D("4")] * 7 + [D("5")] + [D("3")] * 6, "count", 0)
    assert [(i, f) for i, f in enumerate(flags) if f] == [
        (6, "unchanged at 4 for 7 months running: a stale feed?"),
        (13, "unchanged at 3 for 6 months running: a stale feed?"),
    ]
