"""The contract-KPI committee paper (Lincolnshire's layout): summary tables computed from the
detailed results, failures and mitigation tables, and the appendices."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..._inputs.actuals import Actuals
from ..._inputs.contract_council import ContractCouncil, contract_kind
from ..._inputs.contract_schema import SCHEMA as CONTRACT_SCHEMA_SCHEMA
from ..._inputs.loaded import ContractInputs, read_contract
from ..._inputs.months import Month
from ..._inputs.narrative import Narrative
from ..._inputs.payroll import PayrollMonth
from ..._render.wording import counted, month_span
from ..._scoring.contract_scorecard import ContractScorecard, build_contract_scorecard
from ..._scoring.rag import Rag
from ..base import PaperBase
from ..narrative_draft import GUIDE
from ..registry import PaperType
from ..scores import contract_scores_csv
from .abatement import ContractAbatement
from .appendices import EXTRA_APPENDIX, EXTRA_APPENDIX_TITLE, PAYROLL_NOTE, ContractAppendices
from .closing import ContractClosing
from .sections import ContractSections
from .tables import ContractTables

# Per-KPI narrative sections. Impact and Path to green (the 2020 papers' columns) go in whichever of
# the failures and mitigation tables the KPI is in; each table shows those columns when a row has text.
SECTIONS = ("Effect on the council", "Estimated resolution", "Mitigation reason", "Impact", "Path to green")


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
class ContractPaper(
    ContractSections, ContractTables, ContractAbatement, ContractClosing, ContractAppendices, PaperBase
):
    """A contract-KPI paper, scored from its inputs; each section method returns HTML."""

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
        """The contract the paper reports on."""
        return self.council.contract

    @property
    def label(self) -> str:
        """The council's strftime format for month labels."""
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
        """The reporting months in words, for the summary."""
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
        """The scores export: one row per KPI and month shown."""
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


PAPER_TYPE = PaperType(
    name="contract",
    kind=contract_kind,
    schema=CONTRACT_SCHEMA_SCHEMA,
    inputs=ContractInputs,
    read=read_contract,
    headings=lambda council: (paper_slots(council), SECTIONS),
    paper=ContractPaper.from_inputs,
)
