"""A folder we may not write, a full disk, a missing Pango: one line each, the summary, a non-zero exit."""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys

import pytest

from kpilib._driver import build as build_module
from kpilib._driver.build import build_paper
from kpilib._driver.cli import main
from kpilib._inputs.council import PROJECT_ROOT
from kpilib._inputs.months import Month

from ..conftest import PARAMS, norfolk_report_args

pytestmark = pytest.mark.e2e  # builds real papers or runs the command line


def digests(folder):
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.name.startswith("norfolk")
    }


def test_outputs_that_cannot_be_written_give_one_line_and_the_summary(tmp_path, capsys):
    blocker = tmp_path / "outputs-is-a-file"
    blocker.write_text("not a folder")  # fails even for root, unlike a chmod
    code = main(["report", "--month", "2019-02", "--council", "norfolk", "--outputs", str(blocker / "outputs")])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err == f"failed norfolk:\n  cannot write {blocker / 'outputs' / '2019-02'}: Not a directory\n"
    assert captured.out == "0 built, 0 skipped, 1 failed\n"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    outputs = tmp_path_factory.mktemp("outputs")
    assert build_paper("norfolk", Month.parse("2019-02"), PARAMS, outputs).status == "built"
    return outputs


def test_a_full_disk_gives_one_line_keeps_the_paper_and_leaves_no_staging(published, monkeypatch, capsys):
    month = published / "2019-02"
    before = digests(month)

    def disk_full(html, target, folder):
        target.write_bytes(b"%PDF-1.7 the first blocks")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(build_module, "write_pdf", disk_full)
    code = main(["report", "--month", "2019-02", "--council", "norfolk", "--outputs", str(published), "--force"])
    captured = capsys.readouterr()
    assert code == 1
    lines = captured.err.splitlines()
    assert lines[0] == "failed norfolk:" and len(lines) == 2
    assert lines[1].startswith(f"  cannot write {month}/.norfolk-{os.getpid()}-")
    assert lines[1].endswith("/norfolk.pdf: No space left on device")
    assert captured.out == "0 built, 0 skipped, 1 failed\n"
    assert digests(month) == before
    assert not list(month.glob(".norfolk-*"))


PANGO_MISSING = """
import sys, cffi
dlopen = cffi.FFI.dlopen
def without_pango(self, name, *args):
    if "pango" in str(name) or "gobject" in str(name):
        raise OSError(f"cannot load library {name!r}: {name}: cannot open shared object file: No such file or directory")
    return dlopen(self, name, *args)
cffi.FFI.dlopen = without_pango
from kpilib._driver.cli import main

sys.exit(main(sys.argv[1:]))
"""


def test_missing_pango_says_what_to_install_before_any_kernel(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", PANGO_MISSING, *norfolk_report_args(tmp_path)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: WeasyPrint cannot load the Pango library it draws text with (cannot load "
        "library 'libgobject-2.0-0': libgobject-2.0-0: cannot open shared object file: No such "
        "file or directory): install it (on Debian or Ubuntu: apt-get install libpango-1.0-0 "
        "libpangoft2-1.0-0)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_system_error_without_a_file_is_not_called_a_write_failure():
    from kpilib._driver.build import cannot_write

    assert (
        cannot_write(ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"))
        == "ConnectionRefusedError: Connection refused"
    )
    assert (
        cannot_write(OSError(errno.EROFS, "Read-only file system", "/srv/outputs/2019-02"))
        == "cannot write /srv/outputs/2019-02: Read-only file system"
    )
