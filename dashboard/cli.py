"""The `wijkmonitor` command: build the demo, serve the dashboard, print key figures, load boundaries.

Wrong input ends with exit status 2 and one line on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from dashboard import format as fmt
from queries import areas, benchmark, config, demo, ingest, loads, page_timings
from queries.boundaries import LEVELS, BoundaryError, import_boundaries
from queries.config import ConfigError
from queries.contacts import KeyFigures, key_figures
from queries.database import Database, DatabaseError, explain
from queries.ingest.population import import_from_cbs, import_population
from queries.periods import Period, month_key, parse_month

APP = Path(__file__).resolve().parent / "app.py"


class UsageError(ValueError):
    """The command line asks for something that cannot be done."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line instead of argparse's usage block
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "serve":
        parser.error(f"unrecognised arguments: {' '.join(extra)}")
    try:
        return args.handler(args, extra)
    except (UsageError, ConfigError, DatabaseError, BoundaryError) as error:
        print(f"wijkmonitor {args.command}: error: {error}", file=sys.stderr)
        return 2
    except (DBAPIError, PoolTimeout) as error:
        # A write that the database refused (locked by another writer, read-only file, a table
        # missing): the transaction is rolled back, so nothing was written.
        print(f"wijkmonitor {args.command}: error: {explain(error, _where(args))}", file=sys.stderr)
        return 2


def _where(args) -> str:
    """The database a command used, named for a message."""
    try:
        database = Database(_setting(args).url)
    except (ConfigError, DatabaseError):
        return "the database"
    return database.display_url


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wijkmonitor", description="Dashboard for social neighbourhood teams.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    database_help = f"database URL (default: ${config.DATABASE_URL_VARIABLE}, secrets.toml or the embedded demo)"

    build = commands.add_parser("demo", help="build the demo database (Schiedam, 2015-2025)")
    build.add_argument("--db", metavar="URL", help=database_help)
    build.add_argument("--force", action="store_true", help="replace an existing Wijkmonitor database")
    build.set_defaults(handler=_demo)

    serve = commands.add_parser(
        "serve",
        help="start the dashboard; further arguments go to `streamlit run`",
        description="Start the dashboard. Builds the embedded demo database first when it is missing. "
        "Further arguments (e.g. --server.port 8080) and STREAMLIT_* variables go to Streamlit.",
    )
    serve.add_argument("--db", metavar="URL", help=database_help)
    serve.set_defaults(handler=_serve)

    figures = commands.add_parser("figures", help="print the key figures of a period")
    figures.add_argument("--from", dest="first", required=True, type=_month, metavar="YYYY-MM")
    figures.add_argument("--to", dest="last", required=True, type=_month, metavar="YYYY-MM")
    figures.add_argument("--area", metavar="CODE", help="area code (default: the whole municipality)")
    figures.add_argument("--json", action="store_true", help="print JSON instead of a table")
    figures.add_argument("--lang", choices=sorted(fmt.LOCALES), default="nl", help="language of labels and numbers")
    figures.add_argument("--db", metavar="URL", help=database_help)
    figures.set_defaults(handler=_figures)

    geo = commands.add_parser(
        "import-geo",
        help="load district or neighbourhood boundaries from the CBS map (GeoJSON or GeoPackage)",
        description="Load real boundaries from the CBS district and neighbourhood map, in RD New or WGS84. "
        "Team areas and the municipality get the union of their districts. Nothing is written when the file "
        "cannot be used.",
    )
    geo.add_argument("file", type=Path, metavar="FILE")
    geo.add_argument("--level", choices=sorted(LEVELS), default="district", help="which areas the file holds")
    geo.add_argument("--layer", help="layer of a GeoPackage (default: wijken or buurten, else the first)")
    geo.add_argument("--db", metavar="URL", help=database_help)
    geo.set_defaults(handler=_import_geo)

    load = commands.add_parser("ingest", help="load a registration-system export (see docs/importing-data.md)")
    load.add_argument("file", type=Path, help="CSV or XLSX export")
    load.add_argument("--kind", required=True, choices=sorted(ingest.KINDS), help="what the export holds")
    load.add_argument("--dry-run", action="store_true", help="check the file and report, write nothing")
    load.add_argument("--sheet", metavar="NAME", help="sheet of an Excel file (default: the first)")
    load.add_argument("--db", metavar="URL", help=database_help)
    load.set_defaults(handler=_ingest)

    population = commands.add_parser("import-population", help="load inhabitants from CBS Kerncijfers wijken en buurten")
    source = population.add_mutually_exclusive_group(required=True)
    source.add_argument("file", type=Path, nargs="?", help="StatLine CSV download (semicolon-separated)")
    source.add_argument("--cbs-table", metavar="ID", help="fetch from the CBS open-data API instead, e.g. 85984NED")
    population.add_argument("--year", type=int, help="the year the table describes, when it has no Perioden column")
    population.add_argument("--db", metavar="URL", help=database_help)
    population.set_defaults(handler=_import_population)

    bench = commands.add_parser("benchmark", help="measure speed (medians; nothing passes or fails)")
    benchmarks = bench.add_subparsers(dest="benchmark", required=True, parser_class=_Parser)
    bench_ingest = benchmarks.add_parser("ingest", help="generate a contacts export and time loading it")
    bench_ingest.add_argument("--rows", type=int, default=1_000_000, help="contacts in the export (default 1,000,000)")
    bench_ingest.add_argument("--runs", type=int, default=3, help="loads to time; the median is reported")
    bench_ingest.set_defaults(handler=_benchmark_ingest)
    map_page = benchmarks.add_parser("map", help="server-side run time of the Contacten page with many neighbourhoods")
    map_page.add_argument("--neighbourhoods", type=int, default=500, metavar="N")
    map_page.add_argument("--runs", type=int, default=5, metavar="N")
    map_page.add_argument("--json", action="store_true", help="print JSON instead of text")
    map_page.set_defaults(handler=_benchmark_map)
    page_queries = benchmarks.add_parser("queries", help="query time per page on the database, protection included")
    page_queries.add_argument("--runs", type=int, default=20, metavar="N")
    page_queries.add_argument("--db", metavar="URL", help=database_help)
    page_queries.set_defaults(handler=_benchmark_queries)
    pages = benchmarks.add_parser(
        "pages", help="server CPU per page run under Streamlit's AppTest, cold and warm caches",
        description="Run every page RUNS times under AppTest with changing filters, with emptied and with warm caches; "
        "report wall and CPU seconds per page (p50, p95).",
    )
    pages.add_argument("--runs", type=int, default=10, metavar="N", help="filter sets per page (default 10)")
    pages.add_argument("--seed", type=int, default=1, metavar="N", help="seed of the filters drawn (default 1)")
    pages.add_argument("--db", metavar="URL", help=database_help)
    pages.add_argument("--profile", metavar="PAGE", help="print the cProfile of this page's cold runs (e.g. Tevredenheid), or of every page's (all)")
    pages.add_argument("--snapshot", type=Path, metavar="FILE",
                       help="write what every page showed to FILE (JSON), to compare two versions of the code")
    pages.add_argument("--json", action="store_true", help="print JSON instead of text")
    pages.set_defaults(handler=_benchmark_pages)
    load_test = benchmarks.add_parser(
        "load", help="many sessions at once through every page of a served dashboard",
        description="Start the dashboard on loopback and drive SESSIONS concurrent sessions through every page with "
        "changing filters for SECONDS; report errors, run times per page (p50, p95) and the server's memory.",
    )
    load_test.add_argument("--sessions", type=int, default=20, metavar="N", help="concurrent sessions (default 20)")
    load_test.add_argument("--seconds", type=float, default=120, metavar="S", help="how long to keep them busy (default 120)")
    load_test.add_argument("--think", type=float, default=0, metavar="S",
                           help="mean pause in seconds between a session's pages, as a reader takes (default 0: none)")
    load_test.add_argument("--db", metavar="URL", help=database_help)
    load_test.add_argument("--json", action="store_true", help="print JSON instead of text")
    load_test.set_defaults(handler=_benchmark_load)
    return parser


def _month(text: str):
    try:
        return parse_month(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _setting(args) -> config.DatabaseSetting:
    return config.DatabaseSetting(args.db, "--db") if args.db else config.database_setting()


def _demo(args, _extra) -> int:
    setting = _setting(args)
    started = time.perf_counter()
    built = demo.build(setting.url, force=args.force)
    contacts = int(built.contacts["contacts"].sum())
    print(
        f"Built the demo database at {Database(setting.url).display_url}: "
        f"{contacts:,} contacts from {demo.PERIOD.first:%Y-%m} to {demo.PERIOD.last:%Y-%m} "
        f"in {time.perf_counter() - started:.1f} s."
    )
    return 0


def _serve(args, extra: list[str]) -> int:
    setting = _setting(args)
    if setting.is_embedded:
        if demo.ensure_embedded(setting.url):
            print(f"Built the embedded demo database at {config.EMBEDDED_DATABASE}.", file=sys.stderr)
    else:
        Database(setting.url).check()
    environment = dict(os.environ, **{config.DATABASE_URL_VARIABLE: setting.url} if args.db else {})
    # Streamlit reads .streamlit/config.toml from the working directory: run from the project.
    os.chdir(config.PROJECT_ROOT)
    command = [sys.executable, "-m", "streamlit", "run", str(APP), *extra]
    os.execve(sys.executable, command, environment)
    return 0  # not reached


def _figures(args, _extra) -> int:
    period = Period(args.first, args.last) if args.first <= args.last else None
    if period is None:
        raise UsageError(f"--from {month_key(args.first)} is after --to {month_key(args.last)}")
    rules = config.disclosure_rules()
    db = Database(_setting(args).url, readonly=True)
    db.check()
    known = areas.areas(db)
    area_code = args.area or str(known["code"].iloc[0])
    if area_code not in set(known["code"]):
        raise UsageError(f"unknown area code {area_code!r}; known codes: {', '.join(known['code'])}")
    covered = loads.contact_months(db)
    if covered is None or period.first < covered[0] or period.last > covered[1]:
        span = f"{month_key(covered[0])} to {month_key(covered[1])}" if covered else "no months"
        raise UsageError(
            f"the database has contact data for {span}, not for all of {month_key(period.first)} to {month_key(period.last)}"
        )
    figures = key_figures(db, area_code, period, rules)
    name = str(known.set_index("code").loc[area_code, "name"])
    if args.json:
        print(json.dumps(figures_json(figures, name, loads.is_demo(db)), ensure_ascii=False, indent=2))
    else:
        print(figures_text(figures, name, loads.is_demo(db), args.lang))
    return 0


def _import_geo(args, _extra) -> int:
    db = Database(_setting(args).url)
    db.check()
    report = import_boundaries(db, args.file, args.level, args.layer)
    print(f"Loaded {len(report.loaded)} {args.level} shapes from {args.file.name} ({report.crs}, simplified for the web).")
    if report.added:
        print(f"New neighbourhoods: {', '.join(report.added)}.")
    if report.unknown:
        print(f"Skipped {len(report.unknown)} codes of other municipalities: {_first(report.unknown)}.")
    if report.missing:
        print(f"Not in the file, shapes left as they were: {', '.join(report.missing)}.", file=sys.stderr)
    return 0


def _benchmark_map(args, _extra) -> int:
    from dashboard import benchmark  # imports Streamlit's test runner: only when asked

    result = benchmark.map_page(args.neighbourhoods, args.runs, say=lambda text: print(text, file=sys.stderr))
    print(json.dumps(result, indent=2) if args.json else benchmark.report(result))
    return 0


def _benchmark_queries(args, _extra) -> int:
    if args.runs < 2:
        raise UsageError("--runs must be at least 2")
    print(page_timings.report(page_timings.measure(_setting(args).url, args.runs, config.disclosure_rules())))
    return 0


def _benchmark_pages(args, _extra) -> int:
    from dashboard import page_benchmark  # imports Streamlit's test runner: only when asked

    if args.runs < 1:
        raise UsageError("--runs must be at least 1")
    if args.profile and args.profile not in [*page_benchmark.PAGES, "all"]:
        raise UsageError(f"unknown page {args.profile!r}; pages: {', '.join(page_benchmark.PAGES)}")
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
        raise UsageError("--sessions must be at least 1, --seconds more than 0 and --think not negative")
    setting = _setting(args)
    if setting.is_embedded:
        demo.ensure_embedded(setting.url)
    try:
        result = loadtest.run(args.sessions, args.seconds, setting.url, args.think, say=lambda text: print(text, file=sys.stderr))
    except loadtest.LoadTestError as error:
        raise UsageError(str(error)) from None
    print(json.dumps(result.as_dict(), indent=2) if args.json else result.text())
    return 0


def _first(codes: list[str], shown: int = 10) -> str:
    return ", ".join(codes[:shown]) + (f" and {len(codes) - shown} more" if len(codes) > shown else "")


def _ingest(args, _extra) -> int:
    return _load("ingest", lambda: ingest.ingest(_setting(args).url, args.file, args.kind, dry_run=args.dry_run,
                                                 sheet=args.sheet, say=lambda text: print(text, flush=True)))


def _import_population(args, _extra) -> int:
    if args.cbs_table:
        if args.year is None:
            raise UsageError("--cbs-table needs --year: CBS publishes one Kerncijfers table per year")
        return _load("import-population", lambda: import_from_cbs(_setting(args).url, args.cbs_table, args.year))
    return _load("import-population", lambda: import_population(_setting(args).url, args.file, args.year))


def _load(command: str, load) -> int:
    """Run a load; a refused file gives its problems, one per line, and status 2."""
    try:
        report = load()
    except ingest.IngestError as error:
        print(f"wijkmonitor {command}: error: {error}", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    print(report.text())
    return 0


def _benchmark_ingest(args, _extra) -> int:
    if args.rows < 1 or args.runs < 1:
        raise UsageError("--rows and --runs must be at least 1")
    result = benchmark.ingest(args.rows, args.runs, progress=lambda text: print(text, file=sys.stderr))
    print(result.text())
    return 0


def figures_json(figures: KeyFigures, area_name: str, demo_data: bool) -> dict:
    def parts(measure: str) -> list[dict]:
        return [
            {"code": row.code, "label": row.label_nl, "value": figures.value(measure, row.code), "status": row.status or "shown"}
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


def figures_text(figures: KeyFigures, area_name: str, demo_data: bool, lang: str = "nl") -> str:
    nl = lang == "nl"
    label = "label_nl" if nl else "label_en"
    width = 4 + max(len(text) for text in figures.cells[label])

    def line(text: str, measure: str, code: str = "", indent: int = 2) -> str:
        value = fmt.count(figures.value(measure, code), figures.status(measure, code), figures.rules.min_count, lang)
        return f"{' ' * indent}{text:<{width - indent}}{value:>8}"

    def block(title: str, measure: str) -> list[str]:
        rows = figures.parts(measure)
        if rows.empty:
            return []
        return ["", title] + [line(getattr(r, label), measure, r.code, 4) for r in rows.itertuples()]

    heading = ("Kerncijfers" if nl else "Key figures") + f" {area_name}, {fmt.period(figures.period, lang)}"
    if demo_data:
        heading += " (demogegevens)" if nl else " (demo data)"
    lines = [
        heading,
        "",
        line("Contacten" if nl else "Contacts", "contacts", indent=0),
        line("Korte interventies" if nl else "Short interventions", "short_interventions"),
        line("Dossiers" if nl else "Dossiers", "dossiers"),
        *block("  Per kanaal" if nl else "  By channel", "channel"),
        *block("  Per thema" if nl else "  By theme", "theme"),
        *block("  Dossiers per wijkteamgebied" if nl else "  Dossiers by team area", "team"),
    ]
    if (figures.cells["status"] != "").any():
        lines += ["", fmt.explain_marks(figures.rules.min_count, figures.rules.exact, lang)]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
