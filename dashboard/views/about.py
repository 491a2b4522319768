"""What the page "Over de data" shows: what is loaded for which months, the load log, what every
measure means, the norms and the protection in force. Texts from files and from the loader
(file names, messages, sources, norms) come from outside: tables hold them as given, sentences as
Markdown through ``literal.md``."""

from __future__ import annotations

import pandas as pd

from dashboard import format as fmt
from dashboard import i18n
from dashboard.i18n import N_, _
from dashboard.literal import md
from dashboard.views import cells

KINDS = {
    "contacts": N_("Contacten"),
    "waits": N_("Wachttijden"),
    "survey": N_("Enquêtes"),
    "caseload": N_("Caseload"),
    "population": N_("Inwoners (CBS)"),
    "demo": N_("Demogegevens"),
}
RESULTS = {"ok": N_("geladen")}
PER_YEAR = ("survey", "population")  # data that come per year: survey waves, inhabitants

MEASURES = [  # (measure, meaning, source)
    (N_("Contacten"), N_("Alle keren dat een inwoner contact had met een wijkteam: telefonisch via de zorgcentrale, "
                         "persoonlijk, per e-mail of doorverwezen door huisarts, school, politie of anderen."),
     N_("Registratie van de teams")),
    (N_("Korte interventie"), N_("Een contact dat is afgehandeld zonder dossier: advies, een doorverwijzing of een "
                                 "korte actie. Het aandeel is korte interventies gedeeld door contacten."),
     N_("Registratie van de teams")),
    (N_("Dossiers geopend"), N_("Contacten waarbij een korte interventie niet genoeg was. Elk contact is óf een korte "
                                "interventie óf een dossier."), N_("Registratie van de teams")),
    (N_("Per 1.000 inwoners"), N_("Contacten in de periode gedeeld door het aantal inwoners van het gebied in het jaar "
                                  "van de laatste maand, maal 1.000."),
     N_("Registratie van de teams; CBS Kerncijfers wijken en buurten")),
    (N_("Per 1.000 jongeren (0–17 jaar)"), N_("Bij het thema jeugd en opvoeding: contacten in de periode gedeeld door "
                                              "het aantal jongeren van 0 tot en met 17 jaar in het gebied in het jaar van "
                                              "de laatste maand, maal 1.000, zoals de Jeugdmonitor jeugdhulp per 1.000 "
                                              "jongeren tot 18 jaar telt."),
     N_("Registratie van de teams; bevolkingsregister van de gemeente")),
    (N_("Thema en vraagtype"), N_("Het soort hulpvraag, gegroepeerd in vier thema's: schulden en inkomen, wonen, jeugd en "
                                  "opvoeding (elk met de vraagtypen die het debat nodig heeft) en de overige "
                                  "levensgebieden van de Zelfredzaamheid-Matrix (ZRM)."), N_("Registratie van de teams")),
    (N_("Wachttijd"), N_("Dagen tussen aanvraag of melding en de start van de hulp, voor hulp die in de maand begon. "
                         "Opgeslagen in klassen (0–3, 4–7, 8–14, 15–28, 29–42, 43–56, 57–70, 71–84, 85+ dagen); "
                         "mediaan en 90e percentiel zijn daardoor op één klasse nauwkeurig."),
     N_("Registratie van de teams")),
    (N_("Binnen de norm"), N_("Het aandeel van de gestarte hulp dat binnen de normtermijn van de dienst begon "
                              "(normen hieronder)."), N_("Registratie van de teams; wet- en regelgeving")),
    (N_("Wachtenden"), N_("Inwoners die aan het eind van de maand nog wachten op de start van hulp."),
     N_("Registratie van de teams")),
    (N_("Open dossiers en caseload"), N_("Open dossiers aan het eind van de maand, per team; de caseload is open "
                                         "dossiers per fte. Zwaarte 1–3 wordt sinds 2016 geregistreerd."),
     N_("Maandrapportage van de teams")),
    (N_("Eén gezin, één plan"), N_("Van de huishoudens met problemen op meer levensgebieden: het aandeel met één plan "
                                   "en één regisseur."), N_("Maandrapportage van de teams")),
    (N_("Enquêtescores"), N_("Het gemiddelde cijfer (medewerkers, 1–10) of het aandeel dat het (helemaal) eens is "
                             "(cliënten, 1–5); een cijfer van 6 of hoger telt als positief."),
     N_("Medewerkersenquête; cliëntervaringsonderzoek")),
]


def _in_sentence(label: str) -> str:
    return label[0].lower() + label[1:]


def _reach(kind: str, value) -> str:
    """A month, or the year for data that come per year."""
    if value is None:
        return fmt.MISSING
    return str(value.year) if kind in PER_YEAR else fmt.month(value)


def coverage_sentence(coverage: pd.DataFrame, period) -> str:
    """Which kinds of data cover the whole chosen period, and which do not."""
    whole = [row.first is not None and row.first <= period.first and period.last <= row.last for row in coverage.itertuples()]
    covered = [_in_sentence(_(KINDS[kind])) for kind, ok in zip(coverage["kind"], whole) if ok]
    missing = [_in_sentence(_(KINDS[kind])) for kind, ok in zip(coverage["kind"], whole) if not ok]
    text = _("Voor de gekozen periode ({period}) zijn gegevens geladen over {kinds}.").format(
        period=fmt.period(period), kinds=", ".join(covered) or _("niets"))
    if missing:
        text += " " + _("Niet voor de hele periode: {kinds}.").format(kinds=", ".join(missing))
    return text


def coverage_table(coverage: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        _("Gegevens"): [_(KINDS[kind]) for kind in coverage["kind"]],
        _("Vanaf"): [_reach(kind, first) for kind, first in zip(coverage["kind"], coverage["first"])],
        _("Tot en met"): [_reach(kind, last) for kind, last in zip(coverage["kind"], coverage["last"])],
    })


def _local_time(when) -> str:
    moment = pd.Timestamp(when)
    moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment  # stored in UTC
    return fmt.moment(moment.tz_convert("Europe/Amsterdam").to_pydatetime())


def load_log(history: pd.DataFrame) -> pd.DataFrame:
    """The load log, newest first; file names and messages as they were stored."""
    return pd.DataFrame({
        _("Geladen op"): [_local_time(when) for when in history["loaded_at"]],
        _("Soort"): [_(KINDS[kind]) if kind in KINDS else kind for kind in history["kind"]],
        _("Bestand"): history["file_name"],
        _("Periode"): [fmt.period(period) if period else fmt.MISSING for period in history["period"]],
        _("Rijen gelezen"): pd.Series([cells.decimal(n, 0) for n in history["rows_read"]], dtype=object),
        _("Rijen opgeslagen"): pd.Series([cells.decimal(n, 0) for n in history["rows_written"]], dtype=object),
        _("Resultaat"): [_(RESULTS[result]) if result in RESULTS else result for result in history["result"]],
        _("Toelichting"): history["message"].fillna(""),
    })


def measures_table() -> pd.DataFrame:
    return pd.DataFrame([[_(part) for part in row] for row in MEASURES], columns=[_("Maat"), _("Betekenis"), _("Bron")])


def norms_table(services: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        _("Dienst"): services[i18n.label_column()],
        _("Norm"): services[f"norm_{i18n.current()}"],
        _("Termijn in dagen"): pd.Series([cells.decimal(d, 0) for d in services["norm_days"]], dtype=object),
        _("Bron"): services["source"],
    })


def protection_lines(min_count: int, min_respondents: int, max_deviation: int, exact: bool) -> list[str]:
    """The protection in force, as Markdown list items."""
    lines = [
        _("Elk aantal krijgt een kleine, vaste afwijking van hooguit {deviation} (de cell-key-methode van de "
          "statistiekbureaus): hetzelfde cijfer toont overal en altijd dezelfde waarde, en door totalen van elkaar af "
          "te trekken is geen verborgen aantal exact terug te rekenen. Totalen tellen daardoor niet altijd precies op."
          ).format(deviation=max_deviation),
        _("Aantallen onder de {min} worden als “<{min}” weergegeven.").format(min=min_count),
        _("Percentages, gemiddelden en wachttijden worden berekend uit de gepubliceerde aantallen."),
        _("Enquêtescores worden alleen getoond bij minstens {n} respondenten.").format(n=fmt.number(min_respondents)),
        _("De database bevat alleen totalen per maand, gebied en categorie; bestanden met persoonsgegevens "
          "(zoals BSN, naam, adres of geboortedatum) worden bij het laden geweigerd."),
    ]
    if exact:
        lines[:3] = [_("**Beschermingsniveau intern:** alle aantallen zijn exact, ook kleine. Alleen voor gebruik "
                       "binnen een gesloten netwerk.")]
    return [f"- {line}" for line in lines]


def source_lines(population_sources: pd.DataFrame, shape_sources: list[str]) -> list[str]:
    """Where the figures come from, as Markdown list items."""
    lines = []
    for row in population_sources.itertuples():
        years = str(row.first) + (f"–{row.last}" if row.last != row.first else "")
        lines.append("- " + _("Inwoners: {source} ({years})").format(source=md(row.source), years=years))
    lines += ["- " + _("Kaartvlakken: {source}").format(source=md(source)) for source in shape_sources]
    lines.append("- " + _("Contacten, wachttijden, caseload en enquêtes: de registratie en rapportages van de "
                          "wijkteams, geladen zoals in het laadlogboek hierboven."))
    return lines
