"""The figures of a council's actuals kept as columns beside its records, so that a contract's whole
history can be scored at once (kpilib._scoring.grid) without visiting a million records one by one.

Each column holds one entry per observation, in the order the records were made: the KPI (a number
standing for its id), the month (months since the start of year 0), the value as a float (NaN for
none) and a code for its status, mitigation and exactness."""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Iterable
from decimal import Decimal

STATUS_CODES = {"": 0, "awaited": 1, "not_expected": 2, "data_not_available": 3}
STATUS_MASK = 3
MITIGATED = 4
INEXACT = 8  # the value has more significant digits than a float keeps: scored on the decimal itself
# Any two decimals of at most 15 significant digits compare (<, ==, >) as their nearest floats do:
# a float keeps 15.95 digits and rounding to nearest never reverses an order.
FLOAT_DIGITS = 15
NAN = float("nan")


def as_number(value: Decimal | None) -> tuple[float, bool]:
    """The value as a float (NaN for none), and whether the float compares exactly as the decimal does."""
    if value is None:
        return NAN, True
    number = float(value)
    # Beyond a float's range ('1E+400' is inf, '1E-400' is 0, '1E-310' loses digits) order is not kept either.
    in_range = number == 0 if value.is_zero() else sys.float_info.min <= abs(number) < math.inf
    return number, in_range and len(value.as_tuple().digits) <= FLOAT_DIGITS


class Columns:
    """Actuals as columns: `kpi`, `month`, `number` and `code` (typed arrays, one entry per
    observation), and `kpi_ids`, the KPI id each number in `kpi` stands for."""

    def __init__(self) -> None:
        self.kpi = array("i")
        self.month = array("i")
        self.number = array("d")
        self.code = array("b")
        self.kpi_ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.kpi)

    def add(self, kpi_id: str, month: int, number: float, exact: bool, status: str, mitigated: bool) -> None:
        """Append one observation: `month` as months since year 0, `number` and `exact` from as_number."""
        ids = self.kpi_ids
        self.kpi.append(ids.setdefault(kpi_id, len(ids)))
        self.month.append(month)
        self.number.append(number)
        self.code.append(STATUS_CODES[status] | (MITIGATED if mitigated else 0) | (0 if exact else INEXACT))

    @classmethod
    def of(cls, observations: Iterable) -> Columns:
        """The columns of records made elsewhere than the loader (which fills its columns as it reads)."""
        columns = cls()
        for obs in observations:
            number, exact = as_number(obs.value.value if obs.value else None)
            columns.add(obs.kpi_id, obs.month.index, number, exact, obs.status, obs.mitigated)
        return columns
