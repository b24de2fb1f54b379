"""Contract KPIs scored against their service levels, and the summary counts of the papers' tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from .._inputs.actuals import Actuals
from .._inputs.bulk import collector_paused
from .._inputs.catalogue import ContractKpi, Level
from .._inputs.contract_council import ContractCouncil as Council
from .._inputs.escalations import Escalation
from .._inputs.months import Month, span, window
from .._inputs.numbers import Figure
from .abatement import Abatement, MonthCredit, kpi_abatement, monthly_credits, share
from .quality import series_flags
from .rag import Rag, service_level_rag
from .trend import project, spc_signals

# Rows of the summary tables, in the papers' order.
TSL_ACHIEVED, MSL_ACHIEVED, BELOW_MSL, MITIGATION = "tsl", "msl", "below", "mitigation"
SUMMARY_ROWS = {
    TSL_ACHIEVED: "Target Service Level (TSL) achieved",
    MSL_ACHIEVED: "Minimum Service Level (MSL) achieved",
    BELOW_MSL: "Below Minimum Service Level (MSL)",
    MITIGATION: "Mitigation Agreed",
}
_SUMMARY_ROW_OF = {Rag.GREEN: TSL_ACHIEVED, Rag.AMBER: MSL_ACHIEVED, Rag.RED: BELOW_MSL, Rag.MITIGATED: MITIGATION}


class ContractCell(NamedTuple):
    """One KPI in one month: the outcome counted, and the raw outcome its value scores. A named
    tuple: immutable, and made four times faster than a frozen dataclass, a million at a time."""

    kpi: ContractKpi
    month: Month
    figure: Figure | None
    tsl: Decimal | None
    msl: Decimal | None
    rag: Rag  # counted outcome: mitigation wins, data not available is red
    raw_rag: Rag | None  # what the value scores, mitigation ignored; None without a value
    data_not_available: bool = False
    escalation: Escalation | None = None
    note: str = ""
    data_quality: str = ""

    @property
    def value(self) -> Decimal | None:
        """The figure as a number, or None when there is none."""
        return self.figure.value if self.figure else None

    @property
    def counted(self) -> bool:
        """Whether the KPI counts this month (in use, and not before its first use)."""
        return self.kpi.counted(self.month)

    @property
    def provisional(self) -> bool:
        """Whether an open escalation makes the month's figure provisional."""
        return self.escalation is not None and self.escalation.state == "open"


def score_contract_cell(kpi: ContractKpi, month: Month, actuals: Actuals, escalations: dict) -> ContractCell:
    """Score one KPI-month against the levels in force that month."""
    levels = kpi.levels_at(month)
    escalation = escalations.get((kpi.id, month))
    if not kpi.counted(month):
        tsl, msl = (levels.tsl, levels.msl) if levels else (None, None)
        return ContractCell(kpi, month, None, tsl, msl, Rag.NOT_MEASURED, None, escalation=escalation)
    return _scored(kpi, month, actuals.get((kpi.id, month)), levels, escalation)


def _scored(kpi: ContractKpi, month: Month, obs, levels: Level | None, escalation: Escalation | None) -> ContractCell:
    """The cell of a month the KPI counts in, from its observation (None when there is no row)."""
    tsl, msl = (levels.tsl, levels.msl) if levels else (None, None)
    if obs is None:
        return ContractCell(kpi, month, None, tsl, msl, Rag.AWAITED, None, escalation=escalation)
    raw = None
    if obs.value is not None and levels is not None:
        raw = service_level_rag(obs.value.value, tsl, msl, kpi.direction)
    dna = obs.status == "data_not_available"
    if obs.mitigated:
        rag = Rag.MITIGATED
    elif dna:
        rag = Rag.RED  # no evidence the levels were met: counted below MSL
    elif obs.status == "awaited":
        rag = Rag.AWAITED
    elif obs.status == "not_expected":
        rag = Rag.NOT_EXPECTED
    else:
        rag = raw if raw is not None else Rag.DATA_ONLY
    return ContractCell(kpi, month, obs.value, tsl, msl, rag, raw, dna, escalation, obs.note)


def score_history(
    kpi: ContractKpi, months: list[Month], actuals: Actuals, escalated: dict[Month, Escalation]
) -> list[ContractCell]:
    """score_contract_cell for each of `months` (consecutive, oldest first; `escalated` holds the KPI's
    escalations by month) in one pass: the levels in force are found once per change, not every month."""
    starts = [level.start - months[0] for level in kpi.levels] if months else []
    if any(a >= b for a, b in zip(starts, starts[1:])):  # not in order: let each month search
        by_key = {(kpi.id, m): e for m, e in escalated.items()}
        return [score_contract_cell(kpi, m, actuals, by_key) for m in months]
    if not kpi.in_use:
        counted_from = len(months)
    else:
        counted_from = 0 if kpi.first_use is None or not months else kpi.first_use - months[0]
    cells, upcoming, levels = [], 0, None
    for i, month in enumerate(months):
        while upcoming < len(starts) and starts[upcoming] <= i:
            levels, upcoming = kpi.levels[upcoming], upcoming + 1
        escalation = escalated.get(month) if escalated else None
        if i < counted_from:
            tsl, msl = (levels.tsl, levels.msl) if levels else (None, None)
            cells.append(ContractCell(kpi, month, None, tsl, msl, Rag.NOT_MEASURED, None, escalation=escalation))
        else:
            cells.append(_scored(kpi, month, actuals.get((kpi.id, month)), levels, escalation))
    return cells


@dataclass
class ContractScorecard:
    """Every KPI of the contract scored over the months the paper shows, with points and trends."""

    council: Council
    month: Month
    months: list[Month]
    cells: dict[str, list[ContractCell]]  # KPI id -> cells over the window, catalogue order
    history_months: list[Month] = field(default_factory=list)  # first month of data to `month`
    history: dict[str, list[ContractCell]] = field(default_factory=dict)

    def area_kpis(self, code: str | None = None) -> list[ContractKpi]:
        """KPIs of one service area (all when code is None), in catalogue order."""
        return [k for k in self.council.indicators.values() if code is None or k.service_area == code]

    def summary(self, code: str | None = None) -> dict[str, list[int]]:
        """Counts per summary row and month (plus 'total'), for one area or all; only counted KPIs."""
        rows = {key: [0] * len(self.months) for key in list(SUMMARY_ROWS) + ["total"]}
        for kpi in self.area_kpis(code):
            for i, cell in enumerate(self.cells[kpi.id]):
                if not cell.counted or cell.rag not in _SUMMARY_ROW_OF:
                    continue
                rows[_SUMMARY_ROW_OF[cell.rag]][i] += 1
                rows["total"][i] += 1
        return rows

    @property
    def reporting_months(self) -> list[Month]:
        """The months the paper reports on in detail (June to August 2017 for an August paper)."""
        return self.months[-self.council.contract.reporting_months :]

    def failures(self) -> list[tuple[ContractKpi, list[Month]]]:
        """KPIs below MSL in any reporting month, with those months (Table 8)."""
        return self._with(Rag.RED)

    def mitigations(self) -> list[tuple[ContractKpi, list[Month]]]:
        """KPIs granted mitigation in any reporting month, with those months (Table 9)."""
        return self._with(Rag.MITIGATED)

    def _with(self, rag: Rag) -> list[tuple[ContractKpi, list[Month]]]:
        found = []
        for kpi in self.area_kpis():
            months = [c.month for c in self.cells[kpi.id] if c.month in self.reporting_months and c.rag is rag]
            if months:
                found.append((kpi, months))
        return found

    def summary_raw(self, code: str | None = None) -> dict[str, list[int]]:
        """Counts of the raw outcome: every month with a value (or data not available) scored on
        it, mitigation ignored; 'mitigation' counts the mitigated months separately, outside the total."""
        rows = {key: [0] * len(self.months) for key in list(SUMMARY_ROWS) + ["total", "unscored"]}
        for kpi in self.area_kpis(code):
            for i, cell in enumerate(self.cells[kpi.id]):
                if not cell.counted:
                    continue
                if cell.rag is Rag.MITIGATED:
                    rows[MITIGATION][i] += 1
                raw = Rag.RED if cell.data_not_available else cell.raw_rag
                if raw in (Rag.GREEN, Rag.AMBER, Rag.RED):
                    rows[_SUMMARY_ROW_OF[raw]][i] += 1
                    rows["total"][i] += 1
                elif cell.rag is Rag.MITIGATED:
                    rows["unscored"][i] += 1  # mitigated with no value recorded
        return rows

    @cached_property
    def runs(self) -> dict[str, list[Abatement]]:
        """Every KPI in use's failing runs and multipliers over the whole history, oldest first
        (points 0 where the contract does not publish the KPI's points)."""
        rules = self.council.contract.abatement
        if rules is None:
            return {}
        with collector_paused():
            return {
                kpi.id: kpi_abatement(
                    [(c.month, c.rag, c.raw_rag, c.data_not_available) for c in self.history[kpi.id]],
                    kpi.points or Decimal(0),
                    rules,
                )
                for kpi in self.area_kpis()
                if kpi.in_use
            }

    @cached_property
    def abatement(self) -> dict[str, list[Abatement]]:
        """Points per KPI (those carrying points) over the whole history, oldest first."""
        return {k: rows for k, rows in self.runs.items() if self.council.indicators[k].points}

    @cached_property
    def credits(self) -> list[MonthCredit]:
        """Total points and service credits per month of the history (capped)."""
        rules = self.council.contract.abatement
        totals = [
            (m, sum((rows[i].points for rows in self.abatement.values()), Decimal(0)))
            for i, m in enumerate(self.history_months)
        ]
        if rules is None or not rules.has_credits:
            return [MonthCredit(m, p, Decimal(0), Decimal(0), Decimal(0)) for m, p in totals]
        return monthly_credits(totals, rules, self.council.contract.contract_year)

    @cached_property
    def kpi_credits(self) -> dict[tuple[str, Month], Decimal]:
        """Each KPI-month's share of its month's (capped) credit, to the penny."""
        shares: dict[tuple[str, Month], Decimal] = {}
        ids = list(self.abatement)
        for i, month_credit in enumerate(self.credits):
            points = [self.abatement[k][i].points for k in ids]
            for kpi_id, amount in zip(ids, share(month_credit.credit, points)):
                shares[(kpi_id, month_credit.month)] = amount
        return shares

    def points_at(self, kpi_id: str, month: Month) -> Abatement | None:
        """The abatement of `kpi_id` in `month`, or None when the contract has no points."""
        rows = self.abatement.get(kpi_id)
        return rows[self.history_months.index(month)] if rows else None

    def green_trends(self) -> list[dict]:
        """For each KPI green in the report month: its fitted trend, projected TSL crossing (or the
        month since which the line is already worse), whether it is flagged (already worse, or
        crossing before the contract's end or within the horizon), and SPC signals."""
        contract = self.council.contract
        if contract.trend_months is None:
            return []
        horizon = self.month + contract.trend_horizon
        limit = min(horizon, contract.end) if contract.end else horizon
        found = []
        for kpi in self.area_kpis():
            cells = self.history[kpi.id]
            if not cells or cells[-1].rag is not Rag.GREEN:
                continue
            recent = [c for c in cells[-contract.trend_months :] if c.value is not None]
            months, values = [c.month for c in recent], [float(c.value) for c in recent]
            level = kpi.levels_at(self.month)
            projection = project(months, values, float(level.tsl), kpi.direction)
            found.append(
                {
                    "kpi": kpi,
                    "cells": recent,
                    "projection": projection,
                    "tsl": level.tsl,
                    "msl": level.msl,
                    "flagged": projection.due_by(limit),
                    "signals": spc_signals(months, values),
                }
            )
        return found


def build_contract_scorecard(council: Council, actuals: Actuals, escalations: dict, month: Month) -> ContractScorecard:
    """Score every KPI of the catalogue over the council's window ending at `month` (from the first
    month of data, if later), and over the whole history from the first month of data (for runs of
    failures, points and trends)."""
    # A new contract's first papers show only the months it has data for, never empty months before them.
    first = min((m for (_, m) in actuals), default=month)
    months = [m for m in window(month, council.window) if m >= first] or [month]
    history_months = span(min(first, months[0]), month)
    history = {}
    escalated: dict[str, dict[Month, Escalation]] = {}
    for (kpi_id, m), escalation in escalations.items():
        escalated.setdefault(kpi_id, {})[m] = escalation
    with collector_paused():
        for kpi in council.indicators.values():
            cells = score_history(kpi, history_months, actuals, escalated.get(kpi.id, {}))
            flags = series_flags([c.value for c in cells], kpi.unit, kpi.decimals)
            history[kpi.id] = [c._replace(data_quality=f) if f else c for c, f in zip(cells, flags)]
    cells = {k: rows[-len(months) :] for k, rows in history.items()}
    return ContractScorecard(council, month, months, cells, history_months, history)
