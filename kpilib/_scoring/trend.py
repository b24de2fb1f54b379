"""Foresight for green KPIs: a robust linear trend projected to the month it would cross its TSL, and
statistical-process-control signals (NHS "Making Data Count") as a second opinion."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median

from .._inputs.months import Month

# XmR chart: process limits at the mean plus or minus 2.66 average moving ranges.
LIMIT_FACTOR = 2.66
TREND_RUN = 6  # six or more consecutive points all rising or all falling
SHIFT_RUN = 7  # seven or more consecutive points on one side of the mean


def theil_sen(xs: list[float], values: list[float]) -> tuple[float, float]:
    """Robust (slope, intercept): the median of the slopes between every pair of points, and the
    median of value - slope * x; one unusual month cannot swing it as it swings least squares."""
    if len(values) < 2:
        return 0.0, values[0] if values else 0.0
    slopes = [(values[j] - values[i]) / (xs[j] - xs[i]) for i in range(len(values)) for j in range(i + 1, len(values))]
    slope = median(slopes)
    return slope, median(y - slope * x for x, y in zip(xs, values))


@dataclass(frozen=True)
class Projection:
    """A KPI's fitted trend line and when it crosses (or crossed) its TSL."""

    slope: float  # per month, in the KPI's units
    intercept: float  # the fitted line's value in the first fitted month
    first: Month  # the months the line was fitted on
    last: Month
    crossing: Month | None  # first month after `last` the line is worse than the TSL; None if never
    worse_since: Month | None = None  # the line is already worse than the TSL at `last`, from this month

    def at(self, month: Month) -> float:
        """The fitted line's value in `month`."""
        return self.intercept + self.slope * (month - self.first)

    def due_by(self, limit: Month) -> bool:
        """Whether the line is already worse than the TSL, or will be by `limit`."""
        return self.worse_since is not None or (self.crossing is not None and self.crossing <= limit)


def project(months: list[Month], values: list[float], tsl: float, direction: str) -> Projection:
    """Fit the series (Theil-Sen, x in calendar months, so a gap stays a gap) and say when the
    line is worse than the TSL: already at the last month (and since when), or first after it.
    Strictly worse: meeting the TSL exactly still meets it."""
    xs = [m - months[0] for m in months]
    slope, intercept = theil_sen(xs, values)

    def worse(x: float) -> bool:
        y = intercept + slope * x
        return y < tsl if direction == "bigger" else y > tsl

    last = xs[-1]
    if worse(last):
        # A straight line worse at both ends is worse throughout; otherwise it turned worse just
        # after it met the TSL.
        since = 0 if worse(0) else min(last, max(0, math.floor((tsl - intercept) / slope) + 1))
        return Projection(slope, intercept, months[0], months[-1], None, months[0] + since)
    worsening = slope < 0 if direction == "bigger" else slope > 0
    if not worsening:
        return Projection(slope, intercept, months[0], months[-1], None)
    steps = math.floor((tsl - intercept) / slope) + 1
    return Projection(slope, intercept, months[0], months[-1], months[0] + max(steps, last + 1))


# A fitted slope's unit, by the KPI's unit: a trend in a percentage moves in percentage points.
SLOPE_UNITS = {"percent": "percentage points", "count": "in the count"}


def slope_text(slope: float, unit: str) -> str:
    """'-0.55 percentage points', '+0.13 in the count': a month's change on the fitted line, with its unit."""
    return f"{slope:+.2f} {SLOPE_UNITS[unit]}"


@dataclass(frozen=True)
class Signal:
    """A special-cause signal of statistical process control and the months it covers."""

    rule: str  # the rule's name as printed in the paper
    months: list[Month]


def spc_signals(months: list[Month], values: list[float]) -> list[Signal]:
    """Special-cause signals in the series: points outside the process limits, a run of six
    or more rising or falling, seven or more on one side of the mean."""
    signals = []
    n = len(values)
    if n < 3:
        return signals
    mean = sum(values) / n
    ranges = [abs(b - a) for a, b in zip(values, values[1:])]
    spread = LIMIT_FACTOR * sum(ranges) / len(ranges)
    outside = [m for m, v in zip(months, values) if v > mean + spread or v < mean - spread]
    if outside:
        signals.append(Signal("a point outside the process limits", outside))
    for rule, run in (
        ("a run of six or more points rising or falling", _monotone_runs(values)),
        ("seven or more points on one side of the mean", _side_runs(values, mean)),
    ):
        if run:
            signals.append(Signal(rule, [months[i] for i in run]))
    return signals


def _monotone_runs(values: list[float]) -> list[int]:
    """Indices of the longest run of at least TREND_RUN points each above (or each below) the one before."""
    best: list[int] = []
    for way in (1, -1):
        run = [0]
        for i in range(1, len(values)):
            run = run + [i] if (values[i] - values[i - 1]) * way > 0 else [i]
            if len(run) >= TREND_RUN and len(run) > len(best):
                best = list(run)
    return best


def _side_runs(values: list[float], mean: float) -> list[int]:
    """Indices of the longest run of at least SHIFT_RUN points all above or all below the mean."""
    best, run, side = [], [], 0
    for i, v in enumerate(values):
        now = (v > mean) - (v < mean)
        if now != 0 and now == side:
            run.append(i)
        else:
            run, side = ([i], now) if now != 0 else ([], 0)
        if len(run) >= SHIFT_RUN and len(run) > len(best):
            best = list(run)
    return best
