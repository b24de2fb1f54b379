"""One contract KPI in one month: the cell the papers show, and the per-value rule that scores it."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from .._inputs.actuals import Actuals
from .._inputs.catalogue import ContractKpi, Level
from .._inputs.escalations import Escalation
from .._inputs.months import Month
from .._inputs.numbers import Figure
from .rag import Rag, service_level_rag


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
