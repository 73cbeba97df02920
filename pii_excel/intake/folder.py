"""Intake of a whole input folder: read every file, keep the newest per agency, judge timeliness."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.intake.choose import (
    apply_received_dates,
    consolidated,
    read_in_full,
)
from pii_excel.intake.evidence_store import EvidencePiece
from pii_excel.intake.outcome import (
    Accepted,
    SetAside,
)
from pii_excel.intake.read_file import (
    WorkerState,
    prepared_reader,
)
from pii_excel.intake.readers import (
    FILES_PER_WORKER,
    Readers,
)
from pii_excel.intake.received_table import ReceivedTable
from pii_excel.model import InputFile, Intake, OwnText
from pii_excel.plan.duties import AgencyDuties, all_duties
from pii_excel.plan.model import Plan
from pii_excel.untrusted.scan import (
    Candidate,
    digest_file,
    scan_input,
)
from pii_excel.untrusted.workers import DEFAULT_TASK_SECONDS
from pii_excel.vocab import FileStatus

if TYPE_CHECKING:
    pass


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
    store = SetAside()
    try:
        jobs = default_jobs() if jobs is None else jobs
        state = prepared_reader(plan, period_id, now, str(evidence_dir) if evidence_dir else None)
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
    state: WorkerState,
    duties: list[AgencyDuties],
    candidates: list[Candidate],
    progress,
    jobs: int,
    task_seconds: float,
    store: SetAside,
    inputs: list[InputFile],
    found: list[Finding],
) -> Intake:
    """Every file read — only identified where agencies resent often (`_identify_first`; a mail's attachments and
    the received-dates table always in full) — then the files whose contents are used read in full if they were
    not, and the newest per agency chosen and unpacked."""
    plan, period_id = state.plan, state.period_id
    if not candidates:
        return consolidated(plan, period_id, duties, [], inputs, found, {}, [])
    readers = Readers(state, min(jobs, len(candidates) // FILES_PER_WORKER + 1), task_seconds, store, progress)
    pieces: list[EvidencePiece] = []
    own_text: list[OwnText] = []
    try:
        accepted: list[Accepted] = []
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
        apply_received_dates(tables, inputs, accepted, found, plan.require_period(period_id), state.expect.now)
        rejected = read_in_full(readers, {c.rel: c for c in candidates}, accepted, found)
    finally:
        readers.close()
    intake = consolidated(plan, period_id, duties, accepted, inputs, found, rejected, pieces)
    return replace(intake, own_text=tuple(own_text))
