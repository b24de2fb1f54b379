"""What `make report` shows while a batch runs: each paper's line as it finishes and, on a terminal,
a progress bar (papers done of all, the papers being built, time left) below those lines."""

from __future__ import annotations

import contextlib
import sys

from tqdm import tqdm

from .._inputs.csvfile import print_warning_once
from .._inputs.errors import display_path
from .._inputs.months import Month
from .build import Outcome


class _Bar(tqdm):
    # tqdm's monitor is a thread, and the batch forks its workers: no thread may be running then.
    monitor_interval = 0


class Progress:
    """Told of each paper's outcome as it is known (batch.build_month's `progress`): prints its line
    at once and, where stderr is a terminal, moves the bar."""

    def __init__(self, month: Month, terminal: bool | None = None):
        self.month = month
        self.terminal = sys.stderr.isatty() if terminal is None else terminal
        self.pending: list[str] = []
        self.jobs = 1
        self.bar = None

    def start(self, keys: list[str], jobs: int) -> None:
        """The papers about to be built, in the order the workers take them, `jobs` at a time."""
        self.pending = list(keys)
        self.jobs = jobs
        if self.terminal and len(keys) > 1:
            self.bar = _Bar(
                total=len(self.pending),
                file=sys.stderr,
                desc=str(self.month),
                unit="paper",
                bar_format="{desc} {bar:20} {n}/{total} papers [{elapsed}, {remaining} left]{postfix}",
                dynamic_ncols=True,
                mininterval=0,  # a paper takes seconds: show every one
            )
            self._show_current(refresh=True)

    def __call__(self, outcome: Outcome) -> None:
        """Print the paper's line and count it done."""
        with _Bar.external_write_mode() if self.bar else contextlib.nullcontext():
            print_outcome(outcome, self.month)
        if outcome.council in self.pending:
            self.pending.remove(outcome.council)
            if self.bar:
                self._show_current()
                self.bar.update(1)

    def tick(self) -> None:
        """Redraw the bar, so its clock and time left move between papers (tqdm's own timer thread
        is off: see _Bar)."""
        if self.bar:
            self.bar.refresh()

    def close(self) -> None:
        """Take the bar away; the lines stay."""
        if self.bar:
            self.bar.close()

    def _show_current(self, refresh: bool = False) -> None:
        current = self.pending[: self.jobs]
        self.bar.set_postfix_str(f"building {', '.join(current)}" if current else "", refresh=refresh)


def print_outcome(outcome: Outcome, month: Month) -> None:
    """The paper's line: built (with its files), up to date or skipped on stdout, failed (with why) on stderr."""
    for warning in outcome.warnings:
        print_warning_once(warning)
    sys.stderr.flush()
    if outcome.status == "built":
        stem = display_path(outcome.files[0].with_suffix(""))
        print(
            f"built {outcome.council} {month}: {stem}.{{ipynb,html,pdf,scores.csv,provenance.json}} "
            f"({outcome.seconds:.1f} s)"
        )
    elif outcome.status == "up to date":
        print(f"up to date {outcome.council} {month}: nothing it is made from has changed")
    elif outcome.status == "skipped":
        print(f"skipped {outcome.council}: {outcome.reason}")
    else:
        print(f"failed {outcome.council}:\n  " + outcome.reason.replace("\n", "\n  "), file=sys.stderr)
    sys.stdout.flush()
