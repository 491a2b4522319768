"""What ``queries`` says to a person (errors, refused files, load and benchmark reports), in the
active language.

``queries`` keeps each message as a Dutch template with its parameters (queries/messages.py);
here it meets the catalogue and the number format of the language the command or session speaks.
"""

from __future__ import annotations

from dashboard import format as fmt
from dashboard import i18n
from queries.messages import Listing, Message, Translator, UserError

# ``i18n._`` and ``fmt.number`` read the active language when called, so one translator serves all.
TRANSLATOR = Translator(gettext=i18n._, ngettext=i18n.ngettext, number=lambda value, decimals: fmt.number(value, decimals))


def text(item: Message | Listing | UserError) -> str:
    """A message, or an error's message, in the active language (its problems not included)."""
    return item.text(TRANSLATOR)
