"""A contract-overview council (template: overview): a narrative-led paper on an outsourced contract,
carried by a few headline measures (`headlines.csv`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .council import Council
from .headlines import Headline, load_headlines
from .loaded import Inputs
from .months import Month
from .schema import items, month, obj, text
from .yamlfile import Section


@dataclass(frozen=True, kw_only=True)
class OverviewCouncil(Council):
    """A council whose paper is an overview of a contract's performance, mostly in officers' words."""

    provider: str
    go_live: Month | None
    objectives: list[str] = field(default_factory=list)  # what the contract was let to achieve

    @property
    def indicators(self) -> dict:
        """No KPI catalogue: narrative headings name no KPI."""
        return {}


@dataclass(frozen=True, kw_only=True)
class OverviewInputs(Inputs):
    """An overview paper's inputs."""

    council: OverviewCouncil
    headlines: list[Headline]

    def months_with_data(self) -> set[Month]:
        """The months the data covers."""
        return headline_months(self.headlines)


def overview_kind(top: Section, folder: Path) -> tuple[type, dict]:
    """council.yml's overview keys."""
    objectives = top.get("objectives", list, required=False, default=[]) or []
    return OverviewCouncil, {
        "provider": top.text("provider"),
        "go_live": top.month("go_live"),
        "objectives": [str(o) for o in objectives],
    }


def read_overview(council: OverviewCouncil, month: Month | None) -> dict:
    """The overview's files: its headline measures."""
    return {"headlines": load_headlines(council.folder / "headlines.csv")}


def headline_months(headlines: list[Headline]) -> set[Month]:
    """The months the headline measures are stated at."""
    return {h.month for h in headlines}


SCHEMA = obj(
    {
        "provider": text("The provider whose contract the paper reviews."),
        "go_live": month("The month the contract went live."),
        "objectives": items(text("One objective."), "What the contract was let to achieve, listed in the background."),
    },
    ("provider", "go_live"),
)
