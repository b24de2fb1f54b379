"""Safe YAML reading and key checking that reports `path: key: what is wrong`."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import yaml

from .csvfile import byte_line
from .errors import ProblemList, quote
from .limits import MAX_YAML_BYTES, read_bounded
from .months import Month


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases: configuration never needs them, and an
    alias bomb ('billion laughs') would otherwise expand to gigabytes while being walked."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None,
                None,
                "anchors and aliases (& and *) are not allowed in configuration: write the value out in full",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file safely (no objects, no aliases, bounded size); InputError if missing or malformed."""
    problems = ProblemList(path)
    data = read_bounded(path, MAX_YAML_BYTES, problems)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(byte_line(exc.object, exc.start), None, "is not UTF-8 text: save it as UTF-8")
        problems.raise_if_any()
    try:
        return yaml.load(text, Loader=_PlainLoader)
    except RecursionError:
        problems.add(None, None, "malformed YAML: nested too deeply")
        problems.raise_if_any()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        problems.add(row, None, f"malformed YAML: {reason}")
        problems.raise_if_any()


class Section:
    """Reads keys from one YAML mapping, recording missing, unknown and mistyped keys."""

    def __init__(self, data: Any, where: str, problems: ProblemList):
        self.where = where
        self.problems = problems
        self.seen: set[str] = set()
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.fail("", "should be a mapping of keys to values")
            data = {}
        self.data = data

    def key_path(self, key: str) -> str:
        """The dotted path of `key` in the file, as problems name it ('contract.trend.months')."""
        if not key:
            return self.where or "(top level)"
        return f"{self.where}.{key}" if self.where else key

    def fail(self, key: str, message: str) -> None:
        """Record a problem with `key` of this section."""
        self.problems.add(None, self.key_path(key), message)

    def get(self, key: str, kind: type | tuple = object, required: bool = True, default: Any = None) -> Any:
        """The value of `key`; records a problem when it is required but missing or of the wrong kind."""
        self.seen.add(key)
        if key not in self.data or self.data[key] is None:
            if required:
                self.fail(key, "required key is missing")
            return default
        value = self.data[key]
        if kind is not object and not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            self.fail(key, f"should be {_article(names)}, not {quote(value)}")
            return default
        return value

    def text(self, key: str, required: bool = True, default: str | None = None) -> str | None:
        """A scalar read as text (numbers such as an id of 320 become '320')."""
        value = self.get(key, (str, int, float), required, default)
        return value if value is None or isinstance(value, str) else str(value)

    def month(self, key: str, required: bool = True) -> Month | None:
        """A month written YYYY-MM; None (with a problem recorded when it is malformed or missing but required)."""
        text = self.text(key, required)
        if not text:
            return None
        try:
            return Month.parse(text)
        except ValueError as exc:
            self.fail(key, str(exc))
            return None

    def finish(self) -> None:
        """Record every key we do not know: most likely a typo."""
        for key in self.data:
            if key not in self.seen:
                close = difflib.get_close_matches(str(key), sorted(self.seen), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.fail(str(key)[:40], f"unknown key ({hint}known keys here: {', '.join(sorted(self.seen))})")


def _article(names: str) -> str:
    return ("an " if names[0] in "aeiou" else "a ") + names
