"""The garbage collector tuned for processes that build papers (the driver and its local workers, the
zygote and its kernels, on a cluster too).

A paper makes hundreds of thousands of long-lived objects (WeasyPrint's boxes, nbformat's nodes),
so with CPython's default thresholds the collector runs thousands of times a paper and each full
collection walks every module imported as well: a quarter of a batch's CPU, measured on the demo
batch (make bench). What a process holds before its papers start (its imports, mostly) lives as
long as it does, so it is frozen out of collection, and young objects are collected less often;
objects in cycles are still collected, a little later.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

THRESHOLDS = (10_000, 20, 20)  # CPython's defaults are (700, 10, 10)


def settle() -> None:
    """For the rest of this process's life: freeze what exists now and collect at THRESHOLDS."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


@contextlib.contextmanager
def settled() -> Iterator[None]:
    """settle() for the block (and the processes forked in it); the collector as it was after."""
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    settle()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if not frozen:  # what a caller froze before stays frozen: unfreezing is all or nothing
            gc.unfreeze()
