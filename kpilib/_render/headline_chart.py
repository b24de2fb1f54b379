"""Before-and-after bars for headline measures that have both figures, one small panel each."""

from __future__ import annotations

from markupsafe import Markup

from .._inputs.headlines import Headline
from .charts import _img, _styled, _svg
from .stated import stated


@_styled
def before_after_img(headlines: list[Headline], now_label: str) -> Markup:
    """One panel per measure: the figure before and now, labelled as stated ('just under 70,000')."""
    shown = [h for h in headlines if h.baseline is not None and h.current is not None]
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3.2 * len(shown), 2.4))
    for i, h in enumerate(shown):
        ax = fig.add_subplot(1, len(shown), i + 1)
        values = [float(h.baseline.value), float(h.current.value)]
        ax.bar([0, 1], values, color=["#757575", "#1565c0"], width=0.6)
        for x, figure in enumerate((h.baseline, h.current)):
            ax.annotate(
                stated(figure, h.unit),
                (x, values[x]),
                ha="center",
                va="bottom",
                fontsize=7,
                xytext=(0, 2),
                textcoords="offset points",
            )
        ax.set_xticks([0, 1], ["Before", now_label], fontsize=7)
        ax.set_title(h.title, fontsize=8)
        if h.unit == "percent":  # a share: the axis runs to 100%, with room above for the labels
            ax.set_ylim(0, 112)
            ax.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        else:
            ax.set_ylim(0, max(values) * 1.25)
            ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}")  # 100,000 as the table writes it
        ax.tick_params(axis="y", labelsize=7)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    fig.subplots_adjust(left=0.1, right=0.98, bottom=0.14, top=0.85, wspace=0.45)
    alt = (
        "Bar charts, before and "
        + now_label
        + ": "
        + "; ".join(f"{h.title}, {stated(h.baseline, h.unit)} before, {stated(h.current, h.unit)} now" for h in shown)
        + "."
    )
    return _img(_svg(fig), alt)
