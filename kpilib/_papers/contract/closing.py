"""The contract paper's closing part: the failures and mitigation tables (Tables 8 and 9), the
closing sections (overview, IT projects, conclusion, consultation, appendices, background papers)
and the officer contact, as a mixin of ContractPaper."""

from __future__ import annotations

from ..._inputs.catalogue import ContractKpi
from ..._inputs.months import Month
from ..._render.html import HTML, render
from ..._render.wording import month_span
from ..base import section


def months_text(months: list[Month], fmt: str = "%B") -> str:
    """'June', 'June and July', 'June, July and August'."""
    names = [m.label(fmt) for m in months]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class ContractClosing:
    """Closing sections of ContractPaper (which supplies council, scorecard, narrative and the appendix list)."""

    @section("failures and mitigation tables")
    def failures_and_mitigation(self) -> HTML:
        """Section: the KPIs that failed and those with mitigation agreed, with their commentary."""
        numbers = self.table_numbers()
        reporting = self.scorecard.reporting_months
        failures = [
            {
                "kpi": k,
                "when": self._when(ms),
                "effect": self.commentary((k.id, "Effect on the council")),
                "resolution": self.commentary((k.id, "Estimated resolution")),
                **self._impact(k),
            }
            for k, ms in self.scorecard.failures()
        ]
        mitigations = [
            {
                "kpi": k,
                "when": f"Mitigation granted for {months_text(ms)}" + (" only" if len(ms) < len(reporting) else ""),
                "reason": self.commentary((k.id, "Mitigation reason")),
                **self._impact(k),
            }
            for k, ms in self.scorecard.mitigations()
        ]
        span = month_span(reporting[0], reporting[-1], " – ")
        return HTML(
            render(
                "contract_exceptions.html.j2",
                numbers=numbers,
                failures=failures,
                mitigations=mitigations,
                span=span,
                failures_detailed=any(f["impact"] or f["path"] for f in failures),
                detailed=any(m["impact"] or m["path"] for m in mitigations),
            )
        )

    def _impact(self, kpi: ContractKpi) -> dict[str, str]:
        return {
            "impact": self.narrative.text((kpi.id, "Impact")),
            "path": self.narrative.text((kpi.id, "Path to green")),
        }

    def _when(self, months: list[Month]) -> str:
        reporting = self.scorecard.reporting_months
        if len(months) == len(reporting):
            return ""
        return f"({months_text(months, '%b')} only)"

    @section("closing sections")
    def closing(self) -> HTML:
        """Section: the closing parts (overview, projects, conclusion, consultation, background papers)."""
        return HTML(
            render(
                "contract_closing.html.j2",
                council=self.council,
                contract=self.contract,
                first_section=self.table_numbers()["section_closing"],
                appendices=self.appendix_list(),
                overview=self.narrative.text("Performance overview"),
                projects=self.narrative.text("IT projects"),
                conclusion=self.narrative.text("Conclusion"),
            )
        )

    @section("officer contact")
    def contacts(self) -> HTML:
        """Section: the officers who wrote the paper."""
        return HTML(render("contract_contacts.html.j2", council=self.council))
