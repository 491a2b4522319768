"""The demo database: Schiedam's six wijkondersteuningsteams, January 2015 to December 2025.

January-May 2015 reproduces exactly what was published (local press, 7 July 2015): 3,300
contacts, 2,863 of them by phone via the zorgcentrale and 437 otherwise; 845 dossiers (Nieuwland
171, Centrum/West 149, Oost 141, Noordrand 136, Groenoord 116, Zuid 95 and 37 without a team
area); sixty staff including one coordinator per team; the 2015 staff survey against the average
of five comparable municipalities. Everything else is synthetic, generated from a fixed seed with
plausible seasonality and trends, and is never to be presented as real.

The generator works like the real data flow: it draws pseudo-records (one per contact, per wait,
per respondent) and aggregates them, so nothing record-level reaches the database.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import insert

from queries import geometry, schema
from queries.boundaries import derived_shapes, write_shapes
from queries.config import DATA_DIR
from queries.cellkeys import DEMO_SECRET, KEY_MODULUS, record_keys
from queries.database import Database, DatabaseError, replace_sqlite_file
from queries.ingest.kinds import contact_rows, contact_sums, with_caseload_keys
from queries.messages import N_
from queries.periods import Period, months_between
from queries.reference import create_schema, load_reference, read_csv, validate_reference

SEED = 20150707  # the day the first figures were published
PERIOD = Period(date(2015, 1, 1), date(2025, 12, 1))
CALIBRATED = Period(date(2015, 1, 1), date(2015, 5, 1))
MUNICIPALITY = "GM0606"
# The municipality's extent; the demo's district shapes are drawn inside it around the centre points.
SCHEMATIC_BOUNDS = (4.350, 51.896, 4.416, 51.960)
SCHEMATIC_SOURCE = "schematisch (demo): vlakken rond de middelpunten van de wijken, geen echte grenzen"

# What the press published for January-May 2015.
CONTACTS = 3300
PHONE_CONTACTS = 2863
# The 437 other contacts were "mostly in person"; how they split is the demo's assumption.
OTHER_CHANNELS = {"persoonlijk": 268, "email_web": 61, "huisarts": 47, "school_jgz": 28, "politie": 19, "overig": 14}
DOSSIERS_PER_TEAM = {
    "WOT-NIEUWLAND": 171,
    "WOT-CENTRUMWEST": 149,
    "WOT-OOST": 141,
    "WOT-NOORDRAND": 136,
    "WOT-GROENOORD": 116,
    "WOT-ZUID": 95,
}
DOSSIERS_WITHOUT_TEAM = 37
STAFF_2015 = {  # sixty in all, one coordinator per team included; the split is the demo's assumption
    "WOT-NIEUWLAND": 12,
    "WOT-CENTRUMWEST": 11,
    "WOT-OOST": 10,
    "WOT-NOORDRAND": 10,
    "WOT-GROENOORD": 9,
    "WOT-ZUID": 8,
}
# Staff survey 2015: Schiedam's mark and, in brackets in the article, the average of five
# comparable municipalities.
STAFF_SURVEY_2015 = {
    "geboden_hulp": (6.6, 6.6),
    "efficient_budget": (5.9, 5.9),
    "klanten_tevreden": (7.5, 7.1),
    "inbedding_wijk": (7.1, 6.3),
    "samenwerking_team": (7.7, 7.4),
}
STAFF_RESPONDENTS_2015 = {  # 50 of the 60 staff answered (assumption)
    "WOT-NIEUWLAND": 10,
    "WOT-CENTRUMWEST": 9,
    "WOT-OOST": 8,
    "WOT-NOORDRAND": 8,
    "WOT-GROENOORD": 8,
    "WOT-ZUID": 7,
}
PEER_RESPONDENTS = 40  # per peer municipality, so that the pooled mean is the mean of the five

# Contacts per inhabitant relative to the municipality (assumption). Nieuwland has many
# work and income questions; Woudhoek and Spaland are the quieter north.
NEED = {
    "WK060601": 1.15,
    "WK060602": 1.10,
    "WK060603": 0.95,
    "WK060604": 1.20,
    "WK060605": 1.00,
    "WK060606": 1.45,
    "WK060607": 0.85,
    "WK060608": 1.00,
    "WK060609": 0.80,
}
CONTACTS_WITHOUT_AREA_2015 = 95

# The question mix of January-May 2015, by question type (data/question_types.csv). Per theme it is
# what it was when each theme held one type (debts 34%, housing 20%, youth 10%), so debts and
# housing stay above half of all questions; within a theme the split is the demo's assumption.
QUESTION_MIX = {
    # debts and income
    "problematische_schulden": 0.120,
    "inkomen_uitkeringen": 0.090,
    "betalingsachterstanden": 0.070,
    "budgetbeheer": 0.045,
    "financien_overig": 0.015,
    # housing
    "huisuitzetting": 0.030,
    "woning_zoeken": 0.070,
    "woonomstandigheden": 0.060,
    "woningaanpassing": 0.030,
    "huisvesting_overig": 0.010,
    # youth and parenting
    "opvoeding_gezin": 0.030,
    "ontwikkeling_gedrag": 0.020,
    "school_leerplicht": 0.015,
    "jeugd_ggz": 0.020,
    "veiligheid_kind": 0.010,
    "jeugd_overig": 0.005,
    # the other life domains
    "dagbesteding": 0.06,
    "huiselijke_relaties": 0.06,
    "geestelijke_gezondheid": 0.07,
    "lichamelijke_gezondheid": 0.04,
    "middelengebruik": 0.02,
    "adl": 0.04,
    "sociaal_netwerk": 0.03,
    "participatie": 0.02,
    "justitie": 0.02,
}
DEBT_TYPES = ("problematische_schulden", "inkomen_uitkeringen", "betalingsachterstanden", "budgetbeheer", "financien_overig")
HOUSING_TYPES = ("huisuitzetting", "woning_zoeken", "woonomstandigheden", "woningaanpassing", "huisvesting_overig")
YOUTH_TYPES = ("opvoeding_gezin", "ontwikkeling_gedrag", "school_leerplicht", "jeugd_ggz", "veiligheid_kind", "jeugd_overig")
# Nieuwland: work and income (debt counselling is part of that team). Noordrand: couples who cannot
# separate because their house is under water.
LOCAL_MIX = {
    "WK060606": {**dict.fromkeys(DEBT_TYPES, 1.3), "dagbesteding": 1.8},
    "WK060608": {"huiselijke_relaties": 2.2, **dict.fromkeys(HOUSING_TYPES, 1.3), **dict.fromkeys(DEBT_TYPES, 0.8)},
    "WK060609": {"huiselijke_relaties": 2.2, **dict.fromkeys(HOUSING_TYPES, 1.3), **dict.fromkeys(DEBT_TYPES, 0.8)},
}
DOSSIER_PROPENSITY = {
    "problematische_schulden": 0.40,
    "inkomen_uitkeringen": 0.20,
    "betalingsachterstanden": 0.30,
    "budgetbeheer": 0.25,
    "financien_overig": 0.30,
    "huisuitzetting": 0.45,
    "woning_zoeken": 0.15,
    "woonomstandigheden": 0.25,
    "woningaanpassing": 0.30,
    "huisvesting_overig": 0.25,
    "opvoeding_gezin": 0.30,
    "ontwikkeling_gedrag": 0.35,
    "school_leerplicht": 0.25,
    "jeugd_ggz": 0.45,
    "veiligheid_kind": 0.55,
    "jeugd_overig": 0.35,
    "dagbesteding": 0.15,
    "huiselijke_relaties": 0.40,
    "geestelijke_gezondheid": 0.35,
    "lichamelijke_gezondheid": 0.15,
    "middelengebruik": 0.35,
    "adl": 0.20,
    "sociaal_netwerk": 0.10,
    "participatie": 0.08,
    "justitie": 0.30,
}
# Contacts per month for the whole municipality, by year (synthetic after May 2015).
MONTHLY_CONTACTS = {
    2015: 680, 2016: 720, 2017: 780, 2018: 830, 2019: 860, 2020: 820,
    2021: 870, 2022: 900, 2023: 940, 2024: 920, 2025: 910,
}
SEASON = (1.05, 1.0, 1.05, 1.0, 1.0, 0.98, 0.85, 0.8, 1.05, 1.08, 1.07, 0.87)
CALIBRATED_MONTH_WEIGHTS = (0.8, 0.95, 1.05, 1.05, 1.1)  # the teams started on 5 January

# Waiting times: people starting per month in the municipality in 2015 and median waiting days by
# year. Youth services (docs/demo-data.md): about one in ten of the town's some 14,000 young people
# had youth care in 2015 (CBS, Jeugdmonitor), one in 7.5 by 2021; about 65 decisions a month, a
# good third of them for youth mental health, growing with the use of youth care.
WAITS = {
    "wijkteam_intake": (180, {2015: 9, 2019: 11, 2022: 13, 2025: 10}),
    "wmo_onderzoek": (60, {2015: 28, 2019: 38, 2022: 46, 2025: 34}),
    "wmo_besluit": (50, {2015: 9, 2019: 11, 2022: 13, 2025: 10}),
    "jeugdhulp": (65, {2015: 35, 2019: 58, 2022: 70, 2025: 48}),
    "schuldhulp": (35, {2015: 17, 2019: 19, 2022: 26, 2025: 20}),
    "jeugd_ggz_intake": (30, {2015: 25, 2019: 45, 2022: 60, 2025: 40}),
    "jeugd_ggz_behandeling": (26, {2015: 55, 2019: 85, 2022: 100, 2025: 75}),
}
# Growth of the starts per year after 2015 (youth care reached more young people every year).
WAIT_GROWTH = {"jeugdhulp": 0.04, "jeugd_ggz_intake": 0.04, "jeugd_ggz_behandeling": 0.04}
# Youth services are spread over the districts by young people, the others by inhabitants.
YOUTH_SERVICES = ("jeugdhulp", "jeugd_ggz_intake", "jeugd_ggz_behandeling")

CLIENT_SURVEY_FIRST_WAVE = 2016  # in 2015 clients had not yet been asked
CLIENT_AGREEMENT = {  # share agreeing in 2016, by question
    "weet_waar": 0.62,
    "snel_geholpen": 0.66,
    "serieus_genomen": 0.84,
    "samen_oplossingen": 0.74,
    "past_bij_vraag": 0.72,
    "beter_redden": 0.64,
    "kwaliteit_van_leven": 0.58,
}


@dataclass(frozen=True)
class DemoData:
    population: pd.DataFrame
    contacts: pd.DataFrame
    caseload: pd.DataFrame
    waits: pd.DataFrame
    waitlist: pd.DataFrame
    surveys: pd.DataFrame
    records: int  # pseudo-records drawn

    def tables(self) -> dict:
        return {
            schema.area_population: self.population,
            schema.contact_month: self.contacts,
            schema.caseload_month: self.caseload,
            schema.wait_month: self.waits,
            schema.waitlist_month: self.waitlist,
            schema.survey_result: self.surveys,
        }

    def checksum(self) -> str:
        digest = hashlib.sha256()
        for table, frame in self.tables().items():
            digest.update(table.name.encode())
            digest.update(frame.to_csv(index=False, lineterminator="\n").encode())
        return digest.hexdigest()


def generate(data_dir: Path = DATA_DIR) -> DemoData:
    """All demo facts, the same every time."""
    rng = np.random.default_rng(SEED)
    areas = read_csv(data_dir / "areas.csv")
    districts = areas[areas["level"] == "district"].reset_index(drop=True)
    team_of = dict(zip(districts["code"], districts["team_code"]))
    population = _population(data_dir)
    contacts, records = _contacts(rng, districts, population)
    caseload = _caseload(rng, contacts, team_of)
    waits, waitlist = _waits(rng, districts, population)
    surveys = _surveys(rng, data_dir)
    return DemoData(population, contacts, caseload, waits, waitlist, surveys, records)


def _population(data_dir: Path) -> pd.DataFrame:
    base = pd.read_csv(data_dir / "demo_population.csv")
    rows = []
    for row in base.itertuples():
        for year in range(PERIOD.first.year, PERIOD.last.year + 1):
            growth = (1 + row.growth_per_year) ** (year - 2015)
            rows.append(
                {
                    "area_code": row.area_code,
                    "year": year,
                    "inhabitants": round(row.inhabitants_2015 * growth),
                    "households": round(row.households_2015 * growth),
                    "youth_0_17": round(row.youth_0_17_2015 * growth),
                    "source": "demo: bij benadering, geen CBS-cijfers",
                }
            )
    return pd.DataFrame(rows)


def _largest_remainder(total: int, weights) -> np.ndarray:
    """Split ``total`` into whole numbers proportional to ``weights``, summing exactly."""
    weights = np.asarray(weights, dtype=float)
    exact = total * weights / weights.sum()
    whole = np.floor(exact).astype(int)
    order = np.argsort(-(exact - whole), kind="stable")
    whole[order[: total - whole.sum()]] += 1
    return whole


def _type_mix(area_code: str, month: date) -> np.ndarray:
    mix = dict(QUESTION_MIX)
    for code, factor in LOCAL_MIX.get(area_code, {}).items():
        mix[code] *= factor
    years = month.year + (month.month - 1) / 12 - 2015
    for code in YOUTH_TYPES:
        mix[code] *= 1 + 0.06 * max(0.0, years - 3)  # youth care moved towards the teams in 2018
    if date(2020, 4, 1) <= month:
        mix["geestelijke_gezondheid"] *= 1.25  # from the first lockdown on
        mix["jeugd_ggz"] *= 1.25
    if date(2022, 10, 1) <= month <= date(2023, 12, 1):
        for code in DEBT_TYPES:  # energy prices and inflation, most of all arrears in energy and rent
            mix[code] *= 1.6 if code == "betalingsachterstanden" else 1.3
    weights = np.array(list(mix.values()))
    return weights / weights.sum()


def _channel_mix(month: date) -> np.ndarray:
    years = month.year + (month.month - 1) / 12 - 2015
    mix = {
        "telefoon": PHONE_CONTACTS / CONTACTS - 0.024 * years,
        "persoonlijk": 0.081,
        "email_web": 0.019 + 0.012 * years,
        "huisarts": 0.014 + 0.003 * years,
        "school_jgz": 0.009 + 0.003 * years,
        "politie": 0.006,
        "overig": 0.004,
    }
    if date(2020, 4, 1) <= month <= date(2021, 6, 1):
        mix["telefoon"] += mix["persoonlijk"] * 0.7
        mix["persoonlijk"] *= 0.3
    weights = np.array(list(mix.values()))
    return weights / weights.sum()


def _contacts(rng, districts: pd.DataFrame, population: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    types = np.array(list(QUESTION_MIX))
    channels = np.array(["telefoon", *OTHER_CHANNELS])
    propensity = np.array([DOSSIER_PROPENSITY[t] for t in types])
    codes = list(districts["code"])
    inhabitants = population[population["year"] == 2015].set_index("area_code")["inhabitants"]
    weight = np.array([inhabitants[c] * NEED[c] for c in codes])

    frames = [_calibrated_contacts(rng, codes, dict(zip(codes, districts["team_code"])), weight, types, channels, propensity)]
    for month in months_between(date(2015, 6, 1), PERIOD.last):
        expected = MONTHLY_CONTACTS[month.year] * SEASON[month.month - 1]
        without_area = 0.03 - 0.002 * (month.year - 2015)  # registration improves over the years
        area_codes = [*codes, MUNICIPALITY]
        shares = np.append(weight / weight.sum() * (1 - without_area), without_area)
        counts = rng.poisson(expected * shares)
        area = np.repeat(area_codes, counts)
        kind = np.concatenate([rng.choice(len(types), n, p=_type_mix(code, month)) for code, n in zip(area_codes, counts)])
        channel = rng.choice(len(channels), len(area), p=_channel_mix(month))
        dossier = rng.random(len(area)) < propensity[kind] * 0.85
        frames.append(pd.DataFrame({"area_code": area, "month": month, "question_type": types[kind],
                                    "channel": channels[channel], "dossier": dossier}))
    records = pd.concat(frames, ignore_index=True)
    return _aggregate_contacts(records), len(records)


def _calibrated_contacts(rng, codes, team_of, weight, types, channels, propensity) -> pd.DataFrame:
    """January-May 2015, drawn so that every published total comes out exactly."""
    per_area = dict(zip(codes, _largest_remainder(CONTACTS - CONTACTS_WITHOUT_AREA_2015, weight)))
    per_area[MUNICIPALITY] = CONTACTS_WITHOUT_AREA_2015
    dossiers = {MUNICIPALITY: DOSSIERS_WITHOUT_TEAM}
    for team, total in DOSSIERS_PER_TEAM.items():
        members = [c for c in codes if team_of[c] == team]
        dossiers |= dict(zip(members, _largest_remainder(total, [per_area[c] for c in members])))

    months = months_between(CALIBRATED.first, CALIBRATED.last)
    frames = []
    for code, n in per_area.items():
        month = rng.choice(len(months), n, p=np.array(CALIBRATED_MONTH_WEIGHTS) / sum(CALIBRATED_MONTH_WEIGHTS))
        kind = rng.choice(len(types), n, p=_type_mix(code, CALIBRATED.first))
        chosen = rng.choice(n, dossiers[code], replace=False, p=propensity[kind] / propensity[kind].sum())
        dossier = np.zeros(n, dtype=bool)
        dossier[chosen] = True
        frames.append(pd.DataFrame({"area_code": code, "month": np.array(months, dtype=object)[month],
                                    "question_type": types[kind], "dossier": dossier}))
    records = pd.concat(frames, ignore_index=True)
    # The channel totals are published for the whole municipality only: deal them out at random.
    pool = np.repeat(channels, [PHONE_CONTACTS, *OTHER_CHANNELS.values()])
    records["channel"] = rng.permutation(pool)
    return records


def _aggregate_contacts(records: pd.DataFrame) -> pd.DataFrame:
    keyed = records.assign(key=record_keys(DEMO_SECRET, "contacts", (f"demo contact {i}" for i in range(len(records)))))
    return contact_rows(contact_sums(keyed))


def _pseudo_key_sums(kind: str, labels, counts) -> np.ndarray:
    """The key sum of ``count`` pseudo-records per label, for facts the demo draws as counts."""
    return np.array([
        int(record_keys(DEMO_SECRET, kind, (f"{label} {k}" for k in range(int(count)))).sum()) % KEY_MODULUS
        for label, count in zip(labels, counts)
    ], dtype=np.int64)


def _caseload(rng, contacts: pd.DataFrame, team_of: dict) -> pd.DataFrame:
    opened = (
        contacts.assign(team_code=contacts["area_code"].map(team_of))
        .dropna(subset=["team_code"])
        .groupby(["team_code", "month"])["dossiers_opened"]
        .sum()
    )
    rows = []
    for team, staff_2015 in STAFF_2015.items():
        open_dossiers = 0
        for month in months_between(PERIOD.first, PERIOD.last):
            new = int(opened.get((team, month), 0))
            closed = int(rng.binomial(open_dossiers, 1 / 7))  # a dossier stays open about seven months
            open_dossiers += new - closed
            # After the audit office's advice (2017) the larger teams grew by one or two people.
            staff = staff_2015 + (month >= date(2017, 9, 1)) * (staff_2015 >= 10) + (month >= date(2021, 1, 1))
            years = month.year - 2015
            multi = int(rng.binomial(open_dossiers, 0.3))
            weights = (
                rng.multinomial(open_dossiers, [0.5 - 0.01 * years, 0.33, 0.17 + 0.01 * years])
                if month >= date(2016, 1, 1)  # case weight was registered from 2016 on
                else (None, None, None)
            )
            rows.append(
                {
                    "team_code": team,
                    "month": month,
                    "staff": staff,
                    "fte": round(staff * rng.uniform(0.8, 0.88), 1),
                    "open_dossiers": open_dossiers,
                    "dossiers_closed": closed,
                    "weight_1": _int_or_none(weights[0]),
                    "weight_2": _int_or_none(weights[1]),
                    "weight_3": _int_or_none(weights[2]),
                    "multi_problem": multi,
                    "integrated_plans": int(rng.binomial(multi, min(0.72, 0.35 + 0.035 * years))),
                }
            )
    return with_caseload_keys(pd.DataFrame(rows), DEMO_SECRET)


def _int_or_none(value) -> int | None:
    return None if value is None else int(value)


def _interpolate(points: dict[int, float], month: date) -> float:
    years = sorted(points)
    x = month.year + (month.month - 1) / 12
    return float(np.interp(x, years, [points[y] for y in years]))


def _waits(rng, districts: pd.DataFrame, population: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    codes = list(districts["code"])
    people = population[population["year"] == 2015].set_index("area_code")
    shares = {}
    for column in ("inhabitants", "youth_0_17"):
        weight = np.array([people.at[c, column] * NEED[c] for c in codes])
        shares[column] = weight / weight.sum()
    edges = np.array(schema.WAIT_BUCKETS[1:])
    waits, waitlist = [], []
    for month in months_between(PERIOD.first, PERIOD.last):
        for service, (per_month, medians) in WAITS.items():
            median = _interpolate(medians, month)
            share = shares["youth_0_17" if service in YOUTH_SERVICES else "inhabitants"]
            growth = (1 + WAIT_GROWTH.get(service, 0.0)) ** (month.year - 2015)
            started = rng.poisson(per_month * growth * share)
            for code, n in zip(codes, started):
                days = np.floor(rng.lognormal(np.log(median), 0.55, n)).astype(int)
                per_bucket = np.bincount(np.searchsorted(edges, days, side="right"), minlength=len(edges) + 1)
                for bucket, count in zip(schema.WAIT_BUCKETS, per_bucket):
                    if count:
                        waits.append({"area_code": code, "month": month, "service": service,
                                      "bucket": bucket, "started": int(count)})
                waitlist.append({"area_code": code, "month": month, "service": service,
                                 "waiting": int(rng.poisson(n * median / 30 + 0.5))})
    waits, waitlist = pd.DataFrame(waits), pd.DataFrame(waitlist)
    labels = lambda frame, *columns: frame[list(columns)].astype(str).agg(" ".join, axis=1)  # noqa: E731
    waits["started_ckey"] = _pseudo_key_sums("waits", labels(waits, "area_code", "month", "service", "bucket"), waits["started"])
    waitlist["waiting_ckey"] = _pseudo_key_sums("waiting", labels(waitlist, "area_code", "month", "service"), waitlist["waiting"])
    return waits, waitlist


def marks_with_sum(rng, n: int, total: int, spread: float, low: int = 1, high: int = 10) -> np.ndarray:
    """``n`` whole marks between ``low`` and ``high`` that add up to exactly ``total``."""
    if not n * low <= total <= n * high:
        raise ValueError("no marks can add up to that total")
    marks = np.clip(np.rint(rng.normal(total / n, spread, n)), low, high).astype(int)
    while (gap := total - marks.sum()) != 0:
        movable = np.flatnonzero(marks < high) if gap > 0 else np.flatnonzero(marks > low)
        marks[rng.choice(movable)] += 1 if gap > 0 else -1
    return marks


def _survey_row(area_code, wave, survey, question, answers: np.ndarray, positive_from: int) -> dict:
    return {
        "area_code": area_code,
        "wave": wave,
        "survey": survey,
        "question": question,
        "n": len(answers),
        "n_positive": int((answers >= positive_from).sum()),
        "sum_score": int(answers.sum()),
        "sum_sq": int((answers**2).sum()),
    }


def _surveys(rng, data_dir: Path) -> pd.DataFrame:
    peers = list(read_csv(data_dir / "peer_groups.csv")["municipality_code"].unique())
    teams = list(STAFF_RESPONDENTS_2015)
    rows = []
    for wave in range(PERIOD.first.year, PERIOD.last.year + 1):
        for question, (own, peer) in STAFF_SURVEY_2015.items():
            drift = 0.06 * (wave - 2015) if question != "efficient_budget" else -0.03 * (wave - 2015)
            respondents = {t: n + (wave > 2017) for t, n in STAFF_RESPONDENTS_2015.items()}
            n_own = sum(respondents.values())
            # 2015 is published: the sums are exact, so the means are exactly the marks in the article.
            own_total = round(own * n_own) if wave == 2015 else round((own + drift + rng.normal(0, 0.1)) * n_own)
            own_marks = marks_with_sum(rng, n_own, own_total, 1.1)
            start = 0
            for team in teams:
                answers = own_marks[start : start + respondents[team]]
                start += respondents[team]
                rows.append(_survey_row(team, wave, "medewerkers", question, answers, 6))
            peer_total = round(peer * PEER_RESPONDENTS * len(peers))
            if wave > 2015:
                peer_total = round((peer + 0.5 * drift + rng.normal(0, 0.08)) * PEER_RESPONDENTS * len(peers))
            per_peer = _largest_remainder(peer_total, rng.uniform(0.9, 1.1, len(peers)))
            for code, total in zip(peers, per_peer):
                rows.append(_survey_row(code, wave, "medewerkers", question,
                                        marks_with_sum(rng, PEER_RESPONDENTS, int(total), 1.2), 6))
        if wave < CLIENT_SURVEY_FIRST_WAVE:
            continue
        for question, agreement in CLIENT_AGREEMENT.items():
            for code in teams + peers:
                share = min(0.95, agreement + 0.012 * (wave - CLIENT_SURVEY_FIRST_WAVE) + rng.normal(0, 0.04))
                n = int(rng.integers(25, 70) if code in teams else rng.integers(150, 300))
                answers = np.where(rng.random(n) < share, rng.choice([4, 5], n, p=[0.6, 0.4]),
                                   rng.choice([1, 2, 3], n, p=[0.15, 0.3, 0.55]))
                rows.append(_survey_row(code, wave, "clienten", question, answers, 4))
    surveys = pd.DataFrame(rows)
    labels = surveys[["area_code", "wave", "survey", "question"]].astype(str).agg(" ".join, axis=1)
    surveys.insert(surveys.columns.get_loc("n") + 1, "n_ckey", _pseudo_key_sums("survey", labels, surveys["n"]))
    surveys.insert(surveys.columns.get_loc("n_positive") + 1, "n_positive_ckey",
                   _pseudo_key_sums("survey positive", labels, surveys["n_positive"]))
    return surveys


def write(connection, demo: DemoData, data_dir: Path = DATA_DIR) -> None:
    """Schema, reference data and demo facts, inside the caller's transaction."""
    create_schema(connection)
    load_reference(connection, data_dir)
    districts = read_csv(data_dir / "areas.csv").query("level == 'district'")
    centres = {r.code: (float(r.centroid_lon), float(r.centroid_lat)) for r in districts.itertuples()}
    write_shapes(connection, geometry.schematic(centres, SCHEMATIC_BOUNDS), SCHEMATIC_SOURCE)
    write_shapes(connection, derived_shapes(connection), SCHEMATIC_SOURCE)
    rows = 0
    for table, frame in demo.tables().items():
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        connection.execute(insert(table), records)
        rows += len(records)
    connection.execute(
        insert(schema.load_log).values(
            loaded_at=datetime.now(UTC),
            kind="demo",
            file_name=f"demo Schiedam (seed {SEED})",
            sha256=demo.checksum(),
            period_first=PERIOD.first,
            period_last=PERIOD.last,
            rows_read=demo.records,
            rows_written=rows,
            result="ok",
            message="Demogegevens: januari-mei 2015 volgens de gepubliceerde cijfers, daarna synthetisch.",
        )
    )


def build(url: str, *, force: bool = False, data_dir: Path = DATA_DIR) -> DemoData:
    """Build the demo database at ``url``; an existing Wijkmonitor database is replaced only with ``force``.

    A SQLite file is written beside the target and moved into place when complete, so a failed or
    interrupted build leaves the old file as it was. PostgreSQL does it in one transaction.
    """
    target = Database(url)
    try:
        if target.sqlite_path is None or target.sqlite_path.exists():
            if target.schema_version() is not None and not force:
                raise DatabaseError(N_("{database} bevat al een Wijkmonitor-database; gebruik --force om die te vervangen"),
                                    database=target.display_url)
        validate_reference(data_dir)  # before minutes of generating: an edited file may point nowhere
        demo = generate(data_dir)
        if target.sqlite_path is None:
            with target.engine.begin() as connection:
                schema.metadata.drop_all(connection)
                write(connection, demo, data_dir)
        else:
            _build_sqlite_file(target.sqlite_path, demo, data_dir)
        return demo
    finally:
        target.dispose()


def ensure_embedded(url: str) -> bool:
    """Build the embedded demo database unless a current one is there; True when it was built.

    The embedded file is generated, so one from an older schema (or a damaged one) is rebuilt.
    """
    database = Database(url)
    try:
        current = database.schema_version() == schema.SCHEMA_VERSION
    except DatabaseError:
        current = False
    finally:
        database.dispose()
    if not current:
        build(url, force=True)
    return not current


def _build_sqlite_file(path: Path, demo: DemoData, data_dir: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        staging = Database(f"sqlite:///{temporary}")
        with staging.engine.begin() as connection:
            write(connection, demo, data_dir)
        staging.dispose()
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the dashboard may run as another user
        replace_sqlite_file(Path(temporary), path)  # also while a dashboard reads the old one
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
