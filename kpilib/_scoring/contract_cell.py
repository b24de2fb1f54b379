"""One contract KPI in one month, as the papers show it (scored by kpilib._scoring.grid)."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from .._inputs.catalogue import ContractKpi
from .._inputs.escalations import Escalation
from .._inputs.months import Month
from .._inputs.numbers import Figure
from .rag import Rag


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
