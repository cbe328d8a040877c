"""The pages sit above the domains: nothing but the app factory imports them."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_module_below_the_pages_imports_them() -> None:
    allowed = {APP / "main.py", APP / "cli.py"}
    offenders = [
        str(path.relative_to(APP))
        for path in APP.rglob("*.py")
        if path not in allowed
        and APP / "web" not in path.parents
        and any(name == "app.web" or name.startswith("app.web.") for name in _imports(path))
    ]
    assert offenders == []
