"""Themasessie: one theme walked through on a big screen, a view at a time (key figures, map, trend,
question types, waiting times, satisfaction, teams), for a council's theme evening. The views are
composed in views/session.py from the pages' own; this page chooses the step and arranges it: the
steps with next and previous (buttons and the arrow keys), the presenter's line, the chart, and a
link with its QR code that opens this view on a member's own device."""

import streamlit as st

from dashboard import data, filters, widgets
from dashboard.i18n import _
from dashboard.literal import md
from dashboard.views import cells
from dashboard.views import session as view

STEP_KEY = "sessie_stap"

widgets.session_style()
selection = filters.current()

if selection.theme is None:
    # A link's step waits in the link until the theme is chosen; page_choice reads it then.
    filters.own_param(view.STEP)
    widgets.page_heading(_("Themasessie"), selection)
    st.markdown(view.choose_theme_note())
    for column, (code, label) in zip(st.columns(4), view.theme_options(data.themes()).items()):
        column.button(md(label), on_click=filters.select_theme, args=(code,), key=f"sessie_thema_{code}",
                      width="stretch", type="primary")
    filters.stop()


def move(forward: bool) -> None:
    """One view on from the view the session is on when the key is handled, not when the button was
    drawn: a second press during a run still moves on."""
    previous, following = view.neighbours(st.session_state[STEP_KEY])
    st.session_state[STEP_KEY] = (following if forward else previous) or st.session_state[STEP_KEY]


heading, code = st.columns([5, 1.6], vertical_alignment="top")
with heading:
    title = st.container()  # filled once the step is known: the heading names it
    back, steps, forward = st.columns([1, 6, 1], vertical_alignment="bottom")
    with steps:
        step = filters.page_choice(_("Beeld"), view.step_labels(), view.STEP, view.FIRST, key=STEP_KEY)
    previous, following = view.neighbours(step)
    back.button(_("Vorige"), icon=":material/arrow_back:", shortcut="left", disabled=previous is None,
                on_click=move, args=(False,), width="stretch", key="sessie_vorige")
    forward.button(_("Volgende"), icon=":material/arrow_forward:", icon_position="right", shortcut="right",
                   disabled=following is None, on_click=move, args=(True,), width="stretch",
                   key="sessie_volgende", type="primary")
with code:
    address = view.link(data.public_url() or view.root_of(st.context.url or ""), st.query_params.to_dict())
    widgets.session_link(address, view.qr_svg(address), view.qr_alt(address))

with title:
    widgets.page_heading(view.title(selection), selection, extra=view.position(step))

shown = view.compose(data, selection, step)
st.header(shown.title)
if shown.fixed_width:  # the map: the screen's height for it, the line beside it
    figure, line = st.columns([2.1, 1], gap="large")
    line.container(key="session-line").markdown(shown.line)
    with figure:
        widgets.chart(shown.figure, shown.table, f"sessie_{step}", alt=shown.alt, width="content")
else:
    st.container(key="session-line").markdown(shown.line)

if shown.tiles:
    for column, tile in zip(st.columns(len(shown.tiles)), shown.tiles):
        with column:
            widgets.key_figure(tile.label, tile.value, tile.change, tile.compared_with, tile.help, tile.named)
if shown.beside is not None:
    left, right = st.columns([1, 1], gap="large") if shown.figure is not None else (st.container(), None)
    with left:
        # A static table: its type grows with the page's; names and labels come from outside, so md().
        st.table(cells.screen(shown.beside).map(md).set_index(shown.beside.columns[0]))
    if right:
        with right:
            widgets.chart(shown.figure, shown.table, f"sessie_{step}")
elif shown.figure is not None and not shown.fixed_width:
    widgets.chart(shown.figure, shown.table, f"sessie_{step}", alt=shown.alt)
if shown.note:
    st.caption(shown.note)
