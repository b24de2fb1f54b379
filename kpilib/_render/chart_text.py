"""What a chart says, for readers who cannot see it: alt text sentences about the series' extremes,
failures and breaks, worked out from the data, and the chart's figures as a table behind a disclosure."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from markupsafe import Markup, escape

from .._inputs.status import Rag
from .._scoring.scorecard import Row
from .wording import format_value, movement_clause

FAILING = (Rag.RED, Rag.AMBER)


def listed(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def series_story(points: Sequence[tuple[str, object, Rag | None]], show: Callable[[object], str]) -> str:
    """Sentences on a month series: its highest and lowest figures, the months that failed, and any
    months without a figure between the first and the last, e.g. 'Highest 98.1% (Jan 18), lowest
    71.2% (Jun 18). Red in Jun 18. No figure for Aug 18.' ('' for fewer than two figures)."""
    figures = [(label, value) for label, value, _ in points if value is not None]
    if len(figures) < 2:
        return ""
    high = max(figures, key=lambda f: f[1])  # the first month of a tie: the one a reader meets first
    low = min(figures, key=lambda f: f[1])
    parts = [f"Highest {show(high[1])} ({high[0]}), lowest {show(low[1])} ({low[0]})."]
    for rag in FAILING:
        months = [label for label, value, status in points if status is rag]
        if months:
            parts.append(f"{rag.words.capitalize()} in {listed(months)}.")
    labels = [label for label, _, _ in points]
    first = labels.index(figures[0][0])
    last = labels.index(figures[-1][0])
    gaps = [label for label, value, _ in points[first : last + 1] if value is None]
    if gaps:
        parts.append(f"No figure for {listed(gaps)}: the line breaks there.")
    return " ".join(parts)


def chart_data(caption: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Markup:
    """The chart's figures as a table in a closed <details>: the first column heads each row."""
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in columns)
    body = "".join(
        f'<tr><th scope="row">{escape(row[0])}</th>' + "".join(f"<td>{escape(v)}</td>" for v in row[1:]) + "</tr>"
        for row in rows
    )
    return Markup(
        f'<details class="chart-data"><summary>The figures in this chart</summary>'
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f"</details>"
    )


def alt_text(row: Row, label_format: str) -> str:
    """Alt text stating the trend: range shown, first and latest values, target and movement, then the
    highest and lowest figures, the months that failed and any break in the line."""
    ind = row.indicator
    points = [c for c in row.cells if c.value is not None]
    if not points:
        return f"{ind.title}: no figures reported from {row.cells[0].month.label(label_format)} to {row.cells[-1].month.label(label_format)}."
    first, last = points[0], points[-1]
    if first is last:  # one figure: no range and no movement to describe
        text = f"Chart of {ind.title}, {last.month.label(label_format)} only: {format_value(ind, last.value)}"
    else:
        text = (
            f"Line chart of {ind.title}, {first.month.label(label_format)} to {last.month.label(label_format)}: "
            f"from {format_value(ind, first.value)} to {format_value(ind, last.value)}"
        )
    if last.target is not None:
        text += f" against a target of {format_value(ind, last.target)} ({last.rag.words})"
    clause = movement_clause(row)
    text = f"{text}; {clause}." if clause else f"{text}."
    story = series_story(
        [(c.month.label(label_format), c.value, c.rag) for c in row.cells], lambda v: format_value(ind, v)
    )
    return f"{text} {story}" if story else text


def row_data(row: Row, label_format: str) -> Markup:
    """A report card's chart as a table: each month's figure, target and status."""
    ind = row.indicator
    return chart_data(
        f"{ind.title}: the figures in the chart",
        ["Month", "Figure", "Target", "Status"],
        [
            (
                c.month.label(label_format),
                format_value(ind, c.value) or "none",
                format_value(ind, c.target) or "none",
                c.rag.words,
            )
            for c in row.cells
        ],
    )
