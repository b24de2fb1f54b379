"""kpilib: KPI data in, committee papers out. The names below are the public API; everything else is private."""

from ._driver.batch import build_month
from ._driver.build import Outcome, UsageError
from ._driver.publish import Busy
from ._inputs.errors import InputError, KpiError
from ._inputs.loaded import ContractInputs, Inputs, VitalSignsInputs
from ._inputs.months import Month
from ._papers.base import SectionError
from ._papers.contract.paper import ContractPaper
from ._papers.provenance import VERSION
from ._papers.registry import PaperType, load_council, load_inputs, open_paper, paper_types
from ._papers.vital_signs.paper import VitalSignsPaper
from ._render.pdf import EnvironmentProblem

__version__ = VERSION
__all__ = [
    # Reading inputs and opening a paper (what a notebook calls)
    "open_paper",
    "load_inputs",
    "load_council",
    "Inputs",
    "VitalSignsInputs",
    "ContractInputs",
    "Month",
    # Paper types
    "paper_types",
    "PaperType",
    "VitalSignsPaper",
    "ContractPaper",
    # Building papers (what `make report` runs)
    "build_month",
    "Outcome",
    # Errors: KpiError and the five kinds, each saying where it failed
    "KpiError",
    "InputError",
    "SectionError",
    "EnvironmentProblem",
    "UsageError",
    "Busy",
]
