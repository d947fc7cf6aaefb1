"""The one-way flow, checked: model <- analysis | exporters <- cli, absolute imports only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "memo"
BANNED = {
    "model.py": ("memo.analysis", "memo.exporters", "memo.house_style", "memo.cli", "memo.ingest", "memo.workflow"),
    "analysis": ("memo.exporters", "memo.house_style", "memo.cli", "memo.workflow"),
    "ingest": ("memo.analysis", "memo.exporters", "memo.house_style", "memo.cli", "memo.workflow"),
    "exporters": ("memo.analysis", "memo.ingest", "memo.cli", "memo.workflow", "memo.memo_file"),
}


def imports(path: Path) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, 0) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.module or "", node.level))
    return found


def modules_of(part: str) -> list[Path]:
    target = PACKAGE / part
    return sorted(target.rglob("*.py")) if target.is_dir() else [target]


@pytest.mark.parametrize("part", sorted(BANNED))
def test_layers_import_only_downwards(part):
    for path in modules_of(part):
        for module, _ in imports(path):
            assert not module.startswith(BANNED[part]), f"{path.relative_to(PACKAGE)} imports {module}"


def test_all_imports_are_absolute():
    for path in PACKAGE.rglob("*.py"):
        assert all(level == 0 for _, level in imports(path)), f"{path} uses a relative import"


def test_nothing_imports_click_directly():
    for path in PACKAGE.rglob("*.py"):
        assert not any(m == "click" or m.startswith("click.") for m, _ in imports(path)), path


def test_nothing_imports_the_cli():
    for path in PACKAGE.rglob("*.py"):
        if path.name not in {"cli.py", "__main__.py"}:
            assert not any(m == "memo.cli" for m, _ in imports(path)), path
