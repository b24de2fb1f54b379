"""The statuses a scored cell can have: the vocabulary shared by inputs (escalations, abatement
rules), the scoring rules and the papers."""

from __future__ import annotations

from enum import Enum


class Rag(str, Enum):
    """Every status a scored cell can have; the values are the scores export's vocabulary."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    MITIGATED = "mitigated"
    AWAITED = "awaited"  # white: data will become available
    NOT_EXPECTED = "not_expected"  # grey: no data currently expected
    NOT_MEASURED = "not_measured"  # not in use, or before its first use
    DATA_ONLY = "data_only"  # a value with no target to score it against

    @property
    def letter(self) -> str:
        """Short label printed in the cell so colour is never the only signal."""
        return _LETTERS[self]

    @property
    def words(self) -> str:
        """The status in words, as the paper's text and alt text say it."""
        return _WORDS[self]


_LETTERS = {
    Rag.GREEN: "G",
    Rag.AMBER: "A",
    Rag.RED: "R",
    Rag.MITIGATED: "M",
    Rag.AWAITED: "due",
    Rag.NOT_EXPECTED: "n/a",
    Rag.NOT_MEASURED: "–",
    Rag.DATA_ONLY: "no target",
}
_WORDS = {
    Rag.GREEN: "green",
    Rag.AMBER: "amber",
    Rag.RED: "red",
    Rag.MITIGATED: "mitigation agreed",
    Rag.AWAITED: "data will become available",
    Rag.NOT_EXPECTED: "no data expected",
    Rag.NOT_MEASURED: "not measured",
    Rag.DATA_ONLY: "no target",
}
