"""Intake of a whole input folder: read every file, keep the newest per agency, judge timeliness."""

from __future__ import annotations

import hashlib
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pii_excel.duties import all_duties
from pii_excel.findings import Finding, finding
from pii_excel.intake.files import VN_TZ, Checked, check_bytes, file_time, has_macros, workbook_saved_time
from pii_excel.intake.identify import IdentityConflict, TemplateIdentity, open_workbook, read_identity
from pii_excel.intake.read_submission import Expectations, IdentityMismatch, Submission, SubmissionReader
from pii_excel.intake.reader_errors import ReaderFailure
from pii_excel.intake.scan import Candidate, digest_file, os_reason, read_file_bytes, scan_input
from pii_excel.intake.workers import DEFAULT_TASK_SECONDS, TaskFailed, run_supervised
from pii_excel.plan.model import Plan
from pii_excel.plan.periods import format_date
from pii_excel.result import InputFile, RunResult, SubmissionStatus
from pii_excel.template import layout as L

LOG_NAME = "nhat-ky-ky-thuat.log"  # where technical detail goes; named in PROGRAM_ERROR findings
_IDENTITY_FIELDS = {"plan_id": "kế hoạch", "plan_fingerprint": "phiên bản kế hoạch", "agency": "đơn vị",
                    "period": "kỳ", "generated_at": "thời điểm tạo mẫu"}  # fmt: skip


@dataclass
class _Accepted:
    entry: InputFile
    submission: Submission
    saved: datetime
    mtime: datetime


@dataclass
class FileOutcome:
    """What reading one file produced: plain data, the same whether read here or in a worker process."""

    entry: InputFile
    findings: list[tuple[Finding, str | None]] = field(default_factory=list)
    accepted: _Accepted | None = None

    def reject(self, code: str, agency: str | None = None, **kw) -> None:
        self.entry.status = "rejected"
        item = finding(code, file=self.entry.path, **kw)
        self.entry.reason = item.message
        self.findings.append((item, agency))


@dataclass(frozen=True)
class _WorkerState:
    plan: Plan
    period_id: str
    expect: Expectations


def _init_reader(plan: Plan, period_id: str, now: datetime) -> _WorkerState:
    return _WorkerState(plan, period_id, Expectations(plan, now))


def read_candidate(state: _WorkerState, cand: Candidate) -> FileOutcome:
    """Read one file and say what it is. Never raises: a reader failure is the file's finding; a failure of our
    own code is a PROGRAM_ERROR finding that blames nobody, with the traceback kept for support."""
    outcome = FileOutcome(InputFile(cand.rel, "", 0))
    try:
        raw, info = read_file_bytes(cand.path)
    except OSError as exc:
        outcome.reject("FILE_UNREADABLE", detail=os_reason(exc), technical=f"{type(exc).__name__}: {exc}")
        return outcome
    outcome.entry.size = info.st_size
    if raw is None:
        outcome.reject("FILE_TOO_LARGE", detail=f"{info.st_size / 1e6:.0f} MB, giới hạn 50 MB")
        return outcome
    outcome.entry.sha256 = hashlib.sha256(raw).hexdigest()
    try:
        checked = check_bytes(raw)
        if not isinstance(checked, Checked):
            outcome.reject(checked.code, detail=checked.detail)
            return outcome
        try:
            _read_checked(outcome, state, cand, checked, file_time(info.st_mtime))
        finally:
            if checked.zip is not None:
                checked.zip.close()
    except ReaderFailure as failure:
        outcome.findings = [(f, a) for f, a in outcome.findings if f.code != "PROGRAM_ERROR"]
        outcome.accepted = None
        outcome.reject(failure.code, detail=failure.reason, technical=failure.technical)
    except Exception as exc:  # a bug of ours: reported as ours, the run goes on with the other files
        outcome.accepted = None
        outcome.reject("PROGRAM_ERROR", log=LOG_NAME, technical="".join(traceback.format_exception(exc))[-4000:])
    return outcome


def _check_identity(outcome: FileOutcome, plan: Plan, period_id: str, identity) -> TemplateIdentity | None:
    if identity is None:
        outcome.reject("NOT_A_TEMPLATE")
        return None
    if isinstance(identity, IdentityConflict):
        outcome.reject("IDENTITY_CONFLICT", field=_IDENTITY_FIELDS.get(identity.field, identity.field),
                       value=identity.sheet_value, other=identity.properties_value)  # fmt: skip
        return None
    outcome.entry.agency = identity.agency
    if identity.template_version != L.TEMPLATE_VERSION:
        outcome.reject("TEMPLATE_VERSION_UNKNOWN", value=identity.template_version, known=L.TEMPLATE_VERSION)
        return None
    if identity.plan_id != plan.id:
        outcome.reject("OTHER_PLAN", value=identity.plan_id, plan=plan.id)
        return None
    if identity.period != period_id:
        outcome.reject("OTHER_PERIOD", identity.agency, value=identity.period, period=period_id)
        return None
    agency = plan.agency(identity.agency)
    if agency is None or agency.is_group or not agency.reports:
        outcome.reject("UNKNOWN_AGENCY", value=identity.agency)
        return None
    return identity


def _read_checked(outcome: FileOutcome, state: _WorkerState, cand: Candidate, checked: Checked,
                  mtime: datetime) -> None:  # fmt: skip
    plan, period_id, zf = state.plan, state.period_id, checked.zip
    workbook = open_workbook(checked.data, cand.path, zf)
    identity = _check_identity(outcome, plan, period_id, read_identity(workbook))
    if identity is None:
        return
    saved = workbook_saved_time(zf)
    entry = outcome.entry
    entry.saved_source = "workbook" if saved else "file"
    saved = saved or mtime
    entry.saved_at = saved.astimezone(VN_TZ).isoformat(timespec="seconds")
    try:
        submission = SubmissionReader(workbook, cand.path, cand.rel, plan, identity, state.expect).read()
    except IdentityMismatch:
        outcome.reject("IDENTITY_MISMATCH", value=identity.agency)
        return
    if identity.source == "properties":
        submission.findings.insert(0, finding("IDENTITY_FROM_PROPERTIES", file=cand.rel))
    if zf is not None and has_macros(zf):
        submission.findings.insert(0, finding("MACROS_IGNORED", file=cand.rel))
    entry.status = "accepted"
    outcome.accepted = _Accepted(entry, submission, saved, mtime)


def _failed(cand: Candidate, failure: TaskFailed, task_seconds: float) -> FileOutcome:
    """The outcome of a file whose reader process died or overran: the file alone is rejected."""
    sha, size = digest_file(cand.path)
    outcome = FileOutcome(InputFile(cand.rel, sha, size))
    if failure.reason == "timeout":
        outcome.reject("FILE_READ_TIMEOUT", detail=f"{task_seconds:.0f}", technical=failure.detail)
    else:
        outcome.reject("FILE_UNREADABLE", detail="chương trình đọc bảng tính bị dừng bất thường khi mở tệp này "
                       "(tệp hỏng hoặc cần quá nhiều bộ nhớ)", technical=failure.detail)  # fmt: skip
    return outcome


def _read_all(plan: Plan, period_id: str, candidates: list[Candidate], now: datetime, progress, jobs: int,
              task_seconds: float) -> list[FileOutcome]:  # fmt: skip
    """Read every candidate in supervised worker processes; results in input order."""
    results = run_supervised(candidates, read_candidate, _init_reader, (plan, period_id, now),
                             jobs=max(1, min(jobs, len(candidates) // 32 + 1)), task_seconds=task_seconds,
                             progress=progress)  # fmt: skip
    return [
        _failed(c, r, task_seconds) if isinstance(r, TaskFailed) else r
        for c, r in zip(candidates, results, strict=True)
    ]


def _choose_newest(result: RunResult, accepted: list[_Accepted]) -> dict[str, _Accepted]:
    by_agency: dict[str, list[_Accepted]] = {}
    for item in accepted:
        by_agency.setdefault(item.submission.agency, []).append(item)
    chosen = {}
    for agency, items in by_agency.items():
        items.sort(key=lambda a: (a.saved, a.mtime, a.entry.path), reverse=True)
        newest = items[0]
        chosen[agency] = newest
        ties = [a for a in items if a.saved == newest.saved]
        if len(ties) > 1:
            result.add_finding(
                finding("SAME_SAVED_TIME", file=newest.entry.path, value=newest.entry.saved_at, count=len(ties),
                        used=newest.entry.path),
                agency,
            )  # fmt: skip
        for older in items[1:]:
            older.entry.status = "superseded"
            older.entry.reason = f"thay bằng {newest.entry.path}"
            result.add_finding(finding("SUPERSEDED", file=older.entry.path, newer=newest.entry.path), agency)
    return chosen


def _timeliness(result: RunResult, plan: Plan, period_id: str, chosen: dict[str, _Accepted]) -> None:
    period = plan.require_period(period_id)
    for duties in all_duties(plan, period_id):
        agency = duties.agency
        item = chosen.get(agency.code)
        if item is None:
            result.submissions.append(SubmissionStatus(agency.code, agency.name, "missing"))
            result.add_finding(
                finding(
                    "SUBMISSION_MISSING", value=agency.code, name=agency.name, deadline=format_date(period.deadline)
                ),
                agency.code,
            )
            continue
        local_day = item.saved.astimezone(VN_TZ).date()
        days_late = max((local_day - period.deadline).days, 0)
        status = "late" if days_late else "on_time"
        result.submissions.append(
            SubmissionStatus(agency.code, agency.name, status, days_late, item.entry.path, item.entry.saved_at,
                             item.entry.saved_source)
        )  # fmt: skip
        if days_late:
            source = "thời điểm lưu ghi trong tệp" if item.entry.saved_source == "workbook" else "thời gian của tệp"
            result.add_finding(
                finding("SUBMISSION_LATE", file=item.entry.path, value=f"{item.saved.astimezone(VN_TZ):%d/%m/%Y %H:%M}", days=days_late,
                        deadline=format_date(period.deadline), source=source),
                agency.code,
            )  # fmt: skip


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def run_intake(
    plan: Plan,
    period_id: str,
    input_dir: Path,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
    task_seconds: float = DEFAULT_TASK_SECONDS,
) -> RunResult:
    """Read and validate every file in the input folder; never raises for a bad file.

    Files are read in supervised worker processes (one more per 32 files, at most `jobs`, default one per core
    up to 4); a file whose reading crashes or runs over `task_seconds` is rejected alone.
    """
    period = plan.require_period(period_id)
    now = now or datetime.now().astimezone().replace(microsecond=0)
    result = RunResult(plan.id, plan.title, period_id, period.label, period.deadline.isoformat(), now, str(input_dir))
    candidates, skipped, unreadable = scan_input(input_dir) if input_dir.is_dir() else ([], [], [])
    for s in skipped:
        sha, size = digest_file(s.path) if s.regular else ("", 0)
        result.inputs.append(InputFile(s.rel, sha, size, "skipped", reason=s.reason))
        result.add_finding(finding("FILE_SKIPPED", file=s.rel, reason=s.reason))
    for u in unreadable:
        item = finding("FILE_UNREADABLE", file=u.rel, detail=u.reason)
        result.inputs.append(InputFile(u.rel, "", 0, "rejected", reason=item.message))
        result.add_finding(item)
    accepted = []
    for outcome in _read_all(plan, period_id, candidates, now, progress, jobs or default_jobs(), task_seconds):
        result.inputs.append(outcome.entry)
        for item_finding, agency in outcome.findings:
            result.add_finding(item_finding, agency)
        if outcome.accepted is not None:
            accepted.append(outcome.accepted)
    chosen = _choose_newest(result, accepted)
    for agency in sorted(chosen, key=[a.code for a in plan.agencies].index):
        sub = chosen[agency].submission
        for f in sub.findings:
            result.add_finding(f, agency)
        result.values.extend(sub.values)
        result.tasks.extend(sub.tasks)
        if sub.info:
            result.infos.append(sub.info)
        result.official.extend(sub.official)
    _timeliness(result, plan, period_id, chosen)
    result.inputs.sort(key=lambda i: i.path)
    return result
