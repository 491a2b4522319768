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


def shown_texts(test) -> list[str]:
    """Every piece of text an AppTest run put on screen, as read: titles, Markdown, captions, notices,
    widget labels and options, table headings and cells, metric labels, and the titles, names,
    labels and hover texts inside charts."""
    import json

    from google.protobuf.json_format import MessageToDict

    texts: list[str] = []

    def strings(value):
        texts.extend(as_read(text) for text in strings_in(value))

    for node in test._tree:
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        content = MessageToDict(proto, preserving_proto_field_name=True)
        for binary in ("data", "arrow_data", "deferred_file_id", "id", "form_id", "icon"):
            content.pop(binary, None)
        if "spec" in content:  # plotly: the figure, without its numeric arrays
            spec = json.loads(content.pop("spec"))
            strings({"layout": spec.get("layout", {}), "data": [
                {k: v for k, v in trace.items() if k in ("name", "text", "hovertemplate", "customdata", "texttemplate", "y", "x")}
                for trace in spec.get("data", [])]})
        strings(content)
        frame = getattr(node, "value", None)
        if hasattr(frame, "columns") and hasattr(frame, "map"):  # a table: headings and text cells
            texts.extend(str(c) for c in frame.columns)
            texts.extend(str(v) for v in frame.astype(str).to_numpy().ravel())
    return [t for t in texts if t.strip()]


def strings_in(value):
    """Every string inside nested dicts and lists (a figure's JSON, a protobuf as a dict)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
