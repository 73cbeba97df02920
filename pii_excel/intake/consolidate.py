"""Intake of a whole input folder: read every file, keep the newest per agency, judge timeliness."""

from __future__ import annotations

import contextlib
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pii_excel.duties import all_duties
from pii_excel.findings import finding
from pii_excel.intake.files import (
    VN_TZ,
    Candidate,
    file_digest,
    file_time,
    has_macros,
    precheck,
    scan_input,
    workbook_saved_time,
)
from pii_excel.intake.identify import open_workbook, read_identity
from pii_excel.intake.read_submission import Expectations, IdentityMismatch, Submission, SubmissionReader
from pii_excel.plan.model import Plan
from pii_excel.plan.periods import format_date
from pii_excel.result import InputFile, RunResult, SubmissionStatus


@dataclass
class _Accepted:
    entry: InputFile
    submission: Submission
    saved: datetime
    mtime: datetime


PARALLEL_MIN_FILES = 64  # below this, starting worker processes costs more than it saves


class _FileLog:
    """What reading one file produced; the same interface as RunResult, so reading can happen in a worker."""

    def __init__(self):
        self.inputs: list[InputFile] = []
        self.findings: list[tuple] = []

    def add_finding(self, item, agency: str | None = None) -> None:
        self.findings.append((item, agency))


def _read_logged(plan: Plan, period_id: str, cand: Candidate, expect: Expectations):
    log = _FileLog()
    accepted = _read_one(log, plan, period_id, cand, expect)
    return log, accepted


_worker: dict = {}


def _init_worker(plan: Plan, period_id: str, now: datetime) -> None:
    _worker.update(plan=plan, period_id=period_id, expect=Expectations(plan, now))


def _read_in_worker(cand: Candidate):
    return _read_logged(_worker["plan"], _worker["period_id"], cand, _worker["expect"])


def _read_all(plan: Plan, period_id: str, candidates: list[Candidate], now: datetime, progress, jobs: int):
    """Read every candidate, in worker processes when there are many files; results in input order.

    A parser that crashes the process (a native abort cannot be caught) then takes only its own file down:
    after a worker dies, the remaining files are read one per throwaway process.
    """
    if jobs > 1 and len(candidates) >= PARALLEL_MIN_FILES:
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        done: list = []
        try:
            with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(plan, period_id, now)) as pool:
                for outcome in pool.map(_read_in_worker, candidates, chunksize=16):
                    done.append(outcome)
                    if progress:
                        progress(len(done), len(candidates))
            return done
        except BrokenProcessPool:
            for cand in candidates[len(done) :]:
                done.append(_read_isolated(plan, period_id, cand, now))
                if progress:
                    progress(len(done), len(candidates))
            return done
    expect = Expectations(plan, now)
    outcomes = []
    for n, cand in enumerate(candidates, 1):
        outcomes.append(_read_logged(plan, period_id, cand, expect))
        if progress:
            progress(n, len(candidates))
    return outcomes


def _read_isolated(plan: Plan, period_id: str, cand: Candidate, now: datetime):
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(1, initializer=_init_worker, initargs=(plan, period_id, now)) as pool:
            return pool.submit(_read_in_worker, cand).result()
    except BrokenProcessPool:
        log = _FileLog()
        sha, size = file_digest(cand.path)
        entry = InputFile(cand.rel, sha, size)
        log.inputs.append(entry)
        _reject(log, entry, "FILE_UNREADABLE", detail="chương trình đọc tệp bị dừng bất thường khi mở tệp này")
        return log, None


def _reject(result: RunResult, entry: InputFile, code: str, agency: str | None = None, **kw) -> None:
    entry.status = "rejected"
    item = finding(code, file=entry.path, **kw)
    entry.reason = item.message
    result.add_finding(item, agency)


def _read_one(result: RunResult, plan: Plan, period_id: str, cand: Candidate, expect: Expectations) -> _Accepted | None:
    sha, size = file_digest(cand.path)
    entry = InputFile(cand.rel, sha, size)
    result.inputs.append(entry)
    with contextlib.ExitStack() as stack:
        zf = _open_zip(cand.path)
        if zf is not None:
            stack.enter_context(zf)
        return _read_opened(result, plan, period_id, cand, expect, entry, zf)


def _open_zip(path: Path) -> zipfile.ZipFile | None:
    try:
        return zipfile.ZipFile(path) if zipfile.is_zipfile(path) else None
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _read_opened(result, plan, period_id, cand, expect, entry, zf) -> _Accepted | None:
    problem = precheck(cand.path, zf)
    if problem:
        _reject(result, entry, problem.code, detail=problem.detail)
        return None
    try:
        workbook = open_workbook(cand.path, zf)
        identity = read_identity(workbook)
    except Exception as exc:  # any parser failure on an untrusted file is that file's problem only
        code = "FILE_ENCRYPTED" if "password" in str(exc).lower() else "FILE_UNREADABLE"
        _reject(result, entry, code, detail=f"{type(exc).__name__}: {str(exc)[:160]}")
        return None
    if identity is None:
        _reject(result, entry, "NOT_A_TEMPLATE")
        return None
    entry.agency = identity.agency
    agency = plan.agency(identity.agency)
    if identity.plan_id != plan.id:
        _reject(result, entry, "OTHER_PLAN", value=identity.plan_id, plan=plan.id)
        return None
    if identity.period != period_id:
        _reject(result, entry, "OTHER_PERIOD", identity.agency, value=identity.period, period=period_id)
        return None
    if agency is None or agency.is_group or not agency.reports:
        _reject(result, entry, "UNKNOWN_AGENCY", value=identity.agency)
        return None
    saved = workbook_saved_time(zf)
    mtime = file_time(cand.path)
    entry.saved_source = "workbook" if saved else "file"
    saved = saved or mtime
    entry.saved_at = saved.astimezone(VN_TZ).isoformat(timespec="seconds")
    try:
        submission = SubmissionReader(workbook, cand.path, cand.rel, plan, identity, expect).read()
    except IdentityMismatch:
        _reject(result, entry, "IDENTITY_MISMATCH", value=identity.agency)
        return None
    except Exception as exc:  # a malformed sheet must not stop the run; say which file
        _reject(result, entry, "FILE_UNREADABLE", identity.agency, detail=f"{type(exc).__name__}: {str(exc)[:160]}")
        return None
    if identity.source == "properties":
        submission.findings.insert(0, finding("IDENTITY_FROM_PROPERTIES", file=cand.rel))
    if zf is not None and has_macros(zf):
        submission.findings.insert(0, finding("MACROS_IGNORED", file=cand.rel))
    entry.status = "accepted"
    return _Accepted(entry, submission, saved, mtime)


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
    period = plan.period(period_id)
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
) -> RunResult:
    """Read and validate every file in the input folder; never raises for a bad file.

    `jobs` worker processes read files in parallel when there are many (default: one per core, at most 4).
    """
    period = plan.period(period_id)
    now = now or datetime.now().astimezone().replace(microsecond=0)
    result = RunResult(plan.id, plan.title, period_id, period.label, period.deadline.isoformat(), now, str(input_dir))
    candidates, skipped = scan_input(input_dir) if input_dir.is_dir() else ([], [])
    for s in skipped:
        sha, size = file_digest(s.path)
        result.inputs.append(InputFile(s.rel, sha, size, "skipped", reason=s.reason))
        result.add_finding(finding("FILE_SKIPPED", file=s.rel, reason=s.reason))
    accepted = []
    for log, item in _read_all(plan, period_id, candidates, now, progress, jobs or default_jobs()):
        result.inputs.extend(log.inputs)
        for item_finding, agency in log.findings:
            result.add_finding(item_finding, agency)
        if item is not None:
            accepted.append(item)
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
