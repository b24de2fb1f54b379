"""One council's inputs, read once: the typed, immutable bundle a paper is built from.

Each paper type has its bundle (vital signs: council.yml's indicators, actuals, projects; contracts:
the catalogue, actuals, escalations, payroll, outcomes) and a reader of its files. The paper registry
(`kpilib._papers.registry.load_inputs`) opens the provenance ledger and picks the reader."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .actuals import Actuals, as_actuals, load_actuals, months_with_data
from .contract_council import ContractCouncil
from .council import Council
from .errors import ProblemList
from .escalations import Escalation, load_escalations
from .indicators import VitalSignsCouncil
from .months import Month
from .narrative import Narrative
from .payroll import PayrollMonth, load_payroll
from .project_volumes import FILE as VOLUMES_FILE
from .project_volumes import Volumes, load_volumes
from .projects import load_outcomes, load_projects


@dataclass(frozen=True, kw_only=True)
class Inputs:
    """What every paper reads: its council, the report month and its narrative (when a month is given),
    and the SHA-256 of every file read, by its name under the project ('params/norfolk/actuals.csv')."""

    council: Council
    month: Month | None
    narrative: Narrative | None
    digests: Mapping[str, str]

    def months_with_data(self) -> set[Month]:
        """The months the data covers: a paper can be built for each."""
        return months_with_data(self.actuals)


@dataclass(frozen=True, kw_only=True)
class VitalSignsInputs(Inputs):
    """A vital-signs paper's inputs."""

    council: VitalSignsCouncil
    actuals: Actuals
    projects: tuple[list[str], tuple[Month, Month] | None]  # listed for the month, and their period
    volumes: Mapping[Month, Volumes]


@dataclass(frozen=True, kw_only=True)
class ContractInputs(Inputs):
    """A contract paper's inputs."""

    council: ContractCouncil
    actuals: Actuals
    escalations: Mapping[tuple[str, Month], Escalation]
    payroll: list[PayrollMonth]
    outcomes: list[dict[str, str]]


def read_vital_signs(council: VitalSignsCouncil, month: Month | None) -> dict:
    """The vital-signs files of `council` (projects listed for `month`, if given)."""
    return {
        "actuals": load_actuals(council),
        "projects": load_projects(council.projects_path, month) if month else ([], None),
        "volumes": load_volumes(council.folder / VOLUMES_FILE),
    }


def read_contract(council: ContractCouncil, month: Month | None) -> dict:
    """The contract files of `council`."""
    actuals = load_actuals(council)
    check_levels_cover(council, actuals)
    return {
        "actuals": actuals,
        "escalations": load_escalations(council.folder / "escalations.csv", council.indicators),
        "payroll": load_payroll(council.folder / "payroll.csv"),
        "outcomes": load_outcomes(council.folder / "projects.csv"),
    }


def check_levels_cover(council: ContractCouncil, actuals: Actuals) -> None:
    """Every figure of a KPI in use must have levels in force for its month: a month before the
    first entry of levels.csv is a gap, which would leave the figure unscored."""
    problems = ProblemList(council.folder / "levels.csv")
    actuals = as_actuals(actuals)
    columns = actuals.columns()
    # Per KPI (by its number in the columns): the months, as indexes, that count but have no levels
    # in force, from its first use up to its first levels; compared as whole numbers, a million rows
    # take a fraction of a second.
    gaps = [(0, 0)] * len(columns.kpi_ids)
    for kpi_id, n in columns.kpi_ids.items():
        kpi = council.indicators.get(kpi_id)
        if kpi is not None and kpi.in_use:
            first_use = kpi.first_use.index if kpi.first_use else -1
            gaps[n] = (first_use, min((level.start.index for level in kpi.levels), default=float("inf")))
    records = None
    for i, (n, month) in enumerate(zip(columns.kpi, columns.month)):  # in the order of the file's lines
        low, high = gaps[n]
        if low <= month < high:
            records = records or list(actuals.values())
            obs = records[i]
            problems.add(
                None,
                "from",
                f"{obs.kpi_id} has a figure for {obs.month} (actuals.csv line {obs.line}) but "
                f"no levels in force until {council.indicators[obs.kpi_id].levels[0].start}: the levels leave a gap",
            )
    problems.raise_if_any()
