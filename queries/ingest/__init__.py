"""Loading registration-system exports: read, refuse personal data, validate every row, aggregate,
and write the aggregates in one transaction. docs/importing-data.md describes the formats.

The order matters: nothing is written until the whole file has been read and found valid, so a
refused file leaves the database exactly as it was.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from queries import config
from queries.database import Database
from queries.ingest import privacy, reading, vocabulary, writing
from queries.ingest.kinds import KIND_NAMES, KINDS, Aggregates
from queries.ingest.validation import Column, Problems
from queries.ingest.vocabulary import ALIAS_FILE, normalise
from queries.messages import DUTCH, N_, Message, Translator, UserError, lines, message, ngettext
from queries.periods import month_key

__all__ = ["KINDS", "IngestError", "Report", "ingest"]


class IngestError(UserError, ValueError):
    """The file is refused; ``problems`` lists why (row and column where it applies)."""


@dataclass
class Report:
    status: str  # "loaded", "checked" (dry run) or "already loaded"
    file_name: str
    kind: str
    rows_read: int = 0
    rows_written: int = 0
    first: date | None = None
    last: date | None = None
    ignored: list[str] = field(default_factory=list)
    plan: list[Message] = field(default_factory=list)  # what the load replaces (or would), as said before writing

    def text(self, translator: Translator = DUTCH) -> str:
        return lines(self.lines(), translator)

    def lines(self) -> list[Message]:
        what = {"file": self.file_name, "kind": message(KIND_NAMES.get(self.kind, self.kind)), "period": self._period(),
                "rows": self.rows_read, "written": self.rows_written}
        if self.status == "already loaded":
            return [message(N_("{file} was al geladen ({kind}, {period}); er is niets veranderd."), **what)]
        if self.status == "loaded":
            template = ngettext("{file} geladen: {rows:,} rij {kind}, {period}, {written:,} geaggregeerde rijen geschreven.",
                               "{file} geladen: {rows:,} rijen {kind}, {period}, {written:,} geaggregeerde rijen geschreven.",
                               self.rows_read)
        else:
            template = ngettext("{file} gecontroleerd (proefrun, niets geschreven): {rows:,} rij {kind}, {period}, "
                               "{written:,} geaggregeerde rijen te schrijven.",
                               "{file} gecontroleerd (proefrun, niets geschreven): {rows:,} rijen {kind}, {period}, "
                               "{written:,} geaggregeerde rijen te schrijven.", self.rows_read)
        said = [message(template, **what)]
        if self.ignored:
            said.append(message(N_("Genegeerde kolommen: {columns}"), columns=", ".join(self.ignored)))
        return said

    def _period(self) -> Message:
        if self.first is None:
            return message(N_("geen periode"))
        if self.kind == "survey":
            if self.last.year != self.first.year:
                return message(N_("metingen {first}-{last}"), first=self.first.year, last=self.last.year)
            return message(N_("meting {year}"), year=self.first.year)
        return message(N_("{first} tot en met {last}"), first=month_key(self.first), last=month_key(self.last))


def ingest(url: str, path: Path, kind: str, *, dry_run: bool = False, sheet: str | None = None,
           today: date | None = None, alias_file: Path = ALIAS_FILE, say: Callable[[Message], None] | None = None,
           secret: bytes | None = None) -> Report:
    """Check ``path`` as an export of ``kind`` and, unless ``dry_run``, load it into the database at ``url``.
    ``say`` hears what the load will replace, line by line, before anything is written (also in a dry run). ``secret``
    keys the records; by default the deployment's (config.key_secret)."""
    today = today or date.today()
    secret = secret or config.key_secret()
    try:
        source = reading.inspect(Path(path), sheet)
    except reading.ReadError as error:
        raise IngestError(error.message) from None
    db = Database(url)
    try:
        db.check()
        name = source.path.name
        if (earlier := writing.previous_load(db, kind, source.sha256)) is not None:
            return Report("already loaded", name, kind, int(earlier["rows_read"]), int(earlier["rows_written"]),
                          earlier["period_first"], earlier["period_last"])
        try:
            words = vocabulary.load(db, kind, KINDS[kind].fields(), alias_file)
        except vocabulary.AliasError as error:
            raise IngestError(error.message) from None
        aggregates, rows_read, ignored = _read(source, kind, words, today, secret)
        plan = writing.plan(db, kind, aggregates)
        if say:
            for line in plan.lines():
                say(line)
        report = Report("checked", name, kind, rows_read, plan.rows, aggregates.first, aggregates.last, ignored,
                        plan.lines())
        if not dry_run:
            # The load log keeps the name only when it cannot identify anyone (privacy.file_label).
            label = privacy.file_label(name, source.sha256, _area_words(words))
            try:
                writing.write(db, kind, label, source.sha256, aggregates, rows_read)
            except writing.WriteError as error:
                raise IngestError(N_("{file}: {reason}"), file=name, reason=error.message) from None
            report.status = "loaded"
        return report
    finally:
        db.dispose()


def _area_words(words: vocabulary.Vocabulary) -> set[str]:
    """The words of the municipality's area names and codes, which a file name may contain."""
    return {token for key in words.values["area"].codes for token in key.split()}


def _read(source: reading.Source, kind: str, words: vocabulary.Vocabulary, today: date, secret: bytes) -> tuple[Aggregates, int, list[str]]:
    problems = Problems()
    reader = KINDS[kind](words, problems, today, secret)
    mapping: dict[str, int] | None = None
    scanner: privacy.Scanner | None = None
    rows_read = 0
    try:
        for chunk in reading.chunks(source):
            if mapping is None:
                mapping = _columns(source, kind, words)
                scanner = privacy.Scanner(source.header)
            scanner.scan(chunk)
            if scanner.certain():
                _refuse_personal_values(source, scanner)
            frame = chunk.frame
            reader.add({name: Column(source.header[i], frame.iloc[:, i], problems) for name, i in mapping.items()})
            rows_read += len(frame)
    except reading.ReadError as error:
        raise IngestError(error.message) from None
    if mapping is None:
        _columns(source, kind, words)
    # Before any other problem: those quote values, and a file with personal data is not to be fixed
    # row by row but exported again without it.
    _refuse_personal_values(source, scanner)
    if rows_read == 0:
        raise IngestError(N_("{file} heeft een kopregel maar geen rijen"), file=source.path.name)
    aggregates = reader.finish()
    if problems or aggregates is None:
        raise IngestError(ngettext("{file}: {n:,} probleem; er is niets geladen", "{file}: {n:,} problemen; er is niets geladen",
                                   problems.total),
                          file=source.path.name, n=problems.total, problems=problems.lines())
    ignored = [h for i, h in enumerate(source.header) if i not in mapping.values()]
    return aggregates, rows_read, ignored


def _columns(source: reading.Source, kind: str, words: vocabulary.Vocabulary) -> dict[str, int]:
    """Field -> column position, after refusing personal data and reporting missing columns."""
    name = source.path.name
    personal = [(h, what) for h in source.header if (what := privacy.personal_header(h))]
    if personal:
        raise IngestError(
            N_("{file} bevat persoonsgegevens en wordt geweigerd; verwijder deze kolommen en exporteer opnieuw"),
            file=name, problems=[privacy.personal_column(h, what) for h, what in personal],
        )
    mapping: dict[str, int] = {}
    problems = []
    for i, header in enumerate(source.header):
        field_name = words.columns.get(normalise(header))
        if field_name is None:
            continue
        if field_name in mapping:
            problems.append(message(N_("de kolommen {first!r} en {second!r} zijn allebei de kolom {field}"),
                                    first=source.header[mapping[field_name]], second=header, field=field_name))
        mapping[field_name] = i
    spare = [h for i, h in enumerate(source.header) if i not in mapping.values()]
    for field_name in KINDS[kind].required:
        if field_name not in mapping:
            aliases = [key for key, code in words.columns.codes.items() if code == field_name]
            near = [h for h in spare if difflib.get_close_matches(words.columns.key(h), aliases, n=1, cutoff=0.75)]
            missing = {"field": field_name, "example": _dutch_header(field_name)}
            if near:
                problems.append(message(N_("kolom {field!r} ontbreekt (bijvoorbeeld {example!r}); is {near!r} bedoeld?"),
                                        near=near[0], **missing))
            else:
                problems.append(message(N_("kolom {field!r} ontbreekt (bijvoorbeeld {example!r})"), **missing))
    if problems:
        raise IngestError(N_("{file} is geen export voor --kind {kind} zoals beschreven in docs/importing-data.md"),
                          file=name, kind=kind, problems=problems)
    return mapping


def _dutch_header(field_name: str) -> str:
    return {"date": "datum", "area": "gebied", "question_type": "vraagtype", "channel": "kanaal", "outcome": "uitkomst",
            "service": "dienst", "request_date": "aanvraagdatum", "start_date": "startdatum", "wave": "golf",
            "survey": "enquete", "question": "vraag", "answer": "antwoord", "month": "maand", "staff": "medewerkers",
            "fte": "fte", "open_dossiers": "open dossiers", "dossiers_closed": "afgesloten dossiers",
            "multi_problem": "multiprobleem", "integrated_plans": "integraal plan"}.get(field_name, field_name)


def _refuse_personal_values(source: reading.Source, scanner: privacy.Scanner | None) -> None:
    findings = scanner.findings() if scanner else []
    if findings:
        raise IngestError(
            N_("{file} wordt geweigerd: het bevat persoonsgegevens (waarden die mensen identificeren); haal die weg in "
               "de exportinstellingen en exporteer opnieuw"),
            file=source.path.name, problems=findings,
        )
