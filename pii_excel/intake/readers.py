"""The pool that reads the input folder's files: supervised worker processes (or this process, for measuring),
files sent in chunks, a file whose reading crashes or hangs rejected alone, an e-mail read again attachment
by attachment when one of them fails."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from pii_excel.intake.outcome import (
    FileOutcome,
    SetAside,
)
from pii_excel.intake.read_file import (
    LIST_ONLY,
    Task,
    WorkerState,
    failed_outcome,
    given,
    read_task,
)
from pii_excel.model import InputFile
from pii_excel.untrusted.scan import (
    Candidate,
)
from pii_excel.untrusted.workers import Supervisor, TaskFailed
from pii_excel.vocab import FileStatus

if TYPE_CHECKING:
    pass


# the file, whether only to identify it, the digest it must still have; of a mail file, which attachment alone


MAX_CHUNK = 16  # files sent to a worker in one message: a message costs about as much as identifying a file


# One more worker process per this many files, up to `jobs`: a worker is a fresh interpreter importing the readers,
# not worth starting for a few files.
FILES_PER_WORKER = 32


def read_chunk(state: WorkerState, chunk: list[Task]) -> list[FileOutcome]:
    return [read_task(state, task) for task in chunk]


class InProcess:
    """Reading in this process, unsupervised (`jobs=0`): to measure intake's own cost, or to debug. A native
    reader's crash or hang then stops the run, so a run never reads this way."""

    def __init__(self, state: WorkerState) -> None:
        self.state = state

    def run(self, chunks: list[list[Task]], on_result: Callable[[list[FileOutcome]], list[FileOutcome]]) -> list:
        return [on_result(read_chunk(self.state, chunk)) for chunk in chunks]

    def close(self) -> None:
        pass


class Readers:
    """The run's supervised worker processes, reading in batches: every file first, then the files whose contents
    are needed. Files travel in chunks (one message per chunk, not per file); a chunk whose worker crashes or
    overruns is read again file by file, so that only the file at fault is rejected. Outcomes in task order, their
    contents set aside as they arrive; the progress shown counts every file of both batches."""

    def __init__(self, state: WorkerState, jobs: int, task_seconds: float, store: SetAside, progress) -> None:
        self.supervisor: Supervisor | InProcess = (
            Supervisor(read_chunk, given, (state,), jobs=jobs, task_seconds=task_seconds) if jobs else InProcess(state)
        )
        self.jobs, self.task_seconds, self.store, self.progress = jobs, task_seconds, store, progress
        self.done = self.total = 0
        self._attachments: dict[str, list[InputFile]] = {}  # a mail file read apart: its attachments, as listed

    def read(self, tasks: Sequence[Task]) -> list[FileOutcome]:
        self.total += len(tasks)
        size = max(1, min(MAX_CHUNK, len(tasks) // (4 * max(self.jobs, 1))))  # four chunks a worker at least
        return self._read_chunks([list(tasks[i : i + size]) for i in range(0, len(tasks), size)])

    def _read_chunks(self, chunks: list[list[Task]]) -> list[FileOutcome]:
        outcomes: list[FileOutcome] = []
        for chunk, result in zip(chunks, self.supervisor.run(chunks, on_result=self._arrived), strict=True):
            if not isinstance(result, TaskFailed):
                outcomes.extend(result)
            elif len(chunk) > 1:  # which of its files crashed or hung the reader: each read again alone
                outcomes.extend(self._read_chunks([[task] for task in chunk]))
            else:
                outcomes.append(self._failed(chunk[0], result))
        return outcomes

    def _failed(self, task: Task, failure: TaskFailed) -> FileOutcome:
        cand = task[0]
        if cand.kind == "mail" and len(task) == 3:
            return self._read_mail_apart(cand, failure)
        self._count(1)
        if len(task) == 4 and task[3] != LIST_ONLY:  # one attachment of a mail file read apart: it alone is rejected
            part = failed_outcome(cand, failure, self.task_seconds, self._attachments[cand.rel][task[3]])
            return FileOutcome(part.entry, parts=[part])
        return failed_outcome(cand, failure, self.task_seconds)

    def _read_mail_apart(self, cand: Candidate, failure: TaskFailed) -> FileOutcome:
        """A mail file whose reading crashed or hung its worker: one attachment among good ones must not lose the
        others, so its attachments are listed, then each read alone; only the one at fault is rejected, named by
        its message ("thu.mbox › thư 3 › bao-cao.xls")."""
        self.total += 1
        listing = self._read_chunks([[(cand, False, None, LIST_ONLY)]])[0]
        if not listing.parts:  # nothing to read apart: the file itself is at fault (or its listing says why)
            return (
                listing
                if listing.entry.status is FileStatus.REJECTED
                else failed_outcome(cand, failure, self.task_seconds)
            )
        self._attachments[cand.rel] = [part.entry for part in listing.parts]
        tasks: list[Task] = [(cand, False, None, k) for k in range(len(listing.parts))]
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
