"""Incremental builds: a paper's build key, and whether the published files still answer to it.

The key is a SHA-256 over everything a paper is made from: the council's files as the loader read
them, the notebook template, the kpilib code, the pinned environment and the build parameters. The
git commit is left out on purpose: a commit touching only the README must not rebuild every paper.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from .._inputs.council import PROJECT_ROOT
from .._inputs.limits import MAX_NARRATIVE_BYTES, recording
from .._inputs.loaded import Inputs
from .._inputs.months import Month
from .._papers.provenance import file_digest
from .._papers.registry import load_inputs, paper_types

PACKAGE = Path(__file__).resolve().parents[1]
REQUIREMENTS = PROJECT_ROOT / "requirements.txt"
# The published files whose digests the provenance record keeps; the executed notebook is left
# out because Papermill stamps it with the time of each run, and the record must stay deterministic.
CHECKED = (".html", ".pdf", ".scores.csv")


def code_digest(package: Path = PACKAGE) -> str:
    """SHA-256 over the kpilib package's files (names and bytes; compiled caches left out)."""
    return _code_digest(package.resolve())


@functools.cache
def _code_digest(package: Path) -> str:
    # Once per process: about a hundred small files, read in a few milliseconds.
    digest = hashlib.sha256()
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = Path(folder) / name
            digest.update(f"{path.relative_to(package).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def environment_digest(requirements: Path = REQUIREMENTS, python: str | None = None) -> str:
    """SHA-256 of the pinned environment: requirements.txt's bytes and the Python version."""
    python = python or f"{sys.implementation.name} {'.'.join(map(str, sys.version_info[:3]))}"
    pins = requirements.read_bytes() if requirements.is_file() else b""
    return hashlib.sha256(python.encode() + b"\0" + pins).hexdigest()


def build_key(
    inputs: Mapping[str, str], template: str, code: str, environment: str, parameters: Mapping[str, object]
) -> str:
    """The key of one build: SHA-256 of its parts in a canonical form (the order files were read in is irrelevant)."""
    parts = {
        "inputs": dict(inputs),
        "template": template,
        "code": code,
        "environment": environment,
        "parameters": dict(parameters),
    }
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def paper_key(digests: Mapping[str, str], template: Path, parameters: Mapping[str, object]) -> str:
    """The build key of a paper read with `digests`, made from notebook `template` with `parameters`.

    `params_root` is left out of the parameters: where the files were read from matters only
    through their bytes, which `digests` holds, so a copied params folder builds nothing new.
    """
    named = {name: value for name, value in parameters.items() if name != "params_root"}
    return build_key(digests, file_digest(template), code_digest(), environment_digest(), named)


def output_digests(folder: Path, key: str) -> dict[str, str]:
    """SHA-256 of the paper's deterministic published files in `folder`, by file name."""
    return {f"{key}{suffix}": file_digest(folder / f"{key}{suffix}") for suffix in CHECKED}


def council_files(folder: Path) -> list[str]:
    """The council folder's files (hidden ones aside), as relative paths, sorted: a file added since
    the last build (a new narrative, an image it had asked for) is a change even before it is read."""
    names = []
    for parent, subfolders, files in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        names += [(Path(parent) / name).relative_to(folder).as_posix() for name in files if not name.startswith(".")]
    return sorted(names)


def quick_check(
    key: str, month: Month, params_root: Path, outputs_root: Path | None, extra_parameters: Mapping | None, suffixes
) -> tuple[bool, dict[Path, bytes]]:
    """Whether council `key`'s paper for `month` is up to date, decided from its provenance record and
    the bytes of the files it names, without parsing any input; with the bytes read, for the loader.

    Up to date needs the same files in the council folder as at the last build, each read file
    byte for byte the same, and the template, code, environment, parameters and published files as
    that build left them. Anything else (no record, a file added, one file changed) says no, and the
    full check after loading decides."""
    read: dict[Path, bytes] = {}
    if outputs_root is None:
        return False, read
    out, folder = outputs_root / str(month), (params_root / key).resolve()
    try:
        if not all((out / f"{key}{suffix}").is_file() for suffix in suffixes):
            return False, read
        record = json.loads((out / f"{key}.provenance.json").read_bytes())
        if not isinstance(record, dict) or record.get("council_files") != council_files(folder):
            return False, read
        prefix, template, digests = f"params/{key}/", None, {}
        for name in record.get("inputs", {}):
            if name.startswith("notebooks/"):  # the paper type's own notebook, wherever it now lies
                template = next((t.notebook for t in paper_types().values() if t.notebook.name == name[10:]), None)
                continue
            path = (folder / name.removeprefix(prefix)).resolve()
            if not name.startswith(prefix) or not path.is_relative_to(folder):
                return False, read
            if path.stat().st_size > MAX_NARRATIVE_BYTES:  # the loader's own bounds will say what is wrong
                return False, read
            read[path] = path.read_bytes()
            digests[name] = hashlib.sha256(read[path]).hexdigest()
        parameters = template_parameters(key, month, params_root, extra_parameters)
        fresh = (
            template is not None
            and record.get("build_key") == paper_key(digests, template, parameters)
            and record.get("outputs") == output_digests(out, key)
        )
        return fresh, read
    except (OSError, ValueError, AttributeError):  # unreadable, half-replaced, not our record: load and see
        return False, read


def read_watched(key: str, params_root: Path, month: Month) -> tuple[Inputs, bool]:
    """The council's inputs for `month`, and whether any file read lies outside its folder (through a
    symbolic link): provenance, and so the build key, names only the folder's own files, so such a
    paper is always rebuilt rather than trusted to be up to date."""
    with recording() as ledger:
        inputs = load_inputs(key, params_root, month)
    folder = inputs.council.folder.resolve()
    return inputs, any(not path.resolve().is_relative_to(folder) for path in ledger)


def template_parameters(key: str, month: Month, params_root: Path, extra_parameters: Mapping | None) -> dict:
    """The parameters council `key`'s template is executed with for `month`."""
    parameters = {"council": key, "month": str(month)}
    if params_root.resolve() != (PROJECT_ROOT / "params").resolve():
        parameters["params_root"] = str(params_root.resolve())
    parameters.update(extra_parameters or {})
    return parameters


def up_to_date(
    inputs: Inputs, params_root: Path, outputs_root: Path | None, extra_parameters: Mapping | None, suffixes: tuple
) -> bool:
    """Whether the paper of `inputs` published under `outputs_root` was built from exactly these inputs,
    template, code, environment and parameters, and its files are as that build left them: every one
    present, the HTML, PDF and scores not edited by hand since. False without `outputs_root`."""
    if outputs_root is None:
        return False
    key, folder = inputs.council.key, outputs_root / str(inputs.month)
    parameters = template_parameters(key, inputs.month, params_root, extra_parameters)
    try:
        if not all((folder / f"{key}{suffix}").is_file() for suffix in suffixes):
            return False
        record = json.loads((folder / f"{key}.provenance.json").read_bytes())
        return (
            isinstance(record, dict)
            and record.get("build_key") == paper_key(inputs.digests, notebook_of(inputs), parameters)
            and record.get("outputs") == output_digests(folder, key)
        )
    except (OSError, ValueError):  # unreadable, or replaced mid-check by another build: build it again
        return False


def notebook_of(inputs: Inputs) -> Path:
    """The notebook template the paper of `inputs` is executed from."""
    return paper_types()[inputs.council.template].notebook
