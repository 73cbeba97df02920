"""One feedback workbook per agency: each problem, its cell and how to fix it, ready to e-mail back."""

from __future__ import annotations

from pathlib import Path

from pii_excel.atomic import atomic_path
from pii_excel.model import Consolidation
from pii_excel.vocab import TONE_OF, Severity, SubmissionState
from pii_excel.xlsx_style import common_formats, new_workbook, print_setup, row_height, tone_formats

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
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


def _submission_line(model: Consolidation, agency: str) -> str:
    sub = model.submission_of(agency)
    if sub is None:
        return ""
    state = sub.status.label.lower()
    if sub.status is SubmissionState.MISSING:
        return f"Tình trạng nộp: {state}."
    if sub.status is SubmissionState.LATE:
        state += f" {sub.days_late} ngày"
    return f"Tình trạng nộp: {state} (tệp {sub.file})."


def agencies_needing_feedback(model: Consolidation) -> list[str]:
    """Agencies with an error or a warning, in the order their findings appear."""
    return list(dict.fromkeys(f.agency for f in model.findings if f.agency and f.severity is not Severity.INFO))


def write_feedback(model: Consolidation, agency: str, target: Path) -> Path:
    findings = sorted(model.findings_of(agency),
                      key=lambda f: (SEVERITY_ORDER[f.severity], f.location.file, f.location.sheet))  # fmt: skip
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = sum(f.severity is Severity.WARNING for f in findings)
    name = model.agency_name(agency)
    with atomic_path(target) as tmp:
        wb = new_workbook(tmp, {"title": f"Phản hồi báo cáo {model.period.label} - {name}"}, model.run_id)
        fmt = common_formats(wb)
        tone = tone_formats(wb, centred=False)
        sev = {s: tone[TONE_OF[s]] for s in Severity}
        ws = wb.add_worksheet("Phản hồi")
        for col, (_, width) in enumerate(COLUMNS):
            ws.set_column(col, col, width)
        lines = [
            (fmt["title"], "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO"),
            (fmt["bold"], f"Đơn vị: {name}"),
            (fmt["plain"], f"Kỳ báo cáo: {model.period.label}; hạn nộp {model.period.deadline:%d/%m/%Y}."),
            (fmt["plain"], _submission_line(model, agency)),
            (fmt["bold"], f"Có {errors} lỗi cần sửa và {warnings} điểm cần kiểm tra lại."),
            (fmt["plain"], "Đề nghị đơn vị sửa các ô nêu dưới đây trong tệp đã nộp rồi gửi lại tệp (giữ định dạng "
                           ".xlsx)."),
        ]  # fmt: skip
        for row, (style, text) in enumerate(lines):
            ws.write_string(row, 0, text, style)
        top = len(lines) + 1
        for col, (head, _) in enumerate(COLUMNS):
            ws.write_string(top, col, head, fmt["header"])
        for n, f in enumerate(findings, 1):
            r = top + n
            at = f.location
            values = [str(n), f.severity.label, at.file, at.sheet, at.cell, f.value, f.message, f.rule.fix]
            for col, value in enumerate(values):
                # Agency text goes in as text only: nothing typed by an agency may become a formula or a link.
                ws.write_string(r, col, value, sev[f.severity] if col == 1 else fmt["cell"])
            ws.set_row(r, row_height([(v, COLUMNS[c][1]) for c, v in enumerate(values)]))
        ws.freeze_panes(top + 1, 0)
        print_setup(ws)
        ws.repeat_rows(top)  # the table's header row on every page
        wb.close()
    return target
