"""The contract-KPI committee paper (Lincolnshire's layout): summary tables computed from the
detailed results, failures and mitigation tables, and the appendices."""

from __future__ import annotations

from dataclasses import dataclass, field

from IPython.display import HTML

from .._inputs.actuals import Actuals
from .._inputs.catalogue import ContractKpi
from .._inputs.contract_council import ContractCouncil, contract_kind
from .._inputs.loaded import ContractInputs, read_contract
from .._inputs.months import Month
from .._inputs.narrative import Narrative
from .._inputs.payroll import PayrollMonth
from .._render import charts
from .._render.html import render
from .._render.wording import counted, month_ranges, month_span, projection_outlook
from .._scoring.contract_scorecard import SUMMARY_ROWS, ContractCell, ContractScorecard, build_contract_scorecard
from .._scoring.rag import Rag
from .._scoring.trend import slope_text
from .base import PaperBase, building, section
from .contract_abatement import ContractAbatement
from .contract_appendices import EXTRA_APPENDIX, EXTRA_APPENDIX_TITLE, PAYROLL_NOTE, ContractAppendices, Footnotes
from .contract_closing import ContractClosing
from .narrative_draft import GUIDE
from .registry import PaperType
from .scores import contract_scores_csv

# Per-KPI narrative sections. Impact and Path to green (the 2020 papers' columns) go in whichever of
# the failures and mitigation tables the KPI is in; each table shows those columns when a row has text.
SECTIONS = ("Effect on the council", "Estimated resolution", "Mitigation reason", "Impact", "Path to green")
_ROW_OF = {Rag.GREEN: "tsl", Rag.AMBER: "msl", Rag.RED: "below", Rag.MITIGATED: "mitigation"}


def paper_slots(council: ContractCouncil) -> tuple[str, ...]:
    """Paper-level narrative headings: summary, one commentary per service area, closing parts, then
    each area's configured subsections ('CSC Citizen engagement'), a note on the payroll appendix and an
    extra appendix with its title."""
    areas = tuple(f"{a.code} commentary" for a in council.contract.service_areas)
    subsections = tuple(f"{a.code} {title}" for a in council.contract.service_areas for title in a.subsections)
    return (
        "Summary",
        *areas,
        "Performance overview",
        "IT projects",
        "Conclusion",
        *subsections,
        PAYROLL_NOTE,
        EXTRA_APPENDIX_TITLE,
        EXTRA_APPENDIX,
    )


@dataclass
class ContractPaper(ContractAbatement, ContractClosing, ContractAppendices, PaperBase):
    inputs: ContractInputs
    council: ContractCouncil
    month: Month
    actuals: Actuals
    narrative: Narrative
    scorecard: ContractScorecard
    payroll: list[PayrollMonth]
    outcomes: list[dict]
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_inputs(cls, inputs: ContractInputs) -> "ContractPaper":
        """The paper for `inputs` (read with a month), scored."""
        council, month = inputs.council, inputs.month
        scorecard = build_contract_scorecard(council, inputs.actuals, inputs.escalations, month)
        paper = cls(
            inputs, council, month, inputs.actuals, inputs.narrative, scorecard, inputs.payroll, inputs.outcomes
        )
        paper.warnings = paper._warnings()
        return paper

    # Facts used across sections.

    @property
    def contract(self):
        return self.council.contract

    @property
    def label(self) -> str:
        return self.council.month_label

    def table_numbers(self) -> dict[str, int]:
        """Tables numbered in paper order: overall, each area (payroll after its area), failures, mitigation."""
        numbers, n = {"overall": 1}, 1
        for area in self.contract.service_areas:
            n += 1
            numbers[area.code] = n
            if area.code == self.contract.payroll_area and self.payroll:
                n += 1
                numbers["payroll"] = n
        numbers["failures"], numbers["mitigation"] = n + 1, n + 2
        # Sections: abbreviations (if any), background, performance, one per area, then the rest.
        first = 1 if self.contract.abbreviations else 0
        failures = first + 3 + len(self.contract.service_areas)
        # The trend analysis of green KPIs is a section of its own after the failures, when configured.
        trends = failures + 1 if self.contract.trend_months is not None else failures
        numbers.update(
            section_abbreviations=first,
            section_background=first + 1,
            section_performance=first + 2,
            section_areas=first + 3,
            section_failures=failures,
            section_trends=trends,
            section_closing=trends + 1,
        )
        return numbers

    def reporting_span(self) -> str:
        """'June to August 2017'."""
        months = self.scorecard.reporting_months
        return month_span(months[0], months[-1])

    def period_text(self) -> str:
        months = self.scorecard.reporting_months
        first, last = months[0], months[-1]
        since = f"since the service commencement date of 1 {self.contract.commencement.long}"
        if first == last:
            return f"in {first.long} (month {self.contract.contract_month(first)} {since})"
        return (
            f"between {first.long} and {last.long} (months {self.contract.contract_month(first)} to "
            f"{self.contract.contract_month(last)} {since})"
        )

    def months_span(self, months: list[Month], fmt: str | None = None, joiner: str = " to ") -> str:
        """'Mar-17 to Aug-17', or 'Mar-17' for one month (fmt: a strftime format, default the council's)."""
        first, last = (m.label(fmt or self.label) for m in (months[0], months[-1]))
        return first if first == last else f"{first}{joiner}{last}"

    def _warnings(self) -> list[str]:
        notes = self.common_warnings()
        for slot in paper_slots(self.council)[: 1 + len(self.contract.service_areas)]:
            if not self.narrative.text(slot):
                notes.append(f"no commentary under '## {slot}': the paper says 'Commentary to follow'")
        for kpi, _ in self.scorecard.failures():
            for part in SECTIONS[:2]:
                if not self.narrative.text((kpi.id, part)):
                    notes.append(
                        f"{kpi.id} was below MSL in the reporting period but has no '{part}' "
                        "commentary: Table of failures says 'Commentary to follow'"
                    )
        for kpi, _ in self.scorecard.mitigations():
            if not self.narrative.text((kpi.id, "Mitigation reason")):
                notes.append(f"{kpi.id} was granted mitigation but has no 'Mitigation reason' commentary")
        return notes

    def scores_csv(self) -> str:
        return contract_scores_csv(self.scorecard)

    def draft_narrative(self) -> list[str]:
        """Cells for a new narrative file, drafted from this month's figures."""
        month, card = self.month, self.scorecard
        overall = card.summary()
        total = overall["total"][-1]
        # The Background section already states the provider, contract and period: not repeated here.
        cells = [
            f"# Narrative: {self.council.name}, {month.long}\n\n{GUIDE}",
            f"## Summary\n\nIn {month.long}, {overall['tsl'][-1]} of {total} KPIs achieved the TSL, "
            f"{overall['msl'][-1]} achieved the MSL only, {counted(overall['below'][-1], 'was', 'were')} "
            f"below the MSL and {overall['mitigation'][-1]} had mitigation agreed.",
        ]
        for area in self.contract.service_areas:
            counts = card.summary(area.code)
            below = [k.id for k in card.area_kpis(area.code) if card.cells[k.id][-1].rag is Rag.RED]
            text = (
                f"In {month.long}, {counts['tsl'][-1]} of {counts['total'][-1]} {area.name} KPIs achieved the TSL"
                + (f"; below MSL: {', '.join(below)}." if below else "; none was below the MSL.")
            )
            cells.append(f"## {area.code} commentary\n\n{text}")
        for kpi, _ in card.failures():
            cells.append(f"## {kpi.id} Effect on the council\n")
            cells.append(f"## {kpi.id} Estimated resolution\n")
        for kpi, _ in card.mitigations():
            cells.append(f"## {kpi.id} Mitigation reason\n")
        cells.extend(f"## {slot}\n" for slot in paper_slots(self.council)[1 + len(self.contract.service_areas) :])
        return cells

    # Summary tables and their footnotes.

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
        esc = cell.escalation
        previous = ", ".join(p for p in (self._figure(cell.kpi, esc.previous_value), esc.previous_rag) if p)
        text = "amended following escalation" + (f"; previously reported as {previous}" if previous else "")
        return text + (f". {esc.reason.rstrip('.')}." if esc.reason else ".")

    def _figure(self, kpi: ContractKpi, value) -> str:
        return "" if value is None else f"{value:.{kpi.decimals}f}"

    def summary_table(self, code: str | None, number: int, title: str) -> str:
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

    @section("header")
    def header(self) -> HTML:
        return HTML(
            render(
                "contract_header.html.j2",
                paper=self,
                council=self.council,
                contract=self.contract,
                meeting=self.meeting_text(),
            )
        )

    @section("summary and background")
    def summary(self) -> HTML:
        return HTML(
            render(
                "contract_summary.html.j2",
                paper=self,
                contract=self.contract,
                numbers=self.table_numbers(),
                summary=self.commentary("Summary"),
                period=self.period_text(),
                contract_years=sorted({self.contract.contract_year(m) for m in self.scorecard.reporting_months}),
            )
        )

    @section("performance summary tables")
    def performance(self) -> HTML:
        numbers = self.table_numbers()
        table = self.summary_table(None, 1, "Overall KPI Summary Performance")
        raw = self.raw_table() if any(self.scorecard.summary()["mitigation"]) else ""
        return HTML(
            render(
                "contract_performance.html.j2",
                paper=self,
                table=table,
                raw=raw,
                numbers=numbers,
                failures=self.scorecard.failures(),
                mitigations=self.scorecard.mitigations(),
            )
        )

    @section("trend analysis")
    def trend_analysis(self) -> HTML:
        """Trend analysis of green KPIs, when the contract's configuration asks for it."""
        if self.contract.trend_months is None:
            return HTML("")
        trends = self.scorecard.green_trends()
        for t in trends:
            t["outlook"] = projection_outlook(t["projection"])
        for t in trends:
            t["slope"] = slope_text(t["projection"].slope, t["kpi"].unit)
        flagged = [t for t in trends if t["flagged"]]
        for t in flagged:
            with building("trend analysis", t["kpi"].id):
                t["chart"] = charts.projection_chart_img(
                    t["kpi"], t["cells"], t["projection"], t["tsl"], t["msl"], self.label
                )
        return HTML(
            render(
                "contract_trends.html.j2",
                paper=self,
                trends=trends,
                flagged=flagged,
                with_signals=[t for t in trends if t["signals"]],
                contract=self.contract,
                number=self.table_numbers()["section_trends"],
            )
        )

    @section("service area tables")
    def service_areas(self) -> HTML:
        numbers, parts = self.table_numbers(), []
        for area in self.contract.service_areas:
            parts.append(
                {
                    "area": area,
                    "table": self.summary_table(area.code, numbers[area.code], f"{area.title} KPI Summary Performance"),
                    "payroll": self.payroll_table(numbers["payroll"], 6)
                    if area.code == self.contract.payroll_area and self.payroll
                    else "",
                    "commentary": self.commentary(f"{area.code} commentary"),
                    "subsections": [
                        (title, self.narrative.text(f"{area.code} {title}"))
                        for title in area.subsections
                        if self.narrative.text(f"{area.code} {title}")
                    ],
                }
            )
        return HTML(render("contract_areas.html.j2", parts=parts, first=numbers["section_areas"]))


PAPER_TYPE = PaperType(
    name="contract",
    kind=contract_kind,
    inputs=ContractInputs,
    read=read_contract,
    headings=lambda council: (paper_slots(council), SECTIONS),
    paper=ContractPaper.from_inputs,
)
