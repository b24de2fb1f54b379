"""Command line for the Makefile: `python -m kpilib report|narrative ...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .._inputs.council import PROJECT_ROOT
from .._inputs.errors import InputError


def main(argv: list[str] | None = None) -> int:
    """Run the command line (report, narrative, import, council, clean); returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m kpilib")
    parser.add_argument("--params", type=Path, default=PROJECT_ROOT / "params", help="councils' input folders")
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser("report", help="build committee papers for a month")
    report.add_argument("--month", default="")
    report.add_argument("--council", default="")
    report.add_argument("--outputs", type=Path, default=PROJECT_ROOT / "outputs")
    report.add_argument(
        "--no-wait",
        action="store_true",
        help="if another build of the month is running, stop at once instead of waiting",
    )
    report.add_argument("--force", action="store_true", help="rebuild every paper, even those up to date")
    report.add_argument(
        "--scheduler", default="", help="a Dask scheduler's address (tcp://host:8786): build on its cluster"
    )
    report.add_argument(
        "--jobs", default="", help="papers built at once, each by a worker process (default: one per core)"
    )
    report.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="extra template parameter",
    )
    narrative = sub.add_parser("narrative", help="start a month's narrative file, drafted from the data")
    narrative.add_argument("--month", default="")
    narrative.add_argument("--council", default="")
    importer = sub.add_parser("import", help="import a provider's KPI pack (.csv or .xlsx) into a contract council")
    importer.add_argument("--council", default="")
    importer.add_argument("--file", default="")
    council = sub.add_parser("council", help="create a new council's folder, with example files, for a paper type")
    council.add_argument("--name", default="")
    council.add_argument("--template", default="")
    clean = sub.add_parser("clean", help="remove generated outputs")
    clean.add_argument("--outputs", type=Path, default=PROJECT_ROOT / "outputs")
    args = parser.parse_args(argv)

    from .._render.pdf import EnvironmentProblem
    from .build import UsageError, cannot_write
    from .publish import Busy

    try:
        if args.command == "report":
            return _report(args)
        if args.command == "narrative":
            return _narrative(args)
        if args.command == "import":
            return _import(args)
        if args.command == "council":
            return _council(args)
        if args.command == "clean":
            from .publish import clean_outputs

            busy = clean_outputs(args.outputs)
            for month in busy:
                print(f"left {month} alone: a build of it is running", file=sys.stderr)
            return 1 if busy else 0
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    except (InputError, EnvironmentProblem, Busy) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the file system, not the input: a full disk, a folder we may not write
        print(f"error: {cannot_write(exc)}", file=sys.stderr)
        return 1
    return 2


def _report(args) -> int:
    from .batch import build_month
    from .build import parse_month
    from .progress import Progress

    month = parse_month(args.month)
    progress = Progress(month)
    try:
        outcomes = build_month(
            month,
            args.council or None,
            args.params,
            args.outputs,
            dict(args.parameter),
            wait=not args.no_wait,
            force=args.force,
            jobs=parse_jobs(args.jobs),
            scheduler=args.scheduler or None,
            progress=progress,
        )
    finally:
        progress.close()
    built = sum(o.status == "built" for o in outcomes)
    failed = sum(o.status == "failed" for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    fresh = sum(o.status == "up to date" for o in outcomes)
    if fresh and not built and not failed:
        print(f"every paper is up to date ({fresh}); FORCE=1 rebuilds them")
    elif len(outcomes) > 1 or failed:
        print(f"{built} built, " + (f"{fresh} up to date, " if fresh else "") + f"{skipped} skipped, {failed} failed")
    if not built and not failed and not fresh:
        print(f"no council has data for {month}", file=sys.stderr)
        return 1
    return 1 if failed else 0


def parse_jobs(text: str) -> int | None:
    """The JOBS argument: a whole number of workers from 1 up, or None (one per core) if empty."""
    from .build import UsageError

    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise UsageError(f"JOBS: {text!r} is not a number of workers (1, 2, ...).\n{REPORT_JOBS}")
    return int(text)


REPORT_JOBS = "usage: make report MONTH=YYYY-MM [JOBS=n]   (JOBS=1 builds one paper at a time)"


def _narrative(args) -> int:
    from .._inputs.errors import display_path
    from .._papers.narrative_draft import create_narrative
    from .._papers.registry import paper_type_of
    from .build import parse_month, plan

    usage = (
        "usage: make narrative MONTH=YYYY-MM COUNCIL=name   (for example: make narrative MONTH=2019-01 COUNCIL=norfolk)"
    )
    month = parse_month(args.month, usage)
    if not args.council:
        print(f"COUNCIL is required.\n{usage}", file=sys.stderr)
        return 2
    # The same check as `make report`: a draft for a month without data would only say "not measured".
    (inputs,), _ = plan(month, args.council, args.params)
    paper = paper_type_of(inputs).paper(inputs)
    path = create_narrative(inputs.council.narrative_path(month), paper.draft_narrative())
    print(f"created {display_path(path)}: open it in JupyterLab and edit the text under each heading")
    return 0


def _council(args) -> int:
    from .._inputs.errors import display_path
    from .scaffold import create_council

    folder, command = create_council(args.params, args.name, args.template)
    print(f"created {display_path(folder)}/ with example values marked EXAMPLE; replace them with yours.")
    print(f"Build its paper now with:\n  {command}")
    return 0


def _import(args) -> int:
    from .importer import import_pack

    if not args.council or not args.file:
        print("COUNCIL and FILE are required.\nusage: make import COUNCIL=name FILE=path/to/pack.xlsx", file=sys.stderr)
        return 2
    report = import_pack(args.params, args.council, Path(args.file))
    print("\n".join(report.lines))
    return 0
