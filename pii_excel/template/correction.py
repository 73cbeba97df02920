"""The correction workbook: an agency's own template again, filled with what it sent, every problem cell marked and
commented, the problems listed at the top of the guide — so the agency corrects in place and sends back a file
intake recognises (same plan, agency, period and locked tables).

It replaces the separate feedback list: its guide carries everything the list did (the submission status, what
to do, and every finding with its severity, sheet, cell, value typed, problem and fix), and the cells themselves
say it where the agency types. An agency that sent nothing gets its blank template with the same cover note.
"""

from __future__ import annotations

from pathlib import Path

from pii_excel.cells import cell_ref
from pii_excel.findings import Code, Finding
from pii_excel.model import Consolidation
from pii_excel.plan.duties import AgencyDuties
from pii_excel.plan.periods import data_period_text
from pii_excel.template import layout as L
from pii_excel.template.content import TemplateContent, build_template_content
from pii_excel.template.write import Review, write_template
from pii_excel.vocab import Severity, SubmissionState

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
# about the submission as a whole: said in the status line, not a cell the agency can correct
ABOUT_THE_SUBMISSION = (Code.SUBMISSION_MISSING, Code.SUBMISSION_LATE)


def agencies_needing_correction(model: Consolidation) -> list[str]:
    """Agencies with an error or a warning, in the order their findings appear."""
    return list(dict.fromkeys(f.agency for f in model.findings if f.agency and f.severity is not Severity.INFO))


def _status_line(model: Consolidation, agency: str) -> str:
    sub = model.submission_of(agency)
    if sub is None:
        return ""
    deadline = f"{model.period.deadline:%d/%m/%Y}"
    if sub.status is SubmissionState.MISSING:
        return f"Tình trạng nộp: chưa nhận được báo cáo của đơn vị (hạn {deadline})."
    sent = f"đã nhận tệp {sub.file}" + (f" (thư của {sub.mail.sender})" if sub.mail and sub.mail.sender else "")
    if sub.status is SubmissionState.LATE:
        return f"Tình trạng nộp: {sent}, nộp muộn {sub.days_late} ngày so với hạn {deadline}."
    return f"Tình trạng nộp: {sent}, đúng hạn."


def advice(model: Consolidation, agency: str, in_files: list[Finding]) -> list[str]:
    """What the agency can do, worded for its case: nothing sent, only late, or cells to correct or check."""
    sub = model.submission_of(agency)
    receiver = model.coordinator.name if model.coordinator else "đơn vị tổng hợp"
    if sub is not None and sub.status is SubmissionState.MISSING and not in_files:
        return [f"Đề nghị đơn vị điền mẫu báo cáo này (các ô màu vàng ở các trang sau) và gửi về {receiver} sớm nhất."]
    errors = sum(f.severity is Severity.ERROR for f in in_files)
    warnings = sum(f.severity is Severity.WARNING for f in in_files)
    notes = len(in_files) - errors - warnings
    late = sub is not None and sub.status is SubmissionState.LATE
    if not errors and not warnings:
        lines = ["Số liệu trong tệp không có lỗi; đơn vị không cần gửi lại tệp."]
        if notes:
            lines.append(f"Dưới đây có {notes} ghi chú về cách chương trình đã đọc số liệu, để đơn vị biết.")
        if late:
            lines.append("Đề nghị đơn vị nộp báo cáo đúng hạn ở các kỳ sau.")
        return lines
    counts = " và ".join(
        part for n, part in ((errors, f"{errors} lỗi cần sửa"), (warnings, f"{warnings} điểm cần kiểm tra lại")) if n
    )
    lines = [f"Có {counts}; các ô có vấn đề được tô màu và có ghi chú (di chuột vào ô để đọc)."]
    if errors:
        lines.append(
            "Tệp này đã điền sẵn số liệu đơn vị đã gửi. Đề nghị đơn vị sửa ngay trong tệp này các ô tô màu đỏ, "
            f"lưu lại (giữ định dạng .xlsx) rồi gửi lại chính tệp này về {receiver}."
        )
    else:
        lines.append(
            "Tệp này đã điền sẵn số liệu đơn vị đã gửi. Đề nghị đơn vị kiểm tra các ô tô màu cam: nếu cần "
            "sửa thì sửa ngay trong tệp này rồi gửi lại; nếu số liệu đúng, ghi giải thích vào cột «Ghi chú»."
        )
    if late:
        lines.append("Đề nghị đơn vị nộp báo cáo đúng hạn ở các kỳ sau.")
    return lines


def _positions(content: TemplateContent) -> dict[tuple[str, str, str], str]:
    """Where each input cell is in this template: (sheet, row key, column key) -> cell."""
    at = {
        (L.SHEET_INFO, key, "value"): cell_ref(L.HEADER_ROW + i, 1)
        for i, (key, _, is_input) in enumerate(L.INFO_ROWS)
        if is_input
    }
    for sheet, rows in content.tables.items():
        columns = L.TABLE_SHEETS[sheet]
        for r, row in enumerate(rows, start=L.FIRST_DATA_ROW):
            for c, col in enumerate(columns):
                if col.input:
                    at[(sheet, str(row[columns[0].key]), col.key)] = cell_ref(r, c)
    return at


def _place(file: str, sheet: str, cell: str) -> str:
    """ "Tệp x.xlsx, trang «Chỉ số», ô I5", leaving out what is not known."""
    text = ", ".join(
        p
        for p in (f"tệp {file}" if file else "", f"trang «{sheet}»" if sheet else "", f"ô {cell}" if cell else "")
        if p
    )
    return text[:1].upper() + text[1:]


def build_review(model: Consolidation, agency: str, content: TemplateContent) -> Review:
    findings = sorted(model.findings_of(agency), key=lambda f: SEVERITY_ORDER[f.severity])
    sub = model.submission_of(agency)
    chosen = sub.file if sub else None
    entered = [e for e in model.intake.entered if e.agency == agency]
    meaning = {(e.sheet, e.cell): (e.sheet, e.key, e.column) for e in entered}
    positions = _positions(content)
    marks: dict[tuple[str, str, str], tuple[Severity, str]] = {}
    listed: list[tuple[Finding, str]] = []  # finding, where: its cell in this workbook, or where it was found
    for f in findings:
        if f.code in ABOUT_THE_SUBMISSION:
            continue
        at = f.location
        key = meaning.get((at.sheet, at.cell)) if at.file == chosen else None
        if key is not None and key in positions:
            text = f"{f.severity.label}: {f.message}\nCách sửa: {f.fix}"
            if key in marks:
                worst = min(marks[key][0], f.severity, key=SEVERITY_ORDER.__getitem__)
                marks[key] = (worst, f"{marks[key][1]}\n\n{text}")
            else:
                marks[key] = (f.severity, text)
            listed.append((f, _place("", key[0], positions[key])))
        else:  # not a cell of this workbook: where it was found
            listed.append((f, _place(at.file if at.file != chosen else "", at.sheet, at.cell)))
    in_files = [f for f, _ in listed]
    period = model.period
    cover: list[tuple[str, str]] = [
        ("title", "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO"),
        ("bold", f"Đơn vị: {model.agency_name(agency)}"),
        (
            "text",
            f"Kỳ báo cáo: {period.label} ({data_period_text(period).lower()}); hạn nộp {period.deadline:%d/%m/%Y}.",
        ),
        ("text", _status_line(model, agency)),
        *(("bold" if i == 0 else "text", line) for i, line in enumerate(advice(model, agency, in_files))),
    ]
    if listed:
        cover.append(("bold", "CÁC VẤN ĐỀ ĐÃ PHÁT HIỆN"))
        for n, (f, place) in enumerate(listed, 1):
            typed = f" (đã nhập «{f.value}»)" if f.value else ""
            cover.append(
                (
                    "text",
                    f"{n}. [{f.severity.label}] {place + typed + ': ' if place else ''}{f.message} Cách sửa: {f.fix}",
                )
            )
    values = {(e.sheet, e.key, e.column): e.value for e in entered if e.value is not None} if chosen else {}
    return Review(tuple(cover), values, marks, model.run_id)


def write_correction(model: Consolidation, duties: AgencyDuties, target: Path) -> Path:
    """The agency's template (as `templates` makes it for these duties), prefilled with its chosen submission and
    marked with what was found."""
    content = build_template_content(model.plan, model.period, duties, model.generated_at)
    return write_template(content, target, build_review(model, duties.agency.code, content))
