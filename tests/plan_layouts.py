"""Word plans in the layouts provincial offices use, written here with python-docx (our own documents, in the way
those offices write them), each with what a person transcribing it would type into the plan workbook.

- `post_merger_pii`: a 2026 PII plan of a merged province — the rule under «TỈNH CÀ MAU» typed as underscores, a
  separator line under the title, the baseline and goal in the body, duties per agency in section III, and an
  appendix with a separate code column, pillar rows inside the table, a tasks column, a rank column and two header
  rows merged over the score/rank pair.
- `pci_plan`: a PCI plan whose appendix names the component indices without codes, targets as «≥ 7,61, tăng 0,83
  điểm».
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


@dataclass
class Expected:
    """What a person would transcribe from the document."""

    number: str
    day: tuple[int, int, int]
    province: str
    title: str
    kind: str
    ranking_size: int
    overall: dict = field(default_factory=dict)
    pillars: dict[str, dict] = field(default_factory=dict)
    indicators: dict[str, dict] = field(default_factory=dict)
    agencies: dict[str, str] = field(default_factory=dict)  # code -> name as the document writes it
    duties: dict[str, int] = field(default_factory=dict)  # agency code -> general tasks from section III


def _border_below(paragraph) -> None:
    """The rule under a heading drawn as a paragraph border, as Word's «Borders» button draws it."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _header_table(document, issuer_lines: list[str], number: str, place_date: str) -> None:
    head = document.add_table(rows=2, cols=2)
    left = head.cell(0, 0)
    left.paragraphs[0].text = issuer_lines[0]
    for line in issuer_lines[1:]:
        left.add_paragraph(line)
    right = head.cell(0, 1)
    right.paragraphs[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    _border_below(right.paragraphs[-1])
    head.cell(1, 0).text = number
    head.cell(1, 1).text = place_date


def _cell_lines(cell, lines: list[str]) -> None:
    cell.paragraphs[0].text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


# --- a post-merger province's 2026 PII plan ------------------------------------------------------------------------

CA_MAU_TITLE = "Nâng cao Chỉ số đổi mới sáng tạo cấp địa phương (PII) tỉnh Cà Mau năm 2026"

# (TT, code, name, score 2025, rank /34, target 2026, lead, cooperating, tasks, timing)
CA_MAU_ROWS: list[tuple] = [
    ("I", "", "TRỤ CỘT 1. THỂ CHẾ", "45,10", "20", "≥ 47", "", "", "", ""),
    (
        "1",
        "1.1.1",
        "Văn bản của tỉnh về khoa học, công nghệ và đổi mới sáng tạo",
        "50,00",
        "18",
        "≥ 60",
        "Sở Khoa học và Công nghệ",
        "Sở Tư pháp, Văn phòng UBND tỉnh",
        "- Tham mưu UBND tỉnh ban hành chính sách hỗ trợ doanh nghiệp đổi mới công nghệ.\n"
        "- Rà soát, sửa đổi các văn bản không còn phù hợp sau sắp xếp đơn vị hành chính.",
        "Năm 2026",
    ),
    (
        "2",
        "1.2.1",
        "Chỉ số thành phần Gia nhập thị trường (PCI)",
        "62,40",
        "25",
        "≥ 65",
        "Sở Tài chính",
        "Các sở, ban, ngành tỉnh, UBND các xã, phường và các đơn vị liên quan",
        "- Rút ngắn thời gian đăng ký doanh nghiệp.\n- Công khai thủ tục trên Cổng dịch vụ công.",
        "Thường xuyên",
    ),
    ("II", "", "TRỤ CỘT 2. VỐN CON NGƯỜI VÀ NGHIÊN CỨU VÀ PHÁT TRIỂN", "24,03", "29", "≥ 28", "", "", "", ""),
    (
        "3",
        "2.1.2",
        "Tỷ lệ học sinh trung học phổ thông học các môn khoa học tự nhiên",
        "30,15",
        "26",
        "≥ 33",
        "Sở Giáo dục và Đào tạo",
        "Sở Văn hóa, Thể thao và Du lịch",
        "- Tăng cường tư vấn hướng nghiệp theo định hướng STEM.",
        "Quý II/2026",
    ),
    (
        "4",
        "2.2.3",
        "Chi cho khoa học và công nghệ so với GRDP",
        "12,76",
        "30",
        "≥ 15",
        "Thống kê tỉnh",
        "Sở Khoa học và Công nghệ, Sở Tài chính",
        "- Hướng dẫn doanh nghiệp kê khai chi cho nghiên cứu và phát triển.\n"
        "- Tổng hợp số liệu chi ngân sách cho khoa học và công nghệ.",
        "Trước 30/6/2026",
    ),
    ("III", "", "TRỤ CỘT 4. TRÌNH ĐỘ PHÁT TRIỂN CỦA THỊ TRƯỜNG", "33,80", "22", "≥ 35", "", "", "", ""),
    (
        "5",
        "4.1.1",
        "Dư nợ tín dụng cho doanh nghiệp khoa học và công nghệ",
        "18,20",
        "24",
        "≥ 22",
        "Ngân hàng Nhà nước Khu vực 14",
        "Ban Quản lý Khu kinh tế tỉnh, Hiệp hội Doanh nghiệp tỉnh",
        "- Triển khai các chương trình tín dụng ưu đãi cho doanh nghiệp đổi mới sáng tạo.",
        "Năm 2026",
    ),
]

CA_MAU_DUTIES = {
    "SKHCN": [
        "Chủ trì, theo dõi, đôn đốc các cơ quan, đơn vị triển khai Kế hoạch; tổng hợp báo cáo UBND tỉnh.",
        "Chuẩn bị số liệu, tài liệu minh chứng gửi Bộ Khoa học và Công nghệ theo yêu cầu.",
    ],
    "STC": ["Bố trí kinh phí thực hiện Kế hoạch trong dự toán ngân sách hằng năm."],
}


def post_merger_pii(target: Path) -> tuple[Path, Expected]:
    document = docx.Document()
    _header_table(document, ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU", "_______"], "Số: 58/KH-UBND",
                  "Cà Mau, ngày 12 tháng 3 năm 2026")  # fmt: skip
    document.add_paragraph("")
    document.add_paragraph("KẾ HOẠCH").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(CA_MAU_TITLE).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("__________________").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        "Kết quả Chỉ số đổi mới sáng tạo cấp địa phương (PII) năm 2025 do Bộ Khoa học và Công nghệ công bố, tỉnh Cà Mau "
        "đạt 31,52 điểm, xếp thứ 27/34 tỉnh, thành phố; có 3/7 trụ cột cao hơn trung bình cả nước. Để khắc phục hạn "
        "chế, phát huy kết quả đạt được, Ủy ban nhân dân tỉnh ban hành Kế hoạch nâng cao Chỉ số PII năm 2026 như sau:"
    )
    for text in (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Xác định rõ trách nhiệm của từng cơ quan, đơn vị đối với từng chỉ số thành phần.",
        "II. MỤC TIÊU",
        "1. Mục tiêu chung",
        "Phấn đấu năm 2026 Chỉ số PII của tỉnh xếp thứ 23/34 tỉnh, thành phố; có ít nhất 4/7 trụ cột cao hơn trung "
        "bình cả nước.",
        "III. NHIỆM VỤ CỦA CÁC CƠ QUAN, ĐƠN VỊ",
        "1. Sở Khoa học và Công nghệ:",
        *(f"- {t}" for t in CA_MAU_DUTIES["SKHCN"]),
        "2. Sở Tài chính:",
        *(f"- {t}" for t in CA_MAU_DUTIES["STC"]),
        "IV. TỔ CHỨC THỰC HIỆN",
        "Các cơ quan, đơn vị báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ trước ngày 15/12/2026.",
    ):
        document.add_paragraph(text)
    document.add_page_break()
    document.add_paragraph("Phụ lục").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("PHÂN CÔNG NHIỆM VỤ CẢI THIỆN CÁC CHỈ SỐ THÀNH PHẦN PII NĂM 2026")
    table = document.add_table(rows=2, cols=10)
    top = ["TT", "Mã số", "Chỉ số thành phần", "Kết quả PII năm 2025", "", "Mục tiêu 2026", "Đơn vị chủ trì",
           "Đơn vị phối hợp", "Nhiệm vụ, giải pháp chủ yếu", "Thời gian"]  # fmt: skip
    for i, text in enumerate(top):
        table.cell(0, i).text = text
    table.cell(1, 3).text = "Điểm"
    table.cell(1, 4).text = "Thứ hạng (/34)"
    table.cell(0, 3).merge(table.cell(0, 4))
    for i in (0, 1, 2, 5, 6, 7, 8, 9):  # each single header spans both header rows
        table.cell(0, i).merge(table.cell(1, i))
    for values in CA_MAU_ROWS:
        row = table.add_row()
        for i, value in enumerate(values):
            _cell_lines(row.cells[i], str(value).split("\n"))
        if values[0] in ("I", "II", "III"):  # a pillar row: bold, its name across the code and name columns
            row.cells[1].merge(row.cells[2])
            for paragraph in row.cells[1].paragraphs:
                for run in paragraph.runs:
                    run.bold = True
    document.save(target)
    expected = Expected(
        number="58/KH-UBND", day=(2026, 3, 12), province="Cà Mau", title=CA_MAU_TITLE, kind="PII", ranking_size=34,
        overall={"baseline_score": 31.52, "baseline_rank": 27, "goal_top_n": 23, "pillars_above_national": 4},
        pillars={"1": {"score": 45.10, "rank": 20, "goal": ("≥", 47.0)},
                 "2": {"score": 24.03, "rank": 29, "goal": ("≥", 28.0)},
                 "4": {"score": 33.80, "rank": 22, "goal": ("≥", 35.0)}},
        indicators={row[1]: {"name": row[2], "baseline": float(row[3].replace(",", ".")), "rank": int(row[4]),
                             "target": ("≥", float(row[5].split()[-1].replace(",", "."))), "tasks": row[8].count("- "),
                             "timing": row[9]}
                    for row in CA_MAU_ROWS if row[1]},
        agencies={"SKHCN": "Sở Khoa học và Công nghệ", "STC": "Sở Tài chính", "STP": "Sở Tư pháp",
                  "VPUBND": "Văn phòng UBND tỉnh", "SGDDT": "Sở Giáo dục và Đào tạo",
                  "SVHTTDL": "Sở Văn hóa, Thể thao và Du lịch", "CTK": "Thống kê tỉnh Cà Mau",
                  "NHNN": "Ngân hàng Nhà nước Khu vực 14"},
        duties={"SKHCN": 2, "STC": 1},
    )  # fmt: skip
    return target, expected
