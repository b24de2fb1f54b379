"""The contract paper's tables: the summary tables of each area and the raw results they are computed from."""

from __future__ import annotations

from ..._inputs.catalogue import ContractKpi
from ..._inputs.months import Month
from ..._render.footnotes import Footnotes
from ..._render.html import render
from ..._render.wording import month_ranges
from ..._scoring.contract_scorecard import SUMMARY_ROWS, ContractCell
from ..._scoring.rag import Rag

# The row of the failures tables a month of each outcome is listed in.
_ROW_OF = {Rag.GREEN: "tsl", Rag.AMBER: "msl", Rag.RED: "below", Rag.MITIGATED: "mitigation"}


class ContractTables:
    """Mixin of ContractPaper: tables and their footnotes."""

    def summary_footnotes(self, code: str | None) -> Footnotes:
        """Notes on summary-table cells changed by escalation (amended, or provisional while open)."""
        notes = Footnotes()
        open_groups: dict[tuple[Month, str], list[ContractCell]] = {}
        for kpi in self.scorecard.area_kpis(code):
            for cell in self.scorecard.cells[kpi.id]:
                esc = cell.escalation
                if esc is None or not cell.counted or cell.rag not in _ROW_OF:
                    continue
                if esc.state == "open":
                    open_groups.setdefault((cell.month, esc.reason), []).append(cell)
                    continue
                marks = [(_ROW_OF[cell.rag], cell.month)]
                if esc.previous_rag and Rag(esc.previous_rag) in _ROW_OF:
                    marks.append((_ROW_OF[Rag(esc.previous_rag)], cell.month))
                notes.add(
                    f"{kpi.id}, {cell.month.label(self.label)}: {self.amendment_text(cell)}", marks, month=cell.month
                )
        for (month, reason), cells in open_groups.items():
            ids = ", ".join(c.kpi.id for c in cells)
            notes.add(
                f"{ids}, {month.label(self.label)}: in escalation"
                + (f" ({reason.rstrip('.')})" if reason else "")
                + "; scored on the reported figures, which are provisional.",
                [(_ROW_OF[c.rag], month) for c in cells],
                month=month,
            )
        return notes.order_by_month()

    def amendment_text(self, cell: ContractCell) -> str:
        """The note on a figure amended after escalation, with what was reported before."""
        esc = cell.escalation
        previous = ", ".join(p for p in (self._figure(cell.kpi, esc.previous_value), esc.previous_rag) if p)
        text = "amended following escalation" + (f"; previously reported as {previous}" if previous else "")
        return text + (f". {esc.reason.rstrip('.')}." if esc.reason else ".")

    def _figure(self, kpi: ContractKpi, value) -> str:
        return "" if value is None else f"{value:.{kpi.decimals}f}"

    def summary_table(self, code: str | None, number: int, title: str) -> str:
        """A summary table of one service area (or all, when `code` is None), counted from the results."""
        counts = self.scorecard.summary(code)
        notes = self.summary_footnotes(code)
        months = self.scorecard.months
        rows = [
            {
                "label": SUMMARY_ROWS[key],
                "cells": [
                    {"count": counts[key][i], "marks": notes.marks.get((key, m), [])} for i, m in enumerate(months)
                ],
                "key": key,
            }
            for key in SUMMARY_ROWS
        ]
        rows.append({"label": "TOTAL", "key": "total", "cells": [{"count": c, "marks": []} for c in counts["total"]]})
        return render(
            "contract_summary_table.html.j2",
            number=number,
            title=title,
            heads=self.heads(months),
            rows=rows,
            notes=notes.notes,
        )

    def heads(self, months: list[Month]) -> list[str]:
        """Column heads for months: 'Mar-17', or 'Yr 5 Jan-20' where the contract asks for year labels."""
        return [self.contract.month_head(m, self.label) for m in months]

    def raw_table(self) -> str:
        """Table 1a: the raw outcome, every month scored on its value; mitigation shown apart."""
        counts = self.scorecard.summary_raw()
        keys = ("tsl", "msl", "below")
        rows = [
            {"label": SUMMARY_ROWS[k], "key": k, "cells": [{"count": c, "marks": []} for c in counts[k]]} for k in keys
        ]
        rows.append({"label": "TOTAL", "key": "total", "cells": [{"count": c, "marks": []} for c in counts["total"]]})
        rows.append(
            {
                "label": "Mitigation agreed (counted separately)",
                "key": "mitigation",
                "cells": [{"count": c, "marks": []} for c in counts["mitigation"]],
            }
        )
        notes = []
        if any(counts["unscored"]):
            # Name each KPI and its months: a bare list of months would not say which figures are missing.
            unscored = [
                f"{kpi.id} ({month_ranges(months, self.label)})"
                for kpi in self.scorecard.area_kpis()
                if (
                    months := [
                        c.month
                        for c in self.scorecard.cells[kpi.id]
                        if c.counted and c.rag is Rag.MITIGATED and c.raw_rag is None and not c.data_not_available
                    ]
                )
            ]
            listed = unscored[0] if len(unscored) == 1 else ", ".join(unscored[:-1]) + " and " + unscored[-1]
            notes.append(
                f"Mitigated months with no recorded value have no raw outcome and are left out of the total: {listed}."
            )
        return render(
            "contract_summary_table.html.j2",
            number="1a",
            title="Raw outcome, mitigation ignored",
            heads=self.heads(self.scorecard.months),
            rows=rows,
            notes=notes,
        )

    # Sections, in the paper's order.
