"""Messages the query layer writes for a person: errors, refused files, load and benchmark reports.

``queries`` sits below ``dashboard`` and does not know which language its reader wants, so it
never translates. It writes each message in Dutch, marked for the catalogue with ``N_`` (or with
``ngettext`` when it has plural forms), and keeps the template apart from its named parameters in
a `Message`. Whoever shows the message translates it there, in the active language:
``message.text(translator)`` or ``error.text(translator)``, with the `Translator` that
``dashboard/messages.py`` builds from the catalogues. ``str()`` gives the Dutch text, for logs
and for code that has no reader.

Every error a person reads is a `UserError` (ConfigError, DatabaseError, BoundaryError,
IngestError and the loaders' own): ``error.message`` is its `Message`, ``error.problems`` the
details of a refused file, one `Message` per row or column.

Parameters may be messages themselves (the reason inside "rij 3, kolom 'datum': {probleem}");
they are translated with the message. A number formatted with ``,`` or ``.Nf`` in the template
(``{rows:,}``, ``{seconds:.2f}``) is written the way the language writes numbers: 1.234,5 in Dutch,
1,234.5 in English. Other numbers (years, row numbers, codes) are written as they are.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field


def N_(message: str) -> str:
    """Marks a Dutch message for the catalogue; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Plural:
    """A message with plural forms; the form for ``n`` is chosen where it is translated."""

    singular: str
    plural: str
    n: int


def ngettext(singular: str, plural: str, n: int) -> Plural:
    """Marks a message with plural forms for the catalogue (the extractor knows the name); unlike
    ``dashboard.i18n.ngettext`` it translates nothing: the form is chosen where the message is shown."""
    return Plural(singular, plural, n)


def _dutch_number(value: float, decimals: int = 0) -> str:
    grouped = f"{value:,.{decimals}f}"
    return grouped.translate(str.maketrans(",.", ".,"))


@dataclass(frozen=True)
class Translator:
    """How a message becomes text in one language: the catalogue's look-ups and how numbers are written.
    The default writes the Dutch of the code."""

    gettext: Callable[[str], str] = lambda message: message
    ngettext: Callable[[str, str, int], str] = lambda singular, plural, n: singular if n == 1 else plural
    number: Callable[[float, int], str] = _dutch_number


DUTCH = Translator()

_NUMBER_SPEC = re.compile(r",?(?:\.(\d+)f)?")


class _Formatter(string.Formatter):
    def __init__(self, translator: Translator):
        self.translator = translator

    def convert_field(self, value, conversion):
        if isinstance(value, (Message, Listing, UserError)):
            value = value.text(self.translator)
        return super().convert_field(value, conversion)

    def format_field(self, value, format_spec):
        if format_spec and isinstance(value, (int, float)) and not isinstance(value, bool):
            if match := _NUMBER_SPEC.fullmatch(format_spec):
                return self.translator.number(value, int(match[1] or 0))
        return super().format_field(value, format_spec)


@dataclass(frozen=True)
class Message:
    """A Dutch template (marked for the catalogue) and its named parameters."""

    template: str | Plural
    params: Mapping = field(default_factory=dict)

    def text(self, translator: Translator = DUTCH) -> str:
        if isinstance(self.template, Plural):
            pattern = translator.ngettext(self.template.singular, self.template.plural, self.template.n)
        else:
            pattern = translator.gettext(self.template)
        return _Formatter(translator).vformat(pattern, (), self.params)

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Listing:
    """Messages in a row, separated by commas: "e-mailadres, telefoonnummer". Plain strings
    among them (codes, names) are shown as they are."""

    items: Sequence[Message | str]

    def text(self, translator: Translator = DUTCH) -> str:
        return ", ".join(item if isinstance(item, str) else item.text(translator) for item in self.items)

    def __str__(self) -> str:
        return self.text()


def message(template: str | Plural, /, **params) -> Message:
    """``message(N_("{name} is leeg"), name=name)``: a message to show later, in the reader's language."""
    return Message(template, params)


def lines(messages: Iterable[Message], translator: Translator = DUTCH) -> str:
    """Messages one per line, for a report."""
    return "\n".join(m.text(translator) for m in messages)


class UserError(Exception):
    """An error a person reads. ``UserError(N_("… {name} …"), name=…)`` or ``UserError(message)``;
    ``problems`` are its details (messages), shown one per line below it."""

    def __init__(self, template: str | Plural | Message, /, *, problems: Iterable[Message] = (), **params):
        self.message = template if isinstance(template, Message) else Message(template, params)
        self.problems = list(problems)
        super().__init__(str(self.message))

    def text(self, translator: Translator = DUTCH) -> str:
        return self.message.text(translator)

    def __reduce__(self):  # a load in another process sends its error back whole
        return _restore, (type(self), self.message, self.problems)


def _restore(kind: type[UserError], message: Message, problems: list[Message]) -> UserError:
    return kind(message, problems=problems)
