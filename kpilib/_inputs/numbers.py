"""Reading numbers as people type them, keeping the precision they were written with."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .errors import quote

# A leading group of thousands never starts with 0: "0,125" is no thousand and twenty-five.
_THOUSANDS_RE = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")


@dataclass(frozen=True)
class Figure:
    """A number together with the half-width of the rounding it was written with.

    '80.7k' is 80700 give or take 50; '35.0' is 35.0 give or take 0.05.
    """

    value: Decimal
    half_unit: Decimal
    text: str = ""  # as written, for display


def parse_figure(text: str, allow_thousands_suffix: bool = False) -> Figure:
    """Parse '1,234', '35.0', '35.0%', '80.7k' (when allowed) into a Figure; ValueError if not a number."""
    raw = str(text).strip()
    cleaned = raw
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1].strip()
    multiplier = Decimal(1)
    if allow_thousands_suffix and cleaned[-1:] in ("k", "K"):
        cleaned = cleaned[:-1].strip()
        multiplier = Decimal(1000)
    if "," in cleaned:
        if not _THOUSANDS_RE.match(cleaned):
            raise ValueError(f"{quote(raw)} is not a number")
        cleaned = cleaned.replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{quote(raw)} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{quote(raw)} is not a number")
    exponent = number.as_tuple().exponent
    half_unit = Decimal(5).scaleb(exponent - 1) * multiplier
    return Figure(number * multiplier, half_unit, raw)


def parse_count(text: str) -> int:
    """Parse a count as typed, '0', '46' or '1,234', into an int; ValueError for anything else (a sign,
    a decimal point, a per cent, spaces, digits other than 0-9, commas out of place)."""
    if not text.isascii() or not text.replace(",", "").isdigit():
        raise ValueError(f"{quote(text)} is not a whole number")
    return int(parse_figure(text).value)  # parse_figure keeps the one rule for thousands separators


def to_decimal(value: float | int | Decimal) -> Decimal:
    """Exact decimal for a value as written (0.1 stays 0.1), so level comparisons are exact."""
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
