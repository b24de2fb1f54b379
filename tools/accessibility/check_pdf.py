"""make accessibility's PDF check: reads each paper's PDF back and verifies what PDF/UA-1 asks of it.

Tagged (a structure tree, marked content), the PDF/UA-1 identifier in the XMP metadata, the document
title shown in the title bar, the language set, every figure with alternative text, every table header
cell with a scope, one H1 and no skipped heading level, and a structure tree read in page order.

usage: python check_pdf.py paper.pdf ...   exit 1 if any PDF fails; each problem names the PDF.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

SCOPES = {"/Row", "/Column", "/Both"}


def _resolved(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _kids(element: DictionaryObject) -> list[DictionaryObject]:
    kids = _resolved(element.get("/K"))
    if kids is None:
        return []
    kids = kids if isinstance(kids, ArrayObject) else [kids]
    return [k for k in map(_resolved, kids) if isinstance(k, DictionaryObject) and "/S" in k]


def _walk(element: DictionaryObject):
    """Structure elements depth first: the order a screen reader reads them."""
    for kid in _kids(element):
        yield kid
        yield from _walk(kid)


def problems(path: Path) -> tuple[list[str], Counter]:
    """What the PDF lacks for PDF/UA-1, and a count of its tagged elements by type."""
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    found: list[str] = []
    if not _resolved(root.get("/MarkInfo", {})).get("/Marked"):
        found.append("not marked as tagged (/MarkInfo /Marked)")
    if not str(root.get("/Lang", "")).strip():
        found.append("no document language (/Lang)")
    if not _resolved(root.get("/ViewerPreferences", {})).get("/DisplayDocTitle"):
        found.append("the title bar shows the file name, not the title (/DisplayDocTitle)")
    metadata = reader.xmp_metadata
    xmp = metadata.stream.get_data().decode("utf-8", "replace") if metadata else ""
    if "pdfuaid:part" not in xmp or not any(
        marker in xmp for marker in ('pdfuaid:part="1"', "<pdfuaid:part>1</pdfuaid:part>")
    ):
        found.append("no PDF/UA-1 identifier in the XMP metadata (pdfuaid:part 1)")
    title = (reader.metadata or {}).get("/Title", "")
    if not str(title).strip() or "<dc:title>" not in xmp:
        found.append("no document title (Info /Title and XMP dc:title)")
    tree = _resolved(root.get("/StructTreeRoot"))
    counts: Counter = Counter()
    if tree is None:
        return found + ["untagged: no structure tree (/StructTreeRoot)"], counts
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    last_page, headings = 0, []
    for element in _walk(tree):
        kind = str(element["/S"])
        counts[kind] += 1
        if kind == "/Figure" and not str(element.get("/Alt", "")).strip():
            found.append(f"figure {counts[kind]} has no alternative text (/Alt)")
        if kind == "/TH":
            scope = _resolved(element.get("/A", DictionaryObject())).get("/Scope")
            if scope not in SCOPES:
                found.append(f"table header cell {counts[kind]} has no scope (/A /Scope)")
        if kind in {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}:
            headings.append(int(kind[2]))
        page = element.get("/Pg")
        if isinstance(page, IndirectObject) and page.idnum in pages:
            if pages[page.idnum] < last_page:
                found.append(f"{kind[1:]} element on page {pages[page.idnum] + 1} is read after page {last_page + 1}")
            last_page = max(last_page, pages[page.idnum])
    if headings.count(1) != 1:
        found.append(f"{headings.count(1)} H1 headings, not one")
    for before, after in zip(headings, headings[1:]):
        if after > before + 1:
            found.append(f"an H{after} follows an H{before}: a heading level is skipped")
    return found, counts


def main(paths: list[str]) -> int:
    """Check each PDF; print its problems (or its tag counts) and return 1 if any has a problem."""
    failed = 0
    for name in paths:
        found, counts = problems(Path(name))
        summary = ", ".join(f"{counts[k]} {k[1:]}" for k in ("/H1", "/H2", "/H3", "/Table", "/TH", "/Figure"))
        if found:
            failed += 1
            for problem in found:
                print(f"{name}: {problem}")
        else:
            print(f"{name}: tagged PDF/UA-1, title and language set; {summary}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
