"""Each paper's kernel started ahead: in a batch, as soon as one paper's notebook has run, its kernel
is shut down and the next paper's is started, so the next kernel's start (a fork from the zygote,
then ipykernel's own start-up, 0.15-0.3 s that a build would spend waiting) overlaps this paper's
HTML and PDF instead of delaying the next paper's execution.

A kernel started ahead is a fresh fork of the zygote like any other, started before the next paper
is known and never given code until that paper runs in it: nothing of an earlier paper reaches it.
"""

from __future__ import annotations

import contextlib
import multiprocessing.util
import os
from collections.abc import Iterator

from jupyter_core.utils import run_sync

from .kernel import QuietKernelManager, forking

# IPython's history kept in memory, as nbclient keeps it for kernels named python*, not in the SQLite
# database in the user's profile, which every build running at once would share.
HISTORY = "--HistoryManager.hist_file=:memory:"

_ahead = False  # whether each paper's kernel is followed at once by the next one's
_spare: tuple[int, str, str, QuietKernelManager] | None = None  # (pid, kernel name, cwd, manager)
_finalizing: set[int] = set()  # processes whose exit discards their spare


@contextlib.contextmanager
def kernels_ahead() -> Iterator[None]:
    """Within the block (a batch with more papers than workers), start each paper's successor's kernel
    early; the one left over is shut down when the block ends."""
    global _ahead
    _ahead = True
    try:
        yield
    finally:
        _ahead = False
        discard()


def keep_kernels_ahead() -> None:
    """kernels_ahead() for the rest of this process's life (a Dask worker between tasks)."""
    global _ahead
    _ahead = True


@contextlib.contextmanager
def paper_kernel(kernel_name: str, cwd: str) -> Iterator[QuietKernelManager]:
    """A started kernel for one paper (the one started ahead, if any), shut down when the block ends."""
    manager = _take(kernel_name, cwd) or _launch(QuietKernelManager(kernel_name=kernel_name), cwd)
    going_on = False  # the batch goes on after this paper, failed or not; not after Ctrl-C
    try:
        yield manager
        going_on = True
    except Exception:
        going_on = True
        raise
    finally:
        run_sync(_shut)(manager)
        if going_on and _ahead and forking():
            _start_ahead(kernel_name, cwd)


def discard() -> None:
    """Shut down this process's kernel started ahead, if it has one."""
    global _spare
    spare, _spare = _spare, None
    if spare and spare[0] == os.getpid():  # a forked worker's copy of its parent's is not its own
        run_sync(_shut)(spare[3])


def _start_ahead(kernel_name: str, cwd: str) -> None:
    global _spare
    manager = QuietKernelManager(kernel_name=kernel_name)
    _spare = (os.getpid(), kernel_name, cwd, manager)  # held before it starts: discard() ends it, whenever
    if os.getpid() not in _finalizing:  # a worker forked by a pool runs these at exit, never atexit's
        _finalizing.add(os.getpid())
        multiprocessing.util.Finalize(None, discard, exitpriority=10)
    try:
        _launch(manager, cwd)
    except Exception:  # noqa: BLE001 -- the next paper starts its own, and reports what fails then
        discard()


def _take(kernel_name: str, cwd: str) -> QuietKernelManager | None:
    global _spare
    spare, _spare = _spare, None
    if not spare or spare[0] != os.getpid():
        return None
    manager = spare[3]
    if spare[1:3] == (kernel_name, cwd) and run_sync(manager.is_alive)():
        return manager
    run_sync(_shut)(manager)  # died while it waited (or is not the kernel asked for): start another
    return None


def _launch(manager: QuietKernelManager, cwd: str) -> QuietKernelManager:
    run_sync(manager.start_kernel)(cwd=cwd, extra_arguments=[HISTORY])
    return manager


async def _shut(manager: QuietKernelManager) -> None:
    """As nbclient ends a kernel it started, with shutdown_kernel="immediate": killed at once, then
    its connection file removed and its clients' channels closed, each whatever the one before did."""
    try:
        if await manager.is_alive():
            await manager.shutdown_kernel(now=True)
    finally:
        try:
            await manager.cleanup_resources()
        finally:
            for client in manager.clients:
                client.stop_channels()
