"""Closed vocabularies of a plan (comparators, frequency, direction, kinds) and their Vietnamese labels."""

from __future__ import annotations

from pii_excel.textnorm import fold
from pii_excel.vocab import NO, YES, FigureFrom, Side, TargetOn

COMPARATORS = ("≥", ">", "≤", "<", "=")
_COMPARATOR_ALIASES = {">=": "≥", "=>": "≥", "<=": "≤", "=<": "≤", "==": "=", "⩾": "≥", "⩽": "≤"}

FREQUENCIES = {"ongoing": "Thường xuyên", "yearly": "Hằng năm", "half_yearly": "6 tháng", "quarterly": "Hằng quý"}
DIRECTIONS = {"higher": "Cao hơn là tốt hơn", "lower": "Thấp hơn là tốt hơn"}
AGENCY_KINDS = {
    "department": "Sở, ban, ngành",
    "committee": "UBND cấp huyện/xã",
    "internal_unit": "Phòng, đơn vị trực thuộc",
    "group": "Nhóm đơn vị",
}
SIDES = {s.value: s.label for s in Side}
TARGETS_ON = {t.value: t.label for t in TargetOn}
FIGURES_FROM = {f.value: f.label for f in FigureFrom}
YES_NO = {True: YES, False: NO}

# Spellings met in real documents ("Hàng năm" in the PII seed) map to the same value.
_EXTRA_LABELS: dict[str, dict[str, object]] = {
    "frequency": {
        "hàng năm": "yearly",
        "hàng quý": "quarterly",
        "thường xuyên": "ongoing",
        "hằng tháng": "ongoing",
        "hàng tháng": "ongoing",
        "6 tháng một lần": "half_yearly",
        "nửa năm": "half_yearly",
    },
    "direction": {"cao hơn là tốt": "higher", "thấp hơn là tốt": "lower"},
    "target_on": {"điểm": "score", "diem": "score", "số liệu": "figure", "giá trị": "figure"},
    "figure_from": {
        "công bố": "published",
        "kết quả công bố": "published",
        "đơn vị": "agency",
        "danh mục văn bản": "documents",
        "văn bản": "documents",
    },
    "yes_no": {"x": True, "yes": True, "no": False, "c": True, "k": False},
}


def parse_comparator(text: str) -> str | None:
    """Return the canonical comparator for what a person typed, or None if it is not one."""
    t = "".join(str(text).split())
    t = _COMPARATOR_ALIASES.get(t, t)
    return t if t in COMPARATORS else None


def _parse_choice(kind: str, labels: dict, text: str):
    key = fold(text)
    for value, label in labels.items():
        if key in (fold(str(value)), fold(label)):
            return value
    return _EXTRA_LABELS.get(kind, {}).get(key)


def parse_frequency(text: str) -> str | None:
    return _parse_choice("frequency", FREQUENCIES, text)


def parse_direction(text: str) -> str | None:
    return _parse_choice("direction", DIRECTIONS, text)


def parse_kind(text: str) -> str | None:
    return _parse_choice("kind", AGENCY_KINDS, text)


def parse_side(text: str) -> str | None:
    return _parse_choice("side", SIDES, text)


def parse_target_on(text: str) -> str | None:
    return _parse_choice("target_on", TARGETS_ON, text)


def parse_figure_from(text: str) -> str | None:
    return _parse_choice("figure_from", FIGURES_FROM, text)


def parse_yes_no(text: str) -> bool | None:
    return _parse_choice("yes_no", YES_NO, text)


def compare(value: float, op: str, target: float) -> bool:
    """True when `value op target` holds; a tiny tolerance absorbs binary rounding of typed decimals."""
    eps = 1e-9 * max(1.0, abs(target))
    if op == "≥":
        return value >= target - eps
    if op == ">":
        return value > target + eps
    if op == "≤":
        return value <= target + eps
    if op == "<":
        return value < target - eps
    if op == "=":
        return abs(value - target) <= eps
    raise ValueError(f"unknown comparator {op!r}")
