"""A file read from the input folder: what became of it (`FileOutcome`), an accepted template's reading
(`Accepted`) and the store that keeps accepted readings out of memory until they are chosen (`SetAside`)."""

from __future__ import annotations

import pickle
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.intake.evidence_store import EvidencePiece
from pii_excel.intake.read_submission import Submission
from pii_excel.intake.received_table import ReceivedTable
from pii_excel.model import EnteredCell, InputFile, OwnText
from pii_excel.vocab import FileStatus

if TYPE_CHECKING:
    pass


class SetAside:
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
class Accepted:
    """An accepted file. Its contents travel packed (pickled in the worker) and wait set aside in the
    parent: only each agency's newest file is unpacked, and the cells typed (packed apart) of its first file, to
    say what the resubmissions changed."""

    entry: InputFile
    agency: str
    saved: datetime
    mtime: datetime
    packed: Packed = b""
    packed_entered: Packed = b""
    store: SetAside | None = None
    read_fully: bool = True  # False: only identified so far (whose it is, when saved), its contents not read
    # identified, then refused by its full read: what to say (its rejected entry, the findings) if it is needed
    refusal: tuple[InputFile, list[Finding]] | None = None

    @classmethod
    def of(cls, entry: InputFile, submission: Submission, saved: datetime, mtime: datetime) -> Accepted:
        entered, submission.entered = submission.entered, []
        return cls(entry, submission.agency, saved, mtime, _pack(submission), _pack(entered))

    def read_in_full(self, full: Accepted) -> None:
        """The contents of this file's full read (its time, possibly from the received-dates table, stays)."""
        self.packed, self.packed_entered, self.store = full.packed, full.packed_entered, full.store
        self.read_fully = True

    def set_aside(self, store: SetAside) -> None:
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
    accepted: Accepted | None = None
    parts: list[FileOutcome] = field(default_factory=list)
    evidence: list[EvidencePiece] = field(default_factory=list)  # an evidence file, or a zip's members
    own_text: list[OwnText] = field(default_factory=list)  # the department's own sections of the report
    table: ReceivedTable | None = None
    identified: Accepted | None = None  # whose it is and when saved, as soon as that is known

    def kept(self) -> Accepted | None:
        """The file as a submission of its agency: accepted, or identified and then refused by its full read —
        which is said only if its contents turn out to be needed (a file another one supersedes is not searched
        for faults, whichever way it was read, so the outcome does not depend on how the run chose to read; but a
        file that crashes its worker is rejected, since whose it is dies with the worker)."""
        if self.accepted is not None or self.identified is None:
            return self.accepted
        self.identified.refusal = (self.entry, self.findings)
        return self.identified

    def set_aside(self, store: SetAside) -> FileOutcome:
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
