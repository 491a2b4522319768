"""What a sentence claims, read the way a listener hears it, in both languages.

The sentence rule (dashboard/views/compare.py) decides what may be claimed; property tests read the
generated sentences with these patterns and check every claim against the rule. A sentence generator
that words a claim differently adds its words here, so the tests keep hearing it.
"""

from __future__ import annotations

import re

CLAIMS = {
    "rise": {
        "nl": r"\b(gestegen|stijging|steeg|toegenomen|toename|meer dan (een jaar eerder|in|vorig))\b",
        "en": r"\b(rose|risen|rise|increased?|up on|more than (a year earlier|in|the previous))\b",
    },
    "fall": {
        "nl": r"\b(gedaald|daling|daalde|afgenomen|afname|minder dan (een jaar eerder|in|vorig))\b",
        "en": r"\b(fell|fallen|fall|decreased?|down on|(fewer|less) than (a year earlier|in|the previous))\b",
    },
    "higher": {"nl": r"\bhoger\b", "en": r"\bhigher\b"},
    "lower": {"nl": r"\blager\b", "en": r"\blower\b"},
    "every": {"nl": r"\b(elke|iedere|alle)\b", "en": r"\b(every|each|all)\b"},
    "more than half": {"nl": r"\b(meer dan de helft|de meeste)\b", "en": r"\b(more than half|most)\b"},
    # A superlative ranks the figures: "het sterkst gestegen", "het vaakst een dossier" (compare.may_rank).
    "rank": {"nl": r"\b(sterkst|vaakst|hoogst)\b", "en": r"\b(strongest|sharpest|more often than any|highest)\b"},
}


def claims(text: str, lang: str) -> set[str]:
    """The kinds of claim ``text`` makes (Markdown escapes removed first)."""
    plain = re.sub(r"\\(.)", r"\1", text).lower()
    return {kind for kind, patterns in CLAIMS.items() if re.search(patterns[lang], plain)}
