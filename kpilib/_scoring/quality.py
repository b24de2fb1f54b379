"""Data-quality checks: signs that a figure may be wrong. Flags for the paper, never load errors."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from statistics import median
from typing import TYPE_CHECKING

from .._inputs.numbers import Figure

if TYPE_CHECKING:
    import numpy as np


def ratio_disagreement(
    value: Figure, numerator: Figure, denominator: Figure, scale: Decimal, suffix: str = ""
) -> str | None:
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
        return f"numerator/denominator give {implied:.{places}f}{suffix}, not {value.value:.{places}f}{suffix}"
    return None


STALE_RUN = 6  # a value unchanged for this many months running looks like a stale feed
JUMP_HISTORY = 12  # months of history a value is compared with
JUMP_MIN_HISTORY = 6
JUMP_LIMIT = 5  # robust z-score (median and MAD) beyond which a value is a jump
TREND_RUN = 3  # moves the same way before a value: a trend, whose own history is no baseline


def series_flags(values: list[Decimal | None], unit: str, decimals: int) -> list[str]:
    """A flag (or '') per month: a stale feed (the same value six or more months running, other
    than a natural bound such as 0 or 100%), flagged once, in the run's last month; or a jump far
    outside the series' own history that does not continue a run of moves the same way."""
    flags = [""] * len(values)
    run = 1
    for i in range(1, len(values) + 1):
        same = i < len(values) and values[i] is not None and values[i] == values[i - 1]
        if same:
            run += 1
            continue
        value = values[i - 1]
        bound = value is not None and (value == 0 or (unit == "percent" and value == 100))
        if run >= STALE_RUN and not bound:
            flags[i - 1] = f"unchanged at {value:.{decimals}f} for {run} months running: a stale feed?"
        run = 1
    suffix = "%" if unit == "percent" else ""
    for i in _jump_candidates(values):
        value = values[i]
        history = [v for v in values[max(0, i - JUMP_HISTORY) : i] if v is not None]
        if (
            value is None
            or len(history) < JUMP_MIN_HISTORY
            or _continues_trend(values[max(0, i - TREND_RUN - 1) : i + 1])
        ):
            continue
        middle = median(history)
        spread = median([abs(v - middle) for v in history]) * Decimal("1.4826")
        if spread > 0 and abs(value - middle) / spread > JUMP_LIMIT:
            text = (
                f"a sharp {'rise' if value > middle else 'fall'} to {value:,.{decimals}f}{suffix}, far outside "
                f"the previous {len(history)} months (median {middle:,.{decimals}f}{suffix}): "
                "confirm with the data owner"
            )
            flags[i] = f"{flags[i]}; {text}" if flags[i] else text
    return flags


_SCALE = 10**6  # values written to at most six decimal places are screened as whole millionths
_BOUND = 10**12  # and as long as they stay below a million, no product below overflows 64 bits
_LIMIT = (Decimal("1.4826") * JUMP_LIMIT).as_integer_ratio()  # MAD-to-sigma factor times the limit


def _jump_candidates(values: list[Decimal | None]) -> Iterable[int]:
    """The months the jump rule (ignoring trends) flags, found for the whole series at once in exact
    integer arithmetic; every month when the values cannot be screened exactly (too many decimals,
    too large), so the rule itself decides. The rule checks each candidate again, so the flags are
    the rule's own."""
    if len(values) <= JUMP_MIN_HISTORY:
        return ()
    scaled = []
    for v in values:
        if v is None:
            scaled.append(0)
            continue
        if not v.is_finite():
            return range(len(values))
        numerator, denominator = v.as_integer_ratio()
        if _SCALE % denominator or abs(numerator * (_SCALE // denominator)) >= _BOUND:
            return range(len(values))
        scaled.append(numerator * (_SCALE // denominator))
    import numpy as np  # here: loading a council (or finding its paper up to date) never needs it

    n, width = len(values), JUMP_HISTORY
    present = np.array([v is not None for v in values])
    # Row i holds the `width` months before month i: missing ones sort last, as the largest number.
    padded = np.concatenate(
        [np.full(width, _MISSING, np.int64), np.where(present, np.array(scaled, np.int64), _MISSING)]
    )
    history = np.sort(np.lib.stride_tricks.sliding_window_view(padded, width)[:n], axis=1)
    count = (history != _MISSING).sum(axis=1)
    middle2 = _doubled_median(history, count)  # twice the median, a whole number
    deviations = np.where(history != _MISSING, np.abs(2 * history - middle2[:, None]), _MISSING)
    mad4 = _doubled_median(np.sort(deviations, axis=1), count)  # four times the median absolute deviation
    distance2 = np.abs(2 * np.array(scaled, np.int64) - middle2)  # twice the distance from the median
    # |v - median| / (MAD * 1.4826) > JUMP_LIMIT, multiplied out: 2 * distance2 * q > p * mad4 for p/q.
    flagged = present & (count >= JUMP_MIN_HISTORY) & (mad4 > 0) & (2 * distance2 * _LIMIT[1] > _LIMIT[0] * mad4)
    return np.flatnonzero(flagged).tolist()


_MISSING = 2**60  # above any screened number, and twice it still fits in 64 bits


def _doubled_median(rows: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Twice the median of each sorted row's first `count` numbers (0 where a row has none)."""
    import numpy as np

    upper = np.minimum(count // 2, rows.shape[1] - 1)
    lower = np.maximum((count - 1) // 2, 0)
    picked = np.take_along_axis(rows, lower[:, None], 1)[:, 0] + np.take_along_axis(rows, upper[:, None], 1)[:, 0]
    return np.where(count > 0, picked, 0)


def _continues_trend(values: list[Decimal | None]) -> bool:
    """True when the last value moves the same way as each of the TREND_RUN moves before it."""
    tail = values[-(TREND_RUN + 2) :]
    if len(tail) < TREND_RUN + 2 or any(v is None for v in tail):
        return False
    steps = {(b > a) - (b < a) for a, b in zip(tail, tail[1:])}
    return len(steps) == 1 and 0 not in steps


def joined(*flags: str) -> str:
    """Several data-quality notes as one cell's text."""
    return "; ".join(f for f in flags if f)
