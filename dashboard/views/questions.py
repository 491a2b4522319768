"""Hulpvragen: what residents come to the teams with, per theme (or, within one theme, per type
of question): the share per area, the months against a year earlier, how often a question became a
dossier, and the sentences that sum it up.

Pure: ``QuestionFigures`` in; plotly figures, tables and Markdown out, in the active language.
A breakdown of a single category (a theme that holds one question type) is never drawn as shares,
which would read 100% in every area: it shows the contacts per area and says why.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import format as fmt
from dashboard.i18n import _, label_column, ngettext
from dashboard.literal import md, plotly_text
from dashboard.views import cells, compare, style
from dashboard.views.areas import area_label, in_area, of_area
from queries.contacts import REMAINDER, TOTAL
from queries.disclosure import SMALL
from queries.questions import ALL, EARLIER, NOW, QuestionFigures

OTHER_THEME = "overig"  # gathers many small life domains: the headline themes are what a council asks about
LEVELS = ("district", "team", "neighbourhood")


# What the page is about: levels, words and headings

def levels(available) -> dict[str, str]:
    """The area levels the page can compare, in the order offered, with their names."""
    names = {"district": _("Wijken"), "team": _("Wijkteamgebieden"), "neighbourhood": _("Buurten")}
    return {level: names[level] for level in LEVELS if level in available}


def single(figures: QuestionFigures) -> bool:
    """One category only: a theme that holds one question type."""
    return len(figures.categories) == 1


def category_heading(theme_chosen: bool) -> str:
    """Within one theme the types of question beneath it say more than the theme itself."""
    return _("Soort vraag") if theme_chosen else _("Thema")


def _category_word(theme_chosen: bool) -> str:
    return _("soort vraag") if theme_chosen else _("thema")


def _categories_word(theme_chosen: bool) -> str:
    return _("soorten vragen") if theme_chosen else _("thema's")


def _area_word(level: str) -> str:
    return {"district": _("wijk"), "team": _("wijkteamgebied"), "neighbourhood": _("buurt")}[level]


def _remainder_name(level: str) -> str:
    return {"district": _("Zonder wijk"), "team": _("Zonder wijkteamgebied"), "neighbourhood": _("Zonder buurt")}[level]


def _labels(figures: QuestionFigures) -> dict[str, str]:
    """Category code → label in the active language (reference data, not a message)."""
    return dict(zip(figures.categories["code"], figures.categories[label_column()]))


def _lower(label: str) -> str:
    """'Activiteiten dagelijks leven (ADL)' -> 'activiteiten dagelijks leven (ADL)': only the first
    letter; as Markdown, since it only goes into sentences and headings."""
    return md(label[:1].lower() + label[1:])


def areas_heading(figures: QuestionFigures, theme_chosen: bool) -> str:
    """Markdown."""
    if single(figures):
        label = next(iter(_labels(figures).values()))
        return _("Vragen over {category} per {area}").format(category=_lower(label), area=_area_word(figures.level))
    return _("Aandeel per {category}, per {area}").format(category=_category_word(theme_chosen), area=_area_word(figures.level))


def areas_caption(figures: QuestionFigures, theme_label: str | None) -> str:
    """Markdown: how to read the chart, and with one category why it shows counts."""
    if single(figures):
        label = next(iter(_labels(figures).values()))
        total = figures.by_area[figures.by_area["kind"] == TOTAL].iloc[0]
        values = {"theme": md(theme_label or label), "category": _lower(label), "municipality": md(total["name"]),
                  "count": cells.mark(total["contacts"], total["status"], figures.rules.min_count)}
        if (theme_label or label).lower() == label.lower():  # "Jeugd en opvoeding" holds "Jeugd en opvoeding"
            return _("Het thema {theme} bevat één soort vraag, dus het aandeel per gebied zou steeds 100% zijn. "
                     "Daarom staat hier het aantal contacten per gebied; in heel {municipality} waren het er {count}.").format(**values)
        return _("Het thema {theme} bevat één soort vraag ({category}), dus het aandeel per gebied zou steeds 100% zijn. "
                 "Daarom staat hier het aantal contacten per gebied; in heel {municipality} waren het er {count}.").format(**values)
    return _("Elk vak: het aandeel van de contacten in dat gebied. Een vak zonder kleur is niet te tonen (te weinig contacten).")


def trend_heading(theme_chosen: bool) -> str:
    return _("Verloop per {category}").format(category=_category_word(theme_chosen))


def trend_caption(figures: QuestionFigures) -> str:
    if figures.earlier is None:
        return _("Contacten per maand in {period}; een jaar eerder is er nog geen data.").format(period=fmt.period(figures.period))
    return _("Contacten per maand in {period}, gestippeld dezelfde maanden een jaar eerder ({earlier}).").format(
        period=fmt.period(figures.period), earlier=fmt.period(figures.earlier))


def dossiers_heading() -> str:
    return _("Hoe vaak werd een vraag een dossier?")


def dossiers_caption(figures: QuestionFigures) -> str:
    if figures.earlier is None:
        return _("Het deel van de contacten waarbij een korte interventie niet genoeg was.")
    return _("Het deel van de contacten waarbij een korte interventie niet genoeg was, met het streepje voor een jaar eerder.")


def all_figures_heading(theme_chosen: bool) -> str:
    return _("Alle cijfers per {category}").format(category=_category_word(theme_chosen))


# Per area: shares of each category, or with one category the contacts

def _by_area(figures: QuestionFigures) -> pd.DataFrame:
    """``by_area`` with the names a reader sees (the municipality as 'Hele gemeente …', the
    remainder in the active language) and the category labels in the active language."""
    frame = figures.by_area
    remainder = _remainder_name(figures.level)
    names = [area_label("municipality", n) if k == TOTAL else remainder if k == REMAINDER else n
             for n, k in zip(frame["name"], frame["kind"])]
    return frame.assign(name=names, label=frame["category"].map(_labels(figures)))


def areas_figure(figures: QuestionFigures) -> go.Figure:
    return area_counts(figures) if single(figures) else share_heatmap(figures)


def share_heatmap(figures: QuestionFigures) -> go.Figure:
    """Areas down, categories across, each cell the category's share of the area's contacts.

    A share built on a hidden count has no colour and shows the count's mark instead.
    """
    by_area = _by_area(figures)
    min_count = figures.rules.min_count
    categories = list(dict.fromkeys(by_area["label"]))
    names = list(dict.fromkeys(by_area["name"]))
    grid = by_area.pivot_table(index="name", columns="label", values="share", aggfunc="first", dropna=False)
    grid = grid.reindex(index=names, columns=categories)
    # (share, contacts, status) per (area, category): a dict, not a .loc per cell (most of the figure's time)
    found = dict(zip(zip(by_area["name"], by_area["label"]), zip(by_area["share"], by_area["contacts"], by_area["status"])))
    texts = [
        [
            fmt.percent(share, 0) if not pd.isna(share) else cells.mark(contacts, status, min_count) if status else fmt.MISSING
            for share, contacts, status in (found[(n, c)] for c in categories)
        ]
        for n in names
    ]
    counts = [[cells.mark(contacts, status, min_count) for _, contacts, status in (found[(n, c)] for c in categories)] for n in names]
    z = grid.astype("float64").to_numpy() * 100
    hover = _("{area} · {category}: {share} ({count} contacten)").format(
        area="%{y}", category="%{customdata[0]}", share="%{customdata[1]}", count="%{customdata[2]}")
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[style.wrap(plotly_text(c), 14 if len(categories) <= 4 else 9) for c in categories],
            y=[plotly_text(n) for n in names],
            text=texts,
            texttemplate="%{text}",
            customdata=[[[plotly_text(c), t, k] for c, t, k in zip(categories, row_texts, row_counts)]
                        for row_texts, row_counts in zip(texts, counts)],
            hovertemplate=hover + "<extra></extra>",
            colorscale=style.SHARE_SCALE,
            zmin=0,
            showscale=False,
            xgap=2,
            ygap=2,
            hoverongaps=False,
        )
    )
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    figure.update_xaxes(side="top", gridcolor="white", tickangle=0, tickfont={"size": 14 if len(categories) <= 4 else 12})
    return style.layout(figure, 90 + 38 * len(names))


def area_counts(figures: QuestionFigures) -> go.Figure:
    """One category: the contacts per area as bars. The municipality is left out (its bar would
    dwarf the areas'); the caption and the table give its total. A hidden count gets its mark."""
    rows = _by_area(figures)
    rows = rows[rows["kind"] != TOTAL]
    min_count = figures.rules.min_count
    names = [plotly_text(n) for n in rows["name"]]
    values = [None if pd.isna(v) else int(v) for v in rows["contacts"]]
    texts = [cells.mark(v, s, min_count) for v, s in zip(rows["contacts"], rows["status"])]
    figure = go.Figure(
        go.Bar(
            y=names,
            x=values,
            orientation="h",
            marker_color=style.PRIMARY,
            text=[t if v is not None else "" for v, t in zip(values, texts)],
            textposition="outside",
            cliponaxis=False,
            customdata=texts,
            hovertemplate=_("{area}: {count} contacten").format(area="%{y}", count="%{customdata}") + "<extra></extra>",
        )
    )
    style.mark_hidden(figure, [n for n, v in zip(names, values) if v is None], [t for v, t in zip(values, texts) if v is None],
                      horizontal=True)
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    figure.update_xaxes(rangemode="tozero", tickformat=",d", range=[0, max([v for v in values if v is not None] + [1]) * 1.18])
    _whole_ticks(figure, rows["contacts"], axis="x")
    return style.layout(figure, 60 + 34 * len(rows))


def _whole_ticks(figure: go.Figure, counts: pd.Series, axis: str = "y") -> None:
    """Counts of a few get a tick per whole number: plotly's own steps of 0.2 would read "0 0 0 1"."""
    shown = counts.dropna()
    if shown.empty or shown.max() < 5:
        (figure.update_yaxes if axis == "y" else figure.update_xaxes)(dtick=1)


def areas_table(figures: QuestionFigures) -> pd.DataFrame:
    """One row per area: its contacts and, per category, the contacts and their share (with one
    category only the contacts: its share would be 100% in every row)."""
    by_area = _by_area(figures)
    min_count = figures.rules.min_count
    one = single(figures)
    rows = []
    for _code, group in by_area.groupby("code", sort=False):
        first = group.iloc[0]
        row = {_("Gebied"): first["name"], _("Contacten"): cells.count(first["area_contacts"], first["area_status"], min_count)}
        if not one:
            for r in group.itertuples():
                row[_("{category}: contacten").format(category=r.label)] = cells.count(r.contacts, r.status, min_count)
                row[_("{category}: aandeel").format(category=r.label)] = cells.share(r.share)
        rows.append(row)
    return pd.DataFrame(rows).astype(object)


# Per month, against a year earlier

def trend_figure(figures: QuestionFigures) -> go.Figure:
    """Small multiples, one per category: contacts per month (solid) and a year earlier (dashed).
    A hidden month of the chosen period breaks the line and shows its mark."""
    trend = figures.trend
    labels = _labels(figures)
    min_count = figures.rules.min_count
    codes = list(dict.fromkeys(trend["category"]))
    columns = min(3 if len(codes) > 4 else 2, len(codes))
    rows = -(-len(codes) // columns)
    now = trend[trend["which"] == NOW]
    earlier = trend[trend["which"] == EARLIER]
    months = list(dict.fromkeys(now["month"]))
    figure = make_subplots(rows=rows, cols=columns, subplot_titles=[plotly_text(labels[c]) for c in codes], shared_xaxes=True,
                           vertical_spacing=0.5 / max(rows, 2) / 2, horizontal_spacing=0.08)
    series = ((earlier, style.EARLIER, "dash", _("een jaar eerder")), (now, style.PRIMARY, "solid", _("gekozen periode")))
    for i, code in enumerate(codes):
        row, col = i // columns + 1, i % columns + 1
        label = plotly_text(labels[code])
        for part, colour, dash, name in series:
            part = part[part["category"] == code].sort_values("position")
            if part.empty:
                continue
            values = [None if pd.isna(v) else int(v) for v in part["contacts"]]
            texts = [cells.mark(v, s, min_count) for v, s in zip(part["contacts"], part["status"])]
            x = [months[p] for p in part["position"]]
            hover = _("{category} · {month}: {count} contacten").format(
                category=label, month="%{customdata[0]}", count="%{customdata[1]}")
            figure.add_trace(
                go.Scatter(
                    x=x,
                    y=values,
                    mode="lines+markers",
                    line={"color": colour, "dash": dash, "width": 2.5 if dash == "solid" else 2},
                    marker={"size": 6},
                    name=name,
                    legendgroup=name,
                    showlegend=i == 0,
                    customdata=[[fmt.month(m), t] for m, t in zip(part["month"], texts)],
                    hovertemplate=hover + "<extra></extra>",
                ),
                row=row,
                col=col,
            )
            if dash == "solid":
                hidden = [(m, t) for m, v, t in zip(x, values, texts) if v is None]
                style.mark_hidden(figure, [m for m, _t in hidden], [t for _m, t in hidden], row=row, col=col)
    step = 1 if len(months) <= 6 else 3 if len(months) <= 24 else 12
    figure.update_xaxes(tickvals=months[::step], ticktext=[fmt.month(m, short=True) for m in months[::step]])
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    _whole_ticks(figure, trend["contacts"])
    style.layout(figure, 80 + 210 * rows)
    figure.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.08, "x": 0}, margin={"t": 30})
    return figure


def trend_table(figures: QuestionFigures, theme_chosen: bool) -> pd.DataFrame:
    trend = figures.trend
    labels = _labels(figures)
    min_count = figures.rules.min_count
    now = trend[trend["which"] == NOW]
    earlier = trend[trend["which"] == EARLIER]
    # (month, contacts, status) a year earlier per (category, position): a dict, not a .loc per row
    before = dict(zip(zip(earlier["category"], earlier["position"]), zip(earlier["month"], earlier["contacts"], earlier["status"])))
    heading = category_heading(theme_chosen)
    rows = []
    for r in now.itertuples():
        row = {heading: labels[r.category], _("Maand"): fmt.month(r.month), _("Contacten"): cells.count(r.contacts, r.status, min_count)}
        if (r.category, r.position) in before:
            month, contacts, status = before[(r.category, r.position)]
            row[_("Een jaar eerder")] = fmt.month(month)
            row[_("Contacten een jaar eerder")] = cells.count(contacts, status, min_count)
        rows.append(row)
    return pd.DataFrame(rows)


# Per category: contacts, outcomes, the share that became a dossier

def _categories(figures: QuestionFigures) -> pd.DataFrame:
    """``per_category`` without its total row."""
    return figures.per_category[figures.per_category["code"] != ALL]


def dossiers_figure(figures: QuestionFigures) -> go.Figure:
    """Per category the share of contacts that became a dossier, with a year earlier as a marker.
    A share built on a hidden count gets no bar, only the mark of that count."""
    rows = _categories(figures)
    min_count = figures.rules.min_count
    has_earlier = figures.earlier is not None
    labels = [plotly_text(v) for v in rows[label_column()]]
    now = [None if pd.isna(s) else float(s) for s in rows["dossier_share_now"]]
    marks = [_why_missing(r, NOW, min_count) for r in rows.itertuples()]
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=now,
            orientation="h",
            marker_color=style.PRIMARY,
            name=_("gekozen periode"),
            text=[fmt.percent(s) if s is not None else "" for s in now],
            textposition="inside",
            insidetextanchor="start",
            insidetextfont={"color": "white"},
            hovertemplate=_("{category}: {share} werd een dossier").format(category="%{y}", share="%{text}") + "<extra></extra>",
        )
    )
    style.mark_hidden(figure, [c for c, s in zip(labels, now) if s is None], [m for m, s in zip(marks, now) if s is None],
                      horizontal=True)
    if has_earlier:
        earlier = [None if pd.isna(s) else float(s) for s in rows["dossier_share_earlier"]]
        figure.add_trace(
            go.Scatter(
                y=labels,
                x=earlier,
                mode="markers",
                marker={"symbol": "line-ns-open", "size": 24, "color": style.TEXT, "line": {"width": 3}},
                name=_("een jaar eerder"),
                customdata=[fmt.percent(s) for s in earlier],
                hovertemplate=_("{category}, een jaar eerder: {share}").format(category="%{y}", share="%{customdata}") + "<extra></extra>",
            )
        )
    top = max([s for s in now if s is not None] + [0.1])
    figure.update_xaxes(range=[0, top * 1.25], tickformat=".0%")
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    style.layout(figure, 90 + 34 * len(rows))
    figure.update_layout(showlegend=has_earlier, legend={"orientation": "h", "y": -0.15, "x": 0})
    return figure


def _why_missing(row, which: str, min_count: int) -> str:
    """Why a category has no dossier share: the mark of the hidden count it rests on, or '–'."""
    for measure in ("dossiers", "contacts"):
        if getattr(row, f"{measure}_{which}_status") == SMALL:
            return fmt.count(None, SMALL, min_count)
    return fmt.MISSING


def _per_category_columns(figures: QuestionFigures, theme_chosen: bool) -> dict[str, tuple[str, list]]:
    """key → (heading, cells), in the order of the full table."""
    rows = figures.per_category
    min_count = figures.rules.min_count
    has_earlier = figures.earlier is not None
    with_share = not single(figures)  # a share in all questions is 100% when there is one category
    headings = {
        NOW: {"contacts": _("Contacten"), "short_interventions": _("Korte interventies"), "dossiers": _("Dossiers"),
              "share": _("Aandeel in alle vragen"), "dossier_share": _("Werd een dossier")},
        EARLIER: {"contacts": _("Contacten (jaar eerder)"), "short_interventions": _("Korte interventies (jaar eerder)"),
                  "dossiers": _("Dossiers (jaar eerder)"), "share": _("Aandeel in alle vragen (jaar eerder)"),
                  "dossier_share": _("Werd een dossier (jaar eerder)")},
    }
    columns = {"category": (category_heading(theme_chosen), list(rows[label_column()]))}
    for which in (NOW, EARLIER) if has_earlier else (NOW,):
        for measure in ("contacts", "short_interventions", "dossiers"):
            columns[f"{measure}_{which}"] = (headings[which][measure], [
                cells.count(v, s, min_count) for v, s in zip(rows[f"{measure}_{which}"], rows[f"{measure}_{which}_status"])])
        if with_share:
            columns[f"share_{which}"] = (headings[which]["share"], [cells.share(v) for v in rows[f"share_{which}"]])
        columns[f"dossier_share_{which}"] = (headings[which]["dossier_share"],
                                             [cells.share(v) for v in rows[f"dossier_share_{which}"]])
    if has_earlier:
        columns["change"] = (_("Verandering contacten"), [cells.change(n, e) for n, e in zip(rows["contacts_now"], rows["contacts_earlier"])])
    return columns


def _table(columns: dict[str, tuple[str, list]], keys=None) -> pd.DataFrame:
    chosen = [k for k in columns if keys is None or k in keys]
    return pd.DataFrame({columns[k][0]: pd.Series(columns[k][1], dtype=object) for k in chosen})


def per_category_table(figures: QuestionFigures, theme_chosen: bool) -> pd.DataFrame:
    """Contacts, their share, short interventions, dossiers and the share that became a dossier,
    per category and in total, now and (where known) a year earlier."""
    return _table(_per_category_columns(figures, theme_chosen))


def dossiers_table(figures: QuestionFigures, theme_chosen: bool) -> pd.DataFrame:
    """The figures behind the dossier chart."""
    keys = ("category", "contacts_now", "dossiers_now", "dossier_share_now", "dossier_share_earlier")
    return _table(_per_category_columns(figures, theme_chosen), keys)


# The sentences

def _known(value) -> bool:
    return value is not None and not pd.isna(value)


def _number(value) -> str:
    return fmt.number(int(value))


def sentence(figures: QuestionFigures, area_level: str, area_name: str, theme_chosen: bool, dossiers: bool = True) -> str:
    """Markdown: how many questions and about what, what changed against a year earlier, and (with
    ``dossiers``) which questions most often became a dossier. Every comparison asks ``compare``
    first. The Themasessie leaves the dossiers out: its view has no dossier chart, and its line must
    be short enough to say."""
    rows = _categories(figures)
    total = figures.per_category["contacts_now"].iloc[-1]
    period = fmt.period(figures.period)
    if not _known(total):
        return _("In {period} kwamen er {where} zo weinig vragen binnen dat we ze niet per {category} tonen, om te voorkomen "
                 "dat personen herkenbaar worden.").format(period=period, where=in_area(area_level, area_name),
                                                           category=_category_word(theme_chosen))
    if not total:
        return _("In {period} kwamen er {where} geen vragen binnen.").format(period=period, where=in_area(area_level, area_name))
    parts = [_volume(figures, rows, int(total), of_area(area_level, area_name), theme_chosen)]
    if figures.earlier is None:
        parts.append(_("Van een jaar eerder zijn er geen gegevens om mee te vergelijken."))
    elif single(figures):
        parts.append(_change_of_one(rows.iloc[0], fmt.period(figures.earlier)))
    else:
        parts += _changes(rows, fmt.period(figures.earlier))
    if dossiers:
        parts.append(_most_dossiers(rows, theme_chosen))
    return " ".join(p for p in parts if p)


def _volume(figures: QuestionFigures, rows: pd.DataFrame, total: int, who: str, theme_chosen: bool) -> str:
    """The number of questions and the two largest categories (the catch-all of other life domains
    left out of that ranking when the themes are compared)."""
    period = fmt.period(figures.period)
    label = label_column()
    if single(figures):
        return ngettext("In {period} stelden inwoners {who} {n} vraag over {category}.",
                        "In {period} stelden inwoners {who} {n} vragen over {category}.", total).format(
            period=period, who=who, n=fmt.number(total), category=_lower(rows.iloc[0][label]))
    named = rows if theme_chosen else rows[rows["code"] != OTHER_THEME]
    ranked = named[(named["share_now"].notna() & (named["contacts_now"] > 0)).fillna(False)].sort_values("contacts_now", ascending=False)
    values = {"period": period, "who": who, "n": fmt.number(total)}
    if len(ranked) >= 2:
        first, second = ranked.iloc[0], ranked.iloc[1]
        return ngettext("In {period} stelden inwoners {who} {n} vraag: {share} over {first} ({n_first}) en {share_second} over {second} ({n_second}).",
                        "In {period} stelden inwoners {who} {n} vragen: {share} over {first} ({n_first}) en {share_second} over "
                        "{second} ({n_second}).", total).format(
            **values, share=fmt.percent(first["share_now"]), first=_lower(first[label]), n_first=_number(first["contacts_now"]),
            share_second=fmt.percent(second["share_now"]), second=_lower(second[label]), n_second=_number(second["contacts_now"]))
    if len(ranked) == 1:
        first = ranked.iloc[0]
        return ngettext("In {period} stelden inwoners {who} {n} vraag: {share} over {first} ({n_first}).",
                        "In {period} stelden inwoners {who} {n} vragen: {share} over {first} ({n_first}).", total).format(
            **values, share=fmt.percent(first["share_now"]), first=_lower(first[label]), n_first=_number(first["contacts_now"]))
    return ngettext("In {period} stelden inwoners {who} {n} vraag.", "In {period} stelden inwoners {who} {n} vragen.", total).format(**values)


def _change_of_one(row, earlier: str) -> str:
    """The one category against a year earlier, as far as ``compare.counts`` allows."""
    now, before = row["contacts_now"], row["contacts_earlier"]
    verdict = compare.counts(None if pd.isna(now) else int(now), None if pd.isna(before) else int(before))
    if verdict.reason == compare.HIDDEN:
        return _("Het aantal een jaar eerder ({earlier}) is {hidden}.").format(earlier=earlier, hidden=compare.hidden_figure())
    values = {"earlier": earlier, "before": _number(before)}
    if verdict.direction == compare.HIGHER:
        return _("Dat is {change} meer dan in {earlier} ({before}).").format(change=fmt.percent(now / before - 1), **values)
    if verdict.direction == compare.LOWER:
        return _("Dat is {change} minder dan in {earlier} ({before}).").format(change=fmt.percent(1 - now / before), **values)
    if verdict.reason == compare.TOO_FEW:
        return _("In {earlier} waren het er {before}: {too_few}.").format(too_few=compare.too_few(), **values)
    return _("Dat is ongeveer evenveel als in {earlier} ({before}).").format(**values)


def _changes(rows: pd.DataFrame, earlier: str) -> list[str]:
    """The largest rise and fall among the categories whose change ``compare.counts`` names; a
    superlative only among at least two of them (``compare.may_rank``), and said to be among those
    with enough questions when smaller categories were left out."""
    label = label_column()
    rises, falls, reasons = [], [], []
    for _i, row in rows.iterrows():
        now, before = row["contacts_now"], row["contacts_earlier"]
        verdict = compare.counts(None if pd.isna(now) else int(now), None if pd.isna(before) else int(before))
        reasons.append(verdict.reason)
        if verdict.direction == compare.HIGHER:
            rises.append((now / before - 1, row))
        elif verdict.direction == compare.LOWER:
            falls.append((1 - now / before, row))
    left_out = compare.TOO_FEW in reasons
    strongest = {
        (True, False): _("Het sterkst gestegen: vragen over {category}, {change} meer dan in {earlier} ({before} → {now})."),
        (True, True): _("Van de categorieën met minstens {min} vragen zijn de vragen over {category} het sterkst gestegen: "
                        "{change} meer dan in {earlier} ({before} → {now})."),
        (False, False): _("Het sterkst gedaald: vragen over {category}, {change} minder dan in {earlier} ({before} → {now})."),
        (False, True): _("Van de categorieën met minstens {min} vragen zijn de vragen over {category} het sterkst "
                         "gedaald: {change} minder dan in {earlier} ({before} → {now})."),
    }
    one = {True: _("Vragen over {category} zijn gestegen: {change} meer dan in {earlier} ({before} → {now})."),
           False: _("Vragen over {category} zijn gedaald: {change} minder dan in {earlier} ({before} → {now}).")}
    sentences = []
    for rising, changes in ((True, rises), (False, falls)):
        if not changes:
            continue
        change, row = max(changes, key=lambda r: r[0])
        template = strongest[(rising, left_out)] if compare.may_rank(len(changes)) else one[rising]
        sentences.append(template.format(category=_lower(row[label]), change=fmt.percent(change), earlier=earlier,
                                         min=compare.MIN_BASE, before=_number(row["contacts_earlier"]),
                                         now=_number(row["contacts_now"])))
    if not sentences and compare.TOO_SMALL in reasons:
        sentences.append(_("Tegenover {earlier} is geen verandering groot genoeg om te noemen.").format(earlier=earlier))
    elif not sentences and left_out:
        sentences.append(_("Tegenover {earlier}: {reason}.").format(earlier=earlier, reason=compare.too_few()))
    return sentences


def _most_dossiers(rows: pd.DataFrame, theme_chosen: bool) -> str:
    """The category whose questions most often became a dossier: only among categories with enough
    contacts to compare, and only when its share is clearly above every other one's."""
    shown = rows[rows["dossier_share_now"].notna()]
    candidates = shown[shown["contacts_now"] >= compare.MIN_BASE]
    if not compare.may_rank(len(candidates)):
        return ""
    top = candidates.loc[candidates["dossier_share_now"].astype(float).idxmax()]
    for code, row in candidates.set_index("code").iterrows():
        if code != top["code"] and compare.shares(float(top["dossier_share_now"]), float(row["dossier_share_now"]),
                                                  int(top["contacts_now"]), int(row["contacts_now"])).direction != compare.HIGHER:
            return ""
    values = {"category": _lower(top[label_column()]), "share": fmt.percent(top["dossier_share_now"])}
    if len(candidates) < len(shown):
        return _("Van de {categories} met minstens {min} vragen werden vragen over {category} het vaakst een dossier: {share}.").format(
            categories=_categories_word(theme_chosen), min=fmt.number(compare.MIN_BASE), **values)
    return _("Vragen over {category} werden het vaakst een dossier: {share}.").format(**values)
