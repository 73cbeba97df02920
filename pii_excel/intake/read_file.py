"""Reading one file of the input folder, in a worker: a template, the received-dates table, the department's own
text, an e-mail and its attachments, an evidence file — each checked through `untrusted/` and identified,
never raising for a bad file."""

from __future__ import annotations

import hashlib
import io
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from pii_excel.findings import Code, Location, finding
from pii_excel.intake.evidence_read import read_evidence_attachment, read_evidence_file, unknown_kind
from pii_excel.intake.identify import IdentityConflict, TemplateIdentity, open_workbook, read_identity
from pii_excel.intake.outcome import (
    Accepted,
    FileOutcome,
)
from pii_excel.intake.own_text import read_own_text
from pii_excel.intake.read_submission import Expectations, IdentityMismatch, SubmissionReader
from pii_excel.intake.received_table import read_received_table
from pii_excel.model import InputFile
from pii_excel.plan.model import Plan
from pii_excel.template import layout as L
from pii_excel.untrusted.files import VN_TZ, Checked, check_bytes, file_time, has_macros, workbook_saved_time
from pii_excel.untrusted.reader_errors import ReaderFailure
from pii_excel.untrusted.scan import (
    MAX_FILE_BYTES,
    Candidate,
    digest_file,
    os_reason,
    read_file_bytes,
    safe_name,
    shown_suffix,
)
from pii_excel.untrusted.workers import TaskFailed
from pii_excel.vocab import FileStatus, TimeSource

if TYPE_CHECKING:
    from pii_excel.intake.mail import Attachment


LOG_NAME = "nhat-ky-ky-thuat.log"  # where technical detail goes; named in PROGRAM_ERROR findings


_IDENTITY_FIELDS = {
    "plan_id": "kế hoạch",
    "plan_fingerprint": "phiên bản kế hoạch",
    "agency": "đơn vị",
    "period": "kỳ",
    "generated_at": "thời điểm tạo mẫu",
}


@dataclass(frozen=True)
class WorkerState:
    plan: Plan
    period_id: str
    expect: Expectations
    evidence_dir: str | None = None  # the run's evidence store; None: evidence is examined, not kept


def init_reader(plan: Plan, period_id: str, now: datetime, evidence_dir: str | None = None) -> WorkerState:
    return WorkerState(plan, period_id, Expectations(plan, now), evidence_dir)


def prepared_reader(plan: Plan, period_id: str, now: datetime, evidence_dir: str | None = None) -> WorkerState:
    """The workers' state built once, before they start, with every agency's template for the period worked out:
    each worker would otherwise work them out again (a worker started by fork shares them, one started by spawn
    receives a copy)."""
    state = init_reader(plan, period_id, now, evidence_dir)
    state.expect.prepare(period_id)
    return state


def given(state: WorkerState) -> WorkerState:
    return state


# what a worker is asked to read: the file, whether to read it in full, the evidence folder, and for an e-mail
# the one attachment to read (LIST_ONLY: list them)
Task = tuple[Candidate, bool, str | None] | tuple[Candidate, bool, str | None, int]


def read_task(state: WorkerState, task: Task) -> FileOutcome:
    return read_candidate(state, *task)


LIST_ONLY = -1  # a mail file's attachments listed, none read: the first step of reading its attachments apart


def read_candidate(
    state: WorkerState, cand: Candidate, light: bool = False, sha256: str | None = None, attachment: int | None = None
) -> FileOutcome:
    """Read one file and say what it is. Never raises: a reader failure is the file's finding; a failure of our
    own code is a PROGRAM_ERROR finding that blames nobody, with the traceback kept for support.

    `light`: a workbook is only identified (whose it is, for which period, when saved) and accepted as such, its
    contents left for a full read if it turns out to be needed. `sha256`: the digest the file had when it was
    identified; bytes that differ (the file changed in between) are not read. `attachment`: of a mail file, only
    that workbook attachment (counted from 0 across its messages) is read, or with LIST_ONLY none is."""
    if cand.kind == "mail":
        return _read_mail_file(state, cand, attachment)
    outcome = FileOutcome(InputFile(cand.rel, "", 0))
    try:
        if cand.kind == "unknown":  # a name that says neither workbook nor e-mail: its content decides
            kind = unknown_kind(cand.path)
            if kind == "mail":
                return _read_mail_file(state, cand)
            if kind == "evidence":
                return _read_evidence(state, cand)
        raw, info = read_file_bytes(cand.path)
    except OSError as exc:
        outcome.reject(Code.FILE_UNREADABLE, detail=os_reason(exc), technical=f"{type(exc).__name__}: {exc}")
        return outcome
    outcome.entry = replace(outcome.entry, size=info.st_size)
    if raw is None:
        outcome.reject(Code.FILE_TOO_LARGE, detail=f"{info.st_size / 1e6:.0f} MB, giới hạn 50 MB")
        return outcome
    if cand.kind == "received_table":
        return _read_table(outcome, cand, raw)
    if cand.kind == "own_text":
        return _read_own_text(outcome, cand, raw, state.period_id)
    read_workbook(outcome, state, cand.path, raw, file_time(info.st_mtime), light, sha256)
    refused = [f for f in outcome.findings if f.code is Code.FILE_UNREADABLE]
    if refused and outcome.entry.status is FileStatus.REJECTED and _changed_since(cand.path, info):
        outcome.findings = [f for f in outcome.findings if f not in refused]
        outcome.reject(Code.FILE_UNREADABLE, detail=CHANGED_WHILE_READ)
    return outcome


CHANGED_WHILE_READ = (
    "tệp bị thay đổi trong lúc chương trình đang đọc (có thể đang được chép vào hoặc lưu lại); "
    "hãy chạy lại khi tệp đã chép xong"
)


def _changed_since(path: Path, read: os.stat_result) -> bool:
    """A file refused as damaged that changed since it was read is most likely still being copied into the folder
    or saved, not broken: staff should run again, not chase the agency."""
    try:
        now = os.stat(path, follow_symlinks=False)
    except OSError:
        return True  # gone or replaced while being read
    return (now.st_size, now.st_mtime_ns) != (read.st_size, read.st_mtime_ns)


def _read_evidence(state: WorkerState, cand: Candidate) -> FileOutcome:
    """An evidence file (or a zip of them) taken into the run's store; a file that is no evidence at all is
    skipped, as files of other kinds always were."""
    read = read_evidence_file(state.evidence_dir, cand.rel, cand.path)
    if read is None:
        suffix = safe_name(shown_suffix(PurePosixPath(cand.rel).name)) or "không có"
        reason = f"không phải tệp bảng tính, thư điện tử hay minh chứng (PDF, Word, Excel, ảnh) (đuôi «{suffix}»)"
        sha, size = digest_file(cand.path)
        outcome = FileOutcome(InputFile(cand.rel, sha, size, FileStatus.SKIPPED, reason=reason))
        outcome.findings.append(finding(Code.FILE_SKIPPED, at=Location(cand.rel), reason=reason))
        return outcome
    return FileOutcome(read.entry, read.findings, evidence=read.pieces)


def _read_bytes(outcome: FileOutcome, raw: bytes, read: Callable[[Checked], None], sha256: str | None = None) -> None:
    """Pre-check a workbook's bytes (a file's, an attachment's, the received-dates table's) and hand them to
    `read`. A reader failure is the file's finding; a failure of ours is a PROGRAM_ERROR; the archive is closed."""
    outcome.entry = replace(outcome.entry, sha256=hashlib.sha256(raw).hexdigest(), size=len(raw))
    if sha256 is not None and outcome.entry.sha256 != sha256:
        outcome.reject(Code.FILE_UNREADABLE, detail=CHANGED_WHILE_READ)
        return
    try:
        checked = check_bytes(raw)
        if not isinstance(checked, Checked):
            outcome.reject(checked.code, detail=checked.detail, sheet=checked.sheet, cell=checked.cell)
            return
        try:
            read(checked)
        finally:
            if checked.zip is not None:
                checked.zip.close()
    except ReaderFailure as failure:
        outcome.findings = [f for f in outcome.findings if f.code is not Code.PROGRAM_ERROR]
        outcome.accepted = None
        outcome.reject(
            failure.code, detail=failure.reason, technical=failure.technical, sheet=failure.sheet, cell=failure.cell
        )
    except Exception as exc:  # a bug of ours: reported as ours, the run goes on with the other files
        outcome.accepted = outcome.identified = None  # said whether or not the file turns out to be needed
        outcome.reject(Code.PROGRAM_ERROR, log=LOG_NAME, technical="".join(traceback.format_exception(exc))[-4000:])


def read_workbook(
    outcome: FileOutcome,
    state: WorkerState,
    path: Path,
    raw: bytes,
    mtime: datetime,
    light: bool = False,
    sha256: str | None = None,
) -> None:
    _read_bytes(outcome, raw, lambda checked: read_checked(outcome, state, path, checked, mtime, light), sha256)


def _read_table(outcome: FileOutcome, cand: Candidate, raw: bytes) -> FileOutcome:
    """The received-dates table: read with the same checks as any workbook."""
    outcome.entry = replace(outcome.entry, status=FileStatus.RECEIVED_TABLE)

    def read(checked: Checked) -> None:
        outcome.table = read_received_table(open_workbook(checked.data, cand.path, checked.zip), cand.rel)

    _read_bytes(outcome, raw, read)
    return outcome


def _read_own_text(outcome: FileOutcome, cand: Candidate, raw: bytes, period_id: str) -> FileOutcome:
    """The department's own text for the report: read with the same checks as any workbook."""
    outcome.entry = replace(outcome.entry, status=FileStatus.OWN_TEXT)

    def read(checked: Checked) -> None:
        got = read_own_text(open_workbook(checked.data, cand.path, checked.zip), cand.rel, period_id)
        outcome.own_text, outcome.findings = got.texts, [*outcome.findings, *got.findings]

    _read_bytes(outcome, raw, read)
    return outcome


def _read_mail_file(state: WorkerState, cand: Candidate, only: int | None = None) -> FileOutcome:
    """Every workbook attached to the messages of a .eml, .msg or .mbox file, read in memory, message by message;
    the file is read once, hashed as it goes.

    `only`: when reading the whole file at once failed (an attachment crashed or hung the reader's process), its
    attachments are read apart, each its own unit of failure: LIST_ONLY lists them unread (with the messages'
    notes), a number reads that attachment alone (and says nothing of the messages, already said)."""
    from pii_excel.intake.mail import HashedFile, MailUnreadable, read_mail  # the email package: only for mail

    outcome = FileOutcome(InputFile(cand.rel, "", 0, FileStatus.MAILBOX))
    try:
        raw = HashedFile(cand.path)
    except OSError as exc:
        outcome.reject(Code.FILE_UNREADABLE, detail=os_reason(exc), technical=f"{type(exc).__name__}: {exc}")
        return outcome
    mtime = file_time(raw.info.st_mtime)
    messages = index = workbooks = evidence = 0
    try:
        with raw, io.BufferedReader(raw, buffer_size=1 << 20) as stream:
            try:
                for contents in read_mail(stream, raw.info.st_size, cand.rel):
                    messages += contents.messages
                    if only is None or only == LIST_ONLY:
                        outcome.findings.extend(contents.notes)
                    for attachment in contents.attachments:
                        if only == LIST_ONLY:
                            outcome.parts.append(_listed_attachment(attachment))
                        elif only is None or only == index:
                            outcome.parts.append(_read_attachment(state, cand.path, attachment, mtime))
                        index += 1
                        evidence += attachment.evidence
                        workbooks += not attachment.evidence
                    del contents  # one message's attachments at a time
                    if only is not None and only != LIST_ONLY and outcome.parts:
                        break
            finally:
                outcome.entry = replace(outcome.entry, sha256=raw.sha256(), size=raw.info.st_size)
    except MailUnreadable as exc:
        outcome.reject(
            Code.MAIL_UNREADABLE,
            message="trong tệp này",
            technical=str(exc),
            detail="tệp không phải thư điện tử (.eml, .msg) hay hộp thư (.mbox) hợp lệ, hoặc bị hỏng",
        )
        return outcome
    except OSError as exc:
        outcome.reject(Code.FILE_UNREADABLE, detail=os_reason(exc), technical=f"{type(exc).__name__}: {exc}")
        return outcome
    except Exception as exc:  # a bug of ours: reported as ours, the run goes on with the other files
        outcome.reject(Code.PROGRAM_ERROR, log=LOG_NAME, technical="".join(traceback.format_exception(exc))[-4000:])
        return outcome
    also = f", {evidence} tệp khác" if evidence else ""
    outcome.entry = replace(outcome.entry, reason=f"{messages} thư, {workbooks} tệp bảng tính đính kèm{also}")
    return outcome


def _listed_attachment(attachment: Attachment) -> FileOutcome:
    return FileOutcome(
        InputFile(
            attachment.path, hashlib.sha256(attachment.data).hexdigest(), len(attachment.data), mail=attachment.origin
        )
    )


def _read_attachment(state: WorkerState, container: Path, attachment: Attachment, mtime: datetime) -> FileOutcome:
    if attachment.evidence:
        read = read_evidence_attachment(
            state.evidence_dir,
            attachment.path,
            attachment.raw_name or attachment.origin.attachment,
            attachment.data,
            attachment.label,
            attachment.origin,
        )
        return FileOutcome(read.entry, read.findings, evidence=read.pieces)
    part = FileOutcome(InputFile(attachment.path, "", len(attachment.data), mail=attachment.origin))
    if len(attachment.data) > MAX_FILE_BYTES:
        part.reject(Code.FILE_TOO_LARGE, detail=f"{len(attachment.data) / 1e6:.0f} MB, giới hạn 50 MB")
    else:
        read_workbook(part, state, container, attachment.data, mtime)
    return part


def _check_identity(outcome: FileOutcome, plan: Plan, period_id: str, identity) -> TemplateIdentity | None:
    if identity is None:
        outcome.reject(Code.FILE_NOT_A_TEMPLATE)
        return None
    if isinstance(identity, IdentityConflict):
        outcome.reject(
            Code.IDENTITY_CONFLICT,
            field=_IDENTITY_FIELDS.get(identity.field, identity.field),
            value=identity.sheet_value,
            other=identity.properties_value,
        )
        return None
    outcome.entry = replace(outcome.entry, agency=identity.agency)
    if identity.template_version not in L.READABLE_TEMPLATE_VERSIONS:
        outcome.reject(
            Code.IDENTITY_VERSION_UNKNOWN,
            value=identity.template_version,
            known=", ".join(L.READABLE_TEMPLATE_VERSIONS),
        )
        return None
    if identity.plan_id != plan.id:
        outcome.reject(Code.IDENTITY_OTHER_PLAN, value=identity.plan_id, plan=plan.id)
        return None
    if identity.period != period_id:
        outcome.reject(Code.IDENTITY_OTHER_PERIOD, identity.agency, value=identity.period, period=period_id)
        return None
    agency = plan.agency(identity.agency)
    if agency is None or agency.is_group or not agency.reports:
        outcome.reject(Code.IDENTITY_AGENCY_UNKNOWN, value=identity.agency)
        return None
    return identity


def read_checked(
    outcome: FileOutcome, state: WorkerState, path: Path, checked: Checked, mtime: datetime, light: bool = False
) -> None:
    plan, period_id, zf, rel = state.plan, state.period_id, checked.zip, outcome.entry.path
    workbook = open_workbook(checked.data, path, zf)
    identity = _check_identity(outcome, plan, period_id, read_identity(workbook))
    if identity is None:
        return
    saved = workbook_saved_time(zf)
    source = TimeSource.WORKBOOK if saved else TimeSource.FILE
    mail = outcome.entry.mail
    if mail is not None and mail.received_at is not None and mail.time_source is not None:
        saved, source = mail.received_at, mail.time_source  # the message's time, not the attachment's
    saved = (saved or mtime).astimezone(VN_TZ)  # sub-second precision kept for ordering, dropped when shown
    outcome.entry = replace(outcome.entry, saved_source=source, saved_at=saved.replace(microsecond=0))
    identified = replace(outcome.entry, status=FileStatus.ACCEPTED)
    outcome.identified = Accepted(identified, identity.agency, saved, mtime, read_fully=False)
    if light:
        outcome.entry, outcome.accepted = identified, outcome.identified
        return
    try:
        submission = SubmissionReader(workbook, path, rel, plan, identity, state.expect).read()
    except IdentityMismatch:
        outcome.reject(Code.IDENTITY_MISMATCH, value=identity.agency)
        return
    if identity.source == "properties":
        submission.findings.insert(0, finding(Code.IDENTITY_FROM_PROPERTIES, at=Location(rel), agency=identity.agency))
    if zf is not None and has_macros(zf):
        submission.findings.insert(0, finding(Code.FILE_MACROS_IGNORED, at=Location(rel), agency=identity.agency))
    outcome.entry = replace(outcome.entry, status=FileStatus.ACCEPTED)
    outcome.accepted, outcome.identified = Accepted.of(outcome.entry, submission, saved, mtime), None


def failed_outcome(
    cand: Candidate, failure: TaskFailed, task_seconds: float, entry: InputFile | None = None
) -> FileOutcome:
    """The outcome of a file whose reader process died or overran: the file alone is rejected (`entry`: the mail
    attachment it was, as listed)."""
    if entry is None:
        sha, size = digest_file(cand.path)
        entry = InputFile(cand.rel, sha, size)
    outcome = FileOutcome(entry)
    if failure.reason == "timeout":
        outcome.reject(Code.FILE_READ_TIMEOUT, detail=f"{task_seconds:.0f}", technical=failure.detail)
    else:
        outcome.reject(
            Code.FILE_UNREADABLE,
            detail="chương trình đọc bảng tính bị dừng bất thường khi mở tệp này (tệp hỏng hoặc cần quá nhiều bộ nhớ)",
            technical=failure.detail,
        )
    return outcome
