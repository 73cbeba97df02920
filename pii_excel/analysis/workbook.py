"""phan-tich.xlsx: the analysis's tables, coloured by the one colour rule (verdicts against targets; the strongest
ranks good, the weakest bad), with native charts. Reads the `Analysis` only; every text is written as text."""

from __future__ import annotations

from pathlib import Path

from pii_excel.analysis.context import NO_OWNER
from pii_excel.analysis.model import AggregateLine, Analysis, IndicatorLine
from pii_excel.atomic import atomic_path
from pii_excel.vocab import Tone, Verdict
from pii_excel.xlsx_style import (
    GOAL_COLOUR,
    SCORE_COLOUR,
    TONE_CHART,
    base_format,
    common_formats,
    new_workbook,
    print_setup,
    row_height,
    tone_formats,
)

ANALYSIS_XLSX = "phan-tich.xlsx"
TOP = 3  # title, subtitle, a blank row, then the header
AGG_COLUMNS = (
    ("Mã", 7),
    ("Tên", 36),
    ("Điểm", 9),
    ("Thứ hạng", 9),
    ("Thứ hạng trong vùng", 10),
    ("Điểm năm trước", 10),
    ("Thứ hạng năm trước", 10),
    ("Thay đổi điểm", 9),
    ("Trung bình cả nước", 10),
    ("Mục tiêu", 18),
    ("Đánh giá", 12),
)
IND_COLUMNS = (
    ("Mã", 7),
    ("Chỉ số", 36),
    ("Đơn vị tính", 12),
    ("Giá trị", 10),
    ("Thấp nhất", 10),
    ("Cao nhất", 10),
    ("Điểm", 8),
    ("Thứ hạng", 9),
    ("Điểm năm trước", 9),
    ("Thay đổi điểm", 9),
    ("Trung bình cả nước", 10),
    ("Mục tiêu", 12),
    ("Đánh giá", 11),
    ("Số liệu cần đạt", 16),
    ("Đơn vị phụ trách", 26),
)
VERDICT_TONE = {Verdict.MET: Tone.GOOD, Verdict.NOT_MET: Tone.BAD}


def _rank(rank: int | None, size: int | None) -> str:
    return "" if rank is None else f"{rank}/{size}" if size else str(rank)


def _header(ws, f, title: str, subtitle: str, columns: tuple[tuple[str, float], ...]) -> None:
    ws.write_string(0, 0, title, f["title"])
    ws.write_string(1, 0, subtitle, f["subtitle"])
    for c, (name, width) in enumerate(columns):
        ws.set_column(c, c, width)
        ws.write_string(TOP, c, name, f["header"])
    ws.set_row(TOP, row_height([(n, w, True) for n, w in columns]))


def _put(ws, f, r: int, c: int, value: object, fmt: str = "cell") -> None:
    if value is None or value == "":
        ws.write_blank(r, c, None, f["cell"])
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(r, c, value, f[fmt])
    else:
        ws.write_string(r, c, str(value), f[fmt] if fmt in ("cell", "label") else f["cell"])


def _aggregates(wb, f, tones, a: Analysis) -> None:
    ws = wb.add_worksheet("Tổng quan")
    _header(
        ws,
        f,
        f"KẾT QUẢ {a.edition.label.upper()} — {a.edition.province or a.plan.province}",
        f"Xếp hạng trên {a.size or '…'} tỉnh, thành phố; nguồn: {a.edition.source_file}",
        AGG_COLUMNS,
    )
    rows: list[AggregateLine] = [x for x in (a.overall, *a.sides) if x is not None] + list(a.pillars) + list(a.groups)
    for r, p in enumerate(rows, start=TOP + 1):
        values = [
            p.code
            if p.code not in ("index", "input", "output")
            else {"index": a.edition.index, "input": "ĐV", "output": "ĐR"}[p.code],
            p.name,
            p.score,
            _rank(p.rank, a.size),
            _rank(p.region_rank, a.edition.region_size),
            p.previous_score,
            _rank(p.previous_rank, a.previous_size),
            p.change,
            p.national_mean,
            p.goal,
        ]
        for c, value in enumerate(values):
            _put(ws, f, r, c, value, "number" if c in (2, 5, 7, 8) else "cell")
        verdict = p.verdict.label if p.verdict is not None else ""
        ws.write_string(
            r, len(values), verdict, tones[VERDICT_TONE[p.verdict]] if p.verdict in VERDICT_TONE else f["cell"]
        )
        ws.set_row(r, row_height([(p.name, 36), (p.goal, 18)]))
    pillars = [i for i, p in enumerate(rows) if p in a.pillars]
    if pillars:
        first, last = TOP + 1 + pillars[0], TOP + 1 + pillars[-1]
        chart = wb.add_chart({"type": "bar"})
        for col, attr, name, colour in (
            (2, "score", f"Năm {a.edition.year}", SCORE_COLOUR),
            (5, "previous_score", f"Năm {a.previous.year}" if a.previous else "", "#A5A5A5"),
            (8, "national_mean", "Trung bình cả nước", GOAL_COLOUR),
        ):
            if not name or all(getattr(rows[i], attr) is None for i in pillars):
                continue
            chart.add_series(
                {
                    "name": name,
                    "categories": ["Tổng quan", first, 1, last, 1],
                    "values": ["Tổng quan", first, col, last, col],
                    "fill": {"color": colour},
                    "data_labels": {"value": True, "num_format": "0.00"},
                }
            )
        chart.set_title({"name": "Điểm các trụ cột", "name_font": {"size": 12}})
        chart.set_y_axis({"reverse": True})
        chart.set_x_axis({"min": 0, "max": 100, "name": "Điểm"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 760, "height": 60 + 45 * len(pillars)})
        ws.insert_chart(TOP + 2 + len(rows), 1, chart)
    ws.freeze_panes(TOP + 1, 2)
    print_setup(ws, landscape=True, repeat_to_row=TOP, widths=[w for _, w in AGG_COLUMNS])


def _needed(i: IndicatorLine) -> str:
    if i.needed is None:
        return ""
    n = i.needed
    return f"{n.op} {n.figure:.4g} ({n.reason})".replace(".", ",")


def _indicators(wb, f, tones, a: Analysis) -> None:
    ws = wb.add_worksheet("Chỉ số")
    _header(
        ws,
        f,
        f"CÁC CHỈ SỐ THÀNH PHẦN {a.edition.label.upper()}",
        "Thứ hạng tô xanh: nhóm xếp hạng cao nhất; tô đỏ: nhóm thấp nhất. «Đánh giá» so với mục tiêu của Kế hoạch.",
        IND_COLUMNS,
    )
    strong, weak = {i.code for i in a.strengths}, {i.code for i in a.weaknesses}
    for r, i in enumerate(a.indicators, start=TOP + 1):
        values = [
            i.code,
            i.name,
            i.unit,
            i.raw,
            i.low,
            i.high,
            i.score,
            _rank(i.rank, a.size),
            i.previous_score,
            "đổi định nghĩa" if i.redefined else i.change,
            i.national_mean,
            i.target,
        ]
        for c, value in enumerate(values):
            _put(ws, f, r, c, value, "figure" if c in (3, 4, 5) else "number" if c in (6, 8, 9, 10) else "cell")
        if i.code in strong or i.code in weak:
            ws.write_string(r, 7, _rank(i.rank, a.size), tones[Tone.GOOD if i.code in strong else Tone.BAD])
        verdict = i.verdict.label if i.verdict is not None else ""
        ws.write_string(r, 12, verdict, tones[VERDICT_TONE[i.verdict]] if i.verdict in VERDICT_TONE else f["cell"])
        ws.write_string(r, 13, _needed(i), f["cell"])
        ws.write_string(r, 14, ", ".join(i.owners) or NO_OWNER, f["cell"] if i.owners else tones[Tone.CHECK])
        ws.set_row(r, row_height([(i.name, 36), (", ".join(i.owners), 26)]))
    ws.freeze_panes(TOP + 1, 2)
    print_setup(ws, landscape=True, repeat_to_row=TOP, widths=[w for _, w in IND_COLUMNS], font_size=11)


def _extremes(wb, f, tones, a: Analysis) -> None:
    ws = wb.add_worksheet("Mạnh, yếu")
    columns = (("Nhóm", 16), ("Mã", 7), ("Chỉ số", 40), ("Thứ hạng", 10), ("Điểm", 9), ("Đơn vị phụ trách", 30))
    _header(
        ws,
        f,
        "CÁC CHỈ SỐ XẾP HẠNG CAO NHẤT VÀ THẤP NHẤT",
        f"{len(a.strengths)} chỉ số cao nhất, {len(a.weaknesses)} chỉ số thấp nhất trên {len(a.indicators)} chỉ số",
        columns,
    )
    rows = [(True, i) for i in a.strengths] + [(False, i) for i in a.weaknesses]
    for r, (strong, i) in enumerate(rows, start=TOP + 1):
        ws.write_string(r, 0, "Cao nhất" if strong else "Thấp nhất", tones[Tone.GOOD if strong else Tone.BAD])
        _put(ws, f, r, 1, i.code)
        _put(ws, f, r, 2, i.name)
        _put(ws, f, r, 3, i.rank, "int")
        _put(ws, f, r, 4, i.score, "number")
        _put(ws, f, r, 5, ", ".join(i.owners) or NO_OWNER)
        ws.set_row(r, row_height([(i.name, 40), (", ".join(i.owners) or NO_OWNER, 30)]))
    if rows:
        chart = wb.add_chart({"type": "bar"})
        last = TOP + len(rows)
        chart.add_series(
            {
                "name": "Thứ hạng",
                "categories": ["Mạnh, yếu", TOP + 1, 1, last, 1],
                "values": ["Mạnh, yếu", TOP + 1, 3, last, 3],
                "data_labels": {"value": True},
                "points": [{"fill": {"color": TONE_CHART[Tone.GOOD if s else Tone.BAD]}} for s, _ in rows],
            }
        )
        chart.set_title({"name": "Thứ hạng (1 là cao nhất)", "name_font": {"size": 12}})
        chart.set_y_axis({"reverse": True})
        chart.set_x_axis({"min": 0, "max": a.size or None})
        chart.set_legend({"none": True})
        chart.set_size({"width": 700, "height": 60 + 22 * len(rows)})
        ws.insert_chart(last + 2, 1, chart)
    print_setup(ws, landscape=False, repeat_to_row=TOP, widths=[w for _, w in columns])


def _responsibilities(wb, f, tones, a: Analysis) -> None:
    """Each agency with the indicators it owns in the plan, those among the strongest and weakest, those below
    target; the indicators nobody owns last, as the gap they are."""
    ws = wb.add_worksheet("Trách nhiệm")
    columns = (
        ("Đơn vị", 34),
        ("Chỉ số phụ trách", 30),
        ("Trong nhóm cao nhất", 16),
        ("Trong nhóm thấp nhất", 16),
        ("Chưa đạt mục tiêu", 16),
    )
    _header(ws, f, "TRÁCH NHIỆM CỦA CÁC ĐƠN VỊ THEO CHỈ SỐ", f"{a.edition.label}, theo Kế hoạch {a.plan.id}", columns)
    strong, weak = {i.code for i in a.strengths}, {i.code for i in a.weaknesses}
    owners: dict[str, list[IndicatorLine]] = {}
    for i in a.indicators:
        for name in i.owners or (NO_OWNER,):
            owners.setdefault(name, []).append(i)
    ordered = sorted(owners.items(), key=lambda kv: (kv[0] == NO_OWNER, kv[0]))
    for r, (name, lines) in enumerate(ordered, start=TOP + 1):
        texts = [
            name,
            ", ".join(i.code for i in lines),
            ", ".join(i.code for i in lines if i.code in strong),
            ", ".join(i.code for i in lines if i.code in weak),
            ", ".join(i.code for i in lines if i.verdict is Verdict.NOT_MET),
        ]
        for c, text in enumerate(texts):
            ws.write_string(r, c, text, tones[Tone.CHECK] if name == NO_OWNER and c == 0 else f["cell"])
        ws.set_row(r, row_height(list(zip(texts, [w for _, w in columns], strict=True))))
    print_setup(ws, landscape=False, repeat_to_row=TOP, widths=[w for _, w in columns])


def write_analysis_workbook(a: Analysis, target: Path, run_id: str) -> Path:
    with atomic_path(target) as tmp:
        wb = new_workbook(tmp, {"title": f"Phân tích kết quả {a.edition.label} - {a.plan.province}"}, run_id)
        f = common_formats(wb, 11)
        f["figure"] = wb.add_format({**base_format(11), "border": 1, "num_format": "#,##0.00##"})  # raw values
        tones = tone_formats(wb, 11)
        _aggregates(wb, f, tones, a)
        _indicators(wb, f, tones, a)
        _extremes(wb, f, tones, a)
        _responsibilities(wb, f, tones, a)
        wb.close()
    return target
