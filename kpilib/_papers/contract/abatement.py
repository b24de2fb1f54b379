"""The contract paper's abatement section (Table 1b): points and service credits where the contract
publishes each KPI's points; otherwise what the results support, the failing KPIs of each month
with the multiplier their run of failures attracts. One code path for both, as a mixin of ContractPaper."""

from __future__ import annotations

from decimal import Decimal

from ..._inputs.months import Month
from ..._render import charts
from ..._render.chart_text import chart_data
from ..._render.html import HTML, render
from ..._render.wording import plain
from ..._scoring.rag import Rag
from ..base import section


class ContractAbatement:
    """Table 1b of ContractPaper (which supplies council, contract, scorecard, label and heads)."""

    @section("abatement points and service credits")
    def abatement(self) -> HTML:
        """Table 1b and the scheme it follows; nothing when the contract has no abatement rules."""
        card, rules = self.scorecard, self.contract.abatement
        if rules is None or not card.runs:
            return HTML("")
        known = bool(card.abatement)  # every figure below in points, or only runs and multipliers
        history = card.history_months
        start = history.index(card.months[0])
        rows = []
        for kpi_id, entries in card.runs.items():
            shown = entries[start:]
            if not any(a.run or a.relieved for a in shown):
                continue
            rows.append(
                {
                    "kpi": card.council.indicators[kpi_id],
                    "cells": [
                        {
                            "points": a.points,
                            "relieved": a.relieved,
                            "run": a.run,
                            "multiplier": a.multiplier,
                            "mitigated": card.cells[kpi_id][i].rag is Rag.MITIGATED,
                            "credit": card.kpi_credits.get((kpi_id, a.month)) if known and rules.has_credits else None,
                        }
                        for i, a in enumerate(shown)
                    ],
                }
            )
        failing = [
            [a for entries in card.runs.values() if (a := entries[start + i]).run] for i in range(len(card.months))
        ]
        totals = [{"failing": len(f), "weighted": sum((a.multiplier for a in f), Decimal(0))} for f in failing]
        multipliers = ", ".join(f"x{plain(m)}" for m in rules.multipliers)
        fractions = fractions_text(rules.fractions)
        chart = (
            charts.points_chart_img([c.month for c in card.credits], [c.points for c in card.credits], self.label)
            if known
            else ""
        )
        figures = chart_data(
            "Total abatement points per month",
            ["Month", "Points"],
            [(c.month.label(self.label), plain(c.points)) for c in card.credits],
        )
        exceptions = [(card.council.indicators.get(kpi_id), kpi_id, points) for kpi_id, points in rules.points_except]
        return HTML(
            render(
                "contract_abatement.html.j2",
                paper=self,
                rules=rules,
                rows=rows,
                known=known,
                heads=self.heads(card.months),
                credits=card.credits[start:],
                totals=totals,
                chart=chart,
                figures=figures,
                multipliers=multipliers,
                fractions=fractions,
                since=history[0],
                exceptions=exceptions,
                before_data=history[0] > self.contract.commencement,
                escalated=self._open_escalations_by_month({row["kpi"].id for row in rows}),
            )
        )

    def _open_escalations_by_month(self, shown: set[str]) -> list[tuple[Month, list[str]]]:
        """Months of the window with KPIs of the table (`shown`) still in escalation, and those KPIs;
        a KPI in escalation that did not fail is not in the table, so its outcome cannot change it."""
        found: dict[Month, list[str]] = {}
        for kpi_id, cells in self.scorecard.cells.items():
            for cell in cells:
                if cell.provisional and kpi_id in shown:
                    found.setdefault(cell.month, []).append(kpi_id)
        return sorted(found.items())


def fractions_text(fractions: dict[Rag, Decimal]) -> str:
    """How much of a KPI's points a failing month attracts, in words: 'attracts all the KPI's points
    (only a red month counts as failing)', or each failing outcome's share."""
    failing = {rag: share for rag, share in fractions.items() if share > 0}
    if failing == {Rag.RED: Decimal(1)}:
        return "a red month (below the MSL) attracts all the KPI's points; an amber month attracts none"
    shares = "; ".join(
        f"{rag.words}: {'all' if share == 1 else plain(share * 100) + '%'} of the points"
        for rag, share in failing.items()
    )
    return f"a failing month attracts a share of the KPI's points ({shares})"
