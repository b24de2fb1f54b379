"""`make bench`: a month's batch timed side by side in one run, against the pipeline a user would
write by hand. Speed targets live here, never in tests; this measures and always exits 0.

The batch is eight copies of the synthetic demo council for 2024-03. Each round times, one after
another on the same machine: (a) the hand pipeline, paper by paper (the papermill CLI, then
`jupyter nbconvert --to html --no-input`, then the `weasyprint` CLI); (b) `python -m kpilib report`
with JOBS=1; (c) the same with a worker per core; (d) that report again over (c)'s outputs, which
nothing has changed. Each figure is the median of BENCH_RUNS rounds (at least 3 for a verdict).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .._inputs.council import PROJECT_ROOT
from .batch import default_jobs

MONTH = "2024-03"
COPIES = 8
TEMPLATE = PROJECT_ROOT / "notebooks" / "contract.ipynb"  # the demo council's paper type
THROUGHPUT_TARGET = 6.0  # times the hand pipeline's
NO_OP_TARGET = 1.0  # seconds


def main(argv: list[str] | None = None) -> int:
    """Time the four ways round BENCH_RUNS times, print medians, ratios and targets; exit status 0."""
    parser = argparse.ArgumentParser(prog="python -m kpilib._driver.bench")
    parser.add_argument("--runs", default="", help="rounds, each timing all four (default: BENCH_RUNS, else 3)")
    text = parser.parse_args(argv).runs or os.environ.get("BENCH_RUNS") or "3"
    if not text.isdigit() or int(text) < 1:
        parser.error(f"BENCH_RUNS: {text!r} is not a number of rounds (1, 2, ...)")
    runs = int(text)
    cores = default_jobs()
    times: dict[str, list[float]] = {"hand": [], "jobs1": [], "cores": [], "no-op": []}
    with tempfile.TemporaryDirectory(prefix="kpi-bench-") as folder:
        params = _councils(Path(folder) / "params")
        for round_ in range(1, runs + 1):
            print(f"round {round_} of {runs}:", flush=True)
            times["hand"].append(_timed(_hand_pipeline, params, Path(folder) / f"hand{round_}"))
            times["jobs1"].append(_timed(_report, params, Path(folder) / f"jobs1-{round_}", "1"))
            outputs = Path(folder) / f"cores{round_}"
            times["cores"].append(_timed(_report, params, outputs, str(cores)))
            times["no-op"].append(_timed(_report, params, outputs, str(cores)))
            print("  " + ", ".join(f"{name} {values[-1]:.1f} s" for name, values in times.items()), flush=True)
    _print_results({name: statistics.median(values) for name, values in times.items()}, runs, cores)
    _print_scale(runs)
    return 0


def _councils(root: Path) -> Path:
    for number in range(1, COPIES + 1):
        shutil.copytree(PROJECT_ROOT / "params" / "demo", root / f"demo{number}")
    return root


def _timed(step, *args) -> float:
    started = time.monotonic()
    step(*args)
    return time.monotonic() - started


def _run(command: list[str]) -> None:
    for attempt in (1, 2):  # on a busy machine a kernel may die starting (two took one port): once more
        done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
        if not done.returncode:
            return
        print(f"  attempt {attempt} of {' '.join(command[:2])} ... failed: {done.stderr.strip()[-300:]}", flush=True)
    sys.exit(f"bench: {' '.join(command)} failed twice:\n{done.stderr[-2000:]}")


def _hand_pipeline(params: Path, outputs: Path) -> None:
    """Papermill, nbconvert and WeasyPrint from the command line, one paper after another."""
    tools = Path(sys.executable).parent  # the venv's own executables
    outputs.mkdir(parents=True)
    for number in range(1, COPIES + 1):
        stem = outputs / f"demo{number}"
        _run(
            [str(tools / "papermill"), str(TEMPLATE), f"{stem}.ipynb", "--no-progress-bar", "-k", "kpilib"]
            + ["--cwd", str(PROJECT_ROOT), "-p", "council", f"demo{number}", "-p", "month", MONTH]
            + ["-p", "params_root", str(params)]
        )
        _run([str(tools / "jupyter"), "nbconvert", "--to", "html", "--no-input", f"{stem}.ipynb"])
        _run([str(tools / "weasyprint"), f"{stem}.html", f"{stem}.pdf"])


def _report(params: Path, outputs: Path, jobs: str) -> None:
    command = [sys.executable, "-m", "kpilib", "--params", str(params), "report", "--month", MONTH]
    _run(command + ["--outputs", str(outputs), "--jobs", jobs])


def _print_results(median: dict[str, float], runs: int, cores: int) -> None:
    hand = median["hand"]
    print(f"\n{COPIES} contract papers for {MONTH} (demo council copies), median of {runs} rounds:")
    rows = [
        ("hand pipeline (papermill, nbconvert, weasyprint CLIs)", "hand"),
        ("python -m kpilib report, JOBS=1", "jobs1"),
        (f"python -m kpilib report, JOBS={cores} (one per core)", "cores"),
    ]
    for label, name in rows:
        seconds = median[name]
        print(f"  {label:<58} {seconds:6.1f} s  {COPIES / seconds:5.2f} papers/s  {hand / seconds:4.1f}x hand")
    print(f"  {'no-op rebuild (the same report again, nothing changed)':<58} {median['no-op']:6.2f} s")
    verdict = "" if runs >= 3 else f" (only {runs} round{'s' if runs > 1 else ''}: set BENCH_RUNS=3 or more)"
    throughput = hand / median["cores"]
    print(f"targets{verdict}:")
    print(
        f"  throughput {throughput:.1f}x the hand pipeline (target >= {THROUGHPUT_TARGET:.0f}x): {_met(throughput >= THROUGHPUT_TARGET)}"
    )
    print(
        f"  no-op rebuild {median['no-op']:.2f} s (target < {NO_OP_TARGET:.0f} s): {_met(median['no-op'] < NO_OP_TARGET)}"
    )


def _met(ok: bool) -> str:
    return "met" if ok else "not met"


def _print_scale(runs: int) -> None:
    """The 1,000,000-KPI-month scoring measurement (scale.py), its lines indented under a heading."""
    from . import scale

    print("scoring at scale:")
    for line in scale.measure(runs):
        print(f"  {line}")


if __name__ == "__main__":
    raise SystemExit(main())
