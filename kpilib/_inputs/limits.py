"""Bounds on input files, checked before the work they would bound, so a hostile or broken
file fails in seconds with a message instead of exhausting memory. Real inputs are far below."""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .errors import ProblemList

# The files read while a ledger is open, path -> SHA-256: provenance and the build key record them
# from the bytes read, so no input is opened a second time to be hashed. Ledgers nest: a read is
# entered in every ledger open around it.
_LEDGERS: ContextVar[tuple[dict[Path, str], ...]] = ContextVar("ledgers", default=())
# Bytes the build driver has read already (to decide a paper is not up to date), handed to the
# loader so that no input is opened twice in one build: resolved path -> bytes, each taken once.
_HANDED: ContextVar[dict[Path, bytes] | None] = ContextVar("handed", default=None)

# 100,000 rows; actuals for 500 indicators over 20 years are 4 MB. The default bound of read_table and
# load_actuals: a caller that means to read more passes max_bytes (the 1,000,000 KPI-month scale run does).
MAX_CSV_BYTES = 5_000_000
MAX_YAML_BYTES = 1_000_000  # council.yml files are a few kilobytes
MAX_XLSX_BYTES = 20_000_000  # the workbook as stored
MAX_XLSX_UNPACKED = 50_000_000  # all zip members inflated
MAX_XLSX_MEMBER = 20_000_000  # one zip member inflated
MAX_RATIO = 100  # inflated/stored; spreadsheet XML packs about 5 to 20 times
RATIO_FROM = 1_000_000  # small members may pack tighter harmlessly
MAX_ROWS = 10_000
MAX_COLUMNS = 500
MAX_CELLS = 50_000  # cells written in the sheet; a pack has a few hundred
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_NARRATIVE_BYTES = 20_000_000  # a month's commentary; images live beside it, not inside


def check_size(path: Path, limit: int, problems: ProblemList) -> None:
    """InputError naming the file and the limit when it is larger than `limit` bytes."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        problems.add(None, None, "file not found")
        problems.raise_if_any()
    except OSError as exc:
        problems.add(None, None, f"cannot be read ({exc.strerror})")
        problems.raise_if_any()
    if size > limit:
        shown = megabytes(size), megabytes(limit)
        if shown[0] == shown[1]:  # just over the limit: rounding would print the same figure twice
            shown = f"{size:,} bytes", f"{limit:,} bytes"
        problems.add(
            None, None, f"is {shown[0]}, more than the limit of {shown[1]} for this kind of file: is it the right file?"
        )
        problems.raise_if_any()


def read_bounded(path: Path, limit: int, problems: ProblemList) -> bytes:
    """The file's bytes, after check_size; InputError naming the file if it cannot be read."""
    check_size(path, limit, problems)
    if not path.is_file():  # a device, pipe or folder: its size says nothing of what reading it gives
        problems.add(None, None, "is not a regular file")
        problems.raise_if_any()
    handed = _HANDED.get()
    try:
        data = handed.pop(Path(path).resolve(), None) if handed else None
        if data is None:
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)  # the file may have grown since it was measured
    except OSError as exc:
        problems.add(None, None, f"cannot be read ({exc.strerror})")
        problems.raise_if_any()
    if len(data) > limit:
        problems.add(None, None, f"is more than the limit of {megabytes(limit)} for this kind of file")
        problems.raise_if_any()
    ledgers = _LEDGERS.get()
    if ledgers:
        digest = hashlib.sha256(data).hexdigest()
        for ledger in ledgers:
            ledger[Path(path)] = digest
    return data


@contextmanager
def recording():
    """Within the block, every file read_bounded reads is entered in the yielded ledger (path -> SHA-256),
    and in the ledgers of any blocks around it."""
    ledger: dict[Path, str] = {}
    token = _LEDGERS.set((*_LEDGERS.get(), ledger))
    try:
        yield ledger
    finally:
        _LEDGERS.reset(token)


def megabytes(size: int) -> str:
    """A byte count as people read it: '1.5 MB'."""
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


@contextmanager
def handing_over(contents: dict[Path, bytes]):
    """Within the block, read_bounded takes a file's bytes from `contents` (resolved path -> bytes,
    each used once) instead of opening the file again."""
    token = _HANDED.set(dict(contents))
    try:
        yield
    finally:
        _HANDED.reset(token)
