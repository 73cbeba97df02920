"""Build the default analysis report template (phan-tich.docx): the progress report's Nghị định 30/2020 layout
(header, Kính gửi, signature, landscape appendices) with the analysis's sections as docxtpl placeholders. Staff edit
the built file in Word; it is rendered in the same sandbox as the progress report.

Rebuild the packaged copy with:  python -m pii_excel.analysis.template pii_excel/analysis/phan-tich.docx
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document

from pii_excel.word.docx_parts import add_row, grid_table, paragraph
from pii_excel.word.letter import (
    CENTER,
    LEFT,
    RIGHT,
    appendix_section,
    dots,
    heading,
    loop,
    report_opening,
    save_template,
    signature_block,
)

INDICATOR_TABLE = [1.0, 1.4, 7.0, 2.8, 1.9, 1.9, 1.8, 1.8, 2.2, 4.4]
AGENCY_TABLE = [1.0, 6.6, 6.0, 3.2, 3.2, 3.6]


def _appendices(doc) -> None:
    appendix_section(doc, "I", "KẾT QUẢ CÁC CHỈ SỐ THÀNH PHẦN {{ loai_chi_so }} NĂM {{ nam_ket_qua }}")
    headers = [
        "STT",
        "Mã",
        "Chỉ số",
        "Giá trị của tỉnh",
        "Thấp nhất",
        "Cao nhất",
        "Điểm",
        "Thứ hạng",
        "Thay đổi điểm so với năm trước",
        "Đơn vị phụ trách",
    ]
    table = grid_table(doc, INDICATOR_TABLE)
    add_row(table, headers, INDICATOR_TABLE, header=True)
    add_row(table, ["{%tr for r in chi_so %}"] + [""] * 9, INDICATOR_TABLE)
    add_row(
        table,
        [
            "{{ r.stt }}",
            "{{ r.ma }}",
            "{{ r.ten }}",
            "{{ r.gia_tri }}",
            "{{ r.thap_nhat }}",
            "{{ r.cao_nhat }}",
            "{{ r.diem }}",
            "{{ r.hang }}",
            "{{ r.thay_doi }}",
            "{{ r.phu_trach }}",
        ],
        INDICATOR_TABLE,
        aligns=[CENTER, CENTER, LEFT, RIGHT, RIGHT, RIGHT, RIGHT, CENTER, CENTER, LEFT],
    )
    add_row(table, ["{%tr endfor %}"] + [""] * 9, INDICATOR_TABLE)
    appendix_section(doc, "II", "TRÁCH NHIỆM CỦA CÁC ĐƠN VỊ THEO CHỈ SỐ")
    headers = ["STT", "Đơn vị", "Chỉ số phụ trách", "Trong nhóm mạnh", "Trong nhóm yếu", "Chưa đạt mục tiêu"]
    table = grid_table(doc, AGENCY_TABLE)
    add_row(table, headers, AGENCY_TABLE, header=True)
    add_row(table, ["{%tr for r in don_vi_bang %}"] + [""] * 5, AGENCY_TABLE)
    add_row(
        table,
        ["{{ r.stt }}", "{{ r.ten }}", "{{ r.chi_so }}", "{{ r.manh }}", "{{ r.yeu }}", "{{ r.chua_dat }}"],
        AGENCY_TABLE,
        aligns=[CENTER, LEFT, LEFT, LEFT, LEFT, LEFT],
    )
    add_row(table, ["{%tr endfor %}"] + [""] * 5, AGENCY_TABLE)


def build_analysis_template(target: str | Path) -> Path:
    doc = Document()
    report_opening(doc)

    heading(doc, "1. Kết quả chung", 1)
    loop(doc, "ket_qua_chung", "{{ x }}")
    heading(doc, "2. Kết quả các trụ cột và nhóm chỉ số", 1)
    loop(doc, "tru_cot", "{{ x }}")
    loop(doc, "nhom", "{{ x }}")
    paragraph(doc, "{{ bieu_do_tru_cot }}", align=CENTER)
    heading(doc, "3. Điểm mạnh, điểm yếu trong {{ so_chi_so }}", 1)
    loop(doc, "diem_manh", "{{ x }}")
    loop(doc, "diem_yeu", "{{ x }}")
    paragraph(doc, "{%p if chua_phu_trach %}", after=0)
    paragraph(doc, "{{ chua_phu_trach }}", indent=True)
    paragraph(doc, "{%p endif %}", after=0)
    paragraph(doc, "{{ bieu_do_chi_so }}", align=CENTER)
    heading(doc, "4. Các chỉ số tăng, giảm so với năm trước", 1)
    loop(doc, "tang_giam", "{{ x }}")
    heading(doc, "5. Kết quả so với mục tiêu của Kế hoạch", 1)
    loop(doc, "muc_tieu", "{{ x }}")
    heading(doc, "6. Số liệu cần đạt của các chỉ số yếu", 1)
    paragraph(
        doc,
        "Tính theo giới hạn thấp nhất, cao nhất của năm công bố (cách chuẩn hoá của Bộ); giới hạn năm sau "
        "sẽ khác, nên đây là mức tham khảo để các đơn vị phụ trách đặt mục tiêu số liệu.",
        indent=True,
    )
    loop(doc, "can_dat", "{{ x }}")
    heading(doc, "7. Đề xuất, nhiệm vụ thời gian tới", 1)
    dots(doc)
    paragraph(doc, "{{ ket_luan }}", indent=True, after=12, keep_next=True)
    signature_block(doc)
    _appendices(doc)
    return save_template(doc, target, "Báo cáo phân tích kết quả chỉ số")


if __name__ == "__main__":
    build_analysis_template(sys.argv[1] if len(sys.argv) > 1 else "templates/phan-tich.docx")
