"""One feedback workbook per agency: each problem, its cell and how to fix it, ready to e-mail back."""

from __future__ import annotations

from pathlib import Path

from pii_excel.atomic import atomic_path
from pii_excel.findings import Finding, Severity
from pii_excel.plan.model import Plan
from pii_excel.plan.periods import format_date
from pii_excel.result import RunResult
from pii_excel.xlsx_rows import row_height

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
SEVERITY_FILL = {Severity.ERROR: "#F8CBAD", Severity.WARNING: "#FFE699", Severity.INFO: "#E7E6E6"}
COLUMNS = (
    ("STT", 5),
    ("Mức độ", 10),
    ("Tệp", 22),
    ("Trang", 14),
    ("Ô", 7),
    ("Giá trị đã nhập", 16),
    ("Vấn đề", 48),
    ("Cách sửa", 40),
)


def _submission_line(result: RunResult, agency: str) -> str:
    sub = next((s for s in result.submissions if s.agency == agency), None)
    if sub is None:
        return ""
    if sub.status == "missing":
        return "Tình trạng nộp: chưa nộp."
    if sub.status == "late":
        return f"Tình trạng nộp: nộp muộn {sub.days_late} ngày (tệp {sub.file})."
    return f"Tình trạng nộp: đúng hạn (tệp {sub.file})."


def agencies_needing_feedback(result: RunResult) -> list[str]:
    seen: dict[str, None] = {}
    for i, f in enumerate(result.findings):
        agency = result.finding_agency.get(i)
        if agency and f.severity is not Severity.INFO:
            seen.setdefault(agency, None)
    return list(seen)


def write_feedback(result: RunResult, plan: Plan, agency: str, target: Path) -> Path:
    import xlsxwriter

    findings: list[Finding] = sorted(
        result.findings_of(agency), key=lambda f: (SEVERITY_ORDER[f.severity], f.file, f.sheet)
    )
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = sum(f.severity is Severity.WARNING for f in findings)
    name = plan.agency_name(agency)
    with atomic_path(target) as tmp:
        # Agency text goes in as text only: nothing typed by an agency may become a formula or a link here.
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        wb.set_properties({"title": f"Phản hồi báo cáo {result.period_label} - {name}", "author": "pii-excel"})
        wb.set_custom_property("pii_run_id", result.run_id or "-")
        base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top", "text_wrap": True}
        title = wb.add_format({**base, "bold": True, "font_size": 14, "text_wrap": False})
        plain = wb.add_format({**base, "text_wrap": False})
        bold = wb.add_format({**base, "bold": True, "text_wrap": False})
        header = wb.add_format({**base, "bold": True, "border": 1, "bg_color": "#DCE6F1", "align": "center"})
        cell = wb.add_format({**base, "border": 1})
        sev = {s: wb.add_format({**base, "border": 1, "bold": True, "bg_color": c}) for s, c in SEVERITY_FILL.items()}
        ws = wb.add_worksheet("Phản hồi")
        for col, (_, width) in enumerate(COLUMNS):
            ws.set_column(col, col, width)
        lines = [
            (title, "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO"),
            (bold, f"Đơn vị: {name}"),
            (plain, f"Kỳ báo cáo: {result.period_label}; hạn nộp {format_date(_date(result.deadline))}."),
            (plain, _submission_line(result, agency)),
            (bold, f"Có {errors} lỗi cần sửa và {warnings} điểm cần kiểm tra lại."),
            (plain, "Đề nghị đơn vị sửa các ô nêu dưới đây trong tệp đã nộp rồi gửi lại tệp (giữ định dạng .xlsx)."),
        ]
        for row, (fmt, text) in enumerate(lines):
            ws.write_string(row, 0, text, fmt)
        top = len(lines) + 1
        for col, (head, _) in enumerate(COLUMNS):
            ws.write_string(top, col, head, header)
        for n, f in enumerate(findings, 1):
            r = top + n
            values = [str(n), f.severity.label, f.file, f.sheet, f.cell, f.value, f.message, f.rule.fix]
            for col, value in enumerate(values):
                ws.write_string(r, col, value, sev[f.severity] if col == 1 else cell)
            ws.set_row(r, row_height([(v, COLUMNS[c][1]) for c, v in enumerate(values)]))
        ws.freeze_panes(top + 1, 0)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(top)
        ws.set_footer('&C&"Times New Roman"&10Trang &P/&N')
        wb.close()
    return target


def _date(iso: str):
    from datetime import date

    return date.fromisoformat(iso)
