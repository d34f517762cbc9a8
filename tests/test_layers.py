"""The core stays free of Qt, vlc and sqlite_utils (see DESIGN.md)."""

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

FORBIDDEN = {"PySide6", "vlc", "sqlite_utils", "sqlite3", "shiboken6"}
CORE = sorted((ROOT / "pap_guide" / "core").rglob("*.py"))
ONLY_PLAYBACK_MAY_IMPORT_VLC = sorted((ROOT / "pap_guide").rglob("*.py"))


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_core_imports_no_framework(path):
    assert not imported_roots(path) & FORBIDDEN


@pytest.mark.parametrize(
    "path", ONLY_PLAYBACK_MAY_IMPORT_VLC, ids=lambda p: str(p.relative_to(ROOT))
)
def test_only_playback_imports_vlc(path):
    if "playback" in path.parts:
        return
    assert "vlc" not in imported_roots(path)


def test_core_package_exists():
    assert len(CORE) >= 5
