"""Abatement points and service credits, worked by hand on small fixtures."""

from decimal import Decimal as D

from kpilib._inputs.months import Month
from kpilib._scoring.abatement import AbatementRules, kpi_abatement, monthly_credits, share
from kpilib._scoring.rag import Rag

G, A, R, MIT = Rag.GREEN, Rag.AMBER, Rag.RED, Rag.MITIGATED
RULES = AbatementRules(
    source="fixture",
    fractions={R: D(1)},
    multipliers=(D(1), D("1.5"), D(2)),
    mitigation_breaks_run=True,
    value_per_point=D(100),
)


def run(*outcomes, points=D(20), rules=RULES):
    months = [Month(2021, 4) + i for i in range(len(outcomes))]
    rows = [
        (m, o, (R if o is MIT else None), False) if not isinstance(o, tuple) else (m, *o)
        for m, o in zip(months, outcomes)
    ]
    return [a.points for a in kpi_abatement(rows, points, rules)]


def test_one_failure_attracts_the_points_once():
    assert run(G, R, G) == [0, 20, 0]


def test_two_three_and_four_consecutive_failures():
    assert run(R, R) == [20, 30]  # 20 x1, 20 x1.5
    assert run(R, R, R) == [20, 30, 40]  # third x2
    assert run(R, R, R, R) == [20, 30, 40, 40]  # fourth and later stay x2
    assert sum(run(R, R, R, R)) == 130


def test_a_passing_month_restarts_the_run():
    assert run(R, R, G, R) == [20, 30, 0, 20]


def test_mitigation_relieves_points_and_breaks_the_run_by_default():
    # failure, mitigated month (would have failed), failure: the second failure starts a new run.
    result = kpi_abatement(
        [(Month(2021, 4), R, R, False), (Month(2021, 5), MIT, R, False), (Month(2021, 6), R, R, False)], D(20), RULES
    )
    assert [a.points for a in result] == [20, 0, 20]
    assert result[1].relieved == 30  # what the mitigated month would have cost (x1.5)


def test_mitigation_can_be_configured_to_pause_the_run():
    pausing = AbatementRules(**{**RULES.__dict__, "mitigation_breaks_run": False})
    result = kpi_abatement(
        [(Month(2021, 4), R, R, False), (Month(2021, 5), MIT, R, False), (Month(2021, 6), R, R, False)], D(20), pausing
    )
    assert [a.points for a in result] == [20, 0, 30]  # the run resumes: second failure x1.5


def test_data_not_available_attracts_the_full_points_and_continues_a_run():
    assert run(R, (R, None, True)) == [20, 30]
    amber_half = AbatementRules(**{**RULES.__dict__, "fractions": {R: D(1), A: D("0.5")}})
    assert run((A, A, True), points=D(10), rules=amber_half) == [10]  # full points, not half
    assert run(A, A, points=D(10), rules=amber_half) == [5, D("7.5")]  # amber at half, and it runs


def test_amber_attracts_nothing_unless_configured():
    assert run(A, A, R) == [0, 0, 20]


def test_credits_per_point_and_per_percent_of_charge():
    assert RULES.credit_for(D(130)) == D("13000.00")
    percent = AbatementRules(
        **{**RULES.__dict__, "value_per_point": None, "percent_per_point": D("0.01"), "monthly_charge": D(250000)}
    )
    assert percent.credit_for(D(130)) == D("3250.00")  # 130 x 0.01% x 250,000


def test_cap_limits_a_contract_years_credits():
    # cap 1% of 12 x 100,000 = 12,000 a year; 60, 50, 30 points at 100 each = 6,000, 5,000, 3,000.
    capped = AbatementRules(**{**RULES.__dict__, "monthly_charge": D(100000), "cap_percent": D(1)})
    months = [(Month(2021, 4), D(60)), (Month(2021, 5), D(50)), (Month(2021, 6), D(30)), (Month(2022, 4), D(10))]
    credits = monthly_credits(months, capped, contract_year=lambda m: m.financial_year)
    assert [c.credit for c in credits] == [D(6000), D(5000), D(1000), D(1000)]
    assert credits[2].capped_by == D(2000)  # only 1,000 of the year's cap was left
    assert credits[3].capped_by == 0  # a new contract year, a new cap


def test_share_splits_to_the_penny():
    assert share(D("100.00"), [D(1), D(1), D(1)]) == [D("33.34"), D("33.33"), D("33.33")]
    assert sum(share(D("1000.00"), [D(20), D(30), D(45)])) == D("1000.00")


def test_points_rule_is_worded_from_the_configured_fractions():
    from kpilib._papers.contract.abatement import fractions_text

    # Only red fails at 100% (an amber share of 0 is no failure): no 'share' to explain.
    only_red = fractions_text({Rag.RED: D(1), Rag.AMBER: D(0)})
    assert only_red == "a red month (below the MSL) attracts all the KPI's points; an amber month attracts none"
    both = fractions_text({Rag.RED: D(1), Rag.AMBER: D("0.5")})
    assert (
        both
        == "a failing month attracts a share of the KPI's points (red: all of the points; amber: 50% of the points)"
    )
