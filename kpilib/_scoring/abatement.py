"""Abatement points and service credits: what a contract's failures cost the provider.

A failing month attracts a fraction of the KPI's points (red: all of them by default; amber
as configured); data not available attracts the full points; agreed mitigation relieves them.
Consecutive failing months multiply: by default the first failing month x1, the second x1.5,
the third and later x2.0 (one reading of the Lincolnshire contract's loose wording). Points
become service credits at a value per point or a percentage of the monthly charge per point,
within an optional cap on the credits of each contract year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, getcontext
from typing import NamedTuple

import numpy as np

from .._inputs.contract_terms import PENNY, AbatementRules
from .._inputs.months import Month
from .rag import CODE, NONE, RAGS, Rag

__all__ = ["AbatementRules", "Abatement", "MonthCredit", "Runs", "kpi_abatement", "monthly_credits", "share"]


ZERO = Decimal(0)


class Abatement(NamedTuple):
    """One KPI-month's points: the run it is part of, the multiplier, what was applied (a named
    tuple: immutable, and quick to make for every month of every KPI)."""

    month: Month
    outcome: Rag
    run: int  # position in a run of consecutive failing months (0 when not failing)
    multiplier: Decimal
    points: Decimal  # applied, after fraction and multiplier; 0 when relieved or passing
    relieved: Decimal  # points mitigation took away (what the raw outcome would have attracted)


class Runs:
    """Where each KPI-month of a grid (rows: KPIs, columns: consecutive months) stands in the runs
    of failures: `failing`, and `run` (the failing month's place in its run, or for a mitigated
    month the place it would have taken), `share` (index into `shares`: the share of the points
    it attracts, or for a mitigated month would have), all KPIs x months arrays."""

    def __init__(self, rag: np.ndarray, raw: np.ndarray, dna: np.ndarray, rules: AbatementRules):
        self.rules = rules
        # shares[0] is none, shares[1] the full points of data not available, then each outcome's.
        self.shares = [ZERO, Decimal(1)] + [rules.fractions.get(r, ZERO) for r in RAGS]
        attracts = np.array([s > 0 for s in self.shares])
        mitigated = rag == CODE[Rag.MITIGATED]
        # A mitigated month would have attracted its raw outcome's share (none without a value).
        would = np.where(raw == NONE, 0, 2 + raw)
        self.share = np.where(mitigated, would, np.where(dna, 1, 2 + rag)).astype(np.int8)
        self.failing = ~mitigated & attracts[self.share]
        passing = np.isin(rag, [CODE[Rag.GREEN], CODE[Rag.AMBER], CODE[Rag.RED]]) & ~self.failing & ~mitigated
        ends = passing | (mitigated if rules.mitigation_breaks_run else False)  # months that end a run
        failures = np.cumsum(self.failing, axis=1)
        at_end = np.maximum.accumulate(np.where(ends, failures, 0), axis=1)  # failures counted at the last end
        before = np.pad(at_end, ((0, 0), (1, 0)))[:, :-1]  # ... at the last end before each month
        self.relieved = mitigated & attracts[self.share]
        self.run = np.where(self.failing, failures - at_end, np.where(self.relieved, failures - before + 1, 0))

    def row(self, k: int, months: list[Month], rags: list[Rag], points: Decimal) -> list[Abatement]:
        """Row `k` as Abatement entries, for a KPI carrying `points` (0 where none are published)."""
        found = []
        failing, relieved, run, share = (a[k].tolist() for a in (self.failing, self.relieved, self.run, self.share))
        for h, month in enumerate(months):
            if failing[h]:
                multiplier = self.rules.multiplier(run[h])
                found.append(
                    Abatement(month, rags[h], run[h], multiplier, points * self.shares[share[h]] * multiplier, ZERO)
                )
            else:
                relief = points * self.shares[share[h]] * self.rules.multiplier(run[h]) if relieved[h] else ZERO
                found.append(Abatement(month, rags[h], 0, ZERO, ZERO, relief))
        return found

    def monthly_points(self, points: list[Decimal | None]) -> list[Decimal]:
        """Each month's points summed over the rows with `points` (a Decimal or None per row), as
        adding each month's Decimal points row by row gives them, in exact whole numbers."""
        terms = [_parts(p) if p else (0, 0) for p in points]
        shares, multipliers = [_parts(s) for s in self.shares], [_parts(m) for m in self.rules.multipliers]
        # Every product as a whole number of 10**base: each factor scaled to its smallest exponent.
        lows = [min((e for _, e in parts), default=0) for parts in (terms, shares, multipliers)]
        ints = [
            np.array([n * 10 ** (e - low) for n, e in parts], object)
            for parts, low in zip((terms, shares, multipliers), lows)
        ]
        exps = [np.array([e for _, e in parts]) for parts in (terms, shares, multipliers)]
        largest = max((abs(int(x)) for x in ints[0]), default=0) * max(ints[1]) * max(ints[2]) * max(1, len(points))
        kind = np.int64 if largest < 2**62 else object  # past 64 bits, Python's own integers
        which = np.minimum(self.run, len(self.rules.multipliers)) - 1
        counted = self.failing & np.array([bool(p) for p in points], bool).reshape(-1, 1)
        product = ints[0].astype(kind).reshape(-1, 1) * ints[1].astype(kind)[self.share] * ints[2].astype(kind)[which]
        total = np.where(counted, product, 0).sum(axis=0)
        size = np.where(counted, np.abs(product), 0).sum(axis=0)  # bounds every partial sum
        exponent = exps[0].reshape(-1, 1) + exps[1][self.share] + exps[2][which]
        # A sum of Decimals keeps the smallest exponent of its terms, and the rows without a failure add Decimal(0).
        least = np.where(counted, exponent, 0).min(axis=0, initial=0)
        base = sum(lows)
        found = [_decimal(int(t), base, int(e)) for t, e in zip(total, least)]
        for h, bound in enumerate(size):
            if len(str(int(bound))) > getcontext().prec:  # past 28 digits a Decimal sum rounds as it goes
                found[h] = self._decimal_sum(points, h)
        return found

    def _decimal_sum(self, points: list[Decimal | None], h: int) -> Decimal:
        """Month `h`'s points added row by row in Decimals, as the exact sum cannot stand for them."""
        total = Decimal(0)
        for k, p in enumerate(points):
            if p:
                failing = self.failing[k, h]
                run = int(self.run[k, h])
                total += p * self.shares[self.share[k, h]] * self.rules.multiplier(run) if failing else ZERO
        return total


def _decimal(whole: int, exponent: int, keep: int) -> Decimal:
    """whole * 10**exponent as a Decimal with exponent `keep` (exactly representable with it)."""
    shift = keep - exponent
    return Decimal(whole // 10**shift if shift >= 0 else whole * 10**-shift).scaleb(keep)


def _parts(number: Decimal) -> tuple[int, int]:
    """A finite Decimal as (whole number, exponent): number == whole * 10**exponent."""
    sign, digits, exponent = number.as_tuple()
    whole = int("".join(map(str, digits)) or "0")
    return (-whole if sign else whole), exponent


def kpi_abatement(
    outcomes: list[tuple[Month, Rag, Rag | None, bool]], points: Decimal, rules: AbatementRules
) -> list[Abatement]:
    """Points for one KPI over consecutive months.

    `outcomes` are (month, counted outcome, raw outcome, data not available), oldest first. A
    month whose data was not available fails with the full points.
    """
    rag = np.array([CODE[o[1]] for o in outcomes], np.int64).reshape(1, -1)
    raw = np.array([NONE if o[2] is None else CODE[o[2]] for o in outcomes], np.int64).reshape(1, -1)
    dna = np.array([o[3] for o in outcomes], bool).reshape(1, -1)
    return Runs(rag, raw, dna, rules).row(0, [o[0] for o in outcomes], [o[1] for o in outcomes], points)


@dataclass(frozen=True)
class MonthCredit:
    """A month's points and service credit, before and after the contract year's cap."""

    month: Month
    points: Decimal
    uncapped: Decimal
    credit: Decimal  # after the cap
    capped_by: Decimal  # uncapped - credit


def monthly_credits(
    points_by_month: list[tuple[Month, Decimal]], rules: AbatementRules, contract_year
) -> list[MonthCredit]:
    """Credits per month, oldest first; the cap limits each contract year's total to
    cap_percent of that year's charges (twelve monthly charges). `contract_year(month)` names the year."""
    result, used = [], {}
    for month, points in points_by_month:
        uncapped = rules.credit_for(points)
        credit = uncapped
        if rules.cap_percent is not None:
            year = contract_year(month)
            cap = (rules.monthly_charge * 12 * rules.cap_percent / 100).quantize(PENNY, ROUND_HALF_UP)
            credit = max(Decimal(0), min(uncapped, cap - used.get(year, Decimal(0))))
            used[year] = used.get(year, Decimal(0)) + credit
        result.append(MonthCredit(month, points, uncapped, credit, uncapped - credit))
    return result


def share(amount: Decimal, parts: list[Decimal]) -> list[Decimal]:
    """Split `amount` in proportion to `parts`, to the penny, summing exactly to `amount`
    (largest remainders get the odd pennies; ties go to the earlier part)."""
    total = sum(parts)
    if not total:
        return [Decimal(0) for _ in parts]
    exact = [amount * p / total for p in parts]
    floors = [e.quantize(PENNY, rounding="ROUND_FLOOR") for e in exact]
    left = int((amount - sum(floors)) / PENNY)
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += PENNY
    return floors
