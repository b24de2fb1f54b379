"""Contract KPIs scored against their service levels, and the summary counts of the papers' tables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from .._inputs.actuals import Actuals, as_actuals, months_with_data
from .._inputs.catalogue import ContractKpi
from .._inputs.contract_council import ContractCouncil as Council
from .._inputs.months import Month, span, window
from .abatement import Abatement, MonthCredit, Runs, monthly_credits, share
from .contract_cell import ContractCell
from .grid import ContractGrid, Lazy
from .rag import CODE, Rag
from .trend import project, spc_signals

__all__ = ["SUMMARY_ROWS", "ContractCell", "ContractScorecard", "build_contract_scorecard"]

# Rows of the summary tables, in the papers' order.
TSL_ACHIEVED, MSL_ACHIEVED, BELOW_MSL, MITIGATION = "tsl", "msl", "below", "mitigation"
SUMMARY_ROWS = {
    TSL_ACHIEVED: "Target Service Level (TSL) achieved",
    MSL_ACHIEVED: "Minimum Service Level (MSL) achieved",
    BELOW_MSL: "Below Minimum Service Level (MSL)",
    MITIGATION: "Mitigation Agreed",
}
_SUMMARY_ROW_OF = {Rag.GREEN: TSL_ACHIEVED, Rag.AMBER: MSL_ACHIEVED, Rag.RED: BELOW_MSL, Rag.MITIGATED: MITIGATION}


@dataclass
class ContractScorecard:
    """Every KPI of the contract scored over the months the paper shows, with points and trends."""

    council: Council
    month: Month
    months: list[Month]  # the window the paper shows
    history_months: list[Month]  # first month of data to `month`
    grid: ContractGrid  # every KPI-month of the history, scored

    @cached_property
    def cells(self) -> Mapping[str, list[ContractCell]]:
        """KPI id -> its cells over the window, catalogue order."""
        return self.grid.rows(len(self.history_months) - len(self.months))

    @cached_property
    def history(self) -> Mapping[str, list[ContractCell]]:
        """KPI id -> its cells over the whole history, catalogue order."""
        return self.grid.rows(0)

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
        shown = self.reporting_months
        found = [
            (kpi, [c.month for c in self.cells[kpi.id] if c.month in shown and c.rag is rag])
            for kpi in self.area_kpis()
        ]
        return [(kpi, months) for kpi, months in found if months]

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
    def _runs(self) -> Runs | None:
        rules = self.council.contract.abatement
        return Runs(self.grid.rag, self.grid.raw, self.grid.dna, rules) if rules else None

    @cached_property
    def runs(self) -> Mapping[str, list[Abatement]]:
        """Every KPI in use's failing runs and multipliers over the whole history, oldest first
        (points 0 where the contract does not publish the KPI's points)."""
        if self._runs is None:
            return {}
        grid, runs = self.grid, self._runs
        return Lazy(
            [kpi.id for kpi in self.area_kpis() if kpi.in_use],
            lambda k: runs.row(
                grid.row[k], self.history_months, grid.rags(k), grid.kpis[grid.row[k]].points or Decimal(0)
            ),
        )

    @cached_property
    def abatement(self) -> Mapping[str, list[Abatement]]:
        """Points per KPI (those carrying points) over the whole history, oldest first."""
        return Lazy([k for k in self.runs if self.council.indicators[k].points], self.runs.__getitem__)

    @cached_property
    def credits(self) -> list[MonthCredit]:
        """Total points and service credits per month of the history (capped)."""
        rules, runs = self.council.contract.abatement, self._runs
        points = runs.monthly_points([k.points if k.in_use else None for k in self.grid.kpis]) if runs else None
        totals = list(zip(self.history_months, points or [Decimal(0)] * len(self.history_months)))
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
        return _green_trends(self)


def _green_trends(card: ContractScorecard) -> list[dict]:
    contract = card.council.contract
    if contract.trend_months is None:
        return []
    horizon = card.month + contract.trend_horizon
    limit = min(horizon, contract.end) if contract.end else horizon
    # As the slice history[-trend_months:] would: 0 (or less) is not a count of recent months.
    found, start = [], range(len(card.history_months))[-contract.trend_months :].start
    for k in (card.grid.rag[:, -1] == CODE[Rag.GREEN]).nonzero()[0].tolist() if card.history_months else ():
        kpi = card.grid.kpis[k]
        recent = [c for c in card.grid.cells(k, start) if c.value is not None]
        months, values = [c.month for c in recent], [float(c.value) for c in recent]
        level = kpi.levels_at(card.month)
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
    actuals = as_actuals(actuals)
    first = min(months_with_data(actuals), default=month)
    months = [m for m in window(month, council.window) if m >= first] or [month]
    history_months = span(min(first, months[0]), month)
    grid = ContractGrid(council, actuals, history_months, escalations)
    return ContractScorecard(council, month, months, history_months, grid)
