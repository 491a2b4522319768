"""`wijkmonitor benchmark pages`: the server's CPU per page run, page by page, and what each page shows.

Every page runs under Streamlit's AppTest in this one process, with the same kind of filters the
load test draws (``loadtest.Choices``, seeded, so two versions of the code see the same filters):

- **cold**: the query caches emptied just before the run, as for a visitor whose filters nobody
  asked for yet (the load test's usual case; the few filter-free lists are then fetched again too);
- **warm**: the same page and filters once more, every query cached: what the views, figures and
  Streamlit's serialization cost on their own.

It reports wall and CPU seconds per page (median, p95), never a pass or fail. ``--profile PAGE``
prints the cProfile of that page's cold runs; ``--snapshot FILE`` writes what every page showed
(each element's content, figures as parsed JSON) so that a change meant only for speed can be
checked for changing nothing: run it before and after and compare the two files.
"""

from __future__ import annotations

import cProfile
import hashlib
import json
import logging
import os
import pstats
import random
import statistics
import time
from contextlib import contextmanager
from pathlib import Path

import streamlit as st
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.local_script_runner import LocalScriptRunner

# The dashboard's cached functions are defined outside a Streamlit runtime here; each would warn.
logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)

from dashboard import format as fmt  # noqa: E402
from dashboard import widgets  # noqa: E402
from dashboard.i18n import _  # noqa: E402
from dashboard.loadtest import Choices  # noqa: E402
from queries.config import DATABASE_URL_VARIABLE

APP = Path(__file__).resolve().parent / "app.py"
PAGES = {
    "Overzicht": "pages/overzicht.py",
    "Contacten": "pages/contacten.py",
    "Wijkprofiel": "pages/wijkprofiel.py",
    "Hulpvragen": "pages/hulpvragen.py",
    "Teams": "pages/teams.py",
    "Wachttijden": "pages/wachttijden.py",
    "Tevredenheid": "pages/tevredenheid.py",
    "Over de data": "pages/over_de_data.py",
}


def measure(url: str, runs: int = 10, seed: int = 1, profile: str | None = None, snapshot: Path | None = None) -> dict:
    """Per page: seconds (wall and CPU) of ``runs`` cold and warm runs, each with filters of its own."""
    os.environ[DATABASE_URL_VARIABLE] = url
    choices = Choices.of(url)
    rng = random.Random(seed)
    times = {page: {"cold_wall": [], "cold_cpu": [], "warm_wall": [], "warm_cpu": []} for page in PAGES}
    profiler = cProfile.Profile() if profile else None
    shown = {}
    for number in range(runs):
        params = dict(item.split("=", 1) for item in choices.query_string(rng).split("&"))
        test = AppTest.from_file(str(APP), default_timeout=300)
        for key, value in params.items():
            test.query_params[key] = value
        test.run()  # registers the navigation; then each page in turn
        for page, path in PAGES.items():
            st.cache_data.clear()
            test.query_params.update(params)  # each page drops the parameters it does not own (niveau)
            test.switch_page(path)
            with _profiled(profiler if profile in (page, "all") else None):
                wall, cpu = _timed(test.run)
            times[page]["cold_wall"].append(wall)
            times[page]["cold_cpu"].append(cpu)
            with _downloads() as downloads:
                wall, cpu = _timed(test.run)
            times[page]["warm_wall"].append(wall)
            times[page]["warm_cpu"].append(cpu)
            if test.exception:
                raise RuntimeError(f"{page} with {params}: {[e.value for e in test.exception]}")
            if snapshot:
                shown[f"{number:02d} {page} {json.dumps(params, sort_keys=True)}"] = _shown(test) + downloads
    if snapshot:
        snapshot.write_text(json.dumps(shown, indent=1, sort_keys=True, ensure_ascii=False))
    result = {"runs": runs, "seed": seed, "pages": {page: {name: _summary(values) for name, values in page_times.items()}
                                                  for page, page_times in times.items()}}
    if profiler:
        result["profile"] = profiler
    return result


class _profiled:
    """cProfile of the script thread (AppTest runs the page in a thread of its own)."""

    def __init__(self, profiler: cProfile.Profile | None):
        self.profiler = profiler

    def __enter__(self):
        if self.profiler:
            self.original = LocalScriptRunner._run_script_thread
            profiler = self.profiler

            def run(runner):
                profiler.enable()
                try:
                    self.original(runner)
                finally:
                    profiler.disable()

            LocalScriptRunner._run_script_thread = run

    def __exit__(self, *_):
        if self.profiler:
            LocalScriptRunner._run_script_thread = self.original


@contextmanager
def _downloads():
    """The tables offered as downloads in a run (the file itself is written only on a click)."""
    original, offered = widgets.download, []

    def download(table, file_name, *args, **kwargs):
        offered.append(["download", file_name, table.to_csv(index=False)])
        return original(table, file_name, *args, **kwargs)

    widgets.download = download
    try:
        yield offered
    finally:
        widgets.download = original


def _timed(run) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"p50": round(statistics.median(ordered), 4), "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 4)}


def _shown(test: AppTest) -> list:
    """Every element of the run, as its content: protobuf fields, a figure's spec parsed, a table's
    Arrow bytes by checksum."""
    out = []
    for node in test._tree:
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        content = MessageToDict(proto, preserving_proto_field_name=True)
        content.pop("deferred_file_id", None)  # a fresh random id every run
        if "spec" in content:  # plotly: the figure as JSON, key order aside
            content["spec"] = json.loads(content["spec"])
        for name in ("data", "arrow_data"):  # dataframes: Arrow bytes (base64 in the dict)
            if isinstance(content.get(name), dict) and "data" in content[name]:
                content[name]["data"] = hashlib.sha256(content[name]["data"].encode()).hexdigest()
        out.append([node.type, content])
    return out


def report(result: dict) -> str:
    """The measurement for people, in the active language."""
    headings = [_("koud klok p50/p95"), _("koud CPU p50/p95"), _("warm klok p50/p95"), _("warm CPU p50/p95")]
    page = _("pagina")
    width = max(14, len(page) + 2, *(len(name) + 2 for name in result["pages"]))
    column = max(20, *(len(heading) + 2 for heading in headings))
    lines = [_("Servertijd per paginarun onder AppTest, {runs} runs per pagina (seed {seed}), seconden:").format(
                 runs=result["runs"], seed=result["seed"]),
             f"  {page:<{width}}" + "".join(f"{heading:>{column}}" for heading in headings)]
    for name, t in result["pages"].items():
        cells = [f"{fmt.number(t[k]['p50'], 3)} / {fmt.number(t[k]['p95'], 3)}" for k in ("cold_wall", "cold_cpu", "warm_wall", "warm_cpu")]
        lines.append(f"  {name:<{width}}" + "".join(f"{c:>{column}}" for c in cells))
    cold = statistics.mean([t["cold_cpu"]["p50"] for t in result["pages"].values()])
    lines.append("  " + _("gemiddelde van de koude CPU-medianen van de pagina's: {seconds} s").format(seconds=fmt.number(cold, 3)))
    return "\n".join(lines)


def profile_text(profiler: cProfile.Profile, lines: int = 40) -> str:
    import io

    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines)
    return out.getvalue()
