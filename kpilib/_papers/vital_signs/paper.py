"""The vital-signs committee paper (Norfolk's layout): its inputs, and each section as HTML."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..._inputs.actuals import Actuals
from ..._inputs.indicators import SCHEMA as INDICATORS_SCHEMA
from ..._inputs.indicators import VitalSignsCouncil, vital_signs_settings
from ..._inputs.loaded import VitalSignsInputs, read_vital_signs
from ..._inputs.months import Month
from ..._inputs.narrative import (
    EXECUTIVE_SUMMARY,
    FINANCIAL_IMPLICATIONS,
    ISSUES_RISKS,
    SECTIONS,
    VITAL_SIGNS_SLOTS,
    Narrative,
)
from ..._render.html import HTML, render
from ..._render.volumes_chart import volumes_chart_img
from ..._render.wording import latest_figures_note, period_phrase
from ..._scoring.criteria import flagged_criteria
from ..._scoring.rag import Rag
from ..._scoring.scorecard import Scorecard, build_scorecard
from ..base import PaperBase, section
from ..narrative_draft import draft_cells
from ..registry import PaperType
from ..scores import scores_csv
from .cards import VitalSignsCards

COUNT_ORDER = [Rag.GREEN, Rag.AMBER, Rag.RED, Rag.AWAITED, Rag.NOT_EXPECTED, Rag.DATA_ONLY, Rag.NOT_MEASURED]


@dataclass
class VitalSignsPaper(VitalSignsCards, PaperBase):
    """Everything one paper needs, loaded and checked once; each section method returns HTML."""

    inputs: VitalSignsInputs
    council: VitalSignsCouncil
    month: Month
    actuals: Actuals
    narrative: Narrative
    scorecard: Scorecard
    warnings: list[str] = field(default_factory=list)
    appendix: dict = field(default_factory=dict)

    @classmethod
    def from_inputs(cls, inputs: VitalSignsInputs) -> "VitalSignsPaper":
        """The paper for `inputs` (read with a month); scored here, so bad input stops the build before it starts."""
        narrative, month = inputs.narrative, inputs.month
        scorecard = build_scorecard(inputs.council, inputs.actuals, month, flagged_criteria(narrative))
        paper = cls(inputs, inputs.council, month, inputs.actuals, narrative, scorecard)
        paper.appendix = paper._appendix()
        paper.warnings = paper._warnings()
        return paper

    def _warnings(self) -> list[str]:
        notes = self.common_warnings()
        for slot in (EXECUTIVE_SUMMARY, FINANCIAL_IMPLICATIONS, ISSUES_RISKS):
            if not self.narrative.text(slot):
                notes.append(f"no '{slot}' commentary: the paper says 'Commentary to follow'")
        for row in self.scorecard.rows:
            if row.is_exception and not self.narrative.text((row.indicator.id, "Background")):
                notes.append(
                    f"{row.indicator.id} {row.indicator.title} is an exception "
                    f"({', '.join(row.criteria)}) with no background commentary: "
                    "the paper says 'Commentary to follow'"
                )
        return notes

    def draft_narrative(self) -> list[str]:
        """Cells for a new narrative file, drafted from this month's figures."""
        return draft_cells(self.scorecard)

    def scores_csv(self) -> str:
        """The scores export: one row per indicator and month shown."""
        return scores_csv(self.scorecard)

    # Sections, in the paper's order.

    @section("header")
    def header(self) -> HTML:
        """Section: the paper's header (committee, meeting, chief officers, data month)."""
        return HTML(render("header.html.j2", council=self.council, month=self.month, meeting=self.meeting_text()))

    @section("executive summary")
    def summary(self) -> HTML:
        """Section: the executive summary, counts by RAG and the exceptions."""
        counts = self.scorecard.counts()
        return HTML(
            render(
                "summary.html.j2",
                council=self.council,
                month=self.month,
                scorecard=self.scorecard,
                counts=[(rag, counts[rag]) for rag in COUNT_ORDER if counts.get(rag)],
                exceptions=[r for r in self.scorecard.rows if r.is_exception],
                latest=latest_figures_note(self.scorecard.rows, self.month),
                summary=self.narrative.text(EXECUTIVE_SUMMARY),
                images=self.narrative.images,
            )
        )

    @section("introduction")
    def introduction(self) -> HTML:
        """Section: what the paper is for and how it is set out."""
        return HTML(
            render(
                "introduction.html.j2",
                council=self.council,
                total=len(self.scorecard.rows),
                cards=len(self._card_rows()),
                appendix=self.appendix,
            )
        )

    def quality_rows(self) -> list[dict]:
        """Every data-quality flag of the paper, for the annex."""
        return [
            {
                "kpi": f"{row.indicator.id} {row.indicator.title}",
                "month": c.month.label(self.council.month_label),
                "text": c.data_quality,
            }
            for row in self.scorecard.rows
            for c in row.cells
            if c.data_quality
        ]

    def _appendix(self) -> dict:
        """Appendix 1's contents: priority projects and monthly project volumes (either may be empty)."""
        projects, period = self.inputs.projects
        volumes = [self.inputs.volumes[m] for m in self.scorecard.months if m in self.inputs.volumes]
        return {
            "projects": projects,
            "period": f"{period[0].long} to {period[1].long}" if period else "",
            "volumes": volumes,
            "title": self.council.projects_title or "Projects",
        }

    @section("review and implications")
    def review(self) -> HTML:
        """Section: the review, financial implications and issues and risks."""
        return HTML(
            render(
                "review.html.j2",
                council=self.council,
                appendix=self.appendix,
                financial=self.commentary(FINANCIAL_IMPLICATIONS),
                risks=self.commentary(ISSUES_RISKS),
            )
        )

    @section("officer contact and appendix")
    def closing(self) -> HTML:
        """Section: the officer contact and the projects appendix."""
        appendix = self.appendix
        chart, period = None, ""
        if appendix["volumes"]:
            chart = volumes_chart_img(appendix["volumes"], self.council.month_label, appendix["title"])
            period = period_phrase([v.month for v in appendix["volumes"]])
        return HTML(render("closing.html.j2", council=self.council, appendix=appendix, chart=chart, period=period))


PAPER_TYPE = PaperType(
    name="vital_signs",
    kind=vital_signs_settings,
    schema=INDICATORS_SCHEMA,
    inputs=VitalSignsInputs,
    read=read_vital_signs,
    headings=lambda council: (VITAL_SIGNS_SLOTS, SECTIONS),
    paper=VitalSignsPaper.from_inputs,
)
