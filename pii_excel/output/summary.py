"""The colour-coded summary workbook (tong-hop.xlsx): overview with charts, indicators, pillars, agencies,
tasks, submissions and every data finding. Reads the consolidation model only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pii_excel.atomic import atomic_path
from pii_excel.comparison import (
    KIND_LABELS,
    comparison_headers,
    first_recorded,
    ranking_note,
    trend_headers,
    trend_rows,
)
from pii_excel.findings import Location
from pii_excel.model import Consolidation, IndicatorResult, MailOrigin, TaskLine
from pii_excel.numbers import agreeing_round, format_number
from pii_excel.plan.describe import goal_text
from pii_excel.plan.periods import data_period_text
from pii_excel.textnorm import lower_first
from pii_excel.vocab import (
    ACCOUNTABILITY_HEADER,
    OUTCOMES,
    TONE_OF,
    Basis,
    FileStatus,
    Role,
    Severity,
    SubmissionState,
    Tone,
    Verdict,
    Vocab,
    accountability_label,
    judged_label,
    outcome_of,
    verdict_tone,
    yes_no,
)
from pii_excel.vocab import TaskStatus as T
from pii_excel.xlsx_style import (
    FONT,
    common_formats,
    header_text,
    new_workbook,
    outcome_colour,
    print_setup,
    row_height,
    tone_formats,
)

TOP = 3  # header row index of every table sheet: title, subtitle, blank
FONT_SIZE = 11
PIE_SCALE, BAR_SCALE = 1.0, 1.2  # the overview's charts, 480 px wide at scale 1
CHART_FONT = 10  # still 9 pt when the overview is scaled to its page width
SCORE_BASES = (Basis.OFFICIAL, Basis.ESTIMATE, Basis.PENDING)
# every indicator by the score it has, whether judged or not (one to verify has its score too): the report's
# «căn cứ đánh giá» counts only those judged, and says which scored ones are not
SCORE_BASIS_ROWS = {
    Basis.OFFICIAL: "Chỉ số có điểm chính thức",
    Basis.ESTIMATE: "Chỉ số có điểm ước tính",
    Basis.PENDING: "Chỉ số chưa có điểm",  # short: the label column does not wrap
}
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Col:
    header: str
    width: float
    kind: str = "cell"  # cell (text) | number | int | pct


@dataclass(frozen=True)
class Toned:
    """A status cell: its label, filled with the colour of its tone."""

    label: str
    tone: Tone

    @classmethod
    def of(cls, value: Vocab, tone: Tone | None = None) -> Toned:
        return cls(value.label, tone or TONE_OF[value])


def ref_text(ref: Location | None) -> str:
    """A source cell as the workbook shows it: "tệp.xlsx — Chỉ số!F5"."""
    return f"{ref.file} — {ref.sheet}!{ref.cell}" if ref else ""


class _Book:
    def __init__(self, wb, model: Consolidation):
        self.wb, self.model = wb, model
        self.f = common_formats(wb, FONT_SIZE)
        self.tone = tone_formats(wb, FONT_SIZE)
        self.legend = tone_formats(wb, FONT_SIZE, centred=False)

    def sheet(
        self,
        name: str,
        title: str,
        columns: list[Col],
        rows: list[list],
        landscape: bool = True,
        repeat_columns: int = 1,
    ):
        """A table sheet; too wide for one legible page, it prints across pages with the first
        `repeat_columns` (what identifies a row) on each."""
        ws = self.wb.add_worksheet(name)
        ws.write_string(0, 0, title, self.f["title"])
        ws.write_string(1, 0, f"{self.model.plan.title} — {self.model.period.label}", self.f["subtitle"])
        for c, col in enumerate(columns):
            ws.set_column(c, c, col.width)
            ws.write_string(TOP, c, col.header, self.f["header"])
        ws.set_row(TOP, row_height([(c.header, c.width) for c in columns], min_lines=2, font_size=FONT_SIZE, bold=True))
        for r, values in enumerate(rows, start=TOP + 1):
            for c, (col, value) in enumerate(zip(columns, values, strict=True)):
                self.write(ws, r, c, col.kind, value)
            ws.set_row(
                r,
                row_height(
                    [
                        (v, col.width) if isinstance(v, str) else (v.label, col.width, True)
                        for col, v in zip(columns, values, strict=True)
                        if isinstance(v, (str, Toned))
                    ],
                    font_size=FONT_SIZE,
                ),
            )
        last = TOP + max(len(rows), 1)
        ws.freeze_panes(TOP + 1, 1)
        ws.autofilter(TOP, 0, last, len(columns) - 1)
        self.print_setup(ws, landscape, TOP, [c.width for c in columns], repeat_columns)
        return ws

    def write(self, ws, r: int, c: int, kind: str, value) -> None:
        if isinstance(value, Toned):
            ws.write_string(r, c, value.label, self.tone[value.tone])
            return
        fmt = self.f.get(kind) or self.f["cell"]
        if value is None or value == "":
            ws.write_blank(r, c, None, fmt)
        elif kind in ("number", "int", "pct") and isinstance(value, (int, float)):
            ws.write_number(r, c, value, fmt)
        else:
            # Always text: nothing an agency typed may become a formula or a link in our outputs.
            ws.write_string(r, c, str(value), fmt)

    def print_setup(
        self,
        ws,
        landscape: bool,
        repeat_row: int,
        widths: list[float],
        repeat_columns: int = 0,
        extra_points: float = 0,
    ) -> None:
        m = self.model
        # the footer is scaled with the sheet: at the body's size it stays legible
        footer = (
            f'&L&"{FONT}"&{FONT_SIZE}Tổng hợp Chỉ số {header_text(m.plan.index_kind)} — '
            f'{header_text(m.period.label)}&R&"{FONT}"&{FONT_SIZE}Trang &P/&N'
        )
        print_setup(
            ws,
            landscape=landscape,
            repeat_to_row=repeat_row,
            footer=footer,
            widths=widths,
            font_size=FONT_SIZE,
            repeat_columns=repeat_columns,
            extra_points=extra_points,
        )


def _sub(value: Vocab) -> str:
    """An overview line that breaks a count down: "— đúng hạn"."""
    return f"— {lower_first(value.label)}"


def _overview(book: _Book) -> None:
    m = book.model
    ev, c = m.evaluation, m.counts
    # every cell changed, and apart the indicator figures among them: a reporter's name is not a figure
    corrected = (
        [("Ô đơn vị điều chỉnh khi nộp lại", c.corrected_cells), ("   trong đó số liệu chỉ số", c.corrected_figures)]
        if c.corrected_cells
        else []
    )
    wb, f = book.wb, book.f
    ws = wb.add_worksheet("Tổng quan")
    widths: list[float] = [46, 16, 14]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.write_string(0, 0, f"TỔNG HỢP KẾT QUẢ THỰC HIỆN KẾ HOẠCH — {m.period.label.upper()}", f["title"])
    ws.write_string(1, 0, m.plan.title, f["subtitle"])
    ws.write_string(
        2,
        0,
        f"{data_period_text(m.period)}; hạn nộp báo cáo {m.period.deadline:%d/%m/%Y}; lập lúc "
        f"{m.generated_at:%d/%m/%Y %H:%M}.",
        f["plain"],
    )
    outcomes = outcome_counts(m)
    pillars = [p for p in ev.pillars if p.kind == "pillar" and not p.goal.is_empty()]
    figures = [
        ("Tệp đã đọc", c.files),
        (_sub(FileStatus.ACCEPTED), c.accepted),
        (_sub(FileStatus.REJECTED), c.rejected),
        (_sub(FileStatus.SUPERSEDED) + " (nộp lại)", c.superseded),
        *([(_sub(FileStatus.DUPLICATE), c.duplicates)] if c.duplicates else []),
        (_sub(FileStatus.SKIPPED), c.skipped),
        *([("Thư điện tử đã đọc (.eml, .msg, .mbox)", c.mails)] if c.mails else []),
        *corrected,
        ("Đơn vị phải báo cáo", len(m.intake.submissions)),
        (_sub(SubmissionState.ON_TIME), c.on_time),
        (_sub(SubmissionState.LATE), c.late),
        (_sub(SubmissionState.MISSING), c.missing),
        ("Chỉ số", len(ev.indicators)),
        *[(f"— {label}", outcomes[key]) for key, label, _ in OUTCOMES],
        *[(SCORE_BASIS_ROWS[b], sum(r.score_basis is b for r in ev.indicators)) for b in SCORE_BASES],
        ("Trụ cột đạt mục tiêu", f"{sum(p.status.reached for p in pillars)}/{len(pillars)}"),
        ("Lỗi số liệu", c.errors),
        (Severity.WARNING.label, c.warnings),
    ]
    ws.write_string(4, 0, "Số liệu chính", f["header"])
    ws.write_string(4, 1, "Số lượng", f["header"])
    for i, (label, value) in enumerate(figures, start=5):
        ws.write_string(i, 0, label, f["label"])
        book.write(ws, i, 1, "int" if isinstance(value, int) else "cell", value)
    row = 6 + len(figures)
    # the legend and notes span the three columns beside the charts, so they take few lines
    span = sum(widths)
    ws.merge_range(row, 0, row, 2, "Chú giải màu (chữ trong ô luôn ghi rõ kết quả)", f["header"])
    for i, (tone, text) in enumerate(legend(m.plan.exceed_margin_pct), start=row + 1):
        line = f"{tone.label}: {text}"
        ws.merge_range(i, 0, i, 2, line, book.legend[tone])
        ws.set_row(i, row_height([(line, span)], font_size=FONT_SIZE, bold=True))
    for i, text in enumerate(NOTES, start=row + len(LEGEND) + 2):
        ws.merge_range(i, 0, i, 2, text, f["text"])
        ws.set_row(i, row_height([(text, span)], font_size=FONT_SIZE))
    # Chart data lives on the sheet (charts in Excel and LibreOffice reference cells).
    data_row = row + len(LEGEND) + 1 + len(NOTES) + 2
    ws.write_string(data_row, 0, "Số chỉ số theo kết quả", f["header"])
    ws.write_string(data_row, 1, "Số chỉ số", f["header"])
    for i, (key, label, _) in enumerate(OUTCOMES, start=data_row + 1):
        ws.write_string(i, 0, label, f["cell"])
        ws.write_number(i, 1, outcomes[key], f["int"])
    pie = book.wb.add_chart({"type": "pie"})
    pie.add_series(
        {
            "name": "Kết quả các chỉ số",
            "categories": ["Tổng quan", data_row + 1, 0, data_row + len(OUTCOMES), 0],
            "values": ["Tổng quan", data_row + 1, 1, data_row + len(OUTCOMES), 1],
            "data_labels": {
                "value": True,
                "category": True,
                "separator": "\n",
                "font": {"name": FONT, "size": CHART_FONT},
            },
            "points": [{"fill": {"color": outcome_colour(key)}} for key, _, _ in OUTCOMES],
        }
    )
    pie.set_title({"name": "Kết quả các chỉ số", "name_font": {"name": FONT, "size": 12}})
    pie.set_legend({"position": "bottom", "font": {"name": FONT, "size": CHART_FONT}})
    ws.insert_chart(4, 3, pie, {"x_scale": PIE_SCALE, "y_scale": 1.0})
    _pillar_chart(book, ws, data_row + len(OUTCOMES) + 2, chart_row=row)
    # two pages, one wide: the figures beside the pie, then the legend and chart data beside the pillar chart
    # (a chart is never cut by a page break)
    book.print_setup(ws, True, -1, widths, extra_points=480 * max(PIE_SCALE, BAR_SCALE) * 0.75)
    ws.set_h_pagebreaks([row])
    ws.activate()


def legend(margin_pct: float) -> tuple[tuple[Tone, str], ...]:
    """The colours' meanings; «Vượt» by the plan's own margin."""
    exceeded = (
        f"{Verdict.MET.label} hoặc {Verdict.EXCEEDED.label} mục tiêu ({Verdict.EXCEEDED.label}: tốt hơn mục "
        f"tiêu từ {format_number(margin_pct)}% trở lên — cao hơn, hoặc thấp hơn với chỉ số thấp hơn là tốt hơn)"
    )
    return ((Tone.GOOD, exceeded), *LEGEND)


LEGEND = (  # the other colours; the «đạt, vượt» line carries the plan's margin (`legend`)
    (Tone.PROGRESS, f"{Verdict.NOT_MET.label} nhưng tốt hơn năm cơ sở"),
    (Tone.BAD, f"{Verdict.NOT_MET.label} và không tốt hơn năm cơ sở"),
    (Tone.CHECK, f"{Verdict.UNVERIFIED.label}: số liệu có lỗi hoặc cảnh báo, chưa được tính là đạt hay chưa đạt"),
    (
        Tone.NEUTRAL,
        f"{Verdict.AWAITING.label}; {Verdict.NO_DATA.label}; {Verdict.NOT_DUE.label} (chỉ số báo cáo "
        "theo kỳ năm hoặc 6 tháng, không bị tính là thiếu)",
    ),
)
NOTES = (
    f"Điểm {Basis.OFFICIAL.label}: điểm do cơ quan có thẩm quyền công bố, đơn vị tổng hợp nhập.",
    f"Điểm {Basis.ESTIMATE.label}: tính từ số liệu gốc và giới hạn chuẩn hoá (thấp nhất, cao nhất trong các tỉnh) "
    "ghi trong kế hoạch, không phải kết quả công bố.",
    f"{Verdict.AWAITING.label}: mục tiêu tính trên điểm số, chưa có điểm công bố và chưa ước tính được; số liệu "
    "gốc của đơn vị không bao giờ được so với mục tiêu điểm số.",
)


def outcome_counts(m: Consolidation) -> dict[str, int]:
    counts = {key: 0 for key, _, _ in OUTCOMES}
    for r in m.evaluation.indicators:
        key = outcome_of(r.status, r.improved)
        if key in counts:
            counts[key] += 1
    return counts


def _pillar_chart(book: _Book, ws, top: int, chart_row: int) -> None:
    """Each pillar's score (published or estimated) beside its goal score: the pillar's own figures."""
    f = book.f
    pillars = [p for p in book.model.evaluation.pillars if p.kind == "pillar" and p.score is not None]
    ws.write_string(top, 0, "Điểm các trụ cột so với mục tiêu", f["header"])
    ws.write_string(top, 1, "Điểm", f["header"])
    ws.write_string(top, 2, "Mục tiêu (điểm)", f["header"])
    for n, p in enumerate(pillars, start=1):
        ws.write_string(top + n, 0, f"{p.code}. {p.name} ({p.basis.label})", f["cell"])
        ws.write_number(top + n, 1, p.score, f["number"])
        book.write(ws, top + n, 2, "number", p.goal.score)
    if not pillars:
        return
    bar = book.wb.add_chart({"type": "bar"})
    for col, name, colour in ((1, "Điểm", "#5B9BD5"), (2, "Mục tiêu", "#A5A5A5")):
        bar.add_series(
            {
                "name": name,
                "categories": ["Tổng quan", top + 1, 0, top + len(pillars), 0],
                "values": ["Tổng quan", top + 1, col, top + len(pillars), col],
                "fill": {"color": colour},
                "data_labels": {"value": True, "num_format": "0.00", "font": {"name": FONT, "size": CHART_FONT}},
            }
        )
    bar.set_title({"name": "Điểm các trụ cột so với mục tiêu", "name_font": {"name": FONT, "size": 12}})
    bar.set_legend({"position": "bottom", "font": {"name": FONT, "size": CHART_FONT}})
    bar.set_x_axis({"min": 0, "num_font": {"name": FONT, "size": CHART_FONT}})
    bar.set_y_axis({"reverse": True, "num_font": {"name": FONT, "size": CHART_FONT}})
    ws.insert_chart(chart_row, 3, bar, {"x_scale": BAR_SCALE, "y_scale": 1.3})


def _agency_names(model: Consolidation, codes: tuple[str, ...]) -> str:
    plan = model.plan
    return ", ".join(a.display_name if (a := plan.agency(c)) else c for c in codes)


def _basis_text(r: IndicatorResult) -> str:
    """ "ước tính (giới hạn PII 2023)": an estimate names the edition whose bounds it used."""
    if r.score_basis is Basis.ESTIMATE and r.bounds_from:
        return f"{r.score_basis.label} (giới hạn {r.bounds_from})"
    return r.score_basis.label


def _required_text(r: IndicatorResult) -> str:
    """The raw figure an estimate needs to reach the score target: "≥ 0,256 tổ chức/10.000 dân"."""
    if r.required_figure is None:
        return ""
    return f"{r.required_op} {format_number(r.required_figure, 4)} {r.figure.unit}".strip()


def _indicators(book: _Book) -> None:
    cols = [
        Col("Mã", 7),
        Col("Tên chỉ số", 30),
        Col("Tên số liệu gốc", 30),
        Col("Số liệu kỳ báo cáo", 10, "number"),
        Col("Đơn vị tính số liệu", 12),
        Col("Số liệu năm trước", 9, "number"),
        Col("Thay đổi so với năm trước", 9, "number"),
        Col("Mục tiêu tính trên", 9),
        Col("Giá trị cơ sở", 8, "number"),
        Col("Mục tiêu", 11),
        Col("Điểm", 8, "number"),
        Col("Căn cứ điểm", 11),
        Col("Giá trị được đánh giá", 9, "number"),
        Col("Đánh giá", 16),
        Col("Tốt hơn năm cơ sở", 7),
        Col("Thay đổi so với cơ sở", 8, "number"),
        Col("% mục tiêu", 8, "pct"),
        Col("Số liệu cần đạt (ước tính)", 14),
        Col("Đơn vị chủ trì", 16),
        Col("Tệp, ô nguồn", 24),
    ]
    rows = [
        [
            r.indicator,
            r.name,
            r.figure.name,
            r.figure.value,
            r.figure.unit,
            r.figure.previous_value,
            r.figure.change,
            r.target_on.label,
            r.baseline,
            f"{r.target_text} {r.unit}".strip(),
            r.score,
            "—" if r.status is Verdict.NOT_DUE else _basis_text(r),
            r.value,
            Toned(judged_label(r.status, r.basis), verdict_tone(r.status, r.improved)),
            yes_no(r.improved),
            r.delta,
            None if r.pct_of_target is None else agreeing_round(r.pct_of_target, 2, r.status.reached),
            _required_text(r),
            _agency_names(book.model, r.lead),
            ref_text(r.value_ref or r.figure.source),
        ]
        for r in book.model.evaluation.indicators
    ]
    book.sheet("Chỉ số", "KẾT QUẢ CÁC CHỈ SỐ: SỐ LIỆU GỐC, ĐIỂM VÀ MỤC TIÊU", cols, rows, repeat_columns=2)


def _pillars(book: _Book) -> None:
    plan = book.model.plan
    ev = book.model.evaluation
    cols = [
        Col("Mã", 7),
        Col("Trụ cột / nhóm / chỉ số chung", 30),
        Col("Đầu vào / đầu ra", 9),
        Col("Điểm cơ sở", 10, "number"),
        Col("Hạng cơ sở", 9),
        Col("Mục tiêu", 22),
        Col("Điểm", 10, "number"),
        Col("Căn cứ điểm", 10),
        Col("Thứ hạng công bố", 9),
        Col("Điểm tính từ các thành phần", 11, "number"),
        Col("Đánh giá", 16),
        Col("Tốt hơn năm cơ sở", 9),
        Col("Thay đổi", 9, "number"),
        Col("Trọng số (%)", 9, "number"),
    ]
    ordered = []
    for p in ev.pillars:
        ordered.append(p)
        ordered += [g for g in ev.groups if g.pillar == p.code]
    rows = [
        [
            p.code if p.kind != "total" else "",
            p.name if p.kind != "group" else f"   {p.name}",
            p.side.label if p.side else "",
            p.baseline_score,
            plan.rank_text(p.baseline_rank),
            goal_text(p.goal, plan) if not p.goal.is_empty() else "",
            p.score,
            p.basis.label,
            plan.rank_text(p.rank, book.model.period),
            p.computed,
            Toned(judged_label(p.status, p.basis), verdict_tone(p.status, p.improved)),
            yes_no(p.improved),
            p.delta,
            p.weight,
        ]
        for p in ordered
    ]
    book.sheet("Trụ cột", "KẾT QUẢ CÁC TRỤ CỘT, NHÓM CHỈ SỐ VÀ CHỈ SỐ CHUNG", cols, rows, repeat_columns=2)


def _agencies(book: _Book) -> None:
    cols = [
        Col("Đơn vị", 28),
        Col("Tình hình nộp", 12),
        Col("Số ngày muộn", 8, "int"),
        Col("Chỉ số chủ trì", 16),
        Col(f"{Verdict.MET.label} / {Verdict.EXCEEDED.label}", 14),
        Col(Verdict.NOT_MET.label, 14),
        Col(Verdict.UNVERIFIED.label, 12),
        Col(Verdict.AWAITING.label, 14),
        Col(Verdict.NO_DATA.label, 14),
        Col("NV hoàn thành", 9, "int"),
        Col("NV đang thực hiện", 9, "int"),
        Col("NV chưa thực hiện", 9, "int"),
        Col("NV chưa báo cáo", 9, "int"),
    ]
    accountable = bool(book.model.plan.accountability.strip())
    if accountable:  # the plan's sanction for a missed target: where each unit it reaches stands
        cols.append(Col(ACCOUNTABILITY_HEADER, 22))
    rows = [
        [
            a.name,
            Toned.of(a.submission),
            a.days_late or None,
            ", ".join(a.led),
            ", ".join(a.met),
            Toned(", ".join(a.not_met), Tone.BAD) if a.not_met else "",
            Toned(", ".join(a.unverified), Tone.CHECK) if a.unverified else "",
            ", ".join(a.awaiting),
            ", ".join(a.no_data),
            a.tasks.get(T.DONE),
            a.tasks.get(T.IN_PROGRESS),
            a.tasks.get(T.NOT_STARTED),
            a.tasks.get(T.NOT_REPORTED),
        ]
        + ([Toned(*accountability_label(a.missed, a.undecided)) if a.accountable else ""] if accountable else [])
        for a in book.model.evaluation.agencies
    ]
    book.sheet("Đơn vị", "TRÁCH NHIỆM CỦA CÁC ĐƠN VỊ: CHỈ SỐ CHỦ TRÌ, NHIỆM VỤ, TÌNH HÌNH NỘP", cols, rows)


TASK_ORDER = (T.NOT_REPORTED, T.NOT_STARTED, T.IN_PROGRESS, T.DONE)  # the furthest behind first


def _who(model: Consolidation, codes: list[str], groups: list[tuple[frozenset[str], str]]) -> str:
    """The agencies by name, or by their group's name when they are exactly a group's members (`groups`: each
    group's members and name, worked out once per sheet)."""
    if len(codes) > 1:
        wanted = set(codes)
        for members, name in groups:
            if members == wanted:
                return name
    return _agency_names(model, tuple(codes))


def _statuses(model: Consolidation, lines: list[TaskLine]) -> str:
    """ "Sở Tài chính: Hoàn thành; Sở Công Thương: Chưa báo cáo" for a few agencies; for many, the count per
    status with the names of those not started or not reporting (the details are on «Kết quả nhiệm vụ»)."""
    if len(lines) <= 3:
        return "; ".join(f"{_agency_names(model, (t.agency,))}: {t.status.label}" for t in lines)
    parts = []
    for status in reversed(TASK_ORDER):
        codes = tuple(t.agency for t in lines if t.status is status)
        if codes:
            named = f" ({_agency_names(model, codes)})" if status in (T.NOT_STARTED, T.NOT_REPORTED) else ""
            parts.append(f"{status.label}: {len(codes)}{named}")
    return "; ".join(parts)


def _tasks(book: _Book) -> None:
    """One row per task owed this period: its text once, the lead's status coloured, the others' beside it."""
    m = book.model
    by_task: dict[str, list[TaskLine]] = {}
    for t in m.evaluation.task_lines:
        by_task.setdefault(t.task, []).append(t)
    cols = [
        Col("Mã nhiệm vụ", 9),
        Col("Chỉ số", 7),
        Col("Nhiệm vụ, giải pháp", 66),
        Col("Đơn vị chủ trì", 18),
        Col("Tình trạng (chủ trì)", 18),
        Col("Đơn vị phối hợp: tình trạng", 40),
    ]
    plan = m.plan
    groups = [(frozenset(plan.group_members(a.code)), a.display_name) for a in plan.agencies if a.is_group]
    rows = []
    for lines in by_task.values():
        leads = [t for t in lines if t.role is Role.LEAD]
        others = [t for t in lines if t.role is not Role.LEAD]
        behind = min((t.status for t in leads), key=TASK_ORDER.index, default=None)
        status: Toned | str = Toned.of(behind) if behind else ""
        if behind and len({t.status for t in leads}) > 1:  # leads differ: each named, the furthest behind's colour
            status = Toned(_statuses(m, leads), TONE_OF[behind])
        first = lines[0]
        rows.append(
            [
                first.task,
                first.indicator or "Chung",
                first.text,
                _who(m, [t.agency for t in leads], groups),
                status,
                _statuses(m, others),
            ]
        )
    book.sheet("Nhiệm vụ", "TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ, GIẢI PHÁP", cols, rows, repeat_columns=0)


def _task_results(book: _Book) -> None:
    """What each agency wrote on each task: results and difficulties (statuses alone are on the task sheet)."""
    m = book.model
    cols = [
        Col("Mã nhiệm vụ", 9),
        Col("Đơn vị", 18),
        Col("Vai trò", 9),
        Col("Tình trạng", 13),
        Col("Kết quả đạt được", 62),
        Col("Khó khăn, vướng mắc", 36),
        Col("Ô nguồn", 20),
    ]
    rows = [
        [
            t.task,
            _agency_names(m, (t.agency,)),
            t.role.label,
            Toned.of(t.status),
            t.result,
            t.difficulty,
            ref_text(t.source),
        ]
        for t in m.evaluation.task_lines
        if t.result or t.difficulty
    ]
    book.sheet("Kết quả nhiệm vụ", "KẾT QUẢ, KHÓ KHĂN CÁC ĐƠN VỊ BÁO CÁO THEO NHIỆM VỤ", cols, rows, repeat_columns=0)


def _mail_text(mail: MailOrigin | None) -> str:
    return f"{mail.sender or 'không rõ'} — «{mail.subject}»" if mail else ""


def _submissions(book: _Book) -> None:
    cols = [
        Col("Đơn vị", 34),
        Col("Tình hình nộp", 12),
        Col("Số ngày muộn", 9, "int"),
        Col("Tệp được dùng", 28),
        Col("Thời điểm", 16),
        Col("Căn cứ thời điểm", 20),
        Col("Thư điện tử (người gửi — tiêu đề)", 30),
    ]
    rows = [
        [
            s.name,
            Toned.of(s.status),
            s.days_late or None,
            s.file or "",
            f"{s.submitted_at:%d/%m/%Y %H:%M}" if s.submitted_at else "",
            s.time_source.label if s.time_source else "",
            _mail_text(s.mail),
        ]
        for s in book.model.intake.submissions
    ]
    book.sheet("Tình hình nộp", "TÌNH HÌNH NỘP BÁO CÁO", cols, rows)


def shown_value(value: object) -> str:
    """A cell value as staff read it: decimal commas, dates dd/mm/yyyy, a blank said."""
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, (int, float)):
        return format_number(value, 6)
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y}" if value.time() == datetime.min.time() else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _corrections(book: _Book) -> None:
    """«Điều chỉnh số liệu»: every cell whose value in the agency's newest file differs from its first file of the
    period, first and newest value, where it is in the newest file."""
    m = book.model
    if not m.intake.changes:
        return
    cols = [
        Col("Đơn vị", 22),
        Col("Tệp nộp lần đầu", 20),
        Col("Tệp dùng để tổng hợp", 20),
        Col("Trang", 11),
        Col("Ô", 6),
        Col("Nội dung", 30),
        Col("Giá trị lần đầu", 20),
        Col("Giá trị mới", 20),
    ]
    rows = [
        [
            m.agency_name(c.agency),
            c.older_file,
            c.newer_file,
            c.sheet,
            c.cell,
            c.what,
            shown_value(c.old),
            shown_value(c.new),
        ]
        for c in m.intake.changes
    ]
    book.sheet("Điều chỉnh số liệu", "SỐ LIỆU ĐƠN VỊ ĐÃ ĐIỀU CHỈNH KHI NỘP LẠI (SO VỚI LẦN NỘP ĐẦU)", cols, rows)


def _findings(book: _Book) -> None:
    m = book.model
    cols = [
        Col("Mức độ", 10),
        Col("Đơn vị", 20),
        Col("Tệp", 22),
        Col("Trang", 11),
        Col("Ô", 6),
        Col("Giá trị đã nhập", 14),
        Col("Nội dung", 44),
        Col("Cách sửa", 34),
    ]
    items = sorted(
        enumerate(m.findings),
        key=lambda p: (SEVERITY_ORDER[p[1].severity], p[1].location.file, p[1].location.sheet, p[0]),
    )
    rows = [
        [
            Toned.of(f.severity),
            m.agency_name(f.agency) if f.agency else "",
            f.location.file,
            f.location.sheet,
            f.location.cell,
            f.value,
            f.message,
            f.fix,
        ]
        for _, f in items
    ]
    book.sheet("Lỗi dữ liệu", "CÁC VẤN ĐỀ VỀ SỐ LIỆU", cols, rows, repeat_columns=0)


def _trend(book: _Book) -> None:
    """«Diễn biến»: every subject over the recorded periods of this kind, the changes, and the scores charted."""
    m = book.model
    history = m.history
    if first_recorded(history) and not history.problem:
        return  # nothing to compare yet: the report says so; a sheet repeating this period's values would not
    periods, changes, comparisons = trend_headers(history), comparison_headers(history), history.comparisons()
    cols = [Col("Loại", 11), Col("Mã", 7), Col("Tên", 30), Col("Đơn vị tính", 9)]
    cols += [Col(label, 10, "number") for label in periods]
    cols += [Col(header, 12, "number") for header in changes]
    cols += [Col("Xu hướng so với kỳ trước", 10), Col("Xếp hạng", 8)]
    if comparisons:
        cols.append(Col(f"Xếp hạng {comparisons[0][1].label}", 9))
    trend = trend_rows(m)
    rows = []
    for r in trend:
        direction = Toned("Tốt hơn" if r.tone is Tone.GOOD else "Kém hơn", r.tone) if r.tone else ""
        # internal codes (agencies', composites') are never printed
        rows.append(
            [
                KIND_LABELS.get(r.kind, r.kind),
                r.code if r.kind not in ("total", "agency") else "",
                r.name,
                "% nhiệm vụ hoàn thành" if r.kind == "agency" else r.unit,
                *r.values,
                *r.changes,
                direction,
                *(r.ranks if changes else r.ranks[:1]),
            ]
        )
    ws = book.sheet("Diễn biến", "DIỄN BIẾN QUA CÁC KỲ BÁO CÁO", cols, rows, repeat_columns=3)
    notes = [n for n in (ranking_note(history), history.problem, *history.notes) if n]
    ws.write_string(2, 0, " ".join(notes), book.f["plain"])
    # the index and pillars that have a score in two periods or more: one line each
    scored = [
        n
        for n, r in enumerate(trend, start=TOP + 1)
        if r.kind in ("total", "pillar") and sum(v is not None for v in r.values) >= 2
    ]
    if len(periods) >= 2 and scored:
        chart = book.wb.add_chart({"type": "line"})
        for row in scored:
            chart.add_series(
                {
                    "name": ["Diễn biến", row, 2],
                    "categories": ["Diễn biến", TOP, 4, TOP, 3 + len(periods)],
                    "values": ["Diễn biến", row, 4, row, 3 + len(periods)],
                    "marker": {"type": "circle"},
                }
            )
        chart.set_title(
            {"name": "Điểm chỉ số chung và các trụ cột qua các kỳ", "name_font": {"name": FONT, "size": 12}}
        )
        chart.set_y_axis({"name": "Điểm", "num_font": {"name": FONT, "size": CHART_FONT}})
        chart.set_x_axis({"num_font": {"name": FONT, "size": CHART_FONT}})
        chart.set_legend({"position": "bottom", "font": {"name": FONT, "size": CHART_FONT}})
        chart_row = TOP + len(rows) + 2
        ws.set_h_pagebreaks([chart_row - 1])  # the chart on a page of its own, never cut
        ws.insert_chart(chart_row, 2, chart, {"x_scale": 1.4, "y_scale": 1.2})


TASKS_XLSX = "nhiem-vu.xlsx"


def write_summary(model: Consolidation, target: Path) -> Path:
    """tong-hop.xlsx: what a department head reads on paper (overview, indicators, pillars, agencies, submissions,
    corrections, problems, trend), about a dozen A4 pages for a province's plan. The long task lists are in
    `write_task_details`' workbook, printed only when chosen."""
    with atomic_path(target) as tmp:
        wb = new_workbook(tmp, {"title": f"Tổng hợp {model.period.label} - {model.plan.title}"}, model.run_id)
        book = _Book(wb, model)
        _overview(book)
        _indicators(book)
        _pillars(book)
        _agencies(book)
        _submissions(book)
        _corrections(book)
        _findings(book)
        _trend(book)
        wb.close()
    return target


def write_task_details(model: Consolidation, target: Path) -> Path:
    """nhiem-vu.xlsx: every task with each agency's status («Nhiệm vụ») and what each agency wrote of it («Kết quả
    nhiệm vụ») — two dozen pages for a province's plan, kept apart so the summary prints within a head's reading."""
    with atomic_path(target) as tmp:
        wb = new_workbook(tmp, {"title": f"Nhiệm vụ {model.period.label} - {model.plan.title}"}, model.run_id)
        book = _Book(wb, model)
        _tasks(book)
        _task_results(book)
        wb.close()
    return target
