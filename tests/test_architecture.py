"""The core stays pure: nothing under addin/core imports xlwings, XlsxWriter or the demo generator (even lazily)."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "addin" / "core"
FRONT_END_PACKAGES = {"xlwings", "xlsxwriter", "xlwings_server", "addin.excel", "addin.report", "addin.cli"}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_the_demo_package():
    """The store (and the whole core) may not import the generator: front ends call addin.demo.ensure."""
    offenders = {f"{path.name}: {name}" for path in CORE.glob("*.py") for name in _imports(path)
                 if name == "addin.demo" or name.startswith("addin.demo.")}
    assert not offenders, f"de kern importeert de demonstratiegenerator: {sorted(offenders)}"


def test_core_imports_no_front_end():
    offenders = {
        f"{path.name}: {name}"
        for path in CORE.glob("*.py")
        for name in _imports(path)
        if any(name == pkg or name.startswith(pkg + ".") for pkg in FRONT_END_PACKAGES)
    }
    assert not offenders, f"de kern importeert een front end: {sorted(offenders)}"
