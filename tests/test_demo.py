"""The synthetic demo council: deterministic, labelled synthetic, and exercising every status."""

import csv
import io
from decimal import Decimal as D

import pytest

from kpilib import open_paper
from kpilib._driver.demo import generate
from kpilib._inputs.months import Month

from .conftest import PARAMS


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_same_seed_same_files_and_the_committed_files_are_the_generators():
    files = generate()
    assert files == generate()
    assert generate(seed=7) != files
    for name, text in files.items():
        assert (PARAMS / "demo" / name).read_text(encoding="utf-8") == text, name


def test_demo_descriptions_keep_acronyms_and_counts_are_whole():
    files = generate()
    kpis = {k["kpi_id"]: k for k in rows(files["kpis.csv"])}
    assert kpis["ICT_KPI_04"]["description"] == "Number of ICT failures in the month (synthetic measure 12)"
    assert kpis["HR_KPI_03"]["description"].startswith("% of HR and payroll work")
    actual = {(a["kpi_id"], a["month"]): a["value"] for a in rows(files["actuals.csv"])}
    # ICT_KPI_04 counts failures: red in Jan-24 at MSL 5 + max(0.6 x 4, 1) = 7.4, made whole: 7.
    assert actual[("ICT_KPI_04", "2024-01")] == "7.00"


def test_a_larger_demo_for_benchmarks():
    files = generate(kpi_count=200, months=60)
    kpis = rows(files["kpis.csv"])
    assert len(kpis) == 200
    assert sum(int(k["points"] or 0) for k in kpis) <= 1000


@pytest.fixture(scope="module")
def demo():
    return open_paper("demo", "2024-03", PARAMS)


def test_labelled_synthetic(demo):
    assert demo.council.synthetic is True
    assert "synthetic" in demo.council.name and "synthetic" in demo.council.committee.lower()
    assert "Synthetic demonstration data" in demo.header().data


def test_every_status_is_exercised(demo):
    card, cat = demo.scorecard, demo.council.indicators
    cells = [(kpi, c) for kpi, rows_ in card.history.items() for c in rows_]
    # params/demo/actuals.csv lines 7, 22 and 647 are data_not_available; lines 309, 349, 350, 431
    # and 432 are mitigated, two of them without a value.
    assert [(kpi, str(c.month)) for kpi, c in cells if c.data_not_available] == [
        ("REV_KPI_01", "2021-09"),
        ("REV_KPI_01", "2022-12"),
        ("CC_KPI_03", "2024-01"),
    ]
    assert [(kpi, str(c.month), c.value) for kpi, c in cells if c.rag.value == "mitigated"] == [
        ("ICT_KPI_01", "2022-11", D("79.00")),
        ("ICT_KPI_02", "2023-03", None),
        ("ICT_KPI_02", "2023-04", None),
        ("ICT_KPI_04", "2024-01", D("7.00")),
        ("ICT_KPI_04", "2024-02", D("7.00")),
    ]
    assert [k.id for k in cat.values() if not k.in_use] == ["ICT_KPI_08", "HR_KPI_07"]
    assert cat["CC_KPI_08"].first_use == Month(2022, 4)
    assert len({(lv.tsl, lv.msl) for lv in cat["ICT_KPI_03"].levels}) == 2  # changed mid-contract
    assert len(cat["CC_KPI_01"].levels) == 4  # rising by contract year
    assert [(kpi, str(c.month), c.escalation.state) for kpi, c in cells if c.escalation] == [
        ("HR_KPI_02", "2023-08", "amended"),
        ("HR_KPI_03", "2024-03", "open"),
    ]
    # Failures in a row, at their longest: 2, 3, and 5 (REV_KPI_04, Oct-23 to Feb-24).
    longest = {kpi: max(a.run for a in entries) for kpi, entries in card.abatement.items()}
    assert {kpi: run for kpi, run in longest.items() if run >= 2} == {"REV_KPI_02": 2, "REV_KPI_03": 3, "REV_KPI_04": 5}
    assert sum(k.points or 0 for k in cat.values() if k.in_use) == D(1000)


def test_drifting_green_kpi_is_flagged_before_it_crosses(demo):
    fin1 = next(t for t in demo.scorecard.green_trends() if t["kpi"].id == "FIN_KPI_01")
    # 98.40 falling 0.55 a month from Apr-23 reaches 92.35 in Mar-24. The points lie on one line, so
    # Theil-Sen gives what least squares gave: every pairwise slope is -0.55 (their median too), and
    # every value + 0.55x is 98.40 (the intercept). Worse than 90 beyond x = 8.40 / 0.55 = 15.3,
    # i.e. from x = 16, the 16th month after Apr-23: August 2024.
    assert fin1["flagged"] is True and fin1["projection"].crossing == Month(2024, 8)
    assert round(fin1["projection"].slope, 6) == -0.55
    assert (fin1["projection"].first, fin1["projection"].last) == (Month(2023, 4), Month(2024, 3))


def test_a_green_month_after_a_failure_run_is_not_projected_to_fail(demo):
    rev4 = next(t for t in demo.scorecard.green_trends() if t["kpi"].id == "REV_KPI_04")
    # Apr-23 to Mar-24: 4.10 six times, 9.80 five times (Oct-23 to Feb-24), 4.10 in Mar; TSL 5,
    # smaller is better. Least squares (slope +0.50, line 9.2 in Mar-24) put the line above 5 already,
    # yet the paper said "from April 2024". Theil-Sen: of 66 pairwise slopes 31 are 0 (15 + 10 pairs
    # within each level, 6 from the first 4.10s to Mar), 30 positive, 5 negative; the 33rd and 34th
    # are 0. A flat line at the median value, 4.10: better than the TSL, nothing to flag.
    assert (round(rev4["projection"].slope, 9), round(rev4["projection"].intercept, 9)) == (0.0, 4.1)
    assert rev4["projection"].crossing is None and rev4["projection"].worse_since is None
    assert rev4["flagged"] is False


def test_points_and_credits_worked_by_hand(demo):
    card = demo.scorecard
    # REV_KPI_04 carries 15 points and fails Oct-23 to Feb-24: x1, x1.5, x2, x2, x2.
    rev4 = [card.points_at("REV_KPI_04", Month(2023, 10) + i).points for i in range(5)]
    assert rev4 == [15, D("22.5"), 30, 30, 30]
    # CC_KPI_03's data was not available in Jan-24: its full 30 points.
    assert card.points_at("CC_KPI_03", Month(2024, 1)).points == 30
    # 0.01% of a 400,000 monthly charge is 40 a point; the cap is 0.1% of 12 x 400,000 = 4,800 a year.
    credits = {str(c.month): c for c in card.credits}
    assert credits["2023-11"].uncapped == D("900.00")
    # Contract year 3 (Apr-23 to Mar-24): 600 + 900 + 1,200 before January leaves 2,100 of the cap.
    assert (credits["2024-01"].points, credits["2024-01"].uncapped, credits["2024-01"].credit) == (
        D(60),
        D("2400.00"),
        D("2100.00"),
    )
    assert credits["2024-03"].credit == 0 and credits["2024-03"].capped_by == D("1200.00")
    assert card.kpi_credits[("REV_KPI_04", Month(2024, 1))] == D("1050.00")


def test_mitigation_relieves_points(demo):
    mitigated = demo.scorecard.points_at("ICT_KPI_04", Month(2024, 1))
    assert (mitigated.points, mitigated.relieved) == (0, 15)


def test_contract_year_labels_in_column_heads(demo):
    assert demo.heads([Month(2023, 10), Month(2024, 4)]) == ["Yr 3 Oct-23", "Yr 4 Apr-24"]


def test_lincolnshire_shows_no_points_and_plain_heads():
    lincs = open_paper("lincolnshire", "2017-08", PARAMS)
    points = lincs.abatement().data  # points per KPI are not published: none invented
    assert "pts)" not in points and "Total points" not in points and "£" not in points
    assert lincs.trend_analysis().data == ""  # not configured for this council
    assert lincs.heads([Month(2017, 3)]) == ["Mar-17"]


def test_lincolnshire_raw_outcome(lincs_aug17):
    raw = lincs_aug17.summary_raw()
    # ACF_KPI_10 was mitigated in Jun and Jul with 100.00 recorded: green on its value.
    assert raw["tsl"] == [33, 29, 31, 33, 35, 34]
    assert raw["mitigation"] == [3, 3, 3, 3, 2, 1]
    assert raw["unscored"] == [3, 3, 3, 2, 1, 1]  # mitigated with no value: no raw outcome
    assert raw["total"] == [37, 38, 38, 39, 40, 40]


@pytest.mark.e2e
def test_demo_paper_builds_with_its_money_sections(tmp_path):
    from pypdf import PdfReader

    from kpilib._driver.build import build_paper

    outcome = build_paper("demo", Month.parse("2024-03"), PARAMS, tmp_path)
    assert outcome.status == "built", outcome.reason
    out = tmp_path / "2024-03"
    html = (out / "demo.html").read_text(encoding="utf-8")
    assert "Synthetic demonstration data." in html and "SYNTHETIC DEMO DATA" in html
    assert "Table 1a: Raw outcome, mitigation ignored" in html
    assert "Table 1b: total abatement points per month since April 2021." in html
    assert "FIN_KPI_01 (projected to be worse than its TSL from August 2024; fitted on Apr-23 to Mar-24)" in html
    pages = [page.extract_text() for page in PdfReader(out / "demo.pdf").pages]
    assert "SYNTHETIC DEMO DATA" in pages[0] and "Synthetic demonstration data" in pages[0]
    # A table stays on one page with its caption and TOTAL row; the points chart with its caption.
    table1 = next(p for p in pages if "Table 1: Overall KPI Summary Performance" in p)
    assert "TOTAL" in table1.split("Table 1: Overall KPI Summary Performance")[1]
    chart = next(p for p in pages if "Table 1b: total abatement points" in p)
    assert "Feb-24" in chart and "Points" in chart  # the chart's axis labels: the latest month
    scores = rows((out / "demo.scores.csv").read_text())
    by = {(r["kpi_id"], r["month"]): r for r in scores}
    assert (by[("REV_KPI_04", "2023-11")]["abatement_points"], by[("REV_KPI_04", "2023-11")]["service_credit"]) == (
        "22.5",
        "900.00",
    )
    assert (by[("HR_KPI_03", "2024-03")]["abatement_points"], by[("HR_KPI_03", "2024-03")]["service_credit"]) == (
        "30",
        "0.00",
    )
    january = sum(D(r["service_credit"]) for r in scores if r["month"] == "2024-01" and r["service_credit"])
    assert january == D("2100.00")  # KPI shares add up to the capped month


@pytest.mark.parametrize("month", ["2024-02", "2024-03"])
def test_demo_months_have_a_synthetic_narrative_in_every_slot(month):
    paper = open_paper("demo", month, PARAMS)
    assert paper.warnings == []  # no "Commentary to follow" anywhere, a meeting date set
    assert paper.narrative.text("Summary").startswith("*Synthetic commentary, written for the demo.*")
