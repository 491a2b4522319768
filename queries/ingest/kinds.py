"""The four kinds of export and how each becomes aggregates.

Each kind checks a chunk of rows, adds what it may store to running aggregates, and at the end
hands over the rows for the fact tables and the period they replace. Nothing record-level is kept
between chunks except, for contacts, a 64-bit hash per contact id to find duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from queries import schema
from queries.cellkeys import KEY_MODULUS, ckey, record_keys
from queries.ingest.validation import Column, Problems
from queries.ingest.vocabulary import Vocabulary
from queries.messages import N_, message

# An area of another level where a team area is needed, per level.
NOT_A_TEAM = {
    "municipality": N_("{code} is een gemeente, geen wijkteamgebied"),
    "district": N_("{code} is een wijk, geen wijkteamgebied"),
    "neighbourhood": N_("{code} is een buurt, geen wijkteamgebied"),
}
POSITIVE_FROM = {"cijfer": 6, "eens": 4}  # a pass mark; agree or fully agree
SCALE_RANGE = {"cijfer": (1, 10), "eens": (1, 5)}


@dataclass
class Aggregates:
    """What a file adds up to, ready to write."""

    tables: dict  # schema table -> DataFrame of rows
    first: date
    last: date
    waves: list[tuple[int, str]] = field(default_factory=list)  # survey: (wave, survey) pairs replaced
    months: list[date] | None = None  # the months replaced, when not simply those in the tables (waits)

    @property
    def rows(self) -> int:
        return sum(len(frame) for frame in self.tables.values())


class Kind:
    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    def __init__(self, vocabulary: Vocabulary, problems: Problems, today: date, secret: bytes):
        self.vocabulary = vocabulary
        self.problems = problems
        self.today = today
        self.secret = secret  # for record keys; never stored
        self.parts: list[pd.DataFrame] = []
        self.seen = Occurrences()

    @classmethod
    def fields(cls) -> list[str]:
        return [*cls.required, *cls.optional]

    def add(self, columns: dict[str, Column]) -> None:
        raise NotImplementedError

    def finish(self) -> Aggregates | None:
        """The aggregates, or None when nothing valid was read."""
        raise NotImplementedError

    def _area(self, column: Column, levels: tuple[str, ...] | None = None) -> np.ndarray:
        codes = column.categories(self.vocabulary.values["area"], N_("onbekend gebied {value!r}"))
        if levels:
            level = np.array([self.vocabulary.area_level.get(c) if c else None for c in codes], dtype=object)
            wrong = np.flatnonzero(pd.notna(codes) & ~np.isin(level, levels))
            self.problems.add_rows(column.rows[wrong], column.header,
                                   lambda i: message(NOT_A_TEAM[level[wrong[i]]], code=codes[wrong[i]]))
            codes = np.where(np.isin(level, levels), codes, None)
        return codes

    def _record_keys(self, columns: dict[str, Column], identifier: str | None = None) -> np.ndarray:
        """A key per row from its identifier column or, without one, from its required fields and how
        often those fields occurred before in the file. Not from the row number: a later export that
        lists more records keeps the keys (and so the published figures) of the records it shares
        with the earlier one; and a wait keeps its key when its start date is filled in."""
        given = columns[identifier].texts() if identifier in columns else np.full(len(columns[self.required[0]].rows), "")
        texts = np.char.add("id ", given.astype(str)).astype(object)
        missing = np.flatnonzero(given == "")
        if len(missing):
            fields = [pd.Series(columns[name].texts()[missing]) for name in self.required]
            content = fields[0].str.cat(fields[1:], sep="|").to_numpy(dtype=object)
            texts[missing] = [f"fields {c}#{n}" for c, n in zip(content, self.seen.number(content))]
        return record_keys(self.secret, self.name, texts)


class Occurrences:
    """How often each text was seen before, across the chunks of a file: the n-th row with the same
    text gets n. Kept as sorted 64-bit hashes with counts, 16 bytes per distinct text."""

    def __init__(self) -> None:
        self.hashes = np.empty(0, dtype=np.uint64)
        self.counts = np.empty(0, dtype=np.int64)

    def number(self, texts: np.ndarray) -> np.ndarray:
        hashes = pd.util.hash_array(np.asarray(texts, dtype=object))
        if not len(hashes):
            return np.empty(0, dtype=np.int64)
        order = np.argsort(hashes, kind="stable")  # stable: equal texts stay in file order
        ordered = hashes[order]
        first = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        sizes = np.diff(np.r_[first, len(ordered)])
        unique = ordered[first]
        at = np.searchsorted(self.hashes, unique)
        known = at < len(self.hashes)
        known[known] = self.hashes[at[known]] == unique[known]
        before = np.zeros(len(unique), dtype=np.int64)
        before[known] = self.counts[at[known]]
        number = np.empty(len(hashes), dtype=np.int64)
        number[order] = np.arange(len(ordered)) - np.repeat(first, sizes) + np.repeat(before, sizes)
        self.counts[at[known]] += sizes[known]
        hashes_, counts_ = np.r_[self.hashes, unique[~known]], np.r_[self.counts, sizes[~known]]
        keep = np.argsort(hashes_, kind="stable")
        self.hashes, self.counts = hashes_[keep], counts_[keep]
        return number


def _months(values) -> list[date]:
    return [pd.Timestamp(v).date() for v in values]


class Contacts(Kind):
    name = "contacts"
    required = ("date", "area", "question_type", "channel", "outcome")
    optional = ("contact_id", "case_weight")

    def __init__(self, *args):
        super().__init__(*args)
        self.ids: list[tuple[np.ndarray, np.ndarray]] = []  # (hash, row) per chunk: 12 bytes a contact
        self.id_header = ""

    def add(self, columns: dict[str, Column]) -> None:
        for name in self.required:
            columns[name].require()
        when = columns["date"].dates(self.today)
        area = self._area(columns["area"])
        kind = columns["question_type"].categories(self.vocabulary.values["question_type"], N_("onbekend vraagtype {value!r}"))
        channel = columns["channel"].categories(self.vocabulary.values["channel"], N_("onbekend kanaal {value!r}"))
        outcome = columns["outcome"].categories(self.vocabulary.values["outcome"], N_("onbekende uitkomst {value!r}"))
        if "case_weight" in columns:
            columns["case_weight"].numbers(whole=True, low=1, high=3)  # checked; weight is stored per team, in caseload
        if "contact_id" in columns:
            self._remember_ids(columns["contact_id"])
        if self.problems:
            return  # the file will be refused; only keep finding problems
        records = pd.DataFrame({"area_code": area, "month": when.astype("datetime64[M]"), "question_type": kind,
                                "channel": channel, "dossier": outcome == "dossier",
                                "key": self._record_keys(columns, "contact_id")})
        self.parts.append(contact_sums(records))

    def _remember_ids(self, column: Column) -> None:
        hashes = pd.util.hash_array(np.array(column.uniques + [""], dtype=object))
        filled = column.codes >= 0
        filled[filled] = np.array([u != "" for u in column.uniques], dtype=bool)[column.codes[filled]]
        self.ids.append((hashes[column.codes[filled]], column.rows[filled].astype(np.int32)))
        self.id_header = column.header

    def finish(self) -> Aggregates | None:
        self._report_duplicate_ids()
        if self.problems or not self.parts:
            return None
        table = contact_rows(pd.concat(self.parts))
        table["month"] = _months(table["month"])
        return Aggregates({schema.contact_month: table}, min(table["month"]), max(table["month"]))

    def _report_duplicate_ids(self) -> None:
        if not self.ids:
            return
        # Sorting the hashes finds repeats in about 30 MB per million ids, far less than a hash table.
        hashes = np.concatenate([h for h, _ in self.ids])
        rows = np.concatenate([r for _, r in self.ids])
        self.ids = []
        order = np.argsort(hashes, kind="stable")  # stable: within equal ids, file order
        hashes = hashes[order]
        repeat = np.flatnonzero(hashes[1:] == hashes[:-1]) + 1
        if not len(repeat):
            return
        group_start = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
        first = rows[order[group_start[np.searchsorted(group_start, repeat, side="right") - 1]]]
        later = rows[order[repeat]]
        by_row = np.argsort(later)
        later, first = later[by_row], first[by_row]
        self.problems.add_rows(later, self.id_header,
                               lambda i: message(N_("dubbel contactnummer, ook op rij {row}"), row=int(first[i])))


CONTACT_CELLS = ["area_code", "month", "question_type", "channel"]
CONTACT_COUNTS = ["contacts", "short_interventions", "dossiers_opened"]


def contact_sums(records: pd.DataFrame) -> pd.DataFrame:
    """Counts and key sums per cell of contact records (columns of CONTACT_CELLS, ``dossier``, ``key``).

    Sums of chunks add up, so ``contact_rows`` can combine them."""
    dossier = records["dossier"].to_numpy(dtype=bool)
    key = records["key"].to_numpy(dtype=np.int64)
    parts = records[CONTACT_CELLS].assign(
        contacts=1, short_interventions=(~dossier).astype(np.int64), dossiers_opened=dossier.astype(np.int64),
        contacts_ckey=key, short_interventions_ckey=np.where(dossier, 0, key), dossiers_opened_ckey=np.where(dossier, key, 0),
    )
    return parts.groupby(CONTACT_CELLS, sort=False).sum().reset_index()


def contact_rows(sums: pd.DataFrame) -> pd.DataFrame:
    """The contact_month rows of one or more ``contact_sums``: counts with their keys modulo 2**32."""
    table = sums.groupby(CONTACT_CELLS, sort=True).sum().reset_index()
    for count in CONTACT_COUNTS:
        table[ckey(count)] %= KEY_MODULUS
    return table[[*CONTACT_CELLS, *(c for count in CONTACT_COUNTS for c in (count, ckey(count)))]].astype(
        {c: np.int64 for count in CONTACT_COUNTS for c in (count, ckey(count))})


class Waits(Kind):
    name = "waits"
    required = ("service", "area", "request_date")
    optional = ("start_date",)

    def add(self, columns: dict[str, Column]) -> None:
        for name in self.required:
            columns[name].require()
        service = columns["service"].categories(self.vocabulary.values["service"], N_("onbekende voorziening {value!r}"))
        area = self._area(columns["area"])
        requested = columns["request_date"].dates(self.today)
        if "start_date" in columns:
            started = columns["start_date"].dates(self.today)
            early = np.flatnonzero(started < requested)
            start = columns["start_date"]
            self.problems.add_rows(start.rows[early], start.header,
                                   lambda i: message(N_("start {start!r} ligt vóór de aanvraag {request!r}"),
                                                     start=start.text(early[i]), request=columns["request_date"].text(early[i])))
        else:
            started = np.full(len(requested), np.datetime64("NaT"), dtype="datetime64[D]")
        if self.problems:
            return
        has_start = ~np.isnat(started)
        days = (started - requested).astype("timedelta64[D]").astype(np.int64)
        bucket = np.array(schema.WAIT_BUCKETS)[np.searchsorted(schema.WAIT_BUCKETS[1:], days, side="right")]
        # People waiting at the end of a month: +1 from the month of the request, -1 from the month
        # help started; a running sum per area and service gives the waiting list.
        # Keys travel the same way: a person's key joins the list with the request and leaves it at the start.
        key = self._record_keys(columns)
        self.parts.append(pd.concat([
            pd.DataFrame({"area_code": area[has_start], "service": service[has_start],
                          "month": started[has_start].astype("datetime64[M]"), "bucket": bucket[has_start],
                          "started": 1, "change": -1, "started_ckey": key[has_start], "change_ckey": -key[has_start]}),
            pd.DataFrame({"area_code": area, "service": service, "month": requested.astype("datetime64[M]"),
                          "bucket": -1, "started": 0, "change": 1, "started_ckey": 0, "change_ckey": key}),
        ]).groupby(["area_code", "service", "month", "bucket"]).sum().reset_index())

    def finish(self) -> Aggregates | None:
        if self.problems or not self.parts:
            return None
        parts = pd.concat(self.parts).groupby(["area_code", "service", "month", "bucket"]).sum().reset_index()
        months = pd.period_range(parts["month"].min(), parts["month"].max(), freq="M").to_timestamp()
        started = parts[parts["bucket"] >= 0].groupby(["area_code", "month", "service", "bucket"])[["started", "started_ckey"]].sum()
        started = started[started["started"] > 0].reset_index()
        started["started_ckey"] %= KEY_MODULUS
        waitlist = None
        for column in ("change", "change_ckey"):
            change = parts.groupby(["area_code", "service", "month"])[column].sum().unstack(["area_code", "service"])
            running = change.reindex(months, fill_value=0).fillna(0).astype(np.int64).cumsum()
            running.index.name = "month"
            stacked = running.stack(["area_code", "service"], future_stack=True)
            waitlist = stacked.rename("waiting").reset_index() if waitlist is None else waitlist.assign(waiting_ckey=stacked.to_numpy() % KEY_MODULUS)
        started["month"] = _months(started["month"])
        waitlist["month"] = _months(waitlist["month"])
        # The months the file holds data for: those in which help started, and those with requests
        # from the first start on. Older requests are people already waiting when the export's period
        # began: they count in its waiting lists, but their months are not the export's to replace.
        starts = parts.loc[parts["bucket"] >= 0, "month"]
        requests = parts.loc[parts["bucket"] < 0, "month"]
        held = _months(sorted(set(starts) | set(requests[requests >= starts.min()] if len(starts) else requests)))
        return Aggregates(
            {schema.wait_month: started[["area_code", "month", "service", "bucket", "started", "started_ckey"]].astype(
                {"bucket": int, "started": int, "started_ckey": np.int64}),
             schema.waitlist_month: waitlist[["area_code", "month", "service", "waiting", "waiting_ckey"]]},
            held[0], held[-1], months=held,
        )


class Survey(Kind):
    name = "survey"
    required = ("wave", "area", "survey", "question", "answer")

    def add(self, columns: dict[str, Column]) -> None:
        for name in self.required:
            columns[name].require()
        wave = columns["wave"].numbers(whole=True, low=1990, high=self.today.year)
        area = self._area(columns["area"])
        survey = columns["survey"].categories(self.vocabulary.values["survey"], N_("onbekende enquête {value!r}"))
        question = columns["question"].categories_within(survey, self.vocabulary.questions,
                                                         N_("onbekende vraag {value!r} van enquête {group!r}"))
        answer = columns["answer"].scores(self.vocabulary.values["answer"])
        scale = np.array([self.vocabulary.scale.get((s, q)) for s, q in zip(survey, question)], dtype=object)
        low = np.array([SCALE_RANGE.get(s, (np.nan,))[0] for s in scale], dtype=float)
        high = np.array([SCALE_RANGE.get(s, (np.nan, np.nan))[1] for s in scale], dtype=float)
        off = np.flatnonzero(~np.isnan(answer) & ~np.isnan(low) & ((answer < low) | (answer > high) | (answer % 1 != 0)))
        column = columns["answer"]
        self.problems.add_rows(column.rows[off], column.header,
                               lambda i: message(N_("antwoord {value!r} is geen geheel getal van {low} tot en met {high} ({scale})"),
                                                 value=column.text(off[i]), low=int(low[off[i]]), high=int(high[off[i]]),
                                                 scale=scale[off[i]]))
        if self.problems:
            return
        positive = answer >= np.array([POSITIVE_FROM[s] for s in scale])
        key = self._record_keys(columns)
        answers = pd.DataFrame({"area_code": area, "wave": wave.astype(int), "survey": survey, "question": question,
                                "n": 1, "n_ckey": key, "n_positive": positive.astype(int),
                                "n_positive_ckey": np.where(positive, key, 0),
                                "sum_score": answer.astype(int), "sum_sq": (answer**2).astype(int)})
        self.parts.append(answers.groupby(["area_code", "wave", "survey", "question"]).sum().reset_index())

    def finish(self) -> Aggregates | None:
        if self.problems or not self.parts:
            return None
        table = pd.concat(self.parts).groupby(["area_code", "wave", "survey", "question"]).sum().reset_index()
        table[["n_ckey", "n_positive_ckey"]] %= KEY_MODULUS
        waves = sorted(set(zip(table["wave"].astype(int), table["survey"])))
        first, last = min(w for w, _ in waves), max(w for w, _ in waves)
        return Aggregates({schema.survey_result: table}, date(first, 1, 1), date(last, 12, 1), waves)


class Caseload(Kind):
    name = "caseload"
    required = ("area", "month", "staff", "fte", "open_dossiers", "dossiers_closed", "multi_problem", "integrated_plans")
    optional = ("weight_1", "weight_2", "weight_3")

    def add(self, columns: dict[str, Column]) -> None:
        for name in self.required:
            columns[name].require()
        team = self._area(columns["area"], levels=("team",))
        month = columns["month"].months(self.today)
        values = {name: columns[name].numbers(whole=name != "fte") for name in self.fields()[2:] if name in columns}
        open_, multi, plans = values["open_dossiers"], values["multi_problem"], values["integrated_plans"]
        weighted = sum(values[w] for w in ("weight_1", "weight_2", "weight_3") if w in values)
        checks = [(multi > open_, "multi_problem", N_("meer multiprobleemhuishoudens dan open dossiers")),
                  (plans > multi, "integrated_plans", N_("meer integrale plannen dan multiprobleemhuishoudens"))]
        if "weight_1" in values:  # NaN where a weight is missing compares False: only known totals are checked
            checks.append((weighted > open_, "weight_1", N_("meer dossiers naar zwaarte dan open dossiers")))
        for wrong, name, template in checks:
            column = columns[name]
            self.problems.add_rows(column.rows[wrong], column.header, lambda _, template=template: message(template))
        self.parts.append(pd.DataFrame({"team_code": team, "month": month, "row": columns["area"].rows,
                                        **{name: values.get(name) for name in self.fields()[2:]}}))

    def finish(self) -> Aggregates | None:
        rows = pd.concat(self.parts, ignore_index=True) if self.parts else pd.DataFrame()
        if not rows.empty:
            known = rows.dropna(subset=["team_code", "month"])
            twice = known[known.duplicated(["team_code", "month"], keep="first")]
            first = known.groupby(["team_code", "month"])["row"].transform("min")[twice.index].to_numpy()
            self.problems.add_rows(twice["row"].to_numpy(), None,
                                   lambda i: message(N_("een tweede rij voor {team} in {month} (de eerste staat op rij {row})"),
                                                     team=twice["team_code"].iloc[i],
                                                     month=f"{pd.Timestamp(twice['month'].iloc[i]):%Y-%m}", row=int(first[i])))
        if self.problems or rows.empty:
            return None
        rows["month"] = _months(rows["month"])
        table = with_caseload_keys(rows.drop(columns="row"), self.secret)
        table = table.astype(object).where(table.notna(), None)
        return Aggregates({schema.caseload_month: table}, min(rows["month"]), max(rows["month"]))


CASELOAD_COUNTS = ("open_dossiers", "dossiers_closed", "weight_1", "weight_2", "weight_3", "multi_problem", "integrated_plans")


def with_caseload_keys(table: pd.DataFrame, secret: bytes) -> pd.DataFrame:
    """Caseload arrives as one row per team and month, not as records: each of its counts gets the
    key of that row and count, so roll-ups over teams and months still have additive cell keys.
    Staff numbers describe the organisation, not clients, and are published as they are."""
    table = table.copy()
    table[["staff", *CASELOAD_COUNTS]] = table[["staff", *CASELOAD_COUNTS]].astype("Int64")
    names = table["team_code"].astype(str) + " " + pd.to_datetime(pd.Series(table["month"])).dt.strftime("%Y-%m").to_numpy()
    for count in CASELOAD_COUNTS:
        table[ckey(count)] = pd.array(record_keys(secret, "caseload", names + " " + count), dtype="Int64")
        table.loc[table[count].isna(), ckey(count)] = pd.NA
    return table


KINDS = {kind.name: kind for kind in (Contacts, Waits, Survey, Caseload)}
# What a load holds, as a report names it ("1.234 rijen contacten"); population comes from CBS.
KIND_NAMES = {
    "contacts": N_("contacten"),
    "waits": N_("wachttijden"),
    "survey": N_("enquête"),
    "caseload": N_("caseload"),
    "population": N_("inwonertallen"),
}
