"""RAG scoring rules. Pure functions on exact decimals so boundaries are never blurred by floats."""

from __future__ import annotations

from decimal import Decimal

from .._inputs.status import Rag

__all__ = ["Rag", "relative_tolerance_rag", "service_level_rag", "shortfall", "relative_variance"]

# Outcomes held in arrays (kpilib._scoring.grid) are stored as their position in RAGS; NONE is no outcome.
RAGS = list(Rag)
CODE = {rag: i for i, rag in enumerate(RAGS)}
NONE = -1


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
