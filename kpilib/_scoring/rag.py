"""RAG scoring rules. Pure functions on exact decimals so boundaries are never blurred by floats."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum


class Rag(str, Enum):
    """Every status a scored cell can have; the values are the scores export's vocabulary."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    MITIGATED = "mitigated"
    AWAITED = "awaited"  # white: data will become available
    NOT_EXPECTED = "not_expected"  # grey: no data currently expected
    NOT_MEASURED = "not_measured"  # not in use, or before its first use
    DATA_ONLY = "data_only"  # a value with no target to score it against

    @property
    def letter(self) -> str:
        """Short label printed in the cell so colour is never the only signal."""
        return _LETTERS[self]

    @property
    def words(self) -> str:
        return _WORDS[self]


_LETTERS = {
    Rag.GREEN: "G",
    Rag.AMBER: "A",
    Rag.RED: "R",
    Rag.MITIGATED: "M",
    Rag.AWAITED: "due",
    Rag.NOT_EXPECTED: "n/a",
    Rag.NOT_MEASURED: "–",
    Rag.DATA_ONLY: "no target",
}
_WORDS = {
    Rag.GREEN: "green",
    Rag.AMBER: "amber",
    Rag.RED: "red",
    Rag.MITIGATED: "mitigation agreed",
    Rag.AWAITED: "data will become available",
    Rag.NOT_EXPECTED: "no data expected",
    Rag.NOT_MEASURED: "not measured",
    Rag.DATA_ONLY: "no target",
}


def shortfall(value: Decimal, target: Decimal, direction: str) -> Decimal:
    """How far value is worse than target in the indicator's direction (negative when better)."""
    if direction == "bigger":
        return target - value
    if direction == "smaller":
        return value - target
    raise ValueError(f"direction must be 'bigger' or 'smaller', not {direction!r}")


def relative_variance(value: Decimal, target: Decimal, direction: str) -> Decimal:
    """Shortfall as a fraction of the target: 0.05 means 5% worse than target (not points)."""
    worse_by = shortfall(value, target, direction)
    if target == 0:  # no scale to measure against: any shortfall is infinitely large
        return worse_by if worse_by == 0 else Decimal("Infinity").copy_sign(worse_by)
    return worse_by / abs(target)


def relative_tolerance_rag(value: Decimal, target: Decimal, direction: str, amber_within: Decimal) -> Rag:
    """Norfolk's rule: green at or better than target; amber when worse by at most
    `amber_within` of the target (relative; exactly on the limit is amber); red beyond."""
    worse_by = shortfall(value, target, direction)
    if worse_by <= 0:
        return Rag.GREEN
    if worse_by <= amber_within * abs(target):
        return Rag.AMBER
    return Rag.RED


def service_level_rag(value: Decimal, tsl: Decimal, msl: Decimal, direction: str) -> Rag:
    """Contract rule: green when the Target Service Level is met, amber when only the Minimum
    Service Level is met, red below it. Meeting a level exactly counts as meeting it."""
    if shortfall(value, tsl, direction) <= 0:
        return Rag.GREEN
    if shortfall(value, msl, direction) <= 0:
        return Rag.AMBER
    return Rag.RED
