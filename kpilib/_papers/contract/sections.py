"""The contract paper's opening sections: header, summary, performance, trend analysis and the service areas."""

from __future__ import annotations

from ..._render import charts
from ..._render.chart_text import chart_data
from ..._render.html import HTML, render
from ..._render.wording import plain, projection_outlook
from ..._scoring.trend import slope_text
from ..base import building, section


class ContractSections:
    """Mixin of ContractPaper: the sections from the header to the service areas."""

    @section("header")
    def header(self) -> HTML:
        """Section: the paper's header (committee, meeting, contract)."""
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
        """Section: the summary and background."""
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
        """Section: performance overall, with Table 1."""
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
                t["chart_data"] = chart_data(
                    f"{t['kpi'].id}: the results in the chart",
                    ["Month", "Result", "Status", "Fitted trend"],
                    [
                        (c.month.label(self.label), plain(c.value), c.rag.words, f"{t['projection'].at(c.month):.2f}")
                        for c in t["cells"]
                    ],
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
        """Section: one part per service area, with its table and commentary."""
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
