"""Every problem the tool reports is a Finding built from one catalogue keyed by a stable code."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}[self.value]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str  # short Vietnamese title, shown in tables
    template: str  # Vietnamese message, str.format placeholders
    fix: str = ""  # how to fix it, for feedback to the person who filled the file


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CATALOGUE: dict[str, Rule] = {
    r.code: r
    for r in [
        # --- plan files -------------------------------------------------------------
        Rule(
            "PLAN_UNREADABLE",
            E,
            "Không đọc được tệp kế hoạch",
            "Không đọc được tệp kế hoạch: {detail}",
            "Mở tệp bằng Excel và lưu lại dưới dạng .xlsx.",
        ),
        Rule(
            "PLAN_SHEET_MISSING",
            E,
            "Thiếu trang tính",
            "Thiếu trang tính «{sheet}».",
            "Thêm lại trang tính bằng cách xuất mẫu mới: pii-excel plan export.",
        ),
        Rule(
            "PLAN_COLUMN_MISSING",
            E,
            "Thiếu cột",
            "Trang «{sheet}» thiếu cột «{column}».",
            "Khôi phục tiêu đề cột đúng như mẫu.",
        ),
        Rule(
            "PLAN_FIELD_MISSING", E, "Thiếu thông tin bắt buộc", "Thiếu «{field}».", "Điền giá trị vào ô được chỉ ra."
        ),
        Rule(
            "PLAN_NOT_A_NUMBER",
            E,
            "Không phải là số",
            "«{field}» phải là số, nhưng ô chứa «{value}».",
            "Nhập một số, dùng dấu phẩy hoặc dấu chấm thập phân.",
        ),
        Rule(
            "PLAN_NOT_A_DATE",
            E,
            "Không phải là ngày",
            "«{field}» phải là ngày (dd/mm/yyyy), nhưng ô chứa «{value}».",
            "Nhập ngày theo dạng dd/mm/yyyy.",
        ),
        Rule(
            "PLAN_BAD_CHOICE",
            E,
            "Giá trị không có trong danh sách",
            "«{field}» không nhận giá trị «{value}»; chọn một trong: {choices}.",
            "Chọn giá trị từ danh sách thả xuống.",
        ),
        Rule(
            "PLAN_BAD_COMPARATOR",
            E,
            "Dấu so sánh không hợp lệ",
            "Dấu so sánh «{value}» không hợp lệ; chỉ dùng ≥, >, ≤, < hoặc =.",
            "Chọn dấu so sánh từ danh sách thả xuống.",
        ),
        Rule(
            "PLAN_DUPLICATE_CODE",
            E,
            "Mã bị trùng",
            "Mã {what} «{value}» xuất hiện nhiều lần.",
            "Mỗi mã chỉ được dùng một lần.",
        ),
        Rule(
            "PLAN_BAD_CODE",
            E,
            "Mã không hợp lệ",
            "Mã {what} «{value}» không hợp lệ: {detail}.",
            "Dùng mã ngắn, chỉ gồm chữ không dấu, số, dấu gạch ngang hoặc gạch dưới.",
        ),
        Rule(
            "PLAN_UNKNOWN_AGENCY",
            E,
            "Mã đơn vị không có trong danh sách",
            "Mã đơn vị «{value}» (ở {where}) không có trong trang «Đơn vị».",
            "Thêm đơn vị vào trang «Đơn vị» hoặc sửa lại mã.",
        ),
        Rule(
            "PLAN_UNKNOWN_PILLAR",
            E,
            "Mã trụ cột không có trong danh sách",
            "Chỉ số «{indicator}» thuộc trụ cột «{value}», nhưng trụ cột này không có trong trang «Trụ cột».",
            "Sửa mã trụ cột hoặc thêm trụ cột.",
        ),
        Rule(
            "PLAN_UNKNOWN_INDICATOR",
            E,
            "Mã chỉ số không có trong danh sách",
            "Nhiệm vụ «{task}» gắn với chỉ số «{value}», nhưng chỉ số này không có trong trang «Chỉ số».",
            "Sửa mã chỉ số hoặc để trống nếu là nhiệm vụ chung.",
        ),
        Rule(
            "PLAN_NO_LEAD",
            E,
            "Chưa có đơn vị chủ trì",
            "Chỉ số «{indicator}» chưa có đơn vị chủ trì.",
            "Điền mã đơn vị chủ trì.",
        ),
        Rule(
            "PLAN_NO_TARGET",
            E,
            "Chưa có mục tiêu",
            "Chỉ số «{indicator}» chưa có mục tiêu (giá trị mục tiêu hoặc mức tăng).",
            "Điền mục tiêu và dấu so sánh, hoặc mức tăng so với năm cơ sở.",
        ),
        Rule(
            "PLAN_TARGET_NO_COMPARATOR",
            E,
            "Mục tiêu thiếu dấu so sánh",
            "Chỉ số «{indicator}» có giá trị mục tiêu nhưng thiếu dấu so sánh.",
            "Chọn dấu so sánh (≥, >, ≤, <, =).",
        ),
        Rule(
            "PLAN_TARGET_DIRECTION",
            E,
            "Mục tiêu ngược chiều",
            "Chỉ số «{indicator}» có chiều «{direction}» nhưng mục tiêu dùng dấu «{value}»: mục tiêu như vậy không có ý nghĩa.",
            "Sửa dấu so sánh hoặc chiều của chỉ số.",
        ),
        Rule(
            "PLAN_INCREASE_NOT_POSITIVE",
            E,
            "Mức tăng không hợp lệ",
            "Chỉ số «{indicator}»: mức cải thiện so với năm cơ sở phải lớn hơn 0 (đang là {value}).",
            "Nhập mức cải thiện là số dương; với chỉ số «thấp hơn là tốt» đây là mức giảm.",
        ),
        Rule(
            "PLAN_INCREASE_NO_BASELINE",
            E,
            "Thiếu giá trị cơ sở",
            "Chỉ số «{indicator}» đặt mục tiêu tăng so với năm cơ sở nhưng chưa có giá trị cơ sở.",
            "Điền giá trị năm cơ sở.",
        ),
        Rule(
            "PLAN_TARGET_INCONSISTENT",
            W,
            "Mục tiêu và mức tăng không khớp",
            "Chỉ số «{indicator}»: cơ sở {baseline} + mức tăng {increase} = {expected}, khác giá trị mục tiêu {value}.",
            "Kiểm tra lại giá trị cơ sở, mục tiêu và mức tăng.",
        ),
        Rule(
            "PLAN_PERCENT_RANGE",
            E,
            "Tỷ lệ ngoài khoảng 0–100",
            "Chỉ số «{indicator}» tính bằng %, nhưng {field} là {value} (ngoài khoảng 0–100).",
            "Nhập tỷ lệ phần trăm từ 0 đến 100.",
        ),
        Rule(
            "PLAN_RANK_RANGE",
            E,
            "Thứ hạng ngoài khoảng",
            "{what}: thứ hạng {value} nằm ngoài khoảng 1–{size}.",
            "Kiểm tra thứ hạng và số địa phương được xếp hạng.",
        ),
        Rule(
            "PLAN_WEIGHTS_SUM",
            W,
            "Tổng trọng số khác 100",
            "Tổng trọng số các trụ cột là {value}, không phải 100.",
            "Kiểm tra lại trọng số.",
        ),
        Rule(
            "PLAN_GROUP_EMPTY",
            INFO,
            "Nhóm chưa có thành viên",
            "Nhóm «{value}» chưa có đơn vị thành viên nên không ai nhận nhiệm vụ giao cho nhóm này.",
            "Thêm mã các đơn vị thành viên vào cột «Thành viên».",
        ),
        Rule(
            "PLAN_GROUP_NESTED",
            E,
            "Nhóm lồng nhau",
            "Nhóm «{group}» có thành viên «{value}» cũng là một nhóm.",
            "Chỉ liệt kê các đơn vị (không phải nhóm) làm thành viên.",
        ),
        Rule(
            "PLAN_NO_PERIODS",
            E,
            "Chưa có kỳ báo cáo",
            "Kế hoạch chưa có kỳ báo cáo nào.",
            "Thêm kỳ báo cáo vào trang «Lịch báo cáo».",
        ),
        Rule(
            "PLAN_BAD_PERIOD",
            E,
            "Mã kỳ báo cáo không hợp lệ",
            "Mã kỳ «{value}» không hợp lệ; dùng dạng 2024 (năm) hoặc 2024-Q3 (quý).",
            "Sửa mã kỳ.",
        ),
        Rule(
            "PLAN_DEADLINE_BEFORE_END",
            W,
            "Hạn nộp trước khi kết thúc kỳ",
            "Kỳ «{value}»: hạn nộp {deadline} sớm hơn ngày đầu kỳ {start}.",
            "Kiểm tra lại hạn nộp.",
        ),
        Rule(
            "PLAN_NO_REPORTER",
            W,
            "Không đơn vị nào nộp báo cáo",
            "Kế hoạch không có đơn vị nào phải nộp báo cáo.",
            "Đánh dấu «Có» ở cột «Nộp báo cáo» cho các đơn vị báo cáo.",
        ),
    ]
}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    value: str = ""

    @property
    def rule(self) -> Rule:
        return CATALOGUE[self.code]

    def where(self) -> str:
        parts = [p for p in (self.file, self.sheet and f"trang «{self.sheet}»", self.cell and f"ô {self.cell}") if p]
        return ", ".join(parts)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def finding(code: str, *, file: str = "", sheet: str = "", cell: str = "", value: object = "", **details) -> Finding:
    """Build a Finding from the catalogue; the value seen is kept as text, shortened."""
    rule = CATALOGUE[code]
    shown = "" if value is None else str(value)
    if len(shown) > 200:
        shown = shown[:200] + "…"
    message = rule.template.format(value=shown, file=file, sheet=sheet, cell=cell, **details)
    return Finding(code, rule.severity, message, file=file, sheet=sheet, cell=cell, value=shown)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
