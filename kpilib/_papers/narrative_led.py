"""What the narrative-led paper types share: figures an analyst can cite, the check that typed numbers
agree with the data, and sections that are mostly the analysts' words."""

from __future__ import annotations

from markupsafe import Markup

from .._render.html import HTML, markdown, render
from .base import PaperBase
from .figures import Fact, Figures
from .narrative_draft import GUIDE
from .numbers_check import Disagreement, check
from .scores import figures_csv


class NarrativeLed(PaperBase):
    """Mixin of a narrative-led paper: subclasses list their `facts()` and set inputs, council, month,
    narrative and warnings; `prepare()` checks the references and the numbers once, at load."""

    figures: Figures
    disagreements: list[Disagreement]

    def facts(self) -> list[Fact]:
        """The figures of the data a narrative may cite or type."""
        raise NotImplementedError

    def slots(self) -> tuple[str, ...]:
        """The narrative's headings, in paper order."""
        raise NotImplementedError

    def draft_narrative(self) -> list[str]:
        """Cells for a new narrative file: a guide listing the figures that can be cited, then each heading."""
        cite = ", ".join(f"`[[{f.reference}]]`" for f in self.figures.facts)
        guide = f"# Narrative: {self.council.name}, {self.month.long}\n\n{GUIDE}" + (
            f" Figures you can cite instead of typing them: {cite}." if cite else ""
        )
        return [guide, *(f"## {slot}\n" for slot in self.slots())]

    def heading(self, slot) -> str:
        """How the paper names a narrative slot in messages."""
        return str(slot)

    def prepare(self) -> None:
        """Resolve the figures, refuse unknown references (InputError naming the cell), check the typed numbers."""
        self.figures = Figures(self.facts())
        self.figures.unknown_references(self.narrative)
        self.disagreements = check(self.narrative, self.figures, self.heading)
        name = self.narrative.path.name
        empty = [
            f"no '{slot}' commentary: the paper says 'Commentary to follow'"
            for slot in self.slots()
            if not self.narrative.text(slot)
        ]
        self.warnings = (
            self.common_warnings() + empty + [f"{name}: words and numbers disagree: {d}" for d in self.disagreements]
        )

    def commentary(self, slot, missing: str = "Commentary to follow.") -> Markup:
        """The analyst's text for a slot as HTML, each cited figure printed as the tables print it."""
        text = self.narrative.text(slot)
        return markdown(self.figures.resolve(text), self.narrative.images) if text else markdown(f"*{missing}*")

    def quality_rows(self) -> list[dict]:
        """Each sentence whose typed number the data contradicts, for the data-quality annex."""
        return [
            {
                "kpi": f"{d.heading} (narrative cell {d.cell})",
                "month": "whole period" if d.facts[0].month is None else d.facts[0].month.label("%b %Y"),
                "text": f"the text says {d.typed} in “{d.sentence}”; the data has {d.data}",
            }
            for d in self.disagreements
        ]

    def quality_annex(self) -> HTML:
        """Section: the data-quality annex, listing the narrative's disagreements with the data."""
        return HTML(render("quality_annex.html.j2", rows=self.quality_rows(), stale=None, narrative_checked=True))

    def scores_csv(self) -> str:
        """The figures of the paper, one per row, with their values and sources."""
        return figures_csv(self.figures.facts)
