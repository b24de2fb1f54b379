"""The collector settings for build processes: set for a batch, as they were after it."""

from __future__ import annotations

import gc

from kpilib._driver import heap


def test_a_settled_block_freezes_the_heap_and_collects_young_objects_less_often():
    before = gc.get_threshold()
    with heap.settled():
        assert gc.get_threshold() == (10_000, 20, 20)
        assert gc.get_freeze_count() > 10_000  # at least pytest's and our imports
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_collector_is_restored_when_the_block_raises():
    before = gc.get_threshold()
    try:
        with heap.settled():
            raise RuntimeError("a batch that failed")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_what_the_caller_froze_stays_frozen_after_a_settled_block():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with heap.settled():
            pass
        assert gc.get_freeze_count() >= frozen > 0
    finally:
        gc.unfreeze()
