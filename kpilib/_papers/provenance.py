"""Where a paper came from: git commit, a hash of each input file, kpilib version."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Mapping
from pathlib import Path

from .._inputs.council import PROJECT_ROOT

VERSION = "0.1.0"  # kpilib.__version__


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def git_commit(root: Path = PROJECT_ROOT) -> str:
    """HEAD's commit, marked '+ uncommitted changes' when the work tree differs; 'unknown' outside git."""
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{head} + uncommitted changes" if dirty else head


def collect(digests: Mapping[str, str], template: Path) -> dict:
    """Provenance record: versions, the inputs' digests as read, and the paper's notebook template's."""
    inputs = {**digests, f"notebooks/{template.name}": file_digest(template)}
    return {"kpilib_version": VERSION, "git_commit": git_commit(), "inputs": dict(sorted(inputs.items()))}
