"""The reminder letter (công văn đôn đốc, Nghị định 30/2020 form of a Công văn) and what each agency still owes.

Only agencies that owe something are chased: no report, a report with errors to correct, figures or task
progress still missing. An agency that sent late but complete owes nothing more and is not named.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pii_excel.atomic import atomic_path
from pii_excel.model import Consolidation
from pii_excel.owed import Owed, letter_plan_ref, subject_of
from pii_excel.plan.periods import format_date
from pii_excel.textnorm import lower_first
from pii_excel.word.docx_parts import paragraph
from pii_excel.word.letter import header_block, page_setup, signature_block

CENTER, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
NUMBER_BLANK = "      "  # the clerk writes the number at signing


def letter_symbol(report_symbol: str) -> str:
    """A Công văn carries no document-type letters (Nghị định 30/2020, Phụ lục III): "BC-KHCN" -> "KHCN"."""
    kind, _, rest = report_symbol.partition("-")
    return rest if kind == "BC" and rest else report_symbol


def letter_paragraphs(model: Consolidation, owed: list[Owed], new_deadline: date, today: date) -> list[str]:
    """The letter's body, one paragraph each: the request, who owes what, the new deadline, how to send."""
    plan, period, coordinator = model.plan, model.period, model.coordinator
    sender = model.coordinator_name()
    lines = [
        f"Thực hiện {letter_plan_ref(model.plan)} ({plan.title}), {sender} đã đề nghị các đơn vị báo cáo kết quả thực hiện "
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


def write_reminder_letter(
    model: Consolidation, owed: list[Owed], new_deadline: date, target: Path, today: date | None = None
) -> Path:
    today = today or model.report_date  # `remind --ngay`, else the run's date
    rs = model.plan.report
    authority, title, signer = model.signer()
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    page_setup(doc.sections[0])
    number = model.signing.number or NUMBER_BLANK
    header_block(
        doc,
        {
            "parent": rs.parent_body.upper(),
            "issuer": rs.issuing_body.upper(),
            "number": f"Số: {number}/{letter_symbol(rs.doc_symbol)}",
            "dated": f"{rs.place or model.plan.province}, ngày {today:%d} tháng {today:%m} năm {today:%Y}",
            "authority": authority,
            "title": title,
            "signer": signer,
        },
        about=f"V/v {subject_of(model)}",
    )
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
