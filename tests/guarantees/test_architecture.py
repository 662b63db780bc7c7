"""The architecture as the code has it: no import cycle (imports inside functions included), the core
neither imports Typer nor prints, the commands write messages only through say(), and the module map in
docs/architecture.md names every module. Read from the source with ast."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers import ROOT

PACKAGE = ROOT / "src" / "apprentrack"


def modules(root: Path) -> dict[str, Path]:
    """Every module of the package under `root`, by its dotted name (a package by its own name)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's own modules that a module imports, anywhere in it (inside functions too)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}  # `from . import module`
    return {m for m in found if m in known and m != name}


def cycles(root: Path) -> list[list[str]]:
    """Each import cycle among the package's modules, as the modules around it."""
    known = modules(root)
    graph = {name: imports(name, path, known) for name, path in known.items()}
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done

    def walk(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                found.append([*path[path.index(target) :], name, target])
            elif target not in state:
                walk(target, [*path, name])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            walk(name, [])
    return found


def test_the_package_has_no_import_cycle():
    assert cycles(PACKAGE) == []


def test_the_check_finds_a_cycle_made_by_an_import_inside_a_function(tmp_path):
    """So that the test above can fail: a package whose two modules import each other, one of them lazily."""
    package = tmp_path / "demo"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from .sub.b import thing\n")
    (package / "sub" / "b.py").write_text("def thing():\n    from ..a import other\n    return other\n")
    assert cycles(package) == [["demo.a", "demo.sub.b", "demo.a"]]


CORE = [p for p in PACKAGE.rglob("*.py") if "cli" not in p.relative_to(PACKAGE).parts and p.name != "__main__.py"]


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_core_neither_imports_typer_nor_prints(path):
    nodes = list(ast.walk(ast.parse(path.read_text(encoding="utf-8"))))
    named = {alias.name.split(".")[0] for node in nodes if isinstance(node, ast.Import) for alias in node.names}
    named |= {(n.module or "").split(".")[0] for n in nodes if isinstance(n, ast.ImportFrom) and not n.level}
    assert not named & {"typer", "click"}
    calls = [n for n in nodes if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    assert not [n for n in calls if n.func.id in ("print", "input")]


def test_the_architecture_doc_names_every_module():
    """docs/architecture.md's table is the module map a newcomer reads: a module it leaves out is a room
    nobody was told of."""
    doc = (ROOT / "docs" / "architecture.md").read_text()
    modules = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")
    assert [m for m in modules if f"`{m}`" not in doc and f"`{Path(m).name}`" not in doc] == []


def test_the_commands_write_messages_only_through_say():
    """Messages quote file names, cells and values: `cli/app.say` writes what is not plain text in them as
    escapes. A command that calls typer.echo itself may only write a report's own text (nl=False: a record,
    a table), which is already checked or made safe where it was built."""
    direct = []
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        if path.name in ("app.py", "prompts.py", "output.py"):  # say itself, the prompts (escaped), deliver
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            echo = isinstance(node, ast.Call) and ast.unparse(node.func) == "typer.echo"
            if echo and not any(k.arg == "nl" for k in node.keywords):
                direct.append(f"{path.name}:{node.lineno}")
    assert direct == []
