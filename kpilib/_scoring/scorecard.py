"""The scored dashboard: every indicator across the report's window of months, with exceptions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .._inputs.actuals import Actuals
from .._inputs.indicators import Indicator
from .._inputs.indicators import VitalSignsCouncil as Council
from .._inputs.months import Month, window
from .._inputs.numbers import Figure
from .criteria import BUDGET, CORPORATE_RISK, computed_criteria, travel
from .quality import joined, ratio_disagreement, series_flags
from .rag import Rag, relative_tolerance_rag

STATUS_RAG = {"awaited": Rag.AWAITED, "not_expected": Rag.NOT_EXPECTED}


@dataclass(frozen=True)
class Cell:
    """One indicator in one month, scored."""

    month: Month
    figure: Figure | None
    numerator: Figure | None
    denominator: Figure | None
    target: Decimal | None
    rag: Rag
    data_quality: str = ""
    note: str = ""

    @property
    def value(self) -> Decimal | None:
        """The figure as a number, or None when there is none."""
        return self.figure.value if self.figure else None


@dataclass
class Row:
    """One indicator across the window, with the assessment of its latest reported period."""

    indicator: Indicator
    cells: list[Cell]
    assessed: Cell | None = None  # latest cell with a value, up to the report month
    travel: str | None = None  # against the period before `assessed`
    criteria: list[str] = field(default_factory=list)

    @property
    def current(self) -> Cell:
        """The report month's cell."""
        return self.cells[-1]

    @property
    def is_exception(self) -> bool:
        """Whether the indicator meets an exception criterion this month."""
        return bool(self.criteria)


@dataclass
class Scorecard:
    """Every indicator of a vital-signs council scored over the paper's window."""

    council: Council
    month: Month
    months: list[Month]
    rows: list[Row]

    def counts(self) -> Counter:
        """Indicators by RAG in the report month."""
        return Counter(row.current.rag for row in self.rows)

    def row(self, kpi_id: str) -> Row:
        """The row of indicator `kpi_id`."""
        return next(r for r in self.rows if r.indicator.id == kpi_id)


def score_cell(indicator: Indicator, month: Month, actuals: Actuals, amber_within: Decimal) -> Cell:
    """Score one indicator-month from its observation (a missing row counts as not measured)."""
    target = indicator.target_at(month)
    obs = actuals.get((indicator.id, month))
    if obs is None:
        return Cell(month, None, None, None, target, Rag.NOT_MEASURED)
    if obs.value is None:
        return Cell(month, None, None, None, target, STATUS_RAG[obs.status], note=obs.note)
    if target is None:
        rag = Rag.DATA_ONLY
    else:
        rag = relative_tolerance_rag(obs.value.value, target, indicator.direction, amber_within)
    quality = ""
    if obs.numerator and obs.denominator:
        percent = indicator.unit == "percent"
        quality = (
            ratio_disagreement(
                obs.value, obs.numerator, obs.denominator, Decimal(100 if percent else 1), "%" if percent else ""
            )
            or ""
        )
    return Cell(month, obs.value, obs.numerator, obs.denominator, target, rag, quality, obs.note)


def build_scorecard(
    council: Council, actuals: Actuals, month: Month, flagged: dict[str, set[str]] | None = None
) -> Scorecard:
    """Score every indicator over the council's window ending at `month`, from its first month of data.

    `flagged` maps a KPI id to the criteria an analyst set in the narrative (budget, corporate
    risk), which cannot be computed from the figures.
    """
    # A council with less history than the window shows only its months, not empty columns.
    first = min((m for (_, m) in actuals), default=month)
    months = [m for m in window(month, council.window) if m >= min(first, month)]
    rows = []
    for indicator in council.indicators.values():
        cells = [score_cell(indicator, m, actuals, council.amber_within) for m in months]
        flags = series_flags([c.value for c in cells], indicator.unit, indicator.decimals)
        cells = [replace(c, data_quality=joined(c.data_quality, f)) if f else c for c, f in zip(cells, flags)]
        row = Row(indicator, cells)
        reported = [i for i, c in enumerate(cells) if c.figure is not None]
        if reported:
            last = reported[-1]
            row.assessed = cells[last]
            previous = cells[last - 1].value if last > 0 else None
            row.travel = travel(previous, cells[last].value, indicator.direction)
            row.criteria = computed_criteria(
                [c.value for c in cells[: last + 1]],
                [c.rag for c in cells[: last + 1]],
                cells[last].target,
                indicator.direction,
                council.exception_variance,
                council.exception_run,
            )
        for criterion in (BUDGET, CORPORATE_RISK):
            if criterion in (flagged or {}).get(indicator.id, set()):
                row.criteria.append(criterion)
        rows.append(row)
    return Scorecard(council, month, months, rows)
