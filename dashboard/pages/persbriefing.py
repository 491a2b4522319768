"""Persbriefing: the one-page factsheet of the chosen period, area and theme, as an alderman hands
it out: headline figures, sentences to say out loud, the map and the trend, and downloads of it as
a PDF and of each chart as a press image. The factsheet is composed once (views/factsheet.py); the
page, the PDF and the images all show that one object."""

import streamlit as st

from dashboard import data, filters, images, pdf, widgets
from dashboard.i18n import _
from dashboard.views import contacts, factsheet

selection = filters.current()
period = selection.period

widgets.page_heading(_("Persbriefing"), selection)
measure = filters.page_choice(_("Op de kaart"), contacts.measure_buttons(data.population_base(selection.theme)), "maat",
                          contacts.DEFAULT_MEASURE)
sheet = factsheet.compose(data, selection, measure)
name = f"wijkmonitor-persbriefing-{selection.area_code}-{period.first:%Y-%m}-{period.last:%Y-%m}"

if images.available():
    buttons = st.columns(1 + len(sheet.charts))
    with buttons[0]:
        st.download_button(_("Download als PDF (A4)"), data=lambda: pdf.factsheet_pdf(sheet), file_name=f"{name}.pdf",
                           mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore", type="primary")
    for column, chart in zip(buttons[1:], sheet.charts):
        with column:
            st.download_button(_("Afbeelding: {title}").format(title=chart.title),
                               data=lambda chart=chart: images.png(factsheet.press_figure(sheet, chart),
                                                                   factsheet.PRESS_WIDTH),
                               file_name=f"{name}-{chart.name}.png", mime="image/png", icon=":material/image:",
                               on_click="ignore", key=f"png_{chart.name}")
else:
    st.info(images.unavailable_text(), icon=":material/print_disabled:")

st.header(_("Kerncijfers"))
widgets.table_with_downloads(factsheet.headline_table(sheet), f"{name}-kerncijfers")
st.header(_("Wat de cijfers zeggen"))
st.markdown(" ".join(sheet.sentences))

left, right = st.columns(2, gap="large")
for column, chart in zip((left, right), sheet.charts):
    with column:
        st.header(chart.title)
        st.plotly_chart(chart.figure, config=widgets.CHART_CONFIG, key=f"chart_{chart.name}")
        st.caption(chart.alt_markdown)

st.caption(sheet.footer_markdown)
