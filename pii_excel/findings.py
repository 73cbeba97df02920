"""Every problem the tool reports is a Finding built from one catalogue keyed by a stable code."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from pii_excel.location import NOWHERE, Location
from pii_excel.numbers import format_number
from pii_excel.vocab import Severity, SubmissionState, Vocab

__all__ = ["CATALOGUE", "NOWHERE", "Code", "Finding", "Location", "Rule", "Severity", "finding", "has_errors"]


class Code(Vocab):
    """Finding codes: AREA_SUBJECT_PROBLEM. Areas: PLAN (plan file), FILE (a whole input file), IDENTITY (whose
    template, which plan and period), TEMPLATE (the template's structure was changed), VALUE / TEXT / TASK /
    AGENCY / OFFICIAL (what was typed in a cell), SUBMISSION (timeliness, several files), MAIL (an e-mail and its
    attachments), RECEIVED (the received-dates table), RESULTS (a published results file). Problems end the name:
    MISSING, INVALID, UNKNOWN, DUPLICATE, OUT_OF_RANGE, ... Codes are stable: run.json and the workbooks show them."""

    PLAN_UNREADABLE = "PLAN_UNREADABLE"
    PLAN_NOT_FOUND = "PLAN_NOT_FOUND"
    PLAN_SHEET_MISSING = "PLAN_SHEET_MISSING"
    PLAN_COLUMN_MISSING = "PLAN_COLUMN_MISSING"
    PLAN_FIELD_MISSING = "PLAN_FIELD_MISSING"
    PLAN_VALUE_NOT_NUMBER = "PLAN_VALUE_NOT_NUMBER"
    PLAN_JSON_WRONG_TYPE = "PLAN_JSON_WRONG_TYPE"
    PLAN_VALUE_NOT_DATE = "PLAN_VALUE_NOT_DATE"
    PLAN_VALUE_NOT_IN_LIST = "PLAN_VALUE_NOT_IN_LIST"
    PLAN_COMPARATOR_INVALID = "PLAN_COMPARATOR_INVALID"
    PLAN_CODE_DUPLICATE = "PLAN_CODE_DUPLICATE"
    PLAN_CODE_INVALID = "PLAN_CODE_INVALID"
    PLAN_AGENCY_UNKNOWN = "PLAN_AGENCY_UNKNOWN"
    PLAN_PILLAR_UNKNOWN = "PLAN_PILLAR_UNKNOWN"
    PLAN_INDICATOR_UNKNOWN = "PLAN_INDICATOR_UNKNOWN"
    PLAN_LEAD_MISSING = "PLAN_LEAD_MISSING"
    PLAN_TARGET_MISSING = "PLAN_TARGET_MISSING"
    PLAN_TARGET_COMPARATOR_MISSING = "PLAN_TARGET_COMPARATOR_MISSING"
    PLAN_TARGET_AGAINST_DIRECTION = "PLAN_TARGET_AGAINST_DIRECTION"
    PLAN_INCREASE_NOT_POSITIVE = "PLAN_INCREASE_NOT_POSITIVE"
    PLAN_INCREASE_BASELINE_MISSING = "PLAN_INCREASE_BASELINE_MISSING"
    PLAN_TARGET_INCONSISTENT = "PLAN_TARGET_INCONSISTENT"
    PLAN_PERCENT_OUT_OF_RANGE = "PLAN_PERCENT_OUT_OF_RANGE"
    PLAN_RANK_OUT_OF_RANGE = "PLAN_RANK_OUT_OF_RANGE"
    PLAN_WEIGHTS_NOT_100 = "PLAN_WEIGHTS_NOT_100"
    PLAN_GROUP_EMPTY = "PLAN_GROUP_EMPTY"
    PLAN_GROUP_NESTED = "PLAN_GROUP_NESTED"
    PLAN_PERIODS_MISSING = "PLAN_PERIODS_MISSING"
    PLAN_PERIOD_INVALID = "PLAN_PERIOD_INVALID"
    PLAN_DATA_PERIOD_INVALID = "PLAN_DATA_PERIOD_INVALID"
    PLAN_DEADLINE_NOT_AFTER_CUT_OFF = "PLAN_DEADLINE_NOT_AFTER_CUT_OFF"
    PLAN_DEADLINE_NO_WORKING_DAY = "PLAN_DEADLINE_NO_WORKING_DAY"
    PLAN_DEADLINE_DAY_OFF = "PLAN_DEADLINE_DAY_OFF"
    PLAN_REPORTER_MISSING = "PLAN_REPORTER_MISSING"
    PLAN_BOUNDS_INVALID = "PLAN_BOUNDS_INVALID"
    PLAN_BOUNDS_INCOMPLETE = "PLAN_BOUNDS_INCOMPLETE"
    PLAN_RATIO_INCOMPLETE = "PLAN_RATIO_INCOMPLETE"
    PLAN_GROUP_UNKNOWN = "PLAN_GROUP_UNKNOWN"
    PLAN_FIGURE_UNNAMED = "PLAN_FIGURE_UNNAMED"
    PLAN_ID_TAKEN = "PLAN_ID_TAKEN"
    PLAN_ID_YEAR_MISMATCH = "PLAN_ID_YEAR_MISMATCH"
    PLAN_ID_INVALID = "PLAN_ID_INVALID"
    PLAN_OUTPUT_OTHER_PLAN = "PLAN_OUTPUT_OTHER_PLAN"
    PLAN_COLUMN_RENAMED = "PLAN_COLUMN_RENAMED"
    PLAN_COLUMN_UNKNOWN = "PLAN_COLUMN_UNKNOWN"
    PLAN_INFO_ROW_MISSING = "PLAN_INFO_ROW_MISSING"
    PLAN_COMPARATOR_CONFLICT = "PLAN_COMPARATOR_CONFLICT"
    PLAN_COMPARATOR_IN_NUMBER = "PLAN_COMPARATOR_IN_NUMBER"
    PLAN_NUMBER_THOUSANDS_DOT = "PLAN_NUMBER_THOUSANDS_DOT"
    PLAN_DEADLINE_WRONG_YEAR = "PLAN_DEADLINE_WRONG_YEAR"
    PLAN_AGENCY_WITHOUT_DUTIES = "PLAN_AGENCY_WITHOUT_DUTIES"
    PLAN_AGENCY_NOTHING_TO_REPORT = "PLAN_AGENCY_NOTHING_TO_REPORT"
    PLAN_GROUP_REPORTED_BY_COORDINATOR = "PLAN_GROUP_REPORTED_BY_COORDINATOR"
    PLAN_GROUP_MARKED_REPORTING = "PLAN_GROUP_MARKED_REPORTING"
    PLAN_RANKING_SIZE_OUTDATED = "PLAN_RANKING_SIZE_OUTDATED"
    PLAN_YEARLY_IN_SHORTER_PERIODS = "PLAN_YEARLY_IN_SHORTER_PERIODS"
    FILE_SKIPPED = "FILE_SKIPPED"
    FILE_UNREADABLE = "FILE_UNREADABLE"
    FILE_ENCRYPTED = "FILE_ENCRYPTED"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    FILE_UNSAFE = "FILE_UNSAFE"
    FILE_NOT_A_TEMPLATE = "FILE_NOT_A_TEMPLATE"
    IDENTITY_OTHER_PLAN = "IDENTITY_OTHER_PLAN"
    IDENTITY_OTHER_PERIOD = "IDENTITY_OTHER_PERIOD"
    IDENTITY_AGENCY_UNKNOWN = "IDENTITY_AGENCY_UNKNOWN"
    IDENTITY_PLAN_CHANGED = "IDENTITY_PLAN_CHANGED"
    TEMPLATE_LOCKED_CELL_CHANGED = "TEMPLATE_LOCKED_CELL_CHANGED"
    TEMPLATE_ROW_UNKNOWN = "TEMPLATE_ROW_UNKNOWN"
    TEMPLATE_ROW_MISSING = "TEMPLATE_ROW_MISSING"
    TEMPLATE_SHEET_MISSING = "TEMPLATE_SHEET_MISSING"
    TEMPLATE_COLUMN_MISSING = "TEMPLATE_COLUMN_MISSING"
    FILE_FORMAT_UNSUPPORTED = "FILE_FORMAT_UNSUPPORTED"
    FILE_FORMAT_TOO_OLD = "FILE_FORMAT_TOO_OLD"
    FILE_READ_TIMEOUT = "FILE_READ_TIMEOUT"
    IDENTITY_CONFLICT = "IDENTITY_CONFLICT"
    IDENTITY_VERSION_UNKNOWN = "IDENTITY_VERSION_UNKNOWN"
    PROGRAM_ERROR = "PROGRAM_ERROR"
    FILE_MACROS_IGNORED = "FILE_MACROS_IGNORED"
    IDENTITY_FROM_PROPERTIES = "IDENTITY_FROM_PROPERTIES"
    IDENTITY_MISMATCH = "IDENTITY_MISMATCH"
    TEMPLATE_SHEET_RENAMED = "TEMPLATE_SHEET_RENAMED"
    TEMPLATE_INPUT_MERGED = "TEMPLATE_INPUT_MERGED"
    TEXT_TOO_LONG = "TEXT_TOO_LONG"
    TEXT_CONTROL_CHARS = "TEXT_CONTROL_CHARS"
    VALUE_TEXT_NUMBER = "VALUE_TEXT_NUMBER"
    VALUE_THOUSANDS_DOT = "VALUE_THOUSANDS_DOT"
    VALUE_COMPARATOR_TYPED = "VALUE_COMPARATOR_TYPED"
    VALUE_NOT_NUMBER = "VALUE_NOT_NUMBER"
    VALUE_EXCEL_ERROR = "VALUE_EXCEL_ERROR"
    VALUE_FORMULA_NO_RESULT = "VALUE_FORMULA_NO_RESULT"
    VALUE_FORMULA = "VALUE_FORMULA"
    VALUE_NEGATIVE = "VALUE_NEGATIVE"
    VALUE_PERCENT_OUT_OF_RANGE = "VALUE_PERCENT_OUT_OF_RANGE"
    VALUE_PERCENT_CONVERTED = "VALUE_PERCENT_CONVERTED"
    VALUE_IMPLAUSIBLE = "VALUE_IMPLAUSIBLE"
    VALUE_UNIT_SUSPECTED = "VALUE_UNIT_SUSPECTED"
    VALUE_COUNT_FRACTION = "VALUE_COUNT_FRACTION"
    VALUE_QUANTITY_DISAGREES = "VALUE_QUANTITY_DISAGREES"
    VALUE_SOURCE_MISSING = "VALUE_SOURCE_MISSING"
    VALUE_MISSING = "VALUE_MISSING"
    VALUE_RATIO_MISMATCH = "VALUE_RATIO_MISMATCH"
    VALUE_RATIO_PART_MISSING = "VALUE_RATIO_PART_MISSING"
    VALUE_RATIO_ZERO_DENOMINATOR = "VALUE_RATIO_ZERO_DENOMINATOR"
    VALUE_FROM_RATIO = "VALUE_FROM_RATIO"
    VALUE_DOCUMENT_INCOMPLETE = "VALUE_DOCUMENT_INCOMPLETE"
    VALUE_DOCUMENT_DATE_INVALID = "VALUE_DOCUMENT_DATE_INVALID"
    VALUE_DOCUMENT_REPEATED = "VALUE_DOCUMENT_REPEATED"
    TASK_STATUS_MISSING = "TASK_STATUS_MISSING"
    TASK_STATUS_INVALID = "TASK_STATUS_INVALID"
    AGENCY_REPORTER_MISSING = "AGENCY_REPORTER_MISSING"
    OFFICIAL_RANK_INVALID = "OFFICIAL_RANK_INVALID"
    OFFICIAL_SCORE_OUT_OF_RANGE = "OFFICIAL_SCORE_OUT_OF_RANGE"
    OFFICIAL_COMPOSITE_MISMATCH = "OFFICIAL_COMPOSITE_MISMATCH"
    OFFICIAL_TWIN_DISAGREES = "OFFICIAL_TWIN_DISAGREES"
    RESULTS_UNREADABLE = "RESULTS_UNREADABLE"
    RESULTS_NOT_A_RESULTS_FILE = "RESULTS_NOT_A_RESULTS_FILE"
    RESULTS_VALUE_NOT_NUMBER = "RESULTS_VALUE_NOT_NUMBER"
    RESULTS_FORMULA = "RESULTS_FORMULA"
    RESULTS_INFO_MISSING = "RESULTS_INFO_MISSING"
    RESULTS_OTHER_PROVINCE = "RESULTS_OTHER_PROVINCE"
    RESULTS_OTHER_EDITION = "RESULTS_OTHER_EDITION"
    RESULTS_INDEX_MISSING = "RESULTS_INDEX_MISSING"
    RESULTS_BOUNDS_REVERSED = "RESULTS_BOUNDS_REVERSED"
    RESULTS_RAW_OUTSIDE = "RESULTS_RAW_OUTSIDE"
    RESULTS_SCORE_MISMATCH = "RESULTS_SCORE_MISMATCH"
    RESULTS_SCORE_OUT_OF_RANGE = "RESULTS_SCORE_OUT_OF_RANGE"
    RESULTS_MEAN_MISMATCH = "RESULTS_MEAN_MISMATCH"
    RESULTS_GROUP_MEAN_DIFFERS = "RESULTS_GROUP_MEAN_DIFFERS"
    RESULTS_RANK_INVALID = "RESULTS_RANK_INVALID"
    RESULTS_RANK_DISAGREES = "RESULTS_RANK_DISAGREES"
    RESULTS_OTHERS_ROW_INVALID = "RESULTS_OTHERS_ROW_INVALID"
    RESULTS_OTHERS_ROW_REPEATED = "RESULTS_OTHERS_ROW_REPEATED"
    RESULTS_ROW_INCOMPLETE = "RESULTS_ROW_INCOMPLETE"
    SUBMISSION_SUPERSEDED = "SUBMISSION_SUPERSEDED"
    SUBMISSION_SAME_SAVED_TIME = "SUBMISSION_SAME_SAVED_TIME"
    SUBMISSION_LATE = "SUBMISSION_LATE"
    SUBMISSION_MISSING = "SUBMISSION_MISSING"
    SUBMISSION_DUPLICATE = "SUBMISSION_DUPLICATE"
    MAIL_UNREADABLE = "MAIL_UNREADABLE"
    MAIL_TOO_LARGE = "MAIL_TOO_LARGE"
    MAIL_NO_ATTACHMENT = "MAIL_NO_ATTACHMENT"
    MAIL_ATTACHMENT_NOT_WORKBOOK = "MAIL_ATTACHMENT_NOT_WORKBOOK"
    MAIL_TOO_MANY_ATTACHMENTS = "MAIL_TOO_MANY_ATTACHMENTS"
    MAIL_SENDER_MISMATCH = "MAIL_SENDER_MISMATCH"
    RECEIVED_DATE_INVALID = "RECEIVED_DATE_INVALID"
    RECEIVED_TABLE_HEADERS_MISSING = "RECEIVED_TABLE_HEADERS_MISSING"
    RECEIVED_FILE_UNKNOWN = "RECEIVED_FILE_UNKNOWN"
    RECEIVED_DATE_IMPLAUSIBLE = "RECEIVED_DATE_IMPLAUSIBLE"
    RECEIVED_NAME_TWICE = "RECEIVED_NAME_TWICE"
    TEXT_OWN_OTHER_PERIOD = "TEXT_OWN_OTHER_PERIOD"
    TEXT_OWN_NOT_FOUND = "TEXT_OWN_NOT_FOUND"
    EVIDENCE_TYPE_REFUSED = "EVIDENCE_TYPE_REFUSED"
    EVIDENCE_MACRO = "EVIDENCE_MACRO"
    EVIDENCE_PASSWORD = "EVIDENCE_PASSWORD"
    EVIDENCE_DAMAGED = "EVIDENCE_DAMAGED"
    EVIDENCE_TOO_LARGE = "EVIDENCE_TOO_LARGE"
    EVIDENCE_LIMIT = "EVIDENCE_LIMIT"
    EVIDENCE_NAME_CHANGED = "EVIDENCE_NAME_CHANGED"
    EVIDENCE_NO_AGENCY = "EVIDENCE_NO_AGENCY"
    EVIDENCE_UNMATCHED = "EVIDENCE_UNMATCHED"
    EVIDENCE_DUPLICATE = "EVIDENCE_DUPLICATE"
    EVIDENCE_SAME_AS_OTHER_AGENCY = "EVIDENCE_SAME_AS_OTHER_AGENCY"
    EVIDENCE_NAMED_NOT_RECEIVED = "EVIDENCE_NAMED_NOT_RECEIVED"


@dataclass(frozen=True)
class Rule:
    code: Code
    severity: Severity
    title: str  # short Vietnamese title, shown in tables
    template: str  # Vietnamese message, str.format placeholders
    fix: str = ""  # how to fix it, for feedback to the person who filled the file


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CATALOGUE: dict[Code, Rule] = {
    r.code: r
    for r in [
        # --- plan files -------------------------------------------------------------
        Rule(
            Code.PLAN_NOT_FOUND,
            E,
            "Không tìm thấy kế hoạch",
            "Không có kế hoạch có sẵn hay tệp kế hoạch nào tên «{name}»; kế hoạch có sẵn: {known}.",
            "Ghi đúng mã một kế hoạch có sẵn, hoặc đường dẫn tới tệp kế hoạch (.xlsx, .json hoặc văn bản Word).",
        ),
        Rule(
            Code.PLAN_UNREADABLE,
            E,
            "Không đọc được tệp kế hoạch",
            "Không đọc được tệp kế hoạch: {detail}",
            "Mở tệp bằng Excel và lưu lại dưới dạng .xlsx.",
        ),
        Rule(
            Code.PLAN_SHEET_MISSING,
            E,
            "Thiếu trang tính",
            "Thiếu trang tính «{sheet}».",
            "Thêm lại trang tính bằng cách xuất mẫu mới: pii-excel plan export.",
        ),
        Rule(
            Code.PLAN_COLUMN_MISSING,
            E,
            "Thiếu cột",
            "Trang «{sheet}» thiếu cột «{column}».",
            "Khôi phục tiêu đề cột đúng như mẫu.",
        ),
        Rule(
            Code.PLAN_FIELD_MISSING,
            E,
            "Thiếu thông tin bắt buộc",
            "Thiếu «{field}».",
            "Điền giá trị vào ô được chỉ ra.",
        ),
        Rule(
            Code.PLAN_JSON_WRONG_TYPE,
            E,
            "Giá trị sai kiểu trong tệp JSON",
            "«{field}» (tại {cell}) phải là {expected}, nhưng là {value}.",
            "Sửa giá trị đó trong tệp JSON: số viết không có ngoặc kép và dùng dấu chấm thập phân (12.76), chữ trong "
            'ngoặc kép, ngày dạng "2024-12-20".',
        ),
        Rule(
            Code.PLAN_VALUE_NOT_NUMBER,
            E,
            "Không phải là số",
            "«{field}» phải là số, nhưng ô chứa «{value}».",
            "Nhập một số, dùng dấu phẩy hoặc dấu chấm thập phân.",
        ),
        Rule(
            Code.PLAN_VALUE_NOT_DATE,
            E,
            "Không phải là ngày",
            "«{field}» phải là ngày (dd/mm/yyyy), nhưng ô chứa «{value}».",
            "Nhập ngày theo dạng dd/mm/yyyy.",
        ),
        Rule(
            Code.PLAN_VALUE_NOT_IN_LIST,
            E,
            "Giá trị không có trong danh sách",
            "«{field}» không nhận giá trị «{value}»; chọn một trong: {choices}.",
            "Chọn giá trị từ danh sách thả xuống.",
        ),
        Rule(
            Code.PLAN_COMPARATOR_INVALID,
            E,
            "Dấu so sánh không hợp lệ",
            "Dấu so sánh «{value}» không hợp lệ; chỉ dùng ≥, >, ≤, < hoặc =.",
            "Chọn dấu so sánh từ danh sách thả xuống.",
        ),
        Rule(
            Code.PLAN_CODE_DUPLICATE,
            E,
            "Mã bị trùng",
            "Mã {what} «{value}» đã dùng ở ô {first}; mỗi mã chỉ được dùng một lần.",
            "Đổi mã ở dòng này, hoặc xoá dòng nếu là dòng lặp lại.",
        ),
        Rule(
            Code.PLAN_CODE_INVALID,
            E,
            "Mã không hợp lệ",
            "Mã {what} «{value}» không hợp lệ: {detail}.",
            "Dùng mã ngắn, chỉ gồm chữ không dấu, số, dấu gạch ngang hoặc gạch dưới.",
        ),
        Rule(
            Code.PLAN_AGENCY_UNKNOWN,
            E,
            "Mã đơn vị không có trong danh sách",
            "Mã đơn vị «{value}» (ở {where}) không có trong trang «Đơn vị».",
            "Thêm đơn vị vào trang «Đơn vị» hoặc sửa lại mã.",
        ),
        Rule(
            Code.PLAN_PILLAR_UNKNOWN,
            E,
            "Mã trụ cột không có trong danh sách",
            "{what} thuộc trụ cột «{value}», nhưng trụ cột này không có trong trang «Trụ cột».",
            "Sửa mã trụ cột hoặc thêm trụ cột.",
        ),
        Rule(
            Code.PLAN_INDICATOR_UNKNOWN,
            E,
            "Mã chỉ số không có trong danh sách",
            "Nhiệm vụ «{task}» gắn với chỉ số «{value}», nhưng chỉ số này không có trong trang «Chỉ số».",
            "Sửa mã chỉ số hoặc để trống nếu là nhiệm vụ chung.",
        ),
        Rule(
            Code.PLAN_LEAD_MISSING,
            E,
            "Chưa có đơn vị chủ trì",
            "Chỉ số «{indicator}» chưa có đơn vị chủ trì.",
            "Điền mã đơn vị chủ trì.",
        ),
        Rule(
            Code.PLAN_TARGET_MISSING,
            E,
            "Chưa có mục tiêu",
            "Chỉ số «{indicator}» chưa có mục tiêu (giá trị mục tiêu hoặc mức tăng).",
            "Điền mục tiêu và dấu so sánh, hoặc mức tăng so với năm cơ sở.",
        ),
        Rule(
            Code.PLAN_TARGET_COMPARATOR_MISSING,
            E,
            "Mục tiêu thiếu dấu so sánh",
            "Chỉ số «{indicator}» có giá trị mục tiêu nhưng thiếu dấu so sánh.",
            "Chọn dấu so sánh (≥, >, ≤, <, =).",
        ),
        Rule(
            Code.PLAN_TARGET_AGAINST_DIRECTION,
            E,
            "Mục tiêu ngược chiều",
            "Chỉ số «{indicator}» có chiều «{direction}» nhưng mục tiêu dùng dấu «{value}»: mục tiêu như vậy không có ý nghĩa.",
            "Sửa dấu so sánh hoặc chiều của chỉ số.",
        ),
        Rule(
            Code.PLAN_INCREASE_NOT_POSITIVE,
            E,
            "Mức tăng không hợp lệ",
            "Chỉ số «{indicator}»: mức cải thiện so với năm cơ sở phải lớn hơn 0 (đang là {value}).",
            "Nhập mức cải thiện là số dương; với chỉ số «thấp hơn là tốt» đây là mức giảm.",
        ),
        Rule(
            Code.PLAN_INCREASE_BASELINE_MISSING,
            E,
            "Thiếu giá trị cơ sở",
            "Chỉ số «{indicator}» đặt mục tiêu tăng so với năm cơ sở nhưng chưa có giá trị cơ sở.",
            "Điền giá trị năm cơ sở.",
        ),
        Rule(
            Code.PLAN_TARGET_INCONSISTENT,
            W,
            "Mục tiêu và mức tăng không khớp",
            "Chỉ số «{indicator}»: cơ sở {baseline} + mức tăng {increase} = {expected}, khác giá trị mục tiêu {value}.",
            "Kiểm tra lại giá trị cơ sở, mục tiêu và mức tăng.",
        ),
        Rule(
            Code.PLAN_PERCENT_OUT_OF_RANGE,
            E,
            "Tỷ lệ ngoài khoảng 0–100",
            "Chỉ số «{indicator}» tính bằng %, nhưng {field} là {value} (ngoài khoảng 0–100).",
            "Nhập tỷ lệ phần trăm từ 0 đến 100.",
        ),
        Rule(
            Code.PLAN_RANK_OUT_OF_RANGE,
            E,
            "Thứ hạng ngoài khoảng",
            "{what}: thứ hạng {value} nằm ngoài khoảng 1–{size}.",
            "Kiểm tra thứ hạng và số địa phương được xếp hạng.",
        ),
        Rule(
            Code.PLAN_WEIGHTS_NOT_100,
            W,
            "Tổng trọng số khác 100",
            "Tổng trọng số các trụ cột là {value}, không phải 100.",
            "Kiểm tra lại trọng số.",
        ),
        Rule(
            Code.PLAN_GROUP_EMPTY,
            INFO,
            "Nhóm chưa có thành viên",
            "Nhóm «{value}» chưa có đơn vị thành viên nên không ai báo cáo các nhiệm vụ nhóm này chủ trì.",
            "Thêm mã các đơn vị thành viên vào cột «Thành viên»; hoặc, nếu nhóm không nộp báo cáo (ví dụ «UBND các "
            "xã, phường»), ghi «Không» ở cột «Nộp báo cáo» để đơn vị tổng hợp báo cáo thay.",
        ),
        Rule(
            Code.PLAN_GROUP_NESTED,
            E,
            "Nhóm lồng nhau",
            "Nhóm «{group}» có thành viên «{value}» cũng là một nhóm.",
            "Chỉ liệt kê các đơn vị (không phải nhóm) làm thành viên.",
        ),
        Rule(
            Code.PLAN_PERIODS_MISSING,
            E,
            "Chưa có kỳ báo cáo",
            "Kế hoạch chưa có kỳ báo cáo nào.",
            "Thêm kỳ báo cáo vào trang «Lịch báo cáo».",
        ),
        Rule(
            Code.PLAN_PERIOD_INVALID,
            E,
            "Mã kỳ báo cáo không hợp lệ",
            "Mã kỳ «{value}» không hợp lệ; dùng dạng 2024 (năm) hoặc 2024-Q3 (quý).",
            "Sửa mã kỳ.",
        ),
        Rule(
            Code.PLAN_DATA_PERIOD_INVALID,
            E,
            "Thời gian lấy số liệu không hợp lệ",
            "Kỳ «{value}»: số liệu tính từ {start} nhưng đến {end}, ngày bắt đầu sau ngày kết thúc.",
            "Sửa «Số liệu từ ngày» và «Số liệu đến ngày», hoặc để trống cả hai để theo Nghị định 09/2019/NĐ-CP.",
        ),
        Rule(
            Code.PLAN_DEADLINE_NOT_AFTER_CUT_OFF,
            W,
            "Hạn nộp không sau ngày chốt số liệu",
            "Kỳ «{value}»: hạn nộp {deadline} không sau ngày chốt số liệu {end}, nên đơn vị phải báo cáo trước khi "
            "hết kỳ số liệu.",
            "Lùi hạn nộp, hoặc ghi «Số liệu đến ngày» sớm hơn hạn nộp ít nhất 01 ngày làm việc.",
        ),
        Rule(
            Code.PLAN_DEADLINE_NO_WORKING_DAY,
            W,
            "Không còn ngày làm việc trước hạn nộp",
            "Kỳ «{value}»: giữa ngày chốt số liệu {end} và hạn nộp {deadline} không có ngày làm việc nào; Nghị định "
            "09/2019/NĐ-CP yêu cầu ít nhất 01 ngày làm việc.",
            "Lùi hạn nộp sang sau ít nhất 01 ngày làm việc, hoặc chốt số liệu sớm hơn.",
        ),
        Rule(
            Code.PLAN_DEADLINE_DAY_OFF,
            W,
            "Hạn nộp vào ngày nghỉ",
            "Kỳ «{value}»: hạn nộp {deadline} là {reason}.",
            "Chọn hạn nộp vào một ngày làm việc.",
        ),
        Rule(
            Code.PLAN_REPORTER_MISSING,
            W,
            "Không đơn vị nào nộp báo cáo",
            "Kế hoạch không có đơn vị nào phải nộp báo cáo.",
            "Đánh dấu «Có» ở cột «Nộp báo cáo» cho các đơn vị báo cáo.",
        ),
        Rule(
            Code.PLAN_BOUNDS_INVALID,
            E,
            "Giới hạn chuẩn hoá không hợp lệ",
            "Chỉ số «{indicator}»: giới hạn thấp nhất {low} không nhỏ hơn giới hạn cao nhất {high}.",
            "Nhập số liệu thấp nhất và cao nhất trong các tỉnh theo kết quả công bố gần nhất.",
        ),
        Rule(
            Code.PLAN_BOUNDS_INCOMPLETE,
            W,
            "Giới hạn chuẩn hoá chưa đủ",
            "Chỉ số «{indicator}»: chỉ có một trong hai giới hạn chuẩn hoá (thấp nhất, cao nhất), nên chưa ước tính "
            "được điểm.",
            "Nhập cả giới hạn thấp nhất và cao nhất, hoặc để trống cả hai.",
        ),
        Rule(
            Code.PLAN_RATIO_INCOMPLETE,
            E,
            "Tỷ số thiếu tử số hoặc mẫu số",
            "Chỉ số «{indicator}»: có {given} nhưng chưa có {missing}.",
            "Ghi tên cả tử số và mẫu số, hoặc để trống cả hai nếu số liệu không phải là tỷ số.",
        ),
        Rule(
            Code.PLAN_GROUP_UNKNOWN,
            E,
            "Mã nhóm chỉ số không có",
            "{what}: mã nhóm «{value}» không có trong trang «Nhóm chỉ số».",
            "Thêm nhóm vào trang «Nhóm chỉ số» hoặc sửa mã nhóm.",
        ),
        Rule(
            Code.PLAN_FIGURE_UNNAMED,
            W,
            "Chưa ghi số liệu gốc",
            "Chỉ số «{indicator}»: chưa ghi tên hoặc đơn vị tính của số liệu gốc đơn vị chủ trì cung cấp.",
            "Ghi «Số liệu: tên» và «Số liệu: đơn vị tính» để mẫu báo cáo hỏi đúng số liệu.",
        ),
        Rule(
            Code.PLAN_ID_TAKEN,
            E,
            "Mã kế hoạch trùng kế hoạch có sẵn",
            "Mã kế hoạch «{value}» là mã của kế hoạch có sẵn «{title}», nhưng nội dung tệp khác kế hoạch đó; dùng "
            "chung mã thì kết quả, lịch sử và thư mục output của hai kế hoạch sẽ lẫn vào nhau. Cần đặt mã mới, ví dụ "
            "«{suggestion}».",
            "Đặt mã mới cho kế hoạch này ở ô được chỉ ra.",
        ),
        Rule(
            Code.PLAN_ID_INVALID,
            E,
            "Mã kế hoạch không hợp lệ",
            "Mã kế hoạch «{value}» có ký tự không dùng được: mã là tên thư mục kết quả của kế hoạch, chỉ gồm chữ "
            "thường không dấu, chữ số và dấu gạch ngang (ví dụ «{suggestion}»).",
            "Đặt mã theo mẫu ở ô được chỉ ra.",
        ),
        Rule(
            Code.PLAN_ID_YEAR_MISMATCH,
            W,
            "Mã kế hoạch ghi năm khác",
            "Mã kế hoạch «{value}» ghi năm {id_years}, nhưng kế hoạch là của các năm {plan_years} (năm cơ sở, năm "
            "mục tiêu, kỳ báo cáo): có thể là mã còn lại từ kế hoạch cũ (gợi ý: «{suggestion}»).",
            "Đặt mã theo năm của kế hoạch này.",
        ),
        Rule(
            Code.PLAN_OUTPUT_OTHER_PLAN,
            E,
            "Thư mục kết quả thuộc kế hoạch khác",
            "Thư mục {folder} đang chứa kết quả của kế hoạch «{value}» {other}, nhưng kế hoạch đang dùng cùng mã là "
            "{this}; chạy tiếp sẽ trộn kết quả và lịch sử của hai kế hoạch.",
            "Đặt mã kế hoạch khác trong tệp kế hoạch (trang «Thông tin chung», «Mã kế hoạch»), hoặc chọn thư mục "
            "kết quả khác bằng -o.",
        ),
        Rule(
            Code.PLAN_COLUMN_RENAMED,
            E,
            "Tiêu đề cột bị sửa",
            "Trang «{sheet}»: ô {cell} ghi «{value}», không phải tiêu đề cột nào của tệp kế hoạch; ở vị trí này là cột "
            "«{column}» và không tìm thấy cột đó ở nơi khác, nên không đọc trang này.",
            "Ghi lại tiêu đề «{column}» ở ô được chỉ ra (tiêu đề cho chương trình biết ý nghĩa của cột).",
        ),
        Rule(
            Code.PLAN_COLUMN_UNKNOWN,
            W,
            "Cột không rõ nghĩa",
            "Trang «{sheet}»: cột có tiêu đề «{value}» (ô {cell}) không phải cột của tệp kế hoạch; nội dung cột này "
            "không được đọc.",
            "Nếu là cột của mẫu bị sửa tiêu đề, ghi lại đúng tiêu đề; nếu là ghi chú riêng, có thể để nguyên.",
        ),
        Rule(
            Code.PLAN_INFO_ROW_MISSING,
            E,
            "Thiếu dòng thông tin",
            "Trang «Thông tin chung» không có dòng «{field}»: cột A không có mã trường «{key}» và cột B không có "
            "nhãn «{field}».",
            "Ghi lại «{key}» ở cột A (như ô được chỉ ra trong tệp mẫu) và điền giá trị ở cột C.",
        ),
        Rule(
            Code.PLAN_COMPARATOR_CONFLICT,
            E,
            "Dấu so sánh mâu thuẫn",
            "Ô {cell} ghi «{value}» (dấu {typed}), nhưng cột «{op_column}» (ô {op_cell}) ghi «{op}».",
            "Chỉ ghi số ở ô này; dấu so sánh ghi ở cột «{op_column}».",
        ),
        Rule(
            Code.PLAN_COMPARATOR_IN_NUMBER,
            E,
            "Dấu so sánh trong ô số",
            "Ô {cell} («{field}») ghi «{value}»: ô này chỉ nhận một số, không có dấu so sánh.",
            "Xoá dấu so sánh, chỉ ghi số.",
        ),
        Rule(
            Code.PLAN_NUMBER_THOUSANDS_DOT,
            W,
            "Số có dấu chấm hàng nghìn",
            "Ô {cell} («{field}») ghi «{value}» và được đọc là {number} (dấu chấm phân cách hàng nghìn); nếu ý là "
            "{small}, hãy ghi «{small_text}».",
            "Ghi số không có dấu phân cách hàng nghìn; phần thập phân dùng dấu phẩy.",
        ),
        Rule(
            Code.PLAN_DEADLINE_WRONG_YEAR,
            E,
            "Hạn nộp sai năm",
            "Kỳ «{value}»: hạn nộp {deadline} không thuộc kỳ báo cáo (số liệu từ {start} đến {end}); có thể là hạn "
            "của năm khác còn lại (hạn nộp kỳ này thường trong tháng {expected}).",
            "Ghi hạn nộp sau ngày chốt số liệu của kỳ.",
        ),
        Rule(
            Code.PLAN_AGENCY_WITHOUT_DUTIES,
            W,
            "Đơn vị không có nhiệm vụ",
            "Đơn vị «{value}» được đánh dấu nộp báo cáo nhưng không chủ trì, phối hợp chỉ số hay nhiệm vụ nào ở kỳ "
            "báo cáo nào, nên không có mẫu báo cáo: có thể là dòng còn lại từ kế hoạch cũ.",
            "Xoá dòng đơn vị nếu không thuộc kế hoạch này, hoặc giao chỉ số, nhiệm vụ cho đơn vị.",
        ),
        Rule(
            Code.PLAN_AGENCY_NOTHING_TO_REPORT,
            W,
            "Đơn vị phối hợp không có việc để báo cáo",
            "Đơn vị «{value}» được đánh dấu nộp báo cáo và có tên ở chỉ số {indicators}, nhưng các chỉ số này không "
            "có nhiệm vụ nào giao cho đơn vị, nên đơn vị không có mẫu báo cáo.",
            "Giao nhiệm vụ cho đơn vị ở trang «Nhiệm vụ», hoặc ghi «Không» ở cột «Nộp báo cáo» nếu đơn vị không phải "
            "báo cáo.",
        ),
        Rule(
            Code.PLAN_GROUP_REPORTED_BY_COORDINATOR,
            INFO,
            "Đơn vị tổng hợp báo cáo thay nhóm",
            "Nhóm «{value}» không nộp báo cáo: {count} chỉ số, nhiệm vụ do nhóm chủ trì được giao cho đơn vị tổng "
            "hợp «{coordinator}» báo cáo thay (ghi rõ trong mẫu báo cáo của đơn vị tổng hợp).",
        ),
        Rule(
            Code.PLAN_GROUP_MARKED_REPORTING,
            W,
            "Nhóm được đánh dấu nộp báo cáo",
            "«{value}» là một nhóm đơn vị nhưng cột «Nộp báo cáo» ghi «Có»: nhóm không có mẫu báo cáo riêng (các "
            "thành viên nộp), nên dấu này không có tác dụng; có thể là dòng còn lại từ kế hoạch cũ.",
            "Ghi «Không» ở ô này; nếu không ai nộp thay nhóm, ghi «Có» ở cột «Đơn vị tổng hợp báo cáo thay».",
        ),
        Rule(
            Code.PLAN_RANKING_SIZE_OUTDATED,
            W,
            "Số tỉnh xếp hạng đã cũ",
            "Kỳ «{value}» tính thứ hạng trên {size} tỉnh, nhưng từ tháng 7/2025 cả nước còn 34 tỉnh, thành phố.",
            "Ghi 34 ở «Số tỉnh được xếp hạng» của kỳ (trang «Lịch báo cáo») hoặc ở «Thông tin chung».",
        ),
        Rule(
            Code.PLAN_YEARLY_IN_SHORTER_PERIODS,
            INFO,
            "Chỉ số hằng năm trong kỳ ngắn hơn năm",
            "{count} chỉ số có tần suất «Hằng năm» ({codes}) chỉ được báo cáo ở kỳ năm ({years}); ở các kỳ {short} "
            "chúng không có trong mẫu báo cáo, ghi «Không thuộc kỳ này» và không bị tính là thiếu.",
            "Nếu cần báo cáo các chỉ số này hằng quý, đổi tần suất thành «Hằng quý».",
        ),
        # --- intake: files ---------------------------------------------------------------
        Rule(
            Code.FILE_SKIPPED,
            INFO,
            "Bỏ qua tệp",
            "Bỏ qua tệp: {reason}.",
            "Chỉ đặt các tệp mẫu báo cáo (.xlsx, .xls, .ods) vào thư mục input.",
        ),
        Rule(
            Code.FILE_UNREADABLE,
            E,
            "Không đọc được tệp",
            "Không đọc được tệp: {detail}.",
            "Mở tệp bằng Excel hoặc LibreOffice, kiểm tra tệp mở được, lưu lại dạng .xlsx rồi gửi lại.",
        ),
        Rule(
            Code.FILE_ENCRYPTED,
            E,
            "Tệp có mật khẩu",
            "Tệp được đặt mật khẩu nên không đọc được.",
            "Bỏ mật khẩu (Tệp > Thông tin > Bảo vệ) rồi gửi lại.",
        ),
        Rule(
            Code.FILE_TOO_LARGE,
            E,
            "Tệp quá lớn",
            "Tệp quá lớn để đọc an toàn ({detail}).",
            "Dùng đúng mẫu đã gửi, không chép thêm dữ liệu khác vào tệp.",
        ),
        Rule(
            Code.FILE_UNSAFE,
            E,
            "Tệp có nội dung không an toàn",
            "Tệp có nội dung không an toàn ({detail}) nên không được đọc.",
            "Điền lại số liệu vào mẫu gốc.",
        ),
        Rule(
            Code.FILE_NOT_A_TEMPLATE,
            E,
            "Không phải mẫu báo cáo",
            "Tệp không phải mẫu báo cáo của kế hoạch (không có thông tin nhận dạng ẩn).",
            "Điền số liệu vào đúng mẫu báo cáo đã được gửi, không chép sang tệp khác.",
        ),
        Rule(
            Code.IDENTITY_OTHER_PLAN,
            W,
            "Mẫu của kế hoạch khác",
            "Tệp là mẫu của kế hoạch «{value}», không phải kế hoạch «{plan}» đang tổng hợp.",
            "Kiểm tra lại tệp; dùng mẫu của kế hoạch đang báo cáo.",
        ),
        Rule(
            Code.IDENTITY_OTHER_PERIOD,
            W,
            "Mẫu của kỳ khác",
            "Tệp là mẫu của kỳ «{value}», không phải kỳ «{period}» đang tổng hợp.",
            "Dùng mẫu của kỳ báo cáo hiện tại.",
        ),
        Rule(
            Code.IDENTITY_AGENCY_UNKNOWN,
            E,
            "Đơn vị không có trong kế hoạch",
            "Mẫu ghi mã đơn vị «{value}», không có trong kế hoạch.",
            "Dùng đúng mẫu đã được gửi cho đơn vị.",
        ),
        Rule(
            Code.IDENTITY_PLAN_CHANGED,
            W,
            "Mẫu lập từ phiên bản kế hoạch cũ",
            "Mẫu được lập từ một phiên bản khác của kế hoạch ({differs}); số liệu vẫn được nhận và đánh giá theo kế "
            "hoạch hiện hành.",
            "Nếu kế hoạch hiện hành đúng, tạo lại mẫu (lệnh templates) và gửi đơn vị cho kỳ sau; nếu mẫu đúng, tổng "
            "hợp bằng chính tệp kế hoạch đã dùng để lập mẫu.",
        ),
        Rule(
            Code.TEMPLATE_LOCKED_CELL_CHANGED,
            W,
            "Ô khoá bị sửa",
            "Ô «{column}» của dòng {key} đã bị sửa thành «{value}» (trong mẫu là «{expected}»); dùng giá trị của kế hoạch.",
            "Không sửa mã, giá trị cơ sở và mục tiêu; các ô này do kế hoạch quy định.",
        ),
        Rule(
            Code.TEMPLATE_ROW_UNKNOWN,
            E,
            "Dòng không có trong mẫu",
            "Dòng có mã «{value}» không có trong mẫu của đơn vị; số liệu dòng này không được nhận.",
            "Không sửa mã, không thêm dòng; điền số liệu vào đúng dòng của chỉ số, nhiệm vụ.",
        ),
        Rule(
            Code.TEMPLATE_ROW_MISSING,
            E,
            "Thiếu dòng",
            "Không tìm thấy dòng «{value}» trong trang «{sheet}» (dòng bị xoá hoặc mã bị sửa).",
            "Dùng lại mẫu gốc và điền đủ các dòng.",
        ),
        Rule(
            Code.TEMPLATE_SHEET_MISSING,
            E,
            "Thiếu trang",
            "Không tìm thấy trang «{sheet}» trong tệp.",
            "Không xoá hay đổi tên các trang của mẫu.",
        ),
        Rule(
            Code.TEMPLATE_COLUMN_MISSING,
            E,
            "Thiếu cột",
            "Trang «{sheet}» không còn cột «{column}».",
            "Không xoá, đổi tên hay di chuyển cột của mẫu.",
        ),
        Rule(
            Code.FILE_FORMAT_UNSUPPORTED,
            E,
            "Định dạng tệp chưa hỗ trợ",
            "Định dạng {detail} chưa được hỗ trợ.",
            "Mở tệp bằng Excel và lưu lại dạng .xlsx (Excel Workbook).",
        ),
        Rule(
            Code.FILE_FORMAT_TOO_OLD,
            E,
            "Định dạng Excel quá cũ",
            "Tệp ở định dạng Excel quá cũ ({detail}), không đọc được.",
            "Mở tệp bằng Excel hoặc LibreOffice và lưu lại thành .xlsx (Excel Workbook).",
        ),
        Rule(
            Code.FILE_READ_TIMEOUT,
            E,
            "Đọc tệp quá lâu",
            "Đọc tệp quá {detail} giây nên đã dừng; tệp có thể bị hỏng hoặc chứa quá nhiều dữ liệu.",
            "Mở tệp bằng Excel, kiểm tra tệp mở được, lưu lại dạng .xlsx rồi gửi lại.",
        ),
        Rule(
            Code.IDENTITY_CONFLICT,
            E,
            "Thông tin nhận dạng mâu thuẫn",
            "Thông tin ẩn của mẫu ghi {field} «{value}», nhưng thuộc tính tài liệu ghi «{other}»: trang thông tin ẩn "
            "đã bị chép từ tệp khác; tệp không được nhận và không thay thế tệp nào.",
            "Điền số liệu vào đúng mẫu đã được gửi cho đơn vị, không chép trang từ tệp khác.",
        ),
        Rule(
            Code.IDENTITY_VERSION_UNKNOWN,
            E,
            "Phiên bản mẫu không xác định",
            "Tệp được tạo từ mẫu phiên bản «{value}», chương trình này đọc mẫu phiên bản {known}; tệp không được nhận.",
            "Tạo lại mẫu bằng lệnh pii-excel templates của chương trình đang dùng, hoặc cập nhật chương trình.",
        ),
        Rule(
            Code.PROGRAM_ERROR,
            E,
            "Lỗi của chương trình",
            "Chương trình gặp lỗi khi xử lý tệp này (không phải lỗi của đơn vị); chi tiết kỹ thuật ghi trong {log}.",
            "Gửi tệp và tệp nhật ký cho người hỗ trợ kỹ thuật; các tệp khác vẫn được tổng hợp.",
        ),
        Rule(
            Code.FILE_MACROS_IGNORED,
            INFO,
            "Tệp có macro",
            "Tệp có macro (VBA); macro không được chạy và không được chép sang kết quả.",
            "Lưu mẫu dạng .xlsx, không cần macro.",
        ),
        Rule(
            Code.IDENTITY_FROM_PROPERTIES,
            INFO,
            "Trang nhận dạng bị mất",
            "Trang thông tin ẩn của mẫu bị xoá; đã nhận dạng tệp qua thuộc tính tài liệu.",
            "Dùng mẫu gốc, không xoá trang nào.",
        ),
        Rule(
            Code.IDENTITY_MISMATCH,
            E,
            "Thông tin nhận dạng bị sửa",
            "Thông tin ẩn ghi đơn vị «{value}», nhưng nội dung bảng không phải mẫu của đơn vị này; tệp không được nhận.",
            "Dùng đúng mẫu đã gửi cho đơn vị, không chép số liệu sang mẫu của đơn vị khác.",
        ),
        Rule(
            Code.TEMPLATE_SHEET_RENAMED,
            W,
            "Trang bị đổi tên",
            "Trang «{expected}» đã bị đổi tên thành «{sheet}»; số liệu vẫn được đọc.",
            "Không đổi tên các trang của mẫu.",
        ),
        Rule(
            Code.TEMPLATE_INPUT_MERGED,
            W,
            "Ô nhập bị gộp",
            "Ô nhập liệu nằm trong vùng ô bị gộp {detail}; giá trị có thể bị mất.",
            "Bỏ gộp ô (Merge) và nhập lại giá trị.",
        ),
        Rule(
            Code.TEXT_TOO_LONG,
            W,
            "Nội dung quá dài",
            "Nội dung dài {detail} ký tự; chỉ giữ {limit} ký tự đầu.",
            "Tóm tắt nội dung; gửi tài liệu chi tiết kèm theo.",
        ),
        Rule(
            Code.TEXT_CONTROL_CHARS,
            INFO,
            "Ký tự điều khiển",
            "Nội dung có ký tự điều khiển không in được; đã bỏ các ký tự này.",
            "Không cần làm gì.",
        ),
        # --- intake: values -------------------------------------------------------------
        Rule(
            Code.VALUE_THOUSANDS_DOT,
            W,
            "Dấu chấm hàng nghìn",
            "«{value}» được hiểu là {thousands} nghìn (dấu chấm phân cách hàng nghìn).",
            "Nếu là số thập phân, dùng dấu phẩy (ví dụ 20,5); nên nhập số trực tiếp, không nhập dạng chữ.",
        ),
        Rule(
            Code.VALUE_TEXT_NUMBER,
            INFO,
            "Số nhập dạng chữ",
            "Số được nhập dạng chữ «{value}», đã hiểu là {number}.",
            "Nhập số trực tiếp (không thêm chữ, dấu cách).",
        ),
        Rule(
            Code.VALUE_COMPARATOR_TYPED,
            W,
            "Có dấu so sánh trong ô số liệu",
            "Ô số liệu có dấu so sánh «{value}»; đã lấy giá trị {number}. Hãy nhập giá trị thực tế đạt được.",
            "Chỉ nhập con số thực tế, không nhập dấu ≥, >, ≤, <.",
        ),
        Rule(
            Code.VALUE_NOT_NUMBER,
            E,
            "Không phải là số",
            "«{value}» không phải là số.",
            "Nhập một số, ví dụ 12,5; để trống nếu chưa có số liệu.",
        ),
        Rule(
            Code.VALUE_EXCEL_ERROR,
            E,
            "Ô bị lỗi công thức",
            "Ô chứa lỗi {value}.",
            "Sửa công thức hoặc nhập trực tiếp con số.",
        ),
        Rule(
            Code.VALUE_FORMULA_NO_RESULT,
            E,
            "Công thức chưa có kết quả",
            "Ô có công thức nhưng tệp không lưu kết quả tính.",
            "Mở tệp bằng Excel, để tính lại, lưu và gửi lại; hoặc nhập trực tiếp con số.",
        ),
        Rule(
            Code.VALUE_FORMULA,
            INFO,
            "Giá trị từ công thức",
            "Ô có công thức; đã dùng kết quả đã lưu {value}.",
            "Nên nhập trực tiếp con số.",
        ),
        Rule(Code.VALUE_NEGATIVE, E, "Giá trị âm", "Giá trị {value} là số âm.", "Nhập giá trị không âm."),
        Rule(
            Code.VALUE_PERCENT_OUT_OF_RANGE,
            E,
            "Tỷ lệ lớn hơn 100%",
            "Chỉ số tính bằng %, nhưng giá trị là {value} (lớn hơn 100).",
            "Nhập tỷ lệ từ 0 đến 100, không nhân thêm 100.",
        ),
        Rule(
            Code.VALUE_PERCENT_CONVERTED,
            INFO,
            "Tỷ lệ nhập dạng %",
            "Ô được định dạng phần trăm (hiển thị {value}); đã hiểu là {number}%.",
            "Nhập số từ 0 đến 100, không gõ dấu %.",
        ),
        Rule(
            Code.VALUE_IMPLAUSIBLE,
            W,
            "Giá trị cần kiểm tra lại",
            "Giá trị {value} chênh lệch quá xa so với {compared} ({baseline}); đề nghị kiểm tra lại.",
            "Kiểm tra lại số liệu và đơn vị tính; ghi giải thích vào cột «Ghi chú» nếu số liệu đúng.",
        ),
        Rule(
            Code.VALUE_COUNT_FRACTION,
            W,
            "Số lượng có phần lẻ",
            "Số liệu {value} tính bằng «{unit}» (đếm số lượng) nhưng có phần lẻ.",
            "Kiểm tra lại: số lượng là số nguyên; nếu là số bình quân hay tỷ lệ, ghi rõ ở cột ghi chú.",
        ),
        Rule(
            Code.VALUE_UNIT_SUSPECTED,
            W,
            "Có thể nhập sai đơn vị",
            "Số liệu tính được {value} chỉ bằng khoảng 1/{scale} hoặc gấp {scale} lần số liệu năm trước ({previous}): "
            "có thể {part} không nhập theo đơn vị «{unit}».",
            "Nhập {part} theo đúng đơn vị «{unit}» ghi ở cột đơn vị tính bên cạnh rồi gửi lại.",
        ),
        Rule(
            Code.VALUE_QUANTITY_DISAGREES,
            W,
            "Cùng một số liệu, hai giá trị",
            "«{name}» là {value} ở chỉ số {key} nhưng là {other} ở chỉ số {other_key} ({other_file}).",
            "Thống nhất một số liệu «{name}» cho mọi chỉ số dùng nó (cùng nguồn, cùng năm, đúng đơn vị tính).",
        ),
        Rule(
            Code.VALUE_SOURCE_MISSING,
            E,
            "Thiếu tài liệu minh chứng",
            "Chỉ số {key} có số liệu nhưng chưa ghi tài liệu minh chứng (số, ngày văn bản).",
            "Ghi số, ngày văn bản của tài liệu minh chứng vào cột «Tài liệu minh chứng»; đường dẫn chỉ là bổ sung.",
        ),
        Rule(
            Code.VALUE_DOCUMENT_INCOMPLETE,
            E,
            "Văn bản kê chưa đủ thông tin",
            "Văn bản ở dòng {key} thiếu {missing}.",
            "Ghi đủ số, ký hiệu, ngày ban hành và trích yếu của văn bản; xoá cả dòng nếu không kê văn bản này.",
        ),
        Rule(
            Code.VALUE_DOCUMENT_DATE_INVALID,
            E,
            "Ngày ban hành không hợp lệ",
            "Ngày ban hành «{value}» của văn bản ở dòng {key} không phải một ngày hợp lệ.",
            "Nhập ngày ban hành theo dạng dd/mm/yyyy, đúng như trên văn bản.",
        ),
        Rule(
            Code.VALUE_DOCUMENT_REPEATED,
            W,
            "Văn bản kê hai lần",
            "Văn bản {value} ở dòng {key} đã kê ở dòng {first}.",
            "Xoá dòng kê lặp.",
        ),
        Rule(
            Code.VALUE_RATIO_MISMATCH,
            W,
            "Số liệu khác tử số / mẫu số",
            "Số liệu {value} khác với tử số / mẫu số{times} = {computed}; đã dùng {computed}.",
            "Kiểm tra lại tử số, mẫu số và số liệu; số liệu phải bằng tử số chia mẫu số{times}.",
        ),
        Rule(
            Code.VALUE_RATIO_PART_MISSING,
            W,
            "Thiếu tử số hoặc mẫu số",
            "Chỉ số {key}: có {given} nhưng chưa có {missing}.",
            "Điền cả tử số và mẫu số để kiểm tra được số liệu.",
        ),
        Rule(
            Code.VALUE_RATIO_ZERO_DENOMINATOR,
            E,
            "Mẫu số bằng 0",
            "Chỉ số {key}: mẫu số bằng 0 nên không tính được số liệu.",
            "Kiểm tra lại mẫu số.",
        ),
        Rule(
            Code.VALUE_FROM_RATIO,
            INFO,
            "Số liệu tính từ tử số, mẫu số",
            "Chỉ số {key}: ô số liệu để trống hoặc không đọc được; đã tính từ tử số / mẫu số{times} = {computed}.",
            "Nên điền cả số liệu để đối chiếu.",
        ),
        Rule(
            Code.VALUE_MISSING,
            W,
            "Chưa có số liệu",
            "Chỉ số {key} chưa có giá trị kỳ báo cáo.",
            "Điền giá trị; nếu chưa có số liệu, ghi lý do vào cột «Ghi chú».",
        ),
        Rule(
            Code.TASK_STATUS_MISSING,
            E,
            "Chưa chọn tình trạng nhiệm vụ",
            "Nhiệm vụ {key} chưa chọn tình trạng.",
            "Chọn Hoàn thành, Đang thực hiện hoặc Chưa thực hiện.",
        ),
        Rule(
            Code.TASK_STATUS_INVALID,
            E,
            "Tình trạng nhiệm vụ không hợp lệ",
            "Tình trạng «{value}» của nhiệm vụ {key} không có trong danh sách.",
            "Chọn Hoàn thành, Đang thực hiện hoặc Chưa thực hiện.",
        ),
        Rule(
            Code.AGENCY_REPORTER_MISSING,
            W,
            "Thiếu người báo cáo",
            "Chưa ghi người báo cáo và cách liên hệ.",
            "Điền họ tên, điện thoại, thư điện tử ở trang «Thông tin chung».",
        ),
        Rule(
            Code.OFFICIAL_RANK_INVALID,
            E,
            "Thứ hạng không hợp lệ",
            "Thứ hạng «{value}» không hợp lệ (phải là số nguyên từ 1 đến {size}).",
            "Nhập thứ hạng là số nguyên.",
        ),
        Rule(
            Code.OFFICIAL_SCORE_OUT_OF_RANGE,
            E,
            "Điểm ngoài khoảng",
            "Điểm {value} nằm ngoài khoảng 0–100.",
            "Nhập điểm như được công bố.",
        ),
        Rule(
            Code.OFFICIAL_TWIN_DISAGREES,
            W,
            "Một chỉ số thành phần nhập hai điểm khác nhau",
            "Điểm công bố của chỉ số thành phần {component} nhập {value} ở trang «Công bố - Chỉ số» nhưng {other} ở trang "
            "«Công bố - Trụ cột»; dùng điểm ở trang «Công bố - Trụ cột».",
            "Sửa cho hai ô cùng một điểm công bố (chỉ cần nhập ở một trang).",
        ),
        Rule(
            Code.OFFICIAL_COMPOSITE_MISMATCH,
            W,
            "Điểm tổng hợp không khớp",
            "{name} công bố là {value}, nhưng tính từ điểm các trụ cột được {computed}.",
            "Kiểm tra lại điểm các trụ cột và điểm tổng hợp đã nhập.",
        ),
        # --- published results (results import) ----------------------------------------------
        Rule(
            Code.RESULTS_UNREADABLE,
            E,
            "Không đọc được tệp kết quả",
            "Không đọc được tệp kết quả công bố: {detail}.",
            "Mở tệp bằng Excel, kiểm tra tệp mở được, lưu lại dạng .xlsx rồi nhập lại.",
        ),
        Rule(
            Code.RESULTS_NOT_A_RESULTS_FILE,
            E,
            "Không phải tệp kết quả",
            "Tệp không phải tệp nhập kết quả công bố của pii-excel (thiếu trang «{wanted}» hoặc dòng tiêu đề của trang).",
            "Tạo tệp bằng «pii-excel results template» rồi điền theo hồ sơ công bố.",
        ),
        Rule(
            Code.RESULTS_VALUE_NOT_NUMBER,
            E,
            "Không phải là số",
            "«{field}» phải là số, nhưng ô chứa «{value}».",
            "Nhập số như trong hồ sơ công bố (dấu phẩy thập phân: 58,90).",
        ),
        Rule(
            Code.RESULTS_FORMULA,
            E,
            "Ô chứa công thức",
            "Ô chứa công thức; tệp kết quả chỉ nhận số chép từ hồ sơ công bố.",
            "Chép giá trị (Dán giá trị) thay cho công thức.",
        ),
        Rule(
            Code.RESULTS_INFO_MISSING,
            E,
            "Thiếu thông tin công bố",
            "Chưa điền «{field}» ở trang «Thông tin công bố».",
            "Điền theo văn bản công bố của Bộ.",
        ),
        Rule(
            Code.RESULTS_OTHER_PROVINCE,
            E,
            "Kết quả của tỉnh khác",
            "Tệp ghi kết quả của «{value}», nhưng kế hoạch là của «{expected}».",
            "Dùng hồ sơ công bố của đúng tỉnh, thành phố của kế hoạch.",
        ),
        Rule(
            Code.RESULTS_OTHER_EDITION,
            E,
            "Kết quả của năm khác",
            "Tệp ghi kết quả {value}, nhưng tệp được tạo cho {expected}.",
            "Tạo tệp mới bằng «pii-excel results template … --edition NĂM» cho đúng năm công bố.",
        ),
        Rule(
            Code.RESULTS_INDEX_MISSING,
            E,
            "Chưa có điểm chỉ số chung",
            "Chưa điền điểm {name}: tệp chưa đủ để lưu làm kết quả công bố.",
            "Điền điểm và thứ hạng chung theo hồ sơ công bố.",
        ),
        Rule(
            Code.RESULTS_BOUNDS_REVERSED,
            E,
            "Giá trị thấp nhất lớn hơn cao nhất",
            "Chỉ số {name}: giá trị thấp nhất ({low}) lớn hơn giá trị cao nhất ({high}).",
            "Kiểm tra lại hai cột «Thấp nhất» và «Cao nhất» theo hồ sơ công bố.",
        ),
        Rule(
            Code.RESULTS_RAW_OUTSIDE,
            E,
            "Số liệu ngoài khoảng công bố",
            "Chỉ số {name}: giá trị {value} nằm ngoài khoảng {low}–{high} của các tỉnh.",
            "Kiểm tra lại giá trị của tỉnh và hai giá trị thấp nhất, cao nhất.",
        ),
        Rule(
            Code.RESULTS_SCORE_MISMATCH,
            E,
            "Điểm không khớp cách chuẩn hoá",
            "Chỉ số {name}: điểm {value} khác điểm tính từ giá trị {raw} trong khoảng {low}–{high} ({computed}).",
            "Kiểm tra lại giá trị, hai giới hạn và điểm; chỉ số có hướng «thấp hơn là tốt hơn» được tính ngược.",
        ),
        Rule(
            Code.RESULTS_SCORE_OUT_OF_RANGE,
            E,
            "Điểm ngoài thang 0–100",
            "Điểm của {name} là {value}, ngoài thang 0–100.",
            "Kiểm tra lại điểm theo hồ sơ công bố.",
        ),
        Rule(
            Code.RESULTS_MEAN_MISMATCH,
            E,
            "Điểm tổng hợp không khớp",
            "{name}: điểm {value} khác trung bình các thành phần ({computed}, từ {parts}).",
            "Kiểm tra lại điểm đã nhập của {name} và các thành phần của nó.",
        ),
        Rule(
            Code.RESULTS_GROUP_MEAN_DIFFERS,
            W,
            "Điểm nhóm khác trung bình chỉ số đã nhập",
            "{name}: điểm {value} khác trung bình các chỉ số đã nhập của nhóm ({computed}, {count} chỉ số).",
            "Nhập đủ mọi chỉ số của nhóm theo hồ sơ công bố, hoặc kiểm tra lại điểm.",
        ),
        Rule(
            Code.RESULTS_RANK_DISAGREES,
            W,
            "Thứ hạng khác thứ tự điểm các tỉnh",
            "Thứ hạng của {name} là {value}, nhưng theo điểm của các tỉnh đã nhập thì là {computed}.",
            "Đối chiếu lại điểm và thứ hạng của tỉnh và của các tỉnh khác với hồ sơ công bố.",
        ),
        Rule(
            Code.RESULTS_OTHERS_ROW_INVALID,
            W,
            "Dòng tỉnh khác không dùng được",
            "Dòng này không được dùng: {detail}.",
            "Mỗi dòng ghi tên tỉnh, mã (chỉ số 1.1.1, nhóm 1.1, trụ cột 1, ĐV, ĐR, PII) và điểm; kết quả của chính "
            "tỉnh nhập ở trang «Chỉ số thành phần» và «Nhóm, trụ cột».",
        ),
        Rule(
            Code.RESULTS_OTHERS_ROW_REPEATED,
            W,
            "Dòng tỉnh khác nhập hai lần",
            "{province} — mã {value} đã nhập ở dòng {first}; dòng này không được dùng.",
            "Xoá dòng nhập lặp.",
        ),
        Rule(
            Code.RESULTS_RANK_INVALID,
            E,
            "Thứ hạng không hợp lệ",
            "Thứ hạng «{value}» của {name} không nằm trong 1–{size} (số tỉnh, thành phố được xếp hạng).",
            "Nhập thứ hạng như hồ sơ công bố (ví dụ 6 hoặc 6/34).",
        ),
        Rule(
            Code.RESULTS_ROW_INCOMPLETE,
            W,
            "Dòng chưa điền đủ",
            "Chỉ số {name} mới điền một phần ({missing} còn trống).",
            "Điền đủ giá trị, thấp nhất, cao nhất, điểm và thứ hạng, hoặc để trống cả dòng nếu hồ sơ không có.",
        ),
        # --- intake: submissions ----------------------------------------------------------
        Rule(
            Code.SUBMISSION_SUPERSEDED,
            INFO,
            "Tệp bị thay thế",
            "{count} tệp nộp trước không được dùng vì đơn vị đã nộp tệp mới hơn ({newer}): {files}.",
            "Không cần làm gì.",
        ),
        Rule(
            Code.SUBMISSION_SAME_SAVED_TIME,
            W,
            "Hai tệp cùng thời điểm lưu",
            "Có {count} tệp của đơn vị cùng thời điểm lưu {value}; đã dùng tệp {used} (theo thời gian tệp và tên tệp).",
            "Chỉ gửi một tệp cho mỗi kỳ báo cáo.",
        ),
        Rule(
            Code.SUBMISSION_LATE,
            W,
            SubmissionState.LATE.label,
            "Nộp muộn {days} ngày so với hạn {deadline} (thời điểm {value}, theo {source}).",
            "Nộp đúng hạn ở các kỳ sau.",
        ),
        Rule(
            Code.SUBMISSION_MISSING,
            E,
            "Chưa nộp báo cáo",
            "{name} chưa nộp báo cáo kỳ này (hạn {deadline}).",
            "Điền mẫu báo cáo và gửi về đơn vị tổng hợp.",
        ),
        Rule(
            Code.SUBMISSION_DUPLICATE,
            INFO,
            "Tệp đã nhận trước đó",
            "Tệp giống hệt tệp {kept} đã nhận; chỉ tính một lần, theo thời điểm nhận sớm nhất.",
            "Không cần làm gì.",
        ),
        # --- intake: e-mails and the received-dates table ---------------------------------------
        Rule(
            Code.MAIL_UNREADABLE,
            E,
            "Không đọc được thư",
            "Không đọc được thư {message}: {detail}.",
            "Lưu lại thư từ hộp thư (hoặc lưu riêng tệp đính kèm) rồi đặt lại vào thư mục input.",
        ),
        Rule(
            Code.MAIL_TOO_LARGE,
            E,
            "Thư quá lớn",
            "Thư {message} lớn hơn {limit} nên không được đọc.",
            "Lưu riêng tệp báo cáo đính kèm trong thư rồi đặt vào thư mục input.",
        ),
        Rule(
            Code.MAIL_NO_ATTACHMENT,
            W,
            "Thư không có tệp đính kèm",
            "Thư {message} không có tệp đính kèm.",
            "Nếu đây là thư gửi báo cáo, đề nghị đơn vị gửi lại kèm tệp mẫu báo cáo đã điền.",
        ),
        Rule(
            Code.MAIL_ATTACHMENT_NOT_WORKBOOK,
            INFO,
            "Tệp đính kèm không phải bảng tính",
            "Tệp đính kèm «{attachment}» (thư {message}) không phải bảng tính nên không được đọc.",
            "Không cần làm gì nếu đó là công văn hay tài liệu minh chứng; số liệu phải nằm trong tệp mẫu báo cáo.",
        ),
        Rule(
            Code.MAIL_TOO_MANY_ATTACHMENTS,
            E,
            "Thư có quá nhiều tệp đính kèm",
            "Thư {message} có hơn {limit} tệp đính kèm; các tệp sau đó không được đọc.",
            "Lưu riêng các tệp báo cáo trong thư rồi đặt vào thư mục input.",
        ),
        Rule(
            Code.MAIL_SENDER_MISMATCH,
            W,
            "Người gửi khác địa chỉ của đơn vị",
            "Tệp của {name} được gửi từ {sender}, không phải địa chỉ thư điện tử của đơn vị trong kế hoạch "
            "({expected}); thư {message}.",
            "Xác nhận với đơn vị; nếu đúng là địa chỉ của đơn vị, bổ sung vào cột «Thư điện tử» của đơn vị trong "
            "kế hoạch (nhiều địa chỉ cách nhau bằng dấu chấm phẩy).",
        ),
        Rule(
            Code.TEXT_OWN_OTHER_PERIOD,
            W,
            "Nội dung của Sở thuộc kỳ khác",
            "Tệp nội dung Sở tự viết ghi kỳ «{value}», không phải kỳ {period}; nội dung không được dùng (báo cáo để "
            "dòng chấm).",
            "Sửa ô «Kỳ báo cáo» nếu nội dung đúng là của kỳ này, hoặc dùng bản trống trong thư mục kết quả của kỳ.",
        ),
        Rule(
            Code.TEXT_OWN_NOT_FOUND,
            W,
            "Không đọc được nội dung của Sở",
            "Tệp «{name}» không có trang nào ghi các mục II.3, III, IV ở cột A hoặc B; nội dung không được dùng.",
            "Dùng bản trống trong thư mục kết quả của kỳ (giữ nguyên cột A, B), điền vào cột C rồi chạy lại.",
        ),
        Rule(
            Code.EVIDENCE_TYPE_REFUSED,
            W,
            "Tệp minh chứng không được nhận",
            "Tệp minh chứng «{name}» không được nhận: {reason}. Tệp không được chép vào bộ minh chứng.",
            "Đề nghị đơn vị gửi lại tệp dưới dạng PDF, Word, Excel hoặc ảnh (JPG, PNG); không gửi chương trình, tệp lệnh hay tệp nén khác .zip.",
        ),
        Rule(
            Code.EVIDENCE_MACRO,
            W,
            "Minh chứng có macro hoặc mã lệnh",
            "Tệp minh chứng «{name}» không được nhận: {reason}. Mã lệnh không bao giờ được chạy hay chép đi.",
            "Đề nghị đơn vị lưu lại thành PDF, hoặc .docx/.xlsx thường (không có macro), rồi gửi lại.",
        ),
        Rule(
            Code.EVIDENCE_PASSWORD,
            W,
            "Minh chứng có mật khẩu",
            "Tệp minh chứng «{name}» không được nhận: {reason}; Bộ không mở được tệp có mật khẩu.",
            "Đề nghị đơn vị bỏ mật khẩu rồi gửi lại.",
        ),
        Rule(
            Code.EVIDENCE_DAMAGED,
            W,
            "Minh chứng bị hỏng",
            "Tệp minh chứng «{name}» không được nhận: {reason}.",
            "Đề nghị đơn vị mở thử tệp rồi gửi lại bản mở được.",
        ),
        Rule(
            Code.EVIDENCE_TOO_LARGE,
            W,
            "Minh chứng quá lớn",
            "Tệp minh chứng «{name}» không được nhận: {reason}.",
            "Đề nghị đơn vị quét lại ở độ phân giải thấp hơn (150–200 dpi) hoặc tách thành nhiều tệp.",
        ),
        Rule(
            Code.EVIDENCE_LIMIT,
            W,
            "Quá giới hạn minh chứng",
            "Tệp minh chứng «{name}» không được lấy: {reason}.",
            "Bỏ bớt các tệp không cần khỏi thư mục input (bản trùng, tệp cũ) rồi chạy lại.",
        ),
        Rule(
            Code.EVIDENCE_NAME_CHANGED,
            INFO,
            "Tên tệp minh chứng được đổi",
            "Tệp minh chứng gửi với tên «{given}» được lưu với tên «{name}» (tên gốc có đường dẫn thư mục, "
            "ký tự Windows không cho dùng, hoặc quá dài).",
            "Không cần làm gì; tệp vẫn giữ nguyên nội dung.",
        ),
        Rule(
            Code.EVIDENCE_NO_AGENCY,
            W,
            "Minh chứng chưa rõ đơn vị",
            "Không xác định được đơn vị gửi tệp minh chứng «{name}»; tệp được xếp vào «{folder}».",
            "Đặt tệp vào thư mục mang mã đơn vị (ví dụ input/SCT/), hoặc để trong thư có tệp báo cáo của đơn vị, "
            "rồi chạy lại.",
        ),
        Rule(
            Code.EVIDENCE_UNMATCHED,
            W,
            "Minh chứng chưa gắn chỉ số",
            "Chưa xác định tệp minh chứng «{name}» của {owner} dùng cho chỉ số nào; tệp được xếp vào «{folder}».",
            "Ghi tên tệp vào cột nguồn số liệu ở dòng chỉ số trong mẫu báo cáo, hoặc đặt mã chỉ số ở đầu tên tệp "
            "(ví dụ «2.2.1 - Quyết định 123.pdf»); hoặc phòng tự chuyển tệp vào thư mục của chỉ số trước khi tải lên.",
        ),
        Rule(
            Code.EVIDENCE_DUPLICATE,
            INFO,
            "Minh chứng gửi trùng",
            "Tệp minh chứng «{name}» giống hệt tệp «{other}» đã nhận của cùng đơn vị; chỉ lưu một lần.",
            "Không cần làm gì.",
        ),
        Rule(
            Code.EVIDENCE_SAME_AS_OTHER_AGENCY,
            INFO,
            "Hai đơn vị gửi cùng một minh chứng",
            "Tệp minh chứng «{name}» của {owner} giống hệt tệp «{other}» của {other_owner}; mỗi đơn vị "
            "giữ bản của mình trong bộ minh chứng.",
            "Kiểm tra đơn vị nào chủ trì số liệu; chỉ tải lên bản của đơn vị chủ trì nếu hệ thống của Bộ không nhận "
            "trùng.",
        ),
        Rule(
            Code.EVIDENCE_NAMED_NOT_RECEIVED,
            W,
            "Thiếu tệp minh chứng đã ghi",
            "Mẫu báo cáo ghi tệp minh chứng «{named}» cho chỉ số {key} nhưng chưa nhận được tệp đó.",
            "Đề nghị đơn vị gửi tệp (kèm thư hoặc trong thư mục của đơn vị) rồi chạy lại.",
        ),
        Rule(
            Code.RECEIVED_DATE_INVALID,
            E,
            "Ngày nhận không hợp lệ",
            "Ngày nhận của tệp «{name}» không phải là ngày.",
            "Nhập ngày dạng dd/mm/yyyy (có thể kèm giờ, ví dụ 05/12/2024 09:30).",
        ),
        Rule(
            Code.RECEIVED_TABLE_HEADERS_MISSING,
            E,
            "Bảng ngày nhận thiếu cột",
            "Bảng ngày nhận không có hai cột {headers} nên không được dùng.",
            "Đặt tiêu đề cột «Tên tệp» và «Ngày nhận» ở dòng đầu bảng, mỗi dòng một tệp.",
        ),
        Rule(
            Code.RECEIVED_DATE_IMPLAUSIBLE,
            W,
            "Ngày nhận không hợp lý",
            "Ngày nhận của tệp «{name}» là {value}, {why}; ngày này không được dùng (dùng thời điểm của chính tệp).",
            "Kiểm tra lại ngày (thường là gõ nhầm năm) rồi chạy lại.",
        ),
        Rule(
            Code.RECEIVED_NAME_TWICE,
            W,
            "Tệp ghi hai lần trong bảng ngày nhận",
            "Tệp «{name}» được ghi nhiều lần trong bảng ngày nhận (ô {first} và ô {cell}); dùng dòng ghi sau ({value}).",
            "Xoá dòng thừa trong bảng ngày nhận để chỉ còn một ngày nhận cho mỗi tệp.",
        ),
        Rule(
            Code.RECEIVED_FILE_UNKNOWN,
            W,
            "Bảng ngày nhận ghi tệp không có",
            "Bảng ngày nhận ghi tệp «{name}» nhưng thư mục input không có tệp nào tên như vậy.",
            "Sửa tên tệp trong bảng cho đúng tên tệp trong thư mục input (hoặc tên tệp đính kèm trong thư).",
        ),
    ]
}


@dataclass(frozen=True)
class Finding:
    code: Code
    severity: Severity
    message: str
    location: Location = NOWHERE
    value: str = ""  # what was seen in the cell, as text, shortened
    agency: str | None = None  # the agency whose file or duty this concerns; None for the run or the plan
    details: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)  # the message's facts, as data
    technical: str = ""  # the library's own words (English), for support; never shown as the message

    @property
    def rule(self) -> Rule:
        return CATALOGUE[self.code]

    @property
    def fix(self) -> str:
        """How to fix it, in the finding's own facts ("… bằng tử số chia mẫu số × 100")."""
        facts = {"value": self.value, **self.location.to_dict(), **{k: _shown(v) for k, v in self.details.items()}}
        return self.rule.fix.format_map(_Facts(facts))

    def of_agency(self, agency: str | None) -> Finding:
        return self if agency == self.agency else replace(self, agency=agency)

    def to_dict(self) -> dict[str, object]:
        """run.json form: the location flat (file, sheet, cell), details as JSON data."""
        return {
            "code": self.code.value,
            "severity": self.severity.value,
            "message": self.message,
            **self.location.to_dict(),
            "value": self.value,
            "technical": self.technical,
            "agency": self.agency,
            "details": {k: _json_value(v) for k, v in self.details.items()},
        }


class _Facts(dict[str, object]):
    """A fact a fix text names but this finding lacks reads as nothing, never as "{times}"."""

    def __missing__(self, key: str) -> str:
        return ""


def _json_value(value: object) -> object:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Vocab):
        return value.value
    return value


def _shown(value: object) -> str:
    """A detail as the message shows it: dates dd/mm/yyyy, numbers the Vietnamese way."""
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float):  # ints (days, years, ranks) print plainly, as before
        return format_number(value, 6)
    if isinstance(value, Vocab):
        return value.label
    return str(value)


def finding(
    code: Code,
    *,
    at: Location = NOWHERE,
    value: object = "",
    agency: str | None = None,
    technical: str = "",
    **details: object,
) -> Finding:
    """Build a Finding from the catalogue: the message is formatted from the details, which are kept as data."""
    rule = CATALOGUE[code]
    shown = "" if value is None else _shown(value)
    if len(shown) > 200:
        shown = shown[:200] + "…"
    # the location's parts are there for templates that name the sheet ("Thiếu trang «{sheet}»")
    message = rule.template.format(value=shown, **at.to_dict(), **{k: _shown(v) for k, v in details.items()})
    if trace := os.environ.get(TRACE_ENV):
        _trace(trace, code)
    return Finding(code, rule.severity, message, at, shown, agency, dict(details), technical)


TRACE_ENV = "PII_EXCEL_TRACE_FINDINGS"  # the test suite proves every code reachable by listing those produced


def _trace(path: str, code: Code) -> None:
    try:
        with open(path, "a", encoding="utf-8") as fh:  # one short line per write: appends from workers do not mix
            fh.write(f"{code.value}\n")
    except OSError:  # instrumentation never stops a run
        pass


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def on_row(findings: Iterable[Finding], at: Location | None) -> list[Finding]:
    """Findings on the same row of the same sheet and file as `at` (a value, its parts, its evidence)."""
    if at is None:
        return []
    row = _row_number(at.cell)
    return [
        f
        for f in findings
        if f.location.file == at.file and f.location.sheet == at.sheet and _row_number(f.location.cell) == row
    ]


def _row_number(cell: str) -> str:
    return "".join(ch for ch in cell if ch.isdigit())
