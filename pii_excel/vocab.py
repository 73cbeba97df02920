"""The tool's closed vocabularies, each value with its one Vietnamese label.

Every status, role, side and state the tool decides is a member of an enum here; code compares members, run.json
stores their values, and only outputs turn them into words through `.label`. No other module spells these labels.
The enums are `str` subclasses so their values read and compare as the plain strings run.json has always held.
"""

from __future__ import annotations

from enum import Enum


class Vocab(str, Enum):
    """A value of a closed vocabulary; `str()` and f-strings give the value on every Python version."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    # Enum hashes by name; hashing as the value keeps members and their plain strings interchangeable as keys.
    def __hash__(self) -> int:
        return hash(self.value)

    @property
    def label(self) -> str:
        return _LABELS[(type(self), self.value)]


class Severity(Vocab):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Verdict(Vocab):
    """How a value, pillar or composite stands against its goal."""

    EXCEEDED = "exceeded"
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"
    AWAITING = "awaiting"  # a score target with no published score and no estimate yet: no verdict, nobody blamed
    UNVERIFIED = "unverified"  # the figure carries an error or a warning of its own: not counted until checked
    NOT_DUE = "not_due"  # not reported in this period (a yearly indicator in a quarter): nobody owes it now
    NO_GOAL = "no_goal"

    @property
    def reached(self) -> bool:
        return self in (Verdict.EXCEEDED, Verdict.MET)


class TaskStatus(Vocab):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    NOT_REPORTED = "not_reported"  # owed this period, no status given (or no file)


REPORTABLE_TASK_STATUSES = (TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED)


class Role(Vocab):
    LEAD = "lead"
    COOPERATING = "cooperating"


class Side(Vocab):
    INPUT = "input"
    OUTPUT = "output"


class SubmissionState(Vocab):
    """Whether an agency's report for the period came in, and when."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    NOT_REQUIRED = "not_required"


class FileStatus(Vocab):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"
    DUPLICATE = "duplicate"  # the same bytes as a file already taken (an attachment sent again)
    SKIPPED = "skipped"
    MAILBOX = "mailbox"  # an e-mail or mailbox file: its attachments are listed as files of their own
    RECEIVED_TABLE = "received_table"  # the received-dates table staff keep in the input folder
    OWN_TEXT = "own_text"  # the department's own text for the report («noi-dung-cua-so.xlsx»)
    EVIDENCE = "evidence"  # an evidence file (PDF, Word, Excel, picture) or a zip of them, taken for the upload


class EvidenceMatch(Vocab):
    """How an evidence file was put with its indicator."""

    TEMPLATE = "template"  # the template's row names the file or its document
    FILE_NAME = "file_name"  # the indicator's code is in the file's name or its folder's
    UNMATCHED = "unmatched"  # left for the department to assign


class TargetOn(Vocab):
    """What an indicator's baseline and target are on."""

    SCORE = "score"  # the index score the publisher computes (PII appendix: "Mức điểm số")
    FIGURE = "figure"  # the raw figure itself ("tỷ lệ hồ sơ nộp trực tuyến trên 90%")


class FigureFrom(Vocab):
    """Who supplies an indicator's figure."""

    AGENCY = "agency"  # the lead agency reports the raw figure every period
    PUBLISHED = "published"  # only the publisher's result (a firm survey): agencies report tasks only
    DOCUMENTS = "documents"  # the lead lists documents (number, date, title, issuer); the publisher scores them


class Basis(Vocab):
    """What a score or a verdict rests on; every output names it, so an estimate never reads as a result."""

    OFFICIAL = "official"  # a published score (or published figure) entered by the coordinator
    ESTIMATE = "estimate"  # computed here from raw figures and the latest published bounds
    REPORTED = "reported"  # a raw figure an agency reported, judged against a target on the raw figure
    PENDING = "pending"  # nothing to rest on until the results are published


class SourceKind(Vocab):
    """Where an index indicator's raw value comes from (framework data, by edition): who can supply it."""

    PROVINCE = "province"  # the lead agency reports the raw figure with evidence
    STATISTICS = "statistics"  # the Ministry takes it from the statistics office; the department may check it
    OTHER_INDEX = "other_index"  # another publisher's score (PCI sub-index, PAR INDEX, DTI, PAPI)
    ASSESSED = "assessed"  # scored by the Ministry from documents the province submits (1.1.1)
    SURVEY = "survey"


class ResultKind(Vocab):
    """A row of a published profile above the indicators."""

    # values apart from every other vocabulary's: members compare and hash as their values, one label table
    GROUP = "result_group"
    PILLAR = "result_pillar"
    INPUT = "result_input"
    OUTPUT = "result_output"
    INDEX = "result_index"


class TimeSource(Vocab):
    """Which clock dated a submission."""

    WORKBOOK = "workbook"  # the last-saved time inside the file
    FILE = "file"  # the file's modification time
    MAIL_RECEIVED = "mail_received"  # when the department's mail server received the message (Received:)
    MAIL_SENT = "mail_sent"  # when the message says it was sent (Date:), when no server time is recorded
    RECEIVED_TABLE = "received_table"  # the date staff wrote in the received-dates table


class Tone(Vocab):
    """The one colour rule every output follows (workbook fills, charts): what a reader should feel."""

    GOOD = "good"  # met or exceeded, on time, done
    PROGRESS = "progress"  # not met but better than the baseline, late, in progress
    BAD = "bad"  # not met and not better, missing, not started, error
    NEUTRAL = "neutral"  # no data, no goal, not reported, information
    CHECK = "check"  # a value to verify before it counts


# (enum, value) -> label: members of different vocabularies may share a value ("received_table" is a file status and
# a time source), and members compare and hash as their values, so the table is keyed by the enum too.
_LABELS: dict[tuple[type, str], str] = {
    (Severity, Severity.ERROR.value): "Lỗi",
    (Severity, Severity.WARNING.value): "Cảnh báo",
    (Severity, Severity.INFO.value): "Thông tin",
    (Verdict, Verdict.EXCEEDED.value): "Vượt",
    (Verdict, Verdict.MET.value): "Đạt",
    (Verdict, Verdict.NOT_MET.value): "Chưa đạt",
    (Verdict, Verdict.NO_DATA.value): "Không có số liệu",
    (Verdict, Verdict.AWAITING.value): "Chờ kết quả công bố",
    (Verdict, Verdict.UNVERIFIED.value): "Cần xác minh",
    (Verdict, Verdict.NOT_DUE.value): "Không thuộc kỳ này",
    (Verdict, Verdict.NO_GOAL.value): "Không đặt mục tiêu",
    (TaskStatus, TaskStatus.DONE.value): "Hoàn thành",
    (TaskStatus, TaskStatus.IN_PROGRESS.value): "Đang thực hiện",
    (TaskStatus, TaskStatus.NOT_STARTED.value): "Chưa thực hiện",
    (TaskStatus, TaskStatus.NOT_REPORTED.value): "Chưa báo cáo",
    (Role, Role.LEAD.value): "Chủ trì",
    (Role, Role.COOPERATING.value): "Phối hợp",
    (Side, Side.INPUT.value): "Đầu vào",
    (Side, Side.OUTPUT.value): "Đầu ra",
    (SubmissionState, SubmissionState.ON_TIME.value): "Đúng hạn",
    (SubmissionState, SubmissionState.LATE.value): "Nộp muộn",
    (SubmissionState, SubmissionState.MISSING.value): "Chưa nộp",
    (SubmissionState, SubmissionState.NOT_REQUIRED.value): "Không phải nộp",
    (FileStatus, FileStatus.ACCEPTED.value): "Được nhận",
    (FileStatus, FileStatus.REJECTED.value): "Bị loại",
    (FileStatus, FileStatus.SUPERSEDED.value): "Bị thay thế",
    (FileStatus, FileStatus.SKIPPED.value): "Bỏ qua",
    (FileStatus, FileStatus.DUPLICATE.value): "Trùng tệp đã nhận",
    (FileStatus, FileStatus.MAILBOX.value): "Tệp thư điện tử",
    (FileStatus, FileStatus.RECEIVED_TABLE.value): "Bảng ngày nhận",
    (FileStatus, FileStatus.EVIDENCE.value): "Minh chứng",
    (FileStatus, FileStatus.OWN_TEXT.value): "Nội dung của Sở",
    (EvidenceMatch, EvidenceMatch.TEMPLATE.value): "Ghi trong mẫu báo cáo",
    (EvidenceMatch, EvidenceMatch.FILE_NAME.value): "Mã chỉ số trong tên tệp",
    (EvidenceMatch, EvidenceMatch.UNMATCHED.value): "Chưa xác định chỉ số",
    (TargetOn, TargetOn.SCORE.value): "Điểm số",
    (TargetOn, TargetOn.FIGURE.value): "Số liệu gốc",
    (FigureFrom, FigureFrom.AGENCY.value): "Đơn vị chủ trì báo cáo",
    (FigureFrom, FigureFrom.PUBLISHED.value): "Chỉ theo kết quả công bố",
    (FigureFrom, FigureFrom.DOCUMENTS.value): "Đơn vị kê danh mục văn bản",
    (Basis, Basis.OFFICIAL.value): "chính thức",
    (Basis, Basis.ESTIMATE.value): "ước tính",
    (Basis, Basis.REPORTED.value): "theo số liệu báo cáo",
    (Basis, Basis.PENDING.value): "chờ kết quả công bố",
    (TimeSource, TimeSource.WORKBOOK.value): "Thời điểm lưu ghi trong tệp",
    (TimeSource, TimeSource.FILE.value): "Thời gian của tệp",
    (TimeSource, TimeSource.MAIL_RECEIVED.value): "Thời điểm nhận thư điện tử",
    (TimeSource, TimeSource.MAIL_SENT.value): "Thời điểm gửi ghi trong thư điện tử",
    (TimeSource, TimeSource.RECEIVED_TABLE.value): "Ngày nhận ghi trong bảng ngày nhận",
    (SourceKind, SourceKind.PROVINCE.value): "Số liệu của tỉnh",
    (SourceKind, SourceKind.STATISTICS.value): "Thống kê quốc gia",
    (SourceKind, SourceKind.OTHER_INDEX.value): "Điểm của chỉ số khác",
    (SourceKind, SourceKind.ASSESSED.value): "Bộ đánh giá từ văn bản",
    (SourceKind, SourceKind.SURVEY.value): "Điều tra",
    (ResultKind, ResultKind.GROUP.value): "Nhóm (x.y)",
    (ResultKind, ResultKind.PILLAR.value): "Trụ cột (x)",
    (ResultKind, ResultKind.INPUT.value): "Đầu vào (ĐV)",
    (ResultKind, ResultKind.OUTPUT.value): "Đầu ra (ĐR)",
    (ResultKind, ResultKind.INDEX.value): "Chỉ số chung (điểm tổng)",
    (Tone, Tone.GOOD.value): "Xanh",
    (Tone, Tone.PROGRESS.value): "Vàng",
    (Tone, Tone.BAD.value): "Đỏ",
    (Tone, Tone.NEUTRAL.value): "Xám",
    (Tone, Tone.CHECK.value): "Tím",
}

YES, NO = "Có", "Không"


def yes_no(flag: bool | None) -> str:
    """ "Có" / "Không", blank when unknown."""
    return "" if flag is None else (YES if flag else NO)


def judged_label(verdict: Verdict, basis: Basis) -> str:
    """A verdict with what it rests on, so an estimate never reads as a published result: "Đạt (ước tính)"."""
    if verdict in (Verdict.AWAITING, Verdict.NO_DATA, Verdict.NO_GOAL, Verdict.UNVERIFIED, Verdict.NOT_DUE) or (
        basis is Basis.PENDING
    ):
        return verdict.label
    return f"{verdict.label} ({basis.label})"


def verdict_tone(verdict: Verdict, improved: bool | None = None) -> Tone:
    """Green when reached; amber when not reached but better than the baseline; red otherwise; purple when the
    value must be verified first; grey without data or goal."""
    if verdict.reached:
        return Tone.GOOD
    if verdict is Verdict.NOT_MET:
        return Tone.PROGRESS if improved else Tone.BAD
    if verdict is Verdict.UNVERIFIED:
        return Tone.CHECK
    return Tone.NEUTRAL


ACCOUNTABILITY_HEADER = "Theo trách nhiệm của Kế hoạch"


def accountability_label(missed: tuple[str, ...], undecided: tuple[str, ...]) -> tuple[str, Tone]:
    """Where an agency stands under the plan's sanction for missed targets (Plan.accountability), in a cell."""
    if missed:
        return f"Chưa đạt mục tiêu chủ trì: {', '.join(missed)}", Tone.BAD
    if undecided:
        return f"Chưa đủ căn cứ kết luận: {', '.join(undecided)}", Tone.NEUTRAL
    return "Đạt các mục tiêu chủ trì", Tone.GOOD


# How indicators are counted in charts and legends: the verdict, with "not met" split by the colour rule.
NOT_MET_BETTER = "not_met_better"
OUTCOMES: tuple[tuple[str, str, Tone], ...] = (
    (Verdict.EXCEEDED.value, Verdict.EXCEEDED.label, Tone.GOOD),
    (Verdict.MET.value, Verdict.MET.label, Tone.GOOD),
    (NOT_MET_BETTER, f"{Verdict.NOT_MET.label}, tốt hơn năm cơ sở", Tone.PROGRESS),
    (Verdict.NOT_MET.value, Verdict.NOT_MET.label, Tone.BAD),
    (Verdict.UNVERIFIED.value, Verdict.UNVERIFIED.label, Tone.CHECK),
    (Verdict.AWAITING.value, Verdict.AWAITING.label, Tone.NEUTRAL),
    (Verdict.NO_DATA.value, Verdict.NO_DATA.label, Tone.NEUTRAL),
    (Verdict.NOT_DUE.value, Verdict.NOT_DUE.label, Tone.NEUTRAL),
)


def outcome_of(verdict: Verdict, improved: bool | None) -> str:
    """The OUTCOMES key of a verdict (NO_GOAL has none: it is not counted)."""
    if verdict is Verdict.NOT_MET and improved:
        return NOT_MET_BETTER
    return verdict.value


TONE_OF: dict[Vocab, Tone] = {
    SubmissionState.ON_TIME: Tone.GOOD,
    SubmissionState.LATE: Tone.PROGRESS,
    SubmissionState.MISSING: Tone.BAD,
    SubmissionState.NOT_REQUIRED: Tone.NEUTRAL,
    TaskStatus.DONE: Tone.GOOD,
    TaskStatus.IN_PROGRESS: Tone.PROGRESS,
    TaskStatus.NOT_STARTED: Tone.BAD,
    TaskStatus.NOT_REPORTED: Tone.NEUTRAL,
    Severity.ERROR: Tone.BAD,
    Severity.WARNING: Tone.PROGRESS,
    Severity.INFO: Tone.NEUTRAL,
}
