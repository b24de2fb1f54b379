"""The governance and performance report (Lancashire's layout): a strategic partnership's services in
the officers' words, with customer feedback computed from `feedback.csv`."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from ..._inputs.governance import SCHEMA as GOVERNANCE_SCHEMA
from ..._inputs.governance import GovernanceCouncil, GovernanceInputs, governance_kind, read_governance
from ..._inputs.months import Month
from ..._inputs.narrative import Narrative
from ..._render.html import HTML, render
from ..._render.wording import month_span
from ..._scoring.scorecard import Scorecard, build_scorecard
from ..base import section
from ..figures import Fact
from ..narrative_led import NarrativeLed
from ..registry import PaperType
from .facts import feedback_facts, feedback_rows, kpi_facts, kpi_rows

MEASURES = {"compliments": ("compliments", "compliment"), "complaints": ("complaints", "complaint")}


def slots(council: GovernanceCouncil) -> tuple[str, ...]:
    """The narrative's headings: fixed parts, and a scope, a performance and a feedback part per service."""
    per = lambda part: tuple(f"{s} {part}" for s in council.services)  # noqa: E731
    return (
        "Executive summary",
        "Recommendation",
        "Background",
        *per("scope"),
        *per("performance"),
        "Other developments",
        *per("feedback"),
        "Staffing update",
        "Consultations",
        "Risk management",
    )


@dataclass
class GovernancePaper(NarrativeLed):
    """A governance and performance report, built from its inputs; each section method returns HTML."""

    inputs: GovernanceInputs
    council: GovernanceCouncil
    month: Month
    narrative: Narrative
    warnings: list[str] = field(default_factory=list)
    scorecard: Scorecard | None = None  # the KPIs scored as vital signs are, when the council has KPI data

    @classmethod
    def from_inputs(cls, inputs: GovernanceInputs) -> "GovernancePaper":
        """The paper for `inputs` (read with a month); unknown figure references stop it here."""
        paper = cls(inputs, inputs.council, inputs.month, inputs.narrative)
        if inputs.council.kpis is not None:
            paper.scorecard = build_scorecard(inputs.council.kpis, inputs.actuals, inputs.month)
        paper.prepare()
        return paper

    def slots(self) -> tuple[str, ...]:
        """The narrative's headings, in paper order."""
        return slots(self.council)

    @property
    def period(self) -> str:
        """'October 2015 to February 2016': from the council's period start to the report month."""
        return month_span(self.council.period_from or self.month, self.month)

    def _rows(self, service: str):
        return feedback_rows(self.inputs.feedback, service, self.month)

    def facts(self) -> list[Fact]:
        """Each KPI's figure for the report month, and each service's compliments and complaints for the
        period and for each month given."""
        return kpi_facts(self.scorecard, self.month) + feedback_facts(
            self.inputs.feedback, self.council.services, self.month
        )

    def kpi_rows(self) -> list[dict]:
        """The KPI table's rows: target, the report month's figure and its status."""
        return kpi_rows(self.scorecard)

    @section("header")
    def header(self) -> HTML:
        """Section: the report's header block (committee, meeting, divisions, title, contact, period)."""
        return HTML(
            render("governance_header.html.j2", council=self.council, meeting=self.meeting_text(), period=self.period)
        )

    @section("executive summary and recommendation")
    def summary(self) -> HTML:
        """Section: the executive summary and the recommendation."""
        parts = [
            ("Executive summary", self.commentary("Executive summary")),
            ("Recommendation", self.commentary("Recommendation")),
        ]
        return HTML(render("governance_parts.html.j2", parts=parts, level=2))

    @section("background and advice")
    def background(self) -> HTML:
        """Section: background and advice, with the scope of each service."""
        parts = [(f"{s}", self.commentary(f"{s} scope")) for s in self.council.services]
        return HTML(
            render(
                "governance_parts.html.j2",
                title="Background and advice",
                intro=self.commentary("Background"),
                parts=parts,
                level=3,
            )
        )

    @section("achievement of key performance measures")
    def performance(self) -> HTML:
        """Section: achievement of the key performance measures, service by service."""
        parts = [(s, self.commentary(f"{s} performance")) for s in self.council.services]
        table = (
            Markup(render("governance_kpis.html.j2", rows=self.kpi_rows(), month=self.month)) if self.scorecard else ""
        )
        title = "Achievement of key performance measures"
        return HTML(render("governance_parts.html.j2", title=title, table=table, parts=parts, level=3))

    @section("other developments")
    def developments(self) -> HTML:
        """Section: other developments."""
        return HTML(
            render(
                "governance_parts.html.j2",
                parts=[("Other developments", self.commentary("Other developments"))],
                level=2,
            )
        )

    @section("customer feedback")
    def feedback(self) -> HTML:
        """Section: customer feedback by service, the tables computed from feedback.csv."""
        services = []
        for service in self.council.services:
            whole, months = self._rows(service)
            services.append(
                {"name": service, "whole": whole, "months": months, "text": self.commentary(f"{service} feedback")}
            )
        return HTML(render("governance_feedback.html.j2", services=services, period=self.period))

    @section("staffing update")
    def staffing(self) -> HTML:
        """Section: the partner's staffing update."""
        return HTML(
            render(
                "governance_parts.html.j2",
                parts=[(f"{self.council.partner}: staffing update", self.commentary("Staffing update"))],
                level=2,
            )
        )

    @section("consultations and implications")
    def implications(self) -> HTML:
        """Section: consultations, implications, background papers and the Part II reason."""
        return HTML(
            render(
                "governance_closing.html.j2",
                council=self.council,
                consultations=self.commentary("Consultations"),
                risk=self.commentary("Risk management"),
            )
        )


PAPER_TYPE = PaperType(
    name="governance",
    kind=governance_kind,
    schema=GOVERNANCE_SCHEMA,
    inputs=GovernanceInputs,
    read=read_governance,
    headings=lambda council: (slots(council), ()),
    paper=GovernancePaper.from_inputs,
)
