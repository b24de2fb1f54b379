"""The analysts' commentary: one notebook of Markdown cells per council and month.

Each cell starts with a level-2 heading naming its slot ('## Executive summary',
'## 610 Background'); the rest of the cell is the text. A level-1 heading cell is a title
and guide, not a slot. Nothing here ever overwrites an existing narrative file.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .council import MeasuringCouncil
from .errors import ProblemList
from .images import image_sources, read_image
from .limits import MAX_NARRATIVE_BYTES, read_bounded

EXECUTIVE_SUMMARY = "Executive summary"
FINANCIAL_IMPLICATIONS = "Financial implications"
ISSUES_RISKS = "Issues, risks and innovation"
# The vital-signs paper's slots: the summary and closing sections; per-indicator sections below.
VITAL_SIGNS_SLOTS = (EXECUTIVE_SUMMARY, FINANCIAL_IMPLICATIONS, ISSUES_RISKS)
SECTIONS = ("Background", "Action required", "Budget impact", "Corporate risk")
_HEADING_RE = re.compile(r"^##(?!#)\s*(.+?)\s*$")


@dataclass
class Narrative:
    """Commentary by slot: 'Executive summary' or (kpi_id, section) -> Markdown text."""

    path: Path
    exists: bool
    texts: dict = field(default_factory=dict)
    ignored: list = field(default_factory=list)  # notes on what of the file the paper leaves out
    images: dict[str, str] = field(default_factory=dict)  # image src -> data: URI ('' when refused)
    cells: dict = field(default_factory=dict)  # slot -> the number of the cell it is written in

    def text(self, slot) -> str:
        """The analyst's text for a slot, stripped; '' when there is none."""
        return self.texts.get(slot, "").strip()

    def written_sections(self, section: str) -> set[str]:
        """KPI ids with text under `section` ('Budget impact')."""
        return {
            slot[0]
            for slot, text in self.texts.items()
            if isinstance(slot, tuple) and slot[1] == section and text.strip()
        }


def read_narrative(
    path: Path,
    council: MeasuringCouncil,
    slots: tuple[str, ...] = VITAL_SIGNS_SLOTS,
    sections: tuple[str, ...] = SECTIONS,
) -> Narrative:
    """Read a narrative notebook; a missing file gives an empty Narrative. InputError on bad slots.

    `slots` are the paper-level headings ('Executive summary'); `sections` the per-KPI ones
    ('Background', as in '## 610 Background').
    """
    if not path.exists():
        return Narrative(path, exists=False)
    problems = ProblemList(path)
    ignored: list[str] = []
    images: dict[str, str] = {}
    cells = _markdown_cells(path, problems, ignored, council.folder, images)
    texts: dict = {}
    numbers: dict = {}
    for number, source in cells:
        first, _, body = source.strip().partition("\n")
        if first.startswith("# "):
            continue  # the title and guide cell
        if re.match(r"##[^#\s]", first):
            problems.add(
                None,
                f"cell {number}",
                f"heading '{first.strip()}' needs a space after '##' (write '## {first[2:].strip()}')",
            )
            continue
        match = _HEADING_RE.match(first)
        if not match:
            problems.add(
                None,
                f"cell {number}",
                "should start with a '## ' heading naming its slot, "
                f"such as '## {EXECUTIVE_SUMMARY}' or '## <KPI id> Background'",
            )
            continue
        slot = _slot(match.group(1), council, slots, sections)
        if isinstance(slot, str) and slot not in slots:
            problems.add(None, f"cell {number}", slot)
            continue
        if slot in texts:
            problems.add(None, f"cell {number}", f"heading '{match.group(1)}' appears twice")
            continue
        texts[slot] = body.strip()
        numbers[slot] = number
    problems.raise_if_any()
    return Narrative(path, exists=True, texts=texts, ignored=ignored, images=images, cells=numbers)


def _markdown_cells(
    path: Path, problems: ProblemList, ignored: list[str], folder: Path, images: dict[str, str]
) -> list[tuple[int, str]]:
    """(cell number, text) of each non-empty Markdown cell; each image read into `images`; a note in
    `ignored` for each other cell and for each image the paper will not show (only image files inside
    the council's `folder` are).

    Read as plain JSON: importing nbformat costs about two seconds, on every paper.
    """
    data = read_bounded(path, MAX_NARRATIVE_BYTES, problems)
    try:
        cells = json.loads(data.decode("utf-8-sig"))["cells"]
        found = []
        for number, cell in enumerate(cells, start=1):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            if cell.get("cell_type") == "markdown" and source.strip():
                found.append((number, source))
                for src in image_sources(source):
                    if src not in images:
                        uri, refused = read_image(src, folder)
                        images[src] = uri
                        if refused:
                            ignored.append(f"cell {number}: {refused}")
            elif source.strip():
                ignored.append(
                    f"cell {number} is a {cell.get('cell_type')} cell: ignored, never run "
                    "(the narrative is Markdown text only)"
                )
        return found
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        problems.add(None, None, f"cannot be read as a notebook ({exc.__class__.__name__}: {exc})")
        problems.raise_if_any()


def _slot(heading: str, council: MeasuringCouncil, slots: tuple[str, ...], sections: tuple[str, ...]):
    """Slot for a heading, or an error message (a str that is not one of `slots`)."""
    for slot in slots:
        if heading.lower() == slot.lower():
            return slot
    kpi_id, _, section = heading.partition(" ")
    section = section.strip()
    known_section = next((s for s in sections if s.lower() == section.lower()), None)
    if kpi_id in council.indicators:
        if known_section:
            return (kpi_id, known_section)
        if not section:
            return f"heading '{heading}' needs a section after the KPI id (one of: {', '.join(sections)})"
        guess = _closest(section, sections)
        return (
            f"heading '{heading}': unknown section {section!r} for KPI {kpi_id} ("
            + (f"did you mean '{kpi_id} {guess}'? " if guess else "")
            + f"sections: {', '.join(sections)})"
        )
    if known_section:
        # '<id> Background' is surely a KPI heading: say the id is not one of the council's.
        return (
            f"heading '{heading}' names KPI {kpi_id!r}, which {council.name} does not have "
            f"(paper headings: {', '.join(slots)})"
        )
    # Anything else is not read as a KPI id: suggest the nearest heading the paper knows.
    known = [*slots, *(f"{k} {s}" for k in council.indicators for s in sections)]
    guess = _closest(heading, known)
    return (
        f"heading '{heading}' is not a heading this paper knows ("
        + (f"did you mean '{guess}'? " if guess else "")
        + f"paper headings: {', '.join(slots)}; per KPI: '<KPI id> <section>' with {', '.join(sections)})"
    )


def _closest(text: str, known) -> str | None:
    """The entry of `known` most like `text`, ignoring case; None when nothing is close (a far-off
    suggestion would mislead more than help)."""
    by_lower = {k.lower(): k for k in known}
    best = difflib.get_close_matches(text.lower(), by_lower, n=1, cutoff=0.4)
    return by_lower[best[0]] if best else None
