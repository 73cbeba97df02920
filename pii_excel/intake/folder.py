"""Intake of a whole input folder: read every file, keep the newest per agency, judge timeliness."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import re
import tempfile
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.intake.changes import cell_changes
from pii_excel.intake.consistency import quantity_disagreements
from pii_excel.intake.evidence_match import attribute
from pii_excel.intake.evidence_read import read_evidence_attachment, read_evidence_file, unknown_kind
from pii_excel.intake.evidence_store import EvidencePiece
from pii_excel.intake.identify import IdentityConflict, TemplateIdentity, open_workbook, read_identity
from pii_excel.intake.own_text import read_own_text
from pii_excel.intake.read_submission import Expectations, IdentityMismatch, Submission, SubmissionReader
from pii_excel.intake.received_table import ReceivedTable, names_of, read_received_table
from pii_excel.model import CellChange, EnteredCell, InputFile, Intake, OwnText, SubmissionStatus
from pii_excel.plan.duties import AgencyDuties, all_duties
from pii_excel.plan.model import Period, Plan
from pii_excel.plan.periods import PeriodKind, period_kind
from pii_excel.template import layout as L
from pii_excel.textnorm import fold, lower_first
from pii_excel.untrusted.files import VN_TZ, Checked, check_bytes, file_time, has_macros, workbook_saved_time
from pii_excel.untrusted.reader_errors import ReaderFailure
from pii_excel.untrusted.scan import (
    MAX_FILE_BYTES,
    Candidate,
    digest_file,
    os_reason,
    read_file_bytes,
    safe_name,
    scan_input,
    shown_suffix,
)
from pii_excel.untrusted.workers import DEFAULT_TASK_SECONDS, Supervisor, TaskFailed
from pii_excel.vocab import FileStatus, SubmissionState, TimeSource

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


class _SetAside:
    """Where accepted files' packed contents wait in the parent process: an anonymous temporary file the system
    deletes when it is closed. Most files of a busy period are superseded copies; set aside, each costs a few
    dozen bytes of memory whatever its size, so memory follows the agencies, not the files."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(buffering=1 << 20)  # noqa: SIM115 - closed by run_intake, which owns it
        self._end = 0
        self._at_end = True  # appends stay buffered: a seek would flush the buffer at every file

    def put(self, data: bytes) -> tuple[int, int]:
        if not self._at_end:
            self._file.seek(self._end)
            self._at_end = True
        self._file.write(data)
        at, self._end = self._end, self._end + len(data)
        return at, len(data)

    def get(self, ref: tuple[int, int]) -> bytes:
        self._file.seek(ref[0])
        self._at_end = False
        return self._file.read(ref[1])

    def close(self) -> None:
        self._file.close()


Packed = bytes | tuple[int, int]  # the bytes themselves (in the worker), or where they were set aside (in the parent)


@dataclass(eq=False)  # one file each, told apart by identity: taken out of long lists by `list.remove`
class _Accepted:
    """An accepted file. Its contents travel packed (pickled in the worker) and wait set aside in the
    parent: only each agency's newest file is unpacked, and the cells typed (packed apart) of its first file, to
    say what the resubmissions changed."""

    entry: InputFile
    agency: str
    saved: datetime
    mtime: datetime
    packed: Packed = b""
    packed_entered: Packed = b""
    store: _SetAside | None = None
    read_fully: bool = True  # False: only identified so far (whose it is, when saved), its contents not read
    # identified, then refused by its full read: what to say (its rejected entry, the findings) if it is needed
    refusal: tuple[InputFile, list[Finding]] | None = None

    @classmethod
    def of(cls, entry: InputFile, submission: Submission, saved: datetime, mtime: datetime) -> _Accepted:
        entered, submission.entered = submission.entered, []
        return cls(entry, submission.agency, saved, mtime, _pack(submission), _pack(entered))

    def read_in_full(self, full: _Accepted) -> None:
        """The contents of this file's full read (its time, possibly from the received-dates table, stays)."""
        self.packed, self.packed_entered, self.store = full.packed, full.packed_entered, full.store
        self.read_fully = True

    def set_aside(self, store: _SetAside) -> None:
        if isinstance(self.packed, bytes) and isinstance(self.packed_entered, bytes):
            self.packed, self.packed_entered, self.store = store.put(self.packed), store.put(self.packed_entered), store

    def _bytes(self, packed: Packed) -> bytes:
        if isinstance(packed, bytes):
            return packed
        assert self.store is not None
        return self.store.get(packed)

    def submission(self) -> Submission:
        # bytes our own worker process made from objects it built; never bytes from a file
        submission = pickle.loads(self._bytes(self.packed))
        submission.entered = self.entered()
        return submission

    def entered(self) -> list[EnteredCell]:
        return pickle.loads(self._bytes(self.packed_entered))


def _pack(value: object) -> bytes:
    # not compressed: the parent sets the bytes aside on disk as they arrive, so compressing would only cost time
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


@dataclass
class FileOutcome:
    """What reading one file produced: plain data, the same whether read here or in a worker process. A mail
    file's attachments are outcomes of their own (`parts`); the received-dates table is read like a file."""

    entry: InputFile
    findings: list[Finding] = field(default_factory=list)
    accepted: _Accepted | None = None
    parts: list[FileOutcome] = field(default_factory=list)
    evidence: list[EvidencePiece] = field(default_factory=list)  # an evidence file, or a zip's members
    own_text: list[OwnText] = field(default_factory=list)  # the department's own sections of the report
    table: ReceivedTable | None = None
    identified: _Accepted | None = None  # whose it is and when saved, as soon as that is known

    def kept(self) -> _Accepted | None:
        """The file as a submission of its agency: accepted, or identified and then refused by its full read —
        which is said only if its contents turn out to be needed (a file another one supersedes is not searched
        for faults, whichever way it was read, so the outcome does not depend on how the run chose to read; but a
        file that crashes its worker is rejected, since whose it is dies with the worker)."""
        if self.accepted is not None or self.identified is None:
            return self.accepted
        self.identified.refusal = (self.entry, self.findings)
        return self.identified

    def set_aside(self, store: _SetAside) -> FileOutcome:
        """Move the packed contents of this file (and of a message's attachments) out of memory."""
        for read in (self, *self.parts):
            if read.accepted is not None:
                read.accepted.set_aside(store)
        return self

    def reject(self, code: Code, agency: str | None = None, sheet: str = "", cell: str = "", **kw) -> None:
        item = finding(code, at=Location(self.entry.path, sheet, cell), agency=agency, **kw)
        if self.entry.mail is not None:  # staff find an attachment by its message
            item = replace(item, message=f"{item.message} (thư {self.entry.mail.describe()})")
        self.entry = replace(self.entry, status=FileStatus.REJECTED, reason=item.message)
        self.findings.append(item)


@dataclass(frozen=True)
class _WorkerState:
    plan: Plan
    period_id: str
    expect: Expectations
    evidence_dir: str | None = None  # the run's evidence store; None: evidence is examined, not kept


def _init_reader(plan: Plan, period_id: str, now: datetime, evidence_dir: str | None = None) -> _WorkerState:
    return _WorkerState(plan, period_id, Expectations(plan, now), evidence_dir)


def _prepared_reader(plan: Plan, period_id: str, now: datetime, evidence_dir: str | None = None) -> _WorkerState:
    """The workers' state built once, before they start, with every agency's template for the period worked out:
    each worker would otherwise work them out again (a worker started by fork shares them, one started by spawn
    receives a copy)."""
    state = _init_reader(plan, period_id, now, evidence_dir)
    state.expect.prepare(period_id)
    return state


def _given(state: _WorkerState) -> _WorkerState:
    return state


def _read_task(state: _WorkerState, task: _Task) -> FileOutcome:
    return read_candidate(state, *task)


LIST_ONLY = -1  # a mail file's attachments listed, none read: the first step of reading its attachments apart


def read_candidate(
    state: _WorkerState, cand: Candidate, light: bool = False, sha256: str | None = None, attachment: int | None = None
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
    _read_workbook(outcome, state, cand.path, raw, file_time(info.st_mtime), light, sha256)
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


def _read_evidence(state: _WorkerState, cand: Candidate) -> FileOutcome:
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


def _read_workbook(
    outcome: FileOutcome,
    state: _WorkerState,
    path: Path,
    raw: bytes,
    mtime: datetime,
    light: bool = False,
    sha256: str | None = None,
) -> None:
    _read_bytes(outcome, raw, lambda checked: _read_checked(outcome, state, path, checked, mtime, light), sha256)


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


def _read_mail_file(state: _WorkerState, cand: Candidate, only: int | None = None) -> FileOutcome:
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


def _read_attachment(state: _WorkerState, container: Path, attachment: Attachment, mtime: datetime) -> FileOutcome:
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
        _read_workbook(part, state, container, attachment.data, mtime)
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


def _read_checked(
    outcome: FileOutcome, state: _WorkerState, path: Path, checked: Checked, mtime: datetime, light: bool = False
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
    outcome.identified = _Accepted(identified, identity.agency, saved, mtime, read_fully=False)
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
    outcome.accepted, outcome.identified = _Accepted.of(outcome.entry, submission, saved, mtime), None


def _failed(cand: Candidate, failure: TaskFailed, task_seconds: float, entry: InputFile | None = None) -> FileOutcome:
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


# the file, whether only to identify it, the digest it must still have; of a mail file, which attachment alone
_Task = tuple[Candidate, bool, str | None] | tuple[Candidate, bool, str | None, int]
MAX_CHUNK = 16  # files sent to a worker in one message: a message costs about as much as identifying a file
# One more worker process per this many files, up to `jobs`: a worker is a fresh interpreter importing the readers,
# not worth starting for a few files.
FILES_PER_WORKER = 32


def _read_chunk(state: _WorkerState, chunk: list[_Task]) -> list[FileOutcome]:
    return [_read_task(state, task) for task in chunk]


class _InProcess:
    """Reading in this process, unsupervised (`jobs=0`): to measure intake's own cost, or to debug. A native
    reader's crash or hang then stops the run, so a run never reads this way."""

    def __init__(self, state: _WorkerState) -> None:
        self.state = state

    def run(self, chunks: list[list[_Task]], on_result: Callable[[list[FileOutcome]], list[FileOutcome]]) -> list:
        return [on_result(_read_chunk(self.state, chunk)) for chunk in chunks]

    def close(self) -> None:
        pass


class _Readers:
    """The run's supervised worker processes, reading in batches: every file first, then the files whose contents
    are needed. Files travel in chunks (one message per chunk, not per file); a chunk whose worker crashes or
    overruns is read again file by file, so that only the file at fault is rejected. Outcomes in task order, their
    contents set aside as they arrive; the progress shown counts every file of both batches."""

    def __init__(self, state: _WorkerState, jobs: int, task_seconds: float, store: _SetAside, progress) -> None:
        self.supervisor: Supervisor | _InProcess = (
            Supervisor(_read_chunk, _given, (state,), jobs=jobs, task_seconds=task_seconds)
            if jobs
            else _InProcess(state)
        )
        self.jobs, self.task_seconds, self.store, self.progress = jobs, task_seconds, store, progress
        self.done = self.total = 0
        self._attachments: dict[str, list[InputFile]] = {}  # a mail file read apart: its attachments, as listed

    def read(self, tasks: Sequence[_Task]) -> list[FileOutcome]:
        self.total += len(tasks)
        size = max(1, min(MAX_CHUNK, len(tasks) // (4 * max(self.jobs, 1))))  # four chunks a worker at least
        return self._read_chunks([list(tasks[i : i + size]) for i in range(0, len(tasks), size)])

    def _read_chunks(self, chunks: list[list[_Task]]) -> list[FileOutcome]:
        outcomes: list[FileOutcome] = []
        for chunk, result in zip(chunks, self.supervisor.run(chunks, on_result=self._arrived), strict=True):
            if not isinstance(result, TaskFailed):
                outcomes.extend(result)
            elif len(chunk) > 1:  # which of its files crashed or hung the reader: each read again alone
                outcomes.extend(self._read_chunks([[task] for task in chunk]))
            else:
                outcomes.append(self._failed(chunk[0], result))
        return outcomes

    def _failed(self, task: _Task, failure: TaskFailed) -> FileOutcome:
        cand = task[0]
        if cand.kind == "mail" and len(task) == 3:
            return self._read_mail_apart(cand, failure)
        self._count(1)
        if len(task) == 4 and task[3] != LIST_ONLY:  # one attachment of a mail file read apart: it alone is rejected
            part = _failed(cand, failure, self.task_seconds, self._attachments[cand.rel][task[3]])
            return FileOutcome(part.entry, parts=[part])
        return _failed(cand, failure, self.task_seconds)

    def _read_mail_apart(self, cand: Candidate, failure: TaskFailed) -> FileOutcome:
        """A mail file whose reading crashed or hung its worker: one attachment among good ones must not lose the
        others, so its attachments are listed, then each read alone; only the one at fault is rejected, named by
        its message ("thu.mbox › thư 3 › bao-cao.xls")."""
        self.total += 1
        listing = self._read_chunks([[(cand, False, None, LIST_ONLY)]])[0]
        if not listing.parts:  # nothing to read apart: the file itself is at fault (or its listing says why)
            return listing if listing.entry.status is FileStatus.REJECTED else _failed(cand, failure, self.task_seconds)
        self._attachments[cand.rel] = [part.entry for part in listing.parts]
        tasks: list[_Task] = [(cand, False, None, k) for k in range(len(listing.parts))]
        listing.parts = [part for outcome in self.read(tasks) for part in outcome.parts]
        return listing

    def _arrived(self, outcomes: list[FileOutcome]) -> list[FileOutcome]:
        for outcome in outcomes:
            outcome.set_aside(self.store)
        self._count(len(outcomes))
        return outcomes

    def _count(self, files: int) -> None:
        self.done += files
        if self.progress:
            self.progress(self.done, self.total)

    def close(self) -> None:
        self.supervisor.close()


def _apply_received_dates(
    tables: list[ReceivedTable],
    inputs: list[InputFile],
    accepted: list[_Accepted],
    found: list[Finding],
    period: Period,
    now: datetime,
) -> None:
    """The received-dates table overrides every other time; a name it lists that nothing in the folder has is
    said at its cell. A date after the run or before the period's data began is a typo (a year typed wrong would
    make a report 2,000 days late): said at its cell and not used."""
    if not tables:
        return
    table = tables[0]  # only one can be at the top of the folder under that name; more would be a copy
    for item in accepted:
        hit = table.lookup(_names_of(item.entry))
        if hit is not None and (why := _implausible(hit[0], period, now)):
            found.append(
                finding(
                    Code.RECEIVED_DATE_IMPLAUSIBLE,
                    at=hit[1],
                    agency=item.agency,
                    why=why,
                    name=item.entry.path,
                    value=f"{hit[0]:%d/%m/%Y}",
                )
            )
        elif hit is not None:
            moment = hit[0].astimezone(VN_TZ)
            item.saved = moment
            item.entry = replace(
                item.entry, saved_at=moment.replace(microsecond=0), saved_source=TimeSource.RECEIVED_TABLE
            )
    known = {fold(name) for i in inputs for name in _names_of(i)}
    for name, (_, at) in table.dates.items():
        if name not in known:
            found.append(finding(Code.RECEIVED_FILE_UNKNOWN, at=at, name=table.shown[name]))


def _implausible(moment: datetime, period: Period, now: datetime) -> str:
    day = moment.astimezone(VN_TZ).date()
    today = (now.astimezone(VN_TZ) if now.tzinfo else now).date()
    if day > today:
        return f"sau ngày chạy chương trình ({today:%d/%m/%Y})"
    if day < period.start:
        return f"trước khi kỳ báo cáo bắt đầu ({period.start:%d/%m/%Y})"
    return ""


def _names_of(entry: InputFile) -> tuple[str, ...]:
    return names_of(entry.path, entry.mail.attachment if entry.mail else "")


def _copies(accepted: list[_Accepted]) -> dict[str, _Accepted]:
    """The same bytes received more than once (an attachment sent again, a file also saved by hand) are one
    submission, dated by its earliest arrival: each later copy's path -> the copy kept."""
    by_content: dict[tuple[str, str], list[_Accepted]] = {}
    for item in accepted:
        by_content.setdefault((item.agency, item.entry.sha256), []).append(item)
    copies = {}
    for items in by_content.values():
        items.sort(key=lambda a: (a.saved, a.entry.path))
        for copy in items[1:]:
            copies[copy.entry.path] = items[0]
    return copies


def _collapse_duplicates(accepted: list[_Accepted], found: list[Finding]) -> dict[str, str]:
    """`_copies`, each said once. Returns each later copy's path -> the path of the copy kept."""
    duplicate = {}
    for path, kept in _copies(accepted).items():
        duplicate[path] = kept.entry.path
        found.append(finding(Code.SUBMISSION_DUPLICATE, at=Location(path), agency=kept.agency, kept=kept.entry.path))
    return duplicate


def _by_agency(accepted: list[_Accepted]) -> dict[str, list[_Accepted]]:
    """Each agency's files, newest first (by saved time, then file time, then name)."""
    by_agency: dict[str, list[_Accepted]] = {}
    for item in accepted:
        by_agency.setdefault(item.agency, []).append(item)
    for items in by_agency.values():
        items.sort(key=lambda a: (a.saved, a.mtime, a.entry.path), reverse=True)
    return by_agency


def _needed_in_full(accepted: list[_Accepted]) -> list[_Accepted]:
    """The files whose contents the run uses — each agency's newest, and its first of the period (what the
    resubmissions changed) — that have only been identified so far."""
    copies = _copies(accepted)
    needed: dict[int, _Accepted] = {}
    for items in _by_agency([a for a in accepted if a.entry.path not in copies]).values():
        for item in (items[0], items[-1]):
            if not item.read_fully:
                needed[id(item)] = item
    return list(needed.values())


def _read_in_full(
    readers: _Readers, candidates: dict[str, Candidate], accepted: list[_Accepted], found: list[Finding]
) -> dict[str, InputFile]:
    """Read in full the files whose contents are used (the same bytes that were identified). One that fails its
    full read is rejected like any file, and the next in line is read instead: a rejected file supersedes nothing.
    Returns the entries of the files rejected here."""
    rejected: dict[str, InputFile] = {}

    def reject(item: _Accepted, entry: InputFile, findings: list[Finding]) -> None:
        found.extend(findings)
        accepted.remove(item)
        rejected[item.entry.path] = entry

    while needed := _needed_in_full(accepted):
        for item in needed:
            if item.refusal is not None:  # its full read has been made already
                reject(item, *item.refusal)
        needed = [item for item in needed if item.refusal is None]
        tasks = [(candidates[item.entry.path], False, item.entry.sha256) for item in needed]
        for item, outcome in zip(needed, readers.read(tasks), strict=True):
            if outcome.accepted is not None:
                found.extend(outcome.findings)
                item.read_in_full(outcome.accepted)
            else:
                reject(item, outcome.entry, outcome.findings)
    return rejected


def _addresses(text: str) -> set[str]:
    return {a.strip().lower() for a in re.split(r"[;,\s]+", text or "") if "@" in a}


def _check_senders(plan: Plan, accepted: list[_Accepted], found: list[Finding]) -> None:
    """A workbook that came by e-mail from an address the plan does not give for its agency is a warning only:
    agencies write from personal and colleagues' addresses too."""
    for item in accepted:
        mail, agency = item.entry.mail, plan.agency(item.agency)
        if mail is None or agency is None or not mail.sender:
            continue
        expected = _addresses(agency.email)
        if expected and mail.sender not in expected:
            found.append(
                finding(
                    Code.MAIL_SENDER_MISMATCH,
                    at=Location(item.entry.path),
                    agency=agency.code,
                    name=agency.name,
                    sender=mail.sender,
                    expected="; ".join(sorted(expected)),
                    message=mail.describe(),
                )
            )


def _choose_newest(
    accepted: list[_Accepted], found: list[Finding], changes: list[CellChange]
) -> tuple[dict[str, _Accepted], dict[str, str]]:
    """The newest accepted file of each agency, and each older (superseded) file's path -> the newer path. What
    the resubmissions changed goes to `changes`: each cell whose value in the newest file differs from the agency's
    first file of the period, once, however many files came between (a value changed and changed back is no
    change), so the list follows the template's size, not the number of files."""
    chosen, superseded = {}, {}
    for agency, items in _by_agency(accepted).items():
        newest = items[0]
        chosen[agency] = newest
        ties = [a for a in items if a.saved == newest.saved]
        if len(ties) > 1:  # the time shown as staff read it (dd/mm/yyyy hh:mm), kept in ISO 8601 for machines
            found.append(
                finding(
                    Code.SUBMISSION_SAME_SAVED_TIME,
                    at=Location(newest.entry.path),
                    agency=agency,
                    value=newest.entry.saved_at,
                    saved_at=_iso(newest.entry.saved_at),
                    count=len(ties),
                    used=newest.entry.path,
                )
            )
        for older in items[1:]:
            superseded[older.entry.path] = newest.entry.path
        if len(items) > 1:
            # one finding per agency, not per file: each file's status is in the inputs list, and an agency that
            # resent its workbook ten times does not want ten lines saying so in its correction workbook
            older_paths = [a.entry.path for a in reversed(items[1:])]  # in the order they were sent
            found.append(
                finding(
                    Code.SUBMISSION_SUPERSEDED,
                    agency=agency,
                    newer=newest.entry.path,
                    count=len(older_paths),
                    files=_listed(older_paths),
                    paths=older_paths,
                )
            )
        if len(items) > 1:
            first = items[-1]
            changes.extend(cell_changes(agency, first.entered(), first.entry.path, newest.entered(), newest.entry.path))
    return chosen, superseded


def _listed(paths: list[str], shown: int = 10) -> str:
    """File names for a message: the first few, and how many more."""
    more = len(paths) - shown
    return "; ".join(paths[:shown]) + (f" và {more:,} tệp khác".replace(",", ".") if more > 0 else "")


def _timeliness(
    plan: Plan, period_id: str, duties: list[AgencyDuties], chosen: dict[str, _Accepted], found: list[Finding]
) -> list[SubmissionStatus]:
    period = plan.require_period(period_id)
    statuses = []
    for d in duties:
        agency = d.agency
        item = chosen.get(agency.code)
        if item is None:
            statuses.append(SubmissionStatus(agency.code, agency.name, SubmissionState.MISSING))
            found.append(
                finding(
                    Code.SUBMISSION_MISSING,
                    value=agency.code,
                    agency=agency.code,
                    name=agency.name,
                    deadline=period.deadline,
                )
            )
            continue
        days_late = max((item.saved.date() - period.deadline).days, 0)
        source = item.entry.saved_source
        statuses.append(
            SubmissionStatus(
                agency.code,
                agency.name,
                SubmissionState.LATE if days_late else SubmissionState.ON_TIME,
                days_late,
                item.entry.path,
                item.entry.saved_at,
                source,
                item.entry.mail,
            )
        )
        if days_late:
            found.append(
                finding(
                    Code.SUBMISSION_LATE,
                    at=Location(item.entry.path),
                    agency=agency.code,
                    value=item.entry.saved_at,
                    days=days_late,
                    deadline=period.deadline,
                    source=lower_first(source.label) if source else "",
                )
            )
    return statuses


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


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
    duties: list[AgencyDuties] | None = None,
    evidence_dir: Path | None = None,
) -> Intake:
    """Read and validate every file in the input folder; never raises for a bad file.

    Files are read in supervised worker processes (one more per FILES_PER_WORKER files, at most `jobs`, default one per core
    up to 4); a file whose reading crashes or runs over `task_seconds` is rejected alone. `jobs=0` reads in this
    process, unsupervised: for measuring and debugging only. `duties` are the
    period's (computed once by the pipeline; worked out here when not given). `evidence_dir`: where evidence files
    are kept until the outputs are written (an empty folder the caller owns); None: examined, not kept.
    """
    plan.require_period(period_id)
    now = now or datetime.now().astimezone().replace(microsecond=0)
    duties = all_duties(plan, period_id) if duties is None else duties
    inputs: list[InputFile] = []
    found: list[Finding] = []
    candidates, skipped, unreadable = scan_input(input_dir) if input_dir.is_dir() else ([], [], [])
    for s in skipped:
        sha, size = digest_file(s.path) if s.regular else ("", 0)
        inputs.append(InputFile(s.rel, sha, size, FileStatus.SKIPPED, reason=s.reason))
        found.append(finding(Code.FILE_SKIPPED, at=Location(s.rel), reason=s.reason))
    for u in unreadable:
        item = finding(Code.FILE_UNREADABLE, at=Location(u.rel), detail=u.reason)
        inputs.append(InputFile(u.rel, "", 0, FileStatus.REJECTED, reason=item.message))
        found.append(item)
    store = _SetAside()
    try:
        jobs = default_jobs() if jobs is None else jobs
        state = _prepared_reader(plan, period_id, now, str(evidence_dir) if evidence_dir else None)
        return _gather(state, duties, candidates, progress, jobs, task_seconds, store, inputs, found)
    finally:
        store.close()


IDENTIFY_FIRST_FROM = 3  # workbooks per reporting agency, on average, from which they are identified first


def _identify_first(candidates: list[Candidate], duties: list[AgencyDuties]) -> bool:
    """Whether to identify every workbook first and read in full only the ones whose contents are used (each
    agency's newest and first). Identifying costs about a third of a full read, so it pays where most files will
    be superseded: from three workbooks per reporting agency on average. Fewer, every file is read in full at once.
    Either way the outcome is the same (`FileOutcome.kept`)."""
    workbooks = sum(c.kind == "workbook" for c in candidates)
    return bool(duties) and workbooks >= IDENTIFY_FIRST_FROM * len(duties)


def _gather(
    state: _WorkerState,
    duties: list[AgencyDuties],
    candidates: list[Candidate],
    progress,
    jobs: int,
    task_seconds: float,
    store: _SetAside,
    inputs: list[InputFile],
    found: list[Finding],
) -> Intake:
    """Every file read — only identified where agencies resent often (`_identify_first`; a mail's attachments and
    the received-dates table always in full) — then the files whose contents are used read in full if they were
    not, and the newest per agency chosen and unpacked."""
    plan, period_id = state.plan, state.period_id
    if not candidates:
        return _consolidated(plan, period_id, duties, [], inputs, found, {}, [])
    readers = _Readers(state, min(jobs, len(candidates) // FILES_PER_WORKER + 1), task_seconds, store, progress)
    pieces: list[EvidencePiece] = []
    own_text: list[OwnText] = []
    try:
        accepted: list[_Accepted] = []
        tables: list[ReceivedTable] = []
        light = _identify_first(candidates, duties)
        for outcome in readers.read([(c, light and c.kind == "workbook", None) for c in candidates]):
            for read in (outcome, *outcome.parts):
                pieces.extend(read.evidence)
                own_text.extend(read.own_text)
                item = read.kept()
                if item is not None:
                    accepted.append(item)
                inputs.append(read.entry if item is None else item.entry)
                if item is None or item.refusal is None:
                    found.extend(read.findings)
            if outcome.table is not None:
                tables.append(outcome.table)
                found.extend(outcome.table.findings)
        _apply_received_dates(tables, inputs, accepted, found, plan.require_period(period_id), state.expect.now)
        rejected = _read_in_full(readers, {c.rel: c for c in candidates}, accepted, found)
    finally:
        readers.close()
    intake = _consolidated(plan, period_id, duties, accepted, inputs, found, rejected, pieces)
    return replace(intake, own_text=tuple(own_text))


def _consolidated(
    plan: Plan,
    period_id: str,
    duties: list[AgencyDuties],
    accepted: list[_Accepted],
    inputs: list[InputFile],
    found: list[Finding],
    rejected: dict[str, InputFile],
    pieces: list[EvidencePiece],
) -> Intake:
    """Copies collapsed, senders checked, the newest file per agency chosen and unpacked, timeliness judged.
    `rejected`: the entries of files rejected by their full read."""
    duplicate = _collapse_duplicates(accepted, found)
    _check_senders(plan, accepted, found)
    changes: list[CellChange] = []
    chosen, superseded = _choose_newest([a for a in accepted if a.entry.path not in duplicate], found, changes)
    values, tasks, infos, official, entered, documents = [], [], [], [], [], []
    for agency in sorted(chosen, key=[a.code for a in plan.agencies].index):
        sub = chosen[agency].submission()
        found.extend(sub.findings)
        values.extend(sub.values)
        tasks.extend(sub.tasks)
        if sub.info:
            infos.append(sub.info)
        official.extend(sub.official)
        entered.extend(sub.entered)
        documents.extend(sub.documents)
    found.extend(quantity_disagreements(plan, values))
    files_due = period_kind(period_id) is PeriodKind.DATA_CALL
    evidence, notes = attribute(plan, pieces, inputs, values, documents, files_due)
    found.extend(notes)
    submissions = _timeliness(plan, period_id, duties, chosen, found)
    retimed = {**rejected, **{a.entry.path: a.entry for a in accepted}}
    inputs = [
        replace(i, status=FileStatus.SUPERSEDED, reason=f"thay bằng {superseded[i.path]}")
        if i.path in superseded
        else replace(i, status=FileStatus.DUPLICATE, reason=f"giống hệt {duplicate[i.path]}")
        if i.path in duplicate
        else retimed.get(i.path, i)
        for i in inputs
    ]
    owners = {e.source: e.agency for e in evidence}
    inputs = [replace(i, agency=owners.get(i.path)) if i.status is FileStatus.EVIDENCE else i for i in inputs]
    inputs.sort(key=lambda i: i.path)
    return Intake(
        tuple(inputs),
        tuple(found),
        tuple(submissions),
        tuple(values),
        tuple(tasks),
        tuple(infos),
        tuple(official),
        tuple(entered),
        tuple(changes),
        tuple(documents),
        evidence,
    )
