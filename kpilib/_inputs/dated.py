"""Effective-dated values: a target or a pair of service levels in force from a month until the next
entry of its list. One rule for all of them, so targets and levels can never disagree on which is current."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from .months import Month
from .numbers import to_decimal
from .yamlfile import Section


@dataclass(frozen=True)
class Dated:
    """Something in force from `start` until the next entry of its list."""

    start: Month


@dataclass(frozen=True)
class Target(Dated):
    """A vital-signs indicator's target from `start`."""

    value: Decimal


D = TypeVar("D", bound=Dated)


def in_force(entries: Sequence[D], month: Month) -> D | None:
    """The entry in force in `month` (entries in order of start), or None before the first."""
    for entry in reversed(entries):  # the latest first: it is the one in force for recent months
        if entry.start <= month:
            return entry
    return None


def out_of_order(entries: Sequence[Dated], start: Month) -> str | None:
    """Why an entry starting at `start` cannot follow `entries`, or None when it can."""
    if entries and start <= entries[-1].start:
        return f"{start} does not come after the previous entry's {entries[-1].start}"
    return None


def target_list(sec: Section, key: str) -> list[Target]:
    """An effective-dated list such as targets: [{from: 2018-04, value: 80}], checked for order."""
    entries: list[Target] = []
    for i, item in enumerate(sec.get(key, list, required=False, default=[]) or []):
        entry = Section(item, sec.key_path(f"{key}[{i}]"), sec.problems)
        start_text = entry.text("from")
        value = entry.get("value", (int, float))
        entry.finish()
        if start_text is None or value is None:
            continue
        try:
            start = Month.parse(start_text)
        except ValueError as exc:
            entry.fail("from", str(exc))
            continue
        why = out_of_order(entries, start)
        if why:
            entry.fail("from", why)
            continue
        entries.append(Target(start, to_decimal(value)))
    return entries
