"""HTML rendering: autoescaped Jinja templates and safe Markdown for analysts' text."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup

from .wording import counted, month_ranges, plain

TEMPLATES = Path(__file__).parent / "templates"

# Raw HTML in analysts' text is shown as text, never run: reviewers open papers in a browser.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def markdown(text: str) -> Markup:
    """Analyst Markdown as HTML, with raw HTML escaped and unsafe links (javascript: etc.) refused."""
    return Markup(_markdown.render(text or ""))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["markdown"] = markdown
    env.filters["num"] = plain
    env.filters["counted"] = counted
    env.filters["month_ranges"] = month_ranges
    return env


def render(template: str, **context) -> str:
    """Render kpilib/templates/<template> with `context`."""
    return environment().get_template(template).render(**context)
