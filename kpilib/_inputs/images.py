"""Images in analysts' commentary: read once, here, from inside the council's folder only.

The paper embeds each image as a data: URI, so neither WeasyPrint nor a reviewer's browser fetches anything.
"""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

from .errors import InputError, ProblemList
from .limits import read_bounded

IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
IMAGE_MAX_BYTES = 5 * 1024 * 1024
_PARSER = MarkdownIt("commonmark", {"html": False})


def image_sources(text: str) -> list[str]:
    """The src of every image in Markdown `text`, in order."""
    found = []
    for token in _PARSER.parse(text or ""):
        found.extend(child.attrGet("src") or "" for child in token.children or () if child.type == "image")
    return found


def read_image(src: str, folder: Path) -> tuple[str, str]:
    """(data: URI, '') for an image file inside `folder`, or ('', why it is refused)."""
    if urlsplit(src).scheme or src.startswith("//"):
        return "", f"image {src!r} refused: only image files inside the council's params folder are shown"
    base = folder.resolve()
    try:
        path = (base / unquote(src)).resolve()
    except (OSError, ValueError, RuntimeError):  # a NUL byte, a loop of symbolic links
        return "", f"image {src!r} refused: not a path to a file"
    if not path.is_relative_to(base):
        return "", f"image {src!r} refused: it is outside the council's folder {folder.name}/"
    kind = IMAGE_TYPES.get(path.suffix.lower())
    wrong = (
        f"image {src!r} refused: not a PNG, JPEG, GIF or WebP file of at most "
        f"{IMAGE_MAX_BYTES // 1024 // 1024} MB inside {folder.name}/"
    )
    if not kind or not path.is_file():
        return "", wrong
    try:
        data = read_bounded(path, IMAGE_MAX_BYTES, ProblemList(path))
    except InputError:
        return "", wrong
    if not _looks_like(kind, data):  # WeasyPrint would read anything else as SVG, which can be a bomb
        return "", f"image {src!r} refused: its content is not the {kind} its name says"
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}", ""


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
