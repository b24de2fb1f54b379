"""The package's shape: layers import downwards only, no module imports itself in a circle,
and no module outgrows a reader's screenful of screens."""

import ast
import graphlib
from pathlib import Path

import kpilib

PACKAGE = Path(kpilib.__file__).parent
# Lowest first: a module may import from its own layer and the layers before it, never after.
LAYERS = ["_inputs", "_scoring", "_render", "_papers", "_driver"]


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(name: str, path: Path) -> set[str]:
    """Every kpilib module `name` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    known = modules()
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("kpilib"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if not base.startswith("kpilib"):
                continue
            for alias in node.names:  # `from . import charts` imports a module, not a name
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return found - {name}


def layer(name: str) -> int:
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else len(LAYERS)


def test_every_module_belongs_to_a_layer_or_is_the_public_face():
    strays = [n for n in modules() if layer(n) == len(LAYERS) and n not in ("kpilib", "kpilib.__main__")]
    assert strays == []


def test_imports_point_down_the_layers_only():
    upward = [
        f"{name} imports {target}"
        for name, path in modules().items()
        for target in sorted(imports_of(name, path))
        if layer(target) > layer(name)
    ]
    assert upward == []


def test_no_module_imports_itself_round_a_circle():
    graph = {name: imports_of(name, path) for name, path in modules().items()}
    graphlib.TopologicalSorter(graph).prepare()  # raises CycleError naming the circle


def test_no_module_is_over_300_lines():
    long = {n: len(p.read_text().splitlines()) for n, p in modules().items()}
    assert {n: lines for n, lines in long.items() if lines > 300} == {}


def test_no_class_is_over_150_lines():
    sizes = {
        f"{name}.{node.name}": node.end_lineno - node.lineno + 1
        for name, path in modules().items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
    }
    assert {c: n for c, n in sizes.items() if n > 150} == {}
    assert sizes["kpilib._papers.vital_signs.paper.VitalSignsPaper"] > 50  # the walk sees the classes it should
