"""Exception-reporting criteria and direction of travel, computed from a series of scored months."""

from __future__ import annotations

from decimal import Decimal

from .rag import Rag, relative_variance, shortfall

OFF_TARGET = "off_target"
DETERIORATING = "deteriorating"
PERSISTENT_AMBER = "persistent_amber"
BUDGET = "budget"
CORPORATE_RISK = "corporate_risk"

CRITERIA_WORDS = {
    OFF_TARGET: "performance is off target (red, or {variance} or more worse than target)",
    DETERIORATING: "performance has deteriorated for {run} consecutive periods",
    PERSISTENT_AMBER: "performance has been amber for {run} periods running",
    BUDGET: "performance is adversely affecting the council's ability to achieve its budget",
    CORPORATE_RISK: "performance is adversely affecting one of the council's corporate risks",
}


def travel(previous: Decimal | None, current: Decimal | None, direction: str) -> str | None:
    """'improved', 'deteriorated' or 'unchanged' against the previous period; None without both values."""
    if previous is None or current is None:
        return None
    worse_by = shortfall(current, previous, direction)
    if worse_by > 0:
        return "deteriorated"
    if worse_by < 0:
        return "improved"
    return "unchanged"


def deterioration_run(values: list[Decimal | None], direction: str) -> int:
    """How many consecutive periods, ending with the last, each got worse than the one before."""
    run = 0
    for i in range(len(values) - 1, 0, -1):
        if travel(values[i - 1], values[i], direction) != "deteriorated":
            break
        run += 1
    return run


def rag_run(rags: list[Rag], rag: Rag) -> int:
    """How many consecutive periods, ending with the last, had this RAG."""
    run = 0
    for item in reversed(rags):
        if item is not rag:
            break
        run += 1
    return run


def computed_criteria(
    values: list[Decimal | None], rags: list[Rag], target: Decimal | None, direction: str, variance: Decimal, run: int
) -> list[str]:
    """Criteria met by the last period of the series (values and rags aligned, oldest first).

    Off target: red, or worse than target by `variance` (relative) or more. Deteriorating: worse
    than the period before for `run` periods in a row. Persistent amber: amber for `run` periods.
    """
    met = []
    last_value, last_rag = values[-1], rags[-1]
    off = last_rag is Rag.RED
    if not off and last_value is not None and target is not None:
        off = relative_variance(last_value, target, direction) >= variance
    if off:
        met.append(OFF_TARGET)
    if deterioration_run(values, direction) >= run:
        met.append(DETERIORATING)
    if rag_run(rags, Rag.AMBER) >= run:
        met.append(PERSISTENT_AMBER)
    return met


# Narrative sections whose text, when written, means the analyst says the exception criterion is met.
CRITERION_SECTIONS = {"Budget impact": BUDGET, "Corporate risk": CORPORATE_RISK}


def flagged_criteria(narrative) -> dict[str, set[str]]:
    """KPI id -> exception criteria the analyst set by writing a budget or corporate-risk section."""
    flagged: dict[str, set[str]] = {}
    for section, criterion in CRITERION_SECTIONS.items():
        for kpi_id in narrative.written_sections(section):
            flagged.setdefault(kpi_id, set()).add(criterion)
    return flagged
