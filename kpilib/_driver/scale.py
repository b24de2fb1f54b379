"""The scale benchmark: a synthetic contract council with 1,000,000 KPI-months (2,000 KPIs over 500
months), loaded, checked and scored, timed against pandas reading the same actuals.csv.

A contract council is the case that matters: its scorecard scores every KPI over the whole history
(for runs of failures, points and trends), where a vital-signs paper scores only its window. Each
step runs in a fresh subprocess, so its peak memory is its own. `python -m kpilib._driver.scale`
prints the lines `measure()` returns; `make bench` calls measure()."""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from .._inputs.actuals import CONTRACT_COLUMNS
from .._inputs.catalogue import KPI_COLUMNS, LEVEL_COLUMNS
from .._inputs.csvfile import table_text
from .._inputs.months import Month

KPIS, MONTHS = 2_000, 500
START = Month(1985, 1)  # 500 months end in August 2026: no figure lies in the future
AREAS = ("REV", "ICT", "CC", "HR", "FIN")
LEVELS_EVERY = 120  # months between contract variations of a KPI's levels
ACTUALS_LIMIT = 100_000_000  # bytes: the bound the scale run passes for its 30 MB actuals.csv
COUNCIL_YML = """\
council: Scale Borough Council (synthetic)
committee: Contract Monitoring Committee (synthetic scale test)
report_title: "Synthetic scale test"
synthetic: true
template: contract
window_months: 13
rag:
  rule: service_levels
contract:
  name: Scale Contract (synthetic)
  provider: Example Services Ltd (synthetic)
  commencement: {start}
  reporting_months: 3
  service_areas:
{areas}
  trend:
    months: 12
    horizon_months: 12
  abatement:
    source: the scale benchmark's generator
    fractions: {{red: 1, amber: 0.5}}
    multipliers: [1, 1.5, 2]
    max_total_points: {points}
    credits:
      percent_per_point: 0.01
      monthly_charge: 400000
    cap_percent: 10
"""


def generate(folder: Path, kpis: int = KPIS, months: int = MONTHS, seed: int = 13) -> Path:
    """Write a synthetic contract council of `kpis` x `months` KPI-months into `folder`; its path."""
    rng = random.Random(seed)
    kpi_rows, level_rows, actual_rows = [], [], []
    for n in range(kpis):
        area = AREAS[n % len(AREAS)]
        kpi_id = f"{area}_KPI_{n // len(AREAS) + 1:04d}"
        direction, unit = rng.choice([("bigger", "percent"), ("smaller", "percent"), ("smaller", "count")])
        kpi_rows.append([kpi_id, area, f"Synthetic measure {n + 1}", direction, unit, "yes", "", "", 1])
        levels = []
        for i in range(0, months, LEVELS_EVERY):
            levels.append(_levels(rng, direction, unit))
            level_rows.append([kpi_id, str(START + i), *levels[-1], ""])
        for i in range(months):
            tsl, msl = (float(x) for x in levels[i // LEVELS_EVERY])
            actual_rows.append([kpi_id, str(START + i), *_cell(rng, direction, unit, tsl, msl)])
    (folder / "narrative").mkdir(parents=True, exist_ok=True)
    areas = "\n".join(f"    - {{code: {a}, name: Area {a}}}" for a in AREAS)
    (folder / "council.yml").write_text(COUNCIL_YML.format(start=START, areas=areas, points=kpis))
    (folder / "kpis.csv").write_text(table_text(KPI_COLUMNS, kpi_rows))
    (folder / "levels.csv").write_text(table_text(LEVEL_COLUMNS, level_rows))
    (folder / "actuals.csv").write_text(table_text(CONTRACT_COLUMNS, actual_rows))
    return folder


def _levels(rng: random.Random, direction: str, unit: str) -> tuple[str, str]:
    if unit == "count":
        tsl = rng.randrange(0, 3)
        return str(tsl), str(tsl + rng.randrange(1, 5))
    tsl = rng.choice(["85", "90", "95", "97.5"]) if direction == "bigger" else rng.choice(["5", "8", "10.5"])
    gap = rng.choice([3, 5, 10])
    return tsl, f"{float(tsl) - gap if direction == 'bigger' else float(tsl) + gap:g}"


def _cell(rng: random.Random, direction: str, unit: str, tsl: float, msl: float) -> list[str]:
    """[value, status, mitigated, note]: mostly values around the levels, some exactly on one of them."""
    draw = rng.random()
    if draw < 0.01:
        return ["", rng.choice(["data_not_available", "awaited", "not_expected"]), "", ""]
    if draw < 0.02:
        return ["", "", "yes", "relief agreed"]
    if draw < 0.08:  # exactly on a level, as a provider's figure often is
        value = rng.choice([tsl, msl])
    elif unit == "count":
        value = max(0, round(rng.gauss(tsl, 2)))
    else:
        value = min(100.0, max(0.0, rng.gauss((tsl + msl) / 2 + (tsl - msl), abs(tsl - msl))))
    text = f"{value:.0f}" if unit == "count" else f"{value:.2f}"
    return [text, "", "yes" if draw > 0.995 else "", ""]


# Each step, run in its own interpreter: what it prepares untimed (imports, and for scoring the load),
# and what is timed. The harness prints wall and CPU seconds and the peak resident memory as JSON.
_STEPS = {
    "pandas read": ("import pandas as pd", "pd.read_csv(ACTUALS)"),
    "load and check": ("from kpilib._driver.scale import load, warm\nwarm()", "load(FOLDER)"),
    "score": ("from kpilib._driver.scale import load, score\ninputs = load(FOLDER)", "score(*inputs)"),
}
_HARNESS = """\
import json, resource, sys, time
from pathlib import Path
FOLDER = Path(sys.argv[1]); ACTUALS = FOLDER / "actuals.csv"
{setup}
started, cpu = time.perf_counter(), time.process_time()
{timed}
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "cpu": cpu, "peak_kib": peak}}))
"""


def warm() -> None:
    """Import the paper types, as any build has before it reads a council, so load times reading."""
    from .._papers.registry import paper_types

    paper_types()


def load(folder: Path) -> tuple:
    """Read and check the council at `folder` as a build would: council.yml, catalogue, actuals, and
    the months with data (a build checks the report month is one); (council, actuals, last month)."""
    from .._inputs.actuals import load_actuals, months_with_data
    from .._inputs.loaded import check_levels_cover
    from .._papers.registry import load_council

    council = load_council(folder.parent, folder.name)
    actuals = load_actuals(council, max_bytes=ACTUALS_LIMIT)
    check_levels_cover(council, actuals)
    return council, actuals, max(months_with_data(actuals))


def score(council, actuals, month) -> object:
    """Score every KPI-month of the history to `month`, with runs of failures, points and credits."""
    from .._scoring.contract_scorecard import build_contract_scorecard

    scorecard = build_contract_scorecard(council, actuals, {}, month)
    scorecard.credits  # noqa: B018  points and credits over the whole history
    return scorecard


def _run(step: str, folder: Path) -> dict:
    setup, timed = _STEPS[step]
    script = _HARNESS.format(setup=setup, timed=timed)
    done = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"scale step {step!r} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(runs: int = 3) -> list[str]:
    """Time pandas' read, our load and our scoring of 1,000,000 KPI-months (medians of `runs`), as lines."""
    with tempfile.TemporaryDirectory() as temp:
        folder = generate(Path(temp) / "scale")
        size = (folder / "actuals.csv").stat().st_size
        results: dict[str, list[dict]] = {step: [] for step in _STEPS}
        for _ in range(runs):  # in turn, so a busy moment of a shared machine falls on every step alike
            for step in _STEPS:
                results[step].append(_run(step, folder))
    seconds = {step: statistics.median(r["seconds"] for r in rs) for step, rs in results.items()}
    cpu = {step: statistics.median(r["cpu"] for r in rs) for step, rs in results.items()}
    peak = {step: max(r["peak_kib"] for r in rs) / 1024 for step, rs in results.items()}
    lines = [f"scale: {KPIS:,} KPIs x {MONTHS} months = {KPIS * MONTHS:,} KPI-months, actuals.csv {size / 1e6:.1f} MB"]
    lines += [
        f"  {step:<16} {seconds[step]:6.2f} s (cpu {cpu[step]:6.2f} s)  peak {peak[step]:5.0f} MiB" for step in _STEPS
    ]
    for step, name in (("score", "scoring"), ("load and check", "load and check")):
        ratio, cpu_ratio = seconds[step] / seconds["pandas read"], cpu[step] / cpu["pandas read"]
        target = " (target <= 1)" if step == "score" else ""
        lines.append(f"  {name} / pandas read = {ratio:.2f}{target}; by cpu time {cpu_ratio:.2f}")
    lines.append(f"  peak memory = {max(peak['load and check'], peak['score']):.0f} MiB (target < 1024)")
    return lines


if __name__ == "__main__":
    print("\n".join(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 3)))
