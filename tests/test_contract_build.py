"""End to end: Lincolnshire's August 2017 contract paper, built from the project's params."""

import csv
import io
import re

import pytest
from pypdf import PdfReader

from kpilib._driver.build import build_paper, plan
from kpilib._inputs.months import Month

from .conftest import PARAMS
from .test_contract_scoring import HAND_COUNTS

pytestmark = pytest.mark.e2e  # builds real papers or runs the command line


MONTHS = ["Mar-17", "Apr-17", "May-17", "Jun-17", "Jul-17", "Aug-17"]


@pytest.fixture(scope="module")
def lincs_paper(tmp_path_factory):
    outputs = tmp_path_factory.mktemp("lincs")
    outcome = build_paper("lincolnshire", Month.parse("2017-08"), PARAMS, outputs)
    assert outcome.status == "built", outcome.reason
    return outputs / "2017-08"


def table_counts(html: str, number: int) -> dict[str, list[int]]:
    """The counts printed in summary Table `number` of the HTML, by row."""
    table = re.search(rf"<caption>Table {number}:.*?</table>", html, re.S).group(0)
    rows = {}
    for key, cells in re.findall(r'<tr class="row-(\w+)"><th scope="row">.*?</th>(.*?)</tr>', table, re.S):
        rows[key] = [int(n) for n in re.findall(r"<td>(\d+)", cells)]
    return rows


def appendix_counts(html: str) -> dict[str, list[int]]:
    """Counts taken from Appendix A's cells of the same HTML (their labelled RAG)."""
    appendix = html[html.index('class="appendix appendix-a"') :]
    by_rag = {"green": "tsl", "amber": "msl", "red": "below", "mitigation agreed": "mitigation"}
    counts = {key: [0] * 6 for key in list(by_rag.values()) + ["total"]}
    for month, words in re.findall(r'title="\w+ (\w{3}-17): ([a-z ]+)"', appendix):
        if words in by_rag:
            counts[by_rag[words]][MONTHS.index(month)] += 1
            counts["total"][MONTHS.index(month)] += 1
    return counts


def test_table_1_agrees_with_appendix_a_and_with_the_hand_counts(lincs_paper):
    html = (lincs_paper / "lincolnshire.html").read_text(encoding="utf-8")
    assert table_counts(html, 1) == appendix_counts(html) == HAND_COUNTS[None]


def test_each_service_area_table(lincs_paper):
    html = (lincs_paper / "lincolnshire.html").read_text(encoding="utf-8")
    for number, area in ((2, "PM"), (4, "IMT"), (5, "CSC"), (6, "ACF"), (7, "F")):
        assert table_counts(html, number) == HAND_COUNTS[area], area
    assert "Table 3: Payroll contacts received, Mar-17 to Aug-17" in html


def test_paper_reads_like_the_seed(lincs_paper):
    html = (lincs_paper / "lincolnshire.html").read_text(encoding="utf-8")
    assert (
        "between June 2017 and August 2017 (months 27 to 29 since the service commencement date of 1 April 2015)"
        in html
    )
    assert "amended following escalation; previously reported as 6.00, red" in html
    assert "IMT_KPI_01, IMT_KPI_02, IMT_KPI_05, IMT_KPI_07, Aug-17: in escalation" in html
    assert "F_KPI_01: TSL and MSL were 95 and 80 until Jun-17, and 90 and 75 from Jul-17" in html
    assert "normal levels: TSL 90 and MSL 85" in html
    assert html.count("KPI reference not in use") == 7
    assert "New KPI – first use in Apr-17" in html
    assert "Mitigation granted for June and July only" in html  # ACF_KPI_03
    assert "corporate: 142 resolved + 0 outstanding = 142, not the 143 received" in html
    annex = html[html.index("Data-quality annex") :]
    assert annex.count("<th scope=\"row\">Payroll contacts</th>") == 4  # Nov-16, Jan-17, Feb-17, Mar-17
    assert "<script" not in html


def test_pdf_has_landscape_appendix(lincs_paper):
    reader = PdfReader(lincs_paper / "lincolnshire.pdf")
    assert len(reader.pages) >= 8
    appendix = next(p for p in reader.pages if "Appendix A – Contract performance tables" in p.extract_text())
    assert float(appendix.mediabox.width) > float(appendix.mediabox.height)
    assert float(reader.pages[0].mediabox.width) < float(reader.pages[0].mediabox.height)


def test_scores_export_has_the_contract_columns(lincs_paper):
    rows = list(csv.DictReader(io.StringIO((lincs_paper / "lincolnshire.scores.csv").read_text())))
    assert list(rows[0]) == [
        "kpi_id",
        "month",
        "value",
        "target",
        "rag",
        "data_quality",
        "exception",
        "service_area",
        "tsl",
        "msl",
        "raw_rag",
        "data_not_available",
        "abatement_points",
        "service_credit",
    ]
    assert len(rows) == 48 * 6
    by = {(r["kpi_id"], r["month"]): r for r in rows}
    dna = by[("CSC_KPI_03", "2017-04")]
    assert (dna["rag"], dna["data_not_available"], dna["raw_rag"], dna["value"]) == ("red", "true", "", "")
    mitigated = by[("ACF_KPI_10", "2017-06")]
    assert (mitigated["rag"], mitigated["raw_rag"], mitigated["value"]) == ("mitigated", "green", "100.00")
    f01 = by[("F_KPI_01", "2017-03")]
    assert (f01["tsl"], f01["msl"], f01["rag"], f01["service_area"]) == ("95", "80", "amber", "F")
    assert by[("CSC_KPI_04", "2017-08")]["exception"] == "below_msl"
    assert by[("PM_KPI_04", "2017-08")]["rag"] == "not_measured"
    # The seed does not publish Lincolnshire's points per KPI: none are invented.
    assert {r["abatement_points"] for r in rows} == {""} and {r["service_credit"] for r in rows} == {""}


def test_without_council_each_month_builds_the_councils_that_have_it():
    build, others = plan(Month.parse("2017-08"), None, PARAMS)
    assert [inputs.council.key for inputs in build] == ["lincolnshire"]
    skipped = ["barnet", "demo", "lancashire", "lincolnshire", "norfolk"]
    assert [(o.council, o.status) for o in others] == [(c, "skipped") for c in skipped if c != "lincolnshire"]
    build, others = plan(Month.parse("2019-02"), None, PARAMS)
    assert [inputs.council.key for inputs in build] == ["norfolk"]
    assert [(o.council, o.status) for o in others] == [(c, "skipped") for c in skipped if c != "norfolk"]
    assert others[0].reason == "barnet has no data for 2019-02 (data from 2014-05 to 2014-05)"
