"""The build driver: check parameters, execute the template with Papermill, export HTML, PDF,
scores and provenance, all in one process, and publish a paper's files only when all succeeded.
A month's batch of papers (build_month) is in batch.py."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

# Papermill -> nbformat -> jsonschema imports rfc3987_syntax, which spends 1.7 s building a
# grammar, only to check 'iri' string formats; jsonschema skips that check when the import
# fails, and no notebook schema here uses it. Blocking it makes every build 1.7 s faster.
sys.modules.setdefault("rfc3987_syntax", None)

from .._inputs.council import PROJECT_ROOT, known_councils
from .._inputs.errors import InputError, KpiError, display_path
from .._inputs.limits import handing_over
from .._inputs.loaded import Inputs
from .._inputs.months import Month
from .._papers.registry import load_inputs, paper_type_of, paper_types
from .._render.pdf import EnvironmentProblem, export_html, write_pdf
from .cache import council_files, output_digests, paper_key, quick_check, read_watched, template_parameters, up_to_date
from .publish import month_lock, publish, staging_folder, sweep

KERNEL = "kpilib"
SUFFIXES = (".ipynb", ".html", ".pdf", ".scores.csv", ".provenance.json")


class UsageError(KpiError):
    """The command was called wrongly; the message says how to call it."""


def cannot_write(exc: OSError) -> str:
    """One line for a file-system error: the path and the cause."""
    if not exc.filename:  # not a file (a socket to the kernel, say): say what the system said
        return f"{exc.__class__.__name__}: {exc.strerror or exc}"
    return f"cannot write {display_path(exc.filename)}: {exc.strerror or exc}"


@dataclass
class Outcome:
    """What became of one council's paper: built, skipped or failed, and why, with its files and timings."""

    council: str
    status: str  # built, up to date, skipped or failed
    reason: str = ""
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)  # seconds per build stage


REPORT_USAGE = "usage: make report MONTH=YYYY-MM [COUNCIL=name]   (for example: make report MONTH=2019-02)"


def parse_month(text: str | None, usage: str = REPORT_USAGE) -> Month:
    """The MONTH argument; UsageError saying how to call the command if it is missing or malformed."""
    if not text:
        raise UsageError(f"MONTH is required.\n{usage}")
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise UsageError(f"MONTH: {exc}.\n{usage}") from None


def template_path(template: str) -> Path:
    """The notebook of paper type `template`."""
    return paper_types()[template].notebook


def check_parameters(template: Path, parameters: dict) -> None:
    """Refuse parameters the template does not declare (Papermill on its own only warns)."""
    import papermill

    declared = papermill.inspect_notebook(str(template))
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise InputError(
            f"{template.name}: unknown parameter {', '.join(map(repr, unknown))} "
            f"(the template takes: {', '.join(declared)})"
        )


def plan(
    month: Month,
    council: str | None,
    params_root: Path,
    *,
    outputs_root: Path | None = None,
    extra_parameters: dict | None = None,
    force: bool = False,
) -> tuple[list[Inputs], list[Outcome]]:
    """The inputs of each council to build for `month` (read once, here), and outcomes for those
    skipped, failing to load, or (given `outputs_root`, unless `force`) up to date there already.

    A council named explicitly must exist and have data for the month (InputError otherwise);
    without one, councils with no data for the month are skipped with a reason.
    """
    build, others = [], []
    for key in [council] if council else known_councils(params_root):
        fresh, already_read = (
            (False, {}) if force else quick_check(key, month, params_root, outputs_root, extra_parameters, SUFFIXES)
        )
        if fresh:  # decided from the record and the files' bytes: nothing parsed, no heavy import
            others.append(Outcome(key, "up to date", files=[outputs_root / str(month) / f"{key}{s}" for s in SUFFIXES]))
            continue
        try:
            with handing_over(already_read):
                inputs, outside = read_watched(key, params_root, month)
        except InputError as exc:
            if council:
                raise
            others.append(Outcome(key, "failed", str(exc)))
            continue
        if reason := _no_data_reason(inputs):
            if council:
                raise InputError(reason)
            others.append(Outcome(key, "skipped", reason))
        elif force or outside or not up_to_date(inputs, params_root, outputs_root, extra_parameters, SUFFIXES):
            build.append(inputs)
        else:
            others.append(Outcome(key, "up to date", files=[outputs_root / str(month) / f"{key}{s}" for s in SUFFIXES]))
    return build, others


def _no_data_reason(inputs: Inputs) -> str:
    """Why the council has nothing to build for its month ('' if it has data)."""
    months = inputs.months_with_data()
    if inputs.month in months:
        return ""
    span = f"data from {min(months)} to {max(months)}" if months else "no data at all"
    return f"{inputs.council.key} has no data for {inputs.month} ({span})"


def build_paper(
    key: str,
    month: Month,
    params_root: Path,
    outputs_root: Path,
    extra_parameters: dict | None = None,
    inputs: Inputs | None = None,
) -> Outcome:
    """Build one council's paper for `month` into outputs_root/<month>/; files appear only on success.

    `inputs` are the council's, read already by plan(); read here when not given."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from .standby import paper_kernel  # here, not at the top: a build with nothing to do never needs jupyter_client

    started = time.monotonic()
    stages: dict[str, float] = {}
    clock = [started]

    def lap(stage: str) -> None:
        now = time.monotonic()
        stages[stage] = now - clock[0]
        clock[0] = now

    inputs = inputs or load_inputs(key, params_root, month)
    config = inputs.council
    paper = paper_type_of(inputs).paper(inputs)
    template = template_path(config.template)
    parameters = template_parameters(key, month, params_root, extra_parameters)
    check_parameters(template, parameters)
    lap("load and check")

    out_dir = outputs_root / str(month)
    try:
        with month_lock(out_dir):
            sweep(out_dir, key)  # under the lock: staging of a build that was killed outright
            staging = staging_folder(out_dir, key)
            try:
                executed = staging / f"{key}.ipynb"
                try:
                    # Killed at once after the last cell rather than asked to shut down and polled
                    # until it has (0.04 s a paper); in a batch, the next paper's is started then.
                    with paper_kernel(KERNEL, str(PROJECT_ROOT)) as kernel:
                        notebook = papermill.execute_notebook(
                            str(template),
                            str(executed),
                            parameters=parameters,
                            kernel_name=KERNEL,
                            progress_bar=False,
                            # Papermill rewrites the whole notebook before and after every cell unless
                            # told not to (0.3-0.5 s a paper); it still writes it at the end, failed or not.
                            request_save_on_cell_execute=False,
                            cwd=str(PROJECT_ROOT),
                            km=kernel,
                            # How nbclient ends the kernel itself if it fails to answer at start.
                            shutdown_kernel="immediate",
                        )
                except PapermillExecutionError as exc:
                    return _failed_cell(key, exc, executed, out_dir, started)
                lap("execute")
                warnings = _stderr_lines(notebook)
                html = export_html(notebook, paper)
                (staging / f"{key}.html").write_text(html, encoding="utf-8")
                lap("html")
                refused = write_pdf(html, staging / f"{key}.pdf", config.folder)
                warnings += [f"warning: {key} {month}: PDF: {note}" for note in refused]
                lap("pdf")
                (staging / f"{key}.scores.csv").write_text(paper.scores_csv(), encoding="utf-8")
                record = {
                    **paper.provenance_record(),
                    "build_key": paper_key(inputs.digests, template, parameters),
                    "outputs": output_digests(staging, key),  # so a file edited by hand is rebuilt
                    "council_files": council_files(config.folder.resolve()),  # so a file added is seen
                }
                (staging / f"{key}.provenance.json").write_text(
                    json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8"
                )
                files = publish(staging, out_dir, key, SUFFIXES)
            finally:
                shutil.rmtree(staging, ignore_errors=True)  # gone already once published
            (out_dir / "failed" / f"{key}.ipynb").unlink(missing_ok=True)
    except OSError as exc:
        return Outcome(key, "failed", cannot_write(exc), seconds=time.monotonic() - started)
    except EnvironmentProblem as exc:
        return Outcome(key, "failed", str(exc), seconds=time.monotonic() - started)
    lap("scores, provenance, publish")
    return Outcome(key, "built", files=files, warnings=warnings, seconds=time.monotonic() - started, stages=stages)


def _failed_cell(key: str, exc, executed: Path, out_dir: Path, started: float) -> Outcome:
    """The outcome of a template cell that raised; its executed notebook is kept in failed/."""
    failed_dir = out_dir / "failed"
    failed_dir.mkdir(exist_ok=True)
    if executed.exists():
        os.replace(executed, failed_dir / executed.name)
    source = exc.source.strip().splitlines()[-1] if exc.source else ""
    return Outcome(
        key,
        "failed",
        f"cell {exc.exec_count} ({source}) raised {exc.ename}: {exc.evalue}; "
        f"nothing was published, the executed notebook is kept in "
        f"{display_path(failed_dir / executed.name)}",
        seconds=time.monotonic() - started,
    )


def _stderr_lines(notebook) -> list[str]:
    lines = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                # Only our own warnings: the kernel also writes notices of its own to stderr.
                lines.extend(line for line in output.get("text", "").splitlines() if line.startswith("warning: "))
    return lines
