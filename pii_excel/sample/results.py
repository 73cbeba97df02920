"""A sample results workbook for the demo, filled the way staff fill `results template` from a published profile.

Real: every score the seed plan publishes — Kế hoạch 41/KH-UBND of Bắc Giang cites PII 2023 (Bộ KH&CN, 12/3/2024):
the 17 indicators' scores (the plan's baselines), the scores and ranks of pillars 1, 3, 5 and 7, the PII 46,51 and
11th of 63. Illustrative: the raw values, the lowest and highest values among provinces and the indicators' ranks,
which the plan does not give. The workbook says so in «Văn bản hoặc trang công bố» and the demo prints it."""

from __future__ import annotations

from pathlib import Path

from pii_excel.index.framework import builtin_edition
from pii_excel.index.service import write_template
from pii_excel.index.workbook import (
    AGGREGATE_COLUMNS,
    INDICATOR_COLUMNS,
    INFO_ROWS,
    SHEET_AGGREGATES,
    SHEET_INDICATORS,
    SHEET_INFO,
)
from pii_excel.plan.model import Plan

SAMPLE_YEAR = 2023
SAMPLE_LABEL = "MẪU MINH HOẠ: điểm theo Kế hoạch 41/KH-UBND; giá trị, giới hạn và thứ hạng chỉ số là số giả định"
# (lowest, highest) among provinces per indicator: illustrative, in each indicator's own unit
SAMPLE_BOUNDS = {
    "1.1.1": (28.20, 55.64),
    "1.2.1": (5.12, 8.43),
    "2.1.2": (0.05, 4.80),
    "2.2.1": (0.5, 30.0),
    "2.2.2": (0.02, 0.95),
    "2.2.3": (0.01, 1.60),
    "2.2.4": (0.02, 1.2),
    "3.1.1": (21.40, 88.60),
    "4.1.1": (20.0, 400.0),
    "4.2.1": (5.0, 120.0),
    "4.2.2": (1.10, 14.80),
    "5.2.2": (0.5, 95.0),
    "5.2.3": (0.5, 60.0),
    "6.1.1": (0.0, 2.5),
    "6.2.3": (0.0, 1.8),
    "6.3.3": (0.0, 12.0),
    "7.1.2": (0.0, 1.9),
}
REGION, REGION_SIZE = "Trung du và miền núi phía Bắc", 14


def sample_raw(code: str, score: float, direction: str = "higher") -> float | None:
    """The raw value that the sample bounds turn into `score` (four decimals, as a profile prints small ratios)."""
    bounds = SAMPLE_BOUNDS.get(code)
    if bounds is None or not 0 <= score <= 100:
        return None
    low, high = bounds
    share = score / 100 if direction != "lower" else 1 - score / 100
    return round(low + share * (high - low), 4)


def _rank(score: float, size: int) -> int:
    """An illustrative rank that falls as the score falls."""
    return max(1, min(size, 1 + round((100 - score) / 100 * (size - 1))))


def write_sample_results(plan: Plan, target: Path) -> Path:
    """`results template` for PII 2023, filled with the seed plan's published scores and the sample figures."""
    import openpyxl

    write_template(plan, SAMPLE_YEAR, target)
    edition = builtin_edition(plan.index_kind, SAMPLE_YEAR)
    size = (edition.ranking_size if edition else None) or plan.ranking_size
    wb = openpyxl.load_workbook(target)
    info = wb[SHEET_INFO]
    given = {"document": SAMPLE_LABEL, "published_on": "12/03/2024", "region": REGION, "region_size": REGION_SIZE}
    labels = {label: key for key, label, _ in INFO_ROWS}
    for row in info.iter_rows(min_row=2):
        key = labels.get(str(row[0].value))
        if key in given:
            row[1].value = given[key]
    sheet = wb[SHEET_INDICATORS]
    col = {key: n + 1 for n, (key, *_rest) in enumerate(INDICATOR_COLUMNS)}
    for r in range(2, sheet.max_row + 1):
        ind = plan.indicator(str(sheet.cell(r, col["code"]).value or ""))
        if ind is None or ind.baseline_value is None or ind.code not in SAMPLE_BOUNDS:
            continue
        low, high = SAMPLE_BOUNDS[ind.code]
        raw = sample_raw(ind.code, ind.baseline_value, ind.direction)
        for key, value in (
            ("raw", raw),
            ("low", low),
            ("high", high),
            ("score", ind.baseline_value),
            ("rank", _rank(ind.baseline_value, size)),
        ):
            sheet.cell(r, col[key]).value = value
    aggs = wb[SHEET_AGGREGATES]
    acol = {key: n + 1 for n, (key, *_rest) in enumerate(AGGREGATE_COLUMNS)}
    pillars = {p.code: p for p in plan.pillars}
    for r in range(2, aggs.max_row + 1):
        code = str(aggs.cell(r, acol["code"]).value or "")
        pillar = pillars.get(code)
        if pillar is not None and pillar.baseline_score is not None:
            aggs.cell(r, acol["score"]).value = pillar.baseline_score
            aggs.cell(r, acol["rank"]).value = pillar.baseline_rank
        elif code == plan.index_kind.upper() and plan.overall_baseline_score is not None:
            aggs.cell(r, acol["score"]).value = plan.overall_baseline_score
            aggs.cell(r, acol["rank"]).value = plan.overall_baseline_rank
    wb.save(target)
    return target
