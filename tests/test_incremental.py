"""Incremental builds, end to end: a paper is rebuilt only when something it is made from changed."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from kpilib._driver import cache
from kpilib._driver.batch import build_month
from kpilib._driver.build import SUFFIXES, plan
from kpilib._driver.cli import main
from kpilib._inputs.council import PROJECT_ROOT
from kpilib._inputs.months import Month
from kpilib._papers import provenance
from kpilib._papers.registry import PaperType

from .conftest import PARAMS

pytestmark = pytest.mark.e2e  # builds real papers or runs the command line

MARCH = Month.parse("2024-03")
SENTENCE = "All 8 Revenues and Benefits KPIs met the TSL in March."
EDITED = "All 8 Revenues and Benefits KPIs met the TSL in March, as the committee heard in person."


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """Two copies of the demo council, demo1 and demo2, built for March 2024 once."""
    base = tmp_path_factory.mktemp("incremental")
    for name in ("demo1", "demo2"):
        shutil.copytree(PARAMS / "demo", base / "params" / name)
    outcomes = build_month(MARCH, None, base / "params", base / "outputs")
    assert [(o.council, o.status) for o in outcomes] == [("demo1", "built"), ("demo2", "built")], [
        o.reason for o in outcomes
    ]
    return base


@pytest.fixture
def copy(first_build, tmp_path):
    """A copy of the first build's params and outputs (its published links kept as links), to change freely."""
    shutil.copytree(first_build / "params", tmp_path / "params")
    shutil.copytree(first_build / "outputs", tmp_path / "outputs", symlinks=True)
    return tmp_path / "params", tmp_path / "outputs"


def snapshot(folder):
    """Every entry of `folder` and below: its bytes (for files) and both modification times, by path."""
    found = {}
    for path in sorted(folder.rglob("*")):
        link, target = os.lstat(path), os.stat(path)
        found[str(path.relative_to(folder))] = (
            link.st_mtime_ns,
            target.st_mtime_ns,
            path.read_bytes() if path.is_file() else None,
        )
    return found


def statuses(outcomes):
    return {o.council: o.status for o in outcomes}


def edit_narrative(params, council):
    narrative = params / council / "narrative" / "2024-03.ipynb"
    text = narrative.read_text(encoding="utf-8")
    assert SENTENCE in text
    narrative.write_text(text.replace(SENTENCE, EDITED), encoding="utf-8")


def test_a_second_build_with_nothing_changed_is_up_to_date_and_touches_nothing(copy):
    params, outputs = copy
    before = snapshot(outputs)
    outcomes = build_month(MARCH, None, params, outputs)
    assert statuses(outcomes) == {"demo1": "up to date", "demo2": "up to date"}
    assert outcomes[0].files == [outputs / "2024-03" / f"demo1{suffix}" for suffix in SUFFIXES]
    assert snapshot(outputs) == before


def test_the_record_keeps_the_key_and_the_digests_of_the_published_files(first_build):
    folder = first_build / "outputs" / "2024-03"
    record = json.loads((folder / "demo1.provenance.json").read_text())
    assert len(record["build_key"]) == 64
    assert record["outputs"] == cache.output_digests(folder, "demo1")
    assert sorted(record["outputs"]) == ["demo1.html", "demo1.pdf", "demo1.scores.csv"]
    other = json.loads((folder / "demo2.provenance.json").read_text())
    assert other["build_key"] != record["build_key"]  # the council's name is a parameter of its paper


def test_a_no_op_command_says_every_paper_is_up_to_date_and_starts_no_kernel(copy):
    params, outputs = copy
    script = (
        "import sys\n"
        "from kpilib._driver.cli import main\n"
        f"code = main(['--params', {str(params)!r}, 'report', '--month', '2024-03', '--outputs', {str(outputs)!r}])\n"
        "heavy = ('papermill', 'nbconvert', 'nbformat', 'weasyprint', 'jupyter_client')\n"
        "print('imported:', sorted(m for m in heavy if m in sys.modules))\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "up to date demo1 2024-03: nothing it is made from has changed",
        "up to date demo2 2024-03: nothing it is made from has changed",
        "every paper is up to date (2); FORCE=1 rebuilds them",
        "imported: []",
    ]


def test_an_edited_narrative_rebuilds_that_councils_paper_alone(copy):
    params, outputs = copy
    untouched = {k: v for k, v in snapshot(outputs).items() if "demo2" in k}
    edit_narrative(params, "demo1")
    outcomes = build_month(MARCH, None, params, outputs)
    assert statuses(outcomes) == {"demo1": "built", "demo2": "up to date"}
    assert EDITED in (outputs / "2024-03" / "demo1.html").read_text(encoding="utf-8")
    assert {k: v for k, v in snapshot(outputs).items() if "demo2" in k} == untouched
    assert statuses(build_month(MARCH, None, params, outputs)) == {"demo1": "up to date", "demo2": "up to date"}


def test_force_rebuilds_a_paper_that_is_up_to_date(copy, capsys):
    params, outputs = copy
    html, record = outputs / "2024-03" / "demo2.html", outputs / "2024-03" / "demo2.provenance.json"
    before = html.read_bytes(), os.stat(html).st_mtime_ns, record.read_bytes()
    args = ["--params", str(params), "report", "--month", "2024-03", "--council", "demo2", "--outputs", str(outputs)]
    assert main([*args, "--force"]) == 0
    assert capsys.readouterr().out.startswith("built demo2 2024-03: ")
    assert html.read_bytes() == before[0]  # the same paper, byte for byte
    assert os.stat(html).st_mtime_ns != before[1]  # but made again
    assert record.read_bytes() == before[2]  # the record, build key included, is as deterministic as the paper
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("up to date demo2 2024-03")


def test_a_deleted_pdf_is_rebuilt(copy):
    params, outputs = copy
    (outputs / "2024-03" / "demo1.pdf").unlink()
    outcomes = build_month(MARCH, None, params, outputs)
    assert statuses(outcomes) == {"demo1": "built", "demo2": "up to date"}
    assert (outputs / "2024-03" / "demo1.pdf").read_bytes().startswith(b"%PDF-")


def test_a_changed_template_rebuilds_every_paper_made_from_it(copy, tmp_path, monkeypatch):
    params, outputs = copy
    template = tmp_path / "contract.ipynb"
    notebook = json.loads((PROJECT_ROOT / "notebooks" / "contract.ipynb").read_text(encoding="utf-8"))
    notebook["metadata"]["edited"] = "by a test: the template's bytes change, not what it does"
    template.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    monkeypatch.setattr(PaperType, "notebook", property(lambda self: template))
    assert [i.council.key for i in plan(MARCH, None, params, outputs_root=outputs)[0]] == ["demo1", "demo2"]
    assert statuses(build_month(MARCH, "demo1", params, outputs)) == {"demo1": "built"}
    built, others = plan(MARCH, None, params, outputs_root=outputs)
    assert [i.council.key for i in built] == ["demo2"] and statuses(others) == {"demo1": "up to date"}


def test_changed_kpilib_code_rebuilds_every_paper_but_a_new_commit_alone_does_not(copy, monkeypatch):
    params, outputs = copy
    recorded = json.loads((outputs / "2024-03" / "demo1.provenance.json").read_text())["git_commit"]
    monkeypatch.setattr(provenance, "git_commit", lambda root=PROJECT_ROOT: f"{'0' * 40} (not {recorded})")
    assert plan(MARCH, None, params, outputs_root=outputs)[0] == []
    monkeypatch.setattr(cache, "code_digest", lambda: "0" * 64)
    assert [i.council.key for i in plan(MARCH, None, params, outputs_root=outputs)[0]] == ["demo1", "demo2"]


def test_a_failed_build_never_counts_as_up_to_date(copy, tmp_path, monkeypatch):
    params, outputs = copy
    edit_narrative(params, "demo1")
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-break.py").write_text("from kpilib import ContractPaper\nContractPaper.summary = None\n")
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))  # the kernel runs this at start: the summary fails
    assert statuses(build_month(MARCH, "demo1", params, outputs)) == {"demo1": "failed"}
    assert (outputs / "2024-03" / "failed" / "demo1.ipynb").is_file()
    assert [i.council.key for i in plan(MARCH, None, params, outputs_root=outputs)[0]] == ["demo1"]


def test_an_unchanged_paper_is_found_up_to_date_without_loading_its_council(copy, monkeypatch):
    params, outputs = copy

    def no_loading(*args, **kwargs):
        raise AssertionError("the council was loaded")

    monkeypatch.setattr("kpilib._driver.build.read_watched", no_loading)
    _, others = plan(MARCH, None, params, outputs_root=outputs)
    assert [(o.council, o.status) for o in others] == [("demo1", "up to date"), ("demo2", "up to date")]


def test_a_file_added_to_the_council_folder_is_loaded_and_checked_in_full(copy):
    params, outputs = copy
    (params / "demo1" / "notes.txt").write_text("a file the loader never reads\n", encoding="utf-8")
    assert cache.quick_check("demo1", MARCH, params, outputs, None, SUFFIXES)[0] is False
    assert cache.quick_check("demo2", MARCH, params, outputs, None, SUFFIXES)[0] is True
    # The full check, after loading, finds nothing it reads has changed: still up to date.
    build, others = plan(MARCH, None, params, outputs_root=outputs)
    assert build == [] and [o.status for o in others] == ["up to date", "up to date"]


def test_a_changed_input_is_read_once_for_the_check_and_once_only(copy, monkeypatch):
    params, outputs = copy
    actuals = params / "demo1" / "actuals.csv"
    actuals.write_bytes(actuals.read_bytes().replace(b"REV_KPI_01,2024-03,", b"REV_KPI_01,2024-03,9", 1))
    opened = []
    real_open = open

    def counting_open(path, *args, **kwargs):
        if str(path).endswith("demo1/actuals.csv"):
            opened.append(path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", counting_open)
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: counting_open(self, "rb").read())
    build, _ = plan(MARCH, "demo1", params, outputs_root=outputs)
    assert [i.council.key for i in build] == ["demo1"] and len(opened) == 1
