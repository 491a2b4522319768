"""The language of everything a person reads: gettext catalogues, and which language is active.

Messages are written in Dutch in the code (``_("Contacten")``), because Dutch is the default and
the text reviewers read; ``locale/<lang>/LC_MESSAGES/wijkmonitor.po`` holds the other languages.
The .po files are the source. They are compiled in memory the first time a language is used,
so nothing compiled is committed or has to be built before a start (``docs/architecture.md``
has the Babel commands that extract and update them).

The active language is a context variable: a Streamlit session's run, a command or a factsheet
sets it once (``activate`` or ``with language("en"):``), and the pure views and ``format`` read
it, so a figure or sentence is built the same way whoever asks for it.
"""

from __future__ import annotations

import contextvars
import io
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from queries.messages import N_  # noqa: F401  (one marker for both layers: it marks, ``_()`` translates where shown)

LANGUAGES = {"nl": "Nederlands", "en": "English"}  # each in its own language, as a switch shows them
DEFAULT = "nl"
DOMAIN = "wijkmonitor"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_active: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=DEFAULT)


def current() -> str:
    return _active.get()


def activate(lang: str | None) -> str:
    """Make ``lang`` the language of this run (an unknown one falls back to Dutch); returns it."""
    chosen = lang if lang in LANGUAGES else DEFAULT
    _active.set(chosen)
    return chosen


@contextmanager
def language(lang: str):
    """Everything inside speaks ``lang``: a command, a factsheet, a test."""
    token = _active.set(lang if lang in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _active.reset(token)


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def translations(lang: str) -> NullTranslations:
    """The compiled catalogue of ``lang``; Dutch needs none, its messages are the code's own."""
    if lang == DEFAULT:
        return NullTranslations()
    with catalogue_path(lang).open("rb") as file:
        catalogue = read_po(file, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)  # fuzzy entries are left out: an unchecked translation shows Dutch
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def _(message: str) -> str:
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """For a short word that needs a different translation in different places."""
    return translations(current()).pgettext(context, message)


def label_column() -> str:
    """The column of reference data (themes, channels, services, …) written in the active language."""
    return f"label_{current()}"


def label(row) -> str:
    """A reference label in the active language, from a row or mapping with label_nl and label_en."""
    return str(row[label_column()])
