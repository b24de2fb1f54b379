"""Report-card charts: the window's values, the target line and RAG-marked points, as inline SVG."""

from __future__ import annotations

import base64
import functools
import io

from markupsafe import Markup

from .._scoring.rag import Rag
from .._scoring.scorecard import Row
from .chart_text import alt_text, listed, series_story
from .wording import format_value, projection_outlook

# Colours readable on screen and in print; each RAG also has its own marker shape, so the
# chart does not rely on colour alone.
RAG_STYLE = {
    Rag.GREEN: ("#2e7d32", "o"),
    Rag.AMBER: ("#b26500", "s"),
    Rag.RED: ("#c62828", "^"),
    Rag.DATA_ONLY: ("#555555", "D"),
    Rag.MITIGATED: ("#1565c0", "P"),
}

# The y-axis title of a contract KPI's chart, by its unit (kpis.csv).
UNIT_AXIS = {"percent": "Per cent", "count": "Number"}

# Fixed salt and no creation date: the same data always gives byte-identical SVG. Applied
# around each chart only, so importing this module leaves a notebook's own plots alone.
STYLE = {"svg.hashsalt": "kpilib", "svg.fonttype": "none", "font.size": 9, "font.family": "DejaVu Sans"}


def _styled(draw):
    """Run a chart-drawing function inside the house style (matplotlib's rc_context)."""

    @functools.wraps(draw)
    def run(*args, **kwargs):
        import matplotlib  # here, not at the top: a run that draws nothing never pays for it

        with matplotlib.rc_context(STYLE):
            return draw(*args, **kwargs)

    return run


@_styled
def chart_svg(row: Row, label_format: str) -> str:
    """SVG text of the indicator's chart over the window."""
    ind = row.indicator
    labels = [stacked(c.month.label(label_format)) for c in row.cells]
    xs = list(range(len(row.cells)))
    fig, ax = figure(6.4, 2.7)
    values = [float(c.value) if c.value is not None else None for c in row.cells]
    ax.plot(
        [x for x, v in zip(xs, values) if v is not None],
        [v for v in values if v is not None],
        color="#37474f",
        linewidth=1.4,
        zorder=2,
    )
    # One dashed segment per run of months sharing a target (targets are effective-dated).
    # Unclipped: WeasyPrint drops clipped dashed paths.
    for i, (start, end, level) in enumerate(_target_runs(row)):
        ax.hlines(
            float(level),
            start - 0.5,
            end + 0.5,
            colors="#1f1f1f",
            linestyles="--",
            linewidth=1.2,
            zorder=1,
            clip_on=False,
            label="Target" if i == 0 else None,
        )
    for rag in RAG_STYLE:
        pts = [(x, float(c.value)) for x, c in zip(xs, row.cells) if c.rag is rag and c.value is not None]
        if pts:
            _rag_points(ax, pts, rag, 36, rag.words.capitalize())
    ax.set_xticks(xs, labels, rotation=0, fontsize=7)
    ax.set_xlim(-0.5, len(xs) - 0.5)
    low, high = y_range([c.value for c in row.cells] + [c.target for c in row.cells])
    pad = (high - low) * 0.12  # headroom, so a target at the edge of the data is not drawn on the frame
    ax.set_ylim(low - pad, high + pad)
    ax.yaxis.set_major_formatter(lambda v, _pos: format_value(ind, _round(v, ind.decimals)))
    ax.set_axisbelow(True)  # gridlines under the target line, which can sit exactly on one
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=7)
    fig.subplots_adjust(left=0.11, right=0.83, bottom=0.17, top=0.96)  # fixed: tight_layout cost 60 ms a chart
    return _svg(fig)


MIN_SPAN = 0.2  # the y-axis spans at least this share of the largest level shown


def _rag_points(ax, points: list[tuple[float, float]], rag: Rag, size: int, label: str) -> None:
    """Points drawn in their RAG's colour and marker shape, so colour is never the only signal."""
    colour, marker = RAG_STYLE[rag]
    ax.scatter(
        [x for x, _ in points],
        [y for _, y in points],
        color=colour,
        marker=marker,
        s=size,
        zorder=3,
        label=label,
        edgecolors="white",
        linewidths=0.6,
    )


def y_range(levels: list) -> tuple[float, float]:
    """The values' and targets' range, widened downwards to at least MIN_SPAN of the largest, so a
    small move on a high level (6.6 to 6.4 out of 7) is not drawn as a collapse."""
    shown = [float(v) for v in levels if v is not None]
    low, high = min(shown), max(shown)
    need = MIN_SPAN * max(abs(low), abs(high))
    if high - low < need:
        low = high - need  # never below 0 for positive levels: need is at most the level itself
    if high == low:  # a single flat level at 0: any visible band will do
        low, high = low - 1, high + 1
    return low, high


def stacked(label: str) -> str:
    """'Nov 18' as 'Nov' over '18': thirteen one-line labels run into each other at this width."""
    return label.replace(" ", "\n", 1)


def chart_img(row: Row, label_format: str) -> Markup:
    """An <img> tag carrying the chart as an SVG data URI, with its alt text (escaped)."""
    data = base64.b64encode(chart_svg(row, label_format).encode()).decode()
    return Markup('<img class="chart" src="data:image/svg+xml;base64,{}" alt="{}">').format(
        data, alt_text(row, label_format)
    )


def _target_runs(row: Row) -> list[tuple[int, int, object]]:
    """(first index, last index, target) for each run of consecutive months with the same target."""
    runs: list[tuple[int, int, object]] = []
    for i, cell in enumerate(row.cells):
        if cell.target is None:
            continue
        if runs and runs[-1][1] == i - 1 and runs[-1][2] == cell.target:
            runs[-1] = (runs[-1][0], i, cell.target)
        else:
            runs.append((i, i, cell.target))
    return runs


def tick_step(count: int, most: int = 8) -> int:
    """Label every 1st, 2nd, 3rd, 6th, 12th or 24th month (a step that keeps the same months each year),
    the smallest giving at most `most` labels, so that 7-point labels never run together."""
    return next((step for step in (1, 2, 3, 6, 12) if -(-count // step) <= most), 24)


def last_month_ticks(count: int, most: int = 8) -> list[int]:
    """Indices to label on a month axis, counted back from the last month so that the latest
    result, the one a reader looks for, always has its label."""
    return list(range(count - 1, -1, -tick_step(count, most)))[::-1]


def _round(value: float, decimals: int):
    from decimal import Decimal

    return Decimal(str(round(value, max(decimals, 0))))


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


@_styled
def load_fonts() -> None:
    """Draw and discard a blank chart: matplotlib's SVG backend and the house font are loaded
    now (a zygote does, so each forked kernel starts with them)."""
    fig, ax = figure(1, 1)
    ax.set_title("0")
    _svg(fig)


def figure(width: float, height: float):
    """A figure and its axes, drawn without pyplot: no backend is chosen and no global figure kept,
    so a notebook's own plots are left alone."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    return fig, fig.subplots()


def _img(svg: str, alt: str) -> Markup:
    data = base64.b64encode(svg.encode()).decode()
    return Markup('<img class="chart" src="data:image/svg+xml;base64,{}" alt="{}">').format(data, alt)


@_styled
def points_chart_img(months: list, points: list, label_format: str) -> Markup:
    """Bar chart of total abatement points per month (the papers' Table 1b), with alt text."""
    fig, ax = figure(7.2, 2.4)
    xs = list(range(len(months)))
    ax.bar(xs, [float(p) for p in points], color="#5d4037", width=0.7)
    ticks = last_month_ticks(len(months))
    ax.set_xticks(ticks, [months[i].label(label_format) for i in ticks], fontsize=7)
    ax.set_ylabel("Points", fontsize=8)
    ax.set_axisbelow(True)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.subplots_adjust(left=0.08, right=0.99, bottom=0.14, top=0.95)
    worst = max(range(len(points)), key=lambda i: (points[i], -i)) if points else 0
    labels = [m.label(label_format) for m in months]
    with_points = [label for label, p in zip(labels, points) if p]
    alt = (
        (
            f"Bar chart of total abatement points per month, {labels[0]} to {labels[-1]}: {sum(points)} points in "
            f"all, in {len(with_points)} of the {len(months)} months; the most, {points[worst]}, in {labels[worst]}; "
            f"{points[-1]} in the latest month."
        )
        if points
        else "No points."
    )
    return _img(_svg(fig), alt)


@_styled
def projection_chart_img(kpi, cells, projection, tsl, msl, label_format: str) -> Markup:
    """A green KPI's recent values, its fitted trend carried forward to the projected TSL
    crossing (if any), and the TSL and MSL lines."""
    values = [float(c.value) for c in cells]
    months = [c.month for c in cells]
    first, end = months[0], projection.crossing or months[-1]
    total = end - first + 1
    fig, ax = figure(6.4, 2.4)
    # x in calendar months from the first, as the fit had it: a month without a value stays a gap.
    ax.plot(
        [m - first for m in months], values, color="#37474f", marker="o", markersize=3, linewidth=1.3, label="Result"
    )
    # A mitigated month is in the fit but was not scored: the reader must see which points those are.
    mitigated = [(m - first, v) for m, v, c in zip(months, values, cells) if c.rag is Rag.MITIGATED]
    if mitigated:
        _rag_points(ax, mitigated, Rag.MITIGATED, 40, "Mitigation agreed")
    ax.plot(
        [0, total - 1],
        [projection.at(first), projection.at(end)],
        color="#6a1b9a",
        linestyle=":",
        linewidth=1.4,
        label="Trend, projected" if projection.crossing else "Trend",
    )
    ax.hlines(
        float(tsl), -0.5, total - 0.5, colors="#1f1f1f", linestyles="--", linewidth=1.2, label="TSL", clip_on=False
    )
    ax.hlines(
        float(msl), -0.5, total - 0.5, colors="#c62828", linestyles="-.", linewidth=1.0, label="MSL", clip_on=False
    )
    ticks = last_month_ticks(total)
    ax.set_xticks(ticks, [(first + i).label(label_format) for i in ticks], fontsize=7)
    ax.set_ylabel(UNIT_AXIS[kpi.unit], fontsize=8)
    # Whole-number steps where the range allows (never 97.5 beside 100), as the other charts have.
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10], integer=True))
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:g}")
    ax.set_axisbelow(True)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.margins(y=0.15)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=7)
    fig.subplots_adjust(left=0.11, right=0.78, bottom=0.14, top=0.95)

    def show(value: float) -> str:  # as the tables print results: 89.42%, or a count as it is
        return f"{value:.2f}%" if kpi.unit == "percent" else f"{value:g}"

    story = series_story([(c.month.label(label_format), float(c.value), c.rag) for c in cells], show)
    mitigated_months = [c.month.label(label_format) for c in cells if c.rag is Rag.MITIGATED]
    alt = (
        f"Line chart of {kpi.id}, {months[0].label(label_format)} to {months[-1].label(label_format)}, "
        f"from {show(values[0])} to {show(values[-1])}. {story}"
        + (f" Mitigation agreed in {listed(mitigated_months)}." if mitigated_months else "")
        + f" The fitted trend, {projection.slope:+.2f} a month: {projection_outlook(projection)} (TSL {tsl})."
    )
    return _img(_svg(fig), alt)
