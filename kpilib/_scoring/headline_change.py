"""The change in a headline measure, as exact as its two figures allow.

'Just under 70,000' before and 'over 80,000' now is a rise of more than 10,000, never of exactly
10,000: an upper bound taken from a lower bound gives a lower bound of the change. Two bounds the
same way round ('over' and 'over') say nothing of the change, so none is given."""

from __future__ import annotations

from .._inputs.headlines import Headline, Stated

UPPER = ("just under", "under", "less than")  # the true figure is below the one stated
LOWER = ("over", "just over", "more than")  # the true figure is above it


def bound(qualifier: str) -> str:
    """'exact', 'about', 'upper' or 'lower': what the qualifier says of the true figure."""
    if qualifier in UPPER:
        return "upper"
    if qualifier in LOWER:
        return "lower"
    return "about" if qualifier == "about" else "exact"


def change(headline: Headline) -> Stated | None:
    """current - baseline, qualified ('more than', 'less than', 'about'), or the change the source
    states; None when a figure is missing or the bounds leave the change unknown."""
    if headline.change is not None:
        return headline.change
    if headline.baseline is None or headline.current is None:
        return None
    diff = headline.current.value - headline.baseline.value
    before, now = bound(headline.baseline.qualifier), bound(headline.current.qualifier)
    if "about" in (before, now):
        return Stated(diff, "about")
    if before == now == "exact":
        return Stated(diff)
    if now in ("lower", "exact") and before in ("upper", "exact"):
        return Stated(diff, "more than")
    if now in ("upper", "exact") and before in ("lower", "exact"):
        return Stated(diff, "less than")
    return None
