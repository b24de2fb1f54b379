"""The contract paper's appendices (A: detailed results, B: projects, C: payroll contacts) and the
data-quality rows they feed, as a mixin of ContractPaper."""

from __future__ import annotations

from dataclasses import dataclass, field

from IPython.display import HTML

from .._inputs.catalogue import ContractKpi
from .._inputs.months import Month
from .._render.html import render
from .._scoring.contract_scorecard import ContractCell
from .._scoring.rag import Rag, service_level_rag
from .base import building, section

# Narrative slots of the appendix written by the analyst (Lincolnshire's Appendix D).
EXTRA_APPENDIX, EXTRA_APPENDIX_TITLE = "Extra appendix", "Extra appendix title"
# Notes on the payroll contacts appendix that the data cannot give (the date the counts were taken).
PAYROLL_NOTE = "Payroll appendix note"


@dataclass
class Footnotes:
    """Numbered notes and the table cells (row key, month) each one marks."""

    notes: list[str] = field(default_factory=list)
    marks: dict[tuple[str, Month], list[int]] = field(default_factory=dict)
    flags: set[int] = field(default_factory=set)  # numbers of the data-quality notes
    keys: list[tuple] = field(default_factory=list)  # each note's place in order_by_month()

    def add(self, text: str, cells: list[tuple[str, Month]], flag: bool = False, month: Month | None = None) -> None:
        """Add a note (once) and mark each cell with its number; `flag` marks a data-quality note;
        `month` is the month the note is about (notes about no month come first once ordered)."""
        if text not in self.notes:
            self.notes.append(text)
            self.keys.append((0,) if month is None else (1, month))
        number = self.notes.index(text) + 1
        if flag:
            self.flags.add(number)
        for cell in cells:
            if number not in self.marks.setdefault(cell, []):
                self.marks[cell].append(number)

    def order_by_month(self) -> "Footnotes":
        """Renumber the notes in month order (ties keep the order added), in place, so that a note
        has the same place in every table that gives it; marks already handed out follow."""
        ranking = sorted(range(len(self.notes)), key=lambda i: self.keys[i])
        renumber = {old + 1: new + 1 for new, old in enumerate(ranking)}
        self.notes[:] = [self.notes[i] for i in ranking]
        self.keys[:] = [self.keys[i] for i in ranking]
        for numbers in self.marks.values():
            numbers[:] = sorted(renumber[n] for n in numbers)
        flags = {renumber[n] for n in self.flags}
        self.flags.clear()
        self.flags.update(flags)
        return self


class ContractAppendices:
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

    @section("Appendix A")
    def appendix_a(self) -> HTML:
        areas = []
        for n, area in enumerate(self.contract.service_areas, start=1):
            notes = Footnotes()
            rows = []
            kpis = self.scorecard.area_kpis(area.code)
            in_escalation = self._open_escalations(kpis)
            for kpi in kpis:
                with building("Appendix A", kpi.id):
                    rows.append(self._appendix_row(kpi, notes, in_escalation))
            notes.order_by_month()
            areas.append({"n": n, "area": area, "rows": rows, "notes": notes.notes, "flags": notes.flags})
        return HTML(
            render(
                "contract_appendix_a.html.j2",
                areas=areas,
                months=self.scorecard.months,
                label=self.label,
                heads=self.heads(self.scorecard.months),
            )
        )

    def _open_escalations(self, kpis: list[ContractKpi]) -> dict[tuple[Month, str], list[str]]:
        """KPI ids still in escalation, by month and reason: one note covers them all, as in the papers."""
        found: dict[tuple[Month, str], list[str]] = {}
        for kpi in kpis:
            for cell in self.scorecard.cells[kpi.id]:
                if cell.provisional:
                    found.setdefault((cell.month, cell.escalation.reason), []).append(kpi.id)
        return found

    def _appendix_row(self, kpi: ContractKpi, notes: Footnotes, in_escalation: dict) -> dict:
        cells = self.scorecard.cells[kpi.id]
        if not kpi.in_use:
            return {"kpi": kpi, "not_in_use": True}
        level = kpi.levels_at(self.month)
        level_marks: list[int] = []
        # Levels that changed value within the window: each month was scored on its own levels.
        for before, after in zip(kpi.levels, kpi.levels[1:]):
            if cells[0].month < after.start <= self.month and (before.tsl, before.msl) != (after.tsl, after.msl):
                text = (
                    f"{kpi.id}: TSL and MSL were {before.tsl} and {before.msl} until "
                    f"{(after.start - 1).label(self.label)}, and {after.tsl} and {after.msl} from "
                    f"{after.start.label(self.label)}; each month is scored on the levels in force then"
                )
                notes.add(text + (f" ({after.note})." if after.note else "."), [("levels", kpi.id)])
        future = [lv for lv in kpi.levels if lv.start > self.month]
        if future:
            steps = "; ".join(f"{lv.tsl} and {lv.msl} from {lv.start.label(self.label)}" for lv in future)
            notes.add(
                f"{kpi.id}: TSL and MSL rise over time: {steps}.{self._outlook(kpi, cells[-1], future[0])}",
                [("levels", kpi.id)],
            )
        if kpi.normal_levels:
            # KPIs on the same reduced levels for the same reason share one note, as in the papers.
            now = self._reduced_levels(kpi)
            ids = ", ".join(
                k.id
                for k in self.scorecard.area_kpis(kpi.service_area)
                if k.in_use and k.normal_levels == kpi.normal_levels and self._reduced_levels(k) == now
            )
            notes.add(f"{ids}: {now}; normal levels: {kpi.normal_levels}.", [("levels", kpi.id)])
        level_marks = notes.marks.get(("levels", kpi.id), [])
        shown = []
        for cell in cells:
            where = cell.month.label(self.label)
            esc = cell.escalation
            if esc is not None and esc.state == "amended":
                notes.add(f"{kpi.id}, {where}: {self.amendment_text(cell)}", [(kpi.id, cell.month)], month=cell.month)
            elif esc is not None:
                ids = ", ".join(in_escalation[(cell.month, esc.reason)])
                notes.add(
                    f"{ids}, {where}: in escalation"
                    + (f" ({esc.reason.rstrip('.')})" if esc.reason else "")
                    + "; the figures are provisional.",
                    [(kpi.id, cell.month)],
                    month=cell.month,
                )
            if cell.data_quality:
                notes.add(
                    f"{kpi.id}, {where}: {cell.data_quality}", [(kpi.id, cell.month)], flag=True, month=cell.month
                )
            marks = notes.marks.get((kpi.id, cell.month), [])
            shown.append({"cell": cell, "marks": marks, "words": self._cell_words(kpi, cell)})
        return {"kpi": kpi, "not_in_use": False, "level": level, "level_marks": level_marks, "cells": shown}

    def _outlook(self, kpi: ContractKpi, cell: ContractCell, upcoming) -> str:
        """' At the levels from Oct-17, Aug-17's 21.25 would be amber.', when the next levels would
        score the report month's figure worse than it scored; '' otherwise (a warning, not a forecast)."""
        if cell.value is None or cell.raw_rag not in (Rag.GREEN, Rag.AMBER):
            return ""
        then = service_level_rag(cell.value, upcoming.tsl, upcoming.msl, kpi.direction)
        if then is cell.raw_rag:
            return ""
        return (
            f" At the levels from {upcoming.start.label(self.label)}, {cell.month.label(self.label)}'s "
            f"{self._figure(kpi, cell.value)} would be {then.words}."
        )

    def _reduced_levels(self, kpi: ContractKpi) -> str:
        level = kpi.levels_at(self.month)
        return level.note if level and level.note else "reduced levels in force"

    def _cell_words(self, kpi: ContractKpi, cell: ContractCell) -> dict:
        value = self._figure(kpi, cell.value)
        if not cell.counted:
            first = kpi.first_use.label(self.label) if kpi.first_use else ""
            # No letter: the status says the month is not counted, and a lone dash read as a stray mark.
            return {"value": "", "status": f"New KPI – first use in {first}" if first else "Not measured", "letter": ""}
        if cell.rag is Rag.MITIGATED:
            raw = f" (raw: {cell.raw_rag.words})" if cell.raw_rag else ""
            return {"value": value, "status": "Mitigation agreed" + raw, "letter": "M"}
        if cell.data_not_available:
            return {"value": "", "status": "Data not available", "letter": "R"}
        if cell.rag is Rag.AWAITED:
            return {"value": "", "status": "Awaited", "letter": "due"}
        return {"value": value, "status": "", "letter": cell.rag.letter}

    @section("Appendix B")
    def appendix_b(self) -> HTML:
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
