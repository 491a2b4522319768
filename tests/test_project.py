"""Promises about the project itself."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_ci_runs_the_test_command_the_readme_gives():
    test_command = next(c for c in readme_commands() if "pytest" in c)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"\n{test_command}\n" in ci


def imports(path: Path) -> set[str]:
    return set(re.findall(r"^\s*(?:from|import)\s+([\w.]+)", path.read_text(encoding="utf-8"), re.MULTILINE))


def test_queries_never_import_streamlit():
    for path in (ROOT / "queries").rglob("*.py"):
        assert not {m for m in imports(path) if m.startswith("streamlit")}, path


def test_pages_go_through_the_dashboard_data_layer():
    for path in (ROOT / "dashboard" / "pages").rglob("*.py"):
        assert not {m for m in imports(path) if m.startswith(("sqlalchemy", "queries"))}, path
