"""Wide tables in labelled, keyboard-focusable scroll regions, so a phone scrolls the table, never the
page (WCAG 1.4.10), and a keyboard user can scroll it too (WCAG 2.1.1)."""

from __future__ import annotations

import html
import re

# Applied to the finished paper, whose every untrusted string is already escaped for HTML: a literal
# '<table' or '</table>' can only come from our own templates, and tables are never nested.
TABLE = re.compile(r"<table\b(?P<attrs>[^>]*)>(?P<body>.*?)</table>", re.S)
CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S)
FIRST_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<t[hd]\b([^>]*)>")
COLSPAN = re.compile(r'colspan="(\d+)"')
TAG = re.compile(r"<[^>]+>")
# Two columns wrap to any width; a table of three or more may not fit a phone's 320 px.
MOST_COLUMNS_THAT_WRAP = 2


def columns(table_html: str) -> int:
    """How many columns the table's first row spans."""
    row = FIRST_ROW.search(table_html)
    if not row:
        return 0
    return sum(int(m.group(1)) if (m := COLSPAN.search(attrs)) else 1 for attrs in CELL.findall(row.group(1)))


def scroll_regions(page: str) -> str:
    """Each table of more than two columns wrapped in a focusable region named by its caption."""

    def wrap(match: re.Match) -> str:
        table = match.group(0)
        if columns(table) <= MOST_COLUMNS_THAT_WRAP:
            return table
        caption = CAPTION.search(table)
        name = html.unescape(TAG.sub("", caption.group(1))).strip() if caption else ""
        name = " ".join(name.split()) or "Table"
        wide = " wide" if 'class="dashboard"' in match.group("attrs") else ""
        return (
            f'<div class="table-scroll{wide}" role="region" tabindex="0" '
            f'aria-label="{html.escape(name, quote=True)} (scrolls sideways)">{table}</div>'
        )

    return TABLE.sub(wrap, page)
