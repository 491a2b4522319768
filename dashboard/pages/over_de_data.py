"""Over de data: what every figure means, where it comes from, which norms and privacy rules apply,
and what was loaded when, so a reader can judge how fresh and complete the figures are."""

import streamlit as st

from dashboard import data, filters, widgets
from dashboard.i18n import _
from dashboard.literal import md
from dashboard.views import about, cells

selection = filters.current()
rules = data.rules()

st.title(_("Over de data"))
st.caption(_("Wat de cijfers betekenen, waar ze vandaan komen en wanneer ze zijn bijgewerkt."))

st.header(_("Wat er in de database staat"))
coverage = data.coverage()
st.markdown(about.coverage_sentence(coverage, selection.period))
widgets.table_with_downloads(about.coverage_table(coverage), "wijkmonitor-gegevens")

# Static tables here: the messages, definitions and norms are texts that a scrolling grid would cut off.
# st.table reads its cells as Markdown: file names, messages and norms come from outside, so md().
st.header(_("Laadlogboek"))
st.markdown(_("Elke keer dat gegevens zijn geladen, nieuwste eerst. Een bestand dat werd geweigerd "
              "(persoonsgegevens, fouten) is niet geladen en staat hier niet."))
log = about.load_log(data.load_history())
st.table(cells.screen(log).map(md).set_index(log.columns[0]))
widgets.download(log, "wijkmonitor-laadlogboek", _("het laadlogboek"))

st.header(_("Begrippen"))
measures = about.measures_table()
st.table(measures.set_index(measures.columns[0]))
widgets.download(measures, "wijkmonitor-begrippen", _("de begrippen"))

st.header(_("Normen voor wachttijden"))
norms = about.norms_table(data.services())
st.table(cells.screen(norms).map(md).set_index(norms.columns[0]))
widgets.download(norms, "wijkmonitor-normen", _("de normen"))

st.header(_("Privacy: wat niet wordt getoond"))
st.markdown("\n".join(about.protection_lines(rules.min_count, rules.min_respondents, data.max_deviation(), rules.exact)))
widgets.marks_legend()

st.header(_("Bronnen"))
st.markdown("\n".join(about.source_lines(data.population_sources(), data.shape_sources())))
