"""Exception criteria (paragraph 2.3 of the Norfolk paper) and direction of travel."""

from decimal import Decimal as D

from kpilib._scoring.criteria import (
    DETERIORATING,
    OFF_TARGET,
    PERSISTENT_AMBER,
    computed_criteria,
    deterioration_run,
    rag_run,
    travel,
)
from kpilib._scoring.rag import Rag

G, A, R = Rag.GREEN, Rag.AMBER, Rag.RED


def test_first_line_fix_february_2019_is_off_target_and_deteriorating(norfolk_feb19):
    row = norfolk_feb19.row("610")
    # 33.3 (Sep) > 30.4 > 28.8 > 27.5 > 26.3 > 21.6: five falls in a row.
    assert deterioration_run([c.value for c in row.cells], "bigger") == 5
    assert row.criteria == [OFF_TARGET, DETERIORATING]
    assert row.travel == "deteriorated"


def test_abandonment_rose_three_months_running_but_is_within_variance(norfolk_feb19):
    row = norfolk_feb19.row("608")
    # 6.2 (Nov) < 7.4 < 8.6 < 10.4: three deteriorations; 10.4 is 4% over 10, under the 5% variance.
    assert row.criteria == [DETERIORATING]


def test_awaited_report_month_is_assessed_on_the_latest_figure(norfolk_feb19):
    row = norfolk_feb19.row("320")
    assert str(row.assessed.month) == "2019-01"
    assert row.criteria == [OFF_TARGET]
    assert row.travel == "improved"  # 27,003 -> 27,760, bigger is better


def test_indicators_on_target_meet_no_criterion(norfolk_feb19):
    for kpi in ("323", "609", "611", "626", "636"):
        assert norfolk_feb19.row(kpi).criteria == [], kpi


def test_direction_of_travel_uses_the_indicators_direction(norfolk_feb19):
    assert norfolk_feb19.row("609").travel == "improved"  # 1.1 -> 0.8, smaller is better
    assert norfolk_feb19.row("626").travel == "deteriorated"  # 6.6 -> 6.4
    assert norfolk_feb19.row("636").travel == "unchanged"  # 100.0 -> 100.0
    assert travel(None, D(1), "bigger") is None


def test_variance_of_five_percent_is_an_exception_even_when_amber():
    values, rags = [D("28"), D("26.6")], [G, A]
    assert computed_criteria(values, rags, D("28"), "bigger", D("0.05"), 3) == [OFF_TARGET]
    values, rags = [D("28"), D("26.7")], [G, A]
    assert computed_criteria(values, rags, D("28"), "bigger", D("0.05"), 3) == []


def test_amber_three_periods_running():
    assert rag_run([G, A, A, A], A) == 3
    values = [D("27.0"), D("27.5"), D("27.0"), D("27.5")]  # not deteriorating each time
    assert PERSISTENT_AMBER in computed_criteria(values, [G, A, A, A], D("28"), "bigger", D("0.05"), 3)
    assert PERSISTENT_AMBER not in computed_criteria(values, [A, A, G, A], D("28"), "bigger", D("0.05"), 3)


def test_a_gap_or_a_flat_month_breaks_a_deterioration_run():
    assert deterioration_run([D(3), D(2), None, D(1), D(0)], "bigger") == 1
    assert deterioration_run([D(3), D(2), D(2), D(1)], "bigger") == 1
    assert deterioration_run([D(1), D(2), D(3), D(4)], "smaller") == 3
