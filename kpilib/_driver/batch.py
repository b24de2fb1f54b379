"""A month's batch: every council's paper built by a pool of worker processes, each paper in a fresh
kernel forked from a warm zygote (kernel.py), or by the workers of a Dask cluster (cluster.py).

The driver reads every input once (plan), checks every template's parameters before any kernel
starts, and holds the month's build lock for the whole batch; the workers build under that lock.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .._inputs.council import PROJECT_ROOT
from .._inputs.loaded import Inputs
from .._inputs.months import Month
from .._render.pdf import weasyprint_html
from . import heap, publish
from .build import Outcome, cannot_write, check_parameters, plan, template_path
from .progress import Progress
from .worker import Job
from .zygote import Zygote

TICK = 1.0  # seconds between redraws of the progress bar while no paper finishes


def default_jobs() -> int:
    """As many workers as this process may use cores."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def build_month(
    month: Month,
    council: str | None,
    params_root: Path,
    outputs_root: Path,
    extra_parameters: dict | None = None,
    wait: bool = True,
    jobs: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    *,
    force: bool = False,
) -> list[Outcome]:
    """Build every council with data for `month` (or only `council`); one failure never stops the rest.

    Papers are built by `jobs` worker processes (default: one per core; 1 builds them one at a
    time in this process), or, with `scheduler` (a Dask scheduler's address), by that cluster's
    workers. `progress` is told of each outcome as it is known. A paper up to date is not built
    again unless `force`. Holds the month's build lock
    throughout: another build of the month is waited for, or, without `wait`, publish.Busy is
    raised. EnvironmentProblem if WeasyPrint cannot run at all.
    """
    with contextlib.ExitStack() as stack:
        # Started first, so its imports (1.3 s) overlap the plan and the checks; stopped unused if
        # there is nothing to build.
        started = None if scheduler else Zygote(str(PROJECT_ROOT))
        if started:
            stack.callback(started.close)
        planned, outcomes = _plan_and_check(
            month, council, params_root, outputs_root, extra_parameters, progress, force
        )
        if not planned:  # every paper up to date (or skipped): no kernel, no import of what builds them
            return outcomes
        from .kernel import ready, warm_kernels  # here: a batch with nothing to build never imports jupyter_client

        zygote = started and stack.enter_context(warm_kernels(str(PROJECT_ROOT), wait=False, started=started))
        jobs = max(1, min(jobs or default_jobs(), len(planned)))
        weasyprint_html()  # before any kernel: without Pango no paper can be made
        job = Job(month, params_root, outputs_root, extra_parameters or {})
        try:
            stack.enter_context(publish.month_lock(outputs_root / str(month), wait))
        except OSError as exc:
            failed = [Outcome(i.council.key, "failed", cannot_write(exc)) for i in planned]
            for outcome in failed:
                if progress:
                    progress(outcome)
            return outcomes + failed
        if scheduler:
            from .cluster import build_on_cluster

            return outcomes + build_on_cluster(scheduler, job, [i.council.key for i in planned], progress)
        _warm_the_driver()
        stack.enter_context(heap.settled())  # after the imports, before the workers are forked
        ready(zygote)
        if len(planned) > jobs:  # a worker with a paper after this one: start its kernel early
            from .standby import kernels_ahead

            stack.enter_context(kernels_ahead())
        if progress:
            progress.start([i.council.key for i in planned], jobs)
        return outcomes + run_pool(job, planned, jobs, progress)


def _plan_and_check(month, council, params_root, outputs_root, extra_parameters, progress, force):
    """plan(), then every template's parameters checked before the first kernel starts."""
    planned, outcomes = plan(
        month, council, params_root, outputs_root=outputs_root, extra_parameters=extra_parameters, force=force
    )
    for inputs in planned:  # every template's parameters are checked before the first kernel starts
        names = {"council": inputs.council.key, "month": str(month), **(extra_parameters or {})}
        check_parameters(template_path(inputs.council.template), names)
    for outcome in outcomes:
        if progress:
            progress(outcome)
    return planned, outcomes


def _warm_the_driver() -> None:
    """Import what every paper's HTML export needs once, here, before the workers are forked."""
    import nbconvert.exporters.html  # noqa: F401
    import nbconvert.preprocessors  # noqa: F401
    import pandas  # noqa: F401  # for the scores CSV: 0.17 s of each worker's first paper otherwise


def run_pool(job: Job, planned: list[Inputs], jobs: int, progress: Progress | None) -> list[Outcome]:
    """Build the planned papers with `jobs` worker processes; outcomes in the planned order."""
    results: dict[int, Outcome] = {}

    def record(index: int, outcome: Outcome) -> None:
        results[index] = outcome
        if progress:
            progress(outcome)

    if jobs == 1:
        for index, inputs in enumerate(planned):
            record(index, job.build(inputs.council.key, inputs))
        return [results[i] for i in range(len(planned))]
    global _forked
    # Workers are forked, so they find the planned inputs (which do not pickle) here, read
    # once by the driver, and the lock and the zygote this process holds.
    _forked = (job, planned)
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {pool.submit(_build_forked, index): index for index in range(len(planned))}
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=TICK, return_when=FIRST_COMPLETED)
                for future in done:
                    index = futures[future]
                    try:
                        record(index, future.result())
                    except BrokenProcessPool:
                        record(index, Outcome(planned[index].council.key, "failed", "its worker process died"))
                if progress and not done:
                    progress.tick()
    finally:
        _forked = None
    return [results[i] for i in range(len(planned))]


_forked: tuple[Job, list[Inputs]] | None = None


def _build_forked(index: int) -> Outcome:
    """In a forked worker: build the batch's paper number `index`."""
    job, planned = _forked
    return job.build(planned[index].council.key, planned[index])
