"""bao-cao-gui-bo.docx: the department's covering report for the Ministry's data call (Nghị định 30/2020 form),
sent with the upload — which indicators the province supplies (figure and evidence), which it cannot yet and why,
what the Ministry takes from other sources, who to contact (Cà Mau's Báo cáo 256/BC-SKHCN of 30/8/2024 is such a
report). Reads the model only; written for a data-call period («2025-DL»)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from pii_excel.atomic import atomic_path
from pii_excel.model import Consolidation, IndicatorResult
from pii_excel.numbers import format_number
from pii_excel.output.ministry_package import (
    PACKAGE_XLSX,
    document_indicators,
    evidence_files,
    missing_items,
    package_indicators,
)
from pii_excel.plan.periods import format_date
from pii_excel.vocab import FigureFrom
from pii_excel.word.docx_parts import paragraph
from pii_excel.word.letter import header_block, page_setup, signature_block

COVERING_DOCX = "bao-cao-gui-bo.docx"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
NUMBER_BLANK = "      "  # the clerk writes the number at signing


def _figure(model: Consolidation, r: IndicatorResult) -> str:
    f = r.figure
    shown = f"{format_number(f.value, 4)} {f.unit}".strip()
    files = len(evidence_files(model, r.indicator))
    attached = f" ({files} tệp minh chứng)" if files else ""
    evidence = f"; minh chứng: {f.evidence}{attached}" if f.evidence else ""
    return f"- {r.indicator}. {r.name}: {shown}{evidence}."


def covering_paragraphs(model: Consolidation) -> list[str]:
    """The body: what is supplied, what is not yet and why, what the Ministry takes elsewhere, the contact."""
    plan, period = model.plan, model.period
    sender = model.coordinator_name()
    year = period.end.year
    supplied: list[tuple[IndicatorResult, list[str]]] = []
    missing: list[tuple[IndicatorResult, list[str]]] = []
    for r in package_indicators(model):
        gaps = missing_items(model, r)
        (missing if gaps else supplied).append((r, gaps))
    lines = [
        f"Thực hiện đề nghị của Bộ Khoa học và Công nghệ về việc cung cấp số liệu xây dựng Chỉ số {plan.index_kind} "
        f"năm {period.end.year + 1}, {sender} đã tổng hợp số liệu năm {year} (từ {format_date(period.start)} đến "
        f"{format_date(period.end)}) do các sở, ngành của tỉnh {plan.province} cung cấp và báo cáo như sau:",
        f"1. Số liệu đã có đủ tài liệu minh chứng ({len(supplied)} chỉ số):",
    ]
    lines += [_figure(model, r) for r, _ in supplied] or ["- Chưa có chỉ số nào đủ số liệu và minh chứng."]
    if missing:
        lines.append(f"2. Chỉ số chưa cung cấp đầy đủ ({len(missing)} chỉ số), tỉnh sẽ bổ sung trên hệ thống:")
        lines += [f"- {r.indicator}. {r.name}: {'; '.join(g.lower() for g in gaps)}." for r, gaps in missing]
    listed = document_indicators(model)
    others = [r for r in model.evaluation.indicators if r.figure_from is FigureFrom.PUBLISHED]
    if listed or others:
        lines.append(f"{3 if missing else 2}. Chỉ số không phải số liệu thống kê của tỉnh:")
        lines += [
            f"- {r.indicator}. {r.name}: danh mục {len(r.figure.documents)} văn bản chính sách kèm theo"
            + (f" ({n} tệp văn bản)" if (n := len(evidence_files(model, r.indicator))) else "")
            + "."
            for r in listed
        ]
        lines += [
            f"- {r.indicator}. {r.name}: theo kết quả công bố của chỉ số nguồn"
            + (
                f" ({plan.require_indicator(r.indicator).figure.source})"
                if plan.require_indicator(r.indicator).figure.source
                else ""
            )
            + "."
            for r in others
        ]
    contact = next((i for i in model.intake.infos if i.agency == plan.coordinator), None)
    who = "; ".join(x for x in ((contact.reporter, contact.phone, contact.email) if contact else ()) if x)
    uploaded = sum(1 for e in model.intake.evidence if e.stored_as and e.indicators)
    files = f", {uploaded} tệp minh chứng" if uploaded else ""
    lines.append(
        f"Số liệu chi tiết, tài liệu minh chứng được cập nhật trên hệ thống thu thập số liệu của Bộ; bảng "
        f"số liệu kèm theo ({PACKAGE_XLSX}{files})." + (f" Đầu mối liên hệ: {who}." if who else "")
    )
    lines.append(f"{sender} trân trọng báo cáo./.")
    return lines


def write_covering_report(model: Consolidation, target: Path) -> Path:
    rs = model.plan.report
    authority, title, signer = model.signer()
    today = model.report_date
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
            "number": f"Số: {number}/{rs.doc_symbol}",
            "dated": f"{rs.place or model.plan.province}, ngày {today:%d} tháng {today:%m} năm {today:%Y}",
            "authority": authority,
            "title": title,
            "signer": signer,
        },
    )
    paragraph(doc, "BÁO CÁO", size=14, bold=True, align=CENTER, before=18, after=0)
    subject = (
        f"Cung cấp số liệu xây dựng Chỉ số {model.plan.index_kind} năm {model.period.end.year + 1} "
        f"của tỉnh {model.plan.province}"
    )
    paragraph(doc, subject, size=14, bold=True, align=CENTER, after=12, keep_next=True)
    paragraph(doc, "Kính gửi: Bộ Khoa học và Công nghệ.", align=CENTER, after=12)
    body = covering_paragraphs(model)
    for n, text in enumerate(body):
        heading = text[:2] in ("1.", "2.", "3.")
        paragraph(doc, text, bold=heading, indent=True, after=6, keep_next=heading or n == len(body) - 1)
    signature_block(
        doc,
        {"authority": authority, "title": title, "signer": signer},
        copy_to=["- Như trên;", "- UBND tỉnh (để b/c);", "- Lưu: VT."],
    )
    row = doc.tables[-1].rows[0]._tr.get_or_add_trPr()
    row.append(OxmlElement("w:cantSplit"))  # the signer's name never on a page of its own
    doc.core_properties.title = f"Báo cáo {subject}"
    doc.core_properties.author = "pii-excel"
    with atomic_path(target) as tmp:
        doc.save(str(tmp))
    return target
