"""Two builds of one month at once, and a build killed outright: no traceback, no mixed or lost paper."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kpilib._inputs.council import PROJECT_ROOT

from ..conftest import norfolk_report_args

pytestmark = pytest.mark.e2e  # builds real papers or runs the command line


def report(outputs: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kpilib", *norfolk_report_args(outputs), *extra],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def digests(folder: Path) -> dict:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.name.startswith("norfolk")
    }


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """Two `report` processes for the same month, the second started a second after the first."""
    outputs = tmp_path_factory.mktemp("outputs")
    first = report(outputs)
    time.sleep(1.0)
    second = report(outputs)
    results = [(p.pid, p.wait(timeout=300), *p.communicate()) for p in (first, second)]
    return outputs, results


def test_two_builds_of_one_month_both_succeed(two_builds):
    outputs, results = two_builds
    for _, code, out, err in results:
        assert code == 0, err
        assert "Traceback" not in err
        assert len(out.splitlines()) == 1 and out.startswith("built norfolk 2019-02: ")
    assert digests(outputs / "2019-02").keys() == {
        "norfolk.html",
        "norfolk.ipynb",
        "norfolk.pdf",
        "norfolk.scores.csv",
        "norfolk.provenance.json",
    }


def test_the_second_build_says_in_one_line_that_it_waits(two_builds):
    _, [(first_pid, _, _, first_err), (_, _, _, second_err)] = two_builds
    assert first_err == ""
    assert second_err == f"waiting for another build of 2019-02 (pid {first_pid}) to finish\n"


def kernels_of(pid: int) -> list[int]:
    """Pids of the Jupyter kernels of build `pid`: started by it, or forked by its warm kernel process."""
    processes = {}  # pid: (parent pid, command line)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            processes[int(stat.parent.name)] = (int(fields[1]), (stat.parent / "cmdline").read_bytes())
        except OSError:
            continue
    zygotes = {p for p, (parent, command) in processes.items() if parent == pid and b"_driver.zygote" in command}
    return [
        p
        for p, (parent, command) in processes.items()
        if (parent == pid and b"ipykernel_launcher" in command) or parent in zygotes
    ]


def test_kill_9_during_execution_keeps_the_paper_and_leaves_no_kernel(two_builds, tmp_path):
    outputs = tmp_path / "outputs"
    shutil.copytree(two_builds[0], outputs, symlinks=True)
    month = outputs / "2019-02"
    before = digests(month)
    build = report(outputs, "--force")  # the paper is up to date: only a forced build starts a kernel
    deadline = time.monotonic() + 60
    while not kernels_of(build.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    kernels = kernels_of(build.pid)
    assert kernels, "the build never started its kernel"
    time.sleep(1.0)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 20
    while any(Path(f"/proc/{k}").exists() for k in kernels) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(Path(f"/proc/{k}").exists() for k in kernels), "the kernel outlived its build"
    assert digests(month) == before
    assert list(month.glob(f".norfolk-{build.pid}-*"))  # its staging, left behind
    assert (month / ".lock").read_text() == f"{build.pid}\n"  # and its lock file, naming a dead pid

    # The next build neither waits for the dead one (--no-wait would refuse) nor trips over its leftovers.
    after = report(outputs, "--no-wait", "--force")
    out, err = after.communicate(timeout=300)
    assert after.returncode == 0, err
    assert err == "" and out.startswith("built norfolk 2019-02: ")
    assert not list(month.glob(".norfolk-*"))
    rebuilt = digests(month)
    assert rebuilt.pop("norfolk.ipynb") != before.pop("norfolk.ipynb")  # a new set (execution times differ)
    assert rebuilt == before  # same inputs, same bytes, PDF included
