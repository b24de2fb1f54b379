"""A contract's KPI catalogue: `kpis.csv` (one row per KPI reference) and `levels.csv`
(Target and Minimum Service Levels, effective-dated). `make import` maintains both."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .contract_terms import Contract
from .council import DIRECTIONS
from .csvfile import figure_cell, month_cell, read_table
from .dated import Dated, in_force, out_of_order
from .errors import ProblemList, quote
from .months import Month

KPI_COLUMNS = (
    "kpi_id",
    "service_area",
    "description",
    "direction",
    "unit",
    "in_use",
    "first_use",
    "normal_levels",
    "points",
)
LEVEL_COLUMNS = ("kpi_id", "from", "tsl", "msl", "note")
CONTRACT_UNITS = ("percent", "count")


@dataclass(frozen=True)
class Level(Dated):
    """TSL and MSL in force from `start` until the next entry."""

    tsl: Decimal
    msl: Decimal
    note: str = ""


@dataclass(frozen=True)
class ContractKpi:
    """One KPI reference of a contract."""

    id: str
    service_area: str
    description: str
    direction: str
    unit: str
    in_use: bool
    first_use: Month | None
    normal_levels: str
    points: Decimal | None = None  # abatement points, where the contract publishes them
    levels: list[Level] = field(default_factory=list)
    decimals: int = 2

    @property
    def title(self) -> str:
        """The description, as the paper's KPI tables title it."""
        return self.description

    @property
    def label(self) -> str:
        """The KPI reference, as the paper's charts label it."""
        return self.id

    def levels_at(self, month: Month) -> Level | None:
        """The levels in force in `month`, or None before the first entry."""
        return in_force(self.levels, month)

    def counted(self, month: Month) -> bool:
        """Whether the KPI counts in `month`: in use, and not before its first use."""
        return self.in_use and (self.first_use is None or month >= self.first_use)


def levels_contradict(direction: str, tsl: Decimal, msl: Decimal) -> str | None:
    """Why a TSL/MSL pair contradicts the direction (the TSL must be the better level), or None."""
    if direction == "bigger" and tsl < msl:
        return f"TSL {tsl} is below MSL {msl}, but bigger is better"
    if direction == "smaller" and tsl > msl:
        return f"TSL {tsl} is above MSL {msl}, but smaller is better"
    return None


def load_catalogue(folder: Path, contract: Contract) -> dict[str, ContractKpi]:
    """Read and check kpis.csv and levels.csv; InputError listing every problem of a file."""
    kpis = _load_kpis(folder / "kpis.csv", contract)
    path = folder / "levels.csv"
    problems = ProblemList(path)
    levels: dict[str, list[Level]] = {}
    refused: set[str] = set()  # KPIs with a refused row: their missing levels are no news
    for line, row in read_table(path, LEVEL_COLUMNS[:4], LEVEL_COLUMNS[4:], problems):
        before = len(problems.items)
        refused.add(row["kpi_id"])
        kpi = kpis.get(row["kpi_id"])
        if kpi is None:
            problems.add(line, "kpi_id", f"unknown KPI {quote(row['kpi_id'])} (not in kpis.csv)")
            continue
        start = month_cell(row, "from", line, problems)
        if start is None:
            continue
        numbers = {c: f.value for c in ("tsl", "msl") if (f := figure_cell(row, c, line, problems)) is not None}
        if len(numbers) < 2:
            if not problems.items or problems.items[-1].row != line:
                problems.add(line, "tsl", "TSL and MSL are both required")
            continue
        why = levels_contradict(kpi.direction, numbers["tsl"], numbers["msl"])
        if why:
            problems.add(line, "tsl", f"{kpi.id}: levels contradict its direction: {why}")
            continue
        earlier = levels.setdefault(kpi.id, [])
        if out_of_order(earlier, start):
            problems.add(
                line,
                "from",
                f"{kpi.id}: {start} overlaps the levels from {earlier[-1].start} "
                "(each entry must start after the one before)",
            )
            continue
        earlier.append(Level(start, numbers["tsl"], numbers["msl"], row.get("note", "")))
        if len(problems.items) == before:
            refused.discard(kpi.id)
    for kpi in kpis.values():
        if kpi.in_use and not levels.get(kpi.id) and kpi.id not in refused:
            problems.add(None, "kpi_id", f"{kpi.id} is in use but has no levels")
    problems.raise_if_any()
    return {k: ContractKpi(**{**kpi.__dict__, "levels": levels.get(k, [])}) for k, kpi in kpis.items()}


def _load_kpis(path: Path, contract: Contract) -> dict[str, ContractKpi]:
    problems = ProblemList(path)
    codes = {area.code for area in contract.service_areas}
    kpis: dict[str, ContractKpi] = {}
    for line, row in read_table(path, KPI_COLUMNS[:6], KPI_COLUMNS[6:], problems):
        ok = True
        kpi_id = row["kpi_id"]
        if kpi_id in kpis:
            problems.add(line, "kpi_id", f"{kpi_id} is listed twice")
            continue
        if row["service_area"] not in codes:
            problems.add(
                line,
                "service_area",
                f"unknown service area {quote(row['service_area'])} (council.yml has {', '.join(sorted(codes))})",
            )
            ok = False
        in_use = {"yes": True, "no": False}.get(row["in_use"].lower())
        if in_use is None:
            problems.add(line, "in_use", f"should be yes or no, not {quote(row['in_use'])}")
            ok = False
        if in_use and row["direction"] not in DIRECTIONS:
            problems.add(line, "direction", f"should be one of {', '.join(DIRECTIONS)}, not {quote(row['direction'])}")
            ok = False
        if in_use and row["unit"] not in CONTRACT_UNITS:
            problems.add(line, "unit", f"should be one of {', '.join(CONTRACT_UNITS)}, not {quote(row['unit'])}")
            ok = False
        first_use = month_cell(row, "first_use", line, problems) if row.get("first_use") else None
        if row.get("first_use") and first_use is None:
            ok = False
        figure = figure_cell(row, "points", line, problems)
        points = figure.value if figure is not None else None
        if row.get("points") and figure is None:
            ok = False
        if ok:
            kpis[kpi_id] = ContractKpi(
                kpi_id,
                row["service_area"],
                row["description"],
                row["direction"],
                row["unit"],
                bool(in_use),
                first_use,
                row.get("normal_levels", ""),
                points,
            )
    rules = contract.abatement
    total = sum(k.points or 0 for k in kpis.values() if k.in_use)
    if rules is not None and total > rules.max_total_points:
        problems.add(
            None,
            "points",
            f"KPIs in use carry {total} points in all, more than the contract's {rules.max_total_points}",
        )
    problems.raise_if_any()
    return kpis
