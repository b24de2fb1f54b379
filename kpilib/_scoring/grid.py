"""A contract's KPIs scored over its whole history at once: one row per KPI (catalogue order), one
column per month, as arrays. The scorecard reads its counts and points from these, and makes cells
(ContractCell) only for the months a paper shows.

Values and levels are compared as floats, which order exactly as their decimals do for numbers of
at most 15 significant digits (kpilib._inputs.columns); a month whose value or levels have more is
scored on its decimals by the per-value rule, so every edge scores as service_level_rag says."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import numpy as np

from .._inputs.actuals import Actuals
from .._inputs.columns import INEXACT, MITIGATED, STATUS_CODES, STATUS_MASK, Columns, as_number
from .._inputs.contract_council import ContractCouncil as Council
from .._inputs.months import Month
from .contract_cell import ContractCell
from .quality import JUMP_HISTORY, series_flags
from .rag import CODE, NONE, RAGS, Rag, service_level_rag

_AWAITED, _NOT_EXPECTED, _DNA = (
    STATUS_CODES["awaited"],
    STATUS_CODES["not_expected"],
    STATUS_CODES["data_not_available"],
)


class ContractGrid:
    """Outcomes of every KPI-month of `months` (consecutive, oldest first): `rag` (counted outcome),
    `raw` (what the value scores, NONE without one), `dna` (data not available) and `counted`, each
    a KPIs x months array."""

    def __init__(self, council: Council, actuals: Actuals, months: list[Month], escalations: dict):
        self.kpis = list(council.indicators.values())
        self.months = months
        self.escalations = escalations  # (KPI id, month) -> Escalation
        self.records = list(actuals.values())
        height, width = len(self.kpis), len(months)
        columns = actuals.columns()
        self.row = {kpi.id: k for k, kpi in enumerate(self.kpis)}
        record, number, code = self._place(columns, height, width)
        self.record = record  # index into self.records, or -1 where the KPI has no row that month
        self.level = np.full((height, width), -1, np.int32)  # index into the KPI's levels, -1 before the first
        tsl, msl = np.full((height, width), np.nan), np.full((height, width), np.nan)
        exact_levels = np.ones(height, bool)
        start = months[0].index if months else 0
        for k, kpi in enumerate(self.kpis):
            starts = [max(0, level.start.index - start) for level in kpi.levels]
            # In force is the last entry begun (in_force): in list order each entry holds until the
            # next one's start; out of order, later entries overwrite earlier ones to the end.
            ends = starts[1:] + [width] if starts == sorted(starts) else [width] * len(starts)
            for j, (level, at, end) in enumerate(zip(kpi.levels, starts, ends)):
                (low, low_exact), (high, high_exact) = as_number(level.tsl), as_number(level.msl)
                exact_levels[k] &= low_exact and high_exact
                if at < width:
                    self.level[k, at:end], tsl[k, at:end], msl[k, at:end] = j, low, high
        counted_from = np.array([_counted_from(kpi, months) for kpi in self.kpis], np.int64).reshape(height, 1)
        self.counted = np.arange(width) >= counted_from
        present = record >= 0
        status = code & STATUS_MASK
        self.dna = self.counted & present & (status == _DNA)
        bigger = np.array([kpi.direction == "bigger" for kpi in self.kpis]).reshape(height, 1)
        scored = self.counted & ~np.isnan(number) & (self.level >= 0)
        with np.errstate(invalid="ignore"):  # NaN compares false where there is nothing to score
            green = np.where(bigger, number >= tsl, number <= tsl)
            amber = np.where(bigger, number >= msl, number <= msl)
        self.raw = np.where(
            scored, np.where(green, CODE[Rag.GREEN], np.where(amber, CODE[Rag.AMBER], CODE[Rag.RED])), NONE
        )
        self.raw = self.raw.astype(np.int8)
        self._score_exactly(scored & (((code & INEXACT) != 0) | ~exact_levels.reshape(height, 1)))
        self.rag = np.select(
            [
                ~self.counted,
                ~present,
                (code & MITIGATED) != 0,
                status == _DNA,
                status == _AWAITED,
                status == _NOT_EXPECTED,
            ],
            [CODE[r] for r in (Rag.NOT_MEASURED, Rag.AWAITED, Rag.MITIGATED, Rag.RED, Rag.AWAITED, Rag.NOT_EXPECTED)],
            np.where(self.raw == NONE, CODE[Rag.DATA_ONLY], self.raw),
        ).astype(np.int8)

    def _place(self, columns: Columns, height: int, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each observation's record index, number and code at its KPI's row and month's column."""
        rows = np.full(len(columns.kpi_ids) + 1, -1, np.int64)  # a KPI not in this catalogue: no row
        for kpi_id, n in columns.kpi_ids.items():
            rows[n] = self.row.get(kpi_id, -1)
        row = rows[np.frombuffer(columns.kpi, np.int32)] if len(columns) else np.zeros(0, np.int64)
        column = np.frombuffer(columns.month, np.int32) - (self.months[0].index if self.months else 0)
        keep = np.flatnonzero((row >= 0) & (column >= 0) & (column < width))
        at = row[keep] * width + column[keep]
        record, number, code = (
            np.full(height * width, -1),
            np.full(height * width, np.nan),
            np.zeros(height * width, np.int8),
        )
        record[at] = keep
        number[at] = np.frombuffer(columns.number)[keep]
        code[at] = np.frombuffer(columns.code, np.int8)[keep]
        return record.reshape(height, width), number.reshape(height, width), code.reshape(height, width)

    def _score_exactly(self, where: np.ndarray) -> None:
        """Score the months at `where` on their decimals (values or levels too long for a float)."""
        for k, h in zip(*np.nonzero(where)):
            kpi, level = self.kpis[k], self.kpis[k].levels[self.level[k, h]]
            value = self.records[self.record[k, h]].value.value
            self.raw[k, h] = CODE[service_level_rag(value, level.tsl, level.msl, kpi.direction)]

    def cells(self, k: int, start: int = 0) -> list[ContractCell]:
        """Row `k`'s cells from month `start` to the last, with their data-quality flags."""
        kpi, records, months = self.kpis[k], self.records, self.months
        record, level, rag, raw = (
            self.record[k].tolist(),
            self.level[k].tolist(),
            self.rag[k].tolist(),
            self.raw[k].tolist(),
        )
        counted, dna = self.counted[k].tolist(), self.dna[k].tolist()
        flags = self._flags(k, start)
        cells = []
        for h in range(start, len(months)):
            obs = records[record[h]] if record[h] >= 0 and counted[h] else None
            levels = kpi.levels[level[h]] if level[h] >= 0 else None
            cells.append(
                ContractCell(
                    kpi,
                    months[h],
                    obs.value if obs else None,
                    levels.tsl if levels else None,
                    levels.msl if levels else None,
                    RAGS[rag[h]],
                    RAGS[raw[h]] if raw[h] != NONE else None,
                    dna[h],
                    self.escalations.get((kpi.id, months[h])),
                    obs.note if obs else "",
                    flags[h - start],
                )
            )
        return cells

    def rows(self, start: int) -> Lazy:
        """KPI id -> its cells from month `start`, each KPI's made when first asked for."""
        return Lazy(list(self.row), lambda kpi_id: self.cells(self.row[kpi_id], start))

    def rags(self, kpi_id: str) -> list[Rag]:
        """The KPI's counted outcome in every month."""
        return [RAGS[code] for code in self.rag[self.row[kpi_id]].tolist()]

    def values(self, k: int, start: int = 0, stop: int | None = None) -> list:
        """Row `k`'s values (Decimal, or None where none is counted) from month `start` to `stop`."""
        records, found = self.records, []
        for h in range(start, len(self.months) if stop is None else stop):
            r = self.record[k, h]
            obs = records[r] if r >= 0 and self.counted[k, h] else None
            found.append(obs.value.value if obs and obs.value else None)
        return found

    def _flags(self, k: int, start: int) -> list[str]:
        """series_flags of row `k` from month `start`, as over the whole row: the months before
        `start` that the jump rule looks back on are included, and any unchanged run reaching them."""
        low = max(0, start - JUMP_HISTORY)
        values, earlier = self.values(k, low), []
        while low > 0 and values[0] is not None:
            before = self.values(k, low - 1, low)[0]
            if before is None or before != values[0]:
                break
            low -= 1
            earlier.append(before)
        values = earlier[::-1] + values
        kpi = self.kpis[k]
        return series_flags(values, kpi.unit, kpi.decimals)[start - low :]


def _counted_from(kpi, months: list[Month]) -> int:
    """The first column in which the KPI counts (in use, and from its first use)."""
    if not kpi.in_use:
        return len(months)
    if kpi.first_use is None or not months:
        return 0
    return max(0, kpi.first_use - months[0])


class Lazy(Mapping):
    """A mapping of `keys` whose values are made by `make(key)` when first asked for: a paper asks
    for the cells of a few hundred KPI-months, not the million a history may hold."""

    def __init__(self, keys: list[str], make: Callable[[str], list]):
        self.keys_, self.make, self.made = dict.fromkeys(keys), make, {}

    def __getitem__(self, key: str) -> list:
        if key not in self.made:
            if key not in self.keys_:
                raise KeyError(key)
            self.made[key] = self.make(key)
        return self.made[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_)

    def __len__(self) -> int:
        return len(self.keys_)
