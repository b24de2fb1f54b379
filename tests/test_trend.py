"""Trend projection to the TSL, and each SPC rule on a series built to fire it and one not to."""

from kpilib._inputs.months import Month
from kpilib._render.wording import projection_outlook
from kpilib._scoring.trend import project, spc_signals, theil_sen

START = Month(2023, 1)


def months(n):
    return [START + i for i in range(n)]


def test_theil_sen_of_an_exact_line():
    slope, intercept = theil_sen([0, 1, 2, 3], [10.0, 12.0, 14.0, 16.0])
    assert (round(slope, 9), round(intercept, 9)) == (2.0, 10.0)


def test_one_failure_spike_does_not_project_a_crossing():
    # Eight months at 97 but for one failure of 85 in Jul 2023; TSL 90, bigger is better.
    values = [97.0] * 6 + [85.0, 97.0]
    # Least squares: mean x 3.5, mean y 95.5; Sxy = 1.5 * (-2.5) + 2.5 * (-10.5) = -30, Sxx = 42, so
    # slope -5/7 and intercept 95.5 + 3.5 * 5/7 = 98: worse than 90 beyond x = 11.2, i.e. from
    # Jan 2024, which a 12-month horizon would flag.
    # Theil-Sen: of the 28 pairwise slopes, the 21 pairs of 97s give 0, the six pairs (97 before, 85)
    # give -12/6 .. -12/1 and the pair (85, 97 after) gives +12. The 14th and 15th of the sorted
    # slopes are both 0: a flat line at the median of the values, 97. No crossing.
    projection = project(months(8), values, 90.0, "bigger")
    assert (projection.slope, projection.intercept) == (0.0, 97.0)
    assert projection.crossing is None and projection.worse_since is None
    assert not projection.due_by(Month(2024, 12))


def test_a_line_already_worse_says_since_when_not_a_future_month():
    # 92 falling 1 a month to 86 (Jan-Jul 2023), then a green 91 in Aug; TSL 90.
    # Theil-Sen: the 21 pairs among the first seven give -1; the seven pairs with Aug give -1/7, 0,
    # 1/5, 1/2, 1, 2, 5. Sorted, the 14th and 15th of 28 are -1: slope -1. Intercept: the median
    # of value + x is 92 (seven of eight). The line 92 - x is worse than 90 from x = 3, April 2023,
    # and at Aug (x = 7, 85) it is already worse: no future crossing to announce.
    projection = project(months(8), [92.0, 91.0, 90.0, 89.0, 88.0, 87.0, 86.0, 91.0], 90.0, "bigger")
    assert (projection.slope, projection.intercept) == (-1.0, 92.0)
    assert projection.worse_since == Month(2023, 4) and projection.crossing is None
    assert projection.due_by(Month(2023, 9))
    assert projection_outlook(projection) == "its fitted trend has been worse than its TSL since April 2023"
    # Worse at both ends of the fit: worse throughout, whatever the slope.
    flat = project(months(4), [85.0, 86.0, 85.0, 86.0], 90.0, "bigger")
    assert (
        flat.worse_since == START
        and projection_outlook(flat) == "its fitted trend is worse than its TSL throughout the months fitted"
    )


def test_months_without_a_value_keep_their_place_on_the_line():
    # Jan, Feb, Apr, May 2023 (no March figure): 99, 98, 96, 95 is 99 - x with x in calendar months.
    # Worse than 90 from x = 10, November 2023 (counting the four values as x = 0..3 would give a
    # slope of -4/3 and October).
    projection = project([START, START + 1, START + 3, START + 4], [99.0, 98.0, 96.0, 95.0], 90.0, "bigger")
    assert round(projection.slope, 9) == -1.0
    assert projection.crossing == Month(2023, 11)
    assert projection_outlook(projection) == "projected to be worse than its TSL from November 2023"
    assert (projection.first, projection.last) == (START, START + 4)


def test_projection_crosses_in_a_known_month():
    # 99, 98, ..., 94 over Jan-Jun 2023: one point a month down. TSL 90: the line reaches 90
    # at x=9 (Oct) and is worse from x=10, November 2023.
    values = [99.0, 98.0, 97.0, 96.0, 95.0, 94.0]
    assert project(months(6), values, 90.0, "bigger").crossing == Month(2023, 11)
    # Smaller is better: 2, 3, ..., 7 against a TSL of 10 crosses when above 10: x=9, October.
    assert project(months(6), [2.0, 3.0, 4.0, 5.0, 6.0, 7.0], 10.0, "smaller").crossing == Month(2023, 10)


def test_improving_or_flat_series_never_cross():
    assert project(months(6), [94.0, 95.0, 96.0, 97.0, 98.0, 99.0], 90.0, "bigger").crossing is None
    assert project(months(4), [95.0, 95.0, 95.0, 95.0], 90.0, "bigger").crossing is None


def rules(values):
    return {s.rule: s.months for s in spc_signals(months(len(values)), values)}


def test_point_outside_process_limits():
    fires = rules([50, 51, 49, 50, 51, 49, 50, 51, 49, 80])
    assert fires["a point outside the process limits"] == [Month(2023, 10)]
    assert "a point outside the process limits" not in rules([50, 51, 49, 50, 51, 49, 50, 51, 49, 50])


def test_run_of_six_rising_or_falling():
    fires = rules([10, 9, 10, 11, 12, 13, 14, 12])  # 9 -> 14: six points rising
    assert fires["a run of six or more points rising or falling"] == [START + i for i in range(1, 7)]
    assert "a run of six or more points rising or falling" not in rules([10, 11, 12, 13, 14, 13, 14, 15])


def test_seven_on_one_side_of_the_mean():
    # Mean 706 / 14 = 50.4: Jan-Jul 2023 lie below it, Aug 2023-Feb 2024 above. Both runs are seven
    # long; the first found is the one named, as a longer run would have been.
    fires = rules([40, 41, 40, 41, 40, 41, 40, 60, 61, 60, 61, 60, 61, 60])
    assert fires["seven or more points on one side of the mean"] == [START + i for i in range(7)]
    assert "seven or more points on one side of the mean" not in rules([40, 60, 41, 61, 40, 60, 41, 61, 40, 60])
