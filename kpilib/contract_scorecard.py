"""Contract KPIs scored against their service levels, and the summary counts of the papers' tables."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .actuals import Actuals
from .catalogue import ContractKpi
from .council import Council
from .escalations import Escalation
from .months import Month, window
from .numbers import Figure
from .scoring import Rag, service_level_rag

# Rows of the summary tables, in the papers' order.
TSL_ACHIEVED, MSL_ACHIEVED, BELOW_MSL, MITIGATION = "tsl", "msl", "below", "mitigation"
SUMMARY_ROWS = {TSL_ACHIEVED: "Target Service Level (TSL) achieved", MSL_ACHIEVED: "Minimum Service Level (MSL) achieved",
                BELOW_MSL: "Below Minimum Service Level (MSL)", MITIGATION: "Mitigation Agreed"}
_SUMMARY_ROW_OF = {Rag.GREEN: TSL_ACHIEVED, Rag.AMBER: MSL_ACHIEVED, Rag.RED: BELOW_MSL, Rag.MITIGATED: MITIGATION}


@dataclass(frozen=True)
class ContractCell:
    """One KPI in one month: the outcome counted, and the raw outcome its value scores."""

    kpi: ContractKpi
    month: Month
    figure: Figure | None
    tsl: Decimal | None
    msl: Decimal | None
    rag: Rag                     # counted outcome: mitigation wins, data not available is red
    raw_rag: Rag | None          # what the value scores, mitigation ignored; None without a value
    data_not_available: bool = False
    escalation: Escalation | None = None
    note: str = ""

    @property
    def value(self) -> Decimal | None:
        return self.figure.value if self.figure else None

    @property
    def counted(self) -> bool:
        return self.kpi.counted(self.month)

    @property
    def provisional(self) -> bool:
        return self.escalation is not None and self.escalation.state == "open"


def score_contract_cell(kpi: ContractKpi, month: Month, actuals: Actuals,
                        escalations: dict) -> ContractCell:
    """Score one KPI-month against the levels in force that month."""
    levels = kpi.levels_at(month)
    tsl, msl = (levels.tsl, levels.msl) if levels else (None, None)
    escalation = escalations.get((kpi.id, month))
    if not kpi.counted(month):
        return ContractCell(kpi, month, None, tsl, msl, Rag.NOT_MEASURED, None, escalation=escalation)
    obs = actuals.get((kpi.id, month))
    if obs is None:
        return ContractCell(kpi, month, None, tsl, msl, Rag.AWAITED, None, escalation=escalation)
    raw = None
    if obs.value is not None and levels is not None:
        raw = service_level_rag(obs.value.value, tsl, msl, kpi.direction)
    dna = obs.status == "data_not_available"
    if obs.mitigated:
        rag = Rag.MITIGATED
    elif dna:
        rag = Rag.RED            # no evidence the levels were met: counted below MSL
    elif obs.status == "awaited":
        rag = Rag.AWAITED
    elif obs.status == "not_expected":
        rag = Rag.NOT_EXPECTED
    else:
        rag = raw if raw is not None else Rag.DATA_ONLY
    return ContractCell(kpi, month, obs.value, tsl, msl, rag, raw, dna, escalation, obs.note)


@dataclass
class ContractScorecard:
    council: Council
    month: Month
    months: list[Month]
    cells: dict[str, list[ContractCell]]     # KPI id -> cells over the window, catalogue order

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
        return self.months[-self.council.contract.reporting_months:]

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


def build_contract_scorecard(council: Council, actuals: Actuals, escalations: dict, month: Month) -> ContractScorecard:
    """Score every KPI of the catalogue over the council's window ending at `month`."""
    months = window(month, council.window)
    cells = {kpi.id: [score_contract_cell(kpi, m, actuals, escalations) for m in months]
             for kpi in council.indicators.values()}
    return ContractScorecard(council, month, months, cells)
