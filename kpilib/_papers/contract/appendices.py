"""The contract paper's appendices (A: detailed results, B: projects, C: payroll contacts) and the
data-quality rows they feed, as a mixin of ContractPaper."""

from __future__ import annotations

from ..._render.footnotes import Footnotes
from ..._render.html import HTML, render
from ..base import section
from .appendix_a import ContractAppendixA

# Narrative slots of the appendix written by the analyst (Lincolnshire's Appendix D).
EXTRA_APPENDIX, EXTRA_APPENDIX_TITLE = "Extra appendix", "Extra appendix title"
# Notes on the payroll contacts appendix that the data cannot give (the date the counts were taken).
PAYROLL_NOTE = "Payroll appendix note"


class ContractAppendices(ContractAppendixA):
    """Appendix sections of ContractPaper (which supplies council, month, scorecard, payroll, outcomes)."""

    def _payroll_shown(self) -> list:
        """Appendix C's months: the twelve to the report month."""
        return [p for p in self.payroll if p.month <= self.month][-12:]

    def appendix_list(self) -> list[tuple[str, str]]:
        """(letter, title) of each appendix the paper has, lettered in order: results, projects,
        payroll contacts, then the narrative's extra appendix."""
        return list(self._appendices().values())

    def _appendices(self) -> dict[str, tuple[str, str]]:
        titles = {"results": "Contract performance tables by service area"}
        if self.outcomes:
            titles["projects"] = f"Projects in progress with {self.contract.provider}"
        payroll = self._payroll_shown()
        if payroll:
            titles["payroll"] = (
                f"Payroll contacts received by {self.contract.provider} "
                f"({self.months_span([p.month for p in payroll], '%B %Y', ' – ')})"
            )
        if self.narrative.text(EXTRA_APPENDIX):
            titles["extra"] = self.narrative.text(EXTRA_APPENDIX_TITLE) or "Further information"
        return {key: (chr(ord("A") + i), title) for i, (key, title) in enumerate(titles.items())}

    @section("Appendix B")
    def appendix_b(self) -> HTML:
        """Section: Appendix B, the outcomes the provider is delivering."""
        if not self.outcomes:
            return HTML("")
        letter, title = self._appendices()["projects"]
        return HTML(render("contract_appendix_b.html.j2", outcomes=self.outcomes, letter=letter, title=title))

    def payroll_table(self, number: int | None, months: int) -> str:
        """The payroll contacts of the last `months` months to the report month, counts that do not
        add up marked as data quality (beside the group, the total and the rate)."""
        shown = [p for p in self.payroll if p.month <= self.month][-months:]
        # Notes are numbered over the months of Appendix C, so a month's flag has the same number in
        # the six-month table as in the appendix; a table lists only the notes of its own months.
        notes = Footnotes()
        for p in self._payroll_shown():
            if p.data_quality:
                groups = [name for name, c in p.groups.items() if not c.adds_up]
                notes.add(
                    f"{p.month.label(self.label)}: {p.quality_note}.",
                    [(g, p.month) for g in groups] + [("total", p.month), ("rate", p.month)],
                    flag=True,
                )
        listed = sorted({n for p in shown for key, ns in notes.marks.items() if key[1] == p.month for n in ns})
        return render(
            "contract_payroll.html.j2",
            number=number,
            months=shown,
            label=self.label,
            notes=notes,
            listed=[(n, notes.notes[n - 1]) for n in listed],
            span=self.months_span([p.month for p in shown]),
        )

    @section("Appendix C")
    def appendix_c(self) -> HTML:
        """Section: Appendix C, payroll contacts month by month."""
        if not self.payroll:
            return HTML("")
        letter, title = self._appendices()["payroll"]
        return HTML(
            render(
                "contract_appendix_c.html.j2",
                letter=letter,
                title=title,
                table=self.payroll_table(None, 12),
                note=self.narrative.text(PAYROLL_NOTE),
            )
        )

    @section("extra appendix")
    def extra_appendix(self) -> HTML:
        """The narrative's extra appendix (Lincolnshire's Appendix D), when it is written."""
        text = self.narrative.text(EXTRA_APPENDIX)
        if not text:
            return HTML("")
        letter, title = self._appendices()["extra"]
        return HTML(render("contract_appendix_extra.html.j2", letter=letter, title=title, text=text))

    def quality_rows(self) -> list[dict]:
        """Every data-quality flag of the paper, for the annex."""
        rows = [
            {"kpi": kpi_id, "month": c.month.label(self.label), "text": c.data_quality}
            for kpi_id, cells in self.scorecard.cells.items()
            for c in cells
            if c.data_quality
        ]
        shown = self._payroll_shown()
        rows += [
            {"kpi": "Payroll contacts", "month": p.month.label(self.label), "text": p.quality_note}
            for p in shown
            if p.data_quality
        ]
        return rows
