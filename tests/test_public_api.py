"""The public face: what a notebook or a user's script imports, each input read once, paper types by name."""

import ast
import builtins
import collections
import json
from pathlib import Path

import kpilib
from kpilib._inputs import limits
from kpilib._inputs.council import PROJECT_ROOT
from kpilib._inputs.months import Month

PARAMS = PROJECT_ROOT / "params"


def test_the_public_api_is_the_names_in_all_each_with_a_one_line_docstring():
    assert sorted(kpilib.__all__) == sorted(
        "open_paper load_inputs load_council Inputs VitalSignsInputs ContractInputs Month paper_types PaperType "
        "VitalSignsPaper ContractPaper build_month Outcome KpiError InputError SectionError EnvironmentProblem "
        "UsageError Busy".split()
    )
    undocumented = [name for name in kpilib.__all__ if not (getattr(kpilib, name).__doc__ or "").strip()]
    assert undocumented == []
    # A dataclass without a docstring gets its signature as __doc__: not a description.
    assert [n for n in kpilib.__all__ if getattr(kpilib, n).__doc__.startswith(f"{n}(")] == []


def test_every_error_kpilib_raises_on_purpose_is_a_kpi_error():
    for name in ("InputError", "SectionError", "EnvironmentProblem", "UsageError", "Busy"):
        assert issubclass(getattr(kpilib, name), kpilib.KpiError), name


def test_notebooks_import_only_the_public_api():
    imports = {}
    for notebook in sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        imports[notebook.name] = sorted(
            f"{node.module}.{alias.name}"
            for node in ast.walk(ast.parse(code))
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        )
    assert imports == {
        "contract.ipynb": ["kpilib.open_paper"],
        "governance.ipynb": ["kpilib.open_paper"],
        "overview.ipynb": ["kpilib.open_paper"],
        "vital_signs.ipynb": ["kpilib.open_paper"],
    }


def test_each_paper_type_is_named_by_its_template_and_has_its_notebook():
    types = kpilib.paper_types()
    assert list(types) == ["contract", "governance", "overview", "vital_signs"]
    assert [t.notebook.name for t in types.values()] == [f"{name}.ipynb" for name in types]
    assert all(t.notebook.is_file() for t in types.values())


def count_opens(monkeypatch) -> collections.Counter:
    """Every file the inputs layer opens, counted by its path under params/."""
    opened = collections.Counter()

    def counting_open(path, *args, **kwargs):
        opened[str(Path(path).relative_to(PARAMS))] += 1
        return builtins.open(path, *args, **kwargs)

    monkeypatch.setattr(limits, "open", counting_open, raising=False)
    return opened


def test_a_vital_signs_paper_opens_each_of_its_inputs_once(monkeypatch):
    opened = count_opens(monkeypatch)
    inputs = kpilib.load_inputs("norfolk", PARAMS, "2019-02")
    paper = kpilib.paper_types()["vital_signs"].paper(inputs)
    paper.provenance_record()  # from the digests of the bytes read, not a second read
    assert dict(opened) == {
        "norfolk/council.yml": 1,
        "norfolk/actuals.csv": 1,
        "norfolk/projects.csv": 1,
        "norfolk/narrative/2019-02.ipynb": 1,
    }
    assert isinstance(inputs, kpilib.VitalSignsInputs) and inputs.month == Month(2019, 2)
    assert sorted(inputs.digests) == [f"params/{name}" for name in sorted(opened)]


def test_a_contract_paper_opens_each_of_its_inputs_once(monkeypatch):
    opened = count_opens(monkeypatch)
    paper = kpilib.open_paper("lincolnshire", "2017-08", PARAMS)
    paper.scores_csv(), paper.provenance_record()
    names = "council.yml kpis.csv levels.csv actuals.csv escalations.csv payroll.csv projects.csv"
    assert dict(opened) == {
        **{f"lincolnshire/{n}": 1 for n in names.split()},
        "lincolnshire/narrative/2017-08.ipynb": 1,
    }
    assert isinstance(paper.inputs, kpilib.ContractInputs)


def test_inputs_cannot_be_changed_once_read():
    import dataclasses

    import pytest

    inputs = kpilib.load_inputs("norfolk", PARAMS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        inputs.month = Month(2019, 2)
    with pytest.raises(TypeError):
        inputs.digests["params/norfolk/actuals.csv"] = "forged"
    assert inputs.narrative is None and inputs.month is None  # no month: no narrative read


def test_every_public_function_class_and_method_has_a_docstring():
    """Public by name: no leading underscore, in any module (the paper sections a notebook calls included)."""
    import importlib
    import inspect
    import pkgutil

    missing = []
    for info in pkgutil.walk_packages(kpilib.__path__, "kpilib."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                doc = obj.__doc__ or ""
                if not doc.strip() or doc.startswith(f"{name}("):
                    missing.append(f"{info.name}.{name}")
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    function = member.fget if isinstance(member, property) else getattr(member, "__func__", member)
                    if (
                        not attr.startswith("_")
                        and inspect.isfunction(function)
                        and not (function.__doc__ or "").strip()
                    ):
                        missing.append(f"{info.name}.{name}.{attr}")
    assert missing == []


def test_loading_a_council_imports_no_plotting_table_or_notebook_library():
    # A run that finds every paper up to date loads each council and stops: it must not pay for
    # pandas, matplotlib, IPython, Papermill, nbconvert or WeasyPrint (about 2 s of imports together).
    import subprocess
    import sys

    code = (
        "import sys; from kpilib import load_inputs; load_inputs('demo', sys.argv[1], '2024-03'); "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'IPython', 'papermill', 'nbconvert', 'weasyprint') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(PARAMS)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
