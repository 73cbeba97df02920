"""Estimating index scores from raw figures, the way the publisher normalises them (PII: min–max across provinces).

Pure arithmetic on plan data; every result here is an estimate ("ước tính") and is labelled so by its callers.
"""

from __future__ import annotations

from pii_excel.plan.model import Figure

SCORE_MIN, SCORE_MAX = 0.0, 100.0
_FLIP = {"≥": "≤", ">": "<", "≤": "≥", "<": ">", "=": "="}


def normalised(value: float, low: float, high: float, direction: str) -> float:
    """The publisher's min–max normalisation: 100·(x − min)/(max − min), reversed where lower is better, clipped to
    0–100 (high > low)."""
    share = (value - low) / (high - low)
    if direction == "lower":
        share = 1.0 - share
    return min(SCORE_MAX, max(SCORE_MIN, 100.0 * share))


def estimate_score(figure: Figure, value: float, direction: str) -> float | None:
    """The normalised score of a raw figure with the plan's latest published bounds; None without bounds."""
    if not figure.has_bounds:
        return None
    assert figure.bounds_min is not None and figure.bounds_max is not None  # has_bounds
    return normalised(value, figure.bounds_min, figure.bounds_max, direction)


def figure_for_score(figure: Figure, score: float, direction: str) -> float | None:
    """The raw figure whose estimated score is `score` (the inverse of `estimate_score` inside 0–100)."""
    if not figure.has_bounds or not SCORE_MIN <= score <= SCORE_MAX:
        return None
    low, high = figure.bounds_min, figure.bounds_max
    assert low is not None and high is not None
    share = score / 100.0
    if direction == "lower":
        share = 1.0 - share
    return low + share * (high - low)


def required_figure(figure: Figure, op: str | None, score: float | None, direction: str) -> tuple[str, float] | None:
    """(comparator, figure) the raw figure must satisfy to reach `op score`; the comparator turns round where
    lower figures give higher scores. None without bounds, or when the target lies outside 0–100."""
    if op is None or score is None:
        return None
    needed = figure_for_score(figure, score, direction)
    if needed is None:
        return None
    return (_FLIP[op] if direction == "lower" else op), needed


def mean(scores: list[float | None], weights: list[float | None] | None = None) -> float | None:
    """The (weighted) mean when every score is known, else None; weights apply only when all are given."""
    known = [s for s in scores if s is not None]
    if not scores or len(known) < len(scores):
        return None
    given = [w for w in weights or [] if w is not None]
    if weights and len(given) == len(weights) and sum(given):
        return sum(s * w for s, w in zip(known, given, strict=True)) / sum(given)
    return sum(known) / len(known)
