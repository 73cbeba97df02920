"""The summary workbook's «Diễn biến» sheet as data: every indicator, group, pillar, composite and agency over the
recorded periods of this kind, with the change since the previous period and since the same period a year ago."""

from __future__ import annotations

from dataclasses import dataclass

from pii_excel.model import Consolidation, History
from pii_excel.numbers import fixed, format_number
from pii_excel.textnorm import lower_first
from pii_excel.vocab import Tone

KIND_LABELS = {
    "total": "Chỉ số chung",
    "pillar": "Trụ cột",
    "group": "Nhóm chỉ số",
    "indicator": "Chỉ số",
    "agency": "Đơn vị",
}
EPSILON = 1e-9


@dataclass(frozen=True)
class TrendRow:
    kind: str
    code: str
    name: str
    unit: str
    values: tuple[float | None, ...]  # one per trend period, oldest first, this period last
    changes: tuple[float | None, ...]  # one per comparison (previous period, same period last year)
    tone: Tone | None  # better (GOOD) or worse (BAD) than the first comparison; None when unknown or unchanged
    ranks: tuple[str, str]  # this period's and the previous period's ranks ("8/34", "11/63"), where published


def lower_is_better(model: Consolidation, kind: str, code: str) -> bool:
    ind = model.plan.indicator(code) if kind == "indicator" else None
    return ind is not None and ind.direction == "lower"


def trend_tone(model: Consolidation, kind: str, code: str, change: float | None) -> Tone | None:
    if change is None or abs(change) < EPSILON:
        return None
    better = (change < 0) if lower_is_better(model, kind, code) else (change > 0)
    return Tone.GOOD if better else Tone.BAD


def _ranks(history: History, kind: str, code: str) -> tuple[str, str]:
    """This period's rank and the first comparison's, each over its own number of provinces ("8/34")."""
    out = []
    for record in (history.current, *[r for _, r in history.comparisons()[:1]]):
        m = record.measure(kind, code) if record is not None else None
        out.append(f"{m.rank}/{record.ranking_size}" if m is not None and m.rank is not None and record else "")
    return out[0], (out[1] if len(out) > 1 else "")


def ranking_note(history: History) -> str:
    """Said whenever the recorded periods ranked different numbers of provinces (63 before July 2025, 34 after)."""
    sizes: dict[int, list[str]] = {}
    for record in history.trend:
        sizes.setdefault(record.ranking_size, []).append(record.label)
    if len(sizes) < 2:
        return ""
    said = "; ".join(f"{', '.join(labels)}: xếp hạng trên {size} tỉnh, thành phố" for size, labels in sizes.items())
    return f"Thứ hạng không so sánh trực tiếp được giữa các kỳ có số tỉnh xếp hạng khác nhau ({said})."


def trend_rows(model: Consolidation) -> list[TrendRow]:
    history = model.history
    current = history.current
    if current is None:
        return []
    comparisons = [record for _, record in history.comparisons()]
    rows = []
    for m in current.measures:
        values = tuple(history.value(record, m.kind, m.code) for record in history.trend)
        changes = tuple(history.change(record, m.kind, m.code) for record in comparisons)
        tone = trend_tone(model, m.kind, m.code, changes[0]) if changes else None
        if m.kind in ("group", "agency") and all(v is None for v in values):
            # groups are scored only with a published profile, agencies that owe no task have no share done:
            # empty rows would bury the others
            continue
        rows.append(TrendRow(m.kind, m.code, m.name, m.unit, values, changes, tone, _ranks(history, m.kind, m.code)))
    order = {k: n for n, k in enumerate(("total", "pillar", "group", "indicator", "agency"))}
    return sorted(rows, key=lambda r: order.get(r.kind, 9))  # stable: framework order within a kind


def change_text(change: float | None, unit: str) -> str:
    """ "tăng 1,76 điểm", "giảm 0,5 %", "không đổi"."""
    if change is None:
        return ""
    if abs(change) < EPSILON:
        return "không đổi"
    # scores keep the published two decimals ("4,10 điểm"); figures show what they have
    amount = fixed(abs(change)) if unit == "điểm" else format_number(abs(change), 4)
    return f"{'tăng' if change > 0 else 'giảm'} {amount} {unit}".strip()


def comparison_headers(history: History) -> list[str]:
    return [f"Thay đổi so với {lower_first(label)} ({record.label})" for label, record in history.comparisons()]


def trend_headers(history: History) -> list[str]:
    return [record.label for record in history.trend]


def first_recorded(history: History) -> bool:
    return len(history.trend) <= 1 and not history.comparisons()
