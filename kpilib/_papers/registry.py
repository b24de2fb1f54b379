"""The paper types, found by name: a council's `template:` in council.yml names one.

A paper type is one module of this package defining `PAPER_TYPE`, plus its notebook
(notebooks/<name>.ipynb) and its HTML templates; adding one touches no other module."""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .._inputs.council import PROJECT_ROOT, Council, Kind, resolve_params_root
from .._inputs.council import load_council as _read_council
from .._inputs.limits import recording
from .._inputs.loaded import Inputs
from .._inputs.months import Month
from .._inputs.narrative import read_narrative


@dataclass(frozen=True)
class PaperType:
    """A kind of committee paper: how its council.yml keys and files are read, and its paper class."""

    name: str  # the `template:` value, and the notebook's name
    kind: Kind  # reads the type's own council.yml keys
    schema: dict  # those keys, as JSON Schema (see _inputs/schema.py)
    inputs: type[Inputs]  # its bundle of inputs
    read: Callable[[Council, Month | None], dict]  # reads its other files into the bundle's fields
    headings: Callable[[Council], tuple[tuple[str, ...], tuple[str, ...]]]  # narrative: paper slots, per-KPI sections
    paper: type  # built from the bundle: paper(inputs); its methods are the notebook's sections

    @property
    def notebook(self) -> Path:
        """The type's notebook template."""
        return PROJECT_ROOT / "notebooks" / f"{self.name}.ipynb"


@functools.cache
def paper_types() -> dict[str, PaperType]:
    """Every paper type of this package, by name."""
    found = {}
    for module in pkgutil.walk_packages([str(Path(__file__).parent)], __package__ + "."):
        paper_type = getattr(importlib.import_module(module.name), "PAPER_TYPE", None)
        if paper_type is not None:
            found[paper_type.name] = paper_type
    return dict(sorted(found.items()))


def load_council(params_root: Path, key: str) -> Council:
    """Read and check one council's council.yml (and, for a contract, its KPI catalogue)."""
    return _read_council(params_root, key, {name: (t.kind, t.schema) for name, t in paper_types().items()})


def load_inputs(council: str, params_root: str | Path | None = None, month: str | Month | None = None) -> Inputs:
    """Read and check everything a council's paper needs, each file once; with `month`, that
    month's narrative too. InputError naming file, row and problem on bad input."""
    root = resolve_params_root(params_root)
    report_month = Month.parse(str(month)) if month is not None else None
    with recording() as ledger:
        config = load_council(root, council)
        paper_type = paper_types()[config.template]
        fields = paper_type.read(config, report_month)
        narrative = None
        if report_month is not None:
            slots, sections = paper_type.headings(config)
            narrative = read_narrative(config.narrative_path(report_month), config, slots, sections)
    folder = config.folder.resolve()
    digests = {
        f"params/{config.key}/{path.resolve().relative_to(folder)}": digest
        for path, digest in sorted(ledger.items())
        if path.resolve().is_relative_to(folder)
    }
    return paper_type.inputs(
        council=config, month=report_month, narrative=narrative, digests=MappingProxyType(digests), **fields
    )


def paper_type_of(inputs: Inputs) -> PaperType:
    """The paper type `inputs` were read for."""
    return paper_types()[inputs.council.template]


def open_paper(council: str, month: str, params_root: str | Path | None = None):
    """The council's paper for `month` (YYYY-MM), its inputs read and checked: call its sections in turn."""
    inputs = load_inputs(council, params_root, month)
    return paper_type_of(inputs).paper(inputs)
