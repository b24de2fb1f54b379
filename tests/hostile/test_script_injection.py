"""Hostile text in every configuration field and narrative slot never becomes live markup in a paper."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser

import pytest
import yaml

from kpilib._driver.build import build_paper
from kpilib._inputs.months import Month

from ..conftest import PARAMS

pytestmark = pytest.mark.e2e  # builds real papers or runs the command line


PAYLOAD = '</style><script>alert(1)</script>"><img src=x onerror=alert(1)><svg onload=alert(1)>\\"};</style>'
LINKS = "[a](javascript:alert(1)) ![b](javascript:alert(2)) [c](JaVaScRiPt:alert(3)) <javascript:alert(4)>"
# Keys whose values are codes, dates or choices the loader checks, not text that is printed.
NOT_TEXT = {
    "id",
    "template",
    "rule",
    "unit",
    "direction",
    "code",
    "from",
    "commencement",
    "month_label",
    "report_cards",
    "payroll_area",
    "meetings",
    "report_card_order",
}
CSV_TEXT = {
    "kpis.csv": ("description",),
    "projects.csv": ("service_area", "outcome", "status", "update", "project"),
    "escalations.csv": ("reason",),
    "levels.csv": ("note",),
    "actuals.csv": ("note",),
    "payroll.csv": ("group",),
}


def poison(value):
    """Every free-text string of a council.yml with PAYLOAD appended."""
    if isinstance(value, dict):
        return {k: v if k in NOT_TEXT else poison(v) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v) for v in value]
    return value + PAYLOAD if isinstance(value, str) else value


def hostile_copy(tmp_path, key: str, month: str):
    """params/<key> copied with PAYLOAD in council.yml, every text column of its CSVs and every narrative cell."""
    folder = tmp_path / "params" / key
    shutil.copytree(PARAMS / key, folder)
    config = yaml.safe_load((folder / "council.yml").read_text(encoding="utf-8"))
    (folder / "council.yml").write_text(yaml.safe_dump(poison(config), allow_unicode=True), encoding="utf-8")
    for name, columns in CSV_TEXT.items():
        path = folder / name
        if not path.exists():
            continue
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        for row in rows:
            for column in columns:
                # Notes, reasons, states and payroll groups mark rows when set; poison only those already set.
                if column in row and (row[column] or column in ("description", "project", "update", "outcome")):
                    row[column] += PAYLOAD
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    narrative = folder / "narrative" / f"{month}.ipynb"
    notebook = json.loads(narrative.read_text(encoding="utf-8"))
    # A service area's subsection titles are printed, and also name their narrative slots.
    subsections = [
        f"{area['code']} {title}"
        for area in config.get("contract", {}).get("service_areas", [])
        for title in area.get("subsections", [])
    ]
    for cell in notebook["cells"]:
        heading, _, body = "".join(cell["source"]).partition("\n")
        if heading.removeprefix("## ") in subsections:
            heading += PAYLOAD
        cell["source"] = f"{heading}\n{body}\n\n{PAYLOAD} {LINKS}\n"
    narrative.write_text(json.dumps(notebook), encoding="utf-8")
    return tmp_path / "params"


class Scan(HTMLParser):
    """Everything in a page that a browser would run or follow."""

    def __init__(self):
        super().__init__()
        self.elements, self.handlers, self.urls, self.styles, self._in_style = [], [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                self.urls.append(value)
        if tag == "style":
            self._in_style = True
            self.styles.append("")

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles[-1] += data


@pytest.fixture(
    scope="module", params=[("norfolk", "2019-02"), ("lincolnshire", "2017-08")], ids=["vital-signs", "contract"]
)
def hostile_paper(request, tmp_path_factory):
    key, month = request.param
    tmp_path = tmp_path_factory.mktemp(key)
    params = hostile_copy(tmp_path, key, month)
    outcome = build_paper(key, Month.parse(month), params, tmp_path / "outputs")
    assert outcome.status == "built", outcome.reason
    html = (tmp_path / "outputs" / month / f"{key}.html").read_text(encoding="utf-8")
    scan = Scan()
    scan.feed(html)
    return html, scan


def test_no_script_svg_or_event_handler_from_any_field(hostile_paper):
    html, scan = hostile_paper
    # The payload did reach the page, as text, from many fields (council, committee, titles, CSVs, narrative).
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") > 40
    assert not {"script", "svg", "iframe", "object", "embed"} & set(scan.elements)
    assert scan.handlers == []
    # Charts are SVG inside <img> data: URIs (where no script runs); their own markup is clean too.
    charts = [base64.b64decode(u.split(",", 1)[1]).decode() for u in scan.urls if u.startswith("data:image/svg+xml")]
    for chart in charts:
        inner = Scan()
        inner.feed(chart)
        assert "script" not in inner.elements and inner.handlers == []


# What the check below has to check: Norfolk's 8 report cards, each linked from the dashboard and
# drawn as an SVG chart; each paper's two officer contacts as mailto: links (Lincolnshire draws no
# chart); and in both, the skip link to the paper itself.
LINKS_AND_IMAGES = {
    "vital-signs": {"#": 9, "data:image/svg+xml": 8, "mailto:": 2},
    "contract": {"#": 1, "mailto:": 2},
}


def test_no_javascript_url_in_any_link_or_image(hostile_paper, request):
    _, scan = hostile_paper
    kinds = [next((k for k in ("#", "data:image/svg+xml", "mailto:") if u.startswith(k)), u) for u in scan.urls]
    assert {k: kinds.count(k) for k in kinds} == LINKS_AND_IMAGES[request.node.callspec.id]


def test_running_head_stays_inside_its_css_string(hostile_paper):
    html, scan = hostile_paper
    assert len(scan.styles) == 1 and len(re.findall("</style", html, re.I)) == 1
    head = re.search(r"content: (\"[^\"]*\");", scan.styles[0]).group(1)
    assert "<" not in head and "\\3c \\2f style\\3e \\3c script\\3e alert(1)" in head


def test_css_string_escapes_what_could_end_the_string_or_the_style():
    from kpilib._render.html import css_string

    assert css_string('Norfolk · A&B') == '"Norfolk \\b7  A&B"'
    assert css_string('"</style>\\\n') == '"\\22 \\3c \\2f style\\3e \\5c \\a "'


def test_escaped_running_head_still_prints_as_written(built_twice):
    from pypdf import PdfReader

    reader = PdfReader(built_twice[0] / "norfolk.pdf")
    assert all(
        "Norfolk County Council · Digital Innovation & Efficiency Committee" in page.extract_text()
        for page in reader.pages[1:4]
    )
