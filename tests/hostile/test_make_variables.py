"""Make variables reach Python as plain text: neither make nor the shell runs anything in them."""

from __future__ import annotations

import subprocess

import pytest

from kpilib._inputs.council import PROJECT_ROOT

pytestmark = pytest.mark.e2e  # builds real papers or runs the command line


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "template",
    [
        "$(touch {})",
        "$(shell touch {})",
        "`touch {}`",
        "2019-02\" || touch {} || \"",
        "2019-02' || touch {} || '",
        "../../{}",
    ],
)
def test_a_month_with_shell_or_make_syntax_is_only_a_bad_month(tmp_path, template):
    marker = tmp_path / "pwned"
    month = template.format(marker)
    result = make("report", f"MONTH={month}", "COUNCIL=norfolk")
    assert not marker.exists()
    assert result.returncode != 0
    # The value is quoted as typed, cut to its first 40 characters (a month is 7).
    assert result.stderr.splitlines()[0] == f"MONTH: {month[:40]!r}… is not a month in the form YYYY-MM."
    assert result.stdout == ""


@pytest.mark.parametrize("target, variable", [("report", "COUNCIL"), ("narrative", "COUNCIL"), ("import", "FILE")])
def test_council_and_file_with_shell_or_make_syntax_run_nothing(tmp_path, target, variable):
    marker = tmp_path / "pwned"
    values = {
        "MONTH": "2019-02",
        "COUNCIL": "lincolnshire" if target == "import" else "norfolk",
        "FILE": "pack.csv",
        variable: f"$(shell touch {marker})\"$$(touch {marker})\"`touch {marker}`",
    }
    result = make(target, *(f"{k}={v}" for k, v in values.items()))
    assert not marker.exists()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"$(shell touch {marker})" in result.stderr.splitlines()[0]  # named as given, not expanded
