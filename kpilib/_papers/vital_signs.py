"""The vital-signs committee paper (Norfolk's layout): its inputs, and each section as HTML."""

from __future__ import annotations

from dataclasses import dataclass, field

from IPython.display import HTML

from .._inputs.actuals import Actuals
from .._inputs.indicators import VitalSignsCouncil, vital_signs_settings
from .._inputs.loaded import VitalSignsInputs, read_vital_signs
from .._inputs.months import Month
from .._inputs.narrative import (
    EXECUTIVE_SUMMARY,
    FINANCIAL_IMPLICATIONS,
    ISSUES_RISKS,
    SECTIONS,
    VITAL_SIGNS_SLOTS,
    Narrative,
)
from .._render import charts
from .._render.html import render
from .._render.volumes_chart import volumes_chart_img
from .._render.wording import fact_sentence, format_value, latest_figures_note, percent, period_phrase
from .._scoring.criteria import CRITERIA_WORDS, flagged_criteria
from .._scoring.rag import Rag
from .._scoring.scorecard import Scorecard, build_scorecard
from .base import PaperBase, building, section
from .narrative_draft import draft_cells
from .registry import PaperType
from .scores import scores_csv

TRAVEL_WORDS = {"improved": "▲ Improved", "deteriorated": "▼ Deteriorated", "unchanged": "● No change"}
COUNT_ORDER = [Rag.GREEN, Rag.AMBER, Rag.RED, Rag.AWAITED, Rag.NOT_EXPECTED, Rag.DATA_ONLY, Rag.NOT_MEASURED]


@dataclass
class VitalSignsPaper(PaperBase):
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
        return scores_csv(self.scorecard)

    # Sections, in the paper's order.

    @section("header")
    def header(self) -> HTML:
        return HTML(render("header.html.j2", council=self.council, month=self.month, meeting=self.meeting_text()))

    @section("executive summary")
    def summary(self) -> HTML:
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
        return HTML(
            render(
                "introduction.html.j2",
                council=self.council,
                total=len(self.scorecard.rows),
                cards=len(self._card_rows()),
                appendix=self.appendix,
            )
        )

    @section("dashboard")
    def dashboard(self) -> HTML:
        notes, lines = [], []
        label = self.council.month_label
        for row in self.scorecard.rows:
            with building("dashboard", row.indicator.id):
                ind, cells = row.indicator, []
                for cell in row.cells:
                    refs = []
                    for text, flag in ((cell.data_quality, True), (cell.note, False)):
                        if text:
                            notes.append(
                                {
                                    "number": len(notes) + 1,
                                    "flag": flag,
                                    "text": text,
                                    "where": f"{ind.id}, {cell.month.label(label)}",
                                }
                            )
                            refs.append({"number": len(notes), "flag": flag})
                    ratio = f"{cell.numerator.text} / {cell.denominator.text}" if cell.numerator else ""
                    cells.append(
                        {
                            "rag": cell.rag.value,
                            "letter": cell.rag.letter,
                            "notes": refs,
                            "value": format_value(ind, cell.value),
                            "ratio": ratio,
                            "title": f"{ind.id} {cell.month.label(label)}: {cell.rag.words}",
                        }
                    )
                assessed = row.assessed
                since = ""
                if assessed is not None and assessed is not row.current and row.travel:
                    since = assessed.month.label(label)  # latest figure is older than the report month
                lines.append(
                    {
                        "row": row,
                        "cells": cells,
                        "target": format_value(ind, assessed.target if assessed else row.current.target),
                        "travel": TRAVEL_WORDS.get(row.travel, "–"),
                        "since": since,
                        "travel_class": row.travel or "none",
                    }
                )
        return HTML(
            render(
                "dashboard.html.j2",
                council=self.council,
                months=self.scorecard.months,
                lines=lines,
                notes=notes,
                amber_percent=percent(self.council.amber_within),
                criteria_words=list(self._criteria_words().values()),
            )
        )

    def _criteria_words(self) -> dict[str, str]:
        """Each exception criterion in words, with the council's variance and run length."""
        variance = f"{percent(self.council.exception_variance)}%"
        return {
            key: text.format(variance=variance, run=self.council.exception_run) for key, text in CRITERIA_WORDS.items()
        }

    def _card_rows(self) -> list:
        """Rows with a card this month, in the council's report_card_order (then catalogue order)."""
        rows = [r for r in self.scorecard.rows if self.council.report_cards == "all" or r.is_exception]
        order = self.council.report_card_order
        return sorted(rows, key=lambda r: order.index(r.indicator.id) if r.indicator.id in order else len(order))

    @section("report cards")
    def report_cards(self) -> HTML:
        rows = self._card_rows()
        cards, words = [], self._criteria_words()
        for row in rows:
            with building("report cards", row.indicator.id):
                kpi = row.indicator.id
                # An exception must be explained; a card shown only on request need not be.
                missing = "Commentary to follow." if row.is_exception else "No commentary this month."
                rag = row.assessed.rag if row.assessed else row.current.rag
                cards.append(
                    {
                        "row": row,
                        "rag": rag.value,
                        "rag_words": f"{rag.letter} · {rag.words}",
                        "fact": fact_sentence(row),
                        "criteria": [words[c] for c in row.criteria],
                        "no_target": any(c.rag is Rag.DATA_ONLY for c in row.cells),
                        # No figure in the window: no chart (the status line already says so).
                        "chart": charts.chart_img(row, self.council.month_label) if row.assessed else None,
                        "background": self.commentary((kpi, "Background"), missing),
                        "action": self.commentary((kpi, "Action required"), missing),
                        "extra": [
                            (s, self.narrative.text((kpi, s)))
                            for s in ("Budget impact", "Corporate risk")
                            if self.narrative.text((kpi, s))
                        ],
                    }
                )
        return HTML(
            render(
                "report_cards.html.j2",
                council=self.council,
                month=self.month,
                cards=cards,
                period=period_phrase(self.scorecard.months),
                images=self.narrative.images,
            )
        )

    def quality_rows(self) -> list[dict]:
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
        appendix = self.appendix
        chart, period = None, ""
        if appendix["volumes"]:
            chart = volumes_chart_img(appendix["volumes"], self.council.month_label, appendix["title"])
            period = period_phrase([v.month for v in appendix["volumes"]])
        return HTML(render("closing.html.j2", council=self.council, appendix=appendix, chart=chart, period=period))


PAPER_TYPE = PaperType(
    name="vital_signs",
    kind=vital_signs_settings,
    inputs=VitalSignsInputs,
    read=read_vital_signs,
    headings=lambda council: (VITAL_SIGNS_SLOTS, SECTIONS),
    paper=VitalSignsPaper.from_inputs,
)
