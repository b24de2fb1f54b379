"""`make council`: a new council's folder for any paper type, from the type's example files, ready to
build at once. Nothing is ever overwritten: a folder that exists is left as it is."""

from __future__ import annotations

import inspect
import re
import shutil
import tempfile
from pathlib import Path

from .._inputs.errors import InputError, display_path
from .._papers.registry import load_inputs, paper_types
from .build import UsageError

USAGE = "usage: make council NAME=<folder name> TEMPLATE=<paper type>   (for example: make council NAME=york TEMPLATE=vital_signs)"


def scaffold_folder(template: str) -> Path:
    """The example files of a paper type: the `scaffold/` folder beside its paper.py."""
    return Path(inspect.getfile(paper_types()[template].paper)).parent / "scaffold"


def create_council(params_root: Path, name: str, template: str) -> tuple[Path, str]:
    """Make params_root/name from the type's example files; returns the folder and the command that
    builds its example paper. UsageError for a bad NAME or TEMPLATE; InputError if the folder exists."""
    types = paper_types()
    if not name or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name):
        raise UsageError(
            f"NAME should be a folder name in lower case (letters, digits, - and _), such as york.\n{USAGE}"
        )
    if template not in types:
        raise UsageError(f"TEMPLATE should be one of {', '.join(types)}, not {template!r}.\n{USAGE}")
    folder = params_root / name
    if folder.exists():
        raise InputError(
            f"{display_path(folder)} already exists: nothing was written (choose another NAME, or move it away)"
        )
    source = scaffold_folder(template)
    with tempfile.TemporaryDirectory(dir=params_root, prefix=f".{name}-") as scratch:
        trial = Path(scratch) / name
        shutil.copytree(source, trial)
        (trial / "narrative").mkdir()
        shutil.move(trial, folder)  # the whole folder appears at once, or not at all
    month = max(load_inputs(name, params_root).months_with_data())
    return folder, f"make report MONTH={month} COUNCIL={name}"
