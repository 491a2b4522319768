"""Wachttijden: per service the median and 90th-percentile waiting time and the share helped within
the legal norm, for the chosen area and period, per month and per area, and who is still waiting."""

import streamlit as st

from dashboard import data, filters, widgets
from dashboard import format as fmt
from dashboard.literal import md
from dashboard import waiting_times as view

selection = filters.current()
period = selection.period
min_count = data.rules().min_count
services = data.services()
waits = data.wait_times(selection.area_code, period)
totals = waits[waits["kind"] == view.TOTAL]
last_month = waits[(waits["kind"] == view.MONTH) & (waits["code"] == waits.loc[waits["kind"] == view.MONTH, "code"].iloc[-1])]
place = view.where(selection.area_level, selection.area_name)

st.title(f"Wachttijden · {md(selection.area_label)}")
notes = [fmt.period(period).capitalize(), f"{period.months} maanden"]
if selection.theme or selection.channel:
    notes.append("thema en kanaal gelden hier niet: wachttijden worden per voorziening geregistreerd")
st.caption(" · ".join(notes))
st.markdown(view.summary(totals, services, fmt.period(period), place))

st.subheader("Alle voorzieningen")
last_label = fmt.month(period.last)
st.dataframe(view.overview_table(totals, services, last_month, min_count, last_label, for_screen=True), hide_index=True)
widgets.download(
    view.overview_table(totals, services, last_month, min_count, last_label, for_screen=False),
    f"wijkmonitor-wachttijden-{selection.area_code}-{period.first:%Y-%m}-{period.last:%Y-%m}",
)
st.caption(
    "Mediaan: de helft wachtte korter. 90% binnen: negen op de tien wachtten korter. Berekend uit de "
    "samengevoegde wachttijdklassen van alle maanden en wijken, nooit als gemiddelde van medianen; "
    f"binnen een klasse is de waarde geschat, het aandeel binnen de norm is exact. "
    f"**{view.ABOVE_MARK}**: meer dan de helft wachtte langer dan de norm."
)

labels = dict(zip(services["code"], services["label_nl"]))
code = st.selectbox("Voorziening", list(labels), format_func=labels.get, key="wachttijden_voorziening")
service = services.set_index("code").loc[code]
norm_days = int(service["norm_days"])
rows = waits[waits["service"] == code]
months = rows[rows["kind"] == view.MONTH]
st.markdown(view.norm_caption(service))

left, right = st.columns(2)
with left:
    st.subheader("Wachttijd per maand")
    widgets.chart(view.monthly_days(months, norm_days, min_count),
                  view.detail_table(months, "Maand", min_count, for_screen=True), f"wachttijd_{code}")
    st.caption(f"Gestreepte lijn: de norm van {view.weeks(norm_days)}. Bron: {md(service['source'])}."
               + (f" Op {view.OPEN_FROM} dagen staat ‘{view.OPEN_FROM} dagen of meer’: de laatste klasse heeft geen bovengrens."
                  if (months[["median", "p90"]] >= view.OPEN_FROM).any(axis=None) else ""))
with right:
    st.subheader("Binnen de norm per maand")
    widgets.chart(view.monthly_share(months, norm_days, min_count),
                  view.detail_table(months, "Maand", min_count, for_screen=True), f"binnen_norm_{code}")
    st.caption(f"Aandeel van wie in die maand hulp kreeg dat binnen {view.weeks(norm_days)} geholpen werd. "
               f"Bron van de norm: {md(service['source'])}. Oranje, gearceerd en met ▲: minder dan de helft, "
               "dus de mediaan ligt boven de norm.")

areas = rows[rows["kind"].isin([view.AREA, view.REMAINDER])]
left, right = st.columns(2)
with left:
    st.subheader("Per gebied")
    if areas.empty:
        st.markdown("Dit gebied is niet verder onderverdeeld.")
    else:
        widgets.chart(view.area_days(areas, norm_days, min_count),
                      view.detail_table(areas, "Gebied", min_count, for_screen=True), f"gebied_{code}")
        st.caption(f"Wachttijd in dagen (d). Stip: mediaan; streepje: 90% was binnen. Gestreepte lijn: de norm van {view.weeks(norm_days)}. "
                   f"Bron: {md(service['source'])}. Wachtenden in de tabel: eind {fmt.month(period.last)}.")
with right:
    st.subheader("Nog wachtend aan het eind van de maand")
    widgets.chart(
        view.waiting_bars(months, min_count),
        view.detail_table(months, "Maand", min_count, for_screen=True),
        f"wachtend_{code}",
    )
    st.caption("Mensen van wie de hulp eind van de maand nog niet was begonnen (een stand, geen optelsom over maanden).")

shown = waits[(waits["kind"] == view.TOTAL) | (waits["service"] == code)]
if (shown[[c for c in waits.columns if c.endswith("_status")]] != "").any(axis=None):
    widgets.marks_legend()
