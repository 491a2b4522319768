"""Which headers and values an export may use: codes and labels from the database's reference
tables, plus the aliases in data/ingest_aliases.csv that a municipality extends without code.

Everything is compared after `normalise`: case, accents, punctuation and spacing do not matter, so
"Financiën", "FINANCIEN" and "financien" are the same value.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import select

from queries import areas, categories
from queries.config import DATA_DIR
from queries.database import Database
from queries.messages import N_, UserError, ngettext
from queries.schema import area, survey_question

ALIAS_FILE = DATA_DIR / "ingest_aliases.csv"
HOME = "GEMEENTE"  # in the alias file: the municipality itself, for contacts without a known area
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_NEIGHBOURHOOD = re.compile(r"bu(\d{6})\d{2}")


def normalise(text) -> str:
    """Lower case without accents, every run of other characters one space: 'Financiën  en-schulden' -> 'financien en schulden'."""
    if text is None or text != text:  # None or NaN
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text).lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub(" ", plain).strip()


@dataclass
class Lookup:
    """Normalised text -> code, and the text to suggest for a near miss."""

    codes: dict[str, str] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    squash: bool = False  # ignore spaces too: headers "vraag type" and "vraagtype" are the same

    def key(self, text) -> str:
        key = normalise(text)
        return key.replace(" ", "") if self.squash else key

    def add(self, text: str, code: str) -> None:
        key = self.key(text)
        if key and self.codes.setdefault(key, code) != code:
            self.codes[key] = None  # the same text for two codes: accept neither, ask for the code
        self.shown.setdefault(key, str(text))

    def get(self, key: str) -> str | None:
        return self.codes.get(key.replace(" ", "") if self.squash else key)

    def suggest(self, key: str) -> str | None:
        key = key.replace(" ", "") if self.squash else key
        candidates = [k for k, code in self.codes.items() if code is not None]
        match = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
        return self.shown[match[0]] if match else None


class AreaLookup(Lookup):
    """Areas, where a CBS neighbourhood the database does not hold counts for its district
    (BU06060302 lies in WK060603), so exports at neighbourhood level load into a district database."""

    def get(self, key: str) -> str | None:
        found = super().get(key)
        if found is None and (match := _NEIGHBOURHOOD.fullmatch(key)):
            found = super().get(f"wk{match[1]}")
        return found


@dataclass
class Vocabulary:
    columns: Lookup  # header -> field
    values: dict[str, Lookup]  # field -> value lookup
    area_level: dict[str, str]  # area code -> level
    home: str  # the municipality's own code
    questions: dict[str, Lookup]  # survey -> question lookup
    scale: dict[tuple[str, str], str]  # (survey, question) -> 'cijfer' or 'eens'


class AliasError(UserError, ValueError):
    """The alias file has a line that cannot be used."""


def load(db: Database, kind: str, fields: list[str], alias_file: Path = ALIAS_FILE) -> Vocabulary:
    home = areas.home_municipality(db)
    every_area = db.read(select(area.c.code, area.c.name, area.c.level))
    own = set(areas.areas(db)["code"])
    # Survey results may come for the comparison municipalities too; other facts only for our own areas.
    usable = every_area if kind == "survey" else every_area[every_area["code"].isin(own)]
    values = {name: Lookup() for name in ("question_type", "channel", "service", "survey", "outcome", "answer")}
    values["area"] = AreaLookup()
    for row in usable.itertuples():
        values["area"].add(row.code, row.code)
    for row in usable.itertuples():
        values["area"].add(row.name, row.code)
    for name, frame in (
        ("question_type", categories.question_types(db)),
        ("channel", categories.channels(db)),
        ("service", categories.services(db)),
    ):
        for row in frame.itertuples():
            for text in (row.code, row.label_nl, row.label_en):
                values[name].add(text, row.code)
    for code in ("short", "dossier"):
        values["outcome"].add(code, code)
    question_rows = db.read(select(survey_question.c.survey, survey_question.c.code, survey_question.c.label_nl,
                                   survey_question.c.label_en, survey_question.c.scale))
    questions: dict[str, Lookup] = {}
    for row in question_rows.itertuples():
        values["survey"].add(row.survey, row.survey)
        lookup = questions.setdefault(row.survey, Lookup())
        for text in (row.code, row.label_nl, row.label_en):
            lookup.add(text, row.code)
    columns = Lookup(squash=True)
    for name in fields:
        columns.add(name, name)
    _add_aliases(alias_file, kind, fields, columns, values, home, set(every_area["code"]))
    return Vocabulary(
        columns=columns,
        values=values,
        area_level=dict(zip(every_area["code"], every_area["level"])),
        home=home,
        questions=questions,
        scale={(r.survey, r.code): r.scale for r in question_rows.itertuples()},
    )


def _add_aliases(path: Path, kind: str, fields: list[str], columns: Lookup, values: dict[str, Lookup],
                 home: str, area_codes: set[str]) -> None:
    aliases = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = {"kind", "field", "alias", "code"} - set(aliases.columns)
    if missing:
        raise AliasError(ngettext("{file} mist de kolom {columns}", "{file} mist de kolommen {columns}", len(missing)),
                         file=path.name, columns=", ".join(sorted(missing)))
    for line, row in enumerate(aliases.itertuples(), start=2):
        if row.kind not in ("*", kind):
            continue
        if row.field == "column":
            if row.code in fields:
                columns.add(row.alias, row.code)
            elif row.kind == kind:
                raise AliasError(N_("{file} regel {line}: {code!r} is geen kolom van exports met --kind {kind}"),
                                 file=path.name, line=line, code=row.code, kind=kind)
        elif row.field == "area":
            code = home if row.code == HOME else row.code
            if code not in area_codes:
                raise AliasError(N_("{file} regel {line}: {code!r} is geen gebiedscode in de database"),
                                 file=path.name, line=line, code=row.code)
            values["area"].add(row.alias, code)
        elif row.field in values:
            known = set(c for c in values[row.field].codes.values() if c is not None)
            if row.field != "answer" and row.code not in known:
                raise AliasError(N_("{file} regel {line}: {code!r} is geen bekende code voor {field}"),
                                 file=path.name, line=line, code=row.code, field=row.field)
            values[row.field].add(row.alias, row.code)
        else:
            raise AliasError(N_("{file} regel {line}: onbekend veld {field!r}"), file=path.name, line=line, field=row.field)
