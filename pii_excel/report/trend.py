"""The report's comparison with earlier periods (section I.5): sentences and a chart from the run's history."""

from __future__ import annotations

from pii_excel.comparison import change_text, lower_is_better, ranking_note
from pii_excel.model import Consolidation, History, Measure, PeriodRecord
from pii_excel.numbers import format_number
from pii_excel.plan.model import COMPOSITE_OVERALL
from pii_excel.textnorm import lower_first
from pii_excel.vocab import Basis, SubmissionState, Verdict
from pii_excel.word.word_chart import BarChart, Series

# oldest period palest: the same blue as the score bars, darker towards this period
TREND_COLOURS = ("#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C", "#08306B")
BARS_MM = 120.0  # the bars' share of the chart's height, so that eight periods of eight subjects fit a page
LABELLED_PERIODS = 4
REACHED = (Verdict.MET.value, Verdict.EXCEEDED.value)


def _score(m: Measure | None) -> str:
    if m is None or m.value is None:
        return "chưa có điểm"
    basis = f" ({Basis(m.basis).label})" if m.basis in (Basis.OFFICIAL.value, Basis.ESTIMATE.value) else ""
    return f"{format_number(m.value, 2)} điểm{basis}"


def _rank_clause(history: History, m: Measure, label: str, record: PeriodRecord, then: Measure | None) -> str:
    if then is None or m.rank is None or then.rank is None or history.current is None:
        return ""
    now = f"xếp hạng {m.rank}/{history.current.ranking_size}"
    if history.current.ranking_size != record.ranking_size:
        return (
            f"; {now}, {lower_first(record.label)} xếp hạng {then.rank}/{record.ranking_size} (số tỉnh xếp hạng khác nhau, "
            "không so sánh trực tiếp thứ hạng)"
        )
    moved = then.rank - m.rank
    trend = f"{'tăng' if moved > 0 else 'giảm'} {abs(moved)} bậc" if moved else "giữ nguyên"
    return f"; {now}, {trend} so với {lower_first(label)}"


def _composite_lines(model: Consolidation, comparisons) -> list[str]:
    history = model.history
    current = history.current
    if current is None:
        return []
    out = []
    total = current.measure("total", COMPOSITE_OVERALL)
    if total is not None and comparisons:
        parts = []
        for label, record in comparisons:
            then = record.measure(total.kind, total.code)
            change = history.change(record, total.kind, total.code)
            said = f"{change_text(change, 'điểm')} so với" if change is not None else "chưa so sánh được với"
            parts.append(
                f"{said} {lower_first(label)} ({record.label}: {_score(then)})"
                f"{_rank_clause(history, total, label, record, then)}"
            )
        if total.value is None and all(history.value(r, total.kind, total.code) is None for _, r in comparisons):
            out.append(f"{total.name} chưa có điểm ở kỳ này và các kỳ so sánh (chờ kết quả công bố).")
        elif total.value is None:
            out.append(f"{total.name} chưa có điểm ở kỳ này; {'; '.join(parts)}.")
        else:
            out.append(f"{total.name} đạt {_score(total)}, {'; '.join(parts)}.")
    pillars = [x for x in current.measures if x.kind == "pillar"]
    noun = model.plan.pillar_noun
    if comparisons and pillars:
        label, record = comparisons[0]
        moved = [
            f"{noun} {p.code} {change_text(c, 'điểm')}"
            for p in pillars
            if (c := history.change(record, p.kind, p.code)) is not None
        ]
        if moved:
            out.append(f"Điểm các {noun} so với {lower_first(label)} ({record.label}): {'; '.join(moved)}.")
    return out


def _task_line(model: Consolidation, label: str, record: PeriodRecord) -> str:
    """Each agency's share of its tasks done, this period beside the previous (an agency that has not reported
    either time is left out: it is not worse, it is missing)."""
    history = model.history
    moved = []
    for m in history.current.measures if history.current else ():
        if m.kind != "agency" or m.value is None:
            continue
        then = record.measure(m.kind, m.code)
        if then is None or then.value is None:
            continue
        agency = model.plan.agency(m.code)
        name = agency.display_name if agency is not None else m.name
        moved.append(f"{name} {format_number(then.value, 1)} → {format_number(m.value, 1)} %")
    if not moved:
        return ""
    return (
        f"Tỷ lệ nhiệm vụ đã hoàn thành của các đơn vị so với {lower_first(label)} ({record.label}): {'; '.join(moved)}."
    )


def _indicator_line(model: Consolidation, label: str, record: PeriodRecord) -> str:
    history = model.history
    better, worse, same, unknown = [], [], [], 0
    for m in history.current.measures if history.current else ():
        if m.kind != "indicator" or m.status == Verdict.NOT_DUE.value:
            continue  # not owed this period: neither compared nor counted as lacking figures
        change = history.change(record, m.kind, m.code)
        indicator = model.plan.indicator(m.code)
        if change is None and indicator is not None and not indicator.agency_reports_figure:
            continue  # only the publisher gives it (a PCI or DTI score): awaiting publication, not lacking figures
        if change is None:
            unknown += 1
        elif abs(change) < 1e-9:
            same.append(m.code)
        elif (change < 0) == lower_is_better(model, m.kind, m.code):
            better.append(m.code)
        else:
            worse.append(m.code)
    if not (better or worse or same):
        if not unknown:  # every indicator is the publisher's (a PCI plan before publication): nothing to say
            return ""
        return f"Chưa có chỉ số nào có số liệu cả kỳ này và {lower_first(label)} ({record.label}) để so sánh."
    parts = [
        f"{len(codes)} chỉ số {word} ({', '.join(codes)})"
        for codes, word in ((better, "tốt hơn"), (worse, "kém hơn"), (same, "không đổi"))
        if codes
    ]
    tail = f"; {unknown} chỉ số chưa đủ số liệu để so sánh" if unknown else ""
    return f"So với {lower_first(label)} ({record.label}), số liệu của {', '.join(parts)}{tail}."


def _reached(record: PeriodRecord) -> tuple[int, int]:
    statuses = [m.status for m in record.measures if m.kind == "indicator"]
    return sum(s in REACHED for s in statuses), len(statuses)


def _submissions(record: PeriodRecord) -> tuple[int, int]:
    statuses = [m.status for m in record.measures if m.kind == "agency" and m.status != SubmissionState.NOT_REQUIRED]
    return sum(s == SubmissionState.ON_TIME.value for s in statuses), len(statuses)


def trend_paragraphs(model: Consolidation) -> list[str]:
    history = model.history
    comparisons = history.comparisons()
    if history.current is None:
        return []
    if not comparisons:
        earlier = [r.label for r in history.trend[:-1]]
        said = (
            f"Lịch sử tổng hợp có {', '.join(earlier)} nhưng chưa có kỳ trước liền kề và cùng kỳ năm trước."
            if earlier
            else "Đây là kỳ đầu tiên của loại kỳ này được lưu trong lịch sử tổng hợp; từ kỳ sau báo "
            "cáo so sánh với kỳ trước và cùng kỳ năm trước."
        )
        return [said] + ([history.problem] if history.problem else [])
    lines = _composite_lines(model, comparisons)
    lines += [line for label, record in comparisons[:1] if (line := _indicator_line(model, label, record))]
    label, record = comparisons[0]
    if tasks := _task_line(model, label, record):
        lines.append(tasks)
    met_now, total_now = _reached(history.current)
    met_then, total_then = _reached(record)
    on_time_now, owed_now = _submissions(history.current)
    on_time_then, owed_then = _submissions(record)
    lines.append(
        f"Số chỉ số đạt hoặc vượt mục tiêu: {met_now}/{total_now} chỉ số ({lower_first(label)}: "
        f"{met_then}/{total_then}); số đơn vị nộp báo cáo đúng hạn: {on_time_now}/{owed_now} ({lower_first(label)}: "
        f"{on_time_then}/{owed_then})."
    )
    if note := ranking_note(history):
        lines.append(note)
    return lines


def trend_chart(model: Consolidation) -> BarChart | None:
    """The index and pillar scores of every recorded period of this kind, one bar per period (oldest palest);
    without any score, the number of indicators reaching their target per period."""
    trend = model.history.trend  # one bar per recorded period of this kind (at most history.TREND_PERIODS)
    if len(trend) < 2 or model.history.current is None:
        return None
    subjects = [
        m
        for m in model.history.current.measures
        if m.kind == "pillar" or (m.kind == "total" and m.code == COMPOSITE_OVERALL)
    ]
    colours = TREND_COLOURS[-len(trend) :]
    scored = [m for m in subjects if sum(model.history.value(r, m.kind, m.code) is not None for r in trend) >= 2]
    if scored:
        labelled = len(trend) <= LABELLED_PERIODS  # beyond that the values crowd each other; the table has them
        series = tuple(
            Series(r.label, tuple(model.history.value(r, m.kind, m.code) for m in scored), colours[n], labels=labelled)
            for n, r in enumerate(trend)
        )
        categories = tuple(m.name if m.kind == "total" else f"{m.code}. {m.name}" for m in scored)
        bar = min(3.0, BARS_MM / (len(scored) * len(trend)))
        return BarChart(
            f"Điểm chỉ số chung và các {model.plan.pillar_noun} qua các kỳ",
            categories,
            series,
            "Điểm",
            overlap=0,
            bar_mm=bar,
        )
    series = tuple(Series(r.label, (float(_reached(r)[0]),), colours[n]) for n, r in enumerate(trend))
    return BarChart(
        "Số chỉ số đạt hoặc vượt mục tiêu qua các kỳ",
        ("Chỉ số đạt, vượt mục tiêu",),
        series,
        "Số chỉ số",
        number_format="0",
        overlap=0,
    )
