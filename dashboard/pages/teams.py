"""Teams: can the teams carry it? Per team area the open, new and closed dossiers, fte, caseload per
fte against the norm, the mix of case weight and the share of multi-problem households with one plan."""

import streamlit as st

from dashboard import data, figures, filters, sentences, tables, widgets
from dashboard import format as fmt
from dashboard.literal import md

selection = filters.current()
period = selection.period
now = data.team_figures(selection.area_code, period, selection.theme, selection.channel)
min_count = now.rules.min_count
names = dict(zip(now.teams["code"], now.teams["name"]))
norm = now.norm
norm_text = f"norm {fmt.number(norm.value)} per fte" if norm else ""
selected = selection.description or None  # "thema Wonen": the new dossiers within the chosen filters

st.title(f"Teams · {md(selection.area_label)}")
st.caption(" · ".join(filter(None, [fmt.period(period).capitalize(), f"{period.months} maanden", md(selection.description)])))
if now.teams.empty:
    st.info("Dit gebied hoort niet bij een wijkteamgebied, dus er is geen werklast te tonen.")
    st.stop()
if selection.area_level in ("district", "neighbourhood"):
    st.info(f"De werklast wordt per wijkteam geregistreerd. U ziet het team van {md(selection.area_label[:1].lower() + selection.area_label[1:])}: "
            f"{md(now.teams['name'].iloc[0])}.")
if selected:
    st.info(
        f"Open dossiers, fte en caseload worden niet per thema of kanaal geregistreerd: die gelden voor alle vragen. "
        f"Alleen de nieuwe dossiers zijn ook te splitsen; de kolom *Nieuw, {md(selected)}* toont dat deel.",
        icon=":material/filter_alt:",
    )

st.markdown(sentences.teams(now, names))
if norm:
    st.caption(f"**{md(norm.label_nl)}: {fmt.number(norm.value)} {md(norm.unit_nl)}.** Bron: {md(norm.source)}")

st.subheader("Dossiers per fte")
st.caption("Open dossiers aan het eind van de maand gedeeld door de fte van het team. "
           "Alle wijkteams samen: alle open dossiers gedeeld door alle fte (geen gemiddelde van de teams). "
           "Een ruit markeert een maand boven de norm.")
widgets.chart(figures.caseload_lines(now.monthly, now.teams, norm.value if norm else None, norm_text),
              tables.caseload_per_month(now, names), "caseload_per_maand")

if now.has_total:
    st.subheader(f"Caseload per team, eind {fmt.month(period.last)}")
    widgets.chart(figures.caseload_bars(now.summary, names, norm.value if norm else None, norm_text),
                  tables.team_summary(now, names, selected, for_screen=True)[["Wijkteam", "Open dossiers (eind)", "Fte (eind)", "Dossiers per fte", *(["Boven de norm"] if norm else [])]],
                  "caseload_per_team")

scope = now.teams["code"].iloc[-1]  # the teams together, or the one team
scope_months = now.monthly[now.monthly["team_code"] == scope]
left, right = st.columns(2)
with left:
    st.subheader("Nieuwe en afgesloten dossiers")
    st.caption(f"{md(names[scope])}, per maand.")
    widgets.chart(figures.dossier_flows(scope_months, min_count, selected),
                  tables.team_months(scope_months, min_count, selected), "instroom_uitstroom")
with right:
    st.subheader("Eén gezin, één plan, één regisseur")
    st.caption(f"{md(names[scope])}: aandeel van de huishoudens met problemen op meer levensgebieden dat één plan heeft.")
    widgets.chart(figures.share_line(scope_months, "integrated_share", "met één plan"),
                  tables.team_months(scope_months, min_count, selected)[["Maand", "Multiprobleemhuishoudens", "Met één plan", "Aandeel met één plan"]],
                  "een_plan")

st.subheader(f"Zwaarte van de open dossiers, eind {fmt.month(period.last)}")
st.caption("Licht, midden en zwaar zoals de teams het registreren; vóór de teams dat deden staat er ‘niet geregistreerd’.")
widgets.chart(figures.weight_mix(now.summary, names),
              tables.team_summary(now, names, selected, for_screen=True)[["Wijkteam", "Open dossiers (eind)", "Zwaarte: licht", "Zwaarte: midden", "Zwaarte: zwaar"]],
              "zwaarte")

st.subheader("Alle cijfers per team")
st.caption(f"Nieuwe en afgesloten dossiers: opgeteld over {fmt.period(period)}. De rest: eind {fmt.month(period.last)}.")
st.dataframe(tables.team_summary(now, names, selected, for_screen=True), hide_index=True)
widgets.download(tables.team_summary(now, names, selected, for_screen=False),
                 f"wijkmonitor-teams-{selection.area_code}-{period.first:%Y-%m}-{period.last:%Y-%m}")
widgets.marks_legend()
