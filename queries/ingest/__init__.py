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
from queries.ingest.kinds import KINDS, Aggregates
from queries.ingest.validation import Column, Problems
from queries.ingest.vocabulary import ALIAS_FILE, normalise
from queries.periods import month_key

__all__ = ["KINDS", "IngestError", "Report", "ingest"]


class IngestError(ValueError):
    """The file is refused; ``problems`` lists why (row and column where it applies)."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


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
    plan: str = ""  # what the load replaces (or would), as said before writing

    def text(self) -> str:
        if self.status == "already loaded":
            return f"{self.file_name} was already loaded ({self.kind}, {self._period()}); nothing changed."
        verb = "Loaded" if self.status == "loaded" else "Checked (dry run, nothing written)"
        lines = [f"{verb} {self.file_name}: {self.rows_read:,} row{'s' if self.rows_read != 1 else ''} of {self.kind}, {self._period()}, "
                 f"{self.rows_written:,} aggregate rows" + (" written." if self.status == "loaded" else " to write.")]
        if self.ignored:
            lines.append(f"Ignored columns: {', '.join(self.ignored)}")
        return "\n".join(lines)

    def _period(self) -> str:
        if self.first is None:
            return "no period"
        if self.kind == "survey":
            return f"wave {self.first.year}" + (f"-{self.last.year}" if self.last.year != self.first.year else "")
        return f"{month_key(self.first)} to {month_key(self.last)}"


def ingest(url: str, path: Path, kind: str, *, dry_run: bool = False, sheet: str | None = None,
           today: date | None = None, alias_file: Path = ALIAS_FILE, say: Callable[[str], None] | None = None,
           secret: bytes | None = None) -> Report:
    """Check ``path`` as an export of ``kind`` and, unless ``dry_run``, load it into the database at ``url``.
    ``say`` hears what the load will replace before anything is written (also in a dry run). ``secret``
    keys the records; by default the deployment's (config.key_secret)."""
    today = today or date.today()
    secret = secret or config.key_secret()
    try:
        source = reading.inspect(Path(path), sheet)
    except reading.ReadError as error:
        raise IngestError(str(error)) from None
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
            raise IngestError(str(error)) from None
        aggregates, rows_read, ignored = _read(source, kind, words, today, secret)
        plan = writing.plan(db, kind, aggregates)
        if say:
            say(plan.text())
        report = Report("checked", name, kind, rows_read, plan.rows, aggregates.first, aggregates.last, ignored,
                        plan.text())
        if not dry_run:
            # The load log keeps the name only when it cannot identify anyone (privacy.file_label).
            label = privacy.file_label(name, source.sha256, _area_words(words))
            try:
                writing.write(db, kind, label, source.sha256, aggregates, rows_read)
            except writing.WriteError as error:
                raise IngestError(f"{name}: {error}") from None
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
        raise IngestError(str(error)) from None
    if mapping is None:
        _columns(source, kind, words)
    # Before any other problem: those quote values, and a file with personal data is not to be fixed
    # row by row but exported again without it.
    _refuse_personal_values(source, scanner)
    if rows_read == 0:
        raise IngestError(f"{source.path.name} has a header but no rows")
    aggregates = reader.finish()
    if problems or aggregates is None:
        raise IngestError(
            f"{source.path.name}: {problems.total:,} problem{'s' if problems.total != 1 else ''}; nothing was loaded",
            problems.lines(),
        )
    ignored = [h for i, h in enumerate(source.header) if i not in mapping.values()]
    return aggregates, rows_read, ignored


def _columns(source: reading.Source, kind: str, words: vocabulary.Vocabulary) -> dict[str, int]:
    """Field -> column position, after refusing personal data and reporting missing columns."""
    name = source.path.name
    personal = [(h, what) for h in source.header if (what := privacy.personal_header(h))]
    if personal:
        raise IngestError(
            f"{name} contains personal data and is refused; remove these columns and export again",
            [f"column {h!r}: {what}" for h, what in personal],
        )
    mapping: dict[str, int] = {}
    problems = []
    for i, header in enumerate(source.header):
        field_name = words.columns.get(normalise(header))
        if field_name is None:
            continue
        if field_name in mapping:
            problems.append(f"columns {source.header[mapping[field_name]]!r} and {header!r} are both the {field_name} column")
        mapping[field_name] = i
    spare = [h for i, h in enumerate(source.header) if i not in mapping.values()]
    for field_name in KINDS[kind].required:
        if field_name not in mapping:
            aliases = [key for key, code in words.columns.codes.items() if code == field_name]
            near = [h for h in spare if difflib.get_close_matches(words.columns.key(h), aliases, n=1, cutoff=0.75)]
            hint = f"; is {near[0]!r} meant?" if near else ""
            problems.append(f"missing column {field_name!r} (for instance {_dutch_header(field_name)!r}){hint}")
    if problems:
        raise IngestError(f"{name} is not a {kind} export as described in docs/importing-data.md", problems)
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
            f"{source.path.name} is refused: it holds personal data (values that identify people); "
            "remove them in the export settings and export again",
            findings,
        )
