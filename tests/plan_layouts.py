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

# the pillar results table (Phụ lục I): pillars the appendix has no row for
CA_MAU_PILLARS = [
    ("V", "Trình độ phát triển của doanh nghiệp", "21,40", "31", "≥ 24"),
    ("VI", "Sản phẩm tri thức, sáng tạo và công nghệ", "18,75", "28", "≥ 21"),
]

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")

CA_MAU_DUTIES = {
    "SKHCN": [
        "Chủ trì, theo dõi, đôn đốc các cơ quan, đơn vị triển khai Kế hoạch; tổng hợp báo cáo UBND tỉnh.",
        "Chuẩn bị số liệu, tài liệu minh chứng gửi Bộ Khoa học và Công nghệ theo yêu cầu.",
    ],
    "STC": ["Bố trí kinh phí thực hiện Kế hoạch trong dự toán ngân sách hằng năm."],
}


def post_merger_pii(target: Path, rows: list[tuple] | None = None, body: list[str] = ()) -> tuple[Path, Expected]:
    """`rows`: the appendix's rows when not CA_MAU_ROWS (a variant of the same plan, or the benchmark's long one);
    `body`: more paragraphs of the plan's text before its appendices."""
    rows = CA_MAU_ROWS if rows is None else rows
    document = docx.Document()
    _header_table(
        document, ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU", "_______"], "Số: 58/KH-UBND", "Cà Mau, ngày 12 tháng 3 năm 2026"
    )
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
        "2. Mục tiêu cụ thể",
        "- Trụ cột 3. Cơ sở hạ tầng đạt trên 40 điểm, nằm trong top 10 cả nước.",
        "- Các trụ cột khác theo Phụ lục I và Phụ lục II kèm theo.",
        "III. NHIỆM VỤ CỦA CÁC CƠ QUAN, ĐƠN VỊ",
        "1. Sở Khoa học và Công nghệ:",
        *(f"- {t}" for t in CA_MAU_DUTIES["SKHCN"]),
        "2. Sở Tài chính:",
        *(f"- {t}" for t in CA_MAU_DUTIES["STC"]),
        "IV. TỔ CHỨC THỰC HIỆN",
        "Các cơ quan, đơn vị báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ trước ngày 15/12/2026.",
        *body,
    ):
        document.add_paragraph(text)
    document.add_page_break()
    document.add_paragraph("Phụ lục I").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("KẾT QUẢ CÁC TRỤ CỘT PII NĂM 2025 VÀ MỤC TIÊU NĂM 2026")
    pillars = document.add_table(rows=1, cols=5)
    for i, text in enumerate(["TT", "Trụ cột", "Điểm năm 2025", "Thứ hạng", "Mục tiêu năm 2026"]):
        pillars.cell(0, i).text = text
    for values in CA_MAU_PILLARS:
        for cell, value in zip(pillars.add_row().cells, values, strict=True):
            cell.text = value
    document.add_page_break()
    document.add_paragraph("Phụ lục II").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("PHÂN CÔNG NHIỆM VỤ CẢI THIỆN CÁC CHỈ SỐ THÀNH PHẦN PII NĂM 2026")
    table = document.add_table(rows=2, cols=10)
    top = [
        "TT",
        "Mã số",
        "Chỉ số thành phần",
        "Kết quả PII năm 2025",
        "",
        "Mục tiêu 2026",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Nhiệm vụ, giải pháp chủ yếu",
        "Thời gian",
    ]
    for i, text in enumerate(top):
        table.cell(0, i).text = text
    table.cell(1, 3).text = "Điểm"
    table.cell(1, 4).text = "Thứ hạng (/34)"
    table.cell(0, 3).merge(table.cell(0, 4))
    for i in (0, 1, 2, 5, 6, 7, 8, 9):  # each single header spans both header rows
        table.cell(0, i).merge(table.cell(1, i))
    for values in rows:
        row = table.add_row()
        for i, value in enumerate(values):
            _cell_lines(row.cells[i], str(value).split("\n"))
        if values[0] in ROMAN:  # a pillar row: bold, its name across the code and name columns
            row.cells[1].merge(row.cells[2])
            for paragraph in row.cells[1].paragraphs:
                for run in paragraph.runs:
                    run.bold = True
    document.save(target)
    expected = Expected(
        number="58/KH-UBND",
        day=(2026, 3, 12),
        province="Cà Mau",
        title=CA_MAU_TITLE,
        kind="PII",
        ranking_size=34,
        overall={"baseline_score": 31.52, "baseline_rank": 27, "goal_top_n": 23, "pillars_above_national": 4},
        pillars={
            "1": {"score": 45.10, "rank": 20, "goal": ("≥", 47.0)},
            "2": {"score": 24.03, "rank": 29, "goal": ("≥", 28.0)},
            "3": {"score": None, "rank": None, "goal": (">", 40.0), "top_n": 10},  # «Mục tiêu cụ thể»
            "4": {"score": 33.80, "rank": 22, "goal": ("≥", 35.0)},
            "5": {"score": 21.40, "rank": 31, "goal": ("≥", 24.0)},
            "6": {"score": 18.75, "rank": 28, "goal": ("≥", 21.0)},
        },
        indicators={
            row[1]: {
                "name": row[2],
                "baseline": float(row[3].replace(",", ".")),
                "rank": int(row[4]),
                "target": ("≥", float(row[5].split()[-1].replace(",", "."))),
                "tasks": row[8].count("- "),
                "timing": row[9],
            }
            for row in rows
            if row[1]
        },
        agencies={
            "SKHCN": "Sở Khoa học và Công nghệ",
            "STC": "Sở Tài chính",
            "STP": "Sở Tư pháp",
            "VPUBND": "Văn phòng UBND tỉnh",
            "SGDDT": "Sở Giáo dục và Đào tạo",
            "SVHTTDL": "Sở Văn hóa, Thể thao và Du lịch",
            "CTK": "Thống kê tỉnh Cà Mau",
            "NHNN": "Ngân hàng Nhà nước Khu vực 14",
        },
        duties={"SKHCN": 2, "STC": 1},
    )
    return target, expected


# --- a department's PCI plan: component indices without codes ------------------------------------------------------

PCI_TITLE = "Nâng cao năng lực cạnh tranh cấp tỉnh (PCI) năm 2021"

# (STT, component as the plan writes it, score 2020, target 2021, focal agency, cooperating units, tasks)
PCI_ROWS: list[tuple] = [
    (
        "1",
        "Chi phí gia nhập thị trường",
        "6,99",
        "≥ 7,61, tăng 0,62 điểm",
        "Sở Kế hoạch và Đầu tư",
        "Phòng Quản lý Công nghệ và Thị trường công nghệ, Văn phòng Sở",
        "- Rút ngắn thời gian thẩm định công nghệ dự án đầu tư.\n- Công khai thủ tục hành chính tại Trung tâm Phục vụ "
        "hành chính công.",
    ),
    (
        "2",
        "Tính minh bạch",
        "5,39",
        "≥ 6,00, tăng 0,61 điểm",
        "Sở Thông tin và Truyền thông",
        "Trung tâm Ứng dụng khoa học và công nghệ",
        "- Công khai đầy đủ thủ tục hành chính, quy hoạch, kế hoạch trên Cổng thông tin điện tử của Sở.",
    ),
    (
        "3",
        "Chi phí không chính thức",
        "6,47",
        "≥ 6,80",
        "Thanh tra tỉnh",
        "Thanh tra Sở",
        "- Kiểm tra, xử lý nghiêm cán bộ gây phiền hà, sách nhiễu doanh nghiệp.",
    ),
    (
        "4",
        "Dịch vụ hỗ trợ doanh nghiệp",
        "5,82",
        "≥ 6,50, tăng 0,68 điểm",
        "Sở Kế hoạch và Đầu tư",
        "Phòng Quản lý Công nghệ và Thị trường công nghệ",
        "- Tổ chức kết nối cung cầu công nghệ cho doanh nghiệp.\n- Hỗ trợ doanh nghiệp xác lập quyền sở hữu công nghiệp.",
    ),
]
# the component's number in VCCI's list (Chi phí gia nhập thị trường 1 … Thiết chế pháp lý 10)
PCI_CODES = {
    "Chi phí gia nhập thị trường": "1",
    "Tính minh bạch": "3",
    "Chi phí không chính thức": "5",
    "Dịch vụ hỗ trợ doanh nghiệp": "8",
}


def pci_plan(target: Path) -> tuple[Path, Expected]:
    document = docx.Document()
    _header_table(
        document,
        ["UBND TỈNH BẮC GIANG", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"],
        "Số: 35/KH-KHCN",
        "Bắc Giang, ngày 18 tháng 6 năm 2021",
    )
    document.add_paragraph("")
    document.add_paragraph("KẾ HOẠCH").alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = document.add_paragraph(PCI_TITLE)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _border_below(title)  # the rule under the title drawn as a border
    for text in (
        "Thực hiện Kế hoạch số 120/KH-UBND ngày 02/6/2021 của UBND tỉnh về nâng cao năng lực cạnh tranh cấp tỉnh "
        "(PCI) năm 2021, Sở Khoa học và Công nghệ xây dựng kế hoạch thực hiện như sau:",
        "I. MỤC ĐÍCH - YÊU CẦU",
        "Phấn đấu góp phần đưa thứ hạng PCI của tỉnh Bắc Giang năm 2021 đứng thứ 25/63 tỉnh, thành phố.",
        "II. PHÂN CÔNG THỰC HIỆN",
        "Chi tiết tại Biểu phân công kèm theo Kế hoạch này.",
    ):
        document.add_paragraph(text)
    document.add_paragraph("BIỂU PHÂN CÔNG NHIỆM VỤ CẢI THIỆN CÁC CHỈ SỐ THÀNH PHẦN PCI NĂM 2021")
    table = document.add_table(rows=1, cols=7)
    for i, text in enumerate(
        [
            "STT",
            "Chỉ số thành phần",
            "Điểm năm 2020",
            "Mục tiêu năm 2021",
            "Đơn vị đầu mối",
            "Phòng, đơn vị phối hợp",
            "Nhiệm vụ, giải pháp",
        ]
    ):
        table.cell(0, i).text = text
    for values in PCI_ROWS:
        row = table.add_row()
        for i, value in enumerate(values):
            _cell_lines(row.cells[i], str(value).split("\n"))
    document.save(target)

    def target_of(text: str) -> tuple:
        parts = text.replace(",", ".").split()
        increase = float(parts[3]) if "tăng" in text else None
        return "≥", float(parts[1].rstrip(".")), increase

    expected = Expected(
        number="35/KH-KHCN",
        day=(2021, 6, 18),
        province="Bắc Giang",
        title=PCI_TITLE,
        kind="PCI",
        ranking_size=63,
        overall={"goal_top_n": 25},
        indicators={
            PCI_CODES[row[1]]: {
                "name": row[1],
                "baseline": float(row[2].replace(",", ".")),
                "target": target_of(row[3]),
                "tasks": row[6].count("- "),
            }
            for row in PCI_ROWS
        },
        agencies={"SKHDT": "Sở Kế hoạch và Đầu tư", "STTTT": "Sở Thông tin và Truyền thông"},
    )
    return target, expected
