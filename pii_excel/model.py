"""The consolidation model: everything one run established, frozen, built once by the pipeline.

Every writer (summary workbook, feedback, report, run.json, and the ones to come) takes a `Consolidation` and
nothing else. The plan is carried as the plan facts the outputs quote (titles, names, goals, report settings);
who owed what is already resolved into `TaskLine`s and evaluation results, so no writer recomputes duties or
reads intake's internals. Dates and times stay dates and times until a writer formats them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from pii_excel.findings import Finding, Location
from pii_excel.plan.model import Agency, Goal, Period, Plan
from pii_excel.vocab import (
    Basis,
    EvidenceMatch,
    FigureFrom,
    FileStatus,
    Role,
    Severity,
    Side,
    SubmissionState,
    TargetOn,
    TaskStatus,
    TimeSource,
    Verdict,
)

# --- what intake read ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailOrigin:
    """The e-mail a workbook came attached to (the innermost message holding it, for a forwarded one)."""

    container: str  # the .eml/.msg/.mbox file in the input folder
    sender: str  # the address, lower case
    sender_name: str
    subject: str
    received_at: datetime | None  # when the department's server received it, else when it was sent
    time_source: TimeSource | None
    attachment: str  # the attachment's own file name

    def describe(self) -> str:
        """The message as staff find it in their mailbox: sender, subject, date ("thư {describe()}")."""
        verb = "gửi" if self.time_source is TimeSource.MAIL_SENT else "nhận"
        when = f", {verb} lúc {self.received_at:%H:%M ngày %d/%m/%Y}" if self.received_at else ""
        sender = f"của {self.sender}" if self.sender else "không rõ người gửi"
        return f"{sender}, tiêu đề «{self.subject or '(không có tiêu đề)'}»{when}"


@dataclass(frozen=True)
class InputFile:
    path: str  # relative to the input folder, NFC; an attachment is "<mail file> › [thư N ›] <attachment>"
    sha256: str
    size: int
    status: FileStatus = FileStatus.SKIPPED
    agency: str | None = None
    saved_at: datetime | None = None  # when it was received or saved (the source says which), local time
    saved_source: TimeSource | None = None
    reason: str = ""
    mail: MailOrigin | None = None


@dataclass(frozen=True)
class EnteredCell:
    """A cell an agency filled in, as typed: what a correction workbook gives back and a resubmission is compared
    on. Keyed by meaning (template sheet, row code, column), so it maps onto any copy of the template."""

    agency: str
    sheet: str  # the template's sheet name (layout.SHEET_*)
    key: str  # the row's code (indicator code, task id) or the information field
    column: str  # the column's key (layout.Col.key); "value" on the information sheet
    cell: str  # where it was in the submitted file
    value: object  # text, number, date or boolean as the reader gave it


@dataclass(frozen=True)
class CellChange:
    """A cell whose value differs between an agency's first file of the period and its newest."""

    agency: str
    older_file: str
    newer_file: str
    sheet: str
    key: str
    column: str
    cell: str  # in the newer file
    old: object
    new: object
    what: str = ""  # what the cell holds, as the template's header says ("2.1.2 — Số liệu kỳ báo cáo")
    is_figure: bool = False  # an indicator's raw figure, numerator or denominator (not a note, a name, a status)


@dataclass(frozen=True)
class ReportedValue:
    indicator: str
    agency: str
    value: float | None  # the raw figure, in the figure's unit (computed from numerator/denominator if blank)
    source: Location
    evidence: str = ""  # evidence document (số, ngày văn bản), as the agency wrote it
    link: str = ""
    note: str = ""
    numerator: float | None = None
    denominator: float | None = None
    evidence_cell: str = ""  # where the evidence document was written (the row's source cell)


@dataclass(frozen=True)
class PolicyDocument:
    """A document the lead lists for an indicator the publisher scores from documents (PII 1.1.1)."""

    indicator: str
    agency: str
    number: str  # «15/2024/NQ-HĐND»
    issued: date | None
    title: str
    issuer: str = ""
    evidence: str = ""  # the file or link
    note: str = ""
    source: Location | None = None


OWN_TEXT_FILE = "noi-dung-cua-so.xlsx"  # the department's own sections of the report, kept in the input folder


@dataclass(frozen=True)
class OwnText:
    """A section of the report the department wrote itself («noi-dung-cua-so.xlsx»): II.3, III or IV."""

    key: str  # nguyen_nhan | giai_phap | de_xuat
    text: str
    source: Location


@dataclass(frozen=True)
class EvidenceFile:
    """An evidence file an agency sent (an attachment, a file in its folder, a member of its zip): where it came
    from, whose it is, which indicators it supports and where the run stored it — or why it was not taken."""

    source: str  # shown path: "SCT/qd-123.pdf", "thu.eml › qd-123.pdf", "SCT.zip › 2.2.1/qd-123.pdf"
    name: str  # its own name, safe on every system
    agency: str | None  # None: nobody could tell whose it is
    indicators: tuple[str, ...] = ()  # codes; empty when unmatched or refused
    matched_by: EvidenceMatch = EvidenceMatch.UNMATCHED
    documents: tuple[str, ...] = ()  # the documents the template's rows name for it
    kind: str = ""  # "PDF", "Word (.docx)", "Ảnh JPEG"; "" when refused
    size: int = 0
    sha256: str = ""
    pages: int | None = None
    blob: str = ""  # where the run's evidence store holds its bytes until the outputs are written
    stored_as: tuple[str, ...] = ()  # its paths under the period's output folder ("minh-chung/2.2.1/SCT - qd.pdf")
    refused: str = ""  # why it was not taken (then nothing is stored)
    duplicate_of: str = ""  # the same bytes already taken from the same agency: stored once, under that file
    given_name: str = ""  # the name as sent, when it had to change to be stored


@dataclass(frozen=True)
class TaskReport:
    agency: str
    task: str
    role: Role | None
    status: TaskStatus | None  # None when the agency gave no (valid) status
    result: str = ""
    difficulty: str = ""
    source: Location | None = None


@dataclass(frozen=True)
class AgencyInfo:
    agency: str
    reporter: str = ""
    position: str = ""
    phone: str = ""
    email: str = ""
    report_date: str = ""
    results: str = ""
    difficulties: str = ""
    proposals: str = ""


@dataclass(frozen=True)
class OfficialScore:
    """A published score (and rank) entered by the coordinator, for an indicator, pillar or composite."""

    code: str
    kind: str  # indicator | pillar | total
    score: float | None
    rank: int | None = None
    source: Location | None = None
    note: str = ""
    region_rank: int | None = None
    national_mean: float | None = None  # mean of every ranked province's score (all entered), else None
    region_mean: float | None = None


@dataclass(frozen=True)
class SubmissionStatus:
    agency: str
    name: str
    status: SubmissionState
    days_late: int = 0
    file: str | None = None
    submitted_at: datetime | None = None
    time_source: TimeSource | None = None
    mail: MailOrigin | None = None


@dataclass(frozen=True)
class Intake:
    """What reading the input folder established: files, the chosen submissions' contents, timeliness."""

    inputs: tuple[InputFile, ...] = ()
    findings: tuple[Finding, ...] = ()
    submissions: tuple[SubmissionStatus, ...] = ()
    values: tuple[ReportedValue, ...] = ()
    tasks: tuple[TaskReport, ...] = ()
    infos: tuple[AgencyInfo, ...] = ()
    official: tuple[OfficialScore, ...] = ()
    entered: tuple[EnteredCell, ...] = ()  # every filled cell of the chosen submissions
    changes: tuple[CellChange, ...] = ()  # each agency's newest file against its first: cells whose value differs
    documents: tuple[PolicyDocument, ...] = ()  # listed for indicators scored from documents
    evidence: tuple[EvidenceFile, ...] = ()  # evidence files received (taken or refused), in source order
    own_text: tuple[OwnText, ...] = ()  # the department's own sections of the report, from the input folder


# --- what evaluation judged ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureResult:
    """The raw figure behind an indicator this period: what the lead agency reported, in its unit."""

    name: str
    unit: str
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    numerator_name: str = ""
    numerator_unit: str = ""
    denominator_name: str = ""
    denominator_unit: str = ""
    evidence: str = ""
    link: str = ""
    note: str = ""
    source: Location | None = None  # the cell it was read from
    reported_by: str | None = None
    previous_year: int | None = None
    previous_value: float | None = None
    change: float | None = None  # value − previous value
    doubts: tuple[str, ...] = ()  # messages of the errors and warnings on the figure's row: it needs checking
    documents: tuple[PolicyDocument, ...] = ()  # what the lead listed, for an indicator scored from documents


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator judged from exactly one basis (`basis`): a published score or figure, an estimate from the raw
    figure and the plan's bounds, the raw figure itself for targets on the raw figure, or nothing yet."""

    indicator: str
    name: str
    unit: str  # of the baseline, target and judged value ("điểm" for score targets)
    pillar: str
    group: str
    target_on: TargetOn
    figure_from: FigureFrom
    baseline_year: int | None
    baseline: float | None
    target: float | None
    op: str | None
    increase: float | None
    target_text: str  # the target as the templates show it ("≥ 7,61 (tăng 0,83)")
    lead: tuple[str, ...]
    figure: FigureResult
    score: float | None  # published, else estimated; None while pending
    score_basis: Basis  # OFFICIAL, ESTIMATE or PENDING
    value: float | None  # what the verdict judged: the score (score target) or the figure (figure target)
    basis: Basis  # what the verdict rests on
    value_ref: Location | None  # where the judged value came from (published cell or the agency's cell)
    status: Verdict
    improved: bool | None  # better than the baseline (in the indicator's direction)
    delta: float | None
    delta_pct: float | None
    pct_of_target: float | None
    increase_met: bool | None = None
    required_op: str | None = None  # the raw figure needed to reach a score target (bounds known)
    required_figure: float | None = None
    bounds_from: str = ""  # the edition whose lowest and highest values the estimate used ("PII 2023")
    redefined: str = ""  # how the framework changed the indicator since the baseline year: no like-for-like change


@dataclass(frozen=True)
class PillarResult:
    """A group (x.y), pillar or composite: its score from one basis, and its goal's verdict."""

    code: str
    name: str
    kind: str  # group | pillar | total
    side: Side | None
    baseline_score: float | None
    baseline_rank: int | None
    goal: Goal
    score: float | None  # published, else estimated
    rank: int | None  # published only
    basis: Basis
    computed: float | None  # estimated from the parts, also when a published score exists (to cross-check)
    status: Verdict
    improved: bool | None
    delta: float | None
    weight: float | None = None
    pillar: str = ""  # for a group: its pillar
    region_rank: int | None = None  # published, or worked out from the other provinces' results
    national_mean: float | None = None  # of every ranked province, when all were entered
    failed: tuple[str, ...] = ()  # the parts of the goal that failed («top_n»…, as `describe.goal_parts` keys them)


@dataclass(frozen=True)
class TaskLine:
    """One task one agency owes in the period, with what it reported (NOT_REPORTED when nothing)."""

    task: str
    indicator: str | None
    text: str
    agency: str
    role: Role
    status: TaskStatus
    result: str = ""
    difficulty: str = ""
    source: Location | None = None


@dataclass(frozen=True)
class AgencyScore:
    agency: str
    name: str
    submission: SubmissionState
    days_late: int
    led: tuple[str, ...] = ()
    met: tuple[str, ...] = ()
    not_met: tuple[str, ...] = ()
    no_data: tuple[str, ...] = ()
    awaiting: tuple[str, ...] = ()  # score targets waiting for published results
    unverified: tuple[str, ...] = ()  # figures with errors or warnings, not judged until checked
    tasks: Mapping[TaskStatus, int] = field(default_factory=dict)  # every status, when the agency owes tasks
    # The plan's accountability rule (Plan.accountability) applies: the agency reports under the plan and leads
    # a target. `missed`: led targets not met on a final verdict (a published result, or the reported figure a
    # target is set on) — never on an estimate; `undecided`: led targets with no final verdict yet.
    accountable: bool = False
    missed: tuple[str, ...] = ()
    undecided: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaskProgress:
    indicator: str | None
    counts: Mapping[TaskStatus, int]  # status -> number of (task, agency) duties


@dataclass(frozen=True)
class Evaluation:
    indicators: tuple[IndicatorResult, ...] = ()
    pillars: tuple[PillarResult, ...] = ()  # pillars, then composites (kind "total")
    groups: tuple[PillarResult, ...] = ()
    agencies: tuple[AgencyScore, ...] = ()
    task_lines: tuple[TaskLine, ...] = ()
    task_progress: tuple[TaskProgress, ...] = ()
    findings: tuple[Finding, ...] = ()  # what judging found (a published composite that does not add up)
    # indicators that are the index's own parts (PCI component indices): their results are the pillars'
    components: tuple[str, ...] = ()

    def indicator(self, code: str) -> IndicatorResult | None:
        return next((r for r in self.indicators if r.indicator == code), None)

    def counts(self) -> dict[Verdict, int]:
        shown = (
            Verdict.EXCEEDED,
            Verdict.MET,
            Verdict.NOT_MET,
            Verdict.UNVERIFIED,
            Verdict.AWAITING,
            Verdict.NO_DATA,
            Verdict.NOT_DUE,
        )
        return {s: sum(r.status is s for r in self.indicators) for s in shown}


# --- history: earlier periods of the same plan ------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """One subject's result in one period, as the history keeps it. `value` is what is compared across periods:
    an indicator's raw figure when an agency reports one (same unit every period), else its judged value; a
    group's, pillar's or composite's score; an agency's share of owed tasks done (%)."""

    kind: str  # "indicator", "group", "pillar", "total", "agency"
    code: str
    name: str
    value: float | None
    unit: str = ""
    score: float | None = None
    basis: str = ""  # vocab.Basis value
    status: str = ""  # vocab.Verdict value; an agency's vocab.SubmissionState value
    rank: int | None = None


@dataclass(frozen=True)
class PeriodRecord:
    """A consolidated period as recorded: what it was, how many provinces were ranked, every subject's result."""

    period_id: str
    label: str
    kind: str  # plan.periods.PeriodKind value
    end: date  # the data cut-off, which orders records
    ranking_size: int
    run_id: str
    generated_at: datetime
    measures: tuple[Measure, ...] = ()

    def measure(self, kind: str, code: str) -> Measure | None:
        return next((m for m in self.measures if m.kind == kind and m.code == code), None)


@dataclass(frozen=True)
class History:
    """This period against the record: the previous period of its kind, the same period a year earlier, and every
    recorded period of its kind up to this one (oldest first, this one last) for the trend."""

    current: PeriodRecord | None = None
    previous: PeriodRecord | None = None
    year_ago: PeriodRecord | None = None
    trend: tuple[PeriodRecord, ...] = ()
    problem: str = ""  # why the history could not be read, in Vietnamese (the run goes on without it)
    notes: tuple[str, ...] = ()  # rows of a readable history that were skipped, for staff (not the signed report)
    technical: str = ""  # the library's words for `problem`, for the run's technical log

    def value(self, record: PeriodRecord | None, kind: str, code: str) -> float | None:
        m = record.measure(kind, code) if record is not None else None
        return m.value if m is not None else None

    def change(self, other: PeriodRecord | None, kind: str, code: str) -> float | None:
        """This period's value minus `other`'s, when both are known and in the same unit."""
        now = self.current.measure(kind, code) if self.current is not None else None
        then = other.measure(kind, code) if other is not None else None
        if now is None or then is None or now.value is None or then.value is None or now.unit != then.unit:
            return None
        return round(now.value - then.value, 6)  # no binary noise (1.2000000000000028) in cells or text

    def comparisons(self) -> tuple[tuple[str, PeriodRecord], ...]:
        """("Kỳ trước", record) and ("Cùng kỳ năm trước", record) as far as recorded; once when they are one."""
        out: list[tuple[str, PeriodRecord]] = []
        if self.previous is not None:
            same = self.year_ago is not None and self.year_ago.period_id == self.previous.period_id
            out.append(("Cùng kỳ năm trước" if same else "Kỳ trước", self.previous))
        if self.year_ago is not None and not any(r.period_id == self.year_ago.period_id for _, r in out):
            out.append(("Cùng kỳ năm trước", self.year_ago))
        return tuple(out)


# --- the run -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    files: int
    accepted: int
    rejected: int
    superseded: int
    skipped: int
    on_time: int
    late: int
    missing: int
    errors: int
    warnings: int
    infos: int
    duplicates: int = 0  # identical copies of a file already taken (an attachment sent twice)
    mails: int = 0  # e-mail and mailbox files read
    corrected_cells: int = 0  # cells agencies changed in resubmissions
    corrected_figures: int = 0  # of which indicator figures (value, numerator, denominator)
    correcting_agencies: int = 0


_Day = date  # Signing has a field named «date»: its methods name the type through this


@dataclass(frozen=True)
class Signing:
    """What the person issuing the report gives for this run (`consolidate --so --ngay --nguoi-ky …`); blank
    fields fall back to the plan's report settings, and what stays blank is listed before signing."""

    number: str = ""  # "05" of "Số: 05/BC-KHCN"; often filled by the clerk at signing
    date: date | None = None  # the report's date; the run's date when not given
    signer_name: str = ""
    signer_title: str = ""
    signer_authority: str = ""

    @classmethod
    def as_typed(cls, number: str, day: _Day | None, name: str, title: str, authority: str) -> Signing:
        """What staff typed on the command line: spaces trimmed, title and authority in capitals as the decree
        prints them under the signature."""
        return cls(number.strip(), day, name.strip(), title.strip().upper(), authority.strip().upper())


@dataclass(frozen=True)
class Consolidation:
    run_id: str
    generated_at: datetime
    input_dir: str
    plan: Plan
    period: Period
    intake: Intake
    evaluation: Evaluation
    findings: tuple[Finding, ...]  # intake's, then evaluation's
    counts: Counts
    signing: Signing = field(default_factory=Signing)
    history: History = field(default_factory=History)
    # the report template used, as people name it: a file staff chose or put in templates/, or the packaged one
    report_template: str = ""

    @property
    def report_date(self) -> date:
        return self.signing.date or self.generated_at.date()

    def signer(self) -> tuple[str, str, str]:
        """(authority, title, name) for the signature block: this run's, else the plan's."""
        rs = self.plan.report
        s = self.signing
        return (
            s.signer_authority or rs.signer_authority,
            s.signer_title or rs.signer_title,
            s.signer_name or rs.signer_name,
        )

    def findings_of(self, agency: str) -> list[Finding]:
        return [f for f in self.findings if f.agency == agency]

    def agency_name(self, code: str) -> str:
        return self.plan.agency_name(code)

    @property
    def coordinator(self) -> Agency | None:
        """The agency that consolidates (receives the reports, signs the letters), if the plan names one."""
        return self.plan.agency(self.plan.coordinator) if self.plan.coordinator else None

    def coordinator_name(self) -> str:
        return self.coordinator.name if self.coordinator else "Đơn vị tổng hợp"

    def submission_of(self, agency: str) -> SubmissionStatus | None:
        return next((s for s in self.intake.submissions if s.agency == agency), None)


def count_all(intake: Intake, findings: tuple[Finding, ...]) -> Counts:
    files = [i.status for i in intake.inputs if i.status not in (FileStatus.MAILBOX, FileStatus.RECEIVED_TABLE)]
    mails = sum(i.status is FileStatus.MAILBOX for i in intake.inputs)
    subs = [s.status for s in intake.submissions]
    severities = [f.severity for f in findings]
    return Counts(
        files=len(files),
        accepted=files.count(FileStatus.ACCEPTED),
        rejected=files.count(FileStatus.REJECTED),
        superseded=files.count(FileStatus.SUPERSEDED),
        skipped=files.count(FileStatus.SKIPPED),
        on_time=subs.count(SubmissionState.ON_TIME),
        late=subs.count(SubmissionState.LATE),
        missing=subs.count(SubmissionState.MISSING),
        errors=severities.count(Severity.ERROR),
        warnings=severities.count(Severity.WARNING),
        infos=severities.count(Severity.INFO),
        duplicates=files.count(FileStatus.DUPLICATE),
        mails=mails,
        corrected_cells=len(intake.changes),
        corrected_figures=sum(c.is_figure for c in intake.changes),
        correcting_agencies=len({c.agency for c in intake.changes}),
    )


def build_consolidation(
    run_id: str,
    generated_at: datetime,
    input_dir: str,
    plan: Plan,
    period: Period,
    intake: Intake,
    evaluation: Evaluation,
    signing: Signing | None = None,
) -> Consolidation:
    findings = intake.findings + evaluation.findings
    return Consolidation(
        run_id,
        generated_at,
        input_dir,
        plan,
        period,
        intake,
        evaluation,
        findings,
        count_all(intake, findings),
        signing or Signing(),
    )
