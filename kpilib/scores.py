"""The scores export: one row per indicator per month shown in the paper."""

from __future__ import annotations

import pandas as pd

from .scorecard import Scorecard

COLUMNS = ["kpi_id", "month", "value", "target", "rag", "data_quality", "exception", "numerator", "denominator"]


def scores_frame(scorecard: Scorecard) -> pd.DataFrame:
    """The scorecard as a table of text: numbers as written, empty where there is none."""
    records = []
    for row in scorecard.rows:
        for cell in row.cells:
            records.append({
                "kpi_id": row.indicator.id,
                "month": str(cell.month),
                "value": _text(cell.value),
                "target": _text(cell.target),
                "rag": cell.rag.value,
                "data_quality": cell.data_quality,
                "exception": ";".join(row.criteria) if cell is row.current else "",
                "numerator": _text(cell.numerator.value if cell.numerator else None),
                "denominator": _text(cell.denominator.value if cell.denominator else None),
            })
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def scores_csv(scorecard: Scorecard) -> str:
    return scores_frame(scorecard).to_csv(index=False, lineterminator="\n")


def _text(value) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)
