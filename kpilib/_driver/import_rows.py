"""How one row of a provider's pack becomes rows of kpis.csv, levels.csv, actuals.csv and escalations.csv."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .._inputs.catalogue import levels_contradict
from .._inputs.csvfile import neutralise
from .._inputs.errors import ProblemList, quote
from .._inputs.numbers import parse_figure
from .._inputs.pack import Pack, PackRow


@dataclass
class ImportReport:
    """What an import did and said, message by message, in pack-row order."""

    said: list[tuple[int, str]] = field(default_factory=list)  # (pack row, message)
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    catalogue_changes: int = 0

    def say(self, text: str, row: int = 10**9) -> None:
        """Add a message about pack row `row`; messages without a row come after the rest."""
        self.said.append((row, text))

    @property
    def lines(self) -> list[str]:
        """Messages in pack-row order, the summary last."""
        return [text for _, text in sorted(self.said, key=lambda item: item[0])]


def catalogue_rows(
    row: PackRow,
    by_id: dict,
    kpis: list,
    levels: list,
    council,
    pack: Pack,
    problems: ProblemList,
    report: ImportReport,
    name: str,
) -> None:
    """Check a pack row against the catalogue; add a new KPI, or record a changed description."""
    where = f"{name}:{row.line}: {row.kpi_id}"
    entry = by_id.get(row.kpi_id)
    area = council.contract.area_of(row.kpi_id)
    if entry is None:
        if area is None:
            problems.add(
                row.line, "KPI", f"{row.kpi_id}: no service area in council.yml has the prefix of this reference"
            )
            return
        direction = ""
        if row.in_use:
            if row.tsl.value == row.msl.value:
                problems.add(
                    row.line,
                    "TSL",
                    f"{row.kpi_id} is new and its TSL equals its MSL, so its direction "
                    "cannot be told: add it to kpis.csv with its direction first",
                )
                return
            direction = "bigger" if row.tsl.value > row.msl.value else "smaller"
        entry = {
            "kpi_id": row.kpi_id,
            "service_area": area.code,
            "description": row.description,
            "direction": direction,
            "unit": _unit(row.description) if row.in_use else "",
            "in_use": "yes" if row.in_use else "no",
            "first_use": str(row.first_use or ""),
            "normal_levels": "",
        }
        kpis.append(entry)
        by_id[row.kpi_id] = entry
        report.catalogue_changes += 1
        say_if_formula(row, report, where)
        if row.in_use:
            levels.append(
                {
                    "kpi_id": row.kpi_id,
                    "from": str(row.first_use or pack.months[0]),
                    "tsl": row.tsl.text.split()[0],
                    "msl": row.msl.text.split()[0],
                    "note": "",
                }
            )
            report.say(
                f"{where}: new KPI added to kpis.csv ({direction} is better, inferred from TSL "
                f"{row.tsl.value} and MSL {row.msl.value}; unit {entry['unit']}): check both",
                row.line,
            )
        else:
            report.say(f"{where}: new reference added to kpis.csv as not in use", row.line)
        return
    if not row.in_use:
        if entry["in_use"] != "no":
            entry["in_use"] = "no"
            report.catalogue_changes += 1
            report.say(f"{where}: now marked not in use", row.line)
        return
    if entry["in_use"] != "yes":
        entry["in_use"] = "yes"
        report.catalogue_changes += 1
        report.say(f"{where}: back in use", row.line)
    if row.description and neutralise(row.description) != entry["description"]:
        was = entry["description"]
        entry["description"] = row.description
        report.catalogue_changes += 1
        report.say(f"{where}: description " + ("set" if not was else f"changed (was {quote(was)})"), row.line)
        say_if_formula(row, report, where)
    if row.first_use and str(row.first_use) != entry["first_use"]:
        entry["first_use"] = str(row.first_use)
        report.catalogue_changes += 1
        report.say(f"{where}: first use {row.first_use}", row.line)
    why = levels_contradict(entry["direction"], row.tsl.value, row.msl.value)
    if why:
        problems.add(row.line, "TSL", f"{row.kpi_id}: the pack's levels contradict the direction in kpis.csv: {why}")
        return
    in_force = council.indicators[row.kpi_id].levels_at(pack.months[-1]) if row.kpi_id in council.indicators else None
    if in_force is not None and (in_force.tsl, in_force.msl) != (row.tsl.value, row.msl.value):
        problems.add(
            row.line,
            "TSL",
            f"{row.kpi_id}: the pack gives TSL {row.tsl.value} and MSL {row.msl.value}, "
            f"but levels.csv has {in_force.tsl} and {in_force.msl} in force for "
            f"{pack.months[-1]}: add the new levels to levels.csv from the month "
            "they took effect, then import again",
        )


def figure_rows(row: PackRow, existing: dict, escalations: list, report: ImportReport, name: str) -> None:
    """Merge the pack's month cells into the actuals, reporting what is new or changed."""
    where = f"{name}:{row.line}: {row.kpi_id}"
    if not row.in_use:
        report.say(f"{where}: not in use", row.line)
        return
    added, changed = [], []
    for month, cell in row.cells.items():
        new = {
            "kpi_id": row.kpi_id,
            "month": str(month),
            "value": cell.figure.text.rstrip("%") if cell.figure else "",
            "status": "data_not_available" if cell.data_not_available else "",
            "mitigated": "yes" if cell.mitigated else "",
            "note": f"pack footnote {cell.marker}" if cell.marker else "",
        }
        old = existing.get((row.kpi_id, str(month)))
        if old is not None and _same_number(old["value"], new["value"]):
            new["value"] = old["value"]  # 100 from a spreadsheet's number cell is the 100.00 recorded
        if old is None:
            added.append(str(month))
        elif _outcome(old) != _outcome(new):
            changed.append(f"{month}: {_describe(old)} -> {_describe(new)}")
            if (
                old["value"]
                and old["value"] != new["value"]
                and not any(e["kpi_id"] == row.kpi_id and e["month"] == str(month) for e in escalations)
            ):
                escalations.append(
                    {
                        "kpi_id": row.kpi_id,
                        "month": str(month),
                        "state": "amended",
                        "previous_value": old["value"],
                        "previous_rag": "",
                        "reason": "",
                    }
                )
                changed[-1] += " (previous figure kept in escalations.csv: add the reason)"
        else:
            report.unchanged += 1
        existing[(row.kpi_id, str(month))] = new
    report.added += len(added)
    report.changed += len(changed)
    if added:
        report.say(
            f"{where}: added {', '.join(added) if len(added) < 3 else f'{added[0]} to {added[-1]} ({len(added)} months)'}",
            row.line,
        )
    for text in changed:
        report.say(f"{where}: changed {text}", row.line)
    if not added and not changed:
        report.say(f"{where}: unchanged", row.line)


def say_if_formula(row: PackRow, report: ImportReport, where: str) -> None:
    """Warn when the description starts like a spreadsheet formula (kpis.csv holds it with a leading ')."""
    if neutralise(row.description) != row.description:
        report.say(
            f"{where}: the description starts like a spreadsheet formula, so kpis.csv holds it with a "
            "leading ' and spreadsheets show it as text",
            row.line,
        )


def _same_number(recorded: str, given: str) -> bool:
    """Whether two figures agree at the precision the council recorded: 100 and 100.00 do, and so
    do 99.97 and 99.970000001 (a spreadsheet's binary fraction), but 99.97 and 99.98 do not."""
    if not recorded or not given:
        return recorded == given
    try:
        old, new = parse_figure(recorded).value, parse_figure(given).value
    except ValueError:
        return False
    exponent = old.as_tuple().exponent
    if new.as_tuple().exponent < exponent:
        new = new.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
    return old == new


def _outcome(row: dict) -> tuple:
    return (row["value"], row["status"], row["mitigated"])


def _describe(row: dict) -> str:
    parts = [row["value"] or row["status"].replace("_", " ") or "no value"]
    if row["mitigated"]:
        parts.append("(mitigation agreed)")
    return " ".join(parts)


def _unit(description: str) -> str:
    return "percent" if description.lstrip().startswith("%") else "count"
