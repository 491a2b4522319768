"""Charts as files: plotly figures drawn to SVG (for the PDF) and PNG (for the press) by kaleido,
in the system's Chromium.

Kaleido 1.x drives an installed Chrome or Chromium through the DevTools protocol (choreographer);
it never downloads one here: the browser is named by its path (``CHROMIUM``, or ``BROWSER_PATH``
when set), and a missing browser is an error a person can act on. MathJax is off (kaleido would
fetch it from a CDN), plotly.js comes from the plotly package. One browser is started on first use
and kept for the process, so a warm image takes a tenth of a second instead of two.
"""

from __future__ import annotations

import atexit
import os
import shutil
import threading

import plotly.graph_objects as go

from dashboard import format as fmt
from dashboard.i18n import _
from queries.messages import N_, UserError

CHROMIUM = "/usr/bin/chromium"  # Debian's package, as the browser tests use
_lock = threading.Lock()
_started = False


class RenderError(UserError, RuntimeError):
    """A chart could not be drawn to a file."""


NO_BROWSER = N_("voor grafieken als afbeelding is Chromium nodig (Debian-pakket chromium, of zet BROWSER_PATH op "
                "een Chrome of Chromium)")


def available() -> bool:
    try:
        browser_path()
    except RenderError:
        return False
    return True


def unavailable_text() -> str:
    """Why there are no downloads of the factsheet, for the page."""
    return fmt.first_upper(_(NO_BROWSER)) + "."


def browser_path() -> str:
    """The Chrome or Chromium kaleido drives: ``BROWSER_PATH`` (choreographer's own variable), else
    Debian's Chromium, else one on PATH."""
    for candidate in (os.environ.get("BROWSER_PATH"), CHROMIUM, shutil.which("chromium"), shutil.which("google-chrome")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise RenderError(NO_BROWSER)


def _server() -> None:
    """Start kaleido's browser once for this process (a second call finds it running)."""
    global _started
    import kaleido

    with _lock:
        if not _started:
            kaleido.start_sync_server(path=browser_path(), n=1, mathjax=False, timeout=60, silence_warnings=True)
            atexit.register(kaleido.stop_sync_server, silence_warnings=True)
            _started = True


def close() -> None:
    """Stop the browser (a command that is done with it; a server keeps it)."""
    global _started
    import kaleido

    with _lock:
        if _started:
            kaleido.stop_sync_server(silence_warnings=True)
            _started = False


def _render(figure: go.Figure, options: dict) -> bytes:
    import kaleido

    _server()
    with _lock:  # one page in the browser: calls from several sessions take turns
        return kaleido.calc_fig_sync(figure, opts=options)


def svg(figure: go.Figure, width: int, height: int | None = None) -> bytes:
    """``figure`` as SVG, ``width`` × ``height`` CSS pixels (height: the figure's own)."""
    return _render(figure, {"format": "svg", "width": width, "height": height or figure.layout.height or 450})


def png(figure: go.Figure, width: int, scale: int = 2) -> bytes:
    """``figure`` as PNG exactly ``width`` pixels wide, drawn at ``scale`` pixels per CSS pixel
    (sharp in print), its height the figure's own times ``scale``."""
    if width % scale:
        raise ValueError(f"width {width} is not a multiple of scale {scale}")
    height = figure.layout.height or 450
    return _render(figure, {"format": "png", "width": width // scale, "height": height, "scale": scale})


def png_size(figure: go.Figure, width: int, scale: int = 2) -> tuple[int, int]:
    """The pixel size ``png`` gives."""
    return width, (figure.layout.height or 450) * scale
