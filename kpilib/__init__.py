"""kpilib: scoring and paper-building library for council KPI committee papers."""

from ._papers.provenance import VERSION
from ._papers.registry import load_council, load_inputs, open_paper

__version__ = VERSION
__all__ = ["load_council", "load_inputs", "open_paper"]
