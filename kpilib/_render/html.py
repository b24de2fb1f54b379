"""HTML rendering: autoescaped Jinja templates, safe Markdown for analysts' text, CSS strings."""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from .wording import counted, month_ranges, plain

TEMPLATES = Path(__file__).resolve().parents[1] / "_papers" / "templates"
LINK_SCHEMES = ("http", "https", "mailto")
# Narrative images are embedded in the paper, so neither WeasyPrint nor a reviewer's browser fetches anything.
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
IMAGE_MAX_BYTES = 5 * 1024 * 1024
_CSS_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.-_:()&'!?")

# Raw HTML in analysts' text is shown as text, never run: reviewers open papers in a browser.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def markdown(text: str, folder: Path | None = None, refused: list[str] | None = None) -> Markup:
    """Analyst Markdown as HTML: raw HTML escaped, links only to http(s) and mailto, images only
    from inside `folder` (embedded as data: URIs); each image left out is described in `refused`."""
    env = {"folder": folder, "refused": refused if refused is not None else []}
    tokens = _markdown.parse(text or "", env)
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _safe_inline(token.children, env)
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
            source = _image_source(token.attrGet("src") or "", env)
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


def _image_source(src: str, env: dict) -> str:
    """A data: URI for an image file inside the council's folder, or '' (with the reason noted in env)."""
    folder, refused = env["folder"], env["refused"]
    if urlsplit(src).scheme or src.startswith("//"):
        refused.append(f"image {src!r} refused: only image files inside the council's params folder are shown")
        return ""
    if folder is None:
        refused.append(f"image {src!r} refused: images are allowed only in narrative commentary")
        return ""
    base = folder.resolve()
    try:
        path = (base / unquote(src)).resolve()
    except (OSError, ValueError, RuntimeError):  # a NUL byte, a loop of symbolic links
        refused.append(f"image {src!r} refused: not a path to a file")
        return ""
    if not path.is_relative_to(base):
        refused.append(f"image {src!r} refused: it is outside the council's folder {folder.name}/")
        return ""
    kind = IMAGE_TYPES.get(path.suffix.lower())
    if not kind or not path.is_file() or path.stat().st_size > IMAGE_MAX_BYTES:
        refused.append(
            f"image {src!r} refused: not a PNG, JPEG, GIF or WebP file of at most "
            f"{IMAGE_MAX_BYTES // 1024 // 1024} MB inside {folder.name}/"
        )
        return ""
    data = path.read_bytes()
    if not _looks_like(kind, data):  # WeasyPrint would read anything else as SVG, which can be a bomb
        refused.append(f"image {src!r} refused: its content is not the {kind} its name says")
        return ""
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _looks_like(kind: str, data: bytes) -> bool:
    """Whether `data` starts as an image of `kind` does (its magic bytes)."""
    if kind == "image/webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    starts = {
        "image/png": (b"\x89PNG\r\n\x1a\n",),
        "image/jpeg": (b"\xff\xd8\xff",),
        "image/gif": (b"GIF87a", b"GIF89a"),
    }
    return data.startswith(starts[kind])


def css_string(text: str) -> str:
    """`text` as a double-quoted CSS string: anything outside a small safe set becomes a CSS escape
    (backslash and hex code point), so no quote, backslash, newline or '<' can end the string or the
    <style> element it is written into."""
    return '"' + "".join(c if c in _CSS_SAFE else f"\\{ord(c):x} " for c in text) + '"'


@pass_context
def _markdown_filter(context, text: str) -> Markup:
    """The `markdown` filter: images are read from the folder of the template's `council`, if it has one."""
    council = context.get("council")
    return markdown(text, getattr(council, "folder", None))


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


def render(template: str, **context) -> str:
    """Render kpilib/templates/<template> with `context`."""
    return environment().get_template(template).render(**context)
