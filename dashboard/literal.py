"""Text from outside shown as text: one function per renderer that would otherwise interpret it.

Names of areas, categories, services, sources and loaded files come from files and databases that
people outside this project write. Each renderer reads some of their characters as instructions:
Streamlit's Markdown (links, emphasis, headings, lists, tables, HTML, ``$`` for LaTeX, ``:red[…]``
and ``:material/…:`` directives, ``:emoji:`` codes, bare ``https://`` and ``www.`` links), plotly's
subset of HTML (``<a href>``, ``<b>``, ``<br>``) and its ``%{…}`` hover templates, ``st.html``, and
a spreadsheet's formulas (``=``, ``+``, ``-``, ``@``). (The map tooltip needs nothing: Streamlit
escapes what it fills in.) docs/security.md lists where each is applied. A name passes through the one
function of the renderer it meets, where it meets it, and reads the same as it was given.
"""

from __future__ import annotations

import html
import re
import string

# CommonMark lets every ASCII punctuation character be escaped with a backslash and then shows it
# as itself. Escaping all of them (not a hand-picked few) also covers what Streamlit does to the
# source before parsing: its emoji, ":material/" and LaTeX detection look at the raw text.
_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u0085\u2028\u2029]+")
# GFM turns bare "https://…", "www.…" and "name@host.nl" into links after parsing, on the text
# itself, so escapes cannot stop it. An invisible word joiner after the colon, between "www" and
# its dot, and after "@" breaks those patterns; the text reads (and wraps) as before.
_BARE_LINK = re.compile(r"(?i)(?<=:)(?=/)|(?<=\bwww)(?=\.)|(?<=@)")
WORD_JOINER = "\u2060"


def md(text) -> str:
    """``text`` as Markdown that Streamlit shows exactly as ``text``: no link, emphasis, heading,
    list, table, HTML, formula, emoji or colour. Line breaks become spaces (a name is one line, and
    a blank line would start a new block); a missing value (None) becomes empty."""
    one_line = _BARE_LINK.sub(WORD_JOINER, _LINE_BREAKS.sub(" ", "" if text is None else str(text)))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line)


def html_text(text) -> str:
    """``text`` for an HTML context (st.html): ``<``, ``>``, ``&`` and quotes as entities."""
    return html.escape(str(text), quote=True)


def plotly_text(text) -> str:
    """``text`` for a plotly label, tick, legend, annotation or hover value.

    Plotly reads ``<b>``, ``<br>``, ``<a href>`` and entities in every such text and decodes the
    entities when it draws, so ``&lt;b&gt;`` shows ``<b>``. ``%`` goes as ``&#37;``: a hover
    template would read ``%{…}`` in a label as a variable.
    """
    return html.escape(str(text), quote=False).replace("%", "&#37;")


# Spreadsheets read a cell whose text starts with "=", "+", "-" or "@" as a formula (OWASP: "CSV
# injection"), also after spaces, tabs or line breaks; a leading tab or carriage return is itself
# used to smuggle one in.
_FORMULA_START = re.compile(r"[\s]*[=+\-@]|[\t\r]")
_NUMBER = re.compile(r"\s*[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?\s*")


def is_formula(value) -> bool:
    """Whether a spreadsheet could evaluate ``value`` as a formula: text that starts like one and
    is not simply a signed number ("-2" is data, "-2+3" is not)."""
    return isinstance(value, str) and bool(_FORMULA_START.match(value)) and not _NUMBER.fullmatch(value)
