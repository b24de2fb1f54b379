"""Faults: a failing cell, an interrupt, one bad council in a batch. Nothing half-done, nothing lost."""

import hashlib
import re
import shutil

import pytest

from kpilib._driver import build as build_module
from kpilib._driver.batch import build_month
from kpilib._driver.build import build_paper
from kpilib._driver.cli import main
from kpilib._driver.publish import clean_outputs
from kpilib._inputs.errors import InputError
from kpilib._inputs.months import Month

from .conftest import PARAMS

pytestmark = pytest.mark.e2e  # builds real papers or runs the command line

FEB = Month.parse("2019-02")
BREAK_610 = '''
import kpilib._render.charts as charts

_chart = charts.chart_img
def chart_img(row, fmt):
    if row.indicator.id == "610":
        raise ValueError("the chart could not be drawn")
    return _chart(row, fmt)
charts.chart_img = chart_img
'''


def digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


@pytest.fixture(scope="module")
def good_outputs(tmp_path_factory):
    """A good Norfolk paper already published, as a user would have from last time."""
    outputs = tmp_path_factory.mktemp("outputs")
    assert build_paper("norfolk", FEB, PARAMS, outputs).status == "built"
    return outputs


def fresh_copy(good_outputs, tmp_path):
    outputs = tmp_path / "outputs"
    shutil.copytree(good_outputs, outputs)
    return outputs


def test_a_failing_cell_names_section_and_kpi_and_publishes_nothing(good_outputs, tmp_path, monkeypatch):
    outputs = fresh_copy(good_outputs, tmp_path)
    before = digests(outputs / "2019-02")
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-break.py").write_text(BREAK_610)
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))  # the kernel runs this at start

    outcome = build_paper("norfolk", FEB, PARAMS, outputs)

    assert outcome.status == "failed"
    assert (
        "(paper.report_cards()) raised SectionError: while building report cards, KPI 610: "
        "ValueError: the chart could not be drawn" in outcome.reason
    )
    assert (outputs / "2019-02" / "failed" / "norfolk.ipynb").is_file()
    assert digests(outputs / "2019-02") == before  # the previous good paper, untouched
    assert not list((outputs / "2019-02").glob(".norfolk-*"))  # no staging left behind


def test_an_interrupt_leaves_the_previous_paper(good_outputs, tmp_path, monkeypatch):
    outputs = fresh_copy(good_outputs, tmp_path)
    before = digests(outputs / "2019-02")

    def interrupted(html, target, folder):
        target.write_bytes(b"%PDF-1.7 half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "write_pdf", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_paper("norfolk", FEB, PARAMS, outputs)
    assert digests(outputs / "2019-02") == before
    assert not list((outputs / "2019-02").glob(".norfolk-*"))


def test_staging_left_by_a_killed_build_is_swept(good_outputs, tmp_path):
    outputs = fresh_copy(good_outputs, tmp_path)
    leftover = outputs / "2019-02" / ".norfolk-999999999-abcdefgh"  # staging as a killed build (no such pid) left it
    leftover.mkdir()
    (leftover / "norfolk.html").write_text("half")
    assert build_paper("norfolk", FEB, PARAMS, outputs).status == "built"
    assert not leftover.exists()


def test_one_bad_council_does_not_stop_the_others(tmp_path, capsys):
    params = tmp_path / "params"
    shutil.copytree(PARAMS / "norfolk", params / "norfolk")
    shutil.copytree(PARAMS / "norfolk", params / "suffolk")
    actuals = params / "suffolk" / "actuals.csv"
    actuals.write_text(actuals.read_text().replace("610,2019-02,21.6", "610,2019-02,21.6.0"))
    code = main(["--params", str(params), "report", "--month", "2019-02", "--outputs", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == 1
    out = tmp_path / "out" / "2019-02"
    built, summary = captured.out.splitlines()
    assert re.fullmatch(
        re.escape(f"built norfolk 2019-02: {out}/norfolk.{{ipynb,html,pdf,scores.csv,provenance.json}} (")
        + r"\d+\.\d s\)",
        built,
    )
    assert summary == "1 built, 0 skipped, 1 failed"
    assert captured.err == f"failed suffolk:\n  {params}/suffolk/actuals.csv:66: value: '21.6.0' is not a number\n"
    assert (tmp_path / "out" / "2019-02" / "norfolk.pdf").is_file()
    assert not (tmp_path / "out" / "2019-02" / "suffolk.html").exists()
    with pytest.raises(InputError, match="'21.6.0' is not a number"):  # named alone: a hard error, up front
        build_month(FEB, "suffolk", params, tmp_path / "out2")


def test_clean_removes_outputs_only(tmp_path):
    outputs = tmp_path / "outputs"
    (outputs / "2019-02" / "failed").mkdir(parents=True)
    (outputs / "2019-02" / "norfolk.html").write_text("paper")
    (outputs / ".gitkeep").write_text("")
    narrative = PARAMS / "norfolk" / "narrative" / "2019-02.ipynb"
    before = narrative.read_bytes()
    assert clean_outputs(outputs) == []
    # The month's lock file stays (see clean_outputs); every paper and the failed/ folder go.
    assert sorted(str(p.relative_to(outputs)) for p in outputs.rglob("*")) == [".gitkeep", "2019-02", "2019-02/.lock"]
    assert narrative.read_bytes() == before
