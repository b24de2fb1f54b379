"""A month's batch on a Dask cluster (`make report SCHEDULER=tcp://host:8786`): each paper one task
on the cluster's workers, outcomes gathered as a local batch gathers them.

The workers share the project checkout and the outputs folder, at the same paths as the driver's,
and run in the same environment (`make venv`); the README says how to start them. Nothing is
fetched over the network but the tasks and their outcomes, to and from the scheduler.
"""

from __future__ import annotations

from .._render.pdf import EnvironmentProblem
from .build import Outcome
from .progress import Progress
from .worker import Job, build_on_cluster_worker

CONNECT_SECONDS = 30


def build_on_cluster(scheduler: str, job: Job, keys: list[str], progress: Progress | None) -> list[Outcome]:
    """Build `keys`' papers on the cluster of `scheduler` (an address such as tcp://host:8786);
    outcomes in the order of `keys`. EnvironmentProblem if the scheduler cannot be reached."""
    from distributed import Client, as_completed

    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise EnvironmentProblem(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    results: dict[str, Outcome] = {}
    with client:
        if progress:
            progress.start(keys, max(1, sum(client.nthreads().values())))
        # pure=False: a rebuild of the same paper is new work, not a result the cluster may reuse.
        futures = {client.submit(build_on_cluster_worker, job, key, pure=False): key for key in keys}
        for future in as_completed(futures, loop=client.loop):
            key = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # the task itself was lost (its worker died, say): the rest go on
                outcome = Outcome(key, "failed", f"its task on the cluster failed: {type(exc).__name__}: {exc}")
            results[key] = outcome
            if progress:
                progress(outcome)
    return [results[key] for key in keys]
