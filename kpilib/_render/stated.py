"""Headline figures in words, as exact as they were stated: 'just under 70,000', '97%', '£6 million less'."""

from __future__ import annotations

from decimal import Decimal

from .._inputs.headlines import Stated
from .wording import plain

MILLION = Decimal(1_000_000)


def amount(value: Decimal, unit: str) -> str:
    """A value in its unit: '70,000', '97%', '8 days', '£6 million'."""
    value = abs(value) if unit == "gbp" else value
    if unit == "percent":
        return f"{plain(value)}%"
    if unit == "days":
        return f"{plain(value)} day" + ("" if value == 1 else "s")
    if unit == "gbp":
        if value >= MILLION and (value / MILLION * 10) == (value / MILLION * 10).to_integral():
            return f"£{plain(value / MILLION)} million"
        return f"£{_grouped(value)}"
    return _grouped(value)


def stated(figure: Stated | None, unit: str) -> str:
    """A figure with its qualifier, or '' when the source gives none: 'just under 70,000'."""
    if figure is None:
        return ""
    words = amount(figure.value, unit)
    return f"{figure.qualifier} {words}" if figure.qualifier else words


def change_words(figure: Stated | None, unit: str) -> str:
    """A change in words: 'up by more than 10,000', 'up 7 percentage points', '£6 million less'."""
    if figure is None:
        return ""
    value, qualifier = figure.value, f"{figure.qualifier} " if figure.qualifier else ""
    if value == 0:
        return "no change"
    if unit == "gbp":
        return f"{qualifier}{amount(value, unit)} {'more' if value > 0 else 'less'}"
    size = abs(value)
    if unit == "percent":
        points = f"{plain(size)} percentage point" + ("" if size == 1 else "s")
        return f"{'up' if value > 0 else 'down'} {qualifier}{points}"
    return f"{'up' if value > 0 else 'down'} by {qualifier}{amount(size, unit)}"


def _grouped(value: Decimal) -> str:
    text = plain(value)
    whole, _, fraction = text.partition(".")
    return f"{int(whole):,}" + (f".{fraction}" if fraction else "")
