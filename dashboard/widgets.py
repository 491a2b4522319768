"""Pieces every page uses: the demo notice, key-figure tiles, charts with their table, downloads."""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import data
from dashboard import format as fmt
from dashboard import literal, messages
from dashboard.i18n import _, ngettext
from queries.disclosure import DisclosureRules
from queries.messages import UserError

CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def page_heading(title: str, selection, months: bool = True) -> None:
    """A page's title with the chosen area, and a caption with the period and other filters."""
    st.title(f"{title} · {literal.md(selection.area_label)}")
    period = selection.period
    parts = [fmt.first_upper(fmt.period(period)),
             ngettext("{n} maand", "{n} maanden", period.months).format(n=period.months) if months else "",
             literal.md(selection.description)]
    st.caption(" · ".join(p for p in parts if p))


def demo_notice() -> None:
    st.info(
        _("**Demogegevens.** Januari tot en met mei 2015 volgen de cijfers die Schiedam publiceerde; "
          "alle latere maanden zijn verzonnen (synthetisch) en zeggen niets over de werkelijkheid."),
        icon=":material/science:",
    )


def key_figure(label: str, value: str, change: str | None, compared_with: str, help: str) -> None:
    """A tile with the figure and its change against an earlier period (neutral colour: more
    contacts is neither good nor bad)."""
    arrow = "off" if change is None or change.startswith("±") else "down" if change.startswith("−") else "up"
    st.metric(
        label,
        value,
        delta=change,
        delta_color="off",
        delta_arrow=arrow,
        delta_description=compared_with if change else None,
        help=help,
        border=True,
    )


def chart(figure: go.Figure, table: pd.DataFrame, name: str) -> None:
    """A chart with the same numbers as a table beneath it (the accessible alternative), and that
    table as a download (Streamlit's own CSV export is off: it writes formulas as given)."""
    st.plotly_chart(figure, config=CHART_CONFIG, key=f"chart_{name}")
    with st.expander(_("Tabel bij deze grafiek")):
        st.dataframe(table, hide_index=True)
        download(table, f"wijkmonitor-{name}")


def download(table: pd.DataFrame, file_name: str, label: str | None = None) -> None:
    """``table`` as an Excel file, written only when someone clicks (most visits download nothing)."""
    st.download_button(
        label or _("Download als Excel"),
        data=lambda: excel_bytes(table, data.rules()),
        file_name=f"{file_name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
    )


def excel_bytes(table: pd.DataFrame, rules: DisclosureRules | None = None) -> bytes:
    """The one writer of every download. Names in it come from outside (files, boundary maps), so
    no text cell may become a formula: openpyxl would store text starting with "=" as one, and a
    spreadsheet evaluates "+", "-" and "@" when the cell is edited. Such text is kept as written,
    in a text cell marked as text (Excel's leading apostrophe, not part of the value); numbers
    stay numbers."""
    rules = rules or DisclosureRules()
    about = pd.DataFrame({_("Onderwerp"): [_("Beschermingsniveau"), _("Bescherming"), _("Gemaakt op")], _("Waarde"): [
        _("intern: exacte cijfers, niet voor publicatie") if rules.exact else _("openbaar (public)"),
        fmt.explain_marks(rules.min_count, rules.exact),
        datetime.now().astimezone().isoformat(timespec="seconds"),
    ]})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, index=False, sheet_name="Wijkmonitor")
        about.to_excel(writer, index=False, sheet_name=_("Toelichting"))
        for row in writer.sheets["Wijkmonitor"].iter_rows():
            for cell in row:
                if literal.is_formula(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    return buffer.getvalue()


def marks_legend() -> None:
    rules = data.rules()
    st.caption(fmt.explain_marks(rules.min_count, rules.exact))


def internal_banner() -> None:
    """Exact figures must never be mistaken for publishable ones: on every page, before anything else."""
    st.error(
        _("**Intern: exacte cijfers, niet voor publicatie.** Deze Wijkmonitor draait met beschermingsniveau "
          "`internal`: kleine aantallen worden getoond zoals ze zijn. Deel schermen en downloads niet buiten "
          "het gesloten netwerk."),
        icon=":material/lock:",
    )


def database_problem(error: UserError) -> None:
    st.error(
        _("**De gegevens zijn nu niet bereikbaar.** Het dashboard kan de database niet lezen. "
          "Probeer het over een paar minuten opnieuw; blijft dit zo, meld het dan bij de beheerder "
          "van de Wijkmonitor."),
        icon=":material/cloud_off:",
    )
    with st.expander(_("Technische melding voor de beheerder")):
        st.code(messages.text(error), language=None)
