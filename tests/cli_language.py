"""The command line's language in tests, whatever the locale of the machine that runs them: Dutch (no
language in the environment) or English (``LANG=en_GB.UTF-8``, as a user would set it)."""

from __future__ import annotations

import pytest

from dashboard.cli import LANGUAGE_VARIABLES


def speak(monkeypatch: pytest.MonkeyPatch, lang: str = "nl") -> None:
    for variable in LANGUAGE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    if lang == "en":
        monkeypatch.setenv("LANG", "en_GB.UTF-8")
