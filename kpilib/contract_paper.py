"""The contract-KPI committee paper (Lincolnshire's layout): summary tables computed from the
detailed results, failures and mitigation tables, and the appendices."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from IPython.display import HTML

from . import charts

from .actuals import Actuals, load_actuals
from .catalogue import ContractKpi
from .contract_scorecard import SUMMARY_ROWS, ContractCell, ContractScorecard, build_contract_scorecard
from .council import Council, load_council, resolve_params_root
from .errors import ProblemList
from .escalations import load_escalations
from .html import render
from .months import Month
from .narrative import GUIDE, Narrative, read_narrative
from .paper import PaperBase, building, section
from .payroll import PayrollMonth, load_payroll
from .projects import load_outcomes
from .scores import contract_scores_csv
from .scoring import Rag
from .wording import counted, month_span, plain, projection_outlook

SECTIONS = ("Effect on the council", "Estimated resolution", "Mitigation reason", "Mitigation impact", "Path to green")
_ROW_OF = {Rag.GREEN: "tsl", Rag.AMBER: "msl", Rag.RED: "below", Rag.MITIGATED: "mitigation"}


def check_levels_cover(council: Council, actuals: Actuals) -> None:
    """Every figure of a KPI in use must have levels in force for its month: a month before the
    first entry of levels.csv is a gap, which would leave the figure unscored."""
    problems = ProblemList(council.folder / "levels.csv")
    for (kpi_id, month), obs in sorted(actuals.items(), key=lambda item: item[1].line):
        kpi = council.indicators[kpi_id]
        if kpi.counted(month) and kpi.levels_at(month) is None:
            problems.add(None, "from", f"{kpi_id} has a figure for {month} (actuals.csv line {obs.line}) but "
                                       f"no levels in force until {kpi.levels[0].start}: the levels leave a gap")
    problems.raise_if_any()


def paper_slots(council: Council) -> tuple[str, ...]:
    """Paper-level narrative headings: summary, one commentary per service area, closing parts."""
    areas = tuple(f"{a.code} commentary" for a in council.contract.service_areas)
    return ("Summary", *areas, "Performance overview", "IT projects", "Conclusion")


def months_text(months: list[Month], fmt: str = "%B") -> str:
    """'June', 'June and July', 'June, July and August'."""
    names = [m.label(fmt) for m in months]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass
class Footnotes:
    """Numbered notes and the table cells (row key, month) each one marks."""

    notes: list[str] = field(default_factory=list)
    marks: dict[tuple[str, Month], list[int]] = field(default_factory=dict)

    def add(self, text: str, cells: list[tuple[str, Month]]) -> None:
        if text not in self.notes:
            self.notes.append(text)
        number = self.notes.index(text) + 1
        for cell in cells:
            if number not in self.marks.setdefault(cell, []):
                self.marks[cell].append(number)


@dataclass
class ContractPaper(PaperBase):
    council: Council
    month: Month
    actuals: Actuals
    narrative: Narrative
    scorecard: ContractScorecard
    payroll: list[PayrollMonth]
    outcomes: list[dict]
    warnings: list[str] = field(default_factory=list)

    data_files = ("kpis.csv", "levels.csv", "actuals.csv", "escalations.csv", "payroll.csv", "projects.csv")

    @classmethod
    def load(cls, council: str, month: str, params_root: str | Path | None = None) -> "ContractPaper":
        """Load and check the council's inputs for `month` (YYYY-MM); InputError on bad input."""
        config = load_council(resolve_params_root(params_root), council)
        report_month = Month.parse(month)
        actuals = load_actuals(config)
        check_levels_cover(config, actuals)
        escalations = load_escalations(config.folder / "escalations.csv", config.indicators)
        narrative = read_narrative(config.narrative_path(report_month), config, paper_slots(config), SECTIONS)
        scorecard = build_contract_scorecard(config, actuals, escalations, report_month)
        paper = cls(config, report_month, actuals, narrative, scorecard,
                    load_payroll(config.folder / "payroll.csv"), load_outcomes(config.folder / "projects.csv"))
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
        numbers.update(section_abbreviations=first, section_background=first + 1, section_performance=first + 2,
                       section_areas=first + 3, section_failures=first + 3 + len(self.contract.service_areas))
        return numbers

    def reporting_span(self) -> str:
        """'June to August 2017'."""
        months = self.scorecard.reporting_months
        return month_span(months[0], months[-1])

    def period_text(self) -> str:
        months = self.scorecard.reporting_months
        first, last = months[0], months[-1]
        return (f"between {first.long} and {last.long} (months {self.contract.contract_month(first)} to "
                f"{self.contract.contract_month(last)} since the service commencement date of "
                f"1 {self.contract.commencement.long})")

    def _warnings(self) -> list[str]:
        notes = self.common_warnings()
        for slot in paper_slots(self.council)[:1 + len(self.contract.service_areas)]:
            if not self.narrative.text(slot):
                notes.append(f"no commentary under '## {slot}': the paper says 'Commentary to follow'")
        for kpi, _ in self.scorecard.failures():
            for part in SECTIONS[:2]:
                if not self.narrative.text((kpi.id, part)):
                    notes.append(f"{kpi.id} was below MSL in the reporting period but has no '{part}' "
                                 "commentary: Table of failures says 'Commentary to follow'")
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
        cells = [f"# Narrative: {self.council.name}, {month.long}\n\n{GUIDE}",
                 f"## Summary\n\nIn {month.long}, {overall['tsl'][-1]} of {total} KPIs achieved the TSL, "
                 f"{overall['msl'][-1]} achieved the MSL only, {counted(overall['below'][-1], 'was', 'were')} "
                 f"below the MSL and {overall['mitigation'][-1]} had mitigation agreed."]
        for area in self.contract.service_areas:
            counts = card.summary(area.code)
            below = [k.id for k in card.area_kpis(area.code) if card.cells[k.id][-1].rag is Rag.RED]
            text = (f"In {month.long}, {counts['tsl'][-1]} of {counts['total'][-1]} {area.name} KPIs achieved the TSL"
                    + (f"; below MSL: {', '.join(below)}." if below else "; none was below the MSL."))
            cells.append(f"## {area.code} commentary\n\n{text}")
        for kpi, _ in card.failures():
            cells.append(f"## {kpi.id} Effect on the council\n")
            cells.append(f"## {kpi.id} Estimated resolution\n")
        for kpi, _ in card.mitigations():
            cells.append(f"## {kpi.id} Mitigation reason\n")
        cells.extend(f"## {slot}\n" for slot in ("Performance overview", "IT projects", "Conclusion"))
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
                notes.add(f"{kpi.id}, {cell.month.label(self.label)}: {self.amendment_text(cell)}", marks)
        for (month, reason), cells in open_groups.items():
            ids = ", ".join(c.kpi.id for c in cells)
            notes.add(f"{ids}, {month.label(self.label)}: in escalation"
                      + (f" ({reason.rstrip('.')})" if reason else "")
                      + "; scored on the reported figures, which are provisional.",
                      [(_ROW_OF[c.rag], month) for c in cells])
        return notes

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
        rows = [{"label": SUMMARY_ROWS[key], "cells": [{"count": counts[key][i], "marks": notes.marks.get((key, m), [])}
                                                       for i, m in enumerate(months)], "key": key}
                for key in SUMMARY_ROWS]
        rows.append({"label": "TOTAL", "key": "total",
                     "cells": [{"count": c, "marks": []} for c in counts["total"]]})
        return render("contract_summary_table.html.j2", number=number, title=title, heads=self.heads(months),
                      rows=rows, notes=notes.notes)

    def heads(self, months: list[Month]) -> list[str]:
        """Column heads for months: 'Mar-17', or 'Yr 5 Jan-20' where the contract asks for year labels."""
        return [self.contract.month_head(m, self.label) for m in months]

    def raw_table(self) -> str:
        """Table 1a: the raw outcome, every month scored on its value; mitigation shown apart."""
        counts = self.scorecard.summary_raw()
        keys = ("tsl", "msl", "below")
        rows = [{"label": SUMMARY_ROWS[k], "key": k, "cells": [{"count": c, "marks": []} for c in counts[k]]} for k in keys]
        rows.append({"label": "TOTAL", "key": "total", "cells": [{"count": c, "marks": []} for c in counts["total"]]})
        rows.append({"label": "Mitigation agreed (counted separately)", "key": "mitigation",
                     "cells": [{"count": c, "marks": []} for c in counts["mitigation"]]})
        notes = []
        if any(counts["unscored"]):
            months = [m.label(self.label) for m, n in zip(self.scorecard.months, counts["unscored"]) if n]
            notes.append(f"Mitigated months with no recorded value have no raw outcome and are left out of the "
                         f"total: {', '.join(months)}.")
        return render("contract_summary_table.html.j2", number="1a", title="Raw outcome, mitigation ignored",
                      heads=self.heads(self.scorecard.months), rows=rows, notes=notes)

    # Sections, in the paper's order.

    @section("header")
    def header(self) -> HTML:
        return HTML(render("contract_header.html.j2", paper=self, council=self.council, contract=self.contract,
                           meeting=self.meeting_text()))

    @section("summary and background")
    def summary(self) -> HTML:
        return HTML(render("contract_summary.html.j2", paper=self, contract=self.contract, numbers=self.table_numbers(),
                           summary=self.commentary("Summary"), period=self.period_text(),
                           contract_years=sorted({self.contract.contract_year(m) for m in self.scorecard.reporting_months})))

    @section("performance summary tables")
    def performance(self) -> HTML:
        numbers = self.table_numbers()
        table = self.summary_table(None, 1, "Overall KPI Summary Performance")
        raw = self.raw_table() if any(self.scorecard.summary()["mitigation"]) else ""
        return HTML(render("contract_performance.html.j2", paper=self, table=table, raw=raw, numbers=numbers,
                           failures=self.scorecard.failures(), mitigations=self.scorecard.mitigations()))

    @section("abatement points and service credits")
    def abatement(self) -> HTML:
        """Abatement points and service credits (Table 1b), shown only when the contract has points."""
        card, rules = self.scorecard, self.contract.abatement
        if not card.abatement:
            return HTML("")
        history = card.history_months
        start = history.index(card.months[0])
        rows = []
        for kpi_id, entries in card.abatement.items():
            shown = entries[start:]
            if not any(a.points or a.relieved for a in shown):
                continue
            rows.append({"kpi": card.council.indicators[kpi_id], "cells": [
                {"points": a.points, "relieved": a.relieved, "run": a.run, "multiplier": a.multiplier,
                 "credit": card.kpi_credits.get((kpi_id, a.month)) if rules.has_credits else None}
                for a in shown]})
        multipliers = ", ".join(f"x{plain(m)}" for m in rules.multipliers)
        fractions = "; ".join(f"{rag.words}: {plain(share * 100)}% of the points" for rag, share in rules.fractions.items())
        chart = charts.points_chart_img([c.month for c in card.credits], [c.points for c in card.credits], self.label)
        return HTML(render("contract_abatement.html.j2", paper=self, rules=rules, rows=rows,
                           heads=self.heads(card.months), totals=card.credits[start:], chart=chart,
                           multipliers=multipliers, fractions=fractions, since=history[0]))

    @section("trend analysis")
    def trend_analysis(self) -> HTML:
        """Trend analysis of green KPIs, when the contract's configuration asks for it."""
        if self.contract.trend_months is None:
            return HTML("")
        trends = self.scorecard.green_trends()
        for t in trends:
            t["outlook"] = projection_outlook(t["projection"])
        flagged = [t for t in trends if t["flagged"]]
        for t in flagged:
            with building("trend analysis", t["kpi"].id):
                t["chart"] = charts.projection_chart_img(t["kpi"], t["cells"], t["projection"], t["tsl"], t["msl"], self.label)
        return HTML(render("contract_trends.html.j2", paper=self, trends=trends, flagged=flagged,
                           with_signals=[t for t in trends if t["signals"]], contract=self.contract))

    @section("service area tables")
    def service_areas(self) -> HTML:
        numbers, parts = self.table_numbers(), []
        for area in self.contract.service_areas:
            parts.append({
                "area": area,
                "table": self.summary_table(area.code, numbers[area.code], f"{area.title} KPI Summary Performance"),
                "payroll": self.payroll_table(numbers["payroll"], 6) if area.code == self.contract.payroll_area and self.payroll else "",
                "commentary": self.commentary(f"{area.code} commentary"),
            })
        return HTML(render("contract_areas.html.j2", parts=parts, first=numbers["section_areas"]))

    def payroll_table(self, number: int | None, months: int) -> str:
        shown = [p for p in self.payroll if p.month <= self.month][-months:]
        return render("contract_payroll.html.j2", number=number, months=shown, label=self.label)

    @section("failures and mitigation tables")
    def failures_and_mitigation(self) -> HTML:
        numbers = self.table_numbers()
        reporting = self.scorecard.reporting_months
        failures = [{"kpi": k, "when": self._when(ms), "effect": self.commentary((k.id, "Effect on the council")),
                     "resolution": self.commentary((k.id, "Estimated resolution"))} for k, ms in self.scorecard.failures()]
        mitigations = [{"kpi": k, "when": f"Mitigation granted for {months_text(ms)}" + (" only" if len(ms) < len(reporting) else ""),
                        "reason": self.commentary((k.id, "Mitigation reason")),
                        "impact": self.narrative.text((k.id, "Mitigation impact")),
                        "path": self.narrative.text((k.id, "Path to green"))} for k, ms in self.scorecard.mitigations()]
        span = month_span(reporting[0], reporting[-1], " – ")
        return HTML(render("contract_exceptions.html.j2", numbers=numbers, failures=failures,
                           mitigations=mitigations, span=span,
                           detailed=any(m["impact"] or m["path"] for m in mitigations)))

    def _when(self, months: list[Month]) -> str:
        reporting = self.scorecard.reporting_months
        if len(months) == len(reporting):
            return ""
        return f"({months_text(months, '%b')} only)"

    @section("closing sections")
    def closing(self) -> HTML:
        return HTML(render("contract_closing.html.j2", council=self.council,
                           first_section=self.table_numbers()["section_failures"] + 1,
                           overview=self.narrative.text("Performance overview"),
                           projects=self.narrative.text("IT projects"), conclusion=self.narrative.text("Conclusion")))

    @section("Appendix A")
    def appendix_a(self) -> HTML:
        areas = []
        for n, area in enumerate(self.contract.service_areas, start=1):
            notes = Footnotes()
            rows = []
            for kpi in self.scorecard.area_kpis(area.code):
                with building("Appendix A", kpi.id):
                    rows.append(self._appendix_row(kpi, notes))
            areas.append({"n": n, "area": area, "rows": rows, "notes": notes.notes})
        return HTML(render("contract_appendix_a.html.j2", areas=areas, months=self.scorecard.months, label=self.label,
                           heads=self.heads(self.scorecard.months)))

    def _appendix_row(self, kpi: ContractKpi, notes: Footnotes) -> dict:
        cells = self.scorecard.cells[kpi.id]
        if not kpi.in_use:
            return {"kpi": kpi, "not_in_use": True}
        level = kpi.levels_at(self.month)
        level_marks: list[int] = []
        # Levels that changed value within the window: each month was scored on its own levels.
        for before, after in zip(kpi.levels, kpi.levels[1:]):
            if cells[0].month < after.start <= self.month and (before.tsl, before.msl) != (after.tsl, after.msl):
                text = (f"{kpi.id}: TSL and MSL were {before.tsl} and {before.msl} until "
                        f"{(after.start - 1).label(self.label)}, and {after.tsl} and {after.msl} from "
                        f"{after.start.label(self.label)}; each month is scored on the levels in force then")
                notes.add(text + (f" ({after.note})." if after.note else "."), [("levels", kpi.id)])
        future = [lv for lv in kpi.levels if lv.start > self.month]
        if future:
            steps = "; ".join(f"{lv.tsl} and {lv.msl} from {lv.start.label(self.label)}" for lv in future)
            notes.add(f"{kpi.id}: TSL and MSL rise over time: {steps}.", [("levels", kpi.id)])
        if kpi.normal_levels:
            now = level.note if level and level.note else "reduced levels in force"
            notes.add(f"{kpi.id}: {now}; normal levels: {kpi.normal_levels}.", [("levels", kpi.id)])
        level_marks = notes.marks.get(("levels", kpi.id), [])
        shown = []
        for cell in cells:
            marks = []
            if cell.escalation is not None:
                esc = cell.escalation
                text = (self.amendment_text(cell) if esc.state == "amended" else
                        "in escalation" + (f" ({esc.reason.rstrip('.')})" if esc.reason else "") + "; provisional.")
                notes.add(f"{kpi.id}, {cell.month.label(self.label)}: {text}", [(kpi.id, cell.month)])
                marks = notes.marks[(kpi.id, cell.month)]
            shown.append({"cell": cell, "marks": marks, "words": self._cell_words(kpi, cell)})
        return {"kpi": kpi, "not_in_use": False, "level": level, "level_marks": level_marks, "cells": shown}

    def _cell_words(self, kpi: ContractKpi, cell: ContractCell) -> dict:
        value = self._figure(kpi, cell.value)
        if not cell.counted:
            first = kpi.first_use.label(self.label) if kpi.first_use else ""
            return {"value": "", "status": f"New KPI – first use in {first}" if first else "Not measured", "letter": "–"}
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
        return HTML(render("contract_appendix_b.html.j2", outcomes=self.outcomes, provider=self.contract.provider))

    @section("Appendix C")
    def appendix_c(self) -> HTML:
        if not self.payroll:
            return HTML("")
        shown = [p for p in self.payroll if p.month <= self.month][-12:]
        return HTML(render("contract_appendix_c.html.j2", provider=self.contract.provider,
                           table=self.payroll_table(None, 12), first=shown[0].month, last=shown[-1].month,
                           flagged=[p for p in shown if p.data_quality], label=self.label))

    def quality_rows(self) -> list[dict]:
        rows = [{"kpi": kpi_id, "month": c.month.label(self.label), "text": c.data_quality}
                for kpi_id, cells in self.scorecard.cells.items() for c in cells if c.data_quality]
        shown = [p for p in self.payroll if p.month <= self.month][-12:]
        rows += [{"kpi": "Payroll contacts", "month": p.month.label(self.label), "text": "; ".join(p.data_quality)}
                 for p in shown if p.data_quality]
        return rows

    @section("officer contact")
    def contacts(self) -> HTML:
        return HTML(render("contract_contacts.html.j2", council=self.council))
