"""Foresight for green KPIs: a linear trend projected to the month it would cross its TSL, and
statistical-process-control signals (NHS "Making Data Count") as a second opinion."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .months import Month

# XmR chart: process limits at the mean plus or minus 2.66 average moving ranges.
LIMIT_FACTOR = 2.66
TREND_RUN = 6     # six or more consecutive points all rising or all falling
SHIFT_RUN = 7     # seven or more consecutive points on one side of the mean


def linear_fit(values: list[float]) -> tuple[float, float]:
    """Least-squares (slope, intercept) of values against 0, 1, 2, ..."""
    n = len(values)
    if n < 2:
        return 0.0, values[0] if values else 0.0
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    sxx = sum((x - mean_x) ** 2 for x in range(n))
    slope = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values)) / sxx
    return slope, mean_y - slope * mean_x


@dataclass(frozen=True)
class Projection:
    slope: float                 # per month, in the KPI's units
    crossing: Month | None       # first month the fitted line is worse than the TSL; None if never


def project(months: list[Month], values: list[float], tsl: float, direction: str) -> Projection:
    """Fit the series and find the first month, after the last, when the line crosses the TSL
    on the wrong side. A line moving the right way, or flat, never crosses."""
    slope, intercept = linear_fit(values)
    worsening = slope < 0 if direction == "bigger" else slope > 0
    if not worsening:
        return Projection(slope, None)
    x_cross = (tsl - intercept) / slope          # where the line meets the TSL
    last = len(values) - 1
    # Strictly worse than the TSL: meeting it exactly still meets it.
    steps = max(1, math.floor(x_cross - last) + 1)
    return Projection(slope, months[-1] + steps)


@dataclass(frozen=True)
class Signal:
    rule: str          # the rule's name as printed in the paper
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
    for rule, run in (("a run of six or more points rising or falling", _monotone_runs(values)),
                      ("seven or more points on one side of the mean", _side_runs(values, mean))):
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
