"""Property tests: scoring invariants that must hold for every value, level and direction."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from kpilib._scoring.rag import Rag, relative_tolerance_rag, service_level_rag

ORDER = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}
numbers = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
gaps = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
tolerances = st.decimals(min_value=0, max_value=D("0.5"), places=3)


# Each pair is built in order (a gap of 0 or more in the better direction), so no example is skipped.
@given(numbers, gaps, numbers, tolerances)
def test_a_bigger_value_never_gets_a_worse_rag_when_bigger_is_better(value, gap, target, tolerance):
    better = relative_tolerance_rag(value + gap, target, "bigger", tolerance)
    assert ORDER[better] <= ORDER[relative_tolerance_rag(value, target, "bigger", tolerance)]


@given(numbers, gaps, numbers, tolerances)
def test_a_smaller_value_never_gets_a_worse_rag_when_smaller_is_better(value, gap, target, tolerance):
    better = relative_tolerance_rag(value - gap, target, "smaller", tolerance)
    assert ORDER[better] <= ORDER[relative_tolerance_rag(value, target, "smaller", tolerance)]


@given(numbers, gaps, numbers, gaps)
def test_a_bigger_value_never_gets_a_worse_rag_against_levels_when_bigger_is_better(value, gap, msl, above):
    tsl = msl + above  # bigger is better: the TSL is at or above the MSL
    better = service_level_rag(value + gap, tsl, msl, "bigger")
    assert ORDER[better] <= ORDER[service_level_rag(value, tsl, msl, "bigger")]


@given(numbers, gaps, numbers, gaps)
def test_a_smaller_value_never_gets_a_worse_rag_against_levels_when_smaller_is_better(value, gap, msl, below):
    tsl = msl - below  # smaller is better: the TSL is at or below the MSL
    better = service_level_rag(value - gap, tsl, msl, "smaller")
    assert ORDER[better] <= ORDER[service_level_rag(value, tsl, msl, "smaller")]


@given(numbers, numbers, tolerances)
def test_mirroring_the_direction_mirrors_the_result(value, target, tolerance):
    assert relative_tolerance_rag(value, target, "bigger", tolerance) is relative_tolerance_rag(
        -value, -target, "smaller", tolerance
    )


@given(numbers, numbers, numbers)
def test_mirroring_levels_mirrors_the_result(value, x, y):
    tsl, msl = max(x, y), min(x, y)
    assert service_level_rag(value, tsl, msl, "bigger") is service_level_rag(-value, -tsl, -msl, "smaller")


@given(numbers, tolerances)
def test_a_value_exactly_on_a_level_meets_it(level, tolerance):
    for direction in ("bigger", "smaller"):
        assert relative_tolerance_rag(level, level, direction, tolerance) is Rag.GREEN
    # Exactly the TSL is green; exactly the MSL meets the MSL: amber. Levels 5 apart either way.
    assert service_level_rag(level, level, level - 5, "bigger") is Rag.GREEN
    assert service_level_rag(level, level + 5, level, "bigger") is Rag.AMBER
    assert service_level_rag(level, level, level + 5, "smaller") is Rag.GREEN
    assert service_level_rag(level, level - 5, level, "smaller") is Rag.AMBER
