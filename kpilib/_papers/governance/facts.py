"""The governance report's figures: customer feedback by service and month, and KPI figures when the
council supplies them, as Facts a narrative may cite or type (see _papers/figures.py)."""

from __future__ import annotations

import re
from decimal import Decimal

from ..._inputs.feedback import Feedback
from ..._inputs.months import Month
from ..._render.wording import format_value
from ..._scoring.scorecard import Scorecard
from ..figures import Fact

MEASURES = {"compliments": ("compliments", "compliment"), "complaints": ("complaints", "complaint")}


def feedback_rows(feedback: list[Feedback], service: str, month: Month) -> tuple[Feedback | None, list[Feedback]]:
    """The service's row for the whole period (the latest, if several) and its one-month rows, up to `month`."""
    shown = [r for r in feedback if r.service == service and r.end <= month]
    whole = [r for r in shown if not r.monthly]
    return (whole[-1] if whole else None), sorted((r for r in shown if r.monthly), key=lambda r: r.start)


def feedback_facts(feedback: list[Feedback], services: list[str], month: Month) -> list[Fact]:
    """Each service's compliments and complaints, for the period and for each month the data gives."""
    found = []
    for service in services:
        whole, months = feedback_rows(feedback, service, month)
        names = (service, service.split()[0]) if " " in service else (service,)
        for row in ([whole] if whole else []) + months:
            for measure, nouns in MEASURES.items():
                count = getattr(row, measure)
                found.append(
                    Fact(
                        "feedback",
                        service,
                        measure,
                        None if row is whole else row.start,
                        None if count is None else Decimal(count),
                        "not given" if count is None else f"{count:,}",
                        nouns=nouns,
                        names=names,
                        source=f"feedback.csv line {row.line}",
                    )
                )
    return found


def kpi_facts(scorecard: Scorecard | None, month: Month) -> list[Fact]:
    """Each KPI's figure in the report month, named in sentences by the words of its title."""
    facts = []
    for row in scorecard.rows if scorecard else []:
        ind, cell = row.indicator, row.current
        stems = tuple(w[:5] for w in re.findall(r"[a-z-]+", ind.title.lower()) if len(w) > 3)
        facts.append(
            Fact(
                "kpi",
                ind.id,
                "value",
                None,
                cell.value,
                format_value(ind, cell.value),
                unit="percent" if ind.unit == "percent" else "count",
                names=stems,
                source=f"actuals.csv, {ind.id} {month}",
            )
        )
    return facts


def kpi_rows(scorecard: Scorecard | None) -> list[dict]:
    """The KPI table's rows: target, the report month's figure and its status."""
    return [
        {
            "id": row.indicator.id,
            "title": row.indicator.title,
            "target": format_value(row.indicator, row.current.target),
            "value": format_value(row.indicator, row.current.value),
            "rag": row.current.rag,
        }
        for row in (scorecard.rows if scorecard else [])
    ]
