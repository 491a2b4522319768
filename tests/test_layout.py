"""The shape of the code (docs/architecture.md): views are pure, pages only choose and arrange."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"
VIEWS = sorted(p.stem for p in (DASHBOARD / "views").glob("*.py") if p.stem != "__init__")
PAGES = sorted((DASHBOARD / "pages").glob("*.py"))


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_there_is_a_view_per_topic():
    assert {"overview", "contacts", "questions", "teams", "waiting_times", "satisfaction", "profile"} <= set(VIEWS)


@pytest.mark.parametrize("view", VIEWS)
def test_a_view_does_not_load_streamlit_even_indirectly(view):
    """Imported on its own in a fresh interpreter, a view module leaves streamlit unloaded."""
    code = f"import sys, dashboard.views.{view}; print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_page_does_not_query_the_database_itself(page):
    assert not {name for name in _imports(page) if name == "queries" or name.startswith("queries.")}
