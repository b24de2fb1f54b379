"""The contract paper's Appendix A: every KPI's levels, months and outlook, with its footnotes."""

from __future__ import annotations

from ..._inputs.catalogue import ContractKpi
from ..._inputs.months import Month
from ..._render.footnotes import Footnotes
from ..._render.html import HTML, render
from ..._scoring.contract_scorecard import ContractCell
from ..._scoring.rag import Rag, service_level_rag
from ..base import building, section


class ContractAppendixA:
    """Mixin of ContractPaper: Appendix A."""

    @section("Appendix A")
    def appendix_a(self) -> HTML:
        """Section: Appendix A, every KPI's levels, results by month and outlook."""
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
