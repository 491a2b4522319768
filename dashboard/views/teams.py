"""Teams: can the teams carry it? Per team area the open, new and closed dossiers, fte, caseload
per fte against the norm, the mix of case weight and the share of multi-problem households with
one plan; the notices, figures, tables and sentences of the Teams page.

Pure: ``TeamFigures`` in; plotly figures, tables and Markdown out, in the active language. What
"every", "none" and "N of M" teams or months may say comes from ``compare.tally``: only shown
figures count, and a sentence says how many are not shown.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard import format as fmt
from dashboard import i18n
from dashboard.i18n import _, ngettext
from dashboard.literal import md, plotly_text
from dashboard.views import cells, compare, style
from dashboard.views.areas import in_area
from queries.disclosure import SMALL
from queries.periods import parse_month
from queries.teams import ALL_TEAMS, UNREGISTERED, WEIGHTS, Norm, TeamFigures


# Who is shown

def names(figures: TeamFigures) -> dict[str, str]:
    """Team code → name; the teams together named in the active language."""
    return dict(zip(figures.teams["code"], figures.teams["name"])) | ({ALL_TEAMS: _("Alle wijkteams")} if figures.has_total else {})


def scope(figures: TeamFigures) -> str:
    """The teams together, or the one team in view: whose months the flow and plan charts show."""
    return figures.teams["code"].iloc[-1]


def scope_months(figures: TeamFigures) -> pd.DataFrame:
    return figures.monthly[figures.monthly["team_code"] == scope(figures)].sort_values("month")


def _end(figures: TeamFigures) -> str:
    return fmt.month(figures.period.last)


# Notices, headings and captions (Markdown)

def no_team_notice() -> str:
    return _("Dit gebied hoort niet bij een wijkteamgebied, dus er is geen werklast te tonen.")


def own_team_notice(figures: TeamFigures, area_level: str, area_name: str) -> str | None:
    """A district or neighbourhood sees the team it belongs to: say so."""
    if area_level not in ("district", "neighbourhood"):
        return None
    return _("De werklast wordt per wijkteam geregistreerd. U ziet het wijkteam dat werkt {where}: {team}.").format(
        where=in_area(area_level, area_name), team=md(figures.teams["name"].iloc[0]))


def _selected_heading(selected: str) -> str:
    return _("Nieuw, {selected}").format(selected=selected)


def filter_notice(selected: str | None) -> str | None:
    """With a theme or channel chosen: only the new dossiers follow it."""
    if not selected:
        return None
    return _("Open dossiers, fte en caseload worden niet per thema of kanaal geregistreerd: die gelden voor alle vragen. "
             "Alleen de nieuwe dossiers zijn ook te splitsen; de kolom *{column}* toont dat deel.").format(
        column=md(_selected_heading(selected)))


def _unit() -> str:
    """The caseload's unit, for the chart's axis."""
    return _("open dossiers per fte")


def norm_text(norm: Norm | None) -> str:
    """The label of the norm line in the charts (plotly text)."""
    return _("norm {value} per fte").format(value=fmt.number(norm.value)) if norm else ""


def norm_caption(norm: Norm | None) -> str | None:
    if not norm:
        return None
    # The norm is the municipality's data: its label and unit come in both languages, its source as written.
    lang = i18n.current()
    return _("**{label}: {value} {unit}.** Bron: {source}").format(
        label=md(getattr(norm, f"label_{lang}")), value=fmt.number(norm.value), unit=md(getattr(norm, f"unit_{lang}")),
        source=md(norm.source))


def caseload_heading() -> str:
    return _("Dossiers per fte")


def caseload_caption(figures: TeamFigures) -> str:
    """How the caseload is computed; the teams together are explained only where they are shown."""
    if figures.has_total:
        return _("Open dossiers aan het eind van de maand gedeeld door de fte van het team. Alle wijkteams samen: alle open "
                 "dossiers gedeeld door alle fte (geen gemiddelde van de teams). Een ruit markeert een maand boven de norm.")
    return _("Open dossiers van {team} aan het eind van de maand gedeeld door de fte van het team. Een ruit markeert een "
             "maand boven de norm.").format(team=md(figures.teams["name"].iloc[0]))


def bars_heading(figures: TeamFigures) -> str:
    return _("Caseload per team, eind {month}").format(month=_end(figures))


def flows_heading() -> str:
    return _("Nieuwe en afgesloten dossiers")


def flows_caption(figures: TeamFigures) -> str:
    return _("{team}, per maand.").format(team=md(names(figures)[scope(figures)]))


def plan_heading() -> str:
    return _("Eén gezin, één plan, één regisseur")


def plan_caption(figures: TeamFigures) -> str:
    return _("{team}: aandeel van de huishoudens met problemen op meer levensgebieden dat één plan heeft.").format(
        team=md(names(figures)[scope(figures)]))


def weight_heading(figures: TeamFigures) -> str:
    return _("Zwaarte van de open dossiers, eind {month}").format(month=_end(figures))


def weight_caption() -> str:
    return _("Licht, midden en zwaar zoals de teams het registreren; vóór de teams dat deden staat er ‘niet geregistreerd’.")


def all_figures_heading() -> str:
    return _("Alle cijfers per team")


def all_figures_caption(figures: TeamFigures) -> str:
    return _("Nieuwe en afgesloten dossiers: opgeteld over {period}. De rest: eind {month}.").format(
        period=fmt.period(figures.period), month=_end(figures))


def share_heading(selected: str) -> str:
    return _("Aandeel in de nieuwe dossiers: {selected}").format(selected=md(selected))


def share_caption(figures: TeamFigures) -> str:
    return _("Per wijkteam, opgeteld over {period}; de stippellijn is alle wijkteams samen. Een aandeel rust op gepubliceerde "
             "aantallen.").format(period=fmt.period(figures.period))


# Figures

def _weight_labels() -> dict[str, str]:
    return {"weight_1": _("licht"), "weight_2": _("midden"), "weight_3": _("zwaar")}


def _norm_line(figure: go.Figure, norm: Norm | None, vertical: bool = False) -> None:
    if norm is None:
        return
    line = {"line_dash": "dash", "line_color": style.OVER_NORM, "line_width": 2, "annotation_text": norm_text(norm),
            "annotation_font_color": style.OVER_NORM}
    if vertical:
        figure.add_vline(x=norm.value, annotation_position="top", **line)
    else:
        figure.add_hline(y=norm.value, annotation_position="bottom right", annotation_bgcolor="white", **line)


def caseload_lines(figures: TeamFigures) -> go.Figure:
    """Open dossiers per fte per month, one line per team (the teams together in black); months above
    the norm get a large vermilion marker."""
    monthly = figures.monthly
    team_names = names(figures)
    figure = go.Figure()
    months = sorted(set(monthly["month"]))
    dates = {m: parse_month(m) for m in months}
    for i, code in enumerate(figures.teams["code"]):
        rows = monthly[monthly["team_code"] == code].sort_values("month")
        together = code == ALL_TEAMS
        name = plotly_text(team_names[code])
        values = [None if pd.isna(v) else float(v) for v in rows["caseload"]]
        hover = _("{team} · {month}: {caseload} dossiers per fte").format(
            team=name, month="%{customdata[0]}", caseload="%{customdata[1]}")
        figure.add_trace(
            go.Scatter(
                x=[dates[m] for m in rows["month"]],
                y=values,
                mode="lines+markers",
                name=name,
                line={"color": "#000000" if together else style.PALETTE[i % len(style.PALETTE)], "width": 4 if together else 2},
                marker={"size": 5},
                customdata=[[fmt.month(dates[m]), fmt.number(v, 1)] for m, v in zip(rows["month"], values)],
                hovertemplate=hover + "<extra></extra>",
            )
        )
    over = monthly[monthly["over_norm"].astype(bool)]
    if len(over):  # one trace for every month above the norm, so the legend explains the mark
        figure.add_trace(
            go.Scatter(
                x=[dates[m] for m in over["month"]],
                y=[float(v) for v in over["caseload"]],
                mode="markers",
                name=_("boven de norm"),
                marker={"symbol": "diamond-open", "size": 13, "color": style.OVER_NORM, "line": {"width": 2.5}},
                hoverinfo="skip",
            )
        )
    _norm_line(figure, figures.norm)
    style.month_axis(figure, [dates[m] for m in months])
    figure.update_yaxes(rangemode="tozero", tickformat=",.0f", title_text=_unit())
    style.layout(figure, 380)
    # The legend also when one team has months above the norm: it names the vermilion diamond.
    figure.update_layout(showlegend=len(figures.teams) > 1 or len(over) > 0, legend={"orientation": "h", "y": -0.12, "x": 0})
    return figure


def caseload_bars(figures: TeamFigures) -> go.Figure:
    """Open dossiers per fte per team at the end of the period; bars above the norm in vermilion,
    hatched. A caseload that cannot be shown gets no bar, only the mark of its open dossiers."""
    summary = figures.summary
    team_names = names(figures)
    min_count = figures.rules.min_count
    values = [None if pd.isna(v) else float(v) for v in summary["caseload"]]
    over = summary["over_norm"].astype(bool).tolist()
    labels = [plotly_text(team_names[c]) for c in summary["team_code"]]
    texts = [_("{caseload} · boven de norm").format(caseload=fmt.number(v, 1)) if o else fmt.number(v, 1) for v, o in zip(values, over)]
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=values,
            orientation="h",
            marker_color=[style.OVER_NORM if o else style.PRIMARY for o in over],
            marker_pattern_shape=["/" if o else "" for o in over],
            text=[t if v is not None else "" for v, t in zip(values, texts)],
            textposition="outside",
            cliponaxis=False,
            customdata=texts,
            hovertemplate=_("{team}: {caseload} dossiers per fte").format(team="%{y}", caseload="%{customdata}") + "<extra></extra>",
        )
    )
    hidden = [(label, cells.mark(o, s, min_count)) for label, v, o, s in
              zip(labels, values, summary["open_dossiers"], summary["open_dossiers_status"]) if v is None]
    style.mark_hidden(figure, [h[0] for h in hidden], [h[1] for h in hidden], horizontal=True)
    _norm_line(figure, figures.norm, vertical=True)
    norm = figures.norm.value if figures.norm else 0
    top = max([v for v in values if v is not None] + [norm, 1])
    figure.update_xaxes(range=[0, top * 1.35], tickformat=",.0f")
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    style.layout(figure, 90 + 36 * len(summary))
    figure.update_layout(margin={"t": 32})  # room for the norm's label above the plot
    return figure


def dossier_flows(figures: TeamFigures, selected: str | None) -> go.Figure:
    """New and closed dossiers per month (grouped bars) and, with a theme or channel chosen, the new
    dossiers within it. A hidden count has no bar; its mark stands where its bar would be."""
    rows = scope_months(figures)
    min_count = figures.rules.min_count
    dates = [parse_month(m) for m in rows["month"]]
    series = [("new", _("nieuwe dossiers"), style.PRIMARY), ("closed", _("afgesloten dossiers"), style.PALETTE[1])]
    if selected:
        series.insert(1, ("selected", _("nieuw, {selected}").format(selected=plotly_text(selected)), style.PALETTE[4]))
    figure = go.Figure()
    for column, name, colour in series:
        values = [None if pd.isna(v) else int(v) for v in rows[column]]
        texts = [cells.mark(v, s, min_count) for v, s in zip(rows[column], rows[f"{column}_status"])]
        hover = f"%{{customdata[0]}}: %{{customdata[1]}} {name}"  # the words are the series' name
        figure.add_trace(
            go.Bar(
                x=dates,
                y=values,
                name=name,
                marker_color=colour,
                offsetgroup=column,
                customdata=[[fmt.month(d), t] for d, t in zip(dates, texts)],
                hovertemplate=hover + "<extra></extra>",
            )
        )
        hidden = [(d, t) for d, v, t in zip(dates, values, texts) if v is None]
        style.mark_hidden_in_group(figure, column, [d for d, _t in hidden], [t for _d, t in hidden])
    style.month_axis(figure, dates)
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    style.layout(figure, 340)
    figure.update_layout(showlegend=True, barmode="group", legend={"orientation": "h", "y": -0.15, "x": 0})
    return figure


def share_scope(figures: TeamFigures, all_teams: Callable[[], TeamFigures]) -> tuple[TeamFigures, str | None]:
    """What a theme's share is shown against, and the team in view (None when every team is): every
    team, also when one team's area is chosen, as a share means little without the others.
    ``all_teams`` gives the municipality's figures (the same published cells)."""
    if figures.has_total:
        return figures, None
    return all_teams(), figures.teams["code"].iloc[0]


def _teams_only(figures: TeamFigures) -> pd.DataFrame:
    return figures.summary[figures.summary["team_code"] != ALL_TEAMS]


def share_bars(figures: TeamFigures, selected: str, team: str | None = None) -> go.Figure:
    """Per team the part of its new dossiers within the chosen theme or channel, against the teams
    together (a dashed line). ``team``, the team in view, is named in bold as well as drawn darker,
    so it does not rest on colour alone. A share that cannot be shown gets no bar but its mark."""
    rows = _teams_only(figures)
    team_names = names(figures)
    min_count = figures.rules.min_count
    values = [None if pd.isna(v) else float(v) for v in rows["selected_share"]]
    labels = [f"<b>{plotly_text(team_names[c])}</b>" if c == team else plotly_text(team_names[c]) for c in rows["team_code"]]
    texts = [fmt.percent(v) if v is not None else "" for v in values]
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=values,
            orientation="h",
            marker_color=[style.PRIMARY if team in (None, c) else style.LIGHT for c in rows["team_code"]],
            text=texts,
            # Inside, at the bar's start: at its end the line of the teams together would cross it.
            textposition="inside",
            insidetextanchor="start",
            textfont={"color": ["white" if team in (None, c) else style.TEXT for c in rows["team_code"]]},
            hovertemplate=_("{team}: {share} van de nieuwe dossiers").format(team="%{y}", share="%{text}") + "<extra></extra>",
        )
    )
    hidden = [(label, _share_mark(row, min_count)) for label, v, row in zip(labels, values, rows.to_dict("records")) if v is None]
    style.mark_hidden(figure, [h[0] for h in hidden], [h[1] for h in hidden], horizontal=True)
    together = figures.summary.set_index("team_code")["selected_share"].get(ALL_TEAMS)
    if together is not None and not pd.isna(together):
        figure.add_vline(x=float(together), line_dash="dash", line_color=style.TEXT, line_width=2,
                         annotation_text=_("alle wijkteams samen {share}").format(share=fmt.percent(float(together))),
                         annotation_position="top", annotation_font_color=style.TEXT)
    top = max([v for v in values if v is not None] + [0 if together is None or pd.isna(together) else float(together), 0.05])
    figure.update_xaxes(range=[0, min(1.0, top * 1.3)], tickformat=".0%")
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    style.layout(figure, 90 + 36 * len(rows))
    figure.update_layout(margin={"t": 32})
    return figure


def _share_mark(row: dict, min_count: int) -> str:
    """Why a share is not shown: the mark of the count it lacks."""
    for column in ("selected", "new"):
        if row[f"{column}_status"]:
            return cells.mark(row[column], row[f"{column}_status"], min_count)
    return fmt.MISSING


def share_table(figures: TeamFigures, selected: str) -> pd.DataFrame:
    """The figures behind the share bars, the teams together included."""
    s = figures.summary
    min_count = figures.rules.min_count
    team_names = names(figures)
    return _table({
        "team": (_("Wijkteam"), [team_names[c] for c in s["team_code"]]),
        "new": (_("Nieuwe dossiers"), [cells.count(v, st, min_count) for v, st in zip(s["new"], s["new_status"])]),
        "selected": (_selected_heading(selected), [cells.count(v, st, min_count) for v, st in zip(s["selected"], s["selected_status"])]),
        "share": (_("Aandeel"), [cells.share(v) for v in s["selected_share"]]),
    })


def share_sentence(figures: TeamFigures, selected: str, team: str | None = None) -> str:
    """Markdown: the part of the teams' new dossiers within the chosen theme or channel, and which
    teams differ from the teams together by ``compare.shares``; with ``team``, that team's own share
    against the teams together."""
    s = figures.summary.set_index("team_code")
    team_names = names(figures)
    what = md(selected)
    if ALL_TEAMS not in s.index or not _known(s.loc[ALL_TEAMS, "selected_share"]):
        return _("Het aandeel van {selected} in de nieuwe dossiers van de wijkteams samen is niet te tonen.").format(selected=what)
    whole = s.loc[ALL_TEAMS]
    values = {"selected": what, "share": fmt.percent(float(whole["selected_share"])), "new": fmt.number(int(whole["new"])),
              "n": len(s) - 1}
    sentences = [_("Van de {new} nieuwe dossiers van de {n} wijkteams samen hoorde {share} bij {selected}.").format(**values)]
    verdicts = {
        code: compare.shares(row["selected_share"], whole["selected_share"], row["new"], whole["new"])
        for code, row in s.drop(index=ALL_TEAMS).iterrows()
    }

    def listed(direction: int) -> str:
        return ", ".join(f"{md(team_names[c])} ({fmt.percent(float(s.loc[c, 'selected_share']))})"
                         for c, v in verdicts.items() if v.direction == direction)

    if team is not None:
        verdict, own = verdicts[team], s.loc[team]
        values |= {"team": md(team_names[team])}
        if verdict.reason == compare.HIDDEN:
            sentences.append(_("Het aandeel bij {team} is niet te tonen.").format(**values))
        else:
            values |= {"own": fmt.percent(float(own["selected_share"]))}
            sentences.append({
                compare.HIGHER: _("Bij {team} was dat {own}: hoger dan bij de teams samen."),
                compare.LOWER: _("Bij {team} was dat {own}: lager dan bij de teams samen."),
            }.get(verdict.direction, _("Bij {team} was dat {own}; het verschil met de teams samen is te klein om te noemen."))
                .format(**values) if verdict.reason != compare.TOO_FEW else
                _("Bij {team} was dat {own}: {too_few}.").format(too_few=compare.too_few(), **values))
        return " ".join(sentences)
    if higher := listed(compare.HIGHER):
        sentences.append(_("Hoger dan bij de teams samen: {teams}.").format(teams=higher))
    if lower := listed(compare.LOWER):
        sentences.append(_("Lager dan bij de teams samen: {teams}.").format(teams=lower))
    if not higher and not lower:
        too_few = all(v.reason in (compare.TOO_FEW, compare.HIDDEN) for v in verdicts.values())
        sentences.append(_("Per team zijn het te weinig dossiers om een verschil te noemen.") if too_few else
                         _("Bij geen team is het verschil met de teams samen groot genoeg om te noemen."))
    hidden = sum(v.reason == compare.HIDDEN for v in verdicts.values())
    if hidden:
        sentences.append(ngettext("Van {n} team is het aandeel niet te tonen.", "Van {n} teams is het aandeel niet te tonen.",
                                  hidden).format(n=hidden))
    return " ".join(sentences)


def weight_mix(figures: TeamFigures) -> go.Figure:
    """Case weight in three levels per team, as shares of the open dossiers (100% bars); a team
    without registered weight gets the words "niet geregistreerd" instead of a bar, and a share
    built on a hidden count its mark where its part of the bar would start."""
    summary = figures.summary
    team_names = names(figures)
    min_count = figures.rules.min_count
    labels = [plotly_text(team_names[c]) for c in summary["team_code"]]
    figure = go.Figure()
    starts = [0.0] * len(summary)
    for (column, label), colour in zip(_weight_labels().items(), ("#cfe0f0", "#5b8fc0", style.PRIMARY)):
        shares = [None if pd.isna(s) else float(s) for s in summary[f"{column}_share"]]
        figure.add_trace(
            go.Bar(
                y=labels,
                x=shares,
                orientation="h",
                name=label,
                marker_color=colour,
                text=[fmt.percent(s, 0) if s is not None else "" for s in shares],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": style.TEXT if column == "weight_1" else "white"},
                customdata=[fmt.percent(s) for s in shares],
                hovertemplate=_("{team}, {weight}: {share}").format(team="%{y}", weight=label, share="%{customdata}") + "<extra></extra>",
            )
        )
        for i, (team, share, count, status) in enumerate(zip(labels, shares, summary[column], summary[f"{column}_status"])):
            if share is None and status == SMALL:
                style.mark_hidden(figure, [team], [cells.mark(count, status, min_count)], horizontal=True, base=starts[i])
            starts[i] += share or 0
    for label, status in zip(labels, summary["weight_1_status"]):
        if status == UNREGISTERED:
            figure.add_annotation(x=0.5, y=label, text=cells.not_registered(), showarrow=False, font={"color": style.MARK})
    figure.update_xaxes(range=[0, 1], tickformat=".0%")
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    style.layout(figure, 110 + 36 * len(summary))
    figure.update_layout(showlegend=True, barmode="stack", margin={"t": 36},
                         legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "traceorder": "normal"})
    return figure


def plan_line(figures: TeamFigures) -> go.Figure:
    """The share of multi-problem households with one plan, per month (0–100%)."""
    rows = scope_months(figures)
    dates = [parse_month(m) for m in rows["month"]]
    values = [None if pd.isna(v) else float(v) for v in rows["integrated_share"]]
    hover = _("{month}: {share} met één plan").format(month="%{customdata[0]}", share="%{customdata[1]}")
    figure = go.Figure(
        go.Scatter(
            x=dates,
            y=values,
            mode="lines+markers",
            line={"color": style.PRIMARY, "width": 2.5},
            customdata=[[fmt.month(d), fmt.percent(v)] for d, v in zip(dates, values)],
            hovertemplate=hover + "<extra></extra>",
        )
    )
    style.month_axis(figure, dates)
    figure.update_yaxes(range=[0, 1], tickformat=".0%")
    return style.layout(figure, 300)


# Tables

def _summary_columns(figures: TeamFigures, selected: str | None) -> dict[str, tuple[str, list]]:
    """key → (heading, cells): one row per team for the whole period, flows summed, the rest at
    the end of the period."""
    s = figures.summary
    min_count = figures.rules.min_count
    team_names = names(figures)

    def counts(column: str) -> list:
        return [cells.count(v, st, min_count) for v, st in zip(s[column], s[f"{column}_status"])]

    columns = {"team": (_("Wijkteam"), [team_names[c] for c in s["team_code"]]), "new": (_("Nieuwe dossiers"), counts("new"))}
    if selected:
        columns["selected"] = (_selected_heading(selected), counts("selected"))
    columns |= {
        "closed": (_("Afgesloten dossiers"), counts("closed")),
        "open": (_("Open dossiers (eind)"), counts("open_dossiers")),
        "fte": (_("Fte (eind)"), [cells.decimal(v) for v in s["fte"]]),
        "caseload": (_("Dossiers per fte"), [cells.decimal(v) for v in s["caseload"]]),
    }
    if figures.norm:
        columns["over_norm"] = (_("Boven de norm"), [_("ja") if o else _("nee") for o in s["over_norm"]])
        columns["months_over_norm"] = (_("Maanden boven de norm"), [cells.decimal(v, 0) for v in s["months_over_norm"]])
    headings = {"weight_1": _("Zwaarte: licht"), "weight_2": _("Zwaarte: midden"), "weight_3": _("Zwaarte: zwaar")}
    for column in WEIGHTS:
        columns[column] = (headings[column], [
            cells.words(cells.not_registered(), "%") if st == UNREGISTERED else cells.share(v, 0)
            for v, st in zip(s[f"{column}_share"], s[f"{column}_status"])])
    columns |= {
        "multi_problem": (_("Multiprobleemhuishoudens"), counts("multi_problem")),
        "integrated_plans": (_("Met één plan"), counts("integrated_plans")),
        "integrated_share": (_("Aandeel met één plan"), [cells.share(v) for v in s["integrated_share"]]),
    }
    return columns


def _table(columns: dict[str, tuple[str, list]], keys=None) -> pd.DataFrame:
    chosen = [k for k in columns if keys is None or k in keys]
    return pd.DataFrame({columns[k][0]: pd.Series(columns[k][1], dtype=object) for k in chosen})


def summary_table(figures: TeamFigures, selected: str | None) -> pd.DataFrame:
    return _table(_summary_columns(figures, selected))


def caseload_table(figures: TeamFigures) -> pd.DataFrame:
    """The figures behind the caseload bars."""
    return _table(_summary_columns(figures, None), ("team", "open", "fte", "caseload", "over_norm"))


def weight_table(figures: TeamFigures) -> pd.DataFrame:
    """The figures behind the case-weight bars."""
    return _table(_summary_columns(figures, None), ("team", "open", *WEIGHTS))


def caseload_per_month(figures: TeamFigures) -> pd.DataFrame:
    """Dossiers per fte per month and team; a month above the norm carries ▲."""
    monthly = figures.monthly
    team_names = names(figures)
    table = pd.DataFrame({_("Maand"): [fmt.month(parse_month(m)) for m in dict.fromkeys(monthly["month"])]})
    for code in figures.teams["code"]:
        rows = monthly[monthly["team_code"] == code]
        table[team_names[code]] = pd.Series([cells.flagged(cells.decimal(v), "▲", _("boven de norm")) if o else cells.decimal(v)
                                             for v, o in zip(rows["caseload"], rows["over_norm"])], dtype=object)
    return table


def _month_columns(figures: TeamFigures, selected: str | None) -> dict[str, tuple[str, list]]:
    """The teams together (or the one team) per month."""
    monthly = scope_months(figures)
    min_count = figures.rules.min_count

    def counts(column: str) -> list:
        return [cells.count(v, st, min_count) for v, st in zip(monthly[column], monthly[f"{column}_status"])]

    columns = {"month": (_("Maand"), [fmt.month(parse_month(m)) for m in monthly["month"]]), "new": (_("Nieuwe dossiers"), counts("new"))}
    if selected:
        columns["selected"] = (_selected_heading(selected), counts("selected"))
    return columns | {
        "closed": (_("Afgesloten dossiers"), counts("closed")),
        "open": (_("Open dossiers"), counts("open_dossiers")),
        "fte": (_("Fte"), [cells.decimal(v) for v in monthly["fte"]]),
        "caseload": (_("Dossiers per fte"), [cells.decimal(v) for v in monthly["caseload"]]),
        "multi_problem": (_("Multiprobleemhuishoudens"), counts("multi_problem")),
        "integrated_plans": (_("Met één plan"), counts("integrated_plans")),
        "integrated_share": (_("Aandeel met één plan"), [cells.share(v) for v in monthly["integrated_share"]]),
    }


def months_table(figures: TeamFigures, selected: str | None) -> pd.DataFrame:
    return _table(_month_columns(figures, selected))


def plan_table(figures: TeamFigures) -> pd.DataFrame:
    """The figures behind the plan line."""
    return _table(_month_columns(figures, None), ("month", "multi_problem", "integrated_plans", "integrated_share"))


# The sentence

def _known(value) -> bool:
    return value is not None and not pd.isna(value)


def sentence(figures: TeamFigures) -> str:
    """Markdown: caseload at the end of the period against the norm, how many teams (or months)
    were above it as ``compare.tally`` counts them, and the share with one integrated plan."""
    s = figures.summary.set_index("team_code")
    month = _end(figures)
    norm = figures.norm
    together = figures.has_total
    code = ALL_TEAMS if together else s.index[0]
    row = s.loc[code]
    teams = len(s) - 1 if together else 1
    values = {"month": month, "n": teams, "team": md(names(figures)[code])}
    if not _known(row["caseload"]):
        if together:
            return _("Voor {month} is de caseload van de {n} wijkteams samen niet te tonen.").format(**values)
        return _("Voor {month} is de caseload van {team} niet te tonen.").format(**values)
    values |= {"open": fmt.number(int(row["open_dossiers"])), "fte": fmt.number(float(row["fte"]), 1),
               "caseload": fmt.number(float(row["caseload"]), 1), "norm": fmt.number(norm.value) if norm else ""}
    if together:
        first = (_("Eind {month} hadden de {n} wijkteams samen {open} open dossiers op {fte} fte: {caseload} dossiers per fte.")
                 if not norm else
                 _("Eind {month} hadden de {n} wijkteams samen {open} open dossiers op {fte} fte: {caseload} dossiers per fte, "
                   "boven de norm van {norm} per fte.") if row["over_norm"] else
                 _("Eind {month} hadden de {n} wijkteams samen {open} open dossiers op {fte} fte: {caseload} dossiers per fte, "
                   "binnen de norm van {norm} per fte."))
    else:
        first = (_("Eind {month} had {team} {open} open dossiers op {fte} fte: {caseload} dossiers per fte.")
                 if not norm else
                 _("Eind {month} had {team} {open} open dossiers op {fte} fte: {caseload} dossiers per fte, "
                   "boven de norm van {norm} per fte.") if row["over_norm"] else
                 _("Eind {month} had {team} {open} open dossiers op {fte} fte: {caseload} dossiers per fte, "
                   "binnen de norm van {norm} per fte."))
    sentences = [first.format(**values)]
    if norm:
        sentences += _teams_over_norm(figures, s) if together else _months_over_norm(figures)
    if _known(row["integrated_share"]):
        households = int(row["multi_problem"])
        sentences.append(ngettext("Van {n} huishouden met problemen op meer levensgebieden had {share} één plan met één regisseur.",
                                  "Van de {n} huishoudens met problemen op meer levensgebieden had {share} één plan met één regisseur.",
                                  households).format(n=fmt.number(households), share=fmt.percent(row["integrated_share"])))
    return " ".join(sentences)


def teams_tally(figures: TeamFigures) -> compare.Tally:
    """Which teams (not the teams together) were above the norm at the period's end; a team whose
    caseload is not shown is not counted either way."""
    s = figures.summary[figures.summary["team_code"] != ALL_TEAMS]
    return compare.tally(bool(o) if _known(c) else None for c, o in zip(s["caseload"], s["over_norm"]))


def months_tally(figures: TeamFigures) -> compare.Tally:
    """In which months the one team in view was above the norm; months without a shown caseload
    are not counted either way."""
    rows = scope_months(figures)
    return compare.tally(bool(o) if _known(c) else None for c, o in zip(rows["caseload"], rows["over_norm"]))


def _teams_over_norm(figures: TeamFigures, s: pd.DataFrame) -> list[str]:
    tally = teams_tally(figures)
    team_names = names(figures)
    over = s[(s.index != ALL_TEAMS) & s["over_norm"].astype(bool) & s["caseload"].notna()].sort_values("caseload", ascending=False)
    listed = ", ".join(f"{md(team_names[c])} ({fmt.number(float(v), 1)})" for c, v in over["caseload"].items())
    values = {"n": tally.shown, "k": tally.meeting, "teams": listed}
    sentences = []
    if tally.shown == 1:
        shown = s[(s.index != ALL_TEAMS) & s["caseload"].notna()]
        one = {"team": md(team_names[shown.index[0]]), "caseload": fmt.number(float(shown["caseload"].iloc[0]), 1)}
        sentences.append((_("{team} zat erboven ({caseload}).") if tally.meeting else _("{team} zat er niet boven ({caseload}).")).format(**one))
    elif tally.quantifier == compare.ALL:
        sentences.append(_("Alle {n} teams zaten erboven: {teams}.").format(**values))
    elif tally.quantifier == compare.NONE:
        sentences.append(_("Geen van de {n} teams zat erboven.").format(**values))
    elif tally.quantifier is not None:
        sentences.append(ngettext("{k} van de {n} teams zat erboven: {teams}.", "{k} van de {n} teams zaten erboven: {teams}.",
                                  tally.meeting).format(**values))
    if tally.hidden:
        sentences.append(ngettext("Van {n} team is de caseload niet te tonen.", "Van {n} teams is de caseload niet te tonen.",
                                  tally.hidden).format(n=tally.hidden))
    return sentences


def _months_over_norm(figures: TeamFigures) -> list[str]:
    """For one month shown the first sentence says it all; for more, how many were above the norm."""
    tally = months_tally(figures)
    values = {"n": tally.shown, "k": tally.meeting}
    sentences = []
    if tally.shown >= 2:
        sentences.append(
            _("In alle {n} maanden lag de caseload boven de norm.").format(**values) if tally.quantifier == compare.ALL else
            _("In geen van de {n} maanden lag de caseload boven de norm.").format(**values) if tally.quantifier == compare.NONE else
            _("In {k} van de {n} maanden lag de caseload boven de norm.").format(**values))
    if tally.hidden:
        sentences.append(ngettext("Van {n} maand is de caseload niet te tonen.", "Van {n} maanden is de caseload niet te tonen.",
                                  tally.hidden).format(n=tally.hidden))
    return sentences
