"""Where the database is and which disclosure rules apply.

Settings come from the environment first, then from Streamlit's secrets file, then from the
embedded default, so the dashboard, the command line and the tests all resolve them the same way.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from queries.disclosure import DisclosureRules

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
EMBEDDED_DATABASE = DATA_DIR / "wijkmonitor.db"

DATABASE_URL_VARIABLE = "WIJKMONITOR_DATABASE_URL"
RULE_VARIABLES = {
    "min_count": "WIJKMONITOR_MIN_COUNT",
    "round_to": "WIJKMONITOR_ROUND_TO",
    "min_respondents": "WIJKMONITOR_MIN_RESPONDENTS",
}


class ConfigError(ValueError):
    """A setting has a value the application cannot use."""


@dataclass(frozen=True)
class DatabaseSetting:
    url: str
    source: str  # where the URL came from, for messages

    @property
    def is_embedded(self) -> bool:
        return self.source == "embedded"


def embedded_url() -> str:
    return f"sqlite:///{EMBEDDED_DATABASE}"


def secrets_files() -> list[Path]:
    """Streamlit's secrets files, the project's own last so that it wins."""
    return [Path.home() / ".streamlit" / "secrets.toml", PROJECT_ROOT / ".streamlit" / "secrets.toml"]


def database_setting(environ: dict[str, str] | None = None) -> DatabaseSetting:
    environ = os.environ if environ is None else environ
    if url := environ.get(DATABASE_URL_VARIABLE, "").strip():
        return DatabaseSetting(url, DATABASE_URL_VARIABLE)
    for path in reversed(secrets_files()):
        if url := _url_from_secrets(path):
            return DatabaseSetting(url, str(path))
    return DatabaseSetting(embedded_url(), "embedded")


def _url_from_secrets(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        secrets = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None
    url = secrets.get("connections", {}).get("wijkmonitor", {}).get("url")
    return url.strip() if isinstance(url, str) and url.strip() else None


def disclosure_rules(environ: dict[str, str] | None = None) -> DisclosureRules:
    environ = os.environ if environ is None else environ
    values = {}
    for field, variable in RULE_VARIABLES.items():
        raw = environ.get(variable, "").strip()
        if not raw:
            continue
        try:
            values[field] = int(raw)
        except ValueError:
            raise ConfigError(f"{variable} must be a whole number, not {raw!r}") from None
    try:
        return DisclosureRules(**values)
    except ValueError as error:
        raise ConfigError(str(error)) from None
