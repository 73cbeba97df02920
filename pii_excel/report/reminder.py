"""The reminder letter (công văn đôn đốc, Nghị định 30/2020 form of a Công văn) and what each agency still owes.

Only agencies that owe something are chased: no report, a report with errors to correct, figures or task
progress still missing. An agency that sent late but complete owes nothing more and is not named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pii_excel.atomic import atomic_path
from pii_excel.findings import Code
from pii_excel.model import Consolidation
from pii_excel.plan.model import Plan
from pii_excel.plan.periods import format_date
from pii_excel.report.context import plan_reference
from pii_excel.report.docx_parts import paragraph
from pii_excel.report.template_builder import header_block, page_setup, signature_block
from pii_excel.textnorm import lower_first
from pii_excel.vocab import Severity, SubmissionState, TaskStatus

CENTER, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
NUMBER_BLANK = "      "  # the clerk writes the number at signing
# errors the letter names in their own words (nothing sent, figures missing, task status missing), not as "lỗi"
SAID_APART = (Code.SUBMISSION_MISSING, Code.VALUE_MISSING, Code.TASK_STATUS_MISSING)


@dataclass(frozen=True)
class Owed:
    """What one agency still owes this period, in words for the letter and the e-mail."""

    agency: str
    name: str
    email: str
    missing: bool  # nothing received
    items: tuple[str, ...]  # "số liệu 3 chỉ số (2.1.1, 2.2.3, 4.1.1)", "sửa 2 lỗi trong báo cáo đã gửi", …

    def sentence(self) -> str:
        return "; ".join(self.items)


def _codes(codes: tuple[str, ...]) -> str:
    return f"{len(codes)} chỉ số ({', '.join(codes)})"


def owed_by(model: Consolidation) -> list[Owed]:
    """Every agency that owes something, in the plan's order."""
    subs = {s.agency: s for s in model.intake.submissions}
    out = []
    for a in model.evaluation.agencies:
        sub = subs.get(a.agency)
        if sub is None:  # a group's summary line: its members are chased, each for itself
            continue
        not_reported = a.tasks.get(TaskStatus.NOT_REPORTED, 0)
        errors = sum(f.severity is Severity.ERROR and f.agency == a.agency and f.code not in SAID_APART
                     for f in model.findings)  # fmt: skip
        missing = sub.status is SubmissionState.MISSING
        items = []
        if missing:
            owed = [p for n, p in ((len(a.no_data), f"số liệu {_codes(a.no_data)}"),
                                   (not_reported, f"tiến độ {not_reported} nhiệm vụ")) if n]  # fmt: skip
            items.append("chưa gửi báo cáo" + (f" ({' và '.join(owed)})" if owed else ""))
        else:
            if errors:
                items.append(f"sửa {errors} lỗi trong báo cáo đã gửi (các ô có lỗi được đánh dấu trong tệp gửi kèm)")
            if a.no_data:
                items.append(f"bổ sung số liệu {_codes(a.no_data)}")
            if not_reported:
                items.append(f"báo cáo tiến độ {not_reported} nhiệm vụ còn để trống")
        if items:
            out.append(Owed(a.agency, a.name, _addresses(model, a.agency), missing, tuple(items)))
    return out


def _addresses(model: Consolidation, code: str) -> str:
    """Where the agency is written to: the plan's address, and the contact the agency typed in its own report
    (the person who will fix it), each once."""
    agency = model.plan.agency(code)
    found = [a.strip() for a in (agency.email if agency else "").replace(";", ",").split(",") if a.strip()]
    typed = next((i.email for i in model.intake.infos if i.agency == code and i.email), "")
    for address in typed.replace(";", ",").split(","):
        address = address.strip()
        if "@" in address and " " not in address and address.casefold() not in {f.casefold() for f in found}:
            found.append(address)
    return ", ".join(found)


def letter_symbol(report_symbol: str) -> str:
    """A Công văn carries no document-type letters (Nghị định 30/2020, Phụ lục III): "BC-KHCN" -> "KHCN"."""
    kind, _, rest = report_symbol.partition("-")
    return rest if kind == "BC" and rest else report_symbol


def _plan_ref(plan: Plan) -> str:
    return plan_reference(plan) + (f" của {plan.issuer}" if plan.issuer else "")


def subject_of(model: Consolidation) -> str:
    return f"đôn đốc báo cáo kết quả thực hiện {_plan_ref(model.plan)}, {lower_first(model.period.label)}"


def letter_paragraphs(model: Consolidation, owed: list[Owed], new_deadline: date, today: date) -> list[str]:
    """The letter's body, one paragraph each: the request, who owes what, the new deadline, how to send."""
    plan, period, coordinator = model.plan, model.period, model.coordinator
    sender = model.coordinator_name()
    lines = [
        f"Thực hiện {_plan_ref(model.plan)} ({plan.title}), {sender} đã đề nghị các đơn vị báo cáo kết quả thực hiện "
        f"{lower_first(period.label)} (số liệu tính từ {format_date(period.start)} đến {format_date(period.end)}), "
        f"hạn gửi ngày {format_date(period.deadline)}.",
        f"Đến ngày {format_date(today)}, {sender} chưa nhận đủ báo cáo của các đơn vị sau:",
    ]
    lines += [f"- {o.name}: {o.sentence()}." for o in owed]
    send_to = f" qua thư điện tử {coordinator.email}" if coordinator and coordinator.email else ""
    lines.append(
        f"Để kịp tổng hợp báo cáo theo quy định, {sender} đề nghị các đơn vị nêu trên hoàn thành và gửi báo cáo "
        f"về {sender}{send_to} trước ngày {format_date(new_deadline)}. Mẫu báo cáo của từng đơn vị (đối với đơn vị "
        "đã gửi: chính tệp đã gửi, có đánh dấu các ô cần sửa) được gửi kèm theo thư điện tử đến từng đơn vị."
    )
    lines.append("Rất mong nhận được sự phối hợp của các đơn vị./.")
    return lines


def write_reminder_letter(model: Consolidation, owed: list[Owed], new_deadline: date, target: Path,
                          today: date | None = None) -> Path:  # fmt: skip
    today = today or model.report_date  # `remind --ngay`, else the run's date
    rs = model.plan.report
    authority, title, signer = model.signer()
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    page_setup(doc.sections[0])
    number = model.signing.number or NUMBER_BLANK
    header_block(doc, {
        "parent": rs.parent_body.upper(), "issuer": rs.issuing_body.upper(),
        "number": f"Số: {number}/{letter_symbol(rs.doc_symbol)}",
        "dated": f"{rs.place or model.plan.province}, ngày {today:%d} tháng {today:%m} năm {today:%Y}",
        "authority": authority, "title": title, "signer": signer,
    }, about=f"V/v {subject_of(model)}")  # fmt: skip
    paragraph(doc, "", after=6)
    if len(owed) == 1:
        paragraph(doc, f"Kính gửi: {owed[0].name}.", align=CENTER, after=12)
    else:
        paragraph(doc, "Kính gửi:", align=CENTER, after=0)
        for n, o in enumerate(owed):
            p = paragraph(doc, f"- {o.name}{';' if n < len(owed) - 1 else '.'}", align=LEFT, after=0)
            p.paragraph_format.left_indent = Cm(5.0)
        paragraph(doc, "", after=6)
    body = letter_paragraphs(model, owed, new_deadline, today)
    for n, text in enumerate(body):
        # the closing line stays with the signature: never a signature alone on a page
        paragraph(doc, text, indent=not text.startswith("- "), after=6, keep_next=n == len(body) - 1)
    signature_block(
        doc, {"authority": authority, "title": title, "signer": signer}, copy_to=["- Như trên;", "- Lưu: VT."]
    )
    row = doc.tables[-1].rows[0]._tr.get_or_add_trPr()
    row.append(OxmlElement("w:cantSplit"))  # the signer's name never on a page of its own
    doc.core_properties.title = f"V/v {subject_of(model)}"
    doc.core_properties.author = "pii-excel"
    with atomic_path(target) as tmp:
        doc.save(str(tmp))
    return target
