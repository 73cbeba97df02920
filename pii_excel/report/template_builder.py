"""Build the default report template (bao-cao.docx): Nghị định 30/2020 layout with docxtpl placeholders.

Staff edit the built file in Word (wording, logo, order of sections); the program only fills placeholders.
Rebuild the default with:  python -m pii_excel.report.template_builder templates/bao-cao.docx
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document

from pii_excel.vocab import Verdict
from pii_excel.word.docx_parts import (
    add_row,
    grid_table,
    paragraph,
)
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

APPENDIX_TABLE = [1.3, 1.5, 4.5, 2.8, 2.0, 1.9, 2.0, 2.4, 2.4, 2.4, 3.0]
AGENCY_TABLE = [1.3, 5.3, 2.6, 3.2, 2.8, 2.8, 2.8, 3.4]


def _appendix(doc) -> None:
    appendix_section(doc, "I", "KẾT QUẢ THỰC HIỆN CÁC CHỈ SỐ {{ loai_chi_so }}, {{ ky_bao_cao_hoa }}")
    # notes before the table: after it, a note can be left alone on a page of its own
    paragraph(doc, "{{ chu_thich_bang }}", size=12, italic=True, after=8)
    headers = [
        "STT",
        "Mã",
        "Chỉ số",
        "Số liệu kỳ báo cáo (đơn vị tính)",
        "Số liệu năm trước",
        "Điểm cơ sở (năm)",
        "Mục tiêu",
        "Kết quả (căn cứ)",
        "Đánh giá",
        "Số liệu cần đạt (ước tính)",
        "Đơn vị chủ trì",
    ]
    table = grid_table(doc, APPENDIX_TABLE)
    add_row(table, headers, APPENDIX_TABLE, header=True)
    add_row(table, ["{%tr for r in chi_so %}"] + [""] * 10, APPENDIX_TABLE)
    add_row(
        table,
        [
            "{{ r.stt }}",
            "{{ r.ma }}",
            "{{ r.ten }}",
            "{{ r.so_lieu }}",
            "{{ r.nam_truoc }}",
            "{{ r.co_so_nam }}",
            "{{ r.muc_tieu }}",
            "{{ r.gia_tri }}",
            "{{ r.danh_gia }}",
            "{{ r.can_dat }}",
            "{{ r.chu_tri }}",
        ],
        APPENDIX_TABLE,
        aligns=[CENTER, CENTER, LEFT, RIGHT, RIGHT, RIGHT, CENTER, RIGHT, CENTER, CENTER, LEFT],
    )
    add_row(table, ["{%tr endfor %}"] + [""] * 10, APPENDIX_TABLE)
    appendix_section(doc, "II", "TRÁCH NHIỆM CỦA CÁC ĐƠN VỊ: CHỈ SỐ CHỦ TRÌ, NHIỆM VỤ VÀ TÌNH HÌNH BÁO CÁO")
    paragraph(
        doc,
        "Ghi chú: HT - hoàn thành; ĐTH - đang thực hiện; CTH - chưa thực hiện; CBC - chưa báo cáo.",
        size=12,
        italic=True,
        after=8,
    )
    headers = [
        "STT",
        "Đơn vị",
        "Báo cáo",
        "Chỉ số chủ trì",
        "Đạt, vượt",
        Verdict.NOT_MET.label,
        "Chưa có số liệu",
        "Nhiệm vụ (HT / ĐTH / CTH / CBC)",
    ]
    table = grid_table(doc, AGENCY_TABLE)
    add_row(table, headers, AGENCY_TABLE, header=True)
    add_row(table, ["{%tr for r in don_vi_bang %}"] + [""] * 7, AGENCY_TABLE)
    add_row(
        table,
        [
            "{{ r.stt }}",
            "{{ r.ten }}",
            "{{ r.bao_cao }}",
            "{{ r.chu_tri }}",
            "{{ r.dat }}",
            "{{ r.chua_dat }}",
            "{{ r.khong_so_lieu }}",
            "{{ r.nhiem_vu }}",
        ],
        AGENCY_TABLE,
        aligns=[CENTER, LEFT, CENTER, LEFT, LEFT, LEFT, LEFT, CENTER],
    )
    add_row(table, ["{%tr endfor %}"] + [""] * 7, AGENCY_TABLE)


def build_report_template(target: str | Path) -> Path:
    doc = Document()
    report_opening(doc)

    heading(doc, "I. KẾT QUẢ THỰC HIỆN", 1)
    heading(doc, "1. Kết quả chung", 2)
    loop(doc, "ket_qua_chung", "{{ x }}")
    heading(doc, "{{ tieu_de_tru_cot }}", 2)
    loop(doc, "tru_cot", "{{ x }}")
    paragraph(doc, "{{ bieu_do_tru_cot }}", align=CENTER)
    heading(doc, "{{ tieu_de_chi_so }}", 2)
    # the indicator table is Phụ lục I (once); the body says what it shows and draws the chart
    loop(doc, "gioi_thieu_chi_so", "{{ x }}")
    paragraph(doc, "{{ bieu_do_chi_so }}", align=CENTER)
    heading(doc, "4. Tiến độ thực hiện nhiệm vụ của các đơn vị", 2)
    loop(doc, "nhiem_vu_don_vi", "{{ x.cau }}", bold_prefix="{{ x.ten }}: ")
    loop(doc, "trach_nhiem", "{{ x }}")
    heading(doc, "5. So sánh với các kỳ trước", 2)
    loop(doc, "dien_bien", "{{ x }}")
    paragraph(doc, "{{ bieu_do_dien_bien }}", align=CENTER)

    heading(doc, "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", 1)
    heading(doc, "1. Tồn tại, hạn chế", 2)
    loop(doc, "ton_tai", "- {{ x }}")
    heading(doc, "2. Khó khăn, vướng mắc các đơn vị nêu", 2)
    loop(doc, "kho_khan", "{{ x.noi_dung }}", bold_prefix="- {{ x.ten }}: ")
    heading(doc, "3. Nguyên nhân", 2)
    loop(doc, "nguyen_nhan", "- {{ x }}")
    dots(doc, "nguyen_nhan")

    heading(doc, "III. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI", 1)
    loop(doc, "giai_phap", "{{ x }}")
    dots(doc, "giai_phap")

    heading(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ", 1)
    loop(doc, "de_xuat", "{{ x.noi_dung }}", bold_prefix="- {{ x.ten }}: ")
    dots(doc, "de_xuat")
    paragraph(doc, "{{ ket_luan }}", indent=True, after=12, keep_next=True)  # never a signature page alone
    signature_block(doc)
    _appendix(doc)
    return save_template(doc, target, "Báo cáo kết quả thực hiện kế hoạch")


if __name__ == "__main__":
    build_report_template(sys.argv[1] if len(sys.argv) > 1 else "templates/bao-cao.docx")
