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
from queries.ingest.validation import Column, Problems
from queries.ingest.vocabulary import Vocabulary

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

    def __init__(self, vocabulary: Vocabulary, problems: Problems, today: date):
        self.vocabulary = vocabulary
        self.problems = problems
        self.today = today
        self.parts: list[pd.DataFrame] = []

    @classmethod
    def fields(cls) -> list[str]:
        return [*cls.required, *cls.optional]

    def add(self, columns: dict[str, Column]) -> None:
        raise NotImplementedError

    def finish(self) -> Aggregates | None:
        """The aggregates, or None when nothing valid was read."""
        raise NotImplementedError

    def _area(self, column: Column, levels: tuple[str, ...] | None = None) -> np.ndarray:
        codes = column.categories(self.vocabulary.values["area"], "area")
        if levels:
            level = np.array([self.vocabulary.area_level.get(c) if c else None for c in codes], dtype=object)
            wrong = np.flatnonzero(pd.notna(codes) & ~np.isin(level, levels))
            self.problems.add_rows(column.rows[wrong], column.header,
                                   lambda i: f"{codes[wrong[i]]} is a {level[wrong[i]]}, not a team area")
            codes = np.where(np.isin(level, levels), codes, None)
        return codes


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
        kind = columns["question_type"].categories(self.vocabulary.values["question_type"], "question type")
        channel = columns["channel"].categories(self.vocabulary.values["channel"], "channel")
        outcome = columns["outcome"].categories(self.vocabulary.values["outcome"], "outcome")
        if "case_weight" in columns:
            columns["case_weight"].numbers(whole=True, low=1, high=3)  # checked; weight is stored per team, in caseload
        if "contact_id" in columns:
            self._remember_ids(columns["contact_id"])
        if self.problems:
            return  # the file will be refused; only keep finding problems
        records = pd.DataFrame({"area_code": area, "month": when.astype("datetime64[M]"), "question_type": kind,
                                "channel": channel, "dossier": outcome == "dossier"})
        self.parts.append(records.groupby(["area_code", "month", "question_type", "channel"])["dossier"]
                          .agg(contacts="size", dossiers_opened="sum").reset_index())

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
        keys = ["area_code", "month", "question_type", "channel"]
        totals = pd.concat(self.parts).groupby(keys, sort=True)[["contacts", "dossiers_opened"]].sum().reset_index()
        totals["short_interventions"] = totals["contacts"] - totals["dossiers_opened"]
        totals["month"] = _months(totals["month"])
        table = totals[[*keys, "contacts", "short_interventions", "dossiers_opened"]].astype(
            {"contacts": int, "short_interventions": int, "dossiers_opened": int})
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
        self.problems.add_rows(later, self.id_header, lambda i: f"duplicate contact id, also on row {first[i]}")


class Waits(Kind):
    name = "waits"
    required = ("service", "area", "request_date")
    optional = ("start_date",)

    def add(self, columns: dict[str, Column]) -> None:
        for name in self.required:
            columns[name].require()
        service = columns["service"].categories(self.vocabulary.values["service"], "service")
        area = self._area(columns["area"])
        requested = columns["request_date"].dates(self.today)
        if "start_date" in columns:
            started = columns["start_date"].dates(self.today)
            early = np.flatnonzero(started < requested)
            start = columns["start_date"]
            self.problems.add_rows(start.rows[early], start.header,
                                   lambda i: f"start {start.text(early[i])!r} before the request "
                                             f"{columns['request_date'].text(early[i])!r}")
        else:
            started = np.full(len(requested), np.datetime64("NaT"), dtype="datetime64[D]")
        if self.problems:
            return
        has_start = ~np.isnat(started)
        days = (started - requested).astype("timedelta64[D]").astype(np.int64)
        bucket = np.array(schema.WAIT_BUCKETS)[np.searchsorted(schema.WAIT_BUCKETS[1:], days, side="right")]
        # People waiting at the end of a month: +1 from the month of the request, -1 from the month
        # help started; a running sum per area and service gives the waiting list.
        self.parts.append(pd.concat([
            pd.DataFrame({"area_code": area[has_start], "service": service[has_start],
                          "month": started[has_start].astype("datetime64[M]"), "bucket": bucket[has_start],
                          "started": 1, "change": -1}),
            pd.DataFrame({"area_code": area, "service": service, "month": requested.astype("datetime64[M]"),
                          "bucket": -1, "started": 0, "change": 1}),
        ]).groupby(["area_code", "service", "month", "bucket"])[["started", "change"]].sum().reset_index())

    def finish(self) -> Aggregates | None:
        if self.problems or not self.parts:
            return None
        parts = pd.concat(self.parts).groupby(["area_code", "service", "month", "bucket"]).sum().reset_index()
        months = pd.period_range(parts["month"].min(), parts["month"].max(), freq="M").to_timestamp()
        started = parts[parts["bucket"] >= 0].groupby(["area_code", "month", "service", "bucket"])["started"].sum()
        started = started[started > 0].reset_index()
        change = parts.groupby(["area_code", "service", "month"])["change"].sum().unstack(["area_code", "service"])
        waiting = change.reindex(months, fill_value=0).fillna(0).cumsum().astype(int)
        waiting.index.name = "month"
        waitlist = waiting.stack(["area_code", "service"], future_stack=True).rename("waiting").reset_index()
        started["month"] = _months(started["month"])
        waitlist["month"] = _months(waitlist["month"])
        # The months the file holds data for: those in which help started, and those with requests
        # from the first start on. Older requests are people already waiting when the export's period
        # began: they count in its waiting lists, but their months are not the export's to replace.
        starts = parts.loc[parts["bucket"] >= 0, "month"]
        requests = parts.loc[parts["bucket"] < 0, "month"]
        held = _months(sorted(set(starts) | set(requests[requests >= starts.min()] if len(starts) else requests)))
        return Aggregates(
            {schema.wait_month: started[["area_code", "month", "service", "bucket", "started"]].astype({"bucket": int, "started": int}),
             schema.waitlist_month: waitlist[["area_code", "month", "service", "waiting"]]},
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
        survey = columns["survey"].categories(self.vocabulary.values["survey"], "survey")
        question = columns["question"].categories_within(survey, self.vocabulary.questions, "question", "survey")
        answer = columns["answer"].scores(self.vocabulary.values["answer"])
        scale = np.array([self.vocabulary.scale.get((s, q)) for s, q in zip(survey, question)], dtype=object)
        low = np.array([SCALE_RANGE.get(s, (np.nan,))[0] for s in scale], dtype=float)
        high = np.array([SCALE_RANGE.get(s, (np.nan, np.nan))[1] for s in scale], dtype=float)
        off = np.flatnonzero(~np.isnan(answer) & ~np.isnan(low) & ((answer < low) | (answer > high) | (answer % 1 != 0)))
        column = columns["answer"]
        self.problems.add_rows(column.rows[off], column.header,
                               lambda i: f"answer {column.text(off[i])!r} is not a whole number from "
                                         f"{low[off[i]]:.0f} to {high[off[i]]:.0f} ({scale[off[i]]})")
        if self.problems:
            return
        positive = answer >= np.array([POSITIVE_FROM[s] for s in scale])
        answers = pd.DataFrame({"area_code": area, "wave": wave.astype(int), "survey": survey, "question": question,
                                "n": 1, "n_positive": positive.astype(int), "sum_score": answer.astype(int),
                                "sum_sq": (answer**2).astype(int)})
        self.parts.append(answers.groupby(["area_code", "wave", "survey", "question"]).sum().reset_index())

    def finish(self) -> Aggregates | None:
        if self.problems or not self.parts:
            return None
        table = pd.concat(self.parts).groupby(["area_code", "wave", "survey", "question"]).sum().reset_index()
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
        for wrong, name, text in ((multi > open_, "multi_problem", "more multi-problem households than open dossiers"),
                                  (plans > multi, "integrated_plans", "more integrated plans than multi-problem households")):
            column = columns[name]
            self.problems.add_rows(column.rows[wrong], column.header, lambda _, text=text: text)
        self.parts.append(pd.DataFrame({"team_code": team, "month": month, "row": columns["area"].rows,
                                        **{name: values.get(name) for name in self.fields()[2:]}}))

    def finish(self) -> Aggregates | None:
        rows = pd.concat(self.parts, ignore_index=True) if self.parts else pd.DataFrame()
        if not rows.empty:
            known = rows.dropna(subset=["team_code", "month"])
            twice = known[known.duplicated(["team_code", "month"], keep="first")]
            first = known.groupby(["team_code", "month"])["row"].transform("min")[twice.index].to_numpy()
            self.problems.add_rows(twice["row"].to_numpy(), None,
                                   lambda i: f"a second row for {twice['team_code'].iloc[i]} in "
                                             f"{pd.Timestamp(twice['month'].iloc[i]):%Y-%m} (first on row {first[i]})")
        if self.problems or rows.empty:
            return None
        rows["month"] = _months(rows["month"])
        table = rows.drop(columns="row")
        counts = [c for c in table.columns if c not in ("team_code", "month", "fte")]
        table[counts] = table[counts].astype("Int64")
        table = table.astype(object).where(table.notna(), None)
        return Aggregates({schema.caseload_month: table}, min(rows["month"]), max(rows["month"]))


KINDS = {kind.name: kind for kind in (Contacts, Waits, Survey, Caseload)}
