"""Where a build's files go: one lock per output month, staging folders owned by their build, and a
paper's files published as one set.

outputs/<month>/<key>.html (and .pdf, ...) are symbolic links into `.<key>.current`, itself a link to
the folder of the last complete set, `.<key>@<build>`. Publishing renames the finished staging folder
to such a set and then switches `.<key>.current` with one rename, so a reader sees the old set or the
new one, never a mixture, whenever the build stops.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .._inputs.errors import KpiError

LOCK_NAME = ".lock"
_held: dict[Path, int] = {}  # month folders this process holds the lock of (builds nest: month, then paper)


class Busy(KpiError):
    """Another build holds the month and we were asked not to wait; the message says which."""


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def month_lock(folder: Path, wait: bool = True, say=_say):
    """Hold the build lock of output folder `folder` (created if need be) for the duration.

    The lock is an flock on `folder/.lock`, which holds the holder's pid for messages. The kernel
    drops an flock when its holder dies, so the lock of a killed build is simply taken over.
    Waits for another holder (saying so), or raises Busy if `wait` is false.
    """
    folder.mkdir(parents=True, exist_ok=True)
    key = folder.resolve()
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    path = folder / LOCK_NAME
    with open(path, "a+", encoding="ascii") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(path)
            if not wait:
                raise Busy(
                    f"another build of {folder.name} is running ({holder}); not waiting for it (--no-wait / NOWAIT=1)"
                ) from None
            say(f"waiting for another build of {folder.name} ({holder}) to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]
            handle.seek(0)
            handle.truncate()
            handle.flush()


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except OSError:
        pid = ""
    return f"pid {pid}" if pid.isdigit() else "pid unknown"


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def staging_folder(folder: Path, key: str) -> Path:
    """A new staging folder for one build of `key`, named after this process so sweeps can spare it."""
    path = Path(tempfile.mkdtemp(prefix=f".{key}-{os.getpid()}-", dir=folder))
    umask = os.umask(0o022)
    os.umask(umask)
    os.chmod(path, 0o777 & ~umask)  # mkdtemp's 0700 would hide published papers from other users
    return path


def sweep(folder: Path, key: str) -> None:
    """Remove `key`'s staging left by builds no longer running, and its sets no longer published."""
    # Exactly `.<key>-<pid>-…`: a glob on `.<key>-*` would also match another council whose
    # name starts with this one and a hyphen (norfolk-north), and remove its papers.
    staging_name = re.compile(rf"\.{re.escape(key)}-(\d+)-[a-z0-9_]{{8}}")  # mkdtemp adds 8 characters
    for leftover in folder.iterdir():
        match = staging_name.fullmatch(leftover.name)
        if match and not _alive(int(match.group(1))):
            shutil.rmtree(leftover, ignore_errors=True)
    for stray in [*folder.glob(f".{key}.*.link"), *folder.glob(f"..{key}.current.*.link")]:
        stray.unlink(missing_ok=True)  # a link being made when its build was killed
    current = folder / f".{key}.current"
    published = os.readlink(current) if current.is_symlink() else None
    for old in folder.glob(f".{key}@*"):
        if old.name != published:
            shutil.rmtree(old, ignore_errors=True)


def publish(staging: Path, folder: Path, key: str, suffixes: tuple[str, ...]) -> list[Path]:
    """Publish the complete set in `staging` as folder/<key><suffix>, all files at once; returns their paths."""
    complete = folder / f".{key}@{staging.name[len(key) + 2 :]}"
    os.rename(staging, complete)
    current = folder / f".{key}.current"
    if not current.is_symlink():
        _adopt(folder, key, suffixes, current)
    paths = []
    for suffix in suffixes:
        # Links go through `.current`, so they are written once and the switch below moves them all.
        path = folder / f"{key}{suffix}"
        target = f"{current.name}/{key}{suffix}"
        if not (path.is_symlink() and os.readlink(path) == target):
            _point(path, target)
        paths.append(path)
    _point(current, complete.name)  # the switch
    sweep(folder, key)
    return paths


def _adopt(folder: Path, key: str, suffixes: tuple[str, ...], current: Path) -> None:
    """Make the plain files of an older build (or of a copy made without links) the published set,
    so that turning them into links never shows a reader a mixture either."""
    if current.is_dir():
        shutil.rmtree(current)  # a copied set; the plain copies of its files are beside it
    legacy = folder / f".{key}@legacy-{os.getpid()}"
    shutil.rmtree(legacy, ignore_errors=True)
    legacy.mkdir()
    for suffix in suffixes:
        plain = folder / f"{key}{suffix}"
        if plain.is_file() and not plain.is_symlink():
            os.link(plain, legacy / plain.name)
    _point(current, legacy.name)


def _point(path: Path, target: str) -> None:
    """Make `path` a symbolic link to `target` in one rename (a reader never finds it missing)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.link")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, path)


def clean_outputs(outputs_root: Path) -> list[str]:
    """Remove generated papers (never params/, where the narrative lives); returns the months
    left alone because a build holds them.

    Each month is emptied under its build lock, and its lock file is kept: removing it would
    let a build waiting on it and a build starting afresh both hold 'the' lock."""
    busy = []
    for child in sorted(outputs_root.iterdir()):
        if child.name == ".gitkeep":
            continue
        if not child.is_dir() or child.is_symlink():
            child.unlink()
            continue
        try:
            with month_lock(child, wait=False):
                for item in child.iterdir():
                    if item.name != LOCK_NAME:
                        shutil.rmtree(item) if item.is_dir() and not item.is_symlink() else item.unlink()
        except Busy:
            busy.append(child.name)
    return busy
