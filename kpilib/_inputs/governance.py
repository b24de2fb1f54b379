"""A governance council (template: governance): a strategic partner's governance and performance report,
mostly narrative, with customer feedback computed from `feedback.csv`."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .actuals import Actuals, load_actuals
from .council import Council
from .feedback import Feedback, load_feedback
from .indicators import SCHEMA as VITAL_SIGNS_SCHEMA
from .indicators import VitalSignsCouncil, vital_signs_settings
from .loaded import Inputs
from .months import Month, span
from .schema import items, month, obj, text
from .yamlfile import Section


@dataclass(frozen=True, kw_only=True)
class GovernanceCouncil(Council):
    """A council reporting on a strategic partnership: its services, period and governance facts."""

    partner: str
    period_from: Month | None
    services: list[str] = field(default_factory=list)
    electoral_divisions: str = ""
    background_papers: str = ""
    part_two: str = ""  # the reason for inclusion in Part II of the agenda, if any
    kpis: VitalSignsCouncil | None = None  # when the council supplies KPI data: scored as vital signs are
    kpi_settings: dict | None = field(default=None, repr=False)  # read from council.yml, made into `kpis`

    def completed(self) -> "GovernanceCouncil":
        """With its KPIs, when council.yml lists indicators, as a vital-signs council of the same facts."""
        if self.kpi_settings is None:
            return self
        common = {f.name: getattr(self, f.name) for f in fields(Council)}
        return replace(self, kpis=VitalSignsCouncil(**common, **self.kpi_settings), kpi_settings=None)

    @property
    def indicators(self) -> dict:
        """No KPI catalogue: narrative headings name services, not KPIs."""
        return {}


@dataclass(frozen=True, kw_only=True)
class GovernanceInputs(Inputs):
    """A governance paper's inputs."""

    council: GovernanceCouncil
    feedback: list[Feedback]
    actuals: Actuals | None = None  # the KPIs' figures, when the council has KPIs

    def months_with_data(self) -> set[Month]:
        """The months the data covers."""
        return feedback_months(self.feedback)


def governance_kind(top: Section, folder: Path) -> tuple[type, dict]:
    """council.yml's governance keys."""
    services = [str(s) for s in top.get("services", list) or []]
    if len({s.lower() for s in services}) != len(services):
        top.fail("services", "a service is listed twice")
    kpi_settings = None
    if "indicators" in top.data:  # KPI data supplied: the vital-signs keys, read as for a vital-signs council
        _, kpi_settings = vital_signs_settings(top, folder)
    return GovernanceCouncil, {
        "kpi_settings": kpi_settings,
        "partner": top.text("partner"),
        "period_from": top.month("period_from"),
        "services": services,
        "electoral_divisions": top.text("electoral_divisions", required=False, default=""),
        "background_papers": top.text("background_papers", required=False, default=""),
        "part_two": top.text("part_two", required=False, default=""),
    }


def read_governance(council: GovernanceCouncil, month: Month | None) -> dict:
    """The governance report's files: customer feedback by service."""
    feedback = load_feedback(council.folder / "feedback.csv", council.services)
    return {"feedback": feedback, "actuals": load_actuals(council.kpis) if council.kpis else None}


def feedback_months(feedback: list[Feedback]) -> set[Month]:
    """Every month some feedback row covers."""
    return {m for row in feedback for m in span(row.start, row.end)}


SCHEMA = obj(
    {
        "partner": text("The strategic partner the report is about."),
        "period_from": month("First month the report covers (it runs to the report month)."),
        "services": items(text("A service's name, as in feedback.csv."), "The partnership's services, in paper order."),
        "electoral_divisions": text("Electoral divisions affected, for the header."),
        "background_papers": text("The list of background papers (default 'None.')."),
        "part_two": text("Reason for inclusion in Part II (default 'Not applicable.')."),
        **{
            key: {
                **VITAL_SIGNS_SCHEMA["properties"][key],
                "description": "Optional, with KPI data: as for vital_signs. "
                + VITAL_SIGNS_SCHEMA["properties"][key]["description"],
            }
            for key in ("rag", "exceptions", "report_cards", "indicators")
        },
    },
    ("partner", "period_from", "services"),
)
