"""The scores export: one row per indicator per month shown in the paper."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._inputs.csvfile import neutralise
from .._scoring.scorecard import Scorecard

if TYPE_CHECKING:  # pandas is imported where a frame is made: a run that makes none never pays for it
    import pandas as pd

COLUMNS = ["kpi_id", "month", "value", "target", "rag", "data_quality", "exception", "numerator", "denominator"]


def scores_frame(scorecard: Scorecard) -> pd.DataFrame:
    """The scorecard as a table of text: numbers as written, empty where there is none; a KPI's
    exception criteria on the row of the month assessed."""
    import pandas as pd

    records = []
    for row in scorecard.rows:
        # Criteria are met by the latest period with a figure (320's January, when February is
        # awaited), so they go on that month's row; the report month only without any figure.
        marked = row.assessed or row.current
        for cell in row.cells:
            records.append(
                {
                    "kpi_id": row.indicator.id,
                    "month": str(cell.month),
                    "value": _text(cell.value),
                    "target": _text(cell.target),
                    "rag": cell.rag.value,
                    "data_quality": cell.data_quality,
                    "exception": ";".join(row.criteria) if cell is marked else "",
                    "numerator": _text(cell.numerator.value if cell.numerator else None),
                    "denominator": _text(cell.denominator.value if cell.denominator else None),
                }
            )
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def scores_csv(scorecard: Scorecard) -> str:
    """The scores export as CSV text, formula-like text neutralised as in every CSV we write."""
    return scores_frame(scorecard).map(neutralise).to_csv(index=False, lineterminator="\n")


def _text(value) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


CONTRACT_COLUMNS = COLUMNS[:7] + [
    "service_area",
    "tsl",
    "msl",
    "raw_rag",
    "data_not_available",
    "abatement_points",
    "service_credit",
]


def contract_scores_frame(scorecard) -> pd.DataFrame:
    """The contract scorecard as the scores export: the foundation's columns (target is the TSL in
    force; exception 'below_msl' on report-month rows of KPIs below MSL in the reporting period),
    then service_area, tsl, msl, raw_rag and data_not_available."""
    import pandas as pd

    failed = {kpi.id for kpi, _ in scorecard.failures()}
    records = []
    for kpi in scorecard.area_kpis():
        for cell in scorecard.cells[kpi.id]:
            current = cell.month == scorecard.month
            records.append(
                {
                    "kpi_id": kpi.id,
                    "month": str(cell.month),
                    "value": cell.figure.text if cell.figure else "",
                    "target": _text(cell.tsl),
                    "rag": cell.rag.value,
                    "data_quality": cell.data_quality,
                    "exception": "below_msl" if current and kpi.id in failed else "",
                    "service_area": kpi.service_area,
                    "tsl": _text(cell.tsl),
                    "msl": _text(cell.msl),
                    "raw_rag": cell.raw_rag.value if cell.raw_rag else "",
                    "data_not_available": "true" if cell.data_not_available else "false",
                    **_money(scorecard, kpi.id, cell.month),
                }
            )
    return pd.DataFrame.from_records(records, columns=CONTRACT_COLUMNS)


def _money(scorecard, kpi_id: str, month) -> dict[str, str]:
    """Points applied after multiplier and relief, and the KPI's share of the month's credit;
    empty where the contract has no points for the KPI (or no credit rules)."""
    applied = scorecard.points_at(kpi_id, month)
    if applied is None:
        return {"abatement_points": "", "service_credit": ""}
    rules = scorecard.council.contract.abatement
    credit = scorecard.kpi_credits.get((kpi_id, month)) if rules.has_credits else None
    return {"abatement_points": _text(applied.points), "service_credit": "" if credit is None else f"{credit:.2f}"}


def contract_scores_csv(scorecard) -> str:
    """The contract scores export as CSV text, formula-like text neutralised."""
    return contract_scores_frame(scorecard).map(neutralise).to_csv(index=False, lineterminator="\n")


def figures_csv(facts) -> str:
    """A narrative-led paper's export: each figure it can cite, with its value and source."""
    import pandas as pd

    rows = [{"reference": f.reference, "value": _text(f.value), "text": f.text, "source": f.source} for f in facts]
    frame = pd.DataFrame(rows, columns=["reference", "value", "text", "source"])
    return frame.map(neutralise).to_csv(index=False, lineterminator="\n")
