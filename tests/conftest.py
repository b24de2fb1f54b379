"""Shared fixtures. Real figures come from the project's params/ (transcribed from the seeds)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kpilib import load_council
from kpilib._inputs.actuals import load_actuals
from kpilib._inputs.council import PROJECT_ROOT
from kpilib._inputs.months import Month
from kpilib._scoring.scorecard import build_scorecard

PARAMS = PROJECT_ROOT / "params"


@pytest.fixture(scope="session")
def norfolk():
    return load_council(PARAMS, "norfolk")


@pytest.fixture(scope="session")
def norfolk_feb19(norfolk):
    """Norfolk's scorecard for February 2019, without narrative flags."""
    return build_scorecard(norfolk, load_actuals(norfolk), Month.parse("2019-02"))


@pytest.fixture
def params_copy(tmp_path) -> Path:
    """A writable copy of params/norfolk under a temporary params root."""
    root = tmp_path / "params"
    shutil.copytree(PARAMS / "norfolk", root / "norfolk")
    return root


@pytest.fixture(scope="session")
def built_twice(tmp_path_factory):
    """Norfolk February 2019 built twice from the project's params into temporary outputs.

    Returns (first outputs dir, second outputs dir, narrative digest before, after).
    """
    import hashlib

    from kpilib._driver.build import build_paper

    narrative = PARAMS / "norfolk" / "narrative" / "2019-02.ipynb"
    before = hashlib.sha256(narrative.read_bytes()).hexdigest()
    dirs = []
    for name in ("first", "second"):
        outputs = tmp_path_factory.mktemp(name)
        outcome = build_paper("norfolk", Month.parse("2019-02"), PARAMS, outputs)
        assert outcome.status == "built", outcome.reason
        dirs.append(outputs / "2019-02")
    after = hashlib.sha256(narrative.read_bytes()).hexdigest()
    return dirs[0], dirs[1], before, after


@pytest.fixture(scope="session")
def lincs_aug17():
    """Lincolnshire's contract scorecard for August 2017 (Appendix A of the October 2017 paper)."""
    from kpilib._inputs.escalations import load_escalations
    from kpilib._scoring.contract_scorecard import build_contract_scorecard

    council = load_council(PARAMS, "lincolnshire")
    escalations = load_escalations(council.folder / "escalations.csv", council.indicators)
    return build_contract_scorecard(council, load_actuals(council), escalations, Month.parse("2017-08"))


@pytest.fixture
def lincs_copy(tmp_path) -> Path:
    """A writable copy of params/lincolnshire under a temporary params root."""
    root = tmp_path / "params"
    shutil.copytree(PARAMS / "lincolnshire", root / "lincolnshire")
    return root


def norfolk_report_args(outputs, params=PARAMS) -> list[str]:
    """`python -m kpilib` arguments that build Norfolk's February 2019 paper into `outputs`."""
    return ["--params", str(params), "report", "--month", "2019-02", "--council", "norfolk", "--outputs", str(outputs)]
