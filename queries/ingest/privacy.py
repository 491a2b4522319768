"""Refusing personal data: an export that identifies people is not read at all.

Two tests. A column *named* like personal data (citizen service number, name, birth date, address,
phone, e-mail, postcode or house number) is refused whatever it holds. A column of any name whose
values look like citizen service numbers (nine digits passing the eleven test) is refused too:
that catches an identifying column hidden under an innocent header such as "klant".
Messages name the columns, never their values.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from queries.ingest.vocabulary import normalise

# Whole words (or word pairs) of a normalised header that name personal data.
PERSONAL_WORDS = {
    "bsn": "citizen service number",
    "burgerservicenummer": "citizen service number",
    "sofinummer": "citizen service number",
    "sofi": "citizen service number",
    "naam": "name",
    "voornaam": "name",
    "voornamen": "name",
    "achternaam": "name",
    "roepnaam": "name",
    "geslachtsnaam": "name",
    "voorletters": "name",
    "tussenvoegsel": "name",
    "name": "name",
    "firstname": "name",
    "lastname": "name",
    "surname": "name",
    "fullname": "name",
    "geboortedatum": "birth date",
    "geboortejaar": "birth date",
    "dob": "birth date",
    "birthdate": "birth date",
    "adres": "address",
    "woonadres": "address",
    "address": "address",
    "straat": "address",
    "straatnaam": "address",
    "street": "address",
    "huisnummer": "house number",
    "huisnr": "house number",
    "postcode": "postcode",
    "zipcode": "postcode",
    "telefoon": "phone",
    "telefoonnummer": "phone",
    "telefoonnr": "phone",
    "tel": "phone",
    "mobiel": "phone",
    "gsm": "phone",
    "phone": "phone",
    "email": "e-mail",
    "emailadres": "e-mail",
    "mail": "e-mail",
    "mailadres": "e-mail",
}
PERSONAL_PHRASES = {
    "first name": "name",
    "last name": "name",
    "full name": "name",
    "date of birth": "birth date",
    "birth date": "birth date",
    "geboorte datum": "birth date",
    "house number": "house number",
    "e mail": "e-mail",
    "phone number": "phone",
    "zip code": "postcode",
    "post code": "postcode",
}
_BSN = re.compile(r"\d{8,9}")
_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])
# Random nine-digit numbers pass the eleven test about one time in eleven; a column where most do
# is a column of citizen service numbers.
BSN_SHARE = 0.5


def personal_header(header: str) -> str | None:
    """What kind of personal data a header names, or None."""
    text = normalise(header)
    for phrase, what in PERSONAL_PHRASES.items():
        if re.search(rf"\b{phrase}\b", text):
            return what
    for word in text.split():
        if word in PERSONAL_WORDS:
            return PERSONAL_WORDS[word]
    return None


def passes_eleven_test(number: str) -> bool:
    """The check every citizen service number passes (eight-digit numbers get a leading zero)."""
    digits = np.array([int(c) for c in number.zfill(9)])
    return int(digits @ _WEIGHTS) % 11 == 0 and int(number) != 0


def looks_like_bsn(values: pd.Series) -> bool:
    """Whether most filled-in values of a column are nine digits passing the eleven test."""
    text = values.iloc[:50_000].dropna().astype(str).str.strip()
    sample = text[text != ""].iloc[:5000]
    if sample.empty:
        return False
    candidates = sample[sample.str.fullmatch(_BSN.pattern)]
    passing = sum(passes_eleven_test(value) for value in candidates)
    return passing / len(sample) > BSN_SHARE
