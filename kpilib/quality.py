"""Data-quality checks: signs that a figure may be wrong. Flags for the paper, never load errors."""

from __future__ import annotations

from decimal import Decimal

from .numbers import Figure


def ratio_disagreement(value: Figure, numerator: Figure, denominator: Figure, scale: Decimal,
                       suffix: str = "") -> str | None:
    """Say how numerator/denominator disagrees with value, or None when they agree within rounding.

    Every figure is taken as rounded to the precision it was written with ('80.7k' is 80650 to
    80750), so a flag means no reading of the printed figures reconciles them.
    `scale` is 100 for percentages (with `suffix` '%'), 1 for plain ratios.
    """
    low = (numerator.value - numerator.half_unit) / (denominator.value + denominator.half_unit) * scale
    high_den = denominator.value - denominator.half_unit
    high = (numerator.value + numerator.half_unit) / high_den * scale if high_den > 0 else Decimal("Infinity")
    if high < value.value - value.half_unit or low > value.value + value.half_unit:
        implied = numerator.value / denominator.value * scale
        places = max(0, -value.value.as_tuple().exponent)
        return (f"numerator/denominator give {implied:.{places}f}{suffix}, "
                f"not {value.value:.{places}f}{suffix}")
    return None
