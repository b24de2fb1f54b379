"""What a worker does with one paper of a batch, in a process of the local pool or on a cluster."""

from __future__ import annotations

import contextlib
import threading
import traceback
from pathlib import Path

from .._inputs.council import PROJECT_ROOT
from .._inputs.errors import InputError
from .._inputs.loaded import Inputs
from .._inputs.months import Month
from . import publish
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


_lock = threading.Lock()


def build_on_cluster_worker(job: Job, key: str) -> Outcome:
    """A cluster task: build `key`'s paper in a warm kernel, under the month lock its driver holds.

    The council's inputs are read again here, from the shared checkout: the driver's copy does
    not pickle (it holds read-only mappings), and reading is a small part of a build."""
    with _lock:  # a worker started with several threads: one zygote, and one paper at a time
        from .kernel import keep_warm_kernels  # here: jupyter_client only where a kernel will run
        from .standby import keep_kernels_ahead

        keep_warm_kernels(str(PROJECT_ROOT))
        keep_kernels_ahead()
        with _under_drivers_lock(job.outputs_root / str(job.month)):
            return job.build(key)


@contextlib.contextmanager
def _under_drivers_lock(folder: Path):
    """Build in `folder` as a part of the driver's batch, whose process holds the folder's month lock
    until every task has finished: taking the lock again here would wait for the batch itself."""
    key = folder.resolve()
    publish._held[key] = publish._held.get(key, 0) + 1  # what month_lock does when a build nests in one
    try:
        yield
    finally:
        publish._held[key] -= 1
        if not publish._held[key]:
            del publish._held[key]
