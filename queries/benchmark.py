"""Benchmarks run from the command line (`wijkmonitor benchmark …`); they report medians of
several runs and never run in the test suite."""

from __future__ import annotations

import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pandas as pd

from queries import demo
from queries.messages import DUTCH, N_, Listing, Message, Translator, message

EXPORT_YEAR = 2024
BENCHMARK_SECRET = b"wijkmonitor benchmark: throwaway data"  # the benchmark's own database and records
_WRITE_ROWS = 250_000


@dataclass(frozen=True)
class IngestResult:
    rows: int
    file_mb: float
    seconds: list[float]
    cpu_seconds: list[float]  # of the loading process: less disturbed than wall time on a busy machine
    peak_mb: list[float]  # highest resident memory of the loading process
    base_mb: float  # the same process after its imports, before loading

    def text(self, translator: Translator = DUTCH) -> str:
        median, peak = statistics.median(self.seconds), statistics.median(self.peak_mb)
        title = message(N_("inlezen van {rows:,} contacten ({size:,.0f} MB CSV, puntkomma's, Nederlandse datums en labels)"),
                        rows=self.rows, size=self.file_mb)
        return aligned(title, [
            (N_("runs:"), Listing([message(N_("{seconds:,.2f} s"), seconds=s) for s in self.seconds])),
            (N_("mediaan:"), message(N_("{seconds:,.2f} s = {speed:,.0f} rijen/s"), seconds=median, speed=self.rows / median)),
            (N_("CPU-tijd:"), message(N_("{seconds:,.2f} s (mediaan)"), seconds=statistics.median(self.cpu_seconds))),
            (N_("piekgeheugen:"), message(N_("{peak:,.0f} MB resident ({above:,.0f} MB boven de {base:,.0f} MB na het importeren)"),
                                          peak=peak, above=peak - self.base_mb, base=self.base_mb)),
        ], translator)


def aligned(title: Message, rows: list[tuple[str, Message | Listing]], translator: Translator = DUTCH) -> str:
    """A title and indented label-value lines, the values in one column whatever the labels' language."""
    labels = [translator.gettext(label) for label, _ in rows]
    width = max(map(len, labels)) + 2
    return "\n".join([title.text(translator)] + [f"  {label:<{width}}{value.text(translator)}"
                                                   for label, (_, value) in zip(labels, rows)])


def contacts_export(path: Path, rows: int, seed: int = 1) -> None:
    """A registration-system export of ``rows`` contacts in one year, as a municipality would send it."""
    rng = np.random.default_rng(seed)
    areas = [*(f"WK0606{i:02d}" for i in range(1, 10)), "onbekend", "WOT-OOST"]
    area_weights = np.array([11, 8, 10, 7, 1, 15, 12, 6, 9, 1, 0.5])
    types = ["Financiën en schulden", "Huisvesting", "Jeugd en opvoeding", "Dagbesteding en werk", "Huiselijke relaties",
             "Geestelijke gezondheid", "Lichamelijke gezondheid", "Middelengebruik", "ADL", "Sociaal netwerk",
             "Maatschappelijke participatie", "Justitie"]
    channels = ["Telefonisch via de zorgcentrale", "Persoonlijk of inloop", "E-mail of website", "Verwezen door huisarts",
                "Verwezen door school of jeugdgezondheidszorg", "Verwezen door politie of Veiligheidshuis", "Anders"]
    days = pd.date_range(f"{EXPORT_YEAR}-01-01", f"{EXPORT_YEAR}-12-31").strftime("%d-%m-%Y").to_numpy()
    with path.open("w", encoding="utf-8", newline="") as handle:
        for start in range(0, rows, _WRITE_ROWS):
            n = min(_WRITE_ROWS, rows - start)
            frame = pd.DataFrame({
                "Contactnummer": [f"C{i:08d}" for i in range(start + 1, start + n + 1)],
                "Datum": days[rng.integers(0, len(days), n)],
                "Gebied": np.array(areas)[rng.choice(len(areas), n, p=area_weights / area_weights.sum())],
                "Vraagtype": np.array(types)[rng.integers(0, len(types), n)],
                "Kanaal": np.array(channels)[rng.choice(len(channels), n, p=[0.8, 0.08, 0.05, 0.03, 0.02, 0.01, 0.01])],
                "Uitkomst": np.where(rng.random(n) < 0.26, "Dossier", "Korte interventie"),
                "Zwaarte": np.where(rng.random(n) < 0.26, rng.integers(1, 4, n).astype(str), ""),
            })
            frame.to_csv(handle, sep=";", index=False, header=start == 0, lineterminator="\r\n")


def ingest(rows: int, runs: int, progress: Callable[[Message], None] = lambda _: None) -> IngestResult:
    """Time loading a generated export of ``rows`` contacts into a fresh demo database, ``runs`` times.

    Each run loads in a process of its own, so its peak memory is the load's and nothing else's.
    """
    with tempfile.TemporaryDirectory(prefix="wijkmonitor-benchmark-") as folder:
        folder = Path(folder)
        export = folder / "contacten.csv"
        progress(message(N_("{rows:,} contacten aanmaken …"), rows=rows))
        contacts_export(export, rows)
        progress(message(N_("de demodatabase bouwen …")))
        base = folder / "base.db"
        demo.build(f"sqlite:///{base}")
        seconds, cpu, peaks, bases = [], [], [], []
        for run in range(runs):
            target = folder / f"run{run}.db"
            shutil.copyfile(base, target)
            with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
                took, processor, peak, after_imports = pool.submit(_timed_ingest, f"sqlite:///{target}", export).result()
            progress(message(N_("run {run}: {seconds:,.2f} s"), run=run + 1, seconds=took))
            seconds.append(took)
            cpu.append(processor)
            peaks.append(peak)
            bases.append(after_imports)
        return IngestResult(rows, export.stat().st_size / 1e6, seconds, cpu, peaks, statistics.median(bases))


def _timed_ingest(url: str, export: Path) -> tuple[float, float, float, float]:
    from queries.ingest import ingest as load  # imported before measuring the base

    after_imports = _resident_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    load(url, export, "contacts", secret=BENCHMARK_SECRET)
    return time.perf_counter() - started, time.process_time() - cpu_started, _resident_mb(), after_imports


def _resident_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    # VmHWM belongs to this program only; ru_maxrss on Linux keeps the parent's peak across exec.
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
