"""`make import`: bring a provider's pack into a contract council's catalogue and actuals.

Everything is checked before anything is written; then kpis.csv, levels.csv, actuals.csv (and
escalations.csv when a figure was amended) are replaced atomically, and the report says, row
by row, what was added or changed."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .._inputs.actuals import CONTRACT_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from .._inputs.catalogue import KPI_COLUMNS, LEVEL_COLUMNS
from .._inputs.contract_council import ContractCouncil
from .._inputs.csvfile import read_rows, table_text
from .._inputs.errors import InputError, ProblemList, display_path
from .._inputs.escalations import COLUMNS as ESCALATION_COLUMNS
from .._inputs.pack import read_pack
from .._papers.registry import load_council, load_inputs
from .atomic import write_text
from .import_rows import ImportReport, catalogue_rows, figure_rows


def import_pack(params_root: Path, key: str, pack_path: Path) -> ImportReport:
    """Import `pack_path` into council `key`; InputError (nothing written) if anything is wrong."""
    council = load_council(params_root, key)
    if not isinstance(council, ContractCouncil):
        raise InputError(
            f"{key} is not a contract council (template: {council.template}): "
            "make import reads providers' KPI packs into contract councils"
        )
    pack = read_pack(pack_path)
    folder = council.folder
    kpis = read_rows(folder / "kpis.csv", KPI_COLUMNS[:6], KPI_COLUMNS[6:])
    levels = read_rows(folder / "levels.csv", LEVEL_COLUMNS[:4], LEVEL_COLUMNS[4:])
    actuals = (
        read_rows(folder / "actuals.csv", REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
        if (folder / "actuals.csv").exists()
        else []
    )
    escalations = (
        read_rows(folder / "escalations.csv", ESCALATION_COLUMNS[:3], ESCALATION_COLUMNS[3:])
        if (folder / "escalations.csv").exists()
        else []
    )
    report = ImportReport()
    name = display_path(pack_path)
    problems = ProblemList(pack_path)

    by_id = {row["kpi_id"]: row for row in kpis}
    for row in pack.rows:
        catalogue_rows(row, by_id, kpis, levels, council, pack, problems, report, name)
    problems.raise_if_any()

    existing = {(r["kpi_id"], r["month"]): r for r in actuals}
    for row in pack.rows:
        figure_rows(row, existing, escalations, report, name)

    order = {row["kpi_id"]: i for i, row in enumerate(kpis)}
    merged = sorted(existing.values(), key=lambda r: (order.get(r["kpi_id"], len(order)), r["month"]))
    files = {
        "kpis.csv": table_text(KPI_COLUMNS, kpis),
        "levels.csv": table_text(LEVEL_COLUMNS, levels),
        "actuals.csv": table_text(CONTRACT_COLUMNS, merged),
    }
    if escalations:
        files["escalations.csv"] = table_text(ESCALATION_COLUMNS, escalations)
    written = _check_then_write(params_root, key, files)
    report.say(f"wrote {', '.join(written)}" if written else "no file changed")
    report.say(
        f"{len(pack.rows)} KPI rows read: {report.added} months added, {report.changed} changed, "
        f"{report.unchanged} unchanged; {report.catalogue_changes} catalogue changes"
    )
    return report


def _check_then_write(params_root: Path, key: str, files: dict[str, str]) -> list[str]:
    """Load the result as a build would, from a scratch copy; only then replace the real files
    whose content changes (the names of which are returned): an import of the same figures
    leaves every file as it was."""
    folder = params_root / key
    files = {
        name: text
        for name, text in files.items()
        if not (folder / name).exists() or (folder / name).read_bytes() != text.encode("utf-8")
    }
    if not files:
        return []
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / key
        shutil.copytree(folder, trial, ignore=shutil.ignore_patterns("narrative"))
        for name, text in files.items():
            (trial / name).write_text(text, encoding="utf-8")
        load_inputs(key, Path(scratch))  # every file of the council, checked as a build checks it
    for name, text in files.items():
        write_text(folder / name, text)
    return list(files)
