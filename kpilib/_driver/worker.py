"""What a worker does with one paper of a batch."""

from __future__ import annotations

import traceback
from pathlib import Path

from .._inputs.errors import InputError
from .._inputs.loaded import Inputs
from .._inputs.months import Month
from .build import Outcome, build_paper


class Job:
    """What every paper of a batch shares: the month, the folders and the extra template parameters."""

    def __init__(self, month: Month, params_root: Path, outputs_root: Path, extra_parameters: dict):
        self.month = month
        self.params_root = params_root
        self.outputs_root = outputs_root
        self.extra_parameters = extra_parameters

    def build(self, key: str, inputs: Inputs | None = None) -> Outcome:
        """Build one paper; any error of its own becomes its failed outcome, so the batch goes on."""
        try:
            return build_paper(key, self.month, self.params_root, self.outputs_root, self.extra_parameters, inputs)
        except InputError as exc:
            return Outcome(key, "failed", str(exc))
        except Exception as exc:  # a fault in our code for this paper alone: report it, build the rest
            where = traceback.extract_tb(exc.__traceback__)[-1]
            return Outcome(
                key, "failed", f"{type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"
            )
