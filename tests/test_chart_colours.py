"""Chart marks and lines stand out from the white page by at least 3:1 (WCAG 1.4.11), and the
stylesheet's status text reaches 4.5:1 on the status backgrounds it sits on (WCAG 1.4.3)."""

import re
from pathlib import Path

from kpilib._render import charts, headline_chart, volumes_chart

CSS = Path(charts.__file__).resolve().parents[1] / "_papers" / "templates" / "paper.css"


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_gives_wcags_own_examples():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # the grey famously just short of 4.5


def test_every_rag_marker_colour_reaches_three_to_one_on_white():
    ratios = {rag.value: round(contrast(colour, "#ffffff"), 2) for rag, (colour, _) in charts.RAG_STYLE.items()}
    assert ratios == {"green": 5.13, "amber": 4.42, "red": 5.62, "data_only": 7.46, "mitigated": 5.75}


def test_no_chart_module_draws_a_mark_in_a_colour_below_three_to_one():
    gridline = "#dddddd"  # gridlines are a reading aid, not data
    for module in (charts, headline_chart, volumes_chart):
        source = Path(module.__file__).read_text(encoding="utf-8")
        weak = {c for c in re.findall(r"#[0-9a-fA-F]{6}", source) if c != gridline and contrast(c, "#ffffff") < 3}
        assert weak == set(), module.__name__


def test_badge_and_direction_text_reach_four_and_a_half_to_one_on_their_backgrounds():
    css = CSS.read_text(encoding="utf-8")
    var = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6})", css))
    assert round(contrast(var["green"], var["green-bg"]), 2) == 5.85
    assert round(contrast(var["red"], var["red-bg"]), 2) == 5.97
    assert round(contrast(var["amber"], var["amber-bg"]), 2) == 4.96
    assert min(contrast(var[k], "#ffffff") for k in ("green", "amber", "red")) >= 4.5
