"""The parts of an official document under Nghị định 30/2020/NĐ-CP that every Word output shares: page setup,
the header block (issuing body, number, national motto, place and date), headings and loops of docxtpl
placeholders, the signature block with «Nơi nhận», landscape appendices, Vietnamese proofing."""

from __future__ import annotations

from pathlib import Path

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pii_excel.word.docx_parts import (
    bottom_rule,
    no_borders,
    page_field,
    paragraph,
    set_run_font,
)

CENTER, LEFT, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)


# The header block (16,5 cm of text width): the issuing body ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", 6,0 cm at 12 pt bold)
# and the national motto line (8,1 cm) each fit on one line with the cells' margins.
HEADER_LEFT_CM, HEADER_RIGHT_CM = 7.1, 9.4


MOTTO_RULE_INDENT_CM = 1.7


ISSUER_RULE_INDENT_CM = 2.15  # leaves a rule of about 2,4 cm: 1/3–1/2 of the issuing body's name


def page_setup(section, landscape: bool = False) -> None:
    section.page_width, section.page_height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)
    section.different_first_page_header_footer = True  # no page number on the first page
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = CENTER
    page_field(p, 13)


def restart_numbering(section) -> None:
    num = OxmlElement("w:pgNumType")
    num.set(qn("w:start"), "1")
    section._sectPr.append(num)


def heading(doc, text: str, level: int) -> None:
    """I. ... (capitals, bold), 1. ... (bold)."""
    paragraph(doc, text, bold=True, indent=level > 1, before=6, after=6, keep_next=True)


def loop(doc, items: str, body: str, *, indent: bool = True, size: float = 14, bold_prefix: str = "") -> None:
    paragraph(doc, f"{{%p for x in {items} %}}", size=size, after=0)
    p = paragraph(doc, "", size=size, indent=indent)
    if bold_prefix:
        set_run_font(p.add_run(bold_prefix), size, bold=True)
    set_run_font(p.add_run(body), size)
    paragraph(doc, "{%p endfor %}", size=size, after=0)


def dots(doc, section: str | None = None) -> None:
    """Dotted lines: room for the department's own text, as Vietnamese forms leave it — for a report section, none
    once the department wrote it (noi-dung-cua-so.xlsx), and then no empty paragraph either."""
    if section is None:
        paragraph(doc, "{{ cho_trong }}", indent=True)
        return
    paragraph(doc, f"{{%p if cho_trong_{section} %}}", after=0)
    paragraph(doc, f"{{{{ cho_trong_{section} }}}}", indent=True)
    paragraph(doc, "{%p endif %}", after=0)


def two_columns(doc, left_cm: float, right_cm: float):
    """A borderless two-column block (header, signature), with widths LibreOffice and Word both honour."""
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Cm(left_cm), Cm(right_cm)
    table.columns[0].width, table.columns[1].width = Cm(left_cm), Cm(right_cm)
    return left, right


# What the report template's header and signature say: docxtpl placeholders the run fills in.
PLACEHOLDERS = {
    "parent": "{{ co_quan_chu_quan }}",
    "issuer": "{{ co_quan_ban_hanh }}",
    "number": "Số: {{ so }}/{{ ky_hieu }}",
    "dated": "{{ dia_danh }}, ngày {{ ngay }} tháng {{ thang }} năm {{ nam }}",
    "authority": "{{ tham_quyen }}",
    "title": "{{ chuc_vu }}",
    "signer": "{{ nguoi_ky }}",
}


def header_block(doc, texts: dict[str, str] = PLACEHOLDERS, about: str = "") -> None:
    """The decree's header: issuing body and number on the left (a Công văn's «V/v …» under the number), the
    national motto and the place and date on the right."""
    left, right = two_columns(doc, HEADER_LEFT_CM, HEADER_RIGHT_CM)
    left.paragraphs[0].text = ""
    p = left.paragraphs[0]
    p.alignment = CENTER
    set_run_font(p.add_run(texts["parent"]), 12)
    paragraph(left, texts["issuer"], size=12, bold=True, align=CENTER, after=0)
    bottom_rule(paragraph(left, "", size=2, align=CENTER, after=4), ISSUER_RULE_INDENT_CM, ISSUER_RULE_INDENT_CM)
    paragraph(left, texts["number"], size=13, align=CENTER, after=0)
    if about:
        paragraph(left, about, size=12, align=CENTER, after=0)
    p = right.paragraphs[0]
    p.alignment = CENTER
    set_run_font(p.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 12, bold=True)
    paragraph(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align=CENTER, after=0)
    # the rule as long as the motto (about 5,6 cm), on a line of its own so the motto keeps the full width
    bottom_rule(paragraph(right, "", size=2, align=CENTER, after=10), MOTTO_RULE_INDENT_CM, MOTTO_RULE_INDENT_CM)
    paragraph(right, texts["dated"], size=14, italic=True, align=CENTER, after=0)


def signature_block(doc, texts: dict[str, str] = PLACEHOLDERS, copy_to: list[str] | None = None) -> None:
    """«Nơi nhận» on the left (the template loops over `noi_nhan` when no list is given), the signer on the right."""
    left, right = two_columns(doc, 8.5, 8.0)
    p = left.paragraphs[0]
    p.alignment = LEFT
    set_run_font(p.add_run("Nơi nhận:"), 12, bold=True, italic=True)
    if copy_to is None:
        paragraph(left, "{%p for x in noi_nhan %}", size=11, align=LEFT, after=0)
        paragraph(left, "{{ x }}", size=11, align=LEFT, after=0)
        paragraph(left, "{%p endfor %}", size=11, align=LEFT, after=0)
    else:
        for line in copy_to:
            paragraph(left, line, size=11, align=LEFT, after=0)
    p = right.paragraphs[0]
    p.alignment = CENTER
    set_run_font(p.add_run(texts["authority"]), 14, bold=True)
    paragraph(right, texts["title"], size=14, bold=True, align=CENTER, after=0)
    for _ in range(4):
        paragraph(right, "", size=14, align=CENTER, after=0)
    paragraph(right, texts["signer"], size=14, bold=True, align=CENTER, after=0)


def appendix_section(doc, number: str, title: str) -> None:
    """A landscape appendix on a new page, numbering its own pages from 1: «Phụ lục I», its title in capitals and
    the line tying it to the report («Kèm theo Báo cáo số …»)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    page_setup(section, landscape=True)
    restart_numbering(section)
    section.left_margin, section.right_margin = Cm(2.0), Cm(1.5)
    paragraph(doc, f"Phụ lục {number}", size=14, bold=True, align=CENTER, after=0)
    paragraph(doc, title, size=14, bold=True, align=CENTER, after=0)
    paragraph(doc, "{{ phu_luc_can_cu }}", size=14, italic=True, align=CENTER, after=6)


def vietnamese_proofing(doc) -> None:
    """w:lang vi-VN on the document defaults and the Normal style, so Word checks Vietnamese spelling."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    targets = [doc.styles["Normal"].element.get_or_add_rPr()]
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            targets.append(rpr_default.find(qn("w:rPr")))
    for rpr in targets:
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        lang = OxmlElement("w:lang")
        for k in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(k), "vi-VN")
        rpr.append(lang)


def report_opening(doc) -> None:
    """A report's first lines under Nghị định 30/2020: Times New Roman 14 pt, the header block, «BÁO CÁO» and its
    title with the short rule, «Kính gửi» (one recipient on its line, several as a list) and the opening paragraph."""
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    page_setup(doc.sections[0])
    header_block(doc)
    paragraph(doc, "BÁO CÁO", size=14, bold=True, align=CENTER, before=18, after=0)
    title = paragraph(doc, "{{ trich_yeu }}", size=14, bold=True, align=CENTER, after=0)
    title.paragraph_format.keep_with_next = True
    bottom_rule(paragraph(doc, "", size=2, align=CENTER, after=12), 6.5, 6.5)
    paragraph(doc, "{%p if kinh_gui|length == 1 %}", after=0)
    paragraph(doc, "Kính gửi: {{ kinh_gui[0] }}.", align=CENTER, after=12)
    paragraph(doc, "{%p else %}", after=0)
    paragraph(doc, "Kính gửi:", align=CENTER, after=0)
    paragraph(doc, "{%p for x in kinh_gui %}", after=0)
    p = paragraph(doc, "- {{ x }}{{ ';' if not loop.last else '.' }}", align=LEFT, after=0)
    p.paragraph_format.left_indent = Cm(5.0)
    paragraph(doc, "{%p endfor %}", after=0)
    paragraph(doc, "{%p endif %}", after=6)
    paragraph(doc, "{{ mo_dau }}", indent=True)


def save_template(doc, target: str | Path, title: str) -> Path:
    """Vietnamese proofing, the document's properties (the rendered report replaces the title), saved."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    vietnamese_proofing(doc)
    doc.core_properties.title = title
    doc.core_properties.author = "pii-excel"
    doc.save(str(target))
    return target
