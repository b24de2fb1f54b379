"""A synthetic demo contract, made by a seeded generator: every figure is invented, and the
council is labelled synthetic wherever it appears. It exercises every status the contract paper
handles, and the same generator at larger sizes serves the scale benchmark.

`python -m kpilib._driver.demo params/demo` (or `make demo`) rewrites kpis.csv, levels.csv, actuals.csv
and escalations.csv; council.yml is written by hand."""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .._inputs.actuals import CONTRACT_COLUMNS
from .._inputs.catalogue import KPI_COLUMNS, LEVEL_COLUMNS
from .._inputs.csvfile import table_text
from .._inputs.escalations import COLUMNS as ESCALATION_COLUMNS
from .._inputs.months import Month
from .atomic import write_text

START = Month(2021, 4)
# (code, the area as it names a KPI's work: acronyms keep their capitals)
AREAS = [
    ("REV", "revenues and benefits"),
    ("ICT", "ICT"),
    ("CC", "contact centre"),
    ("HR", "HR and payroll"),
    ("FIN", "finance"),
]
NOT_IN_USE = {"ICT_KPI_08", "HR_KPI_07"}


@dataclass
class DemoKpi:
    """One synthetic KPI of the demo contract as the generator draws it."""

    id: str
    area: str
    description: str
    direction: str
    unit: str
    tsl: float
    msl: float
    points: int = 0
    first_use: int = 0  # month index of first use
    levels: list[tuple[int, float, float, str]] = field(default_factory=list)  # (from index, tsl, msl, note)
    values: dict[int, str] = field(default_factory=dict)  # month index -> value text
    status: dict[int, str] = field(default_factory=dict)  # month index -> data_not_available
    mitigated: set[int] = field(default_factory=set)


def generate(kpi_count: int = 40, months: int = 36, seed: int = 2021) -> dict[str, str]:
    """The demo's CSV files (name -> text) for `kpi_count` references over `months` months."""
    rng = random.Random(seed)
    kpis = _catalogue(rng, kpi_count)
    for kpi in kpis:
        if kpi.id not in NOT_IN_USE:
            _series(rng, kpi, months)
    escalations = _scenarios(kpis, months) if kpi_count >= 40 and months >= 36 else []
    return _files(kpis, escalations, months)


def _catalogue(rng: random.Random, count: int) -> list[DemoKpi]:
    kpis = []
    per_area = -(-count // len(AREAS))
    for n in range(count):
        code, name = AREAS[n // per_area % len(AREAS)]
        kpi_id = f"{code}_KPI_{n % per_area + 1:02d}"
        kind = rng.choice(["percent_up", "percent_up", "percent_up", "percent_down", "count_down"])
        if kind == "percent_up":
            tsl = rng.choice([85, 90, 95, 98])
            kpi = DemoKpi(
                kpi_id,
                code,
                f"% of {name} work completed within timescale (synthetic measure {n + 1})",
                "bigger",
                "percent",
                tsl,
                tsl - rng.choice([5, 10]),
            )
        elif kind == "percent_down":
            tsl = rng.choice([5, 8, 10])
            kpi = DemoKpi(
                kpi_id,
                code,
                f"% of {name} cases not resolved in time (synthetic measure {n + 1})",
                "smaller",
                "percent",
                tsl,
                tsl + rng.choice([3, 5]),
            )
        else:
            kpi = DemoKpi(
                kpi_id,
                code,
                f"Number of {name} failures in the month (synthetic measure {n + 1})",
                "smaller",
                "count",
                1,
                5,
            )
        kpi.levels = [(0, kpi.tsl, kpi.msl, "")]
        kpi.points = 0 if kpi_id in NOT_IN_USE else 10 + 5 * rng.randrange(0, 7)
        kpis.append(kpi)
    in_use = [k for k in kpis if k.id not in NOT_IN_USE]
    while sum(k.points for k in in_use) > 1000:  # the contract spreads at most 1000 points
        max(in_use, key=lambda k: k.points).points -= 5
    return kpis


def _series(rng: random.Random, kpi: DemoKpi, months: int) -> None:
    """Values that mostly meet the TSL, with occasional misses."""
    for i in range(kpi.first_use, months):
        if kpi.unit == "count":
            value = max(0, round(rng.gauss(0.3, 0.6)))
        elif kpi.direction == "bigger":
            value = min(100.0, rng.gauss(kpi.tsl + (100 - kpi.tsl) * 0.55, (100 - kpi.tsl) * 0.2 + 0.3))
        else:
            value = max(0.0, rng.gauss(kpi.tsl * 0.5, kpi.tsl * 0.15))
        kpi.values[i] = f"{value:.2f}"


def _set(kpi: DemoKpi, i: int, outcome: str) -> None:
    """Give month i a value with the outcome wanted (green, amber or red) against its levels."""
    tsl, msl = _levels(kpi, i)
    step = 1 if kpi.direction == "bigger" else -1
    value = {
        "green": tsl + step * abs(tsl - msl) * 0.3 if kpi.unit != "count" else max(0, tsl - 1),
        "amber": (tsl + msl) / 2 if kpi.unit != "count" else msl,
        "red": msl - step * max(abs(tsl - msl) * 0.6, 1),
    }[outcome]
    if kpi.unit == "count":
        value = round(value)  # a number of failures is whole
    kpi.values[i] = f"{min(100.0, max(0.0, value)):.2f}"


def _levels(kpi: DemoKpi, i: int) -> tuple[float, float]:
    current = kpi.levels[0]
    for level in kpi.levels:
        if level[0] <= i:
            current = level
    return current[1], current[2]


def _scenarios(kpis: list[DemoKpi], months: int) -> list[dict]:
    """Explicit cases, so every status and rule appears in the demo whatever the noise."""
    by = {k.id: k for k in kpis}
    last = months - 1
    for i in range(months):  # keep the scenario KPIs quiet outside their cases
        for kpi_id in ("REV_KPI_02", "REV_KPI_03", "REV_KPI_04", "ICT_KPI_01", "FIN_KPI_01", "FIN_KPI_02"):
            _set(by[kpi_id], i, "green")
    by["REV_KPI_01"].status.update({5: "data_not_available", 20: "data_not_available"})
    for i in (10, 11):  # two consecutive failures
        _set(by["REV_KPI_02"], i, "red")
    for i in (14, 15, 16):  # three
        _set(by["REV_KPI_03"], i, "red")
    for i in range(last - 5, last):  # five, running into the reporting months
        _set(by["REV_KPI_04"], i, "red")
    _set(by["ICT_KPI_01"], 18, "red")  # failure, mitigated failure, failure
    _set(by["ICT_KPI_01"], 19, "red")
    by["ICT_KPI_01"].mitigated.add(19)
    _set(by["ICT_KPI_01"], 20, "red")
    for i in (last - 12, last - 11):  # mitigation with no value recorded
        by["ICT_KPI_02"].values.pop(i, None)
        by["ICT_KPI_02"].mitigated.add(i)
    for i in (last - 2, last - 1):  # mitigation with the value still recorded
        _set(by["ICT_KPI_04"], i, "red")
        by["ICT_KPI_04"].mitigated.add(i)
    ict3 = by["ICT_KPI_03"]  # levels tightened mid-contract
    ict3.levels.append(
        (
            18,
            ict3.tsl + (2 if ict3.direction == "bigger" else -1),
            ict3.msl + (2 if ict3.direction == "bigger" else -1),
            "levels tightened by contract variation",
        )
    )
    cc1 = by["CC_KPI_01"]  # levels rising by contract year
    cc1.direction, cc1.unit, cc1.description = "bigger", "percent", "% of contacts through digital channels (synthetic)"
    cc1.levels = [
        (0, 20, 15, "contract year 1"),
        (12, 30, 25, "contract year 2"),
        (24, 40, 35, "contract year 3"),
        (36, 50, 45, "contract year 4"),
    ]
    cc1.values = {i: f"{20 + i * 0.9 + (i % 5) * 0.7:.2f}" for i in range(months)}
    cc8 = by["CC_KPI_08"]  # a new KPI, first used in contract year 2
    cc8.first_use, cc8.levels = 12, [(12, cc8.tsl, cc8.msl, "")]
    cc8.values = {i: v for i, v in cc8.values.items() if i >= 12}
    by["CC_KPI_03"].values.pop(last - 2, None)
    by["CC_KPI_03"].status[last - 2] = "data_not_available"
    hr2 = by["HR_KPI_02"]  # amended after escalation
    _set(hr2, last - 7, "red")
    previous = hr2.values[last - 7]
    _set(hr2, last - 7, "green")
    hr3 = by["HR_KPI_03"]  # still in escalation in the report month
    _set(hr3, last, "red")
    fin1 = by["FIN_KPI_01"]  # green, drifting towards its TSL
    fin1.direction, fin1.unit, fin1.tsl, fin1.msl = "bigger", "percent", 90, 85
    fin1.levels = [(0, 90, 85, "")]
    for k, i in enumerate(range(last - 11, months)):
        fin1.values[i] = f"{98.4 - 0.55 * k:.2f}"
    fin2 = by["FIN_KPI_02"]  # a sustained shift: a second opinion from SPC
    fin2.direction, fin2.unit, fin2.tsl, fin2.msl = "bigger", "percent", 90, 80
    fin2.levels = [(0, 90, 80, "")]
    for k, i in enumerate(range(last - 11, months)):
        fin2.values[i] = f"{(93.0 if k < 4 else 97.5) + (k % 3) * 0.3:.2f}"
    return [
        {
            "kpi_id": "HR_KPI_02",
            "month": str(START + last - 7),
            "state": "amended",
            "previous_value": previous,
            "previous_rag": "red",
            "reason": "Synthetic case: the provider's evidence was accepted",
        },
        {
            "kpi_id": "HR_KPI_03",
            "month": str(START + last),
            "state": "open",
            "previous_value": "",
            "previous_rag": "",
            "reason": "synthetic case: the provider disputes the measurement",
        },
    ]


def _files(kpis: list[DemoKpi], escalations: list[dict], months: int) -> dict[str, str]:
    kpi_rows, level_rows, actual_rows = [], [], []
    for k in kpis:
        used = k.id not in NOT_IN_USE
        kpi_rows.append(
            [
                k.id,
                k.area,
                k.description if used else "",
                k.direction if used else "",
                k.unit if used else "",
                "yes" if used else "no",
                str(START + k.first_use) if k.first_use else "",
                "",
                k.points or "",
            ]
        )
        if not used:
            continue
        level_rows += [[k.id, str(START + i), _num(t), _num(m), note] for i, t, m, note in k.levels]
        for i in range(k.first_use, months):
            if i in k.status:
                actual_rows.append([k.id, str(START + i), "", k.status[i], "", ""])
            elif i in k.values or i in k.mitigated:
                actual_rows.append(
                    [k.id, str(START + i), k.values.get(i, ""), "", "yes" if i in k.mitigated else "", ""]
                )
    return {
        "kpis.csv": table_text(KPI_COLUMNS, kpi_rows),
        "levels.csv": table_text(LEVEL_COLUMNS, level_rows),
        "actuals.csv": table_text(CONTRACT_COLUMNS, actual_rows),
        "escalations.csv": table_text(ESCALATION_COLUMNS, escalations),
    }


def _num(x: float) -> str:
    return f"{x:g}"


def main(argv: list[str]) -> int:
    """Regenerate the synthetic demo council's CSV files in the folder given (params/demo by default)."""
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "params" / "demo"
    for name, text in generate().items():
        write_text(folder / name, text)
    print(f"wrote synthetic demo data to {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
