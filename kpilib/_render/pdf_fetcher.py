"""What WeasyPrint may read while it draws a paper: data: URIs, and image files inside the council's folder."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher


class PaperFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that refuses (and records in `refused`) every other URL, before any request."""

    def __init__(self, folder: Path):
        super().__init__(allowed_protocols=("data", "file"))
        self.folder = folder.resolve()
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        """WeasyPrint's fetcher: data: URIs and image files inside the folder; anything else refused."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file" and not parts.netloc:
            path = Path(unquote(parts.path)).resolve()
            if path.is_relative_to(self.folder) and path.is_file():
                return super().fetch(url, headers)
        note = f"refused to fetch {url[:200]} (a paper uses only its embedded images and image files inside {self.folder.name}/)"
        if note not in self.refused:
            self.refused.append(note)
        raise ValueError(note)
