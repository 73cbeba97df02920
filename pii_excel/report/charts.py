"""What the report's two charts show, taken from the evaluation; `word_chart` draws them as native Word charts.

The pillar chart is the summary workbook's (each pillar's score beside its goal score); the indicator chart
paints each indicator's share of its target by the one outcome colour rule of every output.
"""

from __future__ import annotations

from pii_excel.model import Evaluation, IndicatorResult
from pii_excel.numbers import agreeing_round
from pii_excel.vocab import OUTCOMES, Basis, Verdict, outcome_of
from pii_excel.word.word_chart import BarChart, Series
from pii_excel.xlsx_style import GOAL_COLOUR, SCORE_COLOUR, outcome_colour

PCT_CAP = 200.0  # a bar longer than twice its target would flatten all the others


def pillar_chart(ev: Evaluation, noun: str = "trụ cột") -> BarChart | None:
    """Each pillar's score (published or estimated; the baseline's before any result) beside its goal."""
    pillars = [p for p in ev.pillars if p.kind == "pillar"]
    current = any(p.score is not None for p in pillars)
    if not any((p.score if current else p.baseline_score) is not None for p in pillars):
        return None
    if current:
        bases = {p.basis for p in pillars if p.score is not None}
        name = "Điểm " + " / ".join(b.label for b in (Basis.OFFICIAL, Basis.ESTIMATE) if b in bases)
        scores = tuple(p.score for p in pillars)
    else:
        name, scores = "Điểm năm cơ sở", tuple(p.baseline_score for p in pillars)
    series = [Series(name, scores, SCORE_COLOUR)]
    goals = tuple(p.goal.score for p in pillars)
    if any(g is not None for g in goals):
        series.append(Series("Mục tiêu", goals, GOAL_COLOUR))
    title = f"Điểm các {noun} so với mục tiêu" + ("" if current else " (chưa có kết quả kỳ này)")
    return BarChart(title, tuple(_pillar_label(p) for p in pillars), tuple(series), "Điểm", overlap=0)


def _pillar_label(p) -> str:
    """The pillar's name, with its rank beside the rank it aimed at when its goal has one: the bars show only
    scores, and a pillar above its score bar that failed on rank must not look like a success."""
    label = f"{p.code}. {p.name}"
    if p.goal.top_n is not None and p.rank is not None:
        label += f" (thứ {p.rank}; mục tiêu top {p.goal.top_n})"
    return label


def charted_indicators(ev: Evaluation) -> list[IndicatorResult]:
    """The indicators the chart draws: judged against a target; a figure that needs checking is left out
    until it is checked (a bar would count it). A component index (PCI) is drawn with the pillars, not twice."""
    return [
        r
        for r in ev.indicators
        if r.pct_of_target is not None and r.status is not Verdict.UNVERIFIED and r.indicator not in ev.components
    ]


def capped_indicators(ev: Evaluation) -> list[IndicatorResult]:
    return [r for r in charted_indicators(ev) if (r.pct_of_target or 0) > PCT_CAP]


def indicator_chart(ev: Evaluation) -> BarChart | None:
    """Each indicator's share of its target, one series per outcome (so the legend names the colours), under
    an outlined box at 100 %: the target."""
    rows = charted_indicators(ev)
    if not rows:
        return None
    keys = [outcome_of(r.status, r.improved) for r in rows]
    series = []
    for key, label, _ in OUTCOMES:
        if key in keys:
            values = tuple(
                min(agreeing_round(r.pct_of_target or 0, 1, r.status.reached), PCT_CAP) if k == key else None
                for r, k in zip(rows, keys, strict=True)
            )
            series.append(Series(label, values, outcome_colour(key)))
    series.append(Series("Mục tiêu (100%)", tuple(100.0 for _ in rows), GOAL_COLOUR, outline_only=True, labels=False))
    capped = bool(capped_indicators(ev))
    return BarChart(
        "Mức đạt mục tiêu của các chỉ số (%)",
        tuple(r.indicator for r in rows),
        tuple(series),
        "% mục tiêu đạt được",
        number_format="0.0",
        axis_max=PCT_CAP if capped else None,
        major_unit=25 if capped or max(r.pct_of_target or 0 for r in rows) > 100 else 20,
    )
