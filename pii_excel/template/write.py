"""Render a TemplateContent as a protected, print-ready .xlsx that agencies fill in Excel, LibreOffice or WPS."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pii_excel.atomic import atomic_path
from pii_excel.plan.model import Plan
from pii_excel.plan.periods import data_period_text
from pii_excel.template import layout as L
from pii_excel.template.content import TemplateContent
from pii_excel.vocab import Severity, Tone
from pii_excel.xlsx_style import (
    FONT,
    HEADER_FILL,
    INPUT_FILL,
    PROTECT_OPTIONS,
    TONE_FILL,
    base_format,
    common_formats,
    header_text,
    new_workbook,
    print_setup,
    row_height,
)

TWO_LINES = 31.5  # points: two lines of the template's 11-pt text

SHEET_TITLES = {
    L.SHEET_INDICATORS: "SỐ LIỆU CÁC CHỈ SỐ DO ĐƠN VỊ CHỦ TRÌ",
    L.SHEET_TASKS: "TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ, GIẢI PHÁP",
    L.SHEET_OFFICIAL_INDICATORS: "KẾT QUẢ CÔNG BỐ: ĐIỂM CÁC CHỈ SỐ",
    L.SHEET_OFFICIAL_PILLARS: "KẾT QUẢ CÔNG BỐ: ĐIỂM VÀ THỨ HẠNG TRỤ CỘT, CHỈ SỐ CHUNG",
    L.SHEET_DOCUMENTS: "DANH MỤC VĂN BẢN CHÍNH SÁCH ĐÃ BAN HÀNH",
}


@dataclass(frozen=True)
class Review:
    """What the department found in an agency's submission, written into a fresh copy of its own template so the
    agency corrects in place: the cover lines above the guide, the values it typed, and the cells to look at."""

    cover: tuple[tuple[str, str], ...]  # (style, text) lines at the top of the guide sheet
    values: Mapping[tuple[str, str, str], object]  # (sheet, row key, column key) -> the value as typed
    marks: Mapping[tuple[str, str, str], tuple[Severity, str]]  # same key -> worst severity and the comment
    run_id: str = ""  # the run that found it, like every output of a run


def write_template(content: TemplateContent, target: str | Path, review: Review | None = None) -> Path:
    target = Path(target)
    with atomic_path(target) as tmp:
        wb = new_workbook(
            tmp,
            {
                "title": f"Báo cáo {content.period.label} - {content.agency.name}",
                "subject": content.plan.title,
                "created": content.generated_at,
            },
            review.run_id if review else None,
        )
        for key, value in content.meta.items():
            # A second copy of the identification, for a workbook whose hidden sheet was lost.
            wb.set_custom_property(f"pii_{key}", value)
        fmt = _formats(wb)
        cells = _Cells(wb, fmt, review)
        _write_guide(wb, fmt, content, review.cover if review else ())
        _write_info(wb, fmt, content, cells)
        for sheet, rows in content.tables.items():
            _write_table(wb, fmt, content, sheet, rows, cells)
        _write_meta(wb, content.meta)
        wb.close()
        lock_workbook_structure(tmp)
    return target


def lock_workbook_structure(path: Path) -> None:
    """Add <workbookProtection lockStructure="1"/> (no password), which xlsxwriter cannot write.

    Agencies then cannot add, delete, rename or unhide sheets by accident; the file stays editable.
    """
    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    rewritten = path.with_suffix(".lock.tmp")
    with zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename == "xl/workbook.xml" and b"<workbookProtection" not in data:
                data = data.replace(b"<bookViews>", b'<workbookProtection lockStructure="1"/><bookViews>', 1)
            zout.writestr(info, data)
    rewritten.replace(path)


class _Cells:
    """Input cells as the agency left them and marked where there is a problem (a correction workbook); blank
    and unmarked in a fresh template."""

    def __init__(self, wb, fmt: dict, review: Review | None):
        self.review, self.fmt = review, fmt
        # a problem cell: the input cell's format, filled by severity and framed (only in a correction workbook)
        self.marked = (
            {
                severity: {
                    name: wb.add_format(
                        {**_input_format(style), "bg_color": fill, "border": 2, "border_color": "#C00000"}
                    )
                    for name, style in INPUT_STYLES.items()
                }
                for severity, fill in (
                    (Severity.ERROR, TONE_FILL[Tone.BAD]),
                    (Severity.WARNING, TONE_FILL[Tone.PROGRESS]),
                    (Severity.INFO, INPUT_FILL),
                )
            }
            if review
            else {}
        )

    def write(self, ws, row: int, col: int, key: tuple[str, str, str], style: str) -> None:
        review = self.review
        value = review.values.get(key) if review else None
        mark = review.marks.get(key) if review else None
        fmt = self.marked[mark[0]][style] if mark else self.fmt[style]
        if value is None or value == "":
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, (int, float)):
            ws.write_number(row, col, value, fmt)
        elif isinstance(value, (datetime, date)):
            ws.write_datetime(row, col, value, self.marked[mark[0]]["input_date"] if mark else self.fmt["input_date"])
        else:
            # as text, always: nothing the agency typed may become a formula or a link
            ws.write_string(row, col, str(value), fmt)
        if mark:
            ws.write_comment(
                row,
                col,
                mark[1],
                {"author": "Đơn vị tổng hợp", "x_scale": 3, "y_scale": 2.5, "font_name": FONT, "font_size": 10},
            )


INPUT_STYLES = {
    "input": {},
    "input_number": {"num_format": "#,##0.00"},
    "input_int": {"num_format": "0"},
    "input_date": {"num_format": "dd/mm/yyyy"},
}


def _input_format(style: dict) -> dict:
    """A cell the agency fills in: unlocked, yellow, framed, with its number format."""
    return {**base_format(), "border": 1, "bg_color": INPUT_FILL, "locked": False, **style}


def _formats(wb) -> dict:
    base = base_format()
    cell = {**base, "border": 1}
    return {
        **common_formats(wb),
        "bold": wb.add_format({**base, "bold": True}),
        "code": wb.add_format({**cell, "bold": True, "align": "center"}),
        **{name: wb.add_format(_input_format(style)) for name, style in INPUT_STYLES.items()},
        "label": wb.add_format({**cell, "bold": True, "bg_color": HEADER_FILL}),
        "legend": wb.add_format({**base, "bg_color": INPUT_FILL, "border": 1, "text_wrap": False}),
    }


def _print_setup(ws, content: TemplateContent, repeat_to_row: int, landscape: bool = True) -> None:
    agency, period = header_text(content.agency.name), header_text(content.period.label)
    print_setup(
        ws,
        landscape=landscape,
        repeat_to_row=repeat_to_row,
        margins=(0.5, 0.4, 0.7, 0.6),
        header=f'&L&"{FONT}"&10{agency}&R&"{FONT}"&10{period}',
    )


def _write_guide(wb, fmt, content: TemplateContent, cover: tuple[tuple[str, str], ...] = ()) -> None:
    plan, period, duties = content.plan, content.period, content.duties
    coordinator = plan.agency(plan.coordinator)
    send_to = coordinator.name if coordinator else "đơn vị tổng hợp"
    if coordinator and coordinator.email:
        send_to += f" (thư điện tử: {coordinator.email})"
    n_ind, n_task = len(duties.indicators), len(duties.tasks)
    lines: list[tuple[str, object]] = [
        ("title", "MẪU BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH"),
        ("bold", f"Đơn vị: {content.agency.name}"),
        ("text", content.info["plan"]),
        ("bold", f"Kỳ báo cáo: {period.label} ({data_period_text(period).lower()})."),
        ("bold", f"Hạn nộp: chậm nhất ngày {content.info['deadline']}."),
        ("text", f"Gửi tệp này (giữ định dạng .xlsx; có thể đổi tên tệp) qua thư điện tử về {send_to}."),
        ("text", ""),
        ("bold", "CẦN ĐIỀN"),
        ("text", "Chỉ điền vào các ô màu vàng; các ô khác đã được khoá để giữ đúng mã chỉ số, mục tiêu và nhiệm vụ."),
        (
            "text",
            "1. Trang «Thông tin chung»: người báo cáo, chức vụ, điện thoại, thư điện tử, ngày báo cáo; "
            "kết quả chủ yếu đạt được, khó khăn, vướng mắc và đề xuất, kiến nghị.",
        ),
        (
            "text",
            f"2. Trang «Chỉ số»: số liệu gốc của {n_ind} chỉ số đơn vị chủ trì, theo đúng đơn vị tính ghi ở "
            "cột «Đơn vị tính» (không phải điểm số: điểm do Bộ, ngành công bố tính từ số liệu của các tỉnh). "
            "Với số liệu là tỷ số, điền cả tử số và mẫu số. Bắt buộc ghi tài liệu minh chứng (số, ngày văn bản); "
            "đường dẫn nếu có."
            if n_ind
            else "2. Trang «Chỉ số»: đơn vị không chủ trì chỉ số nào trong kỳ này, bỏ qua trang này.",
        ),
        (
            "text",
            f"3. Trang «Nhiệm vụ»: với mỗi nhiệm vụ trong {n_task} nhiệm vụ, chọn tình trạng (Hoàn thành / "
            "Đang thực hiện / Chưa thực hiện), ghi kết quả đạt được và khó khăn, vướng mắc (nếu có).",
        ),
    ]
    if duties.official_results and L.SHEET_OFFICIAL_INDICATORS not in content.tables:
        lines.append(
            (
                "text",
                f"4. Trang «{L.SHEET_OFFICIAL_PILLARS}» (dành cho đơn vị tổng hợp): nhập điểm, thứ hạng các chỉ số "
                "thành phần và chỉ số chung do cơ quan có thẩm quyền công bố; mỗi điểm nhập một lần, dùng cho cả "
                "mục tiêu của đơn vị đầu mối.",
            )
        )
    elif duties.official_results:
        lines.append(
            (
                "text",
                "4. Trang «Công bố - Chỉ số» và «Công bố - Trụ cột» (dành cho đơn vị tổng hợp): nhập điểm, "
                "thứ hạng do cơ quan có thẩm quyền công bố; với chỉ số do nhóm đơn vị chủ trì, đơn vị tổng hợp "
                "nhập giá trị ở trang «Chỉ số». Chỉ số là điểm của một chỉ số khác (PCI, DTI…): khi chỉ số đó "
                "được công bố, nhập giá trị vào cột «Giá trị của chỉ số nguồn đã công bố».",
            )
        )
    if duties.documents:
        codes = ", ".join(i.code for i in duties.documents)
        lines.append(
            (
                "text",
                f"{5 if duties.official_results else 4}. Trang «{L.SHEET_DOCUMENTS}» (chỉ số {codes}): Bộ chấm điểm "
                "chỉ số này từ các văn bản chính sách của tỉnh, nên không nhập số lượng mà kê từng văn bản đã ban "
                "hành trong kỳ, mỗi văn bản một dòng: số, ký hiệu; ngày ban hành; trích yếu; cơ quan ban hành; tệp "
                "hoặc đường dẫn văn bản.",
            )
        )
    # the figures' checks only where the agency reports figures: a unit with tasks only is not told about ratios
    ratios = any(i.figure.is_ratio for i in duties.indicators)
    figure_checks: list[tuple[str, object]] = (
        [
            ("text", "• Số liệu phải là số, không âm. Số liệu tính bằng % nhập số từ 0 đến 100 (12,5 nghĩa là 12,5%)."),
            *(
                [
                    (
                        "text",
                        "• Số liệu phải bằng tử số chia mẫu số (nhân hệ số nếu có); để trống thì được tính từ tử số, "
                        "mẫu số. Tử số, mẫu số nhập đúng đơn vị tính ghi bên cạnh.",
                    )
                ]
                if ratios
                else []
            ),
            ("text", "• Ô để trống nghĩa là chưa có số liệu; không nhập 0 thay cho «chưa có»."),
            ("text", "• Mỗi số liệu phải có tài liệu minh chứng (số, ngày văn bản)."),
            ("text", "• Số liệu chênh lệch quá xa so với số liệu năm trước sẽ được đề nghị kiểm tra lại."),
        ]
        if n_ind
        else []
    )
    lines += [
        ("text", ""),
        ("bold", "SỐ LIỆU ĐƯỢC KIỂM TRA NHƯ SAU" if n_ind else "BÁO CÁO ĐƯỢC KIỂM TRA NHƯ SAU"),
        *figure_checks,
        ("text", "• Mỗi nhiệm vụ cần chọn tình trạng."),
        ("text", "Sau khi tổng hợp, đơn vị nhận lại danh sách các lỗi (nếu có) kèm vị trí từng ô để sửa."),
        ("text", ""),
        ("bold", "LƯU Ý"),
        (
            "text",
            "Không xoá, đổi tên hay sắp xếp lại các trang; không chèn hoặc xoá dòng trong bảng. "
            "Có thể mở và lưu tệp bằng Excel, LibreOffice hoặc WPS.",
        ),
    ]
    if cover:  # a correction workbook: what was found comes first, the usual guide after it
        lines = [*cover, ("text", ""), *lines]
    ws = wb.add_worksheet(L.SHEET_GUIDE)
    width = 75  # fits portrait A4 at 100 %, so the guide prints at full size
    ws.set_column(0, 0, width)
    for row, (style, value) in enumerate(lines):
        text = str(value)
        ws.write_string(row, 0, text, fmt[style])
        if style in ("text", "bold"):  # a long bold line (a correction's advice) wraps too
            ws.set_row(row, row_height([(text, width, style == "bold")]))
    ws.write_string(len(lines) + 1, 0, "Ô màu vàng: ô cần điền", fmt["legend"])
    ws.protect("", PROTECT_OPTIONS)
    _print_setup(ws, content, -1, landscape=False)
    ws.print_area(0, 0, len(lines) + 1, 0)
    ws.activate()


def _write_info(wb, fmt, content: TemplateContent, cells: _Cells) -> None:
    ws = wb.add_worksheet(L.SHEET_INFO)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 90)
    ws.write_string(0, 0, "THÔNG TIN CHUNG", fmt["title"])
    ws.write_string(1, 0, "Điền vào các ô màu vàng.", fmt["subtitle"])
    for i, (key, label, is_input) in enumerate(L.INFO_ROWS):
        row = L.HEADER_ROW + i
        ws.write_string(row, 0, label, fmt["label"])
        if not is_input:
            ws.write_string(row, 1, str(content.info.get(key, "")), fmt["cell"])
            if key == "plan":
                ws.set_row(row, row_height([(str(content.info["plan"]), 90)]))
            continue
        if key == "report_date":
            cells.write(ws, row, 1, (L.SHEET_INFO, key, "value"), "input_date")
            ws.data_validation(
                row,
                1,
                row,
                1,
                {
                    "validate": "date",
                    "criteria": "between",
                    "minimum": datetime(2000, 1, 1),
                    "maximum": datetime(2100, 12, 31),
                    "input_title": "Ngày báo cáo",
                    "input_message": "Nhập ngày dạng dd/mm/yyyy.",
                    "error_title": "Ngày không hợp lệ",
                    "error_message": "Nhập ngày dạng dd/mm/yyyy, ví dụ 05/12/2024.",
                },
            )
        else:
            cells.write(ws, row, 1, (L.SHEET_INFO, key, "value"), "input")
        if key in L.LONG_INFO_KEYS:
            ws.set_row(row, 110)
    ws.protect("", PROTECT_OPTIONS)
    _print_setup(ws, content, -1, landscape=False)


def _number_validation(ind_unit: str, percent: bool, column: L.Col, n_ranking: int) -> dict:
    if column.kind == "int":
        return {
            "validate": "integer",
            "criteria": "between",
            "minimum": 1,
            "maximum": n_ranking,
            "input_title": "Thứ hạng",
            "input_message": f"Nhập số nguyên từ 1 đến {n_ranking}.",
            "error_title": "Thứ hạng không hợp lệ",
            "error_message": f"Thứ hạng là số nguyên từ 1 đến {n_ranking}.",
        }
    if column.key in L.RATIO_KEYS:
        ind_unit = ind_unit or "ghi ở cột đơn vị tính bên trái"
    elif percent:
        return {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 100,
            "input_title": "Nhập tỷ lệ (%)",
            "input_message": "Nhập số từ 0 đến 100, không gõ dấu %. Ví dụ: 12,5 nghĩa là 12,5%. "
            "Để trống nếu chưa có số liệu.",
            "error_title": "Giá trị không hợp lệ",
            "error_message": "Chỉ số này tính bằng %: chỉ nhập số từ 0 đến 100 (không gõ dấu %).",
        }
    return {
        "validate": "decimal",
        "criteria": ">=",
        "value": 0,
        "input_title": "Nhập số liệu",
        "input_message": f"Nhập một số không âm (đơn vị: {ind_unit or 'theo chỉ số'}). Để trống nếu chưa có số liệu.",
        "error_title": "Giá trị không hợp lệ",
        "error_message": "Chỉ nhập số không âm. Dùng dấu thập phân theo cài đặt của máy.",
    }


def _status_validation() -> dict:
    statuses = list(L.TASK_STATUSES.values())
    return {
        "validate": "list",
        "source": statuses,
        "input_title": "Tình trạng",
        "input_message": "Chọn trong danh sách.",
        "error_title": "Tình trạng không hợp lệ",
        "error_message": "Chọn: " + ", ".join(statuses) + ".",
    }


def _write_table(wb, fmt, content: TemplateContent, sheet: str, rows: list[dict], cells: _Cells) -> None:
    columns = L.TABLE_SHEETS[sheet]
    plan: Plan = content.plan
    ws = wb.add_worksheet(sheet)
    last_col = len(columns) - 1
    ws.write_string(0, 0, f"{SHEET_TITLES[sheet]} — {content.agency.name} — {content.period.label}", fmt["title"])
    ws.write_string(
        1,
        0,
        f"{content.info['data_period']}. Điền vào các ô màu vàng. Hạn nộp: {content.info['deadline']}.",
        fmt["subtitle"],
    )
    for col, c in enumerate(columns):
        ws.set_column(col, col, c.width)
        ws.write_string(L.HEADER_ROW, col, c.header, fmt["header"])
    ws.set_row(L.HEADER_ROW, 48)
    if not rows:
        # In column B, so intake never mistakes the note for a row code.
        ws.write_string(L.FIRST_DATA_ROW, 1, "Đơn vị không có nội dung phải báo cáo ở trang này trong kỳ.", fmt["text"])
    for r, row in enumerate(rows, start=L.FIRST_DATA_ROW):
        unit = str(row.get("unit", ""))
        for col, c in enumerate(columns):
            value = row.get(c.key)
            if c.input and ((c.key in L.RATIO_KEYS and not row.get("ratio")) or c.key in row.get(L.NOT_APPLICABLE, ())):
                ws.write_string(r, col, "—", fmt["cell"])  # not a ratio (or not another index): nothing to type here
            elif c.input:
                style = {"number": "input_number", "int": "input_int", "date": "input_date"}.get(c.kind, "input")
                cells.write(ws, r, col, (sheet, str(row[columns[0].key]), c.key), style)
                if c.kind in ("number", "int"):
                    part_unit = str(row.get(f"{c.key}_unit") or "") if c.key in L.RATIO_KEYS else unit
                    validation = _number_validation(part_unit, bool(row.get("percent")), c, plan.ranking_size)
                    ws.data_validation(r, col, r, col, validation)
                elif c.kind == "status":
                    ws.data_validation(r, col, r, col, _status_validation())
            elif value is None or value == "":
                ws.write_blank(r, col, None, fmt["cell"])
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(r, col, value, fmt["number" if isinstance(value, float) else "cell"])
            else:
                ws.write_string(r, col, str(value), fmt["code" if col == 0 else "cell"])
        height = row_height([(str(row.get(c.key) or ""), c.width) for c in columns if not c.input])
        # a document's title is typed into the row: room for two lines, since a set height stops Excel fitting it
        ws.set_row(r, max(height, TWO_LINES) if sheet == L.SHEET_DOCUMENTS else height)
    ws.freeze_panes(L.FIRST_DATA_ROW, 1)
    ws.protect("", PROTECT_OPTIONS)
    _print_setup(ws, content, L.HEADER_ROW)
    ws.print_area(0, 0, max(L.FIRST_DATA_ROW + len(rows) - 1, L.FIRST_DATA_ROW), last_col)


def _write_meta(wb, meta: dict[str, str]) -> None:
    ws = wb.add_worksheet(L.SHEET_META)
    for row, key in enumerate(L.META_KEYS):
        ws.write_string(row, 0, key)
        ws.write_string(row, 1, meta[key])
    ws.protect("", {"select_locked_cells": False, "select_unlocked_cells": False})
    ws.very_hidden()
