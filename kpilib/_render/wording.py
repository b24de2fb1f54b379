"""Facts into words: formatted figures and the factual sentences used in drafts, alt text and summaries."""

from __future__ import annotations

from decimal import Decimal

from .._inputs.indicators import Indicator
from .._inputs.months import Month
from .._scoring.rag import Rag
from .._scoring.scorecard import Row
from .._scoring.trend import Projection


def format_value(indicator: Indicator, value: Decimal | None) -> str:
    """'21.6%', '27,760', '0.8': the indicator's unit and decimals; '' for no value."""
    if value is None:
        return ""
    text = f"{value:,.{indicator.decimals}f}"
    return text + "%" if indicator.unit == "percent" else text


def plain(number: Decimal) -> str:
    """A decimal without trailing zeros or exponent: 30, 22.5, 1000 (normalize() alone gives 3E+1)."""
    return format(Decimal(number).normalize(), "f")


def percent(fraction: Decimal) -> str:
    """0.05 -> '5', 0.125 -> '12.5': a fraction as a percentage without trailing zeros."""
    return plain(fraction * 100)


def period_phrase(months: list) -> str:
    """The months shown, in words: 'February 2019' alone, or 'the 13 months to February 2019'."""
    if len(months) == 1:
        return months[0].long
    return f"the {len(months)} months to {months[-1].long}"


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """'1 KPI', '2 KPIs', '1 was', '0 were': a count and the word that agrees with it."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def month_span(first: Month, last: Month, joiner: str = " to ") -> str:
    """'March 2024', 'January to March 2024', 'December 2023 to February 2024': the year is named
    once when both months share it, and for each month when the span crosses a year."""
    if first == last:
        return last.long
    start = first.label("%B") if first.year == last.year else first.long
    return f"{start}{joiner}{last.long}"


def month_ranges(months: list[Month], fmt: str) -> str:
    """'Mar-23 to May-23, Feb-24': months in order, consecutive ones joined into a range, so a
    list with gaps is never printed as one span."""
    runs: list[list[Month]] = []
    for month in months:
        if runs and month - runs[-1][-1] == 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return ", ".join(r[0].label(fmt) if len(r) == 1 else f"{r[0].label(fmt)} to {r[-1].label(fmt)}" for r in runs)


def movement_run(values: list[Decimal | None]) -> tuple[str, int]:
    """('fallen'|'risen'|'unchanged', n): how the series moved over its last n periods in a row."""
    run, way = 0, "unchanged"
    for i in range(len(values) - 1, 0, -1):
        a, b = values[i - 1], values[i]
        if a is None or b is None:
            break
        step = "risen" if b > a else "fallen" if b < a else "unchanged"
        if run and step != way:
            break
        way, run = step, run + 1
    return way, run


def movement_clause(row: Row) -> str:
    """'it has fallen for 5 months running' / 'up from 8.6% in January 2019' for the assessed period."""
    if row.assessed is None:
        return ""
    values = [c.value for c in row.cells if c.month <= row.assessed.month]
    way, run = movement_run(values)
    if run == 0:
        return ""
    if run >= 2 and way != "unchanged":
        return f"it has {way} for {run} months running"
    previous = next(c for c in reversed(row.cells) if c.month < row.assessed.month)
    prev_text = f"{format_value(row.indicator, previous.value)} in {previous.month.long}"
    if way == "unchanged":
        return f"unchanged from {prev_text}"
    return f"{'up' if way == 'risen' else 'down'} from {prev_text}"


def fact_sentence(row: Row) -> str:
    """One factual sentence on the indicator's latest figure, its RAG and its recent movement.

    The title leads, followed by a colon, so the sentence reads for any title (plural or not);
    a figure flagged by the data-quality checks says so, since its RAG rests on it."""
    ind, current = row.indicator, row.current
    if row.assessed is None:
        return f"{ind.title}: no figure has been reported in the period shown."
    cell = row.assessed
    figure = f"{format_value(ind, cell.value)} in {cell.month.long}"
    if cell.target is not None:
        figure += f", against a target of {format_value(ind, cell.target)} ({cell.rag.words})"
    else:
        figure += " (no target published)"
    if cell is current:
        sentence = f"{ind.title}: {figure}"
    else:
        sentence = (
            f"{ind.title}: {current.month.long} data {'will become available later' if current.rag is Rag.AWAITED else 'is not expected'}; "
            f"the latest figure was {figure}"
        )
    clause = movement_clause(row)
    sentence = f"{sentence}; {clause}." if clause else f"{sentence}."
    if cell.data_quality:
        sentence += f" This figure is flagged for checking: {cell.data_quality}."
    return sentence


def rag_count_sentence(counts: dict, total: int) -> str:
    """'Of the 8 indicators: 4 green, 1 amber, 1 red, 2 awaiting data.'"""
    order = [
        Rag.GREEN,
        Rag.AMBER,
        Rag.RED,
        Rag.MITIGATED,
        Rag.AWAITED,
        Rag.NOT_EXPECTED,
        Rag.DATA_ONLY,
        Rag.NOT_MEASURED,
    ]
    names = {
        Rag.AWAITED: "awaiting data",
        Rag.NOT_EXPECTED: "with no data expected",
        Rag.DATA_ONLY: "with no target",
        Rag.NOT_MEASURED: "not measured",
    }
    parts = [f"{counts[r]} {names.get(r, r.value)}" for r in order if counts.get(r)]
    return ("Of the 1 indicator: " if total == 1 else f"Of the {total} indicators: ") + ", ".join(parts) + "."


def projection_outlook(projection: Projection) -> str:
    """Where a green KPI's fitted trend stands against its TSL, true at the last fitted month."""
    if projection.worse_since == projection.first:
        return "its fitted trend is worse than its TSL throughout the months fitted"
    if projection.worse_since is not None:
        return f"its fitted trend has been worse than its TSL since {projection.worse_since.long}"
    if projection.crossing is not None:
        return f"projected to be worse than its TSL from {projection.crossing.long}"
    return "not projected to be worse than its TSL"


def _and(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def latest_figures_note(rows: list[Row], month: Month) -> str:
    """'No February 2019 figure yet for 320 and 323; their latest figures, for January 2019, are
    rated red and green respectively.': the RAG behind each count of awaited indicators, or ''."""
    older = [r for r in rows if r.assessed is not None and r.assessed is not r.current]
    if not older:
        return ""
    one = len(older) == 1
    months = {r.assessed.month for r in older}
    letters = [r.assessed.rag.words for r in older]
    if len(months) == 1:
        rated = f", for {older[0].assessed.month.long}, {'is' if one else 'are'} rated {_and(letters)}"
    else:
        rated = " are rated " + _and([f"{r.assessed.rag.words} ({r.assessed.month.long})" for r in older])
    return (
        f"No {month.long} figure yet for {_and([r.indicator.id for r in older])}; "
        f"{'its latest figure' if one else 'their latest figures'}{rated}{'' if one else ' respectively'}."
    )
