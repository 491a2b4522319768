"""Survey results per wave: the staff survey (mean mark 1-10) and the client-experience survey
(share agreeing), for areas and for peer groups, with 95% intervals.

``survey_result`` stores additive parts per area: respondents ``n``, positive answers, the sum of
the scores and the sum of their squares. A roll-up sums those parts over the areas (a peer group
over its municipalities) and computes the mean, the share and their intervals afterwards, so the
municipality's result is exactly what one survey of all its respondents would give; averaging the
teams' means would weigh a team of seven like a team of twelve.

A result with fewer respondents than ``DisclosureRules.min_respondents`` is not shown as a score.
"""

from __future__ import annotations

import math

import pandas as pd
from sqlalchemy import func, select

from queries.database import Database
from queries.cellkeys import key_sum, reduce
from queries.disclosure import DisclosureRules, perturb, publish_counts
from queries.schema import area, area_ancestor, peer_group, survey_question, survey_result

Z95 = 1.959963984540054  # two-sided 95% quantile of the standard normal distribution
PARTS = ("n", "n_positive", "sum_score", "sum_sq")
SCORE_DECIMALS = {"cijfer": 1, "eens": 2}  # what leaves the query layer: a mark to 0.1, a share to 1%


def wilson(positive: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for a share; unlike the normal approximation it stays within 0-1 and
    keeps its coverage for shares near 0 or 1 and for small samples."""
    if n <= 0:
        return None
    p = positive / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def t_quantile(probability: float, df: int) -> float:
    """The ``probability`` quantile (above 0.5) of Student's t with ``df`` degrees of freedom.

    Inverts the exact finite series for the two-sided probability with whole degrees of freedom
    (Abramowitz & Stegun 26.7.3 and 26.7.4) by bisection; no statistics library needed.
    """
    if df < 1 or not 0.5 < probability < 1:
        raise ValueError("need at least one degree of freedom and a probability between 0.5 and 1")
    target = 2 * probability - 1
    low, high = 0.0, 1.0
    while _two_sided(high, df) < target:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if _two_sided(middle, df) < target else (low, middle)
        if high - low < 1e-12:
            break
    return (low + high) / 2


def _two_sided(t: float, df: int) -> float:
    """P(|T| < t) for Student's t with whole ``df``."""
    theta = math.atan(t / math.sqrt(df))
    sin, cos2 = math.sin(theta), math.cos(theta) ** 2
    if df % 2 == 0:
        term = total = 1.0
        for k in range(1, df // 2):
            term *= (2 * k - 1) / (2 * k) * cos2
            total += term
        return sin * total
    if df == 1:
        return 2 * theta / math.pi
    term = total = math.cos(theta)
    for k in range(1, (df - 1) // 2):
        term *= (2 * k) / (2 * k + 1) * cos2
        total += term
    return 2 / math.pi * (theta + sin * total)


def mean_interval(n: int, total: float, sum_sq: float, confidence: float = 0.95) -> tuple[float, float, float] | None:
    """Mean and its t interval from the number of answers, their sum and their sum of squares."""
    if n <= 0:
        return None
    mean = total / n
    if n == 1:
        return mean, math.nan, math.nan
    variance = max(0.0, (sum_sq - total * total / n) / (n - 1))
    half = t_quantile(0.5 + confidence / 2, n - 1) * math.sqrt(variance / n)
    return mean, mean - half, mean + half


def difference(low_a: float, high_a: float, low_b: float, high_b: float) -> int:
    """1 when interval a lies wholly above b, -1 when wholly below, 0 when they overlap.

    Overlapping intervals are not called a difference. (Non-overlap is a conservative test: some
    real differences are missed, but none is claimed that the data do not carry.)
    """
    if low_a > high_b:
        return 1
    if high_a < low_b:
        return -1
    return 0


def questions(db: Database, survey: str) -> pd.DataFrame:
    return db.read(
        select(survey_question.c.code, survey_question.c.label_nl, survey_question.c.label_en, survey_question.c.scale)
        .where(survey_question.c.survey == survey)
        .order_by(survey_question.c.sort_order)
    )


def waves(db: Database, survey: str) -> list[int]:
    """The waves the survey has results for, oldest first."""
    frame = db.read(select(survey_result.c.wave).where(survey_result.c.survey == survey).distinct().order_by(survey_result.c.wave))
    return [int(w) for w in frame["wave"]]


def peer_groups(db: Database) -> pd.DataFrame:
    """Benchmark groups (group_code, group_name, members)."""
    return db.read(
        select(peer_group.c.group_code, peer_group.c.group_name, func.count().label("members"))
        .group_by(peer_group.c.group_code, peer_group.c.group_name)
        .order_by(peer_group.c.group_code)
    )


def results(
    db: Database,
    survey: str,
    area_codes: list[str],
    group_codes: list[str],
    first_wave: int,
    last_wave: int,
    rules: DisclosureRules,
) -> pd.DataFrame:
    """Results per area (summed over the areas beneath it) and per peer group (summed over its
    municipalities), wave and question.

    Columns: kind ('area' or 'peer'), code, name, wave, question, scale; ``respondents`` (the
    number of respondents as a published count, None when under the threshold) with
    ``respondents_status``; ``shown`` (enough respondents for a score); ``value`` (mean mark for
    'cijfer' questions, share agreeing for 'eens'), ``low`` and ``high`` (the 95% interval), None
    where not shown. The exact parts stay inside: only the published count and the scores leave.
    """
    sums = [*(func.sum(survey_result.c[p]).label(p) for p in PARTS), key_sum(survey_result.c.n_ckey),
            key_sum(survey_result.c.n_positive_ckey)]
    waves_between = survey_result.c.wave.between(first_wave, last_wave)
    of_survey = survey_result.c.survey == survey
    per_area = db.read(
        select(area_ancestor.c.ancestor_code.label("code"), area.c.name, survey_result.c.wave, survey_result.c.question, *sums)
        .join(area_ancestor, area_ancestor.c.area_code == survey_result.c.area_code)
        .join(area, area.c.code == area_ancestor.c.ancestor_code)
        .where(of_survey, waves_between, area_ancestor.c.ancestor_code.in_(area_codes))
        .group_by(area_ancestor.c.ancestor_code, area.c.name, survey_result.c.wave, survey_result.c.question)
    ).assign(kind="area")
    per_group = db.read(
        select(peer_group.c.group_code.label("code"), peer_group.c.group_name.label("name"), survey_result.c.wave,
               survey_result.c.question, *sums)
        .join(peer_group, peer_group.c.municipality_code == survey_result.c.area_code)
        .where(of_survey, waves_between, peer_group.c.group_code.in_(group_codes))
        .group_by(peer_group.c.group_code, peer_group.c.group_name, survey_result.c.wave, survey_result.c.question)
    ).assign(kind="peer")
    asked = questions(db, survey)
    frame = pd.concat([per_area, per_group], ignore_index=True)
    frame = frame.assign(scale=frame["question"].map(asked.set_index("code")["scale"]))
    for part in PARTS:
        frame[part] = frame[part].astype(int)
    order = {"code": [*area_codes, *group_codes], "question": list(asked["code"])}
    position = {column: {code: i for i, code in enumerate(codes)} for column, codes in order.items()}
    frame = frame.sort_values(["wave", "code", "question"], key=lambda c: c.map(position[c.name]) if c.name in position else c)
    return score(frame.reset_index(drop=True), rules)


def score(parts: pd.DataFrame, rules: DisclosureRules) -> pd.DataFrame:
    """Replace rows of additive parts (n, n_positive with their keys, sum_score, sum_sq, scale) by the
    published number of respondents and, where that number reaches the minimum, the score with its
    interval, rounded as shown (a mark to one decimal, a share to whole percentages).

    A share agreeing and its Wilson interval come from published counts: the perturbed positives
    over the published respondents (at full precision, exact parts would give the exact number of
    respondents back, and by subtraction a hidden group's). A mean mark has no count to perturb:
    it comes from the exact sums, rounded (docs/disclosure-control.md weighs what it tells)."""
    out = parts.copy()
    out["respondents"], out["respondents_status"] = publish_counts(out["n"].to_numpy(), reduce(out["n_ckey"]), rules)
    positives = out["n_positive"].to_numpy() if rules.exact else perturb(out["n_positive"], reduce(out["n_positive_ckey"]))
    # The threshold is applied to the published number, so whether a score shows tells no more than that number.
    out["shown"] = (out["respondents"].fillna(0) >= rules.min_respondents).to_numpy(dtype=bool)
    values = []
    for row, positive in zip(out.itertuples(), positives):
        if not row.shown:
            values.append((None, None, None))
        elif row.scale == "eens":
            positive = min(int(positive), int(row.respondents))
            low, high = wilson(positive, int(row.respondents))
            values.append((positive / int(row.respondents), low, high))
        else:
            values.append(mean_interval(row.n, row.sum_score, row.sum_sq))
    scores = pd.DataFrame(values, index=out.index, columns=["value", "low", "high"]).astype("Float64")
    decimals = out["scale"].map(SCORE_DECIMALS).to_numpy()
    for column in scores:
        out[column] = pd.array([pd.NA if pd.isna(v) else round(float(v), int(d)) for v, d in zip(scores[column], decimals)],
                               dtype="Float64")
    return out.drop(columns=[*PARTS, "n_ckey", "n_positive_ckey"])
