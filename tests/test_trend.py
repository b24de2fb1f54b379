"""Trend projection to the TSL, and each SPC rule on a series built to fire it and one not to."""

from kpilib.months import Month
from kpilib.trend import linear_fit, project, spc_signals

START = Month(2023, 1)


def months(n):
    return [START + i for i in range(n)]


def test_linear_fit_of_an_exact_line():
    slope, intercept = linear_fit([10.0, 12.0, 14.0, 16.0])
    assert (round(slope, 9), round(intercept, 9)) == (2.0, 10.0)


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
    fires = rules([10, 9, 10, 11, 12, 13, 14, 12])        # 9 -> 14: six points rising
    assert fires["a run of six or more points rising or falling"] == [START + i for i in range(1, 7)]
    assert "a run of six or more points rising or falling" not in rules([10, 11, 12, 13, 14, 13, 14, 15])


def test_seven_on_one_side_of_the_mean():
    fires = rules([40, 41, 40, 41, 40, 41, 40, 60, 61, 60, 61, 60, 61, 60])
    assert len(fires["seven or more points on one side of the mean"]) == 7
    assert "seven or more points on one side of the mean" not in rules([40, 60, 41, 61, 40, 60, 41, 61, 40, 60])
