"""Figures in the narrative: references an analyst writes instead of a number, and a check that the
numbers typed in the text agree with the data.

A reference is `[[kind: subject / field]]`, or `[[kind: subject / field / YYYY-MM]]` for one month:
`[[feedback: ICT / compliments]]`, `[[headline: calls_answered / current]]`. The paper prints the
computed figure as its tables print it. Each paper type lists its figures as Facts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .._inputs.errors import ProblemList, quote
from .._inputs.months import Month
from .._inputs.narrative import Narrative

REFERENCE = re.compile(r"\[\[\s*([^\[\]]*?)\s*\]\]")


@dataclass(frozen=True)
class Fact:
    """One figure of the data, as a reference names it, the tables print it and a sentence may type it."""

    kind: str  # 'feedback', 'headline'
    subject: str  # 'ICT', 'calls_received'
    field: str  # 'compliments', 'current'
    month: Month | None  # None: the paper's whole period
    value: Decimal | None  # None: the source does not give it
    text: str  # as the paper's tables print it
    unit: str = "count"  # count, percent, days or gbp
    nouns: tuple[str, ...] = ()  # a typed number is about this fact when one of these follows it
    names: tuple[str, ...] = ()  # words naming the subject in a sentence or a heading
    bounded: str = ""  # 'over', 'just under' ...: the value is a bound, not a count
    source: str = ""  # where the data says it: 'feedback.csv line 4'

    @property
    def reference(self) -> str:
        """How a narrative names it: 'feedback: ICT / compliments / 2016-02'."""
        month = f" / {self.month}" if self.month else ""
        return f"{self.kind}: {self.subject} / {self.field}{month}"


def _key(reference: str) -> str:
    return re.sub(r"\s*([:/])\s*", r"\1", " ".join(reference.lower().split()))


class Figures:
    """The facts a paper can cite; resolves references in narrative text."""

    def __init__(self, facts: list[Fact]):
        self.facts = facts
        self._by_key = {_key(f.reference): f for f in facts}

    def unknown_references(self, narrative: Narrative) -> None:
        """InputError naming the cell of every reference that names no figure of the data."""
        problems = ProblemList(narrative.path)
        for slot, text in narrative.texts.items():
            for match in REFERENCE.finditer(text):
                if _key(match.group(1)) not in self._by_key:
                    known = ", ".join(f"[[{f.reference}]]" for f in self.facts[:4])
                    problems.add(
                        None,
                        f"cell {narrative.cells.get(slot, '?')}",
                        f"unknown figure {quote(match.group(0))} (figures of this paper include {known or 'none'})",
                    )
        problems.raise_if_any()

    def resolve(self, text: str) -> str:
        """`text` with each reference replaced by its figure as the tables print it."""
        return REFERENCE.sub(lambda m: self._by_key[_key(m.group(1))].text, text)
