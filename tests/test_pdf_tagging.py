"""The PDF is tagged PDF/UA-1: read back by make accessibility's own check (tools/accessibility)."""

import importlib.util
from pathlib import Path

import pytest

from kpilib._inputs.council import PROJECT_ROOT
from kpilib._render import pdf

spec = importlib.util.spec_from_file_location("check_pdf", PROJECT_ROOT / "tools" / "accessibility" / "check_pdf.py")
check_pdf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_pdf)

PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>Test council: a paper</title></head><body><main>
<h1>A paper</h1><h2>Figures</h2>
<table><caption>Points</caption><thead><tr><th scope="col">KPI</th><th scope="col">Mar-17</th></tr></thead>
<tbody><tr><th scope="row">PM_KPI_06</th><td>3</td></tr></tbody></table>
<p>Text.</p></main></body></html>"""


@pytest.fixture
def written(tmp_path):
    def write(html: str = PAGE) -> Path:
        target = tmp_path / "paper.pdf"
        assert pdf.write_pdf(html, target, tmp_path) == []
        return target

    return write


def test_a_written_pdf_passes_the_pdf_ua_check(written):
    problems, counts = check_pdf.problems(written())
    assert problems == []
    assert (counts["/H1"], counts["/H2"], counts["/Table"], counts["/TH"], counts["/TD"]) == (1, 1, 1, 3, 1)


def test_without_the_scope_finisher_the_check_finds_the_three_unscoped_headers(written, monkeypatch):
    monkeypatch.setattr(pdf, "scope_headers", lambda document, written_pdf: None)
    problems, _ = check_pdf.problems(written())
    assert problems == [f"table header cell {n} has no scope (/A /Scope)" for n in (1, 2, 3)]


def test_a_skipped_heading_level_and_a_missing_language_are_found(written):
    html = PAGE.replace(' lang="en-GB"', "").replace("<h2>Figures</h2>", "<h3>Figures</h3>")
    problems, _ = check_pdf.problems(written(html))
    assert problems == ["no document language (/Lang)", "an H3 follows an H1: a heading level is skipped"]
