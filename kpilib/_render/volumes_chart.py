"""The chart of project volumes (new, closed, active per month) for the vital-signs appendix."""

from __future__ import annotations

from markupsafe import Markup

from .._inputs.project_volumes import Volumes
from .charts import _img, _svg, figure


def volumes_chart_img(volumes: list[Volumes], label_format: str, title: str) -> Markup:
    """Bars of projects added and closed, a line of projects active, per month; alt text states the latest."""
    xs = list(range(len(volumes)))
    fig, ax = figure(6.4, 2.6)
    ax.bar([x - 0.2 for x in xs], [v.new for v in volumes], width=0.4, color="#1565c0", label="New")
    ax.bar(
        [x + 0.2 for x in xs],
        [v.closed for v in volumes],
        width=0.4,
        color="#757575",
        label="Closed",
        hatch="//",
        edgecolor="white",
    )
    ax.plot(xs, [v.active for v in volumes], color="#37474f", marker="o", linewidth=1.4, label="Active")
    ax.set_xticks(xs, [v.month.label(label_format) for v in volumes], fontsize=7)
    ax.set_xlim(-0.6, len(xs) - 0.4)
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=7)
    fig.subplots_adjust(left=0.09, right=0.85, bottom=0.13, top=0.96)
    last = volumes[-1]
    alt = (
        f"Chart of {title}, {volumes[0].month.label(label_format)} to {last.month.label(label_format)}: "
        f"in {last.month.long} {last.active} active, {last.new} new and {last.closed} closed."
    )
    return _img(_svg(fig), alt)
