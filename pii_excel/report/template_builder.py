"""Build the default report template (bao-cao.docx): Nghị định 30/2020 layout with docxtpl placeholders.

Staff edit the built file in Word (wording, logo, order of sections); the program only fills placeholders.
Rebuild the default with:  python -m pii_excel.report.template_builder templates/bao-cao.docx
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pii_excel.report.docx_parts import (
    add_row,
    bottom_rule,
    grid_table,
    no_borders,
    page_field,
    paragraph,
    set_run_font,
)
from pii_excel.vocab import Verdict

CENTER, LEFT, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)
APPENDIX_TABLE = [1.3, 1.5, 4.5, 2.8, 2.0, 1.9, 2.0, 2.4, 2.4, 2.4, 3.0]
AGENCY_TABLE = [1.3, 5.3, 2.6, 3.2, 2.8, 2.8, 2.8, 3.4]
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


def _restart_numbering(section) -> None:
    num = OxmlElement("w:pgNumType")
    num.set(qn("w:start"), "1")
    section._sectPr.append(num)


def _heading(doc, text: str, level: int) -> None:
    """I. ... (capitals, bold), 1. ... (bold)."""
    paragraph(doc, text, bold=True, indent=level > 1, before=6, after=6, keep_next=True)


def _loop(doc, items: str, body: str, *, indent: bool = True, size: float = 14, bold_prefix: str = "") -> None:
    paragraph(doc, f"{{%p for x in {items} %}}", size=size, after=0)
    p = paragraph(doc, "", size=size, indent=indent)
    if bold_prefix:
        set_run_font(p.add_run(bold_prefix), size, bold=True)
    set_run_font(p.add_run(body), size)
    paragraph(doc, "{%p endfor %}", size=size, after=0)


def _dots(doc, section: str | None = None) -> None:
    """Dotted lines: room for the department's own text, as Vietnamese forms leave it — for a report section, none
    once the department wrote it (noi-dung-cua-so.xlsx), and then no empty paragraph either."""
    if section is None:
        paragraph(doc, "{{ cho_trong }}", indent=True)
        return
    paragraph(doc, f"{{%p if cho_trong_{section} %}}", after=0)
    paragraph(doc, f"{{{{ cho_trong_{section} }}}}", indent=True)
    paragraph(doc, "{%p endif %}", after=0)


def _two_columns(doc, left_cm: float, right_cm: float):
    """A borderless two-column block (header, signature), with widths LibreOffice and Word both honour."""
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Cm(left_cm), Cm(right_cm)
    table.columns[0].width, table.columns[1].width = Cm(left_cm), Cm(right_cm)
    return left, right


# What the report template's header and signature say: docxtpl placeholders the run fills in.
PLACEHOLDERS = {"parent": "{{ co_quan_chu_quan }}", "issuer": "{{ co_quan_ban_hanh }}",
                "number": "Số: {{ so }}/{{ ky_hieu }}",
                "dated": "{{ dia_danh }}, ngày {{ ngay }} tháng {{ thang }} năm {{ nam }}",
                "authority": "{{ tham_quyen }}", "title": "{{ chuc_vu }}", "signer": "{{ nguoi_ky }}"}  # fmt: skip


def header_block(doc, texts: dict[str, str] = PLACEHOLDERS, about: str = "") -> None:
    """The decree's header: issuing body and number on the left (a Công văn's «V/v …» under the number), the
    national motto and the place and date on the right."""
    left, right = _two_columns(doc, HEADER_LEFT_CM, HEADER_RIGHT_CM)
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
    left, right = _two_columns(doc, 8.5, 8.0)
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
    _restart_numbering(section)
    section.left_margin, section.right_margin = Cm(2.0), Cm(1.5)
    paragraph(doc, f"Phụ lục {number}", size=14, bold=True, align=CENTER, after=0)
    paragraph(doc, title, size=14, bold=True, align=CENTER, after=0)
    paragraph(doc, "{{ phu_luc_can_cu }}", size=14, italic=True, align=CENTER, after=6)


def _appendix(doc) -> None:
    appendix_section(doc, "I", "KẾT QUẢ THỰC HIỆN CÁC CHỈ SỐ {{ loai_chi_so }}, {{ ky_bao_cao_hoa }}")
    # notes before the table: after it, a note can be left alone on a page of its own
    paragraph(doc, "{{ chu_thich_bang }}", size=12, italic=True, after=8)
    headers = ["STT", "Mã", "Chỉ số", "Số liệu kỳ báo cáo (đơn vị tính)", "Số liệu năm trước", "Điểm cơ sở (năm)",
               "Mục tiêu", "Kết quả (căn cứ)", "Đánh giá", "Số liệu cần đạt (ước tính)", "Đơn vị chủ trì"]  # fmt: skip
    table = grid_table(doc, APPENDIX_TABLE)
    add_row(table, headers, APPENDIX_TABLE, header=True)
    add_row(table, ["{%tr for r in chi_so %}"] + [""] * 10, APPENDIX_TABLE)
    add_row(table, ["{{ r.stt }}", "{{ r.ma }}", "{{ r.ten }}", "{{ r.so_lieu }}", "{{ r.nam_truoc }}",
                    "{{ r.co_so_nam }}", "{{ r.muc_tieu }}", "{{ r.gia_tri }}", "{{ r.danh_gia }}", "{{ r.can_dat }}",
                    "{{ r.chu_tri }}"], APPENDIX_TABLE, aligns=[CENTER, CENTER, LEFT, RIGHT, RIGHT, RIGHT, CENTER, RIGHT, CENTER, CENTER, LEFT])  # fmt: skip
    add_row(table, ["{%tr endfor %}"] + [""] * 10, APPENDIX_TABLE)
    appendix_section(doc, "II", "TRÁCH NHIỆM CỦA CÁC ĐƠN VỊ: CHỈ SỐ CHỦ TRÌ, NHIỆM VỤ VÀ TÌNH HÌNH BÁO CÁO")
    paragraph(doc, "Ghi chú: HT - hoàn thành; ĐTH - đang thực hiện; CTH - chưa thực hiện; CBC - chưa báo cáo.",
              size=12, italic=True, after=8)  # fmt: skip
    headers = ["STT", "Đơn vị", "Báo cáo", "Chỉ số chủ trì", "Đạt, vượt", Verdict.NOT_MET.label, "Chưa có số liệu",
               "Nhiệm vụ (HT / ĐTH / CTH / CBC)"]  # fmt: skip
    table = grid_table(doc, AGENCY_TABLE)
    add_row(table, headers, AGENCY_TABLE, header=True)
    add_row(table, ["{%tr for r in don_vi_bang %}"] + [""] * 7, AGENCY_TABLE)
    add_row(table, ["{{ r.stt }}", "{{ r.ten }}", "{{ r.bao_cao }}", "{{ r.chu_tri }}", "{{ r.dat }}",
                    "{{ r.chua_dat }}", "{{ r.khong_so_lieu }}", "{{ r.nhiem_vu }}"], AGENCY_TABLE,
            aligns=[CENTER, LEFT, CENTER, LEFT, LEFT, LEFT, LEFT, CENTER])  # fmt: skip
    add_row(table, ["{%tr endfor %}"] + [""] * 7, AGENCY_TABLE)


def _vietnamese_proofing(doc) -> None:
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
    _vietnamese_proofing(doc)
    doc.core_properties.title = title
    doc.core_properties.author = "pii-excel"
    doc.save(str(target))
    return target


def build_report_template(target: str | Path) -> Path:
    doc = Document()
    report_opening(doc)

    _heading(doc, "I. KẾT QUẢ THỰC HIỆN", 1)
    _heading(doc, "1. Kết quả chung", 2)
    _loop(doc, "ket_qua_chung", "{{ x }}")
    _heading(doc, "{{ tieu_de_tru_cot }}", 2)
    _loop(doc, "tru_cot", "{{ x }}")
    paragraph(doc, "{{ bieu_do_tru_cot }}", align=CENTER)
    _heading(doc, "{{ tieu_de_chi_so }}", 2)
    # the indicator table is Phụ lục I (once); the body says what it shows and draws the chart
    _loop(doc, "gioi_thieu_chi_so", "{{ x }}")
    paragraph(doc, "{{ bieu_do_chi_so }}", align=CENTER)
    _heading(doc, "4. Tiến độ thực hiện nhiệm vụ của các đơn vị", 2)
    _loop(doc, "nhiem_vu_don_vi", "{{ x.cau }}", bold_prefix="{{ x.ten }}: ")
    _loop(doc, "trach_nhiem", "{{ x }}")
    _heading(doc, "5. So sánh với các kỳ trước", 2)
    _loop(doc, "dien_bien", "{{ x }}")
    paragraph(doc, "{{ bieu_do_dien_bien }}", align=CENTER)

    _heading(doc, "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", 1)
    _heading(doc, "1. Tồn tại, hạn chế", 2)
    _loop(doc, "ton_tai", "- {{ x }}")
    _heading(doc, "2. Khó khăn, vướng mắc các đơn vị nêu", 2)
    _loop(doc, "kho_khan", "{{ x.noi_dung }}", bold_prefix="- {{ x.ten }}: ")
    _heading(doc, "3. Nguyên nhân", 2)
    _loop(doc, "nguyen_nhan", "- {{ x }}")
    _dots(doc, "nguyen_nhan")

    _heading(doc, "III. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI", 1)
    _loop(doc, "giai_phap", "{{ x }}")
    _dots(doc, "giai_phap")

    _heading(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ", 1)
    _loop(doc, "de_xuat", "{{ x.noi_dung }}", bold_prefix="- {{ x.ten }}: ")
    _dots(doc, "de_xuat")
    paragraph(doc, "{{ ket_luan }}", indent=True, after=12, keep_next=True)  # never a signature page alone
    signature_block(doc)
    _appendix(doc)
    return save_template(doc, target, "Báo cáo kết quả thực hiện kế hoạch")


if __name__ == "__main__":
    build_report_template(sys.argv[1] if len(sys.argv) > 1 else "templates/bao-cao.docx")
