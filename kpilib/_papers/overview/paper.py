"""The contract-overview paper (Barnet's layout): the officers' account of a contract's first months,
carried by a few headline measures computed from `headlines.csv`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..._inputs.months import Month
from ..._inputs.narrative import Narrative
from ..._inputs.overview import SCHEMA as OVERVIEW_SCHEMA
from ..._inputs.overview import OverviewCouncil, OverviewInputs, overview_kind, read_overview
from ..._render.headline_chart import before_after_img
from ..._render.html import HTML, render
from ..._render.stated import change_words, stated
from ..._scoring.headline_change import change
from ..base import section
from ..figures import Fact
from ..narrative_led import NarrativeLed
from ..registry import PaperType

SLOTS = (
    "Introduction",
    "Background",
    "Performance update",
    "Highlights",
    "Snagging issues",
    "Substantive issues",
    "Conclusion",
)
_SMALL_WORDS = {"a", "an", "and", "the", "to", "of", "in", "on", "for", "per", "at", "month", "part", "app", "time"}


@dataclass
class OverviewPaper(NarrativeLed):
    """A contract overview, scored from its inputs; each section method returns HTML."""

    inputs: OverviewInputs
    council: OverviewCouncil
    month: Month
    narrative: Narrative
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_inputs(cls, inputs: OverviewInputs) -> "OverviewPaper":
        """The paper for `inputs` (read with a month); unknown figure references stop it here."""
        paper = cls(inputs, inputs.council, inputs.month, inputs.narrative)
        paper.prepare()
        return paper

    def slots(self) -> tuple[str, ...]:
        """The narrative's headings, in paper order."""
        return SLOTS

    def facts(self) -> list[Fact]:
        """Each headline's baseline, current figure and change, as the headline table prints them."""
        found = []
        for h in self.inputs.headlines:
            stems = tuple(w[:5] for w in re.findall(r"[a-z-]+", h.title.lower()) if w not in _SMALL_WORDS)
            parts = {
                "baseline": (h.baseline, stated),
                "current": (h.current, stated),
                "change": (change(h), change_words),
            }
            for name, (figure, words) in parts.items():
                if figure is None:
                    continue
                found.append(
                    Fact(
                        "headline",
                        h.measure,
                        name,
                        None,
                        figure.value,
                        words(figure, h.unit),
                        unit=h.unit,
                        names=stems,
                        bounded=figure.qualifier,
                        source=f"headlines.csv line {h.line}",
                    )
                )
        return found

    def rows(self) -> list[dict]:
        """The headline table's rows: measure, before, now and the change, each as stated."""
        return [
            {
                "title": h.title,
                "before": stated(h.baseline, h.unit),
                "now": stated(h.current, h.unit),
                "change": change_words(change(h), h.unit),
            }
            for h in self.inputs.headlines
        ]

    @section("header")
    def header(self) -> HTML:
        """Section: the paper's header (committee, meeting, contract, provider, go-live)."""
        return HTML(
            render("overview_header.html.j2", council=self.council, month=self.month, meeting=self.meeting_text())
        )

    @section("introduction and background")
    def introduction(self) -> HTML:
        """Section: introduction, and the background with the contract's objectives."""
        return HTML(
            render(
                "overview_introduction.html.j2",
                council=self.council,
                introduction=self.commentary("Introduction"),
                background=self.commentary("Background"),
            )
        )

    @section("performance update")
    def performance(self) -> HTML:
        """Section: the performance update, the headline figures and chart, highlights and problems."""
        label = self.month.label("%b %Y")
        chart = (
            before_after_img(self.inputs.headlines, label)
            if any(h.baseline and h.current for h in self.inputs.headlines)
            else ""
        )
        return HTML(
            render(
                "overview_performance.html.j2",
                council=self.council,
                month=self.month,
                update=self.commentary("Performance update"),
                rows=self.rows(),
                chart=chart,
                highlights=self.commentary("Highlights"),
                snagging=self.commentary("Snagging issues"),
                substantive=self.commentary("Substantive issues"),
            )
        )

    @section("conclusion")
    def conclusion(self) -> HTML:
        """Section: the conclusion, and who to contact."""
        return HTML(
            render("overview_conclusion.html.j2", council=self.council, conclusion=self.commentary("Conclusion"))
        )


PAPER_TYPE = PaperType(
    name="overview",
    kind=overview_kind,
    schema=OVERVIEW_SCHEMA,
    inputs=OverviewInputs,
    read=read_overview,
    headings=lambda council: (SLOTS, ()),
    paper=OverviewPaper.from_inputs,
)
