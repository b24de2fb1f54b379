"""Guards over every built paper, read as a committee member would read it.

Each council's paper for its published month is built twice into temporary folders. The
checks look for the slips a reader notices at once: a Python representation where a figure
or a sentence should be, a heading with nothing under it, "Commentary to follow" where the
narrative has the commentary, a build that is not reproducible, a page left nearly empty.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader

from kpilib._driver.build import build_paper
from kpilib._inputs.council import PROJECT_ROOT
from kpilib._inputs.months import Month

pytestmark = pytest.mark.e2e  # builds real papers or runs the command line


PARAMS = PROJECT_ROOT / "params"
# (council, month): every council's paper for the month its narrative is written for.
PAPERS = [("norfolk", "2019-02"), ("lincolnshire", "2017-08"), ("demo", "2024-02"), ("demo", "2024-03")]
IDS = [f"{council}-{month}" for council, month in PAPERS]

# What a Python value looks like when it leaks into a paper instead of its text.
REPR = re.compile(r"object at 0x|<built-in|<bound method|<function |\{'|\bDecimal\(|\bMonth\(")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[tuple[str, str], tuple[Path, Path]]:
    """(council, month) -> (first build's folder, second build's folder)."""
    folders = {}
    for council, month in PAPERS:
        pair = []
        for run in ("first", "second"):
            outputs = tmp_path_factory.mktemp(f"{council}-{month}-{run}")
            outcome = build_paper(council, Month.parse(month), PARAMS, outputs)
            assert outcome.status == "built", outcome.reason
            pair.append(outputs / month)
        folders[(council, month)] = (pair[0], pair[1])
    return folders


class _Outline(HTMLParser):
    """Headings in order, each with whether anything (text, table, figure) follows it before
    the next heading of the same or a higher level; and every table cell's text."""

    def __init__(self):
        super().__init__()
        self.open: list[dict] = []  # headings still waiting for content, outermost first
        self.empty: list[str] = []
        self.cells: list[str] = []
        self._heading: dict | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            level = int(tag[1])
            self._close_headings(level)
            self._heading = {"level": level, "text": "", "content": False}
        elif tag in ("table", "img", "figure", "svg", "ul", "ol"):
            self._content()
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.open.append(self._heading)
            self._heading = None
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading["text"] += data
        elif data.strip() and not self._in_head():
            self._content()
        if self._cell is not None:
            self._cell.append(data)

    def _in_head(self) -> bool:
        return self.getpos() is None

    def _content(self):
        for heading in self.open:
            heading["content"] = True

    def _close_headings(self, level: int):
        while self.open and self.open[-1]["level"] >= level:
            heading = self.open.pop()
            if not heading["content"]:
                self.empty.append(heading["text"].strip())

    def close(self):
        super().close()
        self._close_headings(0)


def _outline(html: str) -> _Outline:
    body = html.split("<body>", 1)[1]  # the <title> and <style> are not the paper's text
    parser = _Outline()
    parser.feed(body)
    parser.close()
    return parser


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def page_fill(path: Path) -> list[float]:
    """Share of each page's text area (inside the margins; running head and page number left
    out) that its content spans, from the top of its first object to the bottom of its last,
    read from the PDF's layout: the bounds of its text, image and path objects."""
    fills = []
    pdf = pypdfium2.PdfDocument(path)
    for index in range(len(pdf)):
        page = pdf[index]
        width, height = page.get_size()
        margin = (14 if width > height else 18) / 25.4 * 72  # paper.css @page margins
        area = height - 2 * margin
        tops, bottoms = [], []
        for obj in page.get_objects(max_depth=3):
            left, bottom, right, top = obj.get_bounds()
            if top - bottom >= 0.95 * area:  # a background painted behind the whole text area
                continue
            if bottom >= height - margin - 1 or top <= margin + 1:  # running head, page number
                continue
            tops.append(min(top, height - margin))
            bottoms.append(max(bottom, margin))
        fills.append((max(tops) - min(bottoms)) / area if tops else 0.0)
    pdf.close()
    return fills


@pytest.mark.parametrize("paper", PAPERS, ids=IDS)
def test_no_python_representation_in_html_or_pdf(built, paper):
    council, month = paper
    folder = built[paper][0]
    html = (folder / f"{council}.html").read_text(encoding="utf-8")
    body = html.split("<body>", 1)[1]
    assert not REPR.findall(body)
    assert not REPR.findall(_pdf_text(folder / f"{council}.pdf"))
    bad_cells = [c for c in _outline(html).cells if c in ("None", "nan", "NaN", "NaT", "[]", "{}")]
    assert bad_cells == []


@pytest.mark.parametrize("paper", PAPERS, ids=IDS)
def test_every_heading_has_something_under_it(built, paper):
    council, _ = paper
    html = (built[paper][0] / f"{council}.html").read_text(encoding="utf-8")
    assert _outline(html).empty == []


@pytest.mark.parametrize("paper", PAPERS, ids=IDS)
def test_no_commentary_to_follow_where_the_narrative_has_it(built, paper):
    """These narratives are complete, so no slot of these papers may print the placeholder."""
    council, _ = paper
    html = (built[paper][0] / f"{council}.html").read_text(encoding="utf-8")
    assert "Commentary to follow" not in html


@pytest.mark.parametrize("paper", PAPERS, ids=IDS)
def test_html_is_byte_identical_over_two_builds(built, paper):
    council, _ = paper
    first, second = built[paper]
    assert (first / f"{council}.html").read_bytes() == (second / f"{council}.html").read_bytes()


@pytest.mark.parametrize("paper", PAPERS, ids=IDS)
def test_no_page_but_the_last_is_less_than_a_quarter_full(built, paper):
    council, _ = paper
    fills = page_fill(built[paper][0] / f"{council}.pdf")
    thin = {number: round(fill, 2) for number, fill in enumerate(fills[:-1], start=1) if fill < 0.25}
    assert thin == {}


def test_page_fill_measures_a_nearly_empty_page(tmp_path):
    """The measure itself, on a page of 55 lines and a page of one word."""
    from weasyprint import HTML

    line = "<p style='margin:0;line-height:12pt;font-size:10pt'>A line of text.</p>"
    target = tmp_path / "two.pdf"
    HTML(
        string=f"<style>@page {{ size: A4; margin: 18mm }}</style>{line * 55}<p style='break-before:page'>alone</p>"
    ).write_pdf(target)
    fills = page_fill(target)
    # 55 lines of 12 pt span about 54 x 12 = 648 pt of the 739.8 pt between the 18 mm
    # margins (841.9 - 2 x 51.0): 0.88; one word spans under 10 pt: 0.01.
    assert len(fills) == 2
    assert 0.85 < fills[0] < 0.9
    assert fills[1] < 0.02


def test_outline_finds_a_heading_with_nothing_under_it():
    """The heading check itself: an empty h2 before its sibling, and an empty last h3."""
    outline = _outline(
        "<html><body><h2>Empty</h2><h2>Full</h2><p>text</p>"
        "<h3>Table</h3><table><tr><td>None</td></tr></table><h3>Last</h3></body></html>"
    )
    assert outline.empty == ["Empty", "Last"]
    assert outline.cells == ["None"]
