"""The layers depend downwards only: `domain` on nothing of the system, `db` on `domain`, `application` on
`domain` and `db` (never on the JSON API or the cabinet that call it). Every import statement of a layer's
modules is read, including those inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SYSTEM = {"domain", "db", "application", "activities", "workflows", "api", "web", "config", "telemetry"}
MAY_USE = {
    "domain": {"domain"},
    "db": {"domain", "db", "config"},
    "application": {"domain", "db", "application", "activities", "workflows", "config", "telemetry"},
}


def imported_layers(package: str) -> list[tuple[str, int, str]]:
    found: list[tuple[str, int, str]] = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in SYSTEM:
                    found.append((str(path.relative_to(ROOT)), node.lineno, top))
    return found


@pytest.mark.parametrize("layer", sorted(MAY_USE))
def test_a_layer_imports_only_the_layers_below_it(layer: str) -> None:
    found = imported_layers(layer)
    assert found, f"the scan sees the imports of {layer}"
    upward = [(path, line, top) for path, line, top in found if top not in MAY_USE[layer]]
    assert upward == []
