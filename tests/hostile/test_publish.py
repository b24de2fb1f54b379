"""Publishing a paper's files as one set, and the per-month build lock."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest

from kpilib._driver import publish as publish_module
from kpilib._driver.build import SUFFIXES
from kpilib._driver.cli import main
from kpilib._driver.publish import month_lock, publish, staging_folder
from kpilib._inputs.council import PROJECT_ROOT


def staged(folder, tag: str):
    """A staging folder holding a complete set of files whose content is `tag`."""
    staging = staging_folder(folder, "norfolk")
    for suffix in SUFFIXES:
        (staging / f"norfolk{suffix}").write_text(tag)
    return staging


def visible(folder) -> set:
    """What a reader finds under the published names (None for a name that is missing)."""
    return {(folder / f"norfolk{s}").read_text() if (folder / f"norfolk{s}").exists() else None for s in SUFFIXES}


def previous_paper(folder, layout: str) -> None:
    if layout == "set":
        publish(staged(folder, "old"), folder, "norfolk", SUFFIXES)
    else:  # the plain files of a build made before sets existed
        for suffix in SUFFIXES:
            (folder / f"norfolk{suffix}").write_text("old")


@pytest.mark.parametrize(
    "layout, steps",
    [
        # Over a published set: rename the staging folder, then the switch (symlink, replace).
        ("set", 3),
        # Over plain files: rename; adopt them (symlink, replace); a link per file (5 x 2); the switch.
        ("plain files", 15),
    ],
)
def test_a_crash_at_any_step_of_publishing_never_leaves_a_mixed_set(tmp_path, monkeypatch, layout, steps):
    real = {name: getattr(os, name) for name in ("rename", "replace", "symlink")}
    outcomes = []
    for crash_after in range(steps + 1):
        folder = tmp_path / f"{crash_after}" / "2019-02"
        folder.mkdir(parents=True)
        previous_paper(folder, layout)
        staging = staged(folder, "new")
        calls = []

        def step(name):
            def call(*args, **kwargs):
                calls.append(name)
                if len(calls) > crash_after:
                    raise OSError(errno.EIO, "simulated crash")
                return real[name](*args, **kwargs)

            return call

        with monkeypatch.context() as patch:
            for name in real:
                patch.setattr(publish_module.os, name, step(name))
            try:
                publish(staging, folder, "norfolk", SUFFIXES)
                finished = True
            except OSError:
                finished = False
        outcomes.append((finished, visible(folder)))
        # The next build publishes cleanly over whatever the crash left.
        publish(staged(folder, "next"), folder, "norfolk", SUFFIXES)
        assert visible(folder) == {"next"}
        assert [p.name for p in folder.glob(".norfolk@*")] == [os.readlink(folder / ".norfolk.current")]
    # Readers see the old paper whole until the switch, the one last step, then the new one whole.
    assert outcomes == [(False, {"old"})] * steps + [(True, {"new"})]


@pytest.fixture
def lock_holder(tmp_path):
    """Another process holding the build lock of outputs/2019-02 (in tmp_path, or the project's)."""
    children = []

    def hold(folder):
        code = (
            "import sys, time; from pathlib import Path; from kpilib._driver.publish import month_lock\n"
            "with month_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)"
        )
        child = subprocess.Popen(
            [sys.executable, "-c", code, str(folder)], stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT
        )
        children.append(child)
        assert child.stdout.readline() == "held\n"
        return child

    yield hold
    for child in children:
        child.kill()
        child.wait()


def test_no_wait_when_the_month_is_busy_is_one_line_and_non_zero(tmp_path, lock_holder, capsys):
    holder = lock_holder(tmp_path / "outputs" / "2019-02")
    code = main(
        ["report", "--month", "2019-02", "--council", "norfolk", "--outputs", str(tmp_path / "outputs"), "--no-wait"]
    )
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err == (
        f"error: another build of 2019-02 is running (pid {holder.pid}); not waiting for it (--no-wait / NOWAIT=1)\n"
    )
    assert captured.out == ""
    assert sorted(p.name for p in (tmp_path / "outputs" / "2019-02").iterdir()) == [".lock"]


@pytest.mark.e2e
def test_make_nowait_reaches_the_build(lock_holder):
    holder = lock_holder(PROJECT_ROOT / "outputs" / "2019-02")
    # FORCE=1: a paper the user has built already is up to date, and a no-op never needs the lock.
    result = subprocess.run(
        ["make", "--no-print-directory", "report", "MONTH=2019-02", "COUNCIL=norfolk", "NOWAIT=1", "FORCE=1"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == (
        f"error: another build of 2019-02 is running (pid {holder.pid}); not waiting for it (--no-wait / NOWAIT=1)"
    )
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_the_lock_of_a_dead_build_is_taken_over_without_waiting(tmp_path):
    folder = tmp_path / "2019-02"
    folder.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (folder / ".lock").write_text(dead.stdout)
    with month_lock(folder, wait=False):
        assert (folder / ".lock").read_text() == f"{os.getpid()}\n"
    assert (folder / ".lock").read_text() == ""


def test_sweeping_one_council_leaves_a_council_whose_name_extends_it(tmp_path):
    """norfolk's sweep must not take norfolk-north's published set or its running build's staging."""
    from kpilib._driver.publish import sweep

    north_set = tmp_path / ".norfolk-north@4242-abcdefgh"
    north_staging = tmp_path / ".norfolk-north-4242-ijklmnop"
    dead_norfolk_staging = tmp_path / ".norfolk-999999999-qrstuvwx"  # no process has this pid
    for folder in (north_set, north_staging, dead_norfolk_staging):
        folder.mkdir()
        (folder / "paper.html").write_text("x", encoding="utf-8")
    (tmp_path / ".norfolk-north.current").symlink_to(north_set.name)
    sweep(tmp_path, "norfolk")
    assert north_set.exists() and north_staging.exists()
    assert not dead_norfolk_staging.exists()


def test_clean_leaves_a_month_being_built_and_every_lock_file(tmp_path, lock_holder, capsys):
    """make clean takes each month's lock: it skips a month a build holds, and keeps the lock
    files, so a waiting build and a new one can never both hold a month."""
    outputs = tmp_path / "outputs"
    for month in ("2019-01", "2019-02"):
        (outputs / month).mkdir(parents=True)
        (outputs / month / "norfolk.html").write_text("paper", encoding="utf-8")
    lock_holder(outputs / "2019-02")
    assert main(["clean", "--outputs", str(outputs)]) == 1
    assert capsys.readouterr().err == "left 2019-02 alone: a build of it is running\n"
    assert sorted(p.name for p in (outputs / "2019-01").iterdir()) == [".lock"]
    assert (outputs / "2019-02" / "norfolk.html").read_text(encoding="utf-8") == "paper"
