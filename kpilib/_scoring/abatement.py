"""Abatement points and service credits: what a contract's failures cost the provider.

A failing month attracts a fraction of the KPI's points (red: all of them by default; amber
as configured); data not available attracts the full points; agreed mitigation relieves them.
Consecutive failing months multiply: by default the first failing month x1, the second x1.5,
the third and later x2.0 (one reading of the Lincolnshire contract's loose wording). Points
become service credits at a value per point or a percentage of the monthly charge per point,
within an optional cap on the credits of each contract year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from .._inputs.contract_terms import PENNY, AbatementRules
from .._inputs.months import Month
from .rag import Rag

__all__ = ["AbatementRules", "Abatement", "MonthCredit", "kpi_abatement", "monthly_credits", "share"]


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


def kpi_abatement(
    outcomes: list[tuple[Month, Rag, Rag | None, bool]], points: Decimal, rules: AbatementRules
) -> list[Abatement]:
    """Points for one KPI over consecutive months.

    `outcomes` are (month, counted outcome, raw outcome, data not available), oldest first. A
    month whose data was not available fails with the full points.
    """
    # Each outcome's share, found by identity: an enum member's hash is computed in Python, every month.
    share_of = {id(rag): rules.fractions.get(rag, ZERO) for rag in Rag}
    scored = {id(Rag.GREEN), id(Rag.AMBER), id(Rag.RED)}
    result, run = [], 0
    for month, rag, raw, dna in outcomes:
        if rag is Rag.MITIGATED:
            would = share_of[id(raw)] if raw else ZERO
            relieved = points * would * rules.multiplier(run + 1) if would else ZERO
            if rules.mitigation_breaks_run:
                run = 0
            result.append(Abatement(month, rag, 0, ZERO, ZERO, relieved))
            continue
        fraction = Decimal(1) if dna else share_of[id(rag)]
        if fraction > 0:
            run += 1
            multiplier = rules.multiplier(run)
            result.append(Abatement(month, rag, run, multiplier, points * fraction * multiplier, ZERO))
        else:
            if id(rag) in scored:
                run = 0  # a passing month ends the run; months not measured leave it as it is
            result.append(Abatement(month, rag, 0, ZERO, ZERO, ZERO))
    return result


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
