"""One feedback workbook per agency: each problem, its cell and how to fix it, ready to e-mail back."""

from __future__ import annotations

from pathlib import Path

from pii_excel.atomic import atomic_path
from pii_excel.findings import Code, Finding
from pii_excel.model import Consolidation
from pii_excel.plan.periods import data_period_text
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


# what the status line says; not a cell the agency can correct
ABOUT_THE_SUBMISSION = (Code.SUBMISSION_MISSING, Code.SUBMISSION_LATE)


def _submission_line(model: Consolidation, agency: str) -> str:
    sub = model.submission_of(agency)
    if sub is None:
        return ""
    deadline = f"{model.period.deadline:%d/%m/%Y}"
    if sub.status is SubmissionState.MISSING:
        return f"Tình trạng nộp: chưa nhận được báo cáo của đơn vị (hạn {deadline})."
    if sub.status is SubmissionState.LATE:
        return f"Tình trạng nộp: đã nhận tệp {sub.file}, nộp muộn {sub.days_late} ngày so với hạn {deadline}."
    return f"Tình trạng nộp: đã nhận tệp {sub.file}, đúng hạn."


def _advice(model: Consolidation, agency: str, in_files: list[Finding]) -> list[str]:
    """What the agency can do, worded for its case: nothing sent, only late, or cells to correct or check."""
    sub = model.submission_of(agency)
    receiver = model.agency_name(model.plan.coordinator) if model.plan.coordinator else "đơn vị tổng hợp"
    if sub is not None and sub.status is SubmissionState.MISSING and not in_files:
        return [f"Đề nghị đơn vị điền mẫu báo cáo kỳ này (tệp mẫu gửi kèm văn bản đề nghị báo cáo) và gửi về "
                f"{receiver} sớm nhất."]  # fmt: skip
    errors = sum(f.severity is Severity.ERROR for f in in_files)
    warnings = sum(f.severity is Severity.WARNING for f in in_files)
    notes = len(in_files) - errors - warnings
    late = sub is not None and sub.status is SubmissionState.LATE
    if not errors and not warnings:
        lines = ["Số liệu trong tệp không có lỗi; đơn vị không cần gửi lại tệp."]
        if notes:
            lines.append(f"Bảng dưới đây có {notes} ghi chú về cách chương trình đã đọc số liệu, để đơn vị biết.")
        if late:
            lines.append("Đề nghị đơn vị nộp báo cáo đúng hạn ở các kỳ sau.")
        return lines
    counts = " và ".join(part for n, part in ((errors, f"{errors} lỗi cần sửa"),
                                                 (warnings, f"{warnings} điểm cần kiểm tra lại")) if n)  # fmt: skip
    lines = [f"Có {counts} (chi tiết ở bảng dưới, theo từng ô)."]
    if errors:
        lines.append("Đề nghị đơn vị sửa các ô nêu dưới đây ngay trong tệp đã nộp, rồi gửi lại chính tệp đó "
                     "(giữ định dạng .xlsx).")  # fmt: skip
    else:
        lines.append("Đề nghị đơn vị kiểm tra các ô nêu dưới đây: nếu cần sửa thì sửa ngay trong tệp đã nộp rồi gửi "
                     "lại; nếu số liệu đúng, ghi giải thích vào cột «Ghi chú» khi gửi lại.")  # fmt: skip
    if late:
        lines.append("Đề nghị đơn vị nộp báo cáo đúng hạn ở các kỳ sau.")
    return lines


def agencies_needing_feedback(model: Consolidation) -> list[str]:
    """Agencies with an error or a warning, in the order their findings appear."""
    return list(dict.fromkeys(f.agency for f in model.findings if f.agency and f.severity is not Severity.INFO))


def write_feedback(model: Consolidation, agency: str, target: Path) -> Path:
    findings = sorted(model.findings_of(agency),
                      key=lambda f: (SEVERITY_ORDER[f.severity], f.location.file, f.location.sheet))  # fmt: skip
    name = model.agency_name(agency)
    with atomic_path(target) as tmp:
        wb = new_workbook(tmp, {"title": f"Phản hồi báo cáo {model.period.label} - {name}"}, model.run_id)
        fmt = common_formats(wb)
        tone = tone_formats(wb, centred=False)
        sev = {s: tone[TONE_OF[s]] for s in Severity}
        ws = wb.add_worksheet("Phản hồi")
        for col, (_, width) in enumerate(COLUMNS):
            ws.set_column(col, col, width)
        in_files = [f for f in findings if f.code not in ABOUT_THE_SUBMISSION]
        lines = [
            (fmt["title"], "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO"),
            (fmt["bold"], f"Đơn vị: {name}"),
            (fmt["plain"], f"Kỳ báo cáo: {model.period.label} ({data_period_text(model.period).lower()}); hạn nộp "
                           f"{model.period.deadline:%d/%m/%Y}."),
            (fmt["plain"], _submission_line(model, agency)),
            *((fmt["bold"] if i == 0 else fmt["plain"], text) for i, text in enumerate(_advice(model, agency, in_files))),
        ]  # fmt: skip
        for row, (style, text) in enumerate(lines):
            ws.write_string(row, 0, text, style)
        if in_files:  # with nothing to correct in a cell, the letter above says it all
            top = len(lines) + 1
            for col, (head, _) in enumerate(COLUMNS):
                ws.write_string(top, col, head, fmt["header"])
            for n, f in enumerate(in_files, 1):
                r = top + n
                at = f.location
                values = [str(n), f.severity.label, at.file, at.sheet, at.cell, f.value, f.message, f.fix]
                for col, value in enumerate(values):
                    # Agency text goes in as text only: nothing typed by an agency may become a formula or a link.
                    ws.write_string(r, col, value, sev[f.severity] if col == 1 else fmt["cell"])
                ws.set_row(r, row_height([(v, COLUMNS[c][1]) for c, v in enumerate(values)]))
            ws.freeze_panes(top + 1, 0)
            ws.repeat_rows(top)  # the table's header row on every page
        print_setup(ws, widths=[w for _, w in COLUMNS])
        wb.close()
    return target
