"""The vital-signs paper's dashboard and report cards: every indicator's months, RAG cells and notes."""

from __future__ import annotations

from ..._render import charts
from ..._render.chart_text import row_data
from ..._render.html import HTML, render
from ..._render.wording import fact_sentence, format_value, percent, period_phrase
from ..._scoring.criteria import CRITERIA_WORDS
from ..._scoring.rag import Rag
from ..base import building, section

TRAVEL_WORDS = {"improved": "▲ Improved", "deteriorated": "▼ Deteriorated", "unchanged": "● No change"}


class VitalSignsCards:
    """Mixin of VitalSignsPaper: the dashboard and the report cards."""

    @section("dashboard")
    def dashboard(self) -> HTML:
        """Section: the dashboard, every indicator's months as RAG cells with their notes."""
        notes, lines = [], []
        label = self.council.month_label
        for row in self.scorecard.rows:
            with building("dashboard", row.indicator.id):
                ind, cells = row.indicator, []
                for cell in row.cells:
                    refs = []
                    for text, flag in ((cell.data_quality, True), (cell.note, False)):
                        if text:
                            notes.append(
                                {
                                    "number": len(notes) + 1,
                                    "flag": flag,
                                    "text": text,
                                    "where": f"{ind.id}, {cell.month.label(label)}",
                                }
                            )
                            refs.append({"number": len(notes), "flag": flag})
                    ratio = f"{cell.numerator.text} / {cell.denominator.text}" if cell.numerator else ""
                    cells.append(
                        {
                            "rag": cell.rag.value,
                            "letter": cell.rag.letter,
                            "notes": refs,
                            "value": format_value(ind, cell.value),
                            "ratio": ratio,
                            "title": f"{ind.id} {cell.month.label(label)}: {cell.rag.words}",
                        }
                    )
                assessed = row.assessed
                since = ""
                if assessed is not None and assessed is not row.current and row.travel:
                    since = assessed.month.label(label)  # latest figure is older than the report month
                lines.append(
                    {
                        "row": row,
                        "cells": cells,
                        "target": format_value(ind, assessed.target if assessed else row.current.target),
                        "travel": TRAVEL_WORDS.get(row.travel, "–"),
                        "since": since,
                        "travel_class": row.travel or "none",
                    }
                )
        return HTML(
            render(
                "dashboard.html.j2",
                council=self.council,
                months=self.scorecard.months,
                lines=lines,
                notes=notes,
                amber_percent=percent(self.council.amber_within),
                criteria_words=list(self._criteria_words().values()),
            )
        )

    def _criteria_words(self) -> dict[str, str]:
        """Each exception criterion in words, with the council's variance and run length."""
        variance = f"{percent(self.council.exception_variance)}%"
        return {
            key: text.format(variance=variance, run=self.council.exception_run) for key, text in CRITERIA_WORDS.items()
        }

    def _card_rows(self) -> list:
        """Rows with a card this month, in the council's report_card_order (then catalogue order)."""
        rows = [r for r in self.scorecard.rows if self.council.report_cards == "all" or r.is_exception]
        order = self.council.report_card_order
        return sorted(rows, key=lambda r: order.index(r.indicator.id) if r.indicator.id in order else len(order))

    @section("report cards")
    def report_cards(self) -> HTML:
        """Section: a report card with chart and commentary for each indicator shown."""
        rows = self._card_rows()
        cards, words = [], self._criteria_words()
        for row in rows:
            with building("report cards", row.indicator.id):
                kpi = row.indicator.id
                # An exception must be explained; a card shown only on request need not be.
                missing = "Commentary to follow." if row.is_exception else "No commentary this month."
                rag = row.assessed.rag if row.assessed else row.current.rag
                cards.append(
                    {
                        "row": row,
                        "rag": rag.value,
                        "rag_words": f"{rag.letter} · {rag.words}",
                        "fact": fact_sentence(row),
                        "criteria": [words[c] for c in row.criteria],
                        "no_target": any(c.rag is Rag.DATA_ONLY for c in row.cells),
                        # No figure in the window: no chart (the status line already says so).
                        "chart": charts.chart_img(row, self.council.month_label) if row.assessed else None,
                        "chart_data": row_data(row, self.council.month_label) if row.assessed else None,
                        "background": self.commentary((kpi, "Background"), missing),
                        "action": self.commentary((kpi, "Action required"), missing),
                        "extra": [
                            (s, self.narrative.text((kpi, s)))
                            for s in ("Budget impact", "Corporate risk")
                            if self.narrative.text((kpi, s))
                        ],
                    }
                )
        return HTML(
            render(
                "report_cards.html.j2",
                council=self.council,
                month=self.month,
                cards=cards,
                period=period_phrase(self.scorecard.months),
                images=self.narrative.images,
            )
        )
