"""`make bench`: time building a paper, stage by stage. Speed targets live here, never in tests."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from .._inputs.council import PROJECT_ROOT
from .._inputs.months import Month

CASES = [("norfolk", "2019-02"), ("lincolnshire", "2017-08")]
RUNS = 3


def main() -> int:
    """Time builds of each paper and print the median and best, stage by stage."""
    started = time.monotonic()
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401
    import weasyprint  # noqa: F401

    from . import build  # noqa: F401  first: it keeps rfc3987_syntax out, as in a real build

    print(f"imports: {time.monotonic() - started:.2f} s")
    for council, month in CASES:
        totals, stages = [], {}
        for _ in range(RUNS):
            with tempfile.TemporaryDirectory() as outputs:
                outcome = build.build_paper(council, Month.parse(month), PROJECT_ROOT / "params", Path(outputs))
            if outcome.status != "built":
                print(f"{council} {month}: {outcome.status}: {outcome.reason}", file=sys.stderr)
                return 1
            totals.append(outcome.seconds)
            for stage, seconds in outcome.stages.items():
                stages.setdefault(stage, []).append(seconds)
        print(
            f"{council} {month}: median {statistics.median(totals):.2f} s, best {min(totals):.2f} s over {RUNS} builds"
        )
        for stage, values in stages.items():
            print(f"  {stage:<28} {statistics.median(values):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
