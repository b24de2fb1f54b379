"""A contract council (template: contract): its contract terms from council.yml and its KPI catalogue
from kpis.csv and levels.csv."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .catalogue import ContractKpi, load_catalogue
from .contract_terms import Contract, contract_settings
from .council import Council
from .yamlfile import Section


@dataclass(frozen=True, kw_only=True)
class ContractCouncil(Council):
    """A council scoring an outsourced provider against the KPIs of a contract."""

    contract: Contract
    indicators: dict[str, ContractKpi] = field(default_factory=dict)  # from kpis.csv and levels.csv

    def completed(self) -> "ContractCouncil":
        """With the KPI catalogue, read once council.yml itself is known to be sound."""
        return replace(self, indicators=load_catalogue(self.folder, self.contract))


def contract_kind(top: Section, folder: Path) -> tuple[type, dict]:
    """council.yml's contract keys."""
    return ContractCouncil, {"contract": contract_settings(top)}
