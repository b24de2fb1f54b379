"""Property tests: scoring invariants that must hold for every value, level and direction."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from kpilib._scoring.rag import Rag, relative_tolerance_rag, service_level_rag

ORDER = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}
numbers = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
tolerances = st.decimals(min_value=0, max_value=D("0.5"), places=3)
directions = st.sampled_from(["bigger", "smaller"])


def better_first(x, y, direction):
    """The two values, the better for `direction` first."""
    return (max(x, y), min(x, y)) if direction == "bigger" else (min(x, y), max(x, y))


@given(numbers, numbers, numbers, tolerances, directions)
def test_a_better_value_never_gets_a_worse_rag_relative(x, y, target, tolerance, direction):
    a, b = better_first(x, y, direction)
    assert (
        ORDER[relative_tolerance_rag(a, target, direction, tolerance)]
        <= ORDER[relative_tolerance_rag(b, target, direction, tolerance)]
    )


@given(numbers, numbers, numbers, numbers, directions)
def test_a_better_value_never_gets_a_worse_rag_levels(x, y, p, q, direction):
    tsl, msl = better_first(p, q, direction)
    a, b = better_first(x, y, direction)
    assert ORDER[service_level_rag(a, tsl, msl, direction)] <= ORDER[service_level_rag(b, tsl, msl, direction)]


@given(numbers, numbers, tolerances)
def test_mirroring_the_direction_mirrors_the_result(value, target, tolerance):
    assert relative_tolerance_rag(value, target, "bigger", tolerance) is relative_tolerance_rag(
        -value, -target, "smaller", tolerance
    )


@given(numbers, numbers, numbers)
def test_mirroring_levels_mirrors_the_result(value, x, y):
    tsl, msl = max(x, y), min(x, y)
    assert service_level_rag(value, tsl, msl, "bigger") is service_level_rag(-value, -tsl, -msl, "smaller")


@given(numbers, tolerances, directions)
def test_a_value_exactly_on_a_level_meets_it(level, tolerance, direction):
    assert relative_tolerance_rag(level, level, direction, tolerance) is Rag.GREEN
    other = level - 5 if direction == "bigger" else level + 5
    assert service_level_rag(level, level, other, direction) is Rag.GREEN  # exactly the TSL
    top = level + 5 if direction == "bigger" else level - 5
    assert service_level_rag(level, top, level, direction) is Rag.AMBER  # exactly the MSL meets it
