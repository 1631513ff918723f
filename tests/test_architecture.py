"""The structure docs/ARCHITECTURE.md promises: no import circle in coach/, short modules, data in the wheel."""

from __future__ import annotations

import ast
from pathlib import Path

import coach
from coach.data import prompts_dir
from coach.registry import FEATURES

PACKAGE = Path(coach.__file__).parent
MAX_LINES = 450
"""'A few hundred lines': a module past this is split by meaning (the issue's ~400, with room for docstrings)."""


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Modules of coach that `name` imports anywhere (lazy imports in functions count; TYPE_CHECKING ones don't)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(sub)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for sub in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                parts = name.split(".")[: (len(name.split(".")) if path.name == "__init__.py" else -1) or None]
                base = ".".join([*parts[: len(parts) - node.level + 1], node.module])
            found |= {base} | {f"{base}.{a.name}" for a in node.names}
    # A package importing its own submodules is not a circle.
    return {m for m in found & known if m != name and not m.startswith(name + ".")}


def test_no_import_circle_inside_coach() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, set(modules)) for name, path in modules.items()}
    circles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == [], "import circles: " + "; ".join(" → ".join(c) for c in circles)


def test_no_module_is_long() -> None:
    long = {
        str(p.relative_to(PACKAGE.parent)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"modules over {MAX_LINES} lines (split them by meaning): {long}"


def test_analysis_imports_nothing_from_the_layers_above_it() -> None:
    modules = _modules()
    allowed = ("coach.analysis", "coach.errors", "coach.data")
    offenders = {
        name: sorted(m for m in _imports(name, path, set(modules)) if not m.startswith(allowed))
        for name, path in modules.items()
        if name.startswith("coach.analysis")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_every_registered_feature_has_its_package_command_tab_and_prompt() -> None:
    missing = []
    for f in FEATURES:
        for module in (f.package, f.cli, f.ui):
            where = PACKAGE.parent / (module or "").replace(".", "/")
            if module is not None and not where.with_suffix(".py").exists() and not (where / "__init__.py").exists():
                missing.append(module)
        if not (prompts_dir() / f"{f.name}.yaml").is_file():
            missing.append(f"prompts/{f.name}.yaml")
    assert missing == []


def test_reader_ids_are_not_hard_coded_outside_the_readers_file() -> None:
    """Reader ids live in prompts/readers.yaml; code reads them from there (coach/readers.py)."""
    literal = {"'manager'", '"manager"', "'team'", '"team"', "'sales'", '"sales"'}
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "readers.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Tuple | ast.List | ast.Set)
                and sum(ast.unparse(e) in literal for e in node.elts) >= 2
            ):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert offenders == []
