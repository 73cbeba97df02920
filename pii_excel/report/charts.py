"""Charts for the report, drawn with matplotlib in DejaVu Serif: it ships inside matplotlib and has every
Vietnamese diacritic, so labels render the same on any machine (no system font needed)."""

from __future__ import annotations

import io
import textwrap

from pii_excel.model import Evaluation, IndicatorResult, PillarResult
from pii_excel.vocab import OUTCOMES, outcome_of
from pii_excel.xlsx_style import outcome_colour

_COUNTED = {key for key, _, _ in OUTCOMES}


def _colour(r: IndicatorResult | PillarResult) -> str:
    """The one colour rule of every output: the outcome's colour (amber: not met but better than the baseline)."""
    key = outcome_of(r.status, r.improved)
    return outcome_colour(key) if key in _COUNTED else "#5B9BD5"


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.family": "DejaVu Serif", "font.size": 9, "axes.titlesize": 10})
    return plt


def _png(fig) -> io.BytesIO:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=200, bbox_inches="tight")
    buf.seek(0)
    return buf


def pillar_chart(ev: Evaluation) -> io.BytesIO | None:
    """Pillar scores (published, else baseline) against each pillar's goal score, as horizontal bars."""
    pillars = [p for p in ev.pillars if p.kind == "pillar"]
    if not any(p.score is not None or p.baseline_score is not None for p in pillars):
        return None
    plt = _pyplot()
    published = any(p.score is not None for p in pillars)
    labels = ["\n".join(textwrap.wrap(f"{p.code}. {p.name}", 30)) for p in pillars]
    scores = [(p.score if published else p.baseline_score) or 0 for p in pillars]
    fig, ax = plt.subplots(figsize=(6.6, 0.5 * len(pillars) + 1.0))
    y = list(range(len(pillars)))
    colours = [_colour(p) if published else "#5B9BD5" for p in pillars]
    bars = ax.barh(y, scores, color=colours, height=0.6)
    ax.bar_label(bars, labels=[f"{s:.2f}".replace(".", ",") if s else "" for s in scores], fontsize=7, padding=2)
    goals = [(i, p.goal.score) for i, p in enumerate(pillars) if p.goal.score is not None]
    if goals:
        ax.scatter([g for _, g in goals], [i for i, _ in goals], marker="|", s=260, color="black", zorder=3,
                   label="Mục tiêu (điểm)")  # fmt: skip
    ax.set_yticks(y, labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("Điểm công bố" if published else "Điểm năm cơ sở")
    ax.set_xlim(0, max([*scores, *(g for _, g in goals), 1]) * 1.15)
    ax.set_title("Điểm các trụ cột so với mục tiêu" + ("" if published else " (chưa có kết quả công bố)"))
    ax.spines[["top", "right"]].set_visible(False)
    if goals:
        ax.legend(fontsize=7, frameon=False, loc="upper right", bbox_to_anchor=(1.0, -0.12))
    buf = _png(fig)
    plt.close(fig)
    return buf


def indicator_chart(ev: Evaluation) -> io.BytesIO | None:
    """Each indicator's share of its target, coloured by status, with the 100 % line."""
    rows = [r for r in ev.indicators if r.pct_of_target is not None]
    if not rows:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.6, 0.28 * len(rows) + 1.0))
    values = [min(r.pct_of_target or 0.0, 200) for r in rows]
    y = range(len(rows))
    bars = ax.barh(y, values, color=[_colour(r) for r in rows], height=0.6)
    ax.axvline(100, color="black", linestyle="--", linewidth=1)
    ax.bar_label(bars, labels=[f"{v:.0f}%" for v in values], fontsize=7, padding=2)
    ax.set_yticks(list(y), [r.indicator for r in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("% mục tiêu đạt được")
    ax.set_title("Mức đạt mục tiêu của các chỉ số")
    ax.spines[["top", "right"]].set_visible(False)
    shown = [(key, label, tone) for key, label, tone in OUTCOMES if any(outcome_of(r.status, r.improved) == key
                                                                         for r in rows)]  # fmt: skip
    handles = [plt.Rectangle((0, 0), 1, 1, color=outcome_colour(key)) for key, _, _ in shown]
    ax.legend(handles, [label for _, label, _ in shown], fontsize=7, frameon=False, loc="lower right")
    buf = _png(fig)
    plt.close(fig)
    return buf
