"""End to end: the February 2019 Norfolk paper, built from the project's params."""

import csv
import io
import json
import re

import pytest
from pypdf import PdfReader

from kpilib._driver.batch import build_month
from kpilib._driver.build import check_parameters, plan, template_path
from kpilib._driver.cli import main
from kpilib._inputs.errors import InputError
from kpilib._inputs.months import Month

pytestmark = pytest.mark.e2e  # builds real papers or runs the command line


# Feb 19 RAG of each vital sign, worked by hand from the seed's dashboard.
FEB_19 = {
    "320": "awaited",
    "323": "awaited",
    "608": "amber",
    "609": "green",
    "610": "red",
    "611": "green",
    "626": "green",
    "636": "green",
}


def test_all_outputs_written(built_twice):
    first = built_twice[0]
    names = sorted(p.name for p in first.iterdir() if not p.name.startswith("."))  # hidden: lock, published set
    assert names == ["norfolk.html", "norfolk.ipynb", "norfolk.pdf", "norfolk.provenance.json", "norfolk.scores.csv"]


def test_html_is_byte_identical_across_builds(built_twice):
    first, second = built_twice[0], built_twice[1]
    assert (first / "norfolk.html").read_bytes() == (second / "norfolk.html").read_bytes()


def test_html_shows_every_indicator_with_its_rag_label(built_twice):
    html = (built_twice[0] / "norfolk.html").read_text(encoding="utf-8")
    for kpi, rag in FEB_19.items():
        assert f'<td class="rag rag-{rag}" title="{kpi} Feb 19: ' in html, kpi
    # Labelled as well as coloured: the 610 Feb 19 cell prints R.
    cell = re.search(r'title="610 Feb 19: red">(.*?)</td>', html, re.S).group(1)
    assert '<span class="lbl">R</span>' in cell and "21.6%" in cell and "714 / 3305" in cell


def test_html_has_no_code_and_no_scripts(built_twice):
    html = (built_twice[0] / "norfolk.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "VitalSignsPaper" not in html and "params_root" not in html


def test_report_cards_with_alt_text_and_narrative(built_twice):
    html = (built_twice[0] / "norfolk.html").read_text(encoding="utf-8")
    assert html.count('<article class="report-card"') == 8  # Norfolk shows every card
    assert (
        'alt="Line chart of First line fix, Feb 18 to Feb 19: from 33.0% to 21.6% against a target of 28.0% (red); '
        "it has fallen for 5 months running. Highest 35.6% (Apr 18), lowest 21.6% (Feb 19). Red in Jan 19 and "
        'Feb 19. Amber in Dec 18."' in html
    )
    assert "technical knowledge base" in html  # from the February narrative


def test_pdf_pages_and_landscape_dashboard(built_twice):
    reader = PdfReader(built_twice[0] / "norfolk.pdf")
    assert len(reader.pages) == 13
    first = reader.pages[0]
    assert [round(float(x), 2) for x in first.mediabox] == [0, 0, 595.28, 841.89]  # A4 portrait: 210 x 297 mm
    dashboard = next(p for p in reader.pages if "Vital Signs Dashboard" in p.extract_text())
    assert float(dashboard.mediabox.width) > float(dashboard.mediabox.height)  # landscape
    assert f"Page 1 of {len(reader.pages)}" in first.extract_text()


def test_scores_export(built_twice):
    rows = list(csv.DictReader(io.StringIO((built_twice[0] / "norfolk.scores.csv").read_text())))
    assert len(rows) == 8 * 13
    assert list(rows[0])[:7] == ["kpi_id", "month", "value", "target", "rag", "data_quality", "exception"]
    by = {(r["kpi_id"], r["month"]): r for r in rows}
    row = by[("610", "2019-02")]
    assert (row["value"], row["target"], row["rag"], row["exception"]) == (
        "21.6",
        "28",
        "red",
        "off_target;deteriorating",
    )
    assert by[("610", "2019-01")]["exception"] == ""  # only the assessed month carries exceptions
    assert by[("608", "2019-02")]["exception"] == "deteriorating"
    assert by[("320", "2019-02")]["rag"] == "awaited" and by[("320", "2019-02")]["value"] == ""
    assert by[("320", "2018-05")]["rag"] == "data_only" and by[("320", "2018-05")]["target"] == ""
    assert by[("323", "2019-01")]["data_quality"] == "numerator/denominator give 155.0%, not 60.8%"
    assert {by[(k, "2019-02")]["rag"] for k in FEB_19} == set(FEB_19.values())


def test_provenance_json_matches_the_paper(built_twice):
    record = json.loads((built_twice[0] / "norfolk.provenance.json").read_text())
    html = (built_twice[0] / "norfolk.html").read_text(encoding="utf-8")
    # Every file of params/norfolk the paper reads, and the template.
    assert sorted(record["inputs"]) == [
        "notebooks/vital_signs.ipynb",
        "params/norfolk/actuals.csv",
        "params/norfolk/council.yml",
        "params/norfolk/narrative/2019-02.ipynb",
        "params/norfolk/projects.csv",
    ]
    for name, digest in record["inputs"].items():
        assert f"<code>{name}</code> {digest[:12]}" in html
    assert f"from commit {record['git_commit']}" in html


def test_building_never_touches_the_narrative(built_twice):
    assert built_twice[2] == built_twice[3]


def test_parameters_checked_before_any_kernel(params_copy):
    with pytest.raises(InputError, match="unknown council 'nofolk'"):
        plan(Month.parse("2019-02"), "nofolk", params_copy)
    with pytest.raises(InputError, match=r"norfolk has no data for 2017-08 \(data from 2018-02 to 2019-02\)"):
        plan(Month.parse("2017-08"), "norfolk", params_copy)
    with pytest.raises(InputError, match=r"unknown parameter 'monht'"):
        check_parameters(template_path("vital_signs"), {"council": "norfolk", "monht": "2019-02"})


def test_without_council_a_month_without_data_is_skipped(params_copy):
    outcomes = build_month(Month.parse("2017-08"), None, params_copy, params_copy.parent / "out")
    assert [(o.council, o.status, o.reason) for o in outcomes] == [
        ("norfolk", "skipped", "norfolk has no data for 2017-08 (data from 2018-02 to 2019-02)")
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["report"], "MONTH is required."),
        (["report", "--month", "2019-2"], "MONTH: '2019-2' is not a month in the form YYYY-MM."),
    ],
)
def test_make_report_without_a_good_month_says_how_to_call_it(args, message, capsys):
    assert main(args) == 2
    assert capsys.readouterr().err == (
        f"{message}\nusage: make report MONTH=YYYY-MM [COUNCIL=name]   (for example: make report MONTH=2019-02)\n"
    )


def test_misspelt_parameter_stops_the_batch_before_any_kernel(params_copy, capsys):
    outputs = params_copy.parent / "out"
    code = main(
        [
            "--params",
            str(params_copy),
            "report",
            "--month",
            "2019-02",
            "--outputs",
            str(outputs),
            "-p",
            "monht",
            "2019-02",
        ]
    )
    assert code == 1
    assert capsys.readouterr().err.strip() == (
        "error: vital_signs.ipynb: unknown parameter 'monht' (the template takes: council, month, params_root)"
    )
    assert not outputs.exists()
