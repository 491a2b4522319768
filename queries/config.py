"""Where the database is and which disclosure rules apply.

Settings come from the environment first, then from Streamlit's secrets file, then from the
embedded default, so the dashboard, the command line and the tests all resolve them the same way.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from queries.disclosure import PUBLIC, DisclosureRules
from queries.messages import N_, UserError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
EMBEDDED_DATABASE = DATA_DIR / "wijkmonitor.db"

DATABASE_URL_VARIABLE = "WIJKMONITOR_DATABASE_URL"
PROTECTION_VARIABLE = "WIJKMONITOR_PROTECTION"
KEY_SECRET_VARIABLE = "WIJKMONITOR_KEY_SECRET"
PUBLIC_URL_VARIABLE = "WIJKMONITOR_PUBLIC_URL"
RULE_VARIABLES = {
    "min_count": "WIJKMONITOR_MIN_COUNT",
    "min_respondents": "WIJKMONITOR_MIN_RESPONDENTS",
}
MIN_SECRET_LENGTH = 16


class ConfigError(UserError, ValueError):
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
    return _from_secrets(path, "connections", "wijkmonitor", "url")


def _from_secrets(path: Path, *keys: str) -> str | None:
    try:
        if not path.is_file():
            return None
    except PermissionError:  # a folder we may not enter (another user's home) holds no secrets for us
        return None
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(N_("{path} is geen geldige TOML: {error}"), path=path, error=error) from None
    except OSError as error:
        raise ConfigError(N_("kan {path} niet lezen: {error}"), path=path, error=error.strerror) from None
    for key in keys:
        value = value.get(key, {}) if isinstance(value, dict) else {}
    return value.strip() if isinstance(value, str) and value.strip() else None


def _setting(environ, variable: str, secrets_key: str) -> str | None:
    """A setting from the environment, else from ``[wijkmonitor]`` in the secrets files."""
    if value := environ.get(variable, "").strip():
        return value
    for path in reversed(secrets_files()):
        if value := _from_secrets(path, "wijkmonitor", secrets_key):
            return value
    return None


def public_url(environ: dict[str, str] | None = None) -> str | None:
    """The address at which people reach the dashboard (``https://wijkmonitor.example.nl``), for links
    and QR codes that must work on other devices; None: the address the browser used."""
    environ = os.environ if environ is None else environ
    value = _setting(environ, PUBLIC_URL_VARIABLE, "public_url")
    if not value:
        return None
    # Every QR code and shared link starts with it: a typo without its scheme, a javascript: address
    # or Markdown would send members' phones elsewhere than the dashboard.
    address = urlsplit(value)
    if address.scheme not in ("http", "https") or not address.netloc or any(c.isspace() for c in value):
        raise ConfigError(N_("{variable} moet een webadres zijn dat begint met https:// (of http://), zoals "
                             "https://wijkmonitor.example.nl, niet {value!r}"), variable=PUBLIC_URL_VARIABLE, value=value)
    return value.rstrip("/")


def key_secret(environ: dict[str, str] | None = None) -> bytes:
    """The secret of the record keys; loading real data needs one (docs/disclosure-control.md)."""
    environ = os.environ if environ is None else environ
    secret = _setting(environ, KEY_SECRET_VARIABLE, "key_secret")
    if secret is None:
        raise ConfigError(
            N_("geen geheim voor de recordsleutels: zet {variable} (of key_secret onder [wijkmonitor] in "
               "secrets.toml) op een willekeurige tekst van minstens {length} tekens, dezelfde bij elke lading"),
            variable=KEY_SECRET_VARIABLE, length=MIN_SECRET_LENGTH,
        )
    if len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(N_("{variable} moet minstens {length} tekens lang zijn"),
                          variable=KEY_SECRET_VARIABLE, length=MIN_SECRET_LENGTH)
    return secret.encode()


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
            raise ConfigError(N_("{variable} moet een geheel getal zijn, niet {value!r}"), variable=variable, value=raw) from None
    values["protection"] = _setting(environ, PROTECTION_VARIABLE, "protection") or PUBLIC
    try:
        return DisclosureRules(**values)
    except UserError as error:  # the rules' own check: one message, whichever setting is wrong
        raise ConfigError(error.message) from None
