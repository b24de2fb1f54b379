"""What every paper type shares: its warnings, its input files and their provenance."""

from __future__ import annotations

import functools
import sys
from contextlib import contextmanager

from markupsafe import Markup

from .._inputs.council import PROJECT_ROOT
from .._inputs.errors import KpiError
from .._render.html import HTML, markdown, render
from .provenance import collect


class SectionError(KpiError):
    """A paper section failed to build; the message names the section and the KPI."""


@contextmanager
def building(section: str, kpi: str | None = None):
    """Re-raise any error inside as a SectionError naming the section (and KPI) being built."""
    try:
        yield
    except SectionError:
        raise
    except Exception as exc:
        where = f"{section}, KPI {kpi}" if kpi else section
        raise SectionError(f"while building {where}: {exc.__class__.__name__}: {exc}") from exc


def section(name: str):
    """Decorator: a paper method that builds the section `name`."""

    def wrap(method):
        @functools.wraps(method)
        def run(self, *args, **kwargs):
            with building(name):
                return method(self, *args, **kwargs)

        return run

    return wrap


class PaperBase:
    """Mixin for paper classes, which set inputs, council, month, narrative and warnings."""

    def report_warnings(self) -> None:
        """Print each warning to stderr, where the build collects them."""
        for note in self.warnings:
            print(f"warning: {self.council.key} {self.month}: {note}", file=sys.stderr)

    def provenance_record(self) -> dict:
        """Where the paper came from: versions and the SHA-256 of every input, as read."""
        return collect(self.inputs.digests, PROJECT_ROOT / "notebooks" / f"{self.council.template}.ipynb")

    def provenance(self) -> HTML:
        """Section: where the paper came from (versions and the digest of every input)."""
        return HTML(render("provenance.html.j2", p=self.provenance_record()))

    def quality_annex(self) -> HTML:
        """Every data-quality flag of the paper in one table (see quality_rows)."""
        from .._scoring.quality import STALE_RUN

        return HTML(render("quality_annex.html.j2", rows=self.quality_rows(), stale=STALE_RUN))

    def commentary(self, slot, missing: str = "Commentary to follow.") -> Markup:
        """The analyst's text for a narrative slot as HTML, or `missing` in italics when there is none."""
        text = self.narrative.text(slot)
        return markdown(text, self.narrative.images) if text else markdown(f"*{missing}*")

    def meeting_text(self) -> str:
        """The meeting's date for the report month, or 'to be confirmed'."""
        meeting = self.council.meetings.get(self.month)
        return f"{meeting.day} {meeting:%B %Y}" if meeting else "to be confirmed"

    def common_warnings(self) -> list[str]:
        """Warnings every paper type gives: no narrative, narrative cells left out, no meeting date."""
        notes = []
        if not self.narrative.exists:
            notes.append(
                f"no narrative file {self.narrative.path.name} for {self.month}: run "
                f"`make narrative MONTH={self.month} COUNCIL={self.council.key}` to start one"
            )
        notes.extend(f"{self.narrative.path.name}: {note}" for note in self.narrative.ignored)
        if self.month not in self.council.meetings:
            notes.append(
                f"no meeting date for {self.month} in council.yml (meetings:): the paper says 'to be confirmed'"
            )
        return notes
