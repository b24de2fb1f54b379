"""Footnotes of a table: numbered once, in month order, and marked on the cells they explain."""

from __future__ import annotations

from dataclasses import dataclass, field

from .._inputs.months import Month


@dataclass
class Footnotes:
    """Numbered notes and the table cells (row key, month) each one marks."""

    notes: list[str] = field(default_factory=list)
    marks: dict[tuple[str, Month], list[int]] = field(default_factory=dict)
    flags: set[int] = field(default_factory=set)  # numbers of the data-quality notes
    keys: list[tuple] = field(default_factory=list)  # each note's place in order_by_month()

    def add(self, text: str, cells: list[tuple[str, Month]], flag: bool = False, month: Month | None = None) -> None:
        """Add a note (once) and mark each cell with its number; `flag` marks a data-quality note;
        `month` is the month the note is about (notes about no month come first once ordered)."""
        if text not in self.notes:
            self.notes.append(text)
            self.keys.append((0,) if month is None else (1, month))
        number = self.notes.index(text) + 1
        if flag:
            self.flags.add(number)
        for cell in cells:
            if number not in self.marks.setdefault(cell, []):
                self.marks[cell].append(number)

    def order_by_month(self) -> "Footnotes":
        """Renumber the notes in month order (ties keep the order added), in place, so that a note
        has the same place in every table that gives it; marks already handed out follow."""
        ranking = sorted(range(len(self.notes)), key=lambda i: self.keys[i])
        renumber = {old + 1: new + 1 for new, old in enumerate(ranking)}
        self.notes[:] = [self.notes[i] for i in ranking]
        self.keys[:] = [self.keys[i] for i in ranking]
        for numbers in self.marks.values():
            numbers[:] = sorted(renumber[n] for n in numbers)
        flags = {renumber[n] for n in self.flags}
        self.flags.clear()
        self.flags.update(flags)
        return self
