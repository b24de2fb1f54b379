"""council.yml's schema, one per paper type, in JSON Schema: the loader checks each file against it
before reading it, and the README's configuration reference is generated from it.

JSON Schema rather than pydantic: the schema is plain data we can walk, to say where a misplaced key
belongs and to write the reference, and `jsonschema` is already installed (nbformat uses it), while the
loader keeps its own messages with file and line."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from .errors import ProblemList, quote

MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


def obj(properties: dict, required: tuple[str, ...] = (), description: str = "") -> dict:
    """A mapping with exactly these keys."""
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def text(description: str, enum: tuple[str, ...] | None = None) -> dict:
    """A string (a number is read as its text: an id of 320 is '320')."""
    schema = {"type": ["string", "number"], "description": description}
    return {**schema, "enum": list(enum)} if enum else schema


def month(description: str) -> dict:
    """A month written YYYY-MM."""
    return {"type": "string", "pattern": MONTH, "description": description}


def number(description: str, kind: str = "number") -> dict:
    """A number ('integer' for a whole one)."""
    return {"type": kind, "description": description}


def flag(description: str) -> dict:
    """true or false."""
    return {"type": "boolean", "description": description}


def items(of: dict, description: str) -> dict:
    """A list of `of`."""
    return {"type": "array", "items": of, "description": description}


def mapping(values: dict, description: str) -> dict:
    """A mapping of any keys to `values`."""
    return {"type": "object", "additionalProperties": values, "description": description}


def merged(base: dict, extra: dict) -> dict:
    """`base` with the keys of `extra` added (a paper type's schema: the common keys and its own)."""
    return obj({**base["properties"], **extra["properties"]}, tuple(base["required"]) + tuple(extra["required"]))


def load_validator() -> None:
    """Import jsonschema and its format checkers now (a zygote does, so each forked kernel starts with them)."""
    from jsonschema import Draft202012Validator

    Draft202012Validator({"type": "object"}).is_valid({})


def check(data: Any, schema: dict, problems: ProblemList) -> None:
    """Record a problem for every place `data` breaks `schema`, with the key path and a hint."""
    plain = _jsonable(data)
    from jsonschema import Draft202012Validator  # here: a paper found up to date is never checked

    errors = sorted(Draft202012Validator(schema).iter_errors(plain), key=lambda e: [str(p) for p in e.path])
    mistyped = {_path(e.path) for e in errors if e.validator == "type"}
    for error in errors:
        where = _path(error.path)
        if where in mistyped and error.validator != "type":
            continue  # a value of the wrong kind: saying so is enough
        if error.validator == "additionalProperties":
            known = sorted(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(known), key=str):
                problems.add(None, _join(where, str(key)[:40]), _unknown(str(key), known, where, schema))
        elif error.validator == "required":
            missing = error.message.split("'")[1]
            problems.add(None, _join(where, missing), "required key is missing")
        elif error.validator == "enum":
            problems.add(
                None,
                where,
                f"should be one of {', '.join(map(str, error.validator_value))}, not {quote(error.instance)}",
            )
        elif error.validator == "pattern":
            problems.add(None, where, f"{quote(error.instance)} is not a month in the form YYYY-MM")
        elif error.validator == "type":
            problems.add(None, where, f"should be {_kind(error.validator_value)}, not {quote(error.instance)}")
        else:
            problems.add(None, where, error.message)


def places(schema: dict, key: str, prefix: str = "") -> list[str]:
    """Every key path at which `key` is a key of `schema` ('rag' for amber_within)."""
    found = []
    for name, sub in schema.get("properties", {}).items():
        path = _join(prefix, name)
        if name == key:
            found.append(prefix or "the top level")
        found += places(sub.get("items", sub), key, path)
    return found


def _unknown(key: str, known: list[str], where: str, schema: dict) -> str:
    elsewhere = [p for p in places(schema, key) if p != (where or "the top level")]
    if elsewhere:
        return f"unknown key here: it belongs under {' or '.join(e if e == 'the top level' else e + ':' for e in elsewhere)}"
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown key ({hint}known keys here: {', '.join(known)})"


def _kind(value) -> str:
    """In the words the loader has always used: 'a str or int or float', 'a list', 'an int'."""
    names = {
        "string": "str",
        "number": "int or float",
        "integer": "int",
        "boolean": "bool",
        "array": "list",
        "object": "dict",
    }
    kinds = " or ".join(names.get(k, k) for k in (value if isinstance(value, list) else [value]))
    return ("an " if kinds[0] in "aeiou" else "a ") + kinds


def _path(parts) -> str:
    out = ""
    for part in parts:
        out = f"{out}[{part}]" if isinstance(part, int) else _join(out, str(part))
    return out


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _jsonable(data: Any) -> Any:
    """The YAML as JSON sees it: dates as their ISO text, keys as text."""
    if isinstance(data, dict):
        return {str(k) if not isinstance(k, (dt.date,)) else k.isoformat(): _jsonable(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_jsonable(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data
