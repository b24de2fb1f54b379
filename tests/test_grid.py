"""The whole-history grid scores as the month-by-month rules do: runs of failures and their points,
each month's total points to the last digit, figures too long for a float, and data-quality flags
of the months a paper shows."""

import random
from dataclasses import replace
from decimal import Decimal as D

import pytest

from kpilib._driver.scale import generate, load
from kpilib._inputs.actuals import Actuals, Observation
from kpilib._inputs.catalogue import Level
from kpilib._inputs.contract_terms import AbatementRules
from kpilib._inputs.months import Month
from kpilib._inputs.numbers import parse_figure
from kpilib._scoring.abatement import Abatement, kpi_abatement
from kpilib._scoring.contract_scorecard import build_contract_scorecard
from kpilib._scoring.quality import series_flags
from kpilib._scoring.rag import Rag

G, A, R, MIT, AW, NM = Rag.GREEN, Rag.AMBER, Rag.RED, Rag.MITIGATED, Rag.AWAITED, Rag.NOT_MEASURED
M = Month.parse


def month_by_month(outcomes, points, rules):
    """The abatement rule one month at a time, as it was written before the grid: the oracle."""
    result, run = [], 0
    for month, rag, raw, dna in outcomes:
        if rag is MIT:
            would = rules.fractions.get(raw, D(0)) if raw else D(0)
            relieved = points * would * rules.multiplier(run + 1) if would else D(0)
            if rules.mitigation_breaks_run:
                run = 0
            result.append(Abatement(month, rag, 0, D(0), D(0), relieved))
            continue
        fraction = D(1) if dna else rules.fractions.get(rag, D(0))
        if fraction > 0:
            run += 1
            multiplier = rules.multiplier(run)
            result.append(Abatement(month, rag, run, multiplier, points * fraction * multiplier, D(0)))
        else:
            if rag in (G, A, R):
                run = 0
            result.append(Abatement(month, rag, 0, D(0), D(0), D(0)))
    return result


def random_outcomes(rng, length):
    outcomes = []
    for i in range(length):
        rag = rng.choice([G, G, A, R, R, MIT, AW, NM, Rag.NOT_EXPECTED])
        raw = rng.choice([G, A, R, None]) if rag is MIT else (rag if rag in (G, A, R) else None)
        dna = rag is R and raw is None
        outcomes.append((M("2020-01") + i, rag, raw, dna))
    return outcomes


@pytest.mark.parametrize("breaks", [True, False])
def test_runs_and_points_match_the_month_by_month_rule(breaks):
    rng, failing = random.Random(7), 0
    rules = AbatementRules(
        source="fixture",
        fractions={R: D(1), A: D("0.5")},
        multipliers=(D(1), D("1.5"), D(2)),
        mitigation_breaks_run=breaks,
    )
    for _ in range(400):
        outcomes = random_outcomes(rng, rng.randrange(0, 20))
        points = rng.choice([D(1), D("2.5"), D(20), D("0.25")])
        expected = month_by_month(outcomes, points, rules)
        assert kpi_abatement(outcomes, points, rules) == expected, outcomes
        failing += sum(1 for a in expected if a.run)
    assert failing > 1000


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = generate(tmp_path_factory.mktemp("grid") / "scale", kpis=60, months=30)
    council, actuals, last = load(folder)
    return council, actuals, last


def test_each_months_total_points_are_the_decimal_sum_written_the_same_way(generated):
    council, actuals, last = generated
    rng = random.Random(3)
    # Points written as a provider's schedule would: whole, halves, quarters, tenths.
    kpis = {
        k: replace(kpi, points=rng.choice([D(1), D("2.5"), D("0.25"), D("10"), D("1.0"), None]))
        for k, kpi in council.indicators.items()
    }
    rules = replace(council.contract.abatement, fractions={R: D(1), A: D("0.5")})
    council = replace(council, indicators=kpis, contract=replace(council.contract, abatement=rules))
    card = build_contract_scorecard(council, actuals, {}, last)
    totals = [c.points for c in card.credits]
    for i, month in enumerate(card.history_months):
        expected = sum((rows[i].points for rows in card.abatement.values()), D(0))
        assert (str(totals[i]), month) == (str(expected), month)
    # Quarter points at one and a half times give totals to three and four places, kept as written.
    assert len(set(totals)) > 10 and min(t.as_tuple().exponent for t in totals) <= -3


def observation(kpi_id, month, text):
    return Observation(kpi_id, M(month), parse_figure(text), None, None, "", "", 2)


def test_figures_longer_than_a_float_score_on_their_decimals(generated):
    council, actuals, last = generated
    kpi = replace(council.indicators["CC_KPI_0001"], levels=[Level(M("1985-01"), D(95), D(92))])
    assert kpi.direction == "bigger"
    council = replace(council, indicators={kpi.id: kpi})
    mine = Actuals(actuals)
    # As floats both are 95.0 and would meet the TSL; as written, the first falls short of it.
    mine[(kpi.id, M("1985-03"))] = observation(kpi.id, "1985-03", "94.99999999999999999")
    mine[(kpi.id, M("1985-04"))] = observation(kpi.id, "1985-04", "95.00000000000000001")
    card = build_contract_scorecard(council, mine, {}, last)
    cells = {c.month: c for c in card.history[kpi.id]}
    assert (cells[M("1985-03")].rag, cells[M("1985-04")].rag) == (A, G)
    # A TSL written to more digits than a float keeps: 95.00000000000000001, met only by the value above it.
    tight = replace(kpi, levels=[Level(M("1985-01"), D("95.00000000000000001"), D(92))])
    card = build_contract_scorecard(replace(council, indicators={kpi.id: tight}), mine, {}, last)
    cells = {c.month: c for c in card.history[kpi.id]}
    assert (cells[M("1985-03")].rag, cells[M("1985-04")].rag) == (A, G)


def test_a_plain_dict_of_observations_scores_as_the_loaded_actuals(generated):
    council, actuals, last = generated
    loaded = build_contract_scorecard(council, actuals, {}, last)
    plain = build_contract_scorecard(council, dict(actuals), {}, last)
    assert dict(plain.history) == dict(loaded.history)
    assert plain.credits == loaded.credits


def test_the_window_shows_the_flags_the_whole_history_gives(generated):
    council, actuals, last = generated
    card = build_contract_scorecard(council, actuals, {}, last)
    shown = 0
    for kpi in council.indicators.values():
        history = card.history[kpi.id]
        expected = series_flags([c.value for c in history], kpi.unit, kpi.decimals)
        assert [c.data_quality for c in history] == expected
        assert [c.data_quality for c in card.cells[kpi.id]] == expected[-len(card.months) :]
        shown += sum(1 for f in expected[-len(card.months) :] if f)
    assert shown > 0


def test_a_stale_run_reaching_back_before_the_window_is_counted_whole(generated):
    council, actuals, last = generated
    kpi = council.indicators["REV_KPI_0001"]
    mine = Actuals(actuals)
    for month in [M("1985-01") + i for i in range(30)]:  # one value for the whole history
        mine[(kpi.id, month)] = observation(kpi.id, str(month), "7.50")
    card = build_contract_scorecard(council, mine, {}, last)
    assert card.cells[kpi.id][-1].data_quality == "unchanged at 7.50 for 30 months running: a stale feed?"
    assert [c.data_quality for c in card.cells[kpi.id][:-1]] == [""] * (len(card.months) - 1)


def test_an_actuals_changed_after_loading_is_scored_as_changed(generated):
    council, actuals, last = generated
    kpi = replace(council.indicators["CC_KPI_0001"], levels=[Level(M("1985-01"), D(95), D(92))])
    council = replace(council, indicators={kpi.id: kpi})
    mine = Actuals(actuals)
    mine.update({(kpi.id, M("1985-03")): observation(kpi.id, "1985-03", "70.00")})  # same length
    popped = mine.pop((kpi.id, M("1985-04")))
    mine.setdefault((kpi.id, M("1985-04")), popped._replace(value=parse_figure("99.00")))
    cells = {c.month: c for c in build_contract_scorecard(council, mine, {}, last).history[kpi.id]}
    assert (cells[M("1985-03")].rag, cells[M("1985-03")].value) == (R, D("70.00"))
    assert (cells[M("1985-04")].rag, cells[M("1985-04")].value) == (G, D("99.00"))


def test_figures_beyond_a_floats_range_score_on_their_decimals(generated):
    council, actuals, last = generated
    kpi = replace(council.indicators["CC_KPI_0001"], direction="smaller", levels=[Level(M("1985-01"), D(0), D(1))])
    council = replace(council, indicators={kpi.id: kpi})
    mine = Actuals(actuals)
    mine[(kpi.id, M("1985-03"))] = observation(
        kpi.id, "1985-03", "1E-400"
    )  # 0.0 as a float: it would meet the TSL of 0
    cells = {c.month: c for c in build_contract_scorecard(council, mine, {}, last).history[kpi.id]}
    assert cells[M("1985-03")].rag == A


def test_totals_past_a_decimals_precision_are_added_as_decimals_are(generated):
    council, actuals, last = generated
    ids = list(council.indicators)[:3]
    kpis = {
        k: replace(council.indicators[k], points=p, levels=[Level(M("1985-01"), D(95), D(92))], direction="bigger")
        for k, p in zip(ids, [D(1), D("4E-28"), D("4E-28")])
    }
    mine = Actuals({(k, M("1985-01")): observation(k, "1985-01", "50.00") for k in ids})  # all three red
    card = build_contract_scorecard(replace(council, indicators=kpis), mine, {}, M("1985-01"))
    # Added one by one, each 4E-28 is lost to rounding at 28 significant digits.
    assert str(card.credits[0].points) == str(D(1) + D("4E-28") + D("4E-28")) == "1.000000000000000000000000000"


def test_a_contract_without_kpis_has_no_points(generated):
    council, _, last = generated
    card = build_contract_scorecard(replace(council, indicators={}), Actuals(), {}, last)
    assert [(c.points, c.credit) for c in card.credits] == [(D(0), D(0))]
