"""Refusing personal data: an export that identifies people is not loaded at all.

Three tests, all on the whole file:

- a column *named* like personal data is refused whatever it holds. The names are in
  data/personal_headers.csv (Dutch and English), compared after folding case, accents, camelCase
  and separators, so "Klantnaam", "cliënt", "B.S.N.", "pc_hnr" and "VoorlettersAchternaam" are caught;
- a value anywhere that is an e-mail address, a Dutch phone number, a postcode with a house number
  or a number after "BSN" refuses the file, in any column and any row;
- a column whose nine-digit numbers (typed as 123456782, 123.456.782, 1234 56 782 …) pass the
  eleven test far more often than chance (one in eleven) is a column of citizen service numbers.

Messages name the columns and what was found, never a value. The checks run on the distinct texts
of each column per chunk, first through one vectorised pattern (RE2, in pyarrow) that lets almost
every value pass untouched, so their cost stays small whatever the file.

The file name is personal data too when it is "client 123456782 Jan Jansen.csv": `file_label`
decides what of it may be stored.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from queries.config import DATA_DIR
from queries.ingest.vocabulary import normalise
from queries.messages import N_, Listing, Message, message

HEADER_FILE = DATA_DIR / "personal_headers.csv"
# What a header in data/personal_headers.csv names, as messages say it; a kind added to the file
# without a line here is shown as the file writes it.
KINDS_OF_DATA = {
    "a person (name or number)": N_("een persoon (naam of nummer)"),
    "address": N_("adres"),
    "bank account": N_("bankrekening"),
    "birth date": N_("geboortedatum"),
    "citizen service number": N_("burgerservicenummer"),
    "e-mail": N_("e-mail"),
    "house number": N_("huisnummer"),
    "identity document": N_("identiteitsbewijs"),
    "name": N_("naam"),
    "name and address": N_("naam en adres"),
    "phone": N_("telefoon"),
    "postcode": N_("postcode"),
}

_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])
_SEPARATOR = r"[ .\-]"
# Nine digits with at most one separator between any two, not part of a longer run of digits.
_NINE_DIGITS = re.compile(rf"(?<![0-9])(?<![0-9]{_SEPARATOR})[0-9](?:{_SEPARATOR}?[0-9]){{8}}(?!{_SEPARATOR}?[0-9])")
_PREFIXED_BSN = re.compile(rf"(?i)(?:\bbsn|\bb\.s\.n\.?|burger\s*service\s*nummer|\bsofi)(?:nr|nummer)?[\s:#.\-]*"
                           rf"[0-9](?:{_SEPARATOR}?[0-9]){{7,8}}(?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# 06-12345678, 010-1234567, (010) 123 45 67, +31 6 12345678, 0031 10 1234567: ten digits in all,
# not glued to letters before them (a contact number such as C0100000001 is not a phone number).
_PHONE = re.compile(r"(?<![0-9A-Za-z+])(?:(?:\+|00)31[ \-]?(?:\(0\)[ \-]?)?|\(?0)[1-9](?:[ \-.)/–]{0,3}[0-9]){8}(?![0-9])")
# 3112 AB 12, 3112AB12, 3112ab 12a. Lower-case letters only when they follow the digits directly,
# so that "in 2024 is 12" in a remark is not a postcode.
_POSTCODE_HOUSE = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{3}(?: ?[A-Z]{2}|[a-z]{2})[ ,\-]{0,2}[0-9]{1,5}(?![0-9])")
# The usual Dutch way round: street, house number, then the postcode ("Broersvest 12, 3111 AB").
_HOUSE_POSTCODE = re.compile(r"[A-Za-z]{2,} [0-9]{1,5}[A-Za-z]?,? {1,2}[1-9][0-9]{3} ?[A-Z]{2}(?![A-Za-z])")
# Dates and times are taken out before looking: "04-03-2025 12:30" is ten digits starting with 0.
_DATE_TIME = re.compile(r"(?<![0-9])(?:[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4}|[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}"
                        r"|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)(?![0-9])")
# One vectorised pass over the distinct values picks the few that need a closer look. RE2 syntax:
# no look-arounds.
_SUSPECT = (r"@|[0-9](?:[ .\-()/–]{0,3}[0-9]){8}|[1-9][0-9]{3} ?[A-Za-z]{2}[ ,\-]{0,2}[0-9]|[0-9],? {1,2}[1-9][0-9]{3} ?[A-Z]{2}|"
            r"\+[0-9]{2}|(?i:bsn|b\.s\.n|sofi|burger\s*service)")
_BARE_NINE = r"^[0-9]{9}$"  # the commonest suspect, checked all at once with numpy

# Random nine-digit numbers pass the eleven test about one time in eleven. A column whose numbers
# pass much more often than that holds citizen service numbers, however many other values it has.
CHANCE = 1 / 11
BSN_SHARE = 0.25
BSN_SIGMAS = 4


@dataclass(frozen=True)
class HeaderTerms:
    words: dict[str, str]  # matches a word, or adjacent words written together
    parts: dict[str, str]  # matches anywhere in the header written as one word


def load_terms(path: Path = HEADER_FILE) -> HeaderTerms:
    words, parts = {}, {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            term = "".join(fold(row["term"]))
            what = row["what"].strip()
            (parts if row["match"].strip() == "part" else words)[term] = KINDS_OF_DATA.get(what, what)
    return HeaderTerms(words, parts)


_TERMS: HeaderTerms | None = None


def _terms() -> HeaderTerms:
    global _TERMS
    if _TERMS is None:
        _TERMS = load_terms()
    return _TERMS


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def fold(text) -> list[str]:
    """The words of a header: 'VoorlettersAchternaam' -> ['voorletters', 'achternaam'], 'Cliënt_nr' -> ['client', 'nr']."""
    return normalise(_CAMEL.sub(" ", str(text))).split()


def personal_header(header: str, terms: HeaderTerms | None = None) -> str | None:
    """What kind of personal data a header names (a message), or None."""
    terms = terms or _terms()
    words = fold(header)
    whole = "".join(words)
    for part, what in terms.parts.items():
        if part in whole:
            return what
    for start in range(len(words)):
        joined = ""
        for word in words[start:]:
            joined += word
            if joined in terms.words:
                return terms.words[joined]
            if len(joined) > 40:
                break
    return None


def passes_eleven_test(number: str) -> bool:
    """The check every citizen service number passes (eight-digit numbers get a leading zero)."""
    digits = np.array([int(c) for c in number.zfill(9)])
    return int(digits @ _WEIGHTS) % 11 == 0 and int(number) != 0


def _eleven_test_all(numbers: list[str]) -> np.ndarray:
    """`passes_eleven_test` for many nine-digit texts at once."""
    digits = (np.frombuffer("".join(numbers).encode("ascii"), np.uint8) - 48).reshape(-1, 9).astype(np.int64)
    return ((digits @ _WEIGHTS) % 11 == 0) & digits.any(axis=1)


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def identifying(text: str) -> str | None:
    """What a single value identifies (e-mail, phone, address, a citizen service number after
    'BSN'; a message), or None. Nine bare digits are judged per column, by `Scanner`."""
    text = _DATE_TIME.sub(" | ", text)
    if _PREFIXED_BSN.search(text):
        return N_("burgerservicenummer")
    if _EMAIL.search(text):
        return N_("e-mailadres")
    if _PHONE.search(text):
        return N_("telefoonnummer")
    if _POSTCODE_HOUSE.search(text) or _HOUSE_POSTCODE.search(text):
        return N_("postcode en huisnummer")
    return None


@dataclass
class _Count:
    candidates: int = 0  # distinct values holding nine digits
    passing: int = 0  # ... of which one passes the eleven test


@dataclass
class Scanner:
    """Looks at every value of every column, chunk by chunk; `findings` says what was found where."""

    header: list[str]
    found: dict[str, set[str]] = field(default_factory=dict)  # column -> what, certain at once
    counts: dict[int, _Count] = field(default_factory=dict)

    def scan(self, chunk) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        for i in range(chunk.frame.shape[1]):
            values = chunk.distinct(i)
            if values.empty:
                continue
            texts = pa.array(values.to_numpy(dtype=object), type=pa.string())
            suspect = texts.filter(pc.match_substring_regex(texts, _SUSPECT))
            if not len(suspect):
                continue
            count = self.counts.setdefault(i, _Count())
            bare = pc.match_substring_regex(suspect, _BARE_NINE)
            numbers = suspect.filter(bare).to_pylist()
            if numbers:
                count.candidates += len(numbers)
                count.passing += int(_eleven_test_all(numbers).sum())
            for text in suspect.filter(pc.invert(bare)).to_pylist():
                if what := identifying(text):
                    self.found.setdefault(self.header[i], set()).add(what)
                numbers = [_digits(m) for m in _NINE_DIGITS.findall(_DATE_TIME.sub(" | ", text))]
                if numbers:
                    count.candidates += 1
                    count.passing += any(passes_eleven_test(n) for n in numbers)

    def certain(self) -> list[Message]:
        """Problems found so far that do not depend on the rest of the file."""
        return [personal_column(h, *sorted(what)) for h, what in self.found.items()]

    def findings(self) -> list[Message]:
        """Every problem in the file read so far: one line per column, no values."""
        lines = self.certain()
        for i, count in self.counts.items():
            if looks_like_bsn_counts(count.candidates, count.passing):
                lines.append(message(N_("kolom {column!r}: negen cijfers die de elfproef doorstaan (burgerservicenummers)"),
                                     column=self.header[i]))
        return lines


def personal_column(header: str, *kinds: str) -> Message:
    """'column 'opmerking': e-mail address, phone number': a column and what personal data it holds."""
    return message(N_("kolom {column!r}: {what}"), column=header, what=Listing([message(kind) for kind in kinds]))


def looks_like_bsn_counts(candidates: int, passing: int) -> bool:
    """Whether ``passing`` of ``candidates`` nine-digit values passing the eleven test is more than chance."""
    if passing == 0:
        return False
    spread = math.sqrt(candidates * CHANCE * (1 - CHANCE))
    return passing / candidates > BSN_SHARE or passing > candidates * CHANCE + BSN_SIGMAS * spread


def looks_like_bsn(values: pd.Series) -> bool:
    """Whether the values of one column, all of them, hold citizen service numbers."""
    from queries.ingest.reading import Chunk

    scanner = Scanner(["column"])
    scanner.scan(Chunk(pd.DataFrame({"column": values})))
    count = scanner.counts.get(0, _Count())
    return looks_like_bsn_counts(count.candidates, count.passing)


# File names ---------------------------------------------------------------------------------------

# Words a file name may consist of to be stored as given; with digits (dates, years, versions) and
# the names and codes of the municipality's areas. Anything else may be a person's name, so the
# name is replaced by a neutral label (the file's checksum identifies it).
FILE_NAME_WORDS = frozenset("""
    contact contacten contacts wachttijd wachttijden wachtlijst wachtlijsten waits wait enquete enquetes
    survey surveys medewerkers medewerkersenquete clienten clientervaringsonderzoek ceo caseload caseloads
    werkvoorraad bezetting dossiers dossier aanvragen aanvraag meldingen export exports bestand data gegevens
    registratie rapportage overzicht totaal totalen maand maanden jaar jaren kwartaal week q tm t m tot en
    van de het voor per v versie def definitief concept nieuw correctie gecorrigeerd kopie copy final
    wijkteam wijkteams team teams wot sociaal gemeente wijk wijken buurt buurten gebied gebieden
    template templates voorbeeld test ok okt oktober jan januari feb februari mrt maart apr april mei jun juni
    jul juli aug augustus sep sept september nov november dec december march may june july october
    cbs ned open kerncijfers kwb wijkenbuurten gebiedsindeling gebiedsindelingen grenzen
    csv xlsx txt tsv gpkg geojson json
""".split())
_FILE_TOKENS = re.compile(r"[a-z]+|[0-9]+")


def file_label(name: str, sha256: str, allowed: set[str] = frozenset()) -> str:
    """What the load log may keep of a file name: the name itself when it consists of known words
    and short numbers only and passes the personal-data checks, else a neutral label."""
    stem = normalise(name)
    tokens = _FILE_TOKENS.findall(stem)
    known = FILE_NAME_WORDS | allowed
    safe = (
        len(name) <= 120
        and tokens
        and all(t in known if t.isalpha() else len(t) <= 8 for t in tokens)
        and identifying(name) is None
        and not _NINE_DIGITS.search(_DATE_TIME.sub(" | ", name))
        and personal_header(Path(name).stem) is None
    )
    if safe:
        return name
    suffix = Path(name).suffix.lower()
    kind = f" ({suffix})" if suffix in (".csv", ".xlsx", ".txt", ".tsv") else ""
    return f"export{kind}, sha256 {sha256[:12]}…"
