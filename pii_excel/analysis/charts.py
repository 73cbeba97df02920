"""The analysis's two charts, drawn as native Word charts by `report.word_chart` and as native workbook charts:
each pillar's score beside the previous edition's and the national average; the strongest and weakest indicators
by rank (the colours are the one colour rule's: good for the strongest, bad for the weakest)."""

from __future__ import annotations

from pii_excel.analysis.model import Analysis
from pii_excel.vocab import Tone
from pii_excel.word.word_chart import BarChart, Series
from pii_excel.xlsx_style import GOAL_COLOUR, SCORE_COLOUR, TONE_CHART

PREVIOUS_COLOUR = "#A5A5A5"


def pillar_profile(a: Analysis) -> BarChart | None:
    pillars = [p for p in a.pillars if p.score is not None]
    if not pillars:
        return None
    series = [Series(f"Năm {a.edition.year}", tuple(p.score for p in pillars), SCORE_COLOUR)]
    if a.previous is not None and any(p.previous_score is not None for p in pillars):
        series.append(Series(f"Năm {a.previous.year}", tuple(p.previous_score for p in pillars), PREVIOUS_COLOUR))
    if any(p.national_mean is not None for p in pillars):
        series.append(Series("Trung bình cả nước", tuple(p.national_mean for p in pillars), GOAL_COLOUR))
    return BarChart(
        f"Điểm các trụ cột {a.edition.index} năm {a.edition.year}",
        tuple(f"{p.code}. {p.name}" for p in pillars),
        tuple(series),
        "Điểm",
        overlap=0,
    )


def strengths_and_weaknesses(a: Analysis) -> BarChart | None:
    rows = list(a.strengths) + list(a.weaknesses)
    if not rows:
        return None
    strong = {i.code for i in a.strengths}
    series = (
        Series(
            "Xếp hạng cao nhất",
            tuple(float(i.rank or 0) if i.code in strong else None for i in rows),
            TONE_CHART[Tone.GOOD],
        ),
        Series(
            "Xếp hạng thấp nhất",
            tuple(float(i.rank or 0) if i.code not in strong else None for i in rows),
            TONE_CHART[Tone.BAD],
        ),
    )
    return BarChart(
        f"Thứ hạng các chỉ số mạnh nhất, yếu nhất (trên {a.size or '…'} tỉnh, thành phố)",
        tuple(f"{i.code}" for i in rows),
        series,
        "Thứ hạng (1 là cao nhất)",
        number_format="0",
        axis_max=float(a.size) if a.size else None,
    )
