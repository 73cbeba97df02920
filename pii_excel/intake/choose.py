"""Choosing and dating the submissions: received dates from the table, identical copies collapsed, the newest
file per agency kept (with what changed since its first), senders checked, timeliness judged."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.intake.changes import cell_changes
from pii_excel.intake.consistency import quantity_disagreements
from pii_excel.intake.evidence_match import attribute
from pii_excel.intake.evidence_store import EvidencePiece
from pii_excel.intake.outcome import (
    Accepted,
)
from pii_excel.intake.readers import (
    Readers,
)
from pii_excel.intake.received_table import ReceivedTable, names_of
from pii_excel.model import CellChange, InputFile, Intake, SubmissionStatus
from pii_excel.plan.duties import AgencyDuties
from pii_excel.plan.model import Period, Plan
from pii_excel.plan.periods import PeriodKind, period_kind
from pii_excel.textnorm import fold, lower_first
from pii_excel.untrusted.files import VN_TZ
from pii_excel.untrusted.scan import (
    Candidate,
)
from pii_excel.vocab import FileStatus, SubmissionState, TimeSource

if TYPE_CHECKING:
    pass


def apply_received_dates(
    tables: list[ReceivedTable],
    inputs: list[InputFile],
    accepted: list[Accepted],
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


def _copies(accepted: list[Accepted]) -> dict[str, Accepted]:
    """The same bytes received more than once (an attachment sent again, a file also saved by hand) are one
    submission, dated by its earliest arrival: each later copy's path -> the copy kept."""
    by_content: dict[tuple[str, str], list[Accepted]] = {}
    for item in accepted:
        by_content.setdefault((item.agency, item.entry.sha256), []).append(item)
    copies = {}
    for items in by_content.values():
        items.sort(key=lambda a: (a.saved, a.entry.path))
        for copy in items[1:]:
            copies[copy.entry.path] = items[0]
    return copies


def _collapse_duplicates(accepted: list[Accepted], found: list[Finding]) -> dict[str, str]:
    """`_copies`, each said once. Returns each later copy's path -> the path of the copy kept."""
    duplicate = {}
    for path, kept in _copies(accepted).items():
        duplicate[path] = kept.entry.path
        found.append(finding(Code.SUBMISSION_DUPLICATE, at=Location(path), agency=kept.agency, kept=kept.entry.path))
    return duplicate


def _by_agency(accepted: list[Accepted]) -> dict[str, list[Accepted]]:
    """Each agency's files, newest first (by saved time, then file time, then name)."""
    by_agency: dict[str, list[Accepted]] = {}
    for item in accepted:
        by_agency.setdefault(item.agency, []).append(item)
    for items in by_agency.values():
        items.sort(key=lambda a: (a.saved, a.mtime, a.entry.path), reverse=True)
    return by_agency


def _needed_in_full(accepted: list[Accepted]) -> list[Accepted]:
    """The files whose contents the run uses — each agency's newest, and its first of the period (what the
    resubmissions changed) — that have only been identified so far."""
    copies = _copies(accepted)
    needed: dict[int, Accepted] = {}
    for items in _by_agency([a for a in accepted if a.entry.path not in copies]).values():
        for item in (items[0], items[-1]):
            if not item.read_fully:
                needed[id(item)] = item
    return list(needed.values())


def read_in_full(
    readers: Readers, candidates: dict[str, Candidate], accepted: list[Accepted], found: list[Finding]
) -> dict[str, InputFile]:
    """Read in full the files whose contents are used (the same bytes that were identified). One that fails its
    full read is rejected like any file, and the next in line is read instead: a rejected file supersedes nothing.
    Returns the entries of the files rejected here."""
    rejected: dict[str, InputFile] = {}

    def reject(item: Accepted, entry: InputFile, findings: list[Finding]) -> None:
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


def _check_senders(plan: Plan, accepted: list[Accepted], found: list[Finding]) -> None:
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
    accepted: list[Accepted], found: list[Finding], changes: list[CellChange]
) -> tuple[dict[str, Accepted], dict[str, str]]:
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
    plan: Plan, period_id: str, duties: list[AgencyDuties], chosen: dict[str, Accepted], found: list[Finding]
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


def consolidated(
    plan: Plan,
    period_id: str,
    duties: list[AgencyDuties],
    accepted: list[Accepted],
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
