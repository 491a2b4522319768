"""The `wijkmonitor` command: build the demo, serve the dashboard, print key figures, load boundaries.

Wrong input ends with exit status 2 and one line on standard error, never a traceback.

It speaks the language of the Unix convention: the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG
that names a language Wijkmonitor has (``LANG=en_GB.UTF-8``), else Dutch; `figures --lang` chooses
for its own output. Help, messages and argparse's own words follow it (see ARGPARSE_WORDS).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from dashboard import format as fmt
from dashboard import i18n, messages
from dashboard.i18n import N_, _, ngettext
from queries import areas, benchmark, config, demo, ingest, loads, page_timings
from queries.boundaries import LEVELS, import_boundaries
from queries.config import ConfigError
from queries.contacts import KeyFigures, key_figures
from queries.database import Database, DatabaseError, explain
from queries.ingest.population import import_from_cbs, import_population
from queries.messages import Message, UserError, message
from queries.periods import Period, PeriodError, month_key, parse_month

APP = Path(__file__).resolve().parent / "app.py"
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# argparse's own words, which Python translates only through a system catalogue that Dutch lacks:
# the ones a Wijkmonitor user meets, by argparse's English text (CPython's Lib/argparse.py). Words
# not listed (argparse's errors for mistakes in this file's own parser) stay English.
ARGPARSE_WORDS = {
    "usage: ": N_("gebruik: "),
    "positional arguments": N_("argumenten"),
    "options": N_("opties"),
    "show this help message and exit": N_("toon deze hulp en stop"),
    "the following arguments are required: %s": N_("deze argumenten ontbreken: %s"),
    "one of the arguments %s is required": N_("een van de argumenten %s is nodig"),
    "not allowed with argument %s": N_("niet samen met argument %s"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_("ongeldige keuze: %(value)r (kies uit %(choices)s)"),
    "expected one argument": N_("verwacht één waarde"),
    "ambiguous option: %(option)s could match %(matches)s": N_("dubbelzinnige optie: %(option)s kan %(matches)s zijn"),
}


class UsageError(UserError, ValueError):
    """The command line asks for something that cannot be done."""


def language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the command: the first of the Unix variables that names one Wijkmonitor has
    (LANGUAGE may list several, "en_GB:nl"; "C" and "POSIX" name none), else Dutch."""
    environ = os.environ if environ is None else environ
    for variable in LANGUAGE_VARIABLES:
        for entry in environ.get(variable, "").split(":"):
            code = re.split(r"[_.@-]", entry.strip(), maxsplit=1)[0].lower()
            if code in i18n.LANGUAGES:
                return code
    return i18n.DEFAULT


@contextmanager
def _argparse_words():
    """argparse's messages in the active language while a parser is built or used."""
    english = argparse._
    argparse._ = lambda text: _(ARGPARSE_WORDS[text]) if text in ARGPARSE_WORDS else english(text)
    try:
        yield
    finally:
        argparse._ = english


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        with _argparse_words():
            super().__init__(*args, **kwargs)

    def parse_known_args(self, args=None, namespace=None):
        with _argparse_words():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _argparse_words():
            return super().format_usage()

    def format_help(self) -> str:
        with _argparse_words():
            return super().format_help()

    def error(self, message: str):  # one line instead of argparse's usage block
        self.exit(2, _("{prog}: fout: {message} (zie {prog} --help)").format(prog=self.prog, message=message) + "\n")


def main(argv: list[str] | None = None) -> int:
    with i18n.language(language()):
        parser = _parser()
        args, extra = parser.parse_known_args(argv)
        if extra and args.command != "serve":
            parser.error(_("onbekende argumenten: {arguments}").format(arguments=" ".join(extra)))
        with i18n.language(getattr(args, "lang", None) or i18n.current()):
            try:
                return args.handler(args, extra)
            except UserError as error:
                return _fail(args.command, error.message, error.problems)
            except (DBAPIError, PoolTimeout) as error:
                # A write that the database refused (locked by another writer, read-only file, a table
                # missing): the transaction is rolled back, so nothing was written.
                return _fail(args.command, explain(error, _where(args)))
            except BrokenPipeError:
                # The reader stopped reading (`| head`): nothing to report. Point stdout at nothing so
                # the flush at exit cannot fail again (the recipe in Python's signal documentation).
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                return 1


def _fail(command: str, said: Message, problems: list[Message] = ()) -> int:
    """One line on standard error, and a refused file's problems indented below it; status 2."""
    print(_("wijkmonitor {command}: fout: {message}").format(command=command, message=messages.text(said)), file=sys.stderr)
    for problem in problems:
        print(f"  {messages.text(problem)}", file=sys.stderr)
    return 2


def _where(args) -> str | Message:
    """The database a command used, named for a message."""
    try:
        database = Database(_setting(args).url)
    except (ConfigError, DatabaseError):
        return message(N_("de database"))
    return database.display_url


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wijkmonitor", description=_("Dashboard voor sociale wijkteams."))
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    database_help = _("database-URL (standaard: ${variable}, secrets.toml of de ingebouwde demo)").format(
        variable=config.DATABASE_URL_VARIABLE)
    month, file, count = _("JJJJ-MM"), _("BESTAND"), "N"

    build = commands.add_parser("demo", help=_("bouw de demodatabase (Schiedam, 2015-2025)"))
    build.add_argument("--db", metavar="URL", help=database_help)
    build.add_argument("--force", action="store_true", help=_("vervang een bestaande Wijkmonitor-database"))
    build.set_defaults(handler=_demo)

    serve = commands.add_parser(
        "serve",
        help=_("start het dashboard; verdere argumenten gaan naar `streamlit run`"),
        description=_("Start het dashboard. Bouwt eerst de ingebouwde demodatabase als die ontbreekt. Verdere argumenten "
                      "(bijv. --server.port 8080) en STREAMLIT_*-variabelen gaan naar Streamlit."),
    )
    serve.add_argument("--db", metavar="URL", help=database_help)
    serve.set_defaults(handler=_serve)

    figures = commands.add_parser("figures", help=_("toon de kerncijfers van een periode"))
    figures.add_argument("--from", dest="first", required=True, type=_month, metavar=month,
                         help=_("eerste maand van de periode"))
    figures.add_argument("--to", dest="last", required=True, type=_month, metavar=month,
                         help=_("laatste maand van de periode"))
    figures.add_argument("--area", metavar=_("CODE"), help=_("gebiedscode (standaard: de hele gemeente)"))
    figures.add_argument("--json", action="store_true", help=_("geef JSON in plaats van een tabel"))
    figures.add_argument("--lang", choices=sorted(i18n.LANGUAGES),
                         help=_("taal van labels en getallen (standaard: uit LANGUAGE of LANG, anders nl)"))
    figures.add_argument("--db", metavar="URL", help=database_help)
    figures.set_defaults(handler=_figures)

    sheet = commands.add_parser(
        "factsheet", help=_("maak de persbriefing van een periode als PDF (A4) of als PNG-afbeeldingen"),
        description=_("Maak de factsheet van de pagina Persbriefing: kerncijfers, zinnen, kaart en verloop. Met "
                      "--out BESTAND.pdf een toegankelijke PDF van één A4-pagina; met --out BESTAND.png een "
                      "afbeelding per grafiek (BESTAND-kaart.png, BESTAND-verloop.png)."),
    )
    sheet.add_argument("--from", dest="first", required=True, type=_month, metavar=month,
                       help=_("eerste maand van de periode"))
    sheet.add_argument("--to", dest="last", required=True, type=_month, metavar=month,
                       help=_("laatste maand van de periode"))
    sheet.add_argument("--area", metavar=_("CODE"), help=_("gebiedscode (standaard: de hele gemeente)"))
    sheet.add_argument("--theme", metavar=_("CODE"), help=_("themacode (standaard: alle thema's)"))
    sheet.add_argument("--lang", choices=sorted(i18n.LANGUAGES),
                       help=_("taal van de factsheet (standaard: uit LANGUAGE of LANG, anders nl)"))
    sheet.add_argument("--out", required=True, type=Path, metavar=file, help=_("BESTAND.pdf of BESTAND.png"))
    sheet.add_argument("--width", type=_whole, default=1600, metavar=count,
                       help=_("breedte van een PNG-afbeelding in pixels (standaard {default})").format(default=1600))
    sheet.add_argument("--db", metavar="URL", help=database_help)
    sheet.set_defaults(handler=_factsheet)

    geo = commands.add_parser(
        "import-geo",
        help=_("laad wijk- of buurtgrenzen uit de CBS-kaart (GeoJSON of GeoPackage)"),
        description=_("Laad echte grenzen uit de Wijk- en buurtkaart van het CBS, in RD New of WGS84. Wijkteamgebieden "
                      "en de gemeente krijgen hun wijken samengevoegd als vorm. Er wordt niets geschreven als het "
                      "bestand niet bruikbaar is."),
    )
    geo.add_argument("file", type=Path, metavar=file)
    geo.add_argument("--level", choices=sorted(LEVELS), default="district", help=_("welke gebieden het bestand bevat"))
    geo.add_argument("--layer", metavar=_("LAAG"), help=_("laag van een GeoPackage (standaard: wijken of buurten, anders de eerste)"))
    geo.add_argument("--db", metavar="URL", help=database_help)
    geo.set_defaults(handler=_import_geo)

    load = commands.add_parser("ingest", help=_("laad een export uit het registratiesysteem (zie docs/importing-data.md)"))
    load.add_argument("file", type=Path, metavar=file, help=_("export als CSV of XLSX"))
    load.add_argument("--kind", required=True, choices=sorted(ingest.KINDS), help=_("wat de export bevat"))
    load.add_argument("--dry-run", action="store_true", help=_("controleer het bestand en meld de uitkomst, schrijf niets"))
    load.add_argument("--sheet", metavar=_("NAAM"), help=_("werkblad van een Excel-bestand (standaard: het eerste)"))
    load.add_argument("--db", metavar="URL", help=database_help)
    load.set_defaults(handler=_ingest)

    population = commands.add_parser("import-population",
                                     help=_("laad inwonertallen uit Kerncijfers wijken en buurten van het CBS"))
    source = population.add_mutually_exclusive_group(required=True)
    source.add_argument("file", type=Path, nargs="?", metavar=file,
                        help=_("CSV-download uit StatLine (gescheiden door puntkomma's)"))
    source.add_argument("--cbs-table", metavar="ID",
                        help=_("haal de tabel in plaats daarvan op bij de open-data-API van het CBS, bijv. 85984NED"))
    population.add_argument("--year", type=_whole, metavar=_("JAAR"),
                            help=_("het jaar waarover de tabel gaat, als die geen kolom Perioden heeft"))
    population.add_argument("--db", metavar="URL", help=database_help)
    population.set_defaults(handler=_import_population)

    bench = commands.add_parser("benchmark", help=_("meet de snelheid (medianen; niets slaagt of faalt)"))
    benchmarks = bench.add_subparsers(dest="benchmark", required=True, parser_class=_Parser)
    bench_ingest = benchmarks.add_parser("ingest", help=_("maak een export met contacten en meet hoe lang het laden duurt"))
    bench_ingest.add_argument("--rows", type=_whole, default=1_000_000, metavar=count,
                              help=_("contacten in de export (standaard {default})").format(default=fmt.number(1_000_000)))
    bench_ingest.add_argument("--runs", type=_whole, default=3, metavar=count,
                              help=_("aantal keren laden; de mediaan wordt gemeld (standaard {default})").format(default=3))
    bench_ingest.set_defaults(handler=_benchmark_ingest)
    map_page = benchmarks.add_parser("map", help=_("looptijd op de server van de pagina Contacten met veel buurten"))
    map_page.add_argument("--neighbourhoods", type=_whole, default=500, metavar=count)
    map_page.add_argument("--runs", type=_whole, default=5, metavar=count)
    map_page.add_argument("--json", action="store_true", help=_("geef JSON in plaats van tekst"))
    map_page.set_defaults(handler=_benchmark_map)
    page_queries = benchmarks.add_parser("queries", help=_("querytijd per pagina op de database, bescherming inbegrepen"))
    page_queries.add_argument("--runs", type=_whole, default=20, metavar=count)
    page_queries.add_argument("--db", metavar="URL", help=database_help)
    page_queries.set_defaults(handler=_benchmark_queries)
    pages = benchmarks.add_parser(
        "pages", help=_("CPU-tijd op de server per pagina onder AppTest van Streamlit, met lege en warme caches"),
        description=_("Draai elke pagina --runs keer onder AppTest met wisselende filters, met geleegde en met warme "
                      "caches; meld kloktijd en CPU-seconden per pagina (p50, p95)."),
    )
    pages.add_argument("--runs", type=_whole, default=10, metavar=count,
                       help=_("filtersets per pagina (standaard {default})").format(default=10))
    pages.add_argument("--seed", type=_whole, default=1, metavar=count,
                       help=_("seed van de getrokken filters (standaard {default})").format(default=1))
    pages.add_argument("--db", metavar="URL", help=database_help)
    pages.add_argument("--profile", metavar=_("PAGINA"),
                       help=_("toon het cProfile van de koude runs van deze pagina (bijv. Tevredenheid), of van elke "
                              "pagina (all)"))
    pages.add_argument("--snapshot", type=Path, metavar=file,
                       help=_("schrijf wat elke pagina toonde naar {file} (JSON), om twee versies van de code te "
                              "vergelijken").format(file=file))
    pages.add_argument("--json", action="store_true", help=_("geef JSON in plaats van tekst"))
    pages.set_defaults(handler=_benchmark_pages)
    sheet_speed = benchmarks.add_parser("factsheet", help=_("hoe lang de persbriefing als PDF duurt, warm, op de demo"))
    sheet_speed.add_argument("--runs", type=_whole, default=10, metavar=count,
                             help=_("aantal keren (standaard {default})").format(default=10))
    sheet_speed.add_argument("--db", metavar="URL", help=database_help)
    sheet_speed.add_argument("--json", action="store_true", help=_("geef JSON in plaats van tekst"))
    sheet_speed.set_defaults(handler=_benchmark_factsheet)
    load_test = benchmarks.add_parser(
        "load", help=_("veel sessies tegelijk door elke pagina van een draaiend dashboard"),
        description=_("Start het dashboard op loopback en stuur --sessions sessies tegelijk door elke pagina, met "
                      "wisselende filters, gedurende --seconds seconden; meld fouten, looptijden per pagina (p50, p95) "
                      "en het geheugen van de server."),
    )
    load_test.add_argument("--sessions", type=_whole, default=20, metavar=count,
                           help=_("gelijktijdige sessies (standaard {default})").format(default=20))
    load_test.add_argument("--seconds", type=_decimal, default=120, metavar="S",
                           help=_("hoe lang ze bezig blijven, in seconden (standaard {default})").format(default=120))
    load_test.add_argument("--think", type=_decimal, default=0, metavar="S",
                           help=_("gemiddelde pauze in seconden tussen de pagina's van een sessie, zoals een lezer die "
                                  "neemt (standaard 0: geen)"))
    load_test.add_argument("--db", metavar="URL", help=database_help)
    load_test.add_argument("--json", action="store_true", help=_("geef JSON in plaats van tekst"))
    load_test.set_defaults(handler=_benchmark_load)
    return parser


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{value!r} is geen geheel getal").format(value=text)) from None


def _decimal(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{value!r} is geen getal").format(value=text)) from None


def _month(text: str):
    try:
        return parse_month(text)
    except PeriodError as error:
        raise argparse.ArgumentTypeError(messages.text(error)) from None


def _setting(args) -> config.DatabaseSetting:
    return config.DatabaseSetting(args.db, "--db") if args.db else config.database_setting()


def _demo(args, _extra) -> int:
    setting = _setting(args)
    started = time.perf_counter()
    built = demo.build(setting.url, force=args.force)
    contacts = int(built.contacts["contacts"].sum())
    print(_("Demodatabase gebouwd in {database}: {contacts} contacten van {first} tot en met {last}, in {seconds} s.").format(
        database=Database(setting.url).display_url, contacts=fmt.number(contacts), first=month_key(demo.PERIOD.first),
        last=month_key(demo.PERIOD.last), seconds=fmt.number(time.perf_counter() - started, 1)))
    return 0


def _serve(args, extra: list[str]) -> int:
    setting = _setting(args)
    config.public_url()  # a wrong address for the QR codes stops the start, not the first session
    if setting.is_embedded:
        if demo.ensure_embedded(setting.url):
            print(_("Ingebouwde demodatabase gebouwd in {path}.").format(path=config.EMBEDDED_DATABASE), file=sys.stderr)
    else:
        Database(setting.url).check()
    environment = dict(os.environ, **{config.DATABASE_URL_VARIABLE: setting.url} if args.db else {})
    # Streamlit reads .streamlit/config.toml from the working directory: run from the project.
    os.chdir(config.PROJECT_ROOT)
    command = [sys.executable, "-m", "streamlit", "run", str(APP), *extra]
    os.execve(sys.executable, command, environment)
    return 0  # not reached


def _period_and_area(args, db: Database) -> tuple[Period, str, pd.DataFrame]:
    """The period and area the command asks for, both checked against the database; the known areas."""
    period = Period(args.first, args.last) if args.first <= args.last else None
    if period is None:
        raise UsageError(N_("--from {first} ligt na --to {last}"), first=month_key(args.first), last=month_key(args.last))
    known = areas.areas(db)
    area_code = args.area or str(known["code"].iloc[0])
    if area_code not in set(known["code"]):
        raise UsageError(N_("onbekende gebiedscode {code!r}; bekende codes: {codes}"),
                         code=area_code, codes=", ".join(known["code"]))
    covered = loads.contact_months(db)
    if covered is None:
        raise UsageError(N_("de database heeft geen contactgegevens, dus ook niet voor {start} tot en met {end}"),
                         start=month_key(period.first), end=month_key(period.last))
    if period.first < covered[0] or period.last > covered[1]:
        raise UsageError(N_("de database heeft contactgegevens van {first} tot en met {last}, niet van heel {start} tot "
                            "en met {end}"), first=month_key(covered[0]), last=month_key(covered[1]),
                         start=month_key(period.first), end=month_key(period.last))
    return period, area_code, known


def _figures(args, _extra) -> int:
    rules = config.disclosure_rules()
    db = Database(_setting(args).url, readonly=True)
    db.check()
    period, area_code, known = _period_and_area(args, db)
    figures = key_figures(db, area_code, period, rules)
    name = str(known.set_index("code").loc[area_code, "name"])
    if args.json:
        print(json.dumps(figures_json(figures, name, loads.is_demo(db)), ensure_ascii=False, indent=2))
    else:
        print(figures_text(figures, name, loads.is_demo(db)))
    return 0


def _factsheet(args, _extra) -> int:
    from dashboard import images, pdf, press  # typst and kaleido: only when asked
    from dashboard.views import factsheet

    kind = args.out.suffix.lower()
    if kind not in (".pdf", ".png"):
        raise UsageError(N_("--out {file} moet eindigen op .pdf of .png"), file=str(args.out))
    folder = args.out.parent
    if (not folder.is_dir() or not os.access(folder, os.W_OK) or args.out.is_dir()
            or (args.out.exists() and not os.access(args.out, os.W_OK))):
        raise UsageError(N_("kan niet schrijven naar {file}: de map bestaat niet of is niet schrijfbaar"), file=str(args.out))
    if kind == ".png" and (args.width < 800 or args.width % 2):
        raise UsageError(N_("--width moet een even getal van minstens 800 zijn"))
    db = Database(_setting(args).url, readonly=True)
    db.check()
    period, area_code, _known = _period_and_area(args, db)
    source = press.QuerySource(db, config.disclosure_rules())
    if args.theme is not None and args.theme not in set(source.themes()["code"]):
        raise UsageError(N_("onbekende themacode {code!r}; bekende codes: {codes}"),
                         code=args.theme, codes=", ".join(source.themes()["code"]))
    sheet = factsheet.compose(source, press.choice(source, period, area_code, args.theme, i18n.label_column()))
    if kind == ".pdf":
        written = {args.out: pdf.factsheet_pdf(sheet)}
    else:
        written = {args.out.with_name(f"{args.out.stem}-{chart.name}.png"): image
                   for chart, image in press.images_of(sheet, args.width)}
    for path, content in written.items():
        try:
            path.write_bytes(content)
        except OSError as error:
            raise UsageError(N_("kan niet schrijven naar {file}: {reason}"), file=str(path),
                             reason=error.strerror or str(error)) from None
        print(_("Geschreven: {file}").format(file=path))
    images.close()
    return 0


def _benchmark_factsheet(args, _extra) -> int:
    from dashboard import images, press  # typst and kaleido: only when asked

    if args.runs < 1:
        raise UsageError(N_("--runs moet minstens 1 zijn"))
    setting = _setting(args)
    if setting.is_embedded:
        demo.ensure_embedded(setting.url)
    db = Database(setting.url, readonly=True)
    db.check()
    source = press.QuerySource(db, config.disclosure_rules())
    selection = press.choice(source, press.BENCHMARK_PERIOD, None, None, i18n.label_column())
    result = press.benchmark(source, selection, args.runs)
    images.close()
    print(json.dumps(result, indent=2) if args.json else press.benchmark_text(result))
    return 0


def _import_geo(args, _extra) -> int:
    db = Database(_setting(args).url)
    db.check()
    report = import_boundaries(db, args.file, args.level, args.layer)
    shapes = {"file": args.file.name, "crs": report.crs, "n": len(report.loaded)}
    if args.level == "district":
        print(ngettext("{n} wijkgrens geladen uit {file} ({crs}, vereenvoudigd voor het web).",
                       "{n} wijkgrenzen geladen uit {file} ({crs}, vereenvoudigd voor het web).", len(report.loaded)).format(**shapes))
    else:
        print(ngettext("{n} buurtgrens geladen uit {file} ({crs}, vereenvoudigd voor het web).",
                       "{n} buurtgrenzen geladen uit {file} ({crs}, vereenvoudigd voor het web).", len(report.loaded)).format(**shapes))
    if report.added:
        print(_("Nieuwe buurten: {codes}.").format(codes=", ".join(report.added)))
    if report.unknown:
        print(ngettext("{n} code van een andere gemeente overgeslagen: {codes}.",
                       "{n} codes van andere gemeenten overgeslagen: {codes}.", len(report.unknown)).format(
            n=len(report.unknown), codes=_first(report.unknown)))
    if report.missing:
        print(_("Niet in het bestand, vormen gelaten zoals ze waren: {codes}.").format(codes=", ".join(report.missing)),
              file=sys.stderr)
    return 0


def _benchmark_map(args, _extra) -> int:
    from dashboard import benchmark  # imports Streamlit's test runner: only when asked

    result = benchmark.map_page(args.neighbourhoods, args.runs, say=lambda text: print(text, file=sys.stderr))
    print(json.dumps(result, indent=2) if args.json else benchmark.report(result))
    return 0


def _benchmark_queries(args, _extra) -> int:
    if args.runs < 2:
        raise UsageError(N_("--runs moet minstens 2 zijn"))
    print(page_timings.report(page_timings.measure(_setting(args).url, args.runs, config.disclosure_rules()),
                              messages.TRANSLATOR))
    return 0


def _benchmark_pages(args, _extra) -> int:
    from dashboard import page_benchmark  # imports Streamlit's test runner: only when asked

    if args.runs < 1:
        raise UsageError(N_("--runs moet minstens 1 zijn"))
    if args.profile and args.profile not in [*page_benchmark.PAGES, "all"]:
        raise UsageError(N_("onbekende pagina {page!r}; pagina's: {pages}"), page=args.profile,
                         pages=", ".join(page_benchmark.PAGES))
    setting = _setting(args)
    if setting.is_embedded:
        demo.ensure_embedded(setting.url)
    result = page_benchmark.measure(setting.url, args.runs, args.seed, args.profile, args.snapshot)
    profile = result.pop("profile", None)
    print(json.dumps(result, indent=2) if args.json else page_benchmark.report(result))
    if profile:
        print(page_benchmark.profile_text(profile))
    return 0


def _benchmark_load(args, _extra) -> int:
    from dashboard import loadtest  # imports the websocket client and Streamlit's protocol: only when asked

    if args.sessions < 1 or args.seconds <= 0 or args.think < 0:
        raise UsageError(N_("--sessions moet minstens 1 zijn, --seconds meer dan 0 en --think niet negatief"))
    setting = _setting(args)
    if setting.is_embedded:
        demo.ensure_embedded(setting.url)
    result = loadtest.run(args.sessions, args.seconds, setting.url, args.think, say=lambda text: print(text, file=sys.stderr))
    print(json.dumps(result.as_dict(), indent=2) if args.json else result.text())
    return 0


def _first(codes: list[str], shown: int = 10) -> str:
    if len(codes) <= shown:
        return ", ".join(codes)
    return _("{codes} en nog {n}").format(codes=", ".join(codes[:shown]), n=fmt.number(len(codes) - shown))


def _ingest(args, _extra) -> int:
    report = ingest.ingest(_setting(args).url, args.file, args.kind, dry_run=args.dry_run, sheet=args.sheet,
                           say=lambda line: print(messages.text(line), flush=True))
    print(report.text(messages.TRANSLATOR))
    return 0


def _import_population(args, _extra) -> int:
    if args.cbs_table:
        if args.year is None:
            raise UsageError(N_("--cbs-table heeft --year nodig: het CBS publiceert één tabel Kerncijfers per jaar"))
        report = import_from_cbs(_setting(args).url, args.cbs_table, args.year)
    else:
        report = import_population(_setting(args).url, args.file, args.year)
    print(report.text(messages.TRANSLATOR))
    return 0


def _benchmark_ingest(args, _extra) -> int:
    if args.rows < 1 or args.runs < 1:
        raise UsageError(N_("--rows en --runs moeten minstens 1 zijn"))
    result = benchmark.ingest(args.rows, args.runs, progress=lambda line: print(messages.text(line), file=sys.stderr))
    print(result.text(messages.TRANSLATOR))
    return 0


def figures_json(figures: KeyFigures, area_name: str, demo_data: bool) -> dict:
    """The key figures for programs: codes, values and statuses the same in every language; the
    labels in the language asked for (``--lang``)."""
    label = i18n.label_column()

    def parts(measure: str) -> list[dict]:
        return [
            {"code": row.code, "label": getattr(row, label), "value": figures.value(measure, row.code),
             "status": row.status or "shown"}
            for row in figures.parts(measure).itertuples()
        ]

    return {
        "area": {"code": figures.area_code, "name": area_name},
        "period": {"from": month_key(figures.period.first), "to": month_key(figures.period.last)},
        "demo_data": demo_data,
        "disclosure": {"protection": figures.rules.protection, "min_count": figures.rules.min_count},
        "contacts": figures.value("contacts"),
        "short_interventions": figures.value("short_interventions"),
        "dossiers": figures.value("dossiers"),
        "contacts_by_channel": parts("channel"),
        "contacts_by_theme": parts("theme"),
        "dossiers_by_team": parts("team"),
    }


def figures_text(figures: KeyFigures, area_name: str, demo_data: bool) -> str:
    """The key figures as a table for people, in the active language."""
    label = i18n.label_column()
    width = 4 + max(len(text) for text in figures.cells[label])

    def line(text: str, measure: str, code: str = "", indent: int = 2) -> str:
        value = fmt.count(figures.value(measure, code), figures.status(measure, code), figures.rules.min_count)
        return f"{' ' * indent}{text:<{width - indent}}{value:>8}"

    def block(title: str, measure: str) -> list[str]:
        rows = figures.parts(measure)
        if rows.empty:
            return []
        return ["", f"  {title}"] + [line(getattr(r, label), measure, r.code, 4) for r in rows.itertuples()]

    heading = _("Kerncijfers {area}, {period} (demogegevens)") if demo_data else _("Kerncijfers {area}, {period}")
    lines = [
        heading.format(area=area_name, period=fmt.period(figures.period)),
        "",
        line(_("Contacten"), "contacts", indent=0),
        line(_("Korte interventies"), "short_interventions"),
        line(_("Dossiers"), "dossiers"),
        *block(_("Per kanaal"), "channel"),
        *block(_("Per thema"), "theme"),
        *block(_("Dossiers per wijkteamgebied"), "team"),
    ]
    if (figures.cells["status"] != "").any():
        lines += ["", fmt.explain_marks(figures.rules.min_count, figures.rules.exact)]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
