"""What a reader sees of the Markdown the pages write, for tests that assert on page text."""

from __future__ import annotations

import re
import string

from dashboard.literal import WORD_JOINER

_ESCAPED = re.compile(r"\\([" + re.escape(string.punctuation) + "])")


def as_read(markdown) -> str:
    """``markdown`` without the backslash escapes and word joiners that ``literal.md`` adds:
    the text as Streamlit shows it."""
    return _ESCAPED.sub(r"\1", str(markdown)).replace(WORD_JOINER, "")
