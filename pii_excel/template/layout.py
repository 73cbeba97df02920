"""Layout of an agency template, shared by the writer and by intake so the two cannot drift apart."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from pii_excel.cells import text_of
from pii_excel.plan.model import COMPOSITE_INPUT, COMPOSITE_OUTPUT, COMPOSITE_OVERALL
from pii_excel.textnorm import clean_text
from pii_excel.vocab import REPORTABLE_TASK_STATUSES

TEMPLATE_FORMAT = "pii-excel-template"
# 2: agencies report raw figures (numerator, denominator, evidence), no scores
# 3: a component index that is also a pillar (PCI) has its published score on the pillars' sheet only
TEMPLATE_VERSION = "3"
# Versions still read: templates already sent to agencies come back after an upgrade. An older version's locked
# tables may differ from what this version would make for the same agency, which is then not a sign of editing.
READABLE_TEMPLATE_VERSIONS = ("2", TEMPLATE_VERSION)

SHEET_GUIDE = "Hướng dẫn"
SHEET_INFO = "Thông tin chung"
SHEET_INDICATORS = "Chỉ số"
SHEET_TASKS = "Nhiệm vụ"
SHEET_OFFICIAL_INDICATORS = "Công bố - Chỉ số"
SHEET_OFFICIAL_PILLARS = "Công bố - Trụ cột"
SHEET_DOCUMENTS = "Văn bản chính sách"
SHEET_META = "_pii_meta"

HEADER_ROW = 2  # 0-based: a title row, a subtitle row, then the column headers
FIRST_DATA_ROW = HEADER_ROW + 1

# what an agency may choose in the status column (the drop-down), in this order
TASK_STATUSES = {s.value: s.label for s in REPORTABLE_TASK_STATUSES}

# Rows of the official-results pillar sheet that hold the composite scores (codes of the plan model).
TOTAL_INPUT, TOTAL_OUTPUT, TOTAL_OVERALL = COMPOSITE_INPUT, COMPOSITE_OUTPUT, COMPOSITE_OVERALL


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    width: float
    input: bool = False  # unlocked, for the agency to fill
    kind: str = "text"  # text | number | int | status | date
    locked_in_fingerprint: bool = False
    optional: bool = False  # added after templates of this version went out: a file without it is still read


# The lead agency reports the raw figure behind each indicator, never a score: scores are the publisher's.
INDICATOR_COLUMNS = (
    Col("code", "Mã chỉ số", 8, locked_in_fingerprint=True),
    Col("name", "Tên chỉ số", 26),
    Col("figure", "Số liệu cần báo cáo", 34),
    Col("unit", "Đơn vị tính", 11, locked_in_fingerprint=True),
    Col("previous", "Số liệu năm trước", 10, locked_in_fingerprint=True),
    Col("required", "Mục tiêu về số liệu", 13, locked_in_fingerprint=True),
    # the unit each part is typed in, beside its cell (population in «vạn người», not persons): issue #34
    Col("numerator_unit", "Đơn vị tính tử số", 10, optional=True),
    Col("numerator", "Tử số", 12, input=True, kind="number"),
    Col("denominator_unit", "Đơn vị tính mẫu số", 10, optional=True),
    Col("denominator", "Mẫu số", 12, input=True, kind="number"),
    Col("value", "Số liệu kỳ báo cáo", 12, input=True, kind="number"),
    Col("source", "Tài liệu minh chứng (số, ngày văn bản) — bắt buộc", 24, input=True),
    Col("link", "Đường dẫn tài liệu (nếu có)", 16, input=True),
    Col("note", "Ghi chú", 16, input=True),
)
RATIO_KEYS = ("numerator", "denominator")  # input only on rows whose figure is a ratio
NOT_APPLICABLE = "not_applicable"  # a row's key listing input columns that do not apply to it (shown «—»)

TASK_COLUMNS = (
    Col("id", "Mã nhiệm vụ", 11, locked_in_fingerprint=True),
    Col("indicator", "Chỉ số", 8, locked_in_fingerprint=True),
    Col("text", "Nhiệm vụ, giải pháp", 52),
    Col("role", "Vai trò", 9, locked_in_fingerprint=True),
    Col("due", "Thời hạn", 10),
    Col("status", "Tình trạng", 14, input=True, kind="status"),
    Col("result", "Kết quả đạt được", 34, input=True),
    Col("difficulty", "Khó khăn, vướng mắc", 24, input=True),
)

OFFICIAL_INDICATOR_COLUMNS = (
    Col("code", "Mã chỉ số", 9, locked_in_fingerprint=True),
    Col("name", "Tên chỉ số", 44),
    Col("unit", "Đơn vị tính", 8),
    Col("baseline_value", "Giá trị năm cơ sở", 11, locked_in_fingerprint=True),
    Col("target", "Mục tiêu", 12, locked_in_fingerprint=True),
    Col(
        "official", "Điểm công bố (hoặc giá trị công bố, nếu mục tiêu tính trên số liệu)", 16, input=True, kind="number"
    ),
    # the raw figure of an indicator that is another index's score (PCI sub-index, DTI…), typed when that index is
    # published — months before the PII — so the PII score can be estimated from it
    Col("source_value", "Giá trị của chỉ số nguồn đã công bố (PCI, DTI…)", 14, input=True, kind="number"),
    Col("note", "Ghi chú", 30, input=True),
)

# An indicator the publisher scores from the province's documents (PII 1.1.1): the lead lists them, one per row.
DOCUMENT_COLUMNS = (
    Col("id", "STT", 9, locked_in_fingerprint=True),
    Col("indicator", "Chỉ số", 8, locked_in_fingerprint=True),
    Col("number", "Số, ký hiệu văn bản", 16, input=True),
    Col("date", "Ngày ban hành (dd/mm/yyyy)", 13, input=True, kind="date"),
    Col("title", "Trích yếu (tên văn bản)", 44, input=True),
    Col("issuer", "Cơ quan ban hành", 20, input=True),
    Col("evidence", "Tệp hoặc đường dẫn văn bản", 24, input=True),
    Col("note", "Ghi chú", 16, input=True),
)
DOCUMENT_ROWS = 25  # rows per indicator; a province issues a handful of such policies a year

OFFICIAL_PILLAR_COLUMNS = (
    Col("code", "Mã", 9, locked_in_fingerprint=True),
    Col("name", "Trụ cột / chỉ số", 40),
    Col("baseline_score", "Điểm năm cơ sở", 10, locked_in_fingerprint=True),
    Col("baseline_rank", "Thứ hạng năm cơ sở", 10),
    Col("goal", "Mục tiêu", 24, locked_in_fingerprint=True),
    Col("score", "Điểm công bố", 12, input=True, kind="number"),
    Col("rank", "Thứ hạng công bố", 12, input=True, kind="int"),
    Col("note", "Ghi chú", 26, input=True),
)

TABLE_SHEETS = {
    SHEET_INDICATORS: INDICATOR_COLUMNS,
    SHEET_TASKS: TASK_COLUMNS,
    SHEET_OFFICIAL_INDICATORS: OFFICIAL_INDICATOR_COLUMNS,
    SHEET_OFFICIAL_PILLARS: OFFICIAL_PILLAR_COLUMNS,
    SHEET_DOCUMENTS: DOCUMENT_COLUMNS,
}
OPTIONAL_SHEETS = (SHEET_OFFICIAL_INDICATORS, SHEET_OFFICIAL_PILLARS, SHEET_DOCUMENTS)  # only some agencies have them

# "Thông tin chung": (key, label, input?). Labels sit in column A, values in column B.
INFO_ROWS = (
    ("agency_name", "Đơn vị báo cáo", False),
    ("agency_code", "Mã đơn vị", False),
    ("plan", "Kế hoạch", False),
    ("period", "Kỳ báo cáo", False),
    ("deadline", "Hạn nộp", False),
    ("reporter", "Người báo cáo", True),
    ("position", "Chức vụ", True),
    ("phone", "Điện thoại", True),
    ("email", "Thư điện tử", True),
    ("report_date", "Ngày báo cáo (dd/mm/yyyy)", True),
    ("results", "Kết quả chủ yếu đạt được", True),
    ("difficulties", "Khó khăn, vướng mắc", True),
    ("proposals", "Đề xuất, kiến nghị", True),
)
LONG_INFO_KEYS = ("results", "difficulties", "proposals")

META_KEYS = (
    "format",
    "plan_id",
    "plan_fingerprint",
    "agency",
    "period",
    "template_version",
    "generated_at",
    "locked_fingerprint",
)


def canonical_cell(value: object) -> str:
    """Text form of a locked cell that survives a save in Excel, LibreOffice or WPS."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return format(float(value), ".6g")
    return clean_text(text_of(value))


def locked_fingerprint(rows_by_sheet: dict[str, list[list[object]]]) -> str:
    """Hash of the locked key cells (codes, baselines, targets, roles), sheet by sheet, row by row."""
    h = hashlib.sha256()
    for sheet in sorted(rows_by_sheet):
        h.update(sheet.encode("utf-8") + b"\x1e")
        for row in rows_by_sheet[sheet]:
            h.update("\x1f".join(canonical_cell(v) for v in row).encode("utf-8") + b"\x1e")
    return h.hexdigest()[:16]


def fingerprint_columns(columns: tuple[Col, ...]) -> list[str]:
    return [c.key for c in columns if c.locked_in_fingerprint]


def template_file_name(period_id: str, agency_code: str) -> str:
    return f"{period_id}_{agency_code}.xlsx"
