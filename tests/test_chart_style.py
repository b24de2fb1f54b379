"""Charts keep to themselves: drawing a paper's charts leaves a notebook's matplotlib as it was."""

import subprocess
import sys

from kpilib._inputs.council import PROJECT_ROOT

SCRIPT = """
import matplotlib
matplotlib.use("pdf")  # a notebook's own choice, which importing kpilib must not override
matplotlib.rcParams["font.size"] = 13
import kpilib
before = dict(matplotlib.rcParams)
paper = kpilib.open_paper("norfolk", "2019-02")
assert paper.report_cards().data.count("data:image/svg+xml") == 8  # the eight report cards of February 2019, drawn
print(matplotlib.get_backend(), sorted(k for k, v in matplotlib.rcParams.items() if before[k] != v))
"""


def test_drawing_charts_leaves_the_backend_and_settings_of_matplotlib_alone():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "pdf []"
