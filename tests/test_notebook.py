"""nbval: the template, executed with Norfolk February 2019 parameters, re-runs to the same outputs."""

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.e2e  # builds real papers or runs the command line


def test_template_reproduces_its_outputs_under_nbval(built_twice):
    executed = built_twice[0] / "norfolk.ipynb"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            "--nbval-current-env",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "--rootdir",
            str(executed.parent),
            str(executed),
        ],
        capture_output=True,
        text=True,
        cwd=executed.parent,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    cells = sum(c["cell_type"] == "code" for c in json.loads(executed.read_text())["cells"])
    assert f"{cells} passed" in result.stdout  # every code cell of the template ran and matched
