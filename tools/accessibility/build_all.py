"""make accessibility, step one: build each council's latest paper into a scratch folder.

Every paper type must be among them, so a type added later is checked the day it is added.
usage: python build_all.py OUTPUTS     exit 1 if a paper fails or a paper type has no council.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kpilib import build_month, load_inputs, paper_types
from kpilib._inputs.council import PROJECT_ROOT, known_councils


def main(outputs: Path) -> int:
    """Build every council's latest month into `outputs`; report each, and any paper type left unbuilt."""
    params = PROJECT_ROOT / "params"
    types, failed = set(), 0
    for key in known_councils(params):
        inputs = load_inputs(key, params)
        month = max(inputs.months_with_data())
        for outcome in build_month(month, key, params, outputs):
            print(f"{outcome.status} {key} {month}{': ' + outcome.reason if outcome.reason else ''}", flush=True)
            failed += outcome.status != "built"
        types.add(inputs.council.template)
    unchecked = sorted(set(paper_types()) - types)
    if unchecked:
        print(f"no council of paper type {', '.join(unchecked)}: add one to params/ so it is checked", file=sys.stderr)
    return 1 if failed or unchecked else 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
