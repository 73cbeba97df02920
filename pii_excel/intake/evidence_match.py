"""Whose each evidence file is and which indicators it supports, decided in the parent once every file is read.

Agency: the workbook that came with it (the same message, the same folder), else the folder's, the archive's or
the file's name (an agency code or name), else the sender's address; evidence never crosses agencies. Indicators:
the rows of that agency's own template that name the file or its document, else an indicator code in the file's
name or folders, else none — listed for the department to assign. The same bytes from one agency are stored once;
the run's bounds on count and size are kept here.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.intake.evidence_kind import REFUSED_DAMAGED, REFUSED_MACRO, REFUSED_PASSWORD
from pii_excel.intake.evidence_store import REFUSED_LIMIT, REFUSED_SIZE, EvidencePiece
from pii_excel.intake.mail import SEP
from pii_excel.model import EvidenceFile, InputFile, PolicyDocument, ReportedValue
from pii_excel.plan.model import Plan
from pii_excel.textnorm import ascii_slug
from pii_excel.vocab import EvidenceMatch

EVIDENCE_DIR = "minh-chung"
UNMATCHED_DIR = "chua-gan-chi-so"  # evidence whose indicator nobody could tell: the department moves it
NO_AGENCY = "chua-ro-don-vi"
MAX_RUN_FILES = 3000
MAX_RUN_BYTES = 3 * 1024 * 1024 * 1024
_CODE_IN_NAME = re.compile(r"(?<![\d.,])(\d{1,2})[._ ](\d{1,2})[._ ](\d{1,2})(?![\d])")
_FILE_NAMED = re.compile(r"[\w\-.()]+\.(?:pdf|docx?|xlsx?|od[ts]|jpe?g|png|tiff?|gif|bmp|zip)(?![\w])", re.IGNORECASE)
_DOCUMENT_NUMBER = re.compile(r"\b\d{1,5}\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐa-zđ][\w\-Đđ]*", re.UNICODE)


def plain(text: str) -> str:
    """Lower case without diacritics (đ as d), every run of other characters one space: how two spellings of one
    name are compared."""
    return " ".join(re.findall(r"[a-z0-9]+", ascii_slug(text).lower()))


@dataclass
class _Row:
    """A row of an agency's template that may name evidence: an indicator's figure or a policy document."""

    indicator: str
    document: str  # as shown in the index: the evidence text, or the document's number
    raw: str  # every text of the row, as written
    location: Location | None

    @functools.cached_property
    def text(self) -> str:  # compared with every evidence file of the agency: worked out once
        return plain(self.raw)


def _rows(values: Iterable[ReportedValue], documents: Iterable[PolicyDocument]) -> dict[str, list[_Row]]:
    rows: dict[str, list[_Row]] = defaultdict(list)
    for v in values:
        if v.evidence or v.link or v.note:
            at = Location(v.source.file, v.source.sheet, v.evidence_cell) if v.evidence_cell else v.source
            rows[v.agency].append(_Row(v.indicator, v.evidence, " ; ".join((v.evidence, v.link, v.note)), at))
    for d in documents:
        shown = " ".join(p for p in (d.number, d.title) if p)
        rows[d.agency].append(_Row(d.indicator, shown, " ; ".join((d.number, d.title, d.evidence, d.note)), d.source))
    return rows


def _names_row(row: _Row, name: str) -> bool:
    """Whether a template row names this file: its full name, its name without the extension when that is
    distinctive, or the number of the document it is (a scan «123-QD-UBND.pdf» of «123/QĐ-UBND»)."""
    full, stem, text = plain(name), plain(PurePosixPath(name).stem), f" {row.text} "
    if full and f" {full} " in text:
        return True
    if len(stem) >= 6 and (any(c.isdigit() for c in stem) or " " in stem) and f" {stem} " in text:
        return True
    squeezed = stem.replace(" ", "")
    for number in _DOCUMENT_NUMBER.findall(row.raw):
        code = plain(number).replace(" ", "")
        if len(code) >= 5 and code in squeezed:
            return True
    return False


def _codes_in(texts: Iterable[str], known: set[str]) -> list[str]:
    found: list[str] = []
    for text in texts:
        for m in _CODE_IN_NAME.finditer(text):
            code = ".".join(str(int(g)) for g in m.groups())
            if code in known and code not in found:
                found.append(code)
        if found:
            return found  # the deepest place that names a code decides (the file's own name before its folders)
    return found


class _Agencies:
    """Agency codes and names as they may appear in folder, archive and file names, and in sender addresses."""

    def __init__(self, plan: Plan) -> None:
        self.by_token: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        self.by_address: dict[str, str] = {}
        self.names = {a.code: a.display_name for a in plan.agencies}
        for agency in plan.agencies:
            if agency.is_group:
                continue
            self.by_token[agency.code.casefold()] = agency.code
            for name in (agency.name, agency.short_name):
                if name:
                    self.by_name[plain(name)] = agency.code
            for address in re.split(r"[;,\s]+", agency.email or ""):
                if "@" in address:
                    self.by_address[address.strip().casefold()] = agency.code

    def shown(self, code: str | None) -> str:
        return self.names.get(code or "", code or "đơn vị chưa rõ")

    def named(self, text: str) -> str | None:
        """The agency a folder or file name names: the whole name, or a code among its words."""
        shown = PurePosixPath(text).stem if "." in text else text
        whole = self.by_name.get(plain(shown))
        if whole:
            return whole
        codes = {
            self.by_token[t.casefold()] for t in re.findall(r"[A-Za-z0-9Đđ]+", shown) if t.casefold() in self.by_token
        }
        return codes.pop() if len(codes) == 1 else None


def _container_of(path: str) -> str:
    """Where a received workbook came in: its message (for an attachment) or its folder."""
    if SEP in path:
        return path.rsplit(SEP, 1)[0]
    return str(PurePosixPath(path).parent) if "/" in path else ""


def _agency(piece: EvidencePiece, workbooks: dict[str, set[str]], agencies: _Agencies) -> str | None:
    if piece.mail is not None:  # an attachment: the workbooks of its message, else its sender
        found = workbooks.get(piece.container, set())
        if len(found) == 1:
            return next(iter(found))
        if piece.mail.sender:
            return agencies.by_address.get(piece.mail.sender.casefold())
        return None
    folders = PurePosixPath(piece.container).parts if piece.container else ()
    archive = piece.source.split(SEP)[0] if SEP in piece.source else ""
    for depth in range(len(folders), 0, -1):  # the nearest folder with its agency's workbook, or named for it
        found = workbooks.get("/".join(folders[:depth]), set())
        if len(found) == 1:
            return next(iter(found))
        named = agencies.named(folders[depth - 1])
        if named:
            return named
    for name in (PurePosixPath(archive).name, piece.name):
        named = agencies.named(name) if name else None
        if named:
            return named
    return None


def attribute(
    plan: Plan,
    pieces: list[EvidencePiece],
    inputs: Iterable[InputFile],
    values: Iterable[ReportedValue],
    documents: Iterable[PolicyDocument],
    files_due: bool = False,
) -> tuple[tuple[EvidenceFile, ...], list[Finding]]:
    """Every evidence piece as the model's EvidenceFile, with the findings about them. `files_due`: the period
    uploads evidence as files (the Ministry's data call), so a file a template names and nobody sent is said."""
    agencies = _Agencies(plan)
    workbooks: dict[str, set[str]] = defaultdict(set)
    for entry in inputs:
        if entry.agency:
            workbooks[_container_of(entry.path)].add(entry.agency)
    known = {i.code for i in plan.indicators}
    rows = _rows(values, documents)
    found: list[Finding] = []
    files: list[EvidenceFile] = []
    first_of: dict[tuple[str | None, str], int] = {}  # (agency, sha256) -> index of the file stored
    by_sha: dict[str, int] = {}
    taken_bytes = taken = 0
    paths: set[str] = set()
    for piece in pieces:
        if piece.archive:
            continue
        agency = _agency(piece, workbooks, agencies)
        if piece.given_name:
            found.append(
                finding(
                    Code.EVIDENCE_NAME_CHANGED,
                    at=Location(piece.source),
                    agency=agency,
                    given=piece.given_name,
                    name=piece.name,
                )
            )
        item = EvidenceFile(
            piece.source,
            piece.name,
            agency,
            kind=piece.detail,
            size=piece.size,
            sha256=piece.sha256,
            pages=piece.pages,
            blob=piece.blob,
            given_name=piece.given_name,
        )
        refusal, reason = piece.refused, piece.reason
        if not refusal and (taken >= MAX_RUN_FILES or taken_bytes + piece.size > MAX_RUN_BYTES):
            refusal = REFUSED_LIMIT
            reason = (
                f"đã đủ {MAX_RUN_FILES:,} tệp hoặc {MAX_RUN_BYTES // (1 << 30)} GB minh chứng trong một lần chạy"
            ).replace(",", ".")
        if refusal:
            found.append(_refusal(refusal, Location(piece.source), agency, piece.name, reason))
            files.append(replace(item, refused=reason, blob=""))
            continue
        key = (agency, piece.sha256)
        if key in first_of:
            first = files[first_of[key]]
            found.append(
                finding(
                    Code.EVIDENCE_DUPLICATE,
                    at=Location(piece.source),
                    agency=agency,
                    name=piece.name,
                    other=first.source,
                )
            )
            files.append(replace(item, duplicate_of=first.source, blob=""))
            continue
        other = by_sha.get(piece.sha256)
        if other is not None and files[other].agency != agency:
            found.append(
                finding(
                    Code.EVIDENCE_SAME_AS_OTHER_AGENCY,
                    at=Location(piece.source),
                    agency=agency,
                    name=piece.name,
                    other=files[other].source,
                    owner=agencies.shown(agency),
                    other_owner=agencies.shown(files[other].agency),
                )
            )
        indicators, matched, named = _indicators(piece, rows.get(agency or "", []), known)
        item = replace(item, indicators=tuple(indicators), matched_by=matched, documents=tuple(named))
        item = replace(item, stored_as=_stored_paths(item, paths))
        if agency is None:
            found.append(
                finding(
                    Code.EVIDENCE_NO_AGENCY,
                    at=Location(piece.source),
                    name=piece.name,
                    folder=str(PurePosixPath(item.stored_as[0]).parent),
                )
            )
        elif matched is EvidenceMatch.UNMATCHED:
            found.append(
                finding(
                    Code.EVIDENCE_UNMATCHED,
                    at=Location(piece.source),
                    agency=agency,
                    name=piece.name,
                    owner=agencies.shown(agency),
                    folder=str(PurePosixPath(item.stored_as[0]).parent),
                )
            )
        first_of[key] = len(files)
        by_sha.setdefault(piece.sha256, len(files))
        files.append(item)
        taken += 1
        taken_bytes += piece.size
    if files_due:
        found.extend(_named_not_received(rows, files))
    return tuple(files), found


def _refusal(kind: str, at: Location, agency: str | None, name: str, reason: str) -> Finding:
    """The finding of a file not taken, by why (each its own code: staff filter a password from a program)."""
    if kind == REFUSED_MACRO:
        return finding(Code.EVIDENCE_MACRO, at=at, agency=agency, name=name, reason=reason)
    if kind == REFUSED_PASSWORD:
        return finding(Code.EVIDENCE_PASSWORD, at=at, agency=agency, name=name, reason=reason)
    if kind == REFUSED_DAMAGED:
        return finding(Code.EVIDENCE_DAMAGED, at=at, agency=agency, name=name, reason=reason)
    if kind == REFUSED_SIZE:
        return finding(Code.EVIDENCE_TOO_LARGE, at=at, agency=agency, name=name, reason=reason)
    if kind == REFUSED_LIMIT:
        return finding(Code.EVIDENCE_LIMIT, at=at, agency=agency, name=name, reason=reason)
    return finding(Code.EVIDENCE_TYPE_REFUSED, at=at, agency=agency, name=name, reason=reason)


def _indicators(piece: EvidencePiece, rows: list[_Row], known: set[str]) -> tuple[list[str], EvidenceMatch, list[str]]:
    indicators: list[str] = []
    documents: list[str] = []
    for row in rows:
        if _names_row(row, piece.name):
            if row.indicator not in indicators:
                indicators.append(row.indicator)
            if row.document and row.document not in documents:
                documents.append(row.document)
    if indicators:
        return indicators, EvidenceMatch.TEMPLATE, documents
    folders = (
        [*reversed(piece.inner), *reversed(PurePosixPath(piece.container).parts)]
        if piece.mail is None
        else list(reversed(piece.inner))
    )
    codes = _codes_in([PurePosixPath(piece.name).stem, *folders], known)
    if codes:
        return codes, EvidenceMatch.FILE_NAME, []
    return [], EvidenceMatch.UNMATCHED, []


def _stored_paths(item: EvidenceFile, taken: set[str]) -> tuple[str, ...]:
    """Where the file goes in the upload tree, once per indicator; a name already used (by another file with the
    same name) gets a number, compared as Windows compares names."""
    owner = item.agency or NO_AGENCY
    folders = item.indicators or (UNMATCHED_DIR,)
    out: list[str] = []
    for folder in folders:
        stem, suffix = PurePosixPath(item.name).stem, PurePosixPath(item.name).suffix
        path, n = f"{EVIDENCE_DIR}/{folder}/{owner} - {item.name}", 1
        while path.casefold() in taken:
            n += 1
            path = f"{EVIDENCE_DIR}/{folder}/{owner} - {stem} ({n}){suffix}"
        taken.add(path.casefold())
        out.append(path)
    return tuple(out)


def _named_not_received(rows: dict[str, list[_Row]], files: list[EvidenceFile]) -> list[Finding]:
    """A template row that names a file (with its extension) no file of that agency answers to."""
    received: dict[str, list[str]] = defaultdict(list)
    for f in files:
        if f.agency:
            received[f.agency].append(plain(f.name))
    out: list[Finding] = []
    for agency, agency_rows in rows.items():
        for row in agency_rows:
            if row.location is None:
                continue
            for token in dict.fromkeys(_FILE_NAMED.findall(row.raw)):
                wanted = plain(token)
                if not any(name == wanted or name.endswith(f" {wanted}") for name in received[agency]):
                    out.append(
                        finding(
                            Code.EVIDENCE_NAMED_NOT_RECEIVED,
                            at=row.location,
                            agency=agency,
                            named=token,
                            key=row.indicator,
                        )
                    )
    return out
