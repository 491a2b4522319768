"""Over de data: what every figure means, where it comes from, which norms and privacy rules apply,
and what was loaded when, so a reader can judge how fresh and complete the figures are."""

import pandas as pd
import streamlit as st

from dashboard import data, filters, widgets
from dashboard import format as fmt
from dashboard.literal import md

KINDS = {
    "contacts": "Contacten",
    "waits": "Wachttijden",
    "survey": "Enquêtes",
    "caseload": "Caseload",
    "population": "Inwoners (CBS)",
    "demo": "Demogegevens",
}
RESULTS = {"ok": "geladen"}

MEASURES = [
    ("Contacten", "Alle keren dat een inwoner contact had met een wijkteam: telefonisch via de zorgcentrale, "
     "persoonlijk, per e-mail of doorverwezen door huisarts, school, politie of anderen.", "Registratie van de teams"),
    ("Korte interventie", "Een contact dat is afgehandeld zonder dossier: advies, een doorverwijzing of een "
     "korte actie. Het aandeel is korte interventies gedeeld door contacten.", "Registratie van de teams"),
    ("Dossiers geopend", "Contacten waarbij een korte interventie niet genoeg was. Elk contact is óf een korte "
     "interventie óf een dossier.", "Registratie van de teams"),
    ("Per 1.000 inwoners", "Contacten in de periode gedeeld door het aantal inwoners van het gebied in het jaar "
     "van de laatste maand, maal 1.000.", "Registratie van de teams; CBS Kerncijfers wijken en buurten"),
    ("Thema en vraagtype", "Het levensgebied van de hulpvraag volgens de Zelfredzaamheid-Matrix (ZRM), plus jeugd "
     "en opvoeding, gegroepeerd in vier thema's.", "Registratie van de teams"),
    ("Wachttijd", "Dagen tussen aanvraag of melding en de start van de hulp, voor hulp die in de maand begon. "
     "Opgeslagen in klassen (0–3, 4–7, 8–14, 15–28, 29–42, 43–56, 57–70, 71–84, 85+ dagen); mediaan en "
     "90e percentiel zijn daardoor op één klasse nauwkeurig.", "Registratie van de teams"),
    ("Binnen de norm", "Het aandeel van de gestarte hulp dat binnen de normtermijn van de dienst begon "
     "(normen hieronder).", "Registratie van de teams; wet- en regelgeving"),
    ("Wachtenden", "Inwoners die aan het eind van de maand nog wachten op de start van hulp.", "Registratie van de teams"),
    ("Open dossiers en caseload", "Open dossiers aan het eind van de maand, per team; de caseload is open dossiers "
     "per fte. Zwaarte 1–3 wordt sinds 2016 geregistreerd.", "Maandrapportage van de teams"),
    ("Eén gezin, één plan", "Van de huishoudens met problemen op meer levensgebieden: het aandeel met één plan en "
     "één regisseur.", "Maandrapportage van de teams"),
    ("Enquêtescores", "Het gemiddelde cijfer (medewerkers, 1–10) of het aandeel dat het (helemaal) eens is "
     "(cliënten, 1–5); een cijfer van 6 of hoger telt als positief.", "Medewerkersenquête; cliëntervaringsonderzoek"),
]

selection = filters.current()
rules = data.rules()

st.title("Over de data")
st.caption("Wat de cijfers betekenen, waar ze vandaan komen en wanneer ze zijn bijgewerkt.")

def in_sentence(label: str) -> str:
    return label[0].lower() + label[1:]


def reach(kind: str, value) -> str:
    """A month, or the year for data that come per year (survey waves, inhabitants)."""
    if value is None:
        return fmt.MISSING
    return str(value.year) if kind in ("survey", "population") else fmt.month(value)


st.subheader("Wat er in de database staat")
coverage = data.coverage()
reaches = [row.first is not None and row.first <= selection.period.first and selection.period.last <= row.last
           for row in coverage.itertuples()]
covered = [in_sentence(KINDS[kind]) for kind, ok in zip(coverage["kind"], reaches) if ok]
missing = [in_sentence(KINDS[kind]) for kind, ok in zip(coverage["kind"], reaches) if not ok]
st.markdown(
    f"Voor de gekozen periode ({fmt.period(selection.period)}) zijn gegevens geladen over "
    f"{', '.join(covered) or 'niets'}."
    + (f" Niet voor de hele periode: {', '.join(missing)}." if missing else "")
)
st.dataframe(
    pd.DataFrame({
        "Gegevens": [KINDS[kind] for kind in coverage["kind"]],
        "Vanaf": [reach(kind, first) for kind, first in zip(coverage["kind"], coverage["first"])],
        "Tot en met": [reach(kind, last) for kind, last in zip(coverage["kind"], coverage["last"])],
    }),
    hide_index=True,
)

# Static tables here: the messages, definitions and norms are texts that a scrolling grid would cut off.
# st.table reads its cells as Markdown: file names, messages and norms come from outside, so md().
st.subheader("Laadlogboek")
st.markdown("Elke keer dat gegevens zijn geladen, nieuwste eerst. Een bestand dat werd geweigerd "
            "(persoonsgegevens, fouten) is niet geladen en staat hier niet.")
history = data.load_history()


def local_time(when) -> str:
    moment = pd.Timestamp(when)
    moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment  # stored in UTC
    return moment.tz_convert("Europe/Amsterdam").strftime("%d-%m-%Y %H:%M")


log = pd.DataFrame({
    "Geladen op": [local_time(when) for when in history["loaded_at"]],
    "Soort": [KINDS.get(kind, kind) for kind in history["kind"]],
    "Bestand": history["file_name"],
    "Periode": [fmt.period(period) if period else fmt.MISSING for period in history["period"]],
    "Rijen gelezen": [fmt.number(fmt.optional(n)) for n in history["rows_read"]],
    "Rijen opgeslagen": [fmt.number(n) for n in history["rows_written"]],
    "Resultaat": [RESULTS.get(result, result) for result in history["result"]],
    "Toelichting": history["message"].fillna(""),
})
st.table(log.map(md).set_index("Geladen op"))
widgets.download(log, "laadlogboek", "Download het laadlogboek als Excel")

st.subheader("Begrippen")
st.table(pd.DataFrame(MEASURES, columns=["Maat", "Betekenis", "Bron"]).set_index("Maat"))

st.subheader("Normen voor wachttijden")
services = data.services()
st.table(
    pd.DataFrame({
        "Dienst": services["label_nl"],
        "Norm": services["norm_nl"],
        "Termijn in dagen": [fmt.number(d) for d in services["norm_days"]],
        "Bron": services["source"],
    }).map(md).set_index("Dienst")
)

st.subheader("Privacy: wat niet wordt getoond")
protection = [
    f"- Elk aantal krijgt een kleine, vaste afwijking van hooguit {data.max_deviation()} (de cell-key-methode van de "
    "statistiekbureaus): hetzelfde cijfer toont overal en altijd dezelfde waarde, en door totalen van elkaar af "
    "te trekken is geen verborgen aantal exact terug te rekenen. Totalen tellen daardoor niet altijd precies op.",
    f"- Aantallen onder de {rules.min_count} worden als “<{rules.min_count}” weergegeven.",
    "- Percentages, gemiddelden en wachttijden worden berekend uit de gepubliceerde aantallen.",
    f"- Enquêtescores worden alleen getoond bij minstens {fmt.number(rules.min_respondents)} respondenten.",
    "- De database bevat alleen totalen per maand, gebied en categorie; bestanden met persoonsgegevens "
    "(zoals BSN, naam, adres of geboortedatum) worden bij het laden geweigerd.",
]
if rules.exact:
    protection[:3] = ["- **Beschermingsniveau intern:** alle aantallen zijn exact, ook kleine. Alleen voor gebruik "
                      "binnen een gesloten netwerk."]
st.markdown("\n".join(protection))
widgets.marks_legend()

st.subheader("Bronnen")
sources = data.population_sources()
lines = [
    f"- Inwoners: {md(row.source)} ({row.first}" + (f"–{row.last}" if row.last != row.first else "") + ")"
    for row in sources.itertuples()
]
lines += [f"- Kaartvlakken: {md(source)}" for source in data.shape_sources()]
lines.append("- Contacten, wachttijden, caseload en enquêtes: de registratie en rapportages van de wijkteams, "
             "geladen zoals in het laadlogboek hierboven.")
st.markdown("\n".join(lines))
