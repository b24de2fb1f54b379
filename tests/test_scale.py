"""Scoring a council's actuals at scale: the one-pass scorecard, the screened data-quality rule and
the streaming reader score exactly as the per-value rules do, on a generated council (200 KPIs x 24 months)."""

import random
from dataclasses import replace
from decimal import Decimal as D
from statistics import median

import pytest

from kpilib._driver.scale import generate, load
from kpilib._inputs.actuals import load_actuals
from kpilib._inputs.catalogue import Level
from kpilib._inputs.errors import InputError
from kpilib._inputs.months import Month
from kpilib._scoring import quality
from kpilib._scoring.contract_cell import ContractCell
from kpilib._scoring.contract_scorecard import build_contract_scorecard
from kpilib._scoring.rag import Rag, service_level_rag

M = Month.parse


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = generate(tmp_path_factory.mktemp("scale") / "scale", kpis=200, months=24)
    council, actuals, last = load(folder)
    assert last == M("1986-12")
    return folder, council, actuals, build_contract_scorecard(council, actuals, {}, last)


# The per-value rule, one KPI-month at a time, as the scorecard applied it before the grid: the oracle.
def score_contract_cell(kpi, month, actuals, escalations):
    """Score one KPI-month against the levels in force that month."""
    levels = kpi.levels_at(month)
    escalation = escalations.get((kpi.id, month))
    if not kpi.counted(month):
        tsl, msl = (levels.tsl, levels.msl) if levels else (None, None)
        return ContractCell(kpi, month, None, tsl, msl, Rag.NOT_MEASURED, None, escalation=escalation)
    return _scored(kpi, month, actuals.get((kpi.id, month)), levels, escalation)


def _scored(kpi, month, obs, levels, escalation):
    """The cell of a month the KPI counts in, from its observation (None when there is no row)."""
    tsl, msl = (levels.tsl, levels.msl) if levels else (None, None)
    if obs is None:
        return ContractCell(kpi, month, None, tsl, msl, Rag.AWAITED, None, escalation=escalation)
    raw = None
    if obs.value is not None and levels is not None:
        raw = service_level_rag(obs.value.value, tsl, msl, kpi.direction)
    dna = obs.status == "data_not_available"
    if obs.mitigated:
        rag = Rag.MITIGATED
    elif dna:
        rag = Rag.RED  # no evidence the levels were met: counted below MSL
    elif obs.status == "awaited":
        rag = Rag.AWAITED
    elif obs.status == "not_expected":
        rag = Rag.NOT_EXPECTED
    else:
        rag = raw if raw is not None else Rag.DATA_ONLY
    return ContractCell(kpi, month, obs.value, tsl, msl, rag, raw, dna, escalation, obs.note)


def cell(card, kpi_id, month):
    return next(c for c in card.history[kpi_id] if c.month == M(month))


def test_the_generated_council_has_every_kpi_month(generated):
    folder, council, actuals, card = generated
    assert (len(council.indicators), len(actuals), len(card.history_months)) == (200, 4800, 24)
    assert card.history_months[0] == M("1985-01") and sum(len(cells) for cells in card.history.values()) == 4800


@pytest.mark.parametrize(
    "kpi_id, month, value, tsl, msl, rag, raw, why",
    [
        (
            "REV_KPI_0001",
            "1985-05",
            "8.00",
            8,
            18,
            Rag.GREEN,
            Rag.GREEN,
            "smaller is better: exactly on the TSL meets it",
        ),
        ("HR_KPI_0002", "1985-12", "18.00", 8, 18, Rag.AMBER, Rag.AMBER, "exactly on the MSL meets the MSL"),
        ("ICT_KPI_0001", "1985-11", "10.58", 8, 11, Rag.AMBER, Rag.AMBER, "between TSL 8 and MSL 11"),
        ("CC_KPI_0001", "1986-05", "95.00", 95, 92, Rag.GREEN, Rag.GREEN, "bigger is better: exactly on the TSL"),
        ("CC_KPI_0001", "1985-02", "92.23", 95, 92, Rag.AMBER, Rag.AMBER, "0.23 above the MSL"),
        ("REV_KPI_0001", "1985-08", "21.95", 8, 18, Rag.MITIGATED, Rag.RED, "beyond the MSL, relief agreed"),
        ("ICT_KPI_0001", "1985-06", None, 8, 11, Rag.AWAITED, None, "status awaited"),
        ("FIN_KPI_0003", "1986-08", None, 8, 13, Rag.RED, None, "data not available counts below MSL"),
    ],
)
def test_hand_worked_cells(generated, kpi_id, month, value, tsl, msl, rag, raw, why):
    scored = cell(generated[3], kpi_id, month)
    assert (scored.value, scored.tsl, scored.msl) == (D(value) if value else None, D(tsl), D(msl)), why
    assert (scored.rag, scored.raw_rag) == (rag, raw), why
    assert scored.data_not_available == (kpi_id == "FIN_KPI_0003")


def test_the_one_pass_scorecard_scores_every_cell_as_the_per_value_rule(generated):
    _, council, actuals, card = generated
    on_a_level = 0
    for kpi in council.indicators.values():
        for scored in card.history[kpi.id]:
            assert scored._replace(data_quality="") == score_contract_cell(kpi, scored.month, actuals, {})
            if scored.value is not None and scored.value in (scored.tsl, scored.msl):
                on_a_level += 1
                assert scored.raw_rag is service_level_rag(scored.value, scored.tsl, scored.msl, kpi.direction)
                assert scored.raw_rag is (Rag.GREEN if scored.value == scored.tsl else Rag.AMBER)
    assert on_a_level > 200  # the generator puts about one value in twenty exactly on a level


def test_levels_changing_mid_history_and_a_later_first_use_score_as_the_per_value_rule(generated):
    _, council, actuals, _ = generated
    kpi = council.indicators["REV_KPI_0001"]
    tightened = Level(M("1986-01"), D(5), D(9))
    changed = replace(kpi, first_use=M("1985-07"), levels=[*kpi.levels, tightened])
    card = build_contract_scorecard(replace(council, indicators={kpi.id: changed}), actuals, {}, M("1986-12"))
    cells = card.history[kpi.id]
    assert [c.rag for c in cells[:6]] == [Rag.NOT_MEASURED] * 6
    assert (cells[11].tsl, cells[12].tsl, cells[12].msl) == (D(8), D(5), D(9))
    for scored in cells:
        assert scored._replace(data_quality="") == score_contract_cell(changed, scored.month, actuals, {})


def jump_rule(values):
    """The jump rule month by month, as series_flags applied it before its screen: the oracle."""
    found = []
    for i, value in enumerate(values):
        history = [v for v in values[max(0, i - 12) : i] if v is not None]
        if value is None or len(history) < 6 or quality._continues_trend(values[: i + 1]):
            continue
        middle = median(history)
        spread = median([abs(v - middle) for v in history]) * D("1.4826")
        if spread > 0 and abs(value - middle) / spread > 5:
            found.append(i)
    return found


def test_a_jump_exactly_on_the_limit_is_not_flagged_and_just_beyond_is():
    # Median 1, median absolute deviation 1: the limit is 5 x 1.4826 = 7.413 from the median.
    history = [D(0), D(2), D(0), D(2), D(0), D(2)]
    assert "sharp rise" not in quality.series_flags(history + [D("8.413")], "score", 3)[-1]
    assert "sharp rise to 8.414" in quality.series_flags(history + [D("8.414")], "score", 3)[-1]
    assert "sharp fall to -6.414" in quality.series_flags(history + [D("-6.414")], "score", 3)[-1]
    assert "sharp fall" not in quality.series_flags(history + [D("-6.413")], "score", 3)[-1]


def test_the_screened_jump_rule_flags_the_months_the_rule_does():
    rng, flagged = random.Random(13), 0
    for _ in range(3000):
        base = rng.choice([0, 5, 95, 1000])
        values = []
        for _ in range(rng.randrange(0, 30)):
            draw = rng.random()
            if draw < 0.1:
                values.append(None)
            elif draw < 0.4:
                values.append(D(rng.choice(["0", "1", "1.0", "2", "1.5", "7.413", "0.1234567", "1E+3"])))
            else:
                spread = 30 if rng.random() < 0.05 else 1
                values.append(D(f"{base + rng.gauss(0, spread):.2f}"))
        expected = jump_rule(values)
        flagged += len(expected)
        found = [i for i, f in enumerate(quality.series_flags(values, "score", 2)) if "sharp" in f]
        assert found == expected, values
    assert flagged > 100


def test_actuals_over_the_bound_are_refused_unless_the_caller_raises_it(generated):
    folder, council, _, _ = generated
    size = (folder / "actuals.csv").stat().st_size
    with pytest.raises(InputError, match="more than the limit of 1,000 bytes"):
        load_actuals(council, max_bytes=1_000)
    assert len(load_actuals(council, max_bytes=size)) == 4800


def test_the_generator_is_deterministic(tmp_path):
    first, second = generate(tmp_path / "a", 7, 5), generate(tmp_path / "b", 7, 5)
    for name in ("council.yml", "kpis.csv", "levels.csv", "actuals.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    assert (first / "actuals.csv").read_text().count("\n") == 36
