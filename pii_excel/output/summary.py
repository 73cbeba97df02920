"""The colour-coded summary workbook (tong-hop.xlsx): overview with charts, indicators, pillars, agencies,
tasks, submissions and every data finding. Reads the result model only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pii_excel.atomic import atomic_path
from pii_excel.duties import all_duties
from pii_excel.evaluate import (
    EXCEEDED,
    MET,
    NO_DATA,
    NO_GOAL,
    NOT_MET,
    STATUS_LABELS,
    TASK_STATUS_LABELS,
    Evaluation,
)
from pii_excel.plan.describe import goal_text
from pii_excel.plan.model import Plan
from pii_excel.result import RunResult
from pii_excel.template.content import target_cell
from pii_excel.xlsx_rows import row_height

FONT = "Times New Roman"
GREEN, AMBER, RED, GREY = "#C6EFCE", "#FFEB9C", "#FFC7CE", "#D9D9D9"
SUBMISSION_LABELS = {"on_time": "Đúng hạn", "late": "Nộp muộn", "missing": "Chưa nộp", "not_required": "Không phải nộp"}
SOURCE_LABELS = {"official": "Công bố", "reported": "Đơn vị báo cáo", None: ""}
TIME_SOURCE_LABELS = {"workbook": "Thời điểm lưu ghi trong tệp", "file": "Thời gian của tệp", None: ""}
IMPROVED_LABELS = {True: "Có", False: "Không", None: ""}
ROLE_LABELS = {"lead": "Chủ trì", "cooperating": "Phối hợp", "": ""}
TOP = 3  # header row index of every table sheet: title, subtitle, blank


@dataclass(frozen=True)
class Col:
    header: str
    width: float
    kind: str = "text"  # text | number | int | pct | status | submission


class _Book:
    def __init__(self, wb, result: RunResult, plan: Plan):
        self.wb, self.result, self.plan = wb, result, plan
        base = {"font_name": FONT, "font_size": 11, "valign": "top", "text_wrap": True}
        cell = {**base, "border": 1}
        self.f = {
            "title": wb.add_format({**base, "bold": True, "font_size": 14, "text_wrap": False}),
            "subtitle": wb.add_format({**base, "italic": True, "text_wrap": False}),
            "header": wb.add_format(
                {**cell, "bold": True, "bg_color": "#DCE6F1", "align": "center", "valign": "vcenter"}
            ),
            "text": wb.add_format(cell),
            "number": wb.add_format({**cell, "num_format": "#,##0.00"}),
            "int": wb.add_format({**cell, "num_format": "0"}),
            "pct": wb.add_format({**cell, "num_format": '0.00"%"'}),
            "status": wb.add_format({**cell, "bold": True, "align": "center"}),
            "submission": wb.add_format({**cell, "bold": True, "align": "center"}),
            "label": wb.add_format({**cell, "bold": True, "bg_color": "#F2F2F2"}),
            "plain": wb.add_format({**base, "text_wrap": False}),
        }
        self.fill = {
            name: wb.add_format({"bg_color": color, "font_color": "#000000"})
            for name, color in (("green", GREEN), ("amber", AMBER), ("red", RED), ("grey", GREY))
        }
        self.legend = {
            name: wb.add_format({**cell, "bg_color": color, "bold": True}) for name, color in
            (("green", GREEN), ("amber", AMBER), ("red", RED), ("grey", GREY))
        }  # fmt: skip

    def sheet(self, name: str, title: str, columns: list[Col], rows: list[list], landscape: bool = True):
        ws = self.wb.add_worksheet(name)
        ws.write_string(0, 0, title, self.f["title"])
        ws.write_string(1, 0, f"{self.plan.title} — {self.result.period_label}", self.f["subtitle"])
        for c, col in enumerate(columns):
            ws.set_column(c, c, col.width)
            ws.write_string(TOP, c, col.header, self.f["header"])
        ws.set_row(TOP, 32)
        for r, values in enumerate(rows, start=TOP + 1):
            for c, (col, value) in enumerate(zip(columns, values, strict=True)):
                self.write(ws, r, c, col.kind, value)
            ws.set_row(r, row_height([(v, col.width) for col, v in zip(columns, values, strict=True)
                                      if isinstance(v, str)]))  # fmt: skip
        last = TOP + max(len(rows), 1)
        ws.freeze_panes(TOP + 1, 1)
        ws.autofilter(TOP, 0, last, len(columns) - 1)
        self.print_setup(ws, landscape, TOP)
        return ws, last

    def write(self, ws, r: int, c: int, kind: str, value) -> None:
        fmt = self.f[kind] if kind in self.f else self.f["text"]
        if value is None or value == "":
            ws.write_blank(r, c, None, fmt)
        elif kind in ("number", "int", "pct") and isinstance(value, (int, float)):
            ws.write_number(r, c, value, fmt)
        else:
            # Always text: nothing an agency typed may become a formula or a link in our outputs.
            ws.write_string(r, c, str(value), fmt)

    def print_setup(self, ws, landscape: bool, repeat_row: int) -> None:
        ws.set_paper(9)
        if landscape:
            ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.repeat_rows(0, repeat_row) if repeat_row >= 0 else None
        ws.set_footer(f'&L&"{FONT}"&9{self.plan.id} — {self.result.period}&R&"{FONT}"&9Trang &P/&N')

    def status_colours(self, ws, first: int, last: int, status_col: int, improved_col: int | None) -> None:
        """Green met/exceeded, amber not met but better than baseline, red not met and not better, grey no data."""
        rng = (first, status_col, last, status_col)
        s = _a1_col(status_col)
        for label in (STATUS_LABELS[EXCEEDED], STATUS_LABELS[MET]):
            ws.conditional_format(
                *rng, {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": self.fill["green"]}
            )
        for label in (STATUS_LABELS[NO_DATA], STATUS_LABELS[NO_GOAL]):
            ws.conditional_format(
                *rng, {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": self.fill["grey"]}
            )
        if improved_col is None:
            ws.conditional_format(*rng, {"type": "cell", "criteria": "==", "value": f'"{STATUS_LABELS[NOT_MET]}"',
                                         "format": self.fill["red"]})  # fmt: skip
            return
        i = _a1_col(improved_col)
        row = first + 1
        ws.conditional_format(
            *rng,
            {
                "type": "formula",
                "format": self.fill["amber"],
                "criteria": f'=AND(${s}{row}="{STATUS_LABELS[NOT_MET]}",${i}{row}="Có")',
            },
        )
        ws.conditional_format(*rng, {"type": "formula", "format": self.fill["red"],
                                     "criteria": f'=AND(${s}{row}="{STATUS_LABELS[NOT_MET]}",${i}{row}<>"Có")'})  # fmt: skip


def _a1_col(col: int) -> str:
    from pii_excel.cells import column_letter

    return column_letter(col)


def _overview(book: _Book, ev: Evaluation) -> None:
    r, plan = book.result, book.plan
    wb, f = book.wb, book.f
    ws = wb.add_worksheet("Tổng quan")
    ws.set_column(0, 0, 46)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 3, 14)
    ws.write_string(0, 0, f"TỔNG HỢP KẾT QUẢ THỰC HIỆN KẾ HOẠCH — {r.period_label.upper()}", f["title"])
    ws.write_string(1, 0, plan.title, f["subtitle"])
    ws.write_string(2, 0, f"Lập lúc {r.generated_at:%d/%m/%Y %H:%M}; hạn nộp báo cáo "
                          f"{r.deadline[8:10]}/{r.deadline[5:7]}/{r.deadline[:4]}.", f["plain"])  # fmt: skip
    s = r.to_dict()["summary"]
    counts = ev.counts()
    pillars = [p for p in ev.pillars if p.kind == "pillar" and not p.goal.is_empty()]
    figures = [
        ("Tệp đã đọc", s["files"]), ("— được nhận", s["accepted"]), ("— bị loại", s["rejected"]),
        ("— bị thay thế (nộp lại)", s["superseded"]), ("— bỏ qua", s["skipped"]),
        ("Đơn vị phải báo cáo", len(r.submissions)), ("— đúng hạn", s["on_time"]), ("— nộp muộn", s["late"]),
        ("— chưa nộp", s["missing"]),
        ("Chỉ số", len(ev.indicators)), *[(f"— {STATUS_LABELS[k]}", counts[k]) for k in (EXCEEDED, MET, NOT_MET, NO_DATA)],
        ("Trụ cột đạt mục tiêu", f"{sum(p.status in (MET, EXCEEDED) for p in pillars)}/{len(pillars)}"),
        ("Lỗi số liệu", s["errors"]), ("Cảnh báo", s["warnings"]),
    ]  # fmt: skip
    ws.write_string(4, 0, "Số liệu chính", f["header"])
    ws.write_string(4, 1, "Số lượng", f["header"])
    for i, (label, value) in enumerate(figures, start=5):
        ws.write_string(i, 0, label, f["label"])
        book.write(ws, i, 1, "int" if isinstance(value, int) else "text", value)
    row = 6 + len(figures)
    ws.write_string(row, 0, "Chú giải màu (chữ trong ô luôn ghi rõ kết quả)", f["header"])
    legend = [
        ("green", "Xanh: Đạt hoặc Vượt mục tiêu (Vượt: cao hơn mục tiêu từ 5% trở lên)"),
        ("amber", "Vàng: Chưa đạt nhưng tốt hơn năm cơ sở"),
        ("red", "Đỏ: Chưa đạt và không tốt hơn năm cơ sở"),
        ("grey", "Xám: Không có số liệu"),
    ]
    for i, (colour, text) in enumerate(legend, start=row + 1):
        ws.write_string(i, 0, text, book.legend[colour])
        ws.set_row(i, row_height([(text, 46)]))
    # Chart data lives on the sheet (charts in Excel and LibreOffice reference cells).
    data_row = row + len(legend) + 3
    ws.write_string(data_row, 0, "Số chỉ số theo kết quả", f["header"])
    ws.write_string(data_row, 1, "Số chỉ số", f["header"])
    statuses = [EXCEEDED, MET, NOT_MET, NO_DATA]
    for i, k in enumerate(statuses, start=data_row + 1):
        ws.write_string(i, 0, STATUS_LABELS[k], f["text"])
        ws.write_number(i, 1, counts[k], f["int"])
    pie = book.wb.add_chart({"type": "pie"})
    pie.add_series({
        "name": "Kết quả các chỉ số",
        "categories": ["Tổng quan", data_row + 1, 0, data_row + 4, 0],
        "values": ["Tổng quan", data_row + 1, 1, data_row + 4, 1],
        "data_labels": {"value": True, "category": True, "separator": "\n", "font": {"name": FONT, "size": 9}},
        "points": [{"fill": {"color": c}} for c in ("#63BE7B", "#A9D08E", "#F8696B", "#BFBFBF")],
    })  # fmt: skip
    pie.set_title({"name": "Kết quả các chỉ số", "name_font": {"name": FONT, "size": 12}})
    pie.set_legend({"position": "bottom", "font": {"name": FONT, "size": 9}})
    ws.insert_chart(4, 3, pie, {"x_scale": 1.0, "y_scale": 1.0})
    # attainment by pillar: mean share of target reached by the pillar's indicators, capped at 150 %
    prow = data_row + 7
    ws.write_string(prow, 0, "Mức đạt mục tiêu bình quân của các chỉ số, theo trụ cột", f["header"])
    ws.write_string(prow, 1, "% mục tiêu", f["header"])
    n = 0
    for p in plan.pillars:
        shares = [min(i.pct_of_target, 150) for i in ev.indicators
                  if plan.require_indicator(i.indicator).pillar == p.code and i.pct_of_target is not None]  # fmt: skip
        if not shares:
            continue
        n += 1
        ws.write_string(prow + n, 0, f"{p.code}. {p.name}", f["text"])
        ws.write_number(prow + n, 1, round(sum(shares) / len(shares), 2), f["number"])
    if n:
        bar = book.wb.add_chart({"type": "bar"})
        bar.add_series({
            "name": "% mục tiêu đạt được",
            "categories": ["Tổng quan", prow + 1, 0, prow + n, 0],
            "values": ["Tổng quan", prow + 1, 1, prow + n, 1],
            "fill": {"color": "#5B9BD5"},
            "data_labels": {"value": True, "num_format": "0", "font": {"name": FONT, "size": 9}},
        })  # fmt: skip
        bar.set_title({"name": "Mức đạt mục tiêu theo trụ cột (%)", "name_font": {"name": FONT, "size": 12}})
        bar.set_legend({"none": True})
        bar.set_x_axis({"min": 0, "num_font": {"name": FONT, "size": 9}})
        bar.set_y_axis({"reverse": True, "num_font": {"name": FONT, "size": 9}})
        ws.insert_chart(20, 3, bar, {"x_scale": 1.2, "y_scale": 1.1})
    book.print_setup(ws, True, -1)
    ws.activate()


def _indicators(book: _Book, ev: Evaluation) -> None:
    plan = book.plan
    cols = [
        Col("Mã", 7), Col("Tên chỉ số", 34), Col("Đơn vị tính", 7), Col("Năm cơ sở", 6),
        Col("Giá trị cơ sở", 9, "number"), Col("Mục tiêu", 12), Col("Giá trị", 9, "number"),
        Col("Nguồn giá trị", 10), Col("Đánh giá", 11, "status"), Col("Tốt hơn năm cơ sở", 8),
        Col("Thay đổi", 9, "number"), Col("Thay đổi (%)", 9, "pct"), Col("% mục tiêu", 9, "pct"),
        Col("Đơn vị chủ trì", 18), Col("Tệp, ô nguồn", 24),
    ]  # fmt: skip
    rows = []
    for r in ev.indicators:
        ind = plan.require_indicator(r.indicator)
        ref = r.source_ref
        lead = ", ".join(a.display_name if (a := plan.agency(c)) else c for c in r.lead)
        rows.append([
            r.indicator, r.name, r.unit, ind.baseline_year, r.baseline, target_cell(ind), r.value,
            SOURCE_LABELS[r.source], r.status_label, IMPROVED_LABELS[r.improved], r.delta, r.delta_pct,
            r.pct_of_target, lead, f"{ref.file} — {ref.sheet}!{ref.cell}" if ref else "",
        ])  # fmt: skip
    ws, last = book.sheet("Chỉ số", "KẾT QUẢ CÁC CHỈ SỐ SO VỚI MỤC TIÊU", cols, rows)
    book.status_colours(ws, TOP + 1, last, 8, 9)


def _pillars(book: _Book, ev: Evaluation) -> None:
    plan = book.plan
    cols = [
        Col("Mã", 9), Col("Trụ cột / chỉ số chung", 36), Col("Nhóm", 9), Col("Điểm cơ sở", 10, "number"),
        Col("Hạng cơ sở", 9), Col("Mục tiêu", 28), Col("Điểm công bố", 10, "number"), Col("Thứ hạng", 9),
        Col("Điểm tính từ trụ cột", 11, "number"), Col("Đánh giá", 12, "status"), Col("Tốt hơn năm cơ sở", 9),
        Col("Thay đổi", 9, "number"), Col("Trọng số (%)", 9, "number"),
    ]  # fmt: skip
    sides = {"input": "Đầu vào", "output": "Đầu ra", None: ""}
    rows = [
        [p.code, p.name, sides[p.side], p.baseline_score, plan.rank_text(p.baseline_rank),
         goal_text(p.goal, plan) if not p.goal.is_empty() else "", p.score, plan.rank_text(p.rank), p.computed,
         p.status_label, IMPROVED_LABELS[p.improved], p.delta, p.weight]
        for p in ev.pillars
    ]  # fmt: skip
    ws, last = book.sheet("Trụ cột", "KẾT QUẢ CÁC TRỤ CỘT VÀ CHỈ SỐ CHUNG", cols, rows)
    book.status_colours(ws, TOP + 1, last, 9, 10)


def _agencies(book: _Book, ev: Evaluation) -> None:
    cols = [
        Col("Mã", 10), Col("Đơn vị", 34), Col("Tình hình nộp", 12, "submission"), Col("Số ngày muộn", 8, "int"),
        Col("Chỉ số chủ trì", 16), Col("Đạt / Vượt", 14), Col("Chưa đạt", 14), Col("Không có số liệu", 14),
        Col("NV hoàn thành", 9, "int"), Col("NV đang thực hiện", 9, "int"), Col("NV chưa thực hiện", 9, "int"),
        Col("NV chưa báo cáo", 9, "int"),
    ]  # fmt: skip
    rows = [
        [a.agency, a.name, SUBMISSION_LABELS[a.submission], a.days_late or None, ", ".join(a.led), ", ".join(a.met),
         ", ".join(a.not_met), ", ".join(a.no_data), a.tasks.get("done"), a.tasks.get("in_progress"),
         a.tasks.get("not_started"), a.tasks.get("not_reported")]
        for a in ev.agencies
    ]  # fmt: skip
    ws, last = book.sheet("Đơn vị", "TRÁCH NHIỆM CỦA CÁC ĐƠN VỊ: CHỈ SỐ CHỦ TRÌ, NHIỆM VỤ, TÌNH HÌNH NỘP", cols, rows)
    _submission_colours(book, ws, TOP + 1, last, 2)
    ws.conditional_format(TOP + 1, 6, last, 6, {"type": "no_blanks", "format": book.fill["red"]})


def _submission_colours(book: _Book, ws, first: int, last: int, col: int) -> None:
    for label, colour in (("Đúng hạn", "green"), ("Nộp muộn", "amber"), ("Chưa nộp", "red")):
        ws.conditional_format(first, col, last, col, {"type": "cell", "criteria": "==", "value": f'"{label}"',
                                                      "format": book.fill[colour]})  # fmt: skip


def _tasks(book: _Book) -> None:
    plan, result = book.plan, book.result
    got = {(t.agency, t.task): t for t in result.tasks}
    cols = [
        Col("Mã nhiệm vụ", 11), Col("Chỉ số", 7), Col("Nhiệm vụ, giải pháp", 46), Col("Đơn vị", 22),
        Col("Vai trò", 9), Col("Tình trạng", 13, "status"), Col("Kết quả đạt được", 36), Col("Khó khăn, vướng mắc", 26),
        Col("Ô nguồn", 22),
    ]  # fmt: skip
    rows = []
    for d in all_duties(plan, result.period):
        for task, role in d.tasks:
            t = got.get((d.agency.code, task.id))
            ref = t.source if t else None
            rows.append([
                task.id, task.indicator or "Chung", task.text, d.agency.display_name, ROLE_LABELS[role],
                TASK_STATUS_LABELS[t.status if t else None], t.result if t else "", t.difficulty if t else "",
                f"{ref.file} {ref.sheet}!{ref.cell}" if ref else "",
            ])  # fmt: skip
    rows.sort(key=lambda r: ([t.id for t in plan.tasks].index(r[0]), r[3]))
    ws, last = book.sheet("Nhiệm vụ", "TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ, GIẢI PHÁP", cols, rows)
    for label, colour in (("Hoàn thành", "green"), ("Đang thực hiện", "amber"), ("Chưa thực hiện", "red"),
                          ("Chưa báo cáo", "grey")):  # fmt: skip
        ws.conditional_format(TOP + 1, 5, last, 5, {"type": "cell", "criteria": "==", "value": f'"{label}"',
                                                    "format": book.fill[colour]})  # fmt: skip


def _submissions(book: _Book) -> None:
    cols = [
        Col("Mã", 10), Col("Đơn vị", 40), Col("Tình hình nộp", 12, "submission"), Col("Số ngày muộn", 9, "int"),
        Col("Tệp được dùng", 30), Col("Thời điểm", 18), Col("Căn cứ thời điểm", 24),
    ]  # fmt: skip
    rows = [
        [s.agency, s.name, SUBMISSION_LABELS[s.status], s.days_late or None, s.file or "",
         _time(s.submitted_at), TIME_SOURCE_LABELS[s.time_source]]
        for s in book.result.submissions
    ]  # fmt: skip
    ws, last = book.sheet("Tình hình nộp", "TÌNH HÌNH NỘP BÁO CÁO", cols, rows)
    _submission_colours(book, ws, TOP + 1, last, 2)


def _time(iso: str | None) -> str:
    return "" if not iso else f"{iso[8:10]}/{iso[5:7]}/{iso[:4]} {iso[11:16]}"


def _findings(book: _Book) -> None:
    r, plan = book.result, book.plan
    cols = [
        Col("Mức độ", 10, "status"), Col("Mã lỗi", 22), Col("Đơn vị", 22), Col("Tệp", 24), Col("Trang", 12),
        Col("Ô", 7), Col("Giá trị đã nhập", 16), Col("Nội dung", 50), Col("Cách sửa", 36),
    ]  # fmt: skip
    order = {"error": 0, "warning": 1, "info": 2}
    items = sorted(enumerate(r.findings), key=lambda p: (order[p[1].severity.value], p[1].file, p[1].sheet, p[0]))
    rows = [
        [f.severity.label, f.code, plan.agency_name(r.finding_agency[i]) if i in r.finding_agency else "", f.file,
         f.sheet, f.cell, f.value, f.message, f.rule.fix]
        for i, f in items
    ]  # fmt: skip
    ws, last = book.sheet("Lỗi dữ liệu", "CÁC VẤN ĐỀ VỀ SỐ LIỆU", cols, rows)
    for label, colour in (("Lỗi", "red"), ("Cảnh báo", "amber"), ("Thông tin", "grey")):
        ws.conditional_format(TOP + 1, 0, last, 0, {"type": "cell", "criteria": "==", "value": f'"{label}"',
                                                    "format": book.fill[colour]})  # fmt: skip


def write_summary(result: RunResult, plan: Plan, target: Path) -> Path:
    import xlsxwriter

    ev: Evaluation = result.evaluation
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        wb.set_properties({"title": f"Tổng hợp {result.period_label} - {plan.title}", "author": "pii-excel"})
        wb.set_custom_property("pii_run_id", result.run_id or "-")
        book = _Book(wb, result, plan)
        _overview(book, ev)
        _indicators(book, ev)
        _pillars(book, ev)
        _agencies(book, ev)
        _tasks(book)
        _submissions(book)
        _findings(book)
        wb.close()
    return target
