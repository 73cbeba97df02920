"""The one table of a plan's fields: for each, its workbook column (header, kind, width, help), where it lives in
the plan model (`attr`) and in the JSON form (`json`). The workbook writer and reader and the JSON form are all
driven from here (`plan/mapping.py`), so a field is added in one place; defaults live in the model."""

from __future__ import annotations

from dataclasses import dataclass

from pii_excel.plan.vocab import (
    AGENCY_KINDS,
    COMPARATORS,
    DIRECTIONS,
    FIGURES_FROM,
    FREQUENCIES,
    SIDES,
    TARGETS_ON,
    YES_NO,
)

SHEET_GUIDE = "Hướng dẫn"
SHEET_INFO = "Thông tin chung"
SHEET_PILLARS = "Trụ cột"
SHEET_GROUPS = "Nhóm chỉ số"
SHEET_INDICATORS = "Chỉ số"
SHEET_PROFILE = "Điểm công bố gần nhất"
SHEET_AGENCIES = "Đơn vị"
SHEET_TASKS = "Nhiệm vụ"
SHEET_PERIODS = "Lịch báo cáo"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text | number | int | date | codes | comparator | choice:<name> | bool | lines
    width: int = 14
    required: bool = False
    help: str = ""
    attr: str = ""  # dotted path in the plan model ("target.value"); the key when empty
    json: str | None = ""  # dotted path in the JSON form ("baseline.score"); the model path when empty; None: absent
    op: str = ""  # key of the comparator column that goes with this number ("≥1" typed here is checked against it)

    @property
    def path(self) -> str:
        return self.attr or self.key

    @property
    def json_path(self) -> str | None:
        return None if self.json is None else (self.json or self.path)

    @property
    def choices(self) -> tuple[str, ...]:
        if self.kind == "comparator":
            return COMPARATORS
        if self.kind == "bool":
            return tuple(YES_NO.values())
        if self.kind.startswith("choice:"):
            return tuple(CHOICE_LABELS[self.kind.split(":", 1)[1]].values())
        return ()


CHOICE_LABELS = {
    "side": SIDES,
    "direction": DIRECTIONS,
    "frequency": FREQUENCIES,
    "kind": AGENCY_KINDS,
    "target_on": TARGETS_ON,
    "figure_from": FIGURES_FROM,
}

PILLAR_COLUMNS = (
    Column("code", "Mã trụ cột", required=True, width=10),
    Column("name", "Tên trụ cột", required=True, width=40),
    Column("side", "Nhóm", "choice:side", width=12, help="Đầu vào / Đầu ra (để trống nếu chỉ số không chia nhóm)"),
    Column("components", "Các thành phần", "lines", width=40, help="Mỗi thành phần một dòng"),
    Column("baseline_score", "Điểm năm cơ sở", "number", json="baseline.score"),
    Column("baseline_rank", "Thứ hạng năm cơ sở", "int", json="baseline.rank"),
    Column("goal_op", "Mục tiêu: dấu so sánh", "comparator", width=12, attr="goal.op"),
    Column("goal_score", "Mục tiêu: điểm", "number", attr="goal.score", op="goal_op"),
    Column("goal_top_n", "Mục tiêu: trong nhóm N dẫn đầu", "int", width=16, attr="goal.top_n"),
    Column("goal_region_top_n", "Mục tiêu: trong nhóm N dẫn đầu vùng", "int", width=16, attr="goal.region_top_n"),
    Column("goal_above_national", "Mục tiêu: cao hơn trung bình cả nước", "bool", width=14, attr="goal.above_national"),
    Column("goal_note", "Mục tiêu: ghi chú", width=30, attr="goal.note"),
    Column("weight", "Trọng số (%)", "number", width=12, help="Chỉ điền khi chỉ số tính bình quân có trọng số (PCI)"),
)

GROUP_COLUMNS = (
    Column("code", "Mã nhóm", required=True, width=10, help="Ví dụ 2.2"),
    Column("name", "Tên nhóm chỉ số", required=True, width=50),
    Column("pillar", "Mã trụ cột", required=True, width=10),
)

INDICATOR_COLUMNS = (
    Column("code", "Mã chỉ số", required=True, width=10),
    Column("name", "Tên chỉ số", required=True, width=50),
    Column("unit", "Đơn vị tính", required=True, width=10, help="Đơn vị của giá trị cơ sở và mục tiêu: điểm, %, ..."),
    Column("pillar", "Mã trụ cột", width=10),
    Column("group", "Mã nhóm", width=10, help="Nhóm chỉ số (trang «Nhóm chỉ số»), để ước tính điểm nhóm, trụ cột"),
    Column("direction", "Chiều", "choice:direction", width=18),
    Column(
        "target_on",
        "Mục tiêu tính trên",
        "choice:target_on",
        width=14,
        help="Điểm số (do cơ quan công bố tính) hoặc Số liệu gốc (mục tiêu đặt trực tiếp trên số liệu)",
    ),
    Column("baseline_year", "Năm cơ sở", "int", width=10, json="baseline.year"),
    Column("baseline_value", "Giá trị năm cơ sở", "number", json="baseline.value"),
    Column("target_op", "Mục tiêu: dấu so sánh", "comparator", width=12, attr="target.op"),
    Column("target_value", "Mục tiêu: giá trị", "number", attr="target.value", op="target_op"),
    Column("target_increase", "Mục tiêu: mức tăng so với năm cơ sở", "number", width=16, attr="target.increase"),
    Column("lead", "Đơn vị chủ trì (mã)", "codes", required=True, width=18),
    Column("cooperating", "Đơn vị phối hợp (mã)", "codes", width=22),
    Column("frequency", "Tần suất", "choice:frequency", width=14),
    Column(
        "figure_from",
        "Số liệu do",
        "choice:figure_from",
        width=18,
        help="Đơn vị chủ trì báo cáo số liệu gốc, hoặc chỉ theo kết quả công bố (điều tra doanh nghiệp của PCI)",
    ),
    Column("figure_name", "Số liệu: tên", width=40, attr="figure.name", help="Số liệu gốc đơn vị chủ trì cung cấp"),
    Column("figure_unit", "Số liệu: đơn vị tính", width=16, attr="figure.unit", help="đơn/10.000 dân, %, tỷ đồng, ..."),
    Column("figure_numerator", "Tử số: tên", width=30, attr="figure.numerator", help="Khi số liệu là một tỷ số"),
    Column("figure_numerator_unit", "Tử số: đơn vị tính", width=14, attr="figure.numerator_unit"),
    Column("figure_denominator", "Mẫu số: tên", width=30, attr="figure.denominator"),
    Column("figure_denominator_unit", "Mẫu số: đơn vị tính", width=14, attr="figure.denominator_unit"),
    Column(
        "figure_factor",
        "Hệ số (số liệu = tử số / mẫu số × hệ số)",
        "number",
        width=14,
        attr="figure.factor",
        help="100 khi số liệu tính bằng %; để trống là 1",
    ),
    Column("figure_source", "Số liệu: nguồn thường dùng", width=30, attr="figure.source"),
    Column("figure_previous_year", "Số liệu năm trước: năm", "int", width=10, attr="figure.previous_year"),
    Column("figure_previous_value", "Số liệu năm trước: giá trị", "number", width=12, attr="figure.previous_value"),
    Column(
        "figure_bounds_min",
        "Giới hạn chuẩn hoá: thấp nhất",
        "number",
        width=14,
        attr="figure.bounds_min",
        help="Số liệu thấp nhất trong các tỉnh ở kết quả công bố gần nhất; dùng để ước tính điểm",
    ),
    Column("figure_bounds_max", "Giới hạn chuẩn hoá: cao nhất", "number", width=14, attr="figure.bounds_max"),
    Column("figure_bounds_year", "Giới hạn chuẩn hoá: năm công bố", "int", width=12, attr="figure.bounds_year"),
    Column("note", "Ghi chú", width=30),
)

PROFILE_COLUMNS = (
    Column("code", "Mã chỉ số", required=True, width=10),
    Column("name", "Tên chỉ số", required=True, width=50),
    Column("group", "Mã nhóm", width=10),
    Column("score", "Điểm công bố", "number", width=12),
    Column("year", "Năm công bố", "int", width=10),
)

AGENCY_COLUMNS = (
    Column("code", "Mã đơn vị", required=True, width=14, help="Chữ không dấu, số, - hoặc _; không đổi giữa các năm"),
    Column("name", "Tên đầy đủ", required=True, width=50),
    Column("short_name", "Tên viết tắt", width=24),
    Column("kind", "Loại", "choice:kind", width=22),
    Column("email", "Thư điện tử", width=26),
    Column("members", "Thành viên (mã, cho nhóm)", "codes", width=26),
    Column("all_members", "Nhóm gồm tất cả đơn vị", "bool", width=14),
    Column("reports", "Nộp báo cáo", "bool", width=12, help="«Có» nếu đơn vị nộp mẫu báo cáo; nhóm không tự nộp"),
    Column(
        "by_coordinator",
        "Đơn vị tổng hợp báo cáo thay",
        "bool",
        width=16,
        help="Cho nhóm không nộp báo cáo (ví dụ «UBND các xã, phường»): «Có» để đơn vị tổng hợp báo cáo thay các chỉ "
        "số, nhiệm vụ nhóm chủ trì",
    ),
)

TASK_COLUMNS = (
    Column("id", "Mã nhiệm vụ", required=True, width=14),
    Column("indicator", "Mã chỉ số", width=10, help="Để trống nếu là nhiệm vụ chung", json=None),  # JSON nests tasks
    Column("text", "Nội dung nhiệm vụ, giải pháp", required=True, width=80),
    Column("lead", "Đơn vị chủ trì (mã)", "codes", width=18, help="Để trống: theo đơn vị chủ trì của chỉ số"),
    Column("cooperating", "Đơn vị phối hợp (mã)", "codes", width=18, help="Để trống: theo chỉ số"),
    Column("due", "Thời hạn", width=14),
)

PERIOD_COLUMNS = (
    Column(
        "id",
        "Mã kỳ",
        required=True,
        width=12,
        help="2026 (năm), 2026-Q1 (quý), 2026-6T (6 tháng), 2026-9T (9 tháng), 2026-M03 (tháng), 2026-DL (Bộ thu "
        "thập số liệu năm trước)",
    ),
    Column("deadline", "Hạn nộp báo cáo", "date", required=True, width=16),
    Column(
        "start",
        "Số liệu từ ngày",
        "date",
        width=16,
        help="Để trống: theo Nghị định 09/2019/NĐ-CP (từ ngày 15 của tháng trước kỳ)",
    ),
    Column(
        "end",
        "Số liệu đến ngày",
        "date",
        width=16,
        help="Để trống: theo Nghị định 09/2019/NĐ-CP (ngày 14 của tháng cuối kỳ)",
    ),
    Column(
        "ranking_size",
        "Số tỉnh được xếp hạng",
        "int",
        width=14,
        help="Để trống: theo số ở «Thông tin chung» (63 tỉnh đến năm 2024; 34 tỉnh từ tháng 7/2025)",
    ),
)

TABLES = {
    SHEET_PILLARS: PILLAR_COLUMNS,
    SHEET_GROUPS: GROUP_COLUMNS,
    SHEET_INDICATORS: INDICATOR_COLUMNS,
    SHEET_PROFILE: PROFILE_COLUMNS,
    SHEET_AGENCIES: AGENCY_COLUMNS,
    SHEET_TASKS: TASK_COLUMNS,
    SHEET_PERIODS: PERIOD_COLUMNS,
}
# Sheets a plan workbook made before they existed may lack: read as empty, without a finding.
OPTIONAL_SHEETS = (SHEET_GROUPS, SHEET_PROFILE)

# "Thông tin chung": one row per field; column A holds the stable key, B the label, C the value.
INFO_FIELDS = (
    Column("id", "Mã kế hoạch", required=True, help="Chữ không dấu, số và dấu gạch ngang, ví dụ pii-2025-bac-ninh"),
    Column("title", "Tên kế hoạch", required=True),
    Column("index_kind", "Loại chỉ số (PII, PCI, ...)", required=True),
    Column("province", "Tỉnh, thành phố", required=True),
    Column("region", "Vùng kinh tế - xã hội", help="Vùng mà Bộ dùng để xếp hạng tỉnh, ví dụ Đồng bằng sông Cửu Long"),
    Column("issuer", "Cơ quan ban hành kế hoạch", required=True),
    Column("parent_body", "Cơ quan chủ quản"),
    Column("doc_number", "Số kế hoạch"),
    Column("doc_date", "Ngày ban hành", "date"),
    Column("ranking_size", "Số địa phương được xếp hạng", "int", required=True, help="63 trước 7/2025, 34 từ 7/2025"),
    Column("baseline_year", "Năm cơ sở", "int"),
    Column("target_year", "Năm mục tiêu", "int"),
    Column("coordinator", "Đơn vị tổng hợp (mã)", required=True),
    Column(
        "predecessor",
        "Kế hoạch trước (mã)",
        help="Kế hoạch năm trước mà kế hoạch này nối tiếp: lịch sử và kết quả công bố của nó được dùng để so sánh",
    ),
    Column("overall_baseline_score", "Chỉ số chung: điểm năm cơ sở", "number", json="overall.baseline.score"),
    Column("overall_baseline_rank", "Chỉ số chung: thứ hạng năm cơ sở", "int", json="overall.baseline.rank"),
    Column(
        "overall_goal_op",
        "Chỉ số chung: mục tiêu, dấu so sánh",
        "comparator",
        attr="overall_goal.op",
        json="overall.goal.op",
    ),
    Column(
        "overall_goal_score",
        "Chỉ số chung: mục tiêu, điểm",
        "number",
        attr="overall_goal.score",
        json="overall.goal.score",
        op="overall_goal_op",
    ),
    Column(
        "overall_goal_top_n",
        "Chỉ số chung: mục tiêu, trong nhóm N dẫn đầu",
        "int",
        attr="overall_goal.top_n",
        json="overall.goal.top_n",
    ),
    Column(
        "overall_goal_region_top_n",
        "Chỉ số chung: mục tiêu, trong nhóm N dẫn đầu vùng",
        "int",
        attr="overall_goal.region_top_n",
        json="overall.goal.region_top_n",
    ),
    Column(
        "overall_goal_above_national",
        "Chỉ số chung: mục tiêu, cao hơn trung bình cả nước",
        "bool",
        attr="overall_goal.above_national",
        json="overall.goal.above_national",
    ),
    Column(
        "overall_goal_pillars_above",
        "Chỉ số chung: mục tiêu, số trụ cột cao hơn trung bình cả nước",
        "int",
        attr="overall_goal.pillars_above_national",
        json="overall.goal.pillars_above_national",
    ),
    Column(
        "overall_goal_indicators_above",
        "Chỉ số chung: mục tiêu, % chỉ số thành phần cao hơn trung bình cả nước",
        "number",
        attr="overall_goal.indicators_above_national_pct",
        json="overall.goal.indicators_above_national_pct",
    ),
    Column("overall_goal_note", "Chỉ số chung: mục tiêu, ghi chú", attr="overall_goal.note", json="overall.goal.note"),
    Column(
        "input_baseline_score",
        "Chỉ số đầu vào: điểm năm cơ sở",
        "number",
        help="Chỉ số có nhóm đầu vào/đầu ra (PII)",
        json="sides.input.baseline.score",
    ),
    Column("input_baseline_rank", "Chỉ số đầu vào: thứ hạng năm cơ sở", "int", json="sides.input.baseline.rank"),
    Column("output_baseline_score", "Chỉ số đầu ra: điểm năm cơ sở", "number", json="sides.output.baseline.score"),
    Column("output_baseline_rank", "Chỉ số đầu ra: thứ hạng năm cơ sở", "int", json="sides.output.baseline.rank"),
    Column(
        "overall_scale",
        "Chỉ số chung: hệ số quy đổi từ điểm trụ cột",
        "number",
        help="Điểm chung = bình quân (có trọng số) điểm các trụ cột × hệ số; PII: 1, PCI: 10",
        json="overall.scale",
    ),
    Column(
        "exceed_margin_pct",
        "«Vượt mục tiêu» khi tốt hơn mục tiêu từ (%)",
        "number",
        help="Để trống: 5 (quy ước của công cụ; kế hoạch và Nghị định 09/2019 không quy định mức «vượt»)",
        json="verdicts.exceed_margin_pct",
    ),
    Column(
        "accountability",
        "Trách nhiệm của đơn vị chủ trì không đạt mục tiêu",
        help="Câu của Kế hoạch, ví dụ «Người đứng đầu đơn vị không đạt mục tiêu được giao chủ trì không được xếp loại "
        "hoàn thành xuất sắc nhiệm vụ năm 2020»; áp dụng với các đơn vị báo cáo theo kế hoạch này; để trống nếu "
        "Kế hoạch không quy định",
        json="verdicts.accountability",
    ),
    Column("report_doc_symbol", "Báo cáo: ký hiệu văn bản", help="Ví dụ BC-KHCN", attr="report.doc_symbol"),
    Column("report_parent_body", "Báo cáo: cơ quan chủ quản (chữ in hoa)", attr="report.parent_body"),
    Column("report_issuing_body", "Báo cáo: cơ quan ban hành (chữ in hoa)", attr="report.issuing_body"),
    Column("report_place", "Báo cáo: địa danh", attr="report.place"),
    Column("report_recipients", "Báo cáo: Kính gửi (mỗi nơi một dòng)", "lines", attr="report.recipients"),
    Column("report_copy_to", "Báo cáo: Nơi nhận (mỗi nơi một dòng)", "lines", attr="report.copy_to"),
    Column(
        "report_signer_authority", "Báo cáo: thẩm quyền ký", help="Ví dụ KT. GIÁM ĐỐC", attr="report.signer_authority"
    ),
    Column("report_signer_title", "Báo cáo: chức vụ người ký", help="Ví dụ PHÓ GIÁM ĐỐC", attr="report.signer_title"),
    Column("report_signer_name", "Báo cáo: họ tên người ký", attr="report.signer_name"),
    Column("notes", "Ghi chú (mỗi ý một dòng)", "lines"),
)

GUIDE_LINES = (
    "TỆP KẾ HOẠCH CỦA PII-EXCEL",
    "",
    "Tệp này mô tả một kế hoạch nâng cao chỉ số (PII, PCI hoặc chỉ số khác). Sửa tệp trong Excel, "
    "LibreOffice hoặc WPS; không cần sửa chương trình khi có kế hoạch mới.",
    "",
    "1. «Thông tin chung»: chỉ sửa cột «Giá trị» (cột C). Không sửa cột «Mã trường» (cột A).",
    "2. «Trụ cột»: mỗi dòng một trụ cột (hoặc chỉ số thành phần của PCI), với điểm, thứ hạng năm cơ sở và mục tiêu.",
    "3. «Chỉ số»: mỗi dòng một chỉ số, với giá trị cơ sở, mục tiêu (dấu so sánh và giá trị, hoặc mức tăng so với "
    "năm cơ sở, hoặc cả hai), đơn vị chủ trì và phối hợp (ghi mã đơn vị, cách nhau bởi dấu chấm phẩy).",
    "   Mỗi chỉ số ghi rõ mục tiêu tính trên điểm số (do cơ quan công bố tính, như phụ lục PII) hay trên số liệu "
    "gốc; số liệu do đơn vị chủ trì báo cáo (tên, đơn vị tính; tử số, mẫu số nếu là tỷ số; số liệu năm trước) hay "
    "chỉ theo kết quả công bố; và, nếu có, giới hạn chuẩn hoá (số liệu thấp nhất, cao nhất trong các tỉnh ở kết "
    "quả công bố gần nhất) để ước tính điểm.",
    "   «Nhóm chỉ số» (x.y) và «Điểm công bố gần nhất» (điểm các chỉ số kế hoạch không đặt mục tiêu) là tuỳ chọn; "
    "khi có đủ, điểm nhóm và trụ cột được ước tính.",
    "4. «Đơn vị»: mỗi dòng một đơn vị. Mã đơn vị dùng trong các trang khác và trong tên tệp mẫu báo cáo, "
    "nên chỉ dùng chữ không dấu, số, - và _. Một «Nhóm đơn vị» (ví dụ «Các sở, ngành và đơn vị liên quan») "
    "liệt kê mã các thành viên, hoặc ghi «Có» ở cột «Nhóm gồm tất cả đơn vị».",
    "   Nhóm không nộp báo cáo (ví dụ «UBND các xã, phường» khi không có danh sách xã): ghi «Có» ở cột «Đơn vị "
    "tổng hợp báo cáo thay»; các chỉ số, nhiệm vụ nhóm chủ trì do đơn vị tổng hợp báo cáo và mẫu báo cáo của "
    "đơn vị tổng hợp ghi rõ «báo cáo thay».",
    "5. «Nhiệm vụ»: mỗi dòng một nhiệm vụ, giải pháp, theo thứ tự. Để trống đơn vị chủ trì/phối hợp thì nhiệm vụ "
    "thuộc về các đơn vị của chỉ số; để trống mã chỉ số nếu là nhiệm vụ chung của đơn vị.",
    "6. «Lịch báo cáo»: mỗi dòng một kỳ báo cáo (2026 là năm, 2026-Q1 là quý I, 2026-6T là 6 tháng đầu năm, "
    "2026-9T là 9 tháng, 2026-DL là đợt Bộ thu thập số liệu của năm 2025 cho chỉ số năm 2026) và hạn nộp (theo "
    "công văn của Bộ với kỳ DL).",
    "",
    "TẦN SUẤT CỦA CHỈ SỐ VÀ CÁC KỲ BÁO CÁO",
    "• «Hằng năm»: chỉ báo cáo ở kỳ năm. Ở kỳ quý, 6 tháng, 9 tháng chỉ số không có trong mẫu báo cáo, kết quả "
    "ghi «Không thuộc kỳ này» và không ai bị tính là thiếu số liệu. Phần lớn chỉ số PII là hằng năm (số liệu "
    "thống kê năm).",
    "• «6 tháng»: báo cáo ở kỳ 6 tháng và kỳ năm.  • «Hằng quý»: mọi kỳ trừ kỳ tháng.  • «Thường xuyên»: mọi kỳ.",
    "• Nhiệm vụ, giải pháp gắn với một chỉ số được báo cáo ở cùng các kỳ với chỉ số đó; nhiệm vụ chung báo cáo "
    "ở mọi kỳ.",
    "",
    "VÍ DỤ MỘT DÒNG «CHỈ SỐ»",
    "Mã 2.2.3 | Tên «Số lượng doanh nghiệp KH&CN» | Đơn vị tính «điểm» | Mã trụ cột 2 | Chiều «Cao hơn là tốt "
    "hơn» | Mục tiêu tính trên «Điểm số» | Năm cơ sở 2024 | Giá trị năm cơ sở 12,5 | Mục tiêu: dấu so sánh «≥» | "
    "Mục tiêu: giá trị 20 | Đơn vị chủ trì «SKHCN» | Đơn vị phối hợp «SCT; STC» | Tần suất «Hằng năm».",
    "Ô số chỉ ghi số (dấu phẩy thập phân: 12,5); dấu so sánh ghi ở cột riêng. Không dùng dấu chấm phân cách hàng "
    "nghìn (20.000 có thể bị hiểu là 20 hoặc 20 nghìn): ghi 20000.",
    "",
    "MÃ KẾ HOẠCH",
    "Mỗi kế hoạch có mã riêng (ví dụ pii-2026-bac-ninh): kết quả, lịch sử và thư mục output đi theo mã. Không "
    "dùng lại mã của kế hoạch có sẵn (pii-excel plan list) hay của kế hoạch khác.",
    "",
    "Các ô có danh sách thả xuống (dấu so sánh, chiều, tần suất, loại đơn vị) chỉ nhận giá trị trong danh sách.",
    "Kiểm tra tệp trước khi dùng:  pii-excel plan check <tệp>.xlsx",
)
