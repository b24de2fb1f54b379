"""HTML rendering: autoescaped Jinja templates, safe Markdown for analysts' text, CSS strings."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from .wording import counted, month_ranges, plain

TEMPLATES = Path(__file__).resolve().parents[1] / "_papers" / "templates"
LINK_SCHEMES = ("http", "https", "mailto")
_CSS_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.-_:()&'!?")

# Raw HTML in analysts' text is shown as text, never run: reviewers open papers in a browser.
TOP_HEADING = 3
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


class HTML:
    """A rendered section of a paper: Jupyter shows it as HTML (`_repr_html_`); its markup is `.data`.

    Ours rather than IPython.display.HTML, whose import (170 ms) every run would pay, even one that
    only finds its papers up to date."""

    __slots__ = ("data",)

    def __init__(self, data: str = "") -> None:
        self.data = str(data)

    def _repr_html_(self) -> str:
        return self.data

    def __repr__(self) -> str:  # no memory address: the executed notebook's plain-text output stays the same
        return "<HTML section>"


def markdown(text: str, images: Mapping[str, str] | None = None) -> Markup:
    """Analyst Markdown as HTML: raw HTML escaped, links only to http(s) and mailto, images only
    those read with the narrative (`images`: src -> data: URI); any other image becomes its alt text."""
    env = {"images": images or {}}
    tokens = _markdown.parse(text or "", env)
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _safe_inline(token.children, env)
        elif token.type in ("heading_open", "heading_close"):
            # The text sits under the paper's own h2 sections: '###' is a sub-heading (h3) as written,
            # and a '#' or '##' is printed as one too, so the paper keeps its one h1 and its outline.
            token.tag = f"h{max(int(token.tag[1]), TOP_HEADING)}"
    return Markup(_markdown.renderer.render(tokens, _markdown.options, env))


def _safe_inline(children: list[Token], env: dict) -> list[Token]:
    """Drop links to other schemes (keeping their text) and replace images we cannot embed by their alt text."""
    kept, dropped_depth = [], []
    for token in children:
        if token.type == "link_open":
            allowed = urlsplit(token.attrGet("href") or "").scheme.lower() in LINK_SCHEMES
            dropped_depth.append(not allowed)
            if allowed:
                kept.append(token)
        elif token.type == "link_close":
            if not dropped_depth.pop():
                kept.append(token)
        elif token.type == "image":
            source = env["images"].get(token.attrGet("src") or "")
            if source:
                token.attrSet("src", source)
                kept.append(token)
            else:
                text = Token("text", "", 0)
                text.content = f"[image not shown: {token.content or 'no description'}]"
                kept.append(text)
        else:
            kept.append(token)
    return kept


def css_string(text: str) -> str:
    """`text` as a double-quoted CSS string: anything outside a small safe set becomes a CSS escape
    (backslash and hex code point), so no quote, backslash, newline or '<' can end the string or the
    <style> element it is written into."""
    return '"' + "".join(c if c in _CSS_SAFE else f"\\{ord(c):x} " for c in text) + '"'


@pass_context
def _markdown_filter(context, text: str) -> Markup:
    """The `markdown` filter: images are those of the template's `images` (the narrative's), if given."""
    return markdown(text, context.get("images"))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = _markdown_filter
    env.filters["num"] = plain
    env.filters["counted"] = counted
    env.filters["month_ranges"] = month_ranges
    return env


def compile_templates() -> None:
    """Compile every section template now (a zygote does, so each forked kernel starts with them)."""
    env = environment()
    for name in env.list_templates(extensions=["j2"]):
        if "/" not in name:  # nbconvert's page template is nbconvert's to compile, with its own filters
            env.get_template(name)


def render(template: str, **context) -> str:
    """Render kpilib/templates/<template> with `context`."""
    return environment().get_template(template).render(**context)
