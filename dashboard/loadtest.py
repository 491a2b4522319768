"""`wijkmonitor benchmark load`: many sessions at once against a real server, as in a council room.

It starts `wijkmonitor serve` on loopback, then drives every session the way the browser does:
over Streamlit's websocket (``/_stcore/stream``) it sends a ``rerun_script`` message with the
page's URL path and a query string of filters, and reads the server's messages until
``script_finished``. A headless browser per session would cost more CPU than the server itself on
a small machine; this client only parses the protocol, and its own CPU time is reported apart.

Each session visits every page in turn, starting at a different one, with filters drawn from the
database's own areas, months, themes and channels; the sessions stop at the deadline, or once every
page has been visited if that takes longer. What it reports, never passing or failing:
errors (connection failures, runs that do not finish, exception elements, Dutch error boxes,
tracebacks in the server's log), the run time of each page from request to ``script_finished``
(on loopback this is the server's time, including its wait for a CPU), and the server's memory.
"""

from __future__ import annotations

import asyncio
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard import format as fmt
from dashboard import messages
from dashboard.i18n import _
from queries import areas, categories, config, contacts, loads
from queries.database import Database
from queries.messages import N_, Message, UserError, message, ngettext
from queries.periods import month_key, months_between

START_SECONDS = 120  # the first start imports a lot, and the machine may be busy
RUN_TIMEOUT_SECONDS = 120  # a page that takes longer than this counts as an error
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


class LoadTestError(UserError, RuntimeError):
    """The load test cannot run (the server does not start, the database has nothing to show)."""


@dataclass
class LoadResult:
    database: str
    sessions: int
    seconds: float
    think: float  # mean pause between a session's page views, in seconds
    pages: list[str]  # every page the navigation offers, by URL path ('' is the default page)
    run_seconds: dict[str, list[float]] = field(default_factory=dict)  # per page visited, after a session's first
    first_seconds: list[float] = field(default_factory=list)  # each session's first page: cold, all at once
    errors: list[Message] = field(default_factory=list)  # said in the active language when reported
    exceptions: int = 0  # exception elements the app sent
    error_boxes: int = 0  # st.error messages (the database could not be read)
    server_rss_mb: dict[str, float] = field(default_factory=dict)  # before, after, peak
    server_cpu_seconds: float = 0.0
    client_cpu_seconds: float = 0.0

    visited: set[str] = field(default_factory=set)

    @property
    def runs(self) -> int:
        return len(self.first_seconds) + sum(len(times) for times in self.run_seconds.values())

    @property
    def unvisited(self) -> list[str]:
        return [page for page in self.pages if page not in self.visited]

    def as_dict(self) -> dict:
        return {
            "database": self.database, "sessions": self.sessions, "seconds": self.seconds, "think": self.think,
            "runs": self.runs,
            "errors": [messages.text(error) for error in self.errors], "exceptions": self.exceptions, "error_boxes": self.error_boxes,
            "unvisited_pages": self.unvisited,
            "first_page": _summary(self.first_seconds) if self.first_seconds else None,
            "pages": {page or "/": _summary(times) for page, times in self.run_seconds.items()},
            "server_rss_mb": self.server_rss_mb,
            "server_cpu_seconds": round(self.server_cpu_seconds, 1),
            "client_cpu_seconds": round(self.client_cpu_seconds, 1),
        }

    def text(self) -> str:
        """The report for people, in the active language."""
        said = {"sessions": self.sessions, "seconds": fmt.number(self.seconds), "database": self.database,
                "think": fmt.number(self.think, 1), "runs": fmt.number(self.runs)}
        if self.think:
            title = _("{sessions} sessies gedurende {seconds} s op {database}, ongeveer {think} s tussen de pagina's van "
                      "een sessie: {runs} paginaruns")
        else:
            title = _("{sessions} sessies gedurende {seconds} s op {database}, zonder pauze tussen pagina's: {runs} paginaruns")
        errors = _("fouten: {errors}, exception-elementen: {exceptions}, foutmeldingen: {boxes}").format(
            errors=len(self.errors), exceptions=self.exceptions, boxes=self.error_boxes)
        if self.unvisited:
            errors = _("{errors}, nooit bezochte pagina's: {pages}").format(
                errors=errors, pages=", ".join(p or "/" for p in self.unvisited))
        page, runs, first = _("pagina"), _("runs"), _("(eerste pagina)")
        width = max(16, len(page) + 2, len(first) + 2, *(len(p or "/") + 2 for p in self.pages))

        def row(name: str, times: list[float]) -> str:
            s = _summary(times)
            return f"    {name:<{width}}{s['runs']:>6}" + "".join(f"{fmt.number(s[k], 2):>8}" for k in ("p50", "p95", "max"))

        lines = [
            title.format(**said),
            f"  {errors}",
            *(f"    {messages.text(error)}" for error in self.errors[:20]),
            *(["    " + messages.text(message(N_("… en nog {n:,}"), n=len(self.errors) - 20))] if len(self.errors) > 20 else []),
            "  " + _("looptijd per pagina, van verzoek tot script_finished (s):"),
            f"    {page:<{width}}{runs:>6}{'p50':>8}{'p95':>8}{'max':>8}",
        ]
        if self.first_seconds:
            lines.append(row(first, self.first_seconds) + "   " + _("de eerste van elke sessie, allemaal tegelijk vlak na de start"))
        for path in self.pages:
            if times := self.run_seconds.get(path):
                lines.append(row(path or "/", times))
        rss = self.server_rss_mb
        lines += [
            "  " + _("geheugen van de server (RSS): {before} MB vooraf, {after} MB achteraf, hoogstens {peak} MB").format(
                before=fmt.number(rss.get("before", 0)), after=fmt.number(rss.get("after", 0)), peak=fmt.number(rss.get("peak", 0))),
            "  " + _("CPU-tijd: server {server} s, deze belastingsclient {client} s").format(
                server=fmt.number(self.server_cpu_seconds), client=fmt.number(self.client_cpu_seconds)),
        ]
        return "\n".join(lines)


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"runs": len(ordered), "p50": round(statistics.median(ordered), 3),
            "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3), "max": round(ordered[-1], 3)}


@dataclass(frozen=True)
class Choices:
    """The values the filters can take in this database."""

    months: list[str]
    areas: list[str]
    themes: list[str]
    channels: list[str]
    levels: list[str]

    @classmethod
    def of(cls, url: str) -> Choices:
        db = Database(url, readonly=True)
        try:
            db.check()
            covered = loads.contact_months(db)
            if covered is None:
                raise LoadTestError(N_("{database} bevat geen contactgegevens om te tonen"), database=db.display_url)
            return cls(
                months=[month_key(m) for m in months_between(*covered)],
                areas=list(areas.areas(db)["code"]),
                themes=list(categories.themes(db)["code"]),
                channels=list(categories.channels(db)["code"]),
                levels=contacts.levels(db),
            )
        finally:
            db.dispose()

    def query_string(self, rng: random.Random) -> str:
        """Filters as a person changes them: a period (mostly recent), an area, sometimes a theme or channel."""
        last = len(self.months) - 1 - min(int(rng.expovariate(1 / 6)), len(self.months) - 1)
        first = max(0, last - rng.choice([0, 2, 5, 11, 23]))
        params = {"van": self.months[first], "tot": self.months[last], "gebied": rng.choice(self.areas)}
        if rng.random() < 0.3:
            params["thema"] = rng.choice(self.themes)
        if rng.random() < 0.2:
            params["kanaal"] = rng.choice(self.channels)
        if self.levels and rng.random() < 0.5:
            params["niveau"] = rng.choice(self.levels)
        return urlencode(params)


def run(sessions: int, seconds: float, url: str | None = None, think: float = 0, say: Callable[[str], None] = lambda text: None,
        seed: int = 1) -> LoadResult:
    """Serve the dashboard on ``url`` (default: the configured database) and load it."""
    url = url or config.database_setting().url
    choices = Choices.of(url)
    shown = Database(url).display_url
    with tempfile.TemporaryDirectory(prefix="wijkmonitor-load-") as folder:
        log = Path(folder) / "serve.log"
        say(_("Het dashboard starten op {database} …").format(database=shown))
        with serving(url, log) as (port, process):
            client_cpu = _own_cpu_seconds()
            server_cpu = _cpu_seconds(process.pid)
            rss_before = _rss_mb(process.pid)
            say(_("{sessions} sessies gedurende {seconds} s laten werken …").format(sessions=sessions, seconds=fmt.number(seconds)))
            # A loop of its own in a thread of its own: the caller may be inside an event loop already.
            with ThreadPoolExecutor(1) as thread:
                result = thread.submit(asyncio.run, _drive(port, sessions, seconds, think, choices, random.Random(seed))).result()
            result.database, result.server_rss_mb["before"] = shown, rss_before
            result.server_rss_mb["after"] = _rss_mb(process.pid)
            result.server_rss_mb["peak"] = _rss_mb(process.pid, "VmHWM")
            result.server_cpu_seconds = _cpu_seconds(process.pid) - server_cpu
            result.client_cpu_seconds = _own_cpu_seconds() - client_cpu
        tracebacks = log.read_text(encoding="utf-8", errors="replace").count("Traceback")
        if tracebacks:
            result.errors.append(message(ngettext("{n} traceback in het logboek van de server", "{n} tracebacks in het logboek van de server",
                                                   tracebacks), n=tracebacks))
    return result


async def _drive(port: int, sessions: int, seconds: float, think: float, choices: Choices, rng: random.Random) -> LoadResult:
    pages = await _pages(port)
    result = LoadResult("", sessions, seconds, think, pages)
    deadline = time.monotonic() + seconds
    seeds = [rng.random() for _ in range(sessions)]
    await asyncio.gather(*(_session(port, number, pages, choices, random.Random(seeds[number]), deadline, think, result)
                           for number in range(sessions)))
    return result


async def _pages(port: int) -> list[str]:
    """The URL paths the dashboard's navigation offers, from one run of its default page."""
    async with _connect(port) as stream:
        run = await _run(stream, "", "")
    if not run.pages:
        raise LoadTestError(N_("het dashboard stuurde geen navigatie"))
    return run.pages


@dataclass
class _Run:
    page: str | None = None  # the page the server ran, by URL path
    pages: list[str] = field(default_factory=list)
    exceptions: int = 0
    error_boxes: int = 0


async def _session(port: int, number: int, pages: list[str], choices: Choices, rng: random.Random,
                   deadline: float, think: float, result: LoadResult) -> None:
    """One visitor: every page in turn, new filters each time, until the deadline; between pages
    a pause of half to one and a half times ``think`` (reading the page), none with 0."""
    order = pages[number % len(pages):] + pages[:number % len(pages)]
    visit = 0
    try:
        async with _connect(port) as stream:
            while time.monotonic() < deadline or result.unvisited:  # a short load still sees every page
                page = order[visit % len(order)]
                visit += 1
                started = time.perf_counter()
                try:
                    run = await asyncio.wait_for(_run(stream, page, choices.query_string(rng)), RUN_TIMEOUT_SECONDS)
                except TimeoutError:
                    result.errors.append(message(N_("sessie {number}: /{page} was niet binnen {seconds} s klaar"),
                                                 number=number, page=page, seconds=RUN_TIMEOUT_SECONDS))
                    return
                elapsed = time.perf_counter() - started
                if visit == 1:
                    result.first_seconds.append(elapsed)
                else:
                    result.run_seconds.setdefault(page, []).append(elapsed)
                result.visited.add(page)
                result.exceptions += run.exceptions
                result.error_boxes += run.error_boxes
                if run.page != page:
                    result.errors.append(message(N_("sessie {number}: /{page} gevraagd, de server draaide /{ran}"),
                                                 number=number, page=page, ran=run.page))
                if think:
                    await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
    except (OSError, websockets.WebSocketException) as error:
        result.errors.append(message(N_("sessie {number}: verbinding mislukt: {kind}: {error}"),
                                     number=number, kind=type(error).__name__, error=str(error)))


def _connect(port: int):
    # No size limit: a map or a table of many areas is one large message.
    return websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                              max_size=None, open_timeout=30, ping_interval=None)


async def _run(stream, page: str, query_string: str) -> _Run:
    """Ask for one page as a browser does on a link, and read the messages until it is drawn."""
    message = BackMsg()
    message.rerun_script.page_name = page  # the URL path; Streamlit matches it to the page
    message.rerun_script.query_string = query_string
    await stream.send(message.SerializeToString())
    run = _Run()
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await stream.recv())
        kind = forward.WhichOneof("type")
        if kind == "navigation":  # the last one of a run is the app's own (the first may be Streamlit's guess)
            current = forward.navigation.page_script_hash
            run.pages = [p.url_pathname for p in forward.navigation.app_pages]
            run.page = next((p.url_pathname for p in forward.navigation.app_pages if p.page_script_hash == current), None)
        elif kind == "delta" and forward.delta.HasField("new_element"):
            element = forward.delta.new_element
            if element.HasField("exception"):
                run.exceptions += 1
            elif element.HasField("alert") and element.alert.format == Alert.ERROR:
                run.error_boxes += 1
        elif kind == "script_finished" and forward.script_finished in FINISHED:
            return run


@contextmanager
def serving(url: str, log: Path):
    """`wijkmonitor serve` on a free loopback port until the block ends; yields (port, process)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = dict(os.environ, **{config.DATABASE_URL_VARIABLE: url})
    command = [sys.executable, "-m", "dashboard.cli", "serve", "--server.address", "127.0.0.1", "--server.port", str(port)]
    with log.open("w") as output:
        process = subprocess.Popen(command, env=environment, stdout=output, stderr=subprocess.STDOUT, cwd=config.PROJECT_ROOT)
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _healthy(port):
            if process.poll() is not None or time.monotonic() > deadline:
                last = (log.read_text(errors="replace").strip().splitlines() or [""])[-1]
                raise LoadTestError(N_("het dashboard startte niet op poort {port}: {last}"), port=port, last=last or message(N_("geen uitvoer")))
            time.sleep(0.3)
        yield port, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _rss_mb(pid: int, field_name: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
