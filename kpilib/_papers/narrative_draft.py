"""A new month's narrative file, drafted from the data: factual sentences under each heading for the
analyst to check and extend. Nothing here ever overwrites an existing narrative file."""

from __future__ import annotations

from pathlib import Path

from .._inputs.errors import ProblemList
from .._inputs.narrative import EXECUTIVE_SUMMARY, FINANCIAL_IMPLICATIONS, ISSUES_RISKS, SECTIONS
from .._render.wording import fact_sentence, rag_count_sentence
from .._scoring.scorecard import Scorecard


def draft_cells(scorecard: Scorecard) -> list[str]:
    """Markdown cells for a new narrative, pre-filled with factual sentences from the data."""
    council, month = scorecard.council, scorecard.month
    cells = [
        f"# Narrative: {council.name}, {month.long}\n\n{GUIDE} "
        "Write under *Budget impact* or *Corporate risk* only when that exception criterion is met; "
        "leave them empty otherwise.",
        f"## {EXECUTIVE_SUMMARY}\n\n{rag_count_sentence(scorecard.counts(), len(scorecard.rows))}",
    ]
    for row in scorecard.rows:
        kpi = row.indicator.id
        cells.append(f"## {kpi} Background\n\n{fact_sentence(row)}")
        cells.extend(f"## {kpi} {section}\n" for section in SECTIONS[1:])
    cells.extend(f"## {slot}\n" for slot in (FINANCIAL_IMPLICATIONS, ISSUES_RISKS))
    return cells


GUIDE = (
    "Edit the text under each `##` heading; keep the headings as they are, they name where the "
    "text goes in the paper. The sentences below were drafted from the data: check and extend them."
)


def create_narrative(path: Path, cells: list[str]) -> Path:
    """Write a new narrative notebook of Markdown `cells` at `path`; InputError if a file is
    already there (never overwrites)."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(text) for text in cells]
    for number, cell in enumerate(notebook.cells):
        cell.id = f"narrative-{number}"  # stable ids keep diffs of this file small
    notebook.metadata = {"kernelspec": {"name": "kpilib", "display_name": "Python (kpilib)", "language": "python"}}
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:
            nbformat.write(notebook, handle)
    except FileExistsError:
        problems = ProblemList(path)
        problems.add(
            None,
            None,
            "already exists; it holds analysts' commentary and is never overwritten (edit it, or move it away first)",
        )
        problems.raise_if_any()
    return path
