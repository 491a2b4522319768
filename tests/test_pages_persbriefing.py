"""The page Persbriefing under AppTest: it shows the factsheet that views/factsheet.py composes, with
the same numbers as Overzicht, and offers the PDF and the press images."""

from __future__ import annotations

from .reading import as_read

PAGE = "pages/persbriefing.py"
LINK = {"van": "2015-01", "tot": "2015-05"}


def shown(test) -> str:
    return "\n".join(as_read(m.value) for m in test.markdown)


def test_issue_13_the_page_says_3300_contacts_and_845_dossiers_at_the_internal_level(app):
    test = app(exact=True, **LINK)
    test.switch_page(PAGE).run()
    assert not test.exception, [e.value for e in test.exception]
    assert test.title[0].value == "Persbriefing · Hele gemeente Schiedam"
    text = shown(test)
    assert "3.300 keer contact" in text and "Bij 845 contacten" in text
    assert "geen gegevens over januari–mei 2014" in text
    table = test.dataframe[0].value
    assert list(table["jan–mei 2015"]) == ["3.300", table["jan–mei 2015"][1], "845", "74,4%"]
    assert [b.label for b in test.get("download_button")] == [
        "Download als PDF (A4)", "Afbeelding: Contacten per wijk",
        "Afbeelding: Verloop: contacten per 1.000 inwoners, januari–mei 2015",
        "Download als Excel", "Download als CSV"]  # the key figures, as every table


def test_at_the_public_level_the_page_agrees_with_overzicht(app):
    test = app(**LINK)
    overview = {m.label: m.value for m in test.metric}
    test.switch_page(PAGE).run()
    assert not test.exception
    table = test.dataframe[0].value.set_index("Kerncijfer")
    for label in ("Contacten", "Per 1.000 inwoners", "Dossiers geopend", "Korte interventie"):
        assert table.loc[label + (" (%)" if label == "Korte interventie" else ""), "jan–mei 2015"] == overview[label]
    assert f"{overview['Contacten']} keer contact" in shown(test)


def test_the_page_in_english(app):
    test = app(exact=True, taal="en", gebied="WK060606", van="2015-06", tot="2015-08")
    test.switch_page(PAGE).run()
    assert not test.exception
    assert test.title[0].value == "Press briefing · District Nieuwland"
    text = shown(test)
    assert "residents from the district Nieuwland" in text and "no data for June–August 2014" in text
    assert test.get("download_button")[0].label == "Download as PDF (A4)"
