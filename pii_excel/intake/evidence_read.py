"""The worker's side of evidence: whether a file that does not say it is a workbook or an e-mail is one by its
content, and what an evidence file or attachment becomes — its pieces for the parent, its line in the list of
files received, and the findings only the worker can state (a file that is no evidence at all is skipped, as
files of other kinds always were)."""

from __future__ import annotations

import contextlib
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.intake.evidence_kind import NOT_EVIDENCE, REFUSED_TYPE
from pii_excel.intake.evidence_store import EvidencePiece, collect_bytes, collect_path
from pii_excel.model import InputFile, MailOrigin
from pii_excel.untrusted.formats import sniff
from pii_excel.untrusted.scan import MAX_FILE_BYTES, checked_descriptor, shown_suffix
from pii_excel.vocab import FileStatus

# names that claim to be evidence (or a program dressed as a document): refused with a finding of their own when
# their content is not what they claim; other names with content we do not take are only skipped
CLAIMED_SUFFIXES = {
    ".pdf",
    ".doc",
    ".docx",
    ".docm",
    ".dot",
    ".dotx",
    ".dotm",
    ".odt",
    ".rtf",
    ".jpg",
    ".jpeg",
    ".png",
    ".tif",
    ".tiff",
    ".gif",
    ".bmp",
    ".heic",
    ".webp",
    ".zip",
    ".rar",
    ".7z",
    ".exe",
    ".scr",
    ".com",
    ".bat",
    ".cmd",
    ".js",
    ".vbs",
    ".ps1",
    ".lnk",
    ".msi",
    ".dll",
    ".hta",
    ".jar",
    ".ppt",
    ".pptx",
    ".pptm",
}
_SPREADSHEET_PARTS = ("xl/workbook.xml", "xl/workbook.bin")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass
class EvidenceRead:
    entry: InputFile
    pieces: list[EvidencePiece] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def unknown_kind(path: Path) -> str:
    """What a file whose name says neither workbook nor e-mail is, from its first bytes and (for a zip or an OLE
    file) its list of parts, read through a checked descriptor — never the whole file: "mail", "workbook" or
    "evidence"."""
    from pii_excel.intake.mail import mail_kind  # the email package: only when a file may be mail

    fd, info = checked_descriptor(path)
    with os.fdopen(fd, "rb") as stream:
        head = stream.read(65536)
        if info.st_size > MAX_FILE_BYTES:
            return "evidence"  # no workbook or message of ours is this large: refused as evidence, by size
        if mail_kind(head):
            return "mail"
        kind = sniff(head).kind
        if kind in ("fods", "xml2003", "old_biff"):
            return "workbook"
        stream.seek(0)
        if kind == "zip":
            with (
                contextlib.suppress(zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, RuntimeError),
                zipfile.ZipFile(stream) as zf,
            ):
                names = set(zf.namelist())
                if names & set(_SPREADSHEET_PARTS):
                    return "workbook"
                if "mimetype" in names and zf.getinfo("mimetype").file_size < 256:
                    return "workbook" if zf.read("mimetype").startswith(_ODS_MIMETYPE) else "evidence"
        if kind == "ole":
            return _ole_kind(stream)
    return "evidence"


def _ole_kind(stream) -> str:
    import olefile

    try:
        with olefile.OleFileIO(stream) as ole:
            top = {entry[0].lower() for entry in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError, IndexError, TypeError, RecursionError):
        return "workbook"  # a damaged OLE file is said as a damaged workbook, as before
    if any(name.startswith("__substg1.0_") for name in top):
        return "mail"
    if top & {"workbook", "book"} and "worddocument" not in top:
        return "workbook"
    return "evidence"


def read_evidence_file(store: str | None, rel: str, path: Path) -> EvidenceRead | None:
    """An evidence file of the input folder (or a zip of them); None when it is not evidence at all (a text
    file, a web page under its own name): the caller skips it. OSError is the caller's."""
    pieces = collect_path(store, rel, path)
    if _not_evidence(pieces, PurePosixPath(rel).name):
        return None
    return EvidenceRead(_entry(rel, pieces, None), pieces)


def read_evidence_attachment(
    store: str | None, path: str, raw_name: str, data: bytes, label: str, origin: MailOrigin
) -> EvidenceRead:
    """An e-mail's attachment that is not a workbook by its name."""
    pieces = collect_bytes(store, path, raw_name, data, label, origin)
    entry = _entry(path, pieces, origin)
    if _not_evidence(pieces, raw_name):
        return EvidenceRead(
            InputFile(path, pieces[0].sha256, len(data), FileStatus.SKIPPED, mail=origin, reason=pieces[0].reason),
            [],
            [
                finding(
                    Code.MAIL_ATTACHMENT_NOT_WORKBOOK,
                    at=Location(path),
                    attachment=pieces[0].name,
                    message=origin.describe(),
                )
            ],
        )
    return EvidenceRead(entry, pieces)


def _not_evidence(pieces: list[EvidencePiece], name: str) -> bool:
    only = pieces[0] if len(pieces) == 1 else None
    return (
        only is not None
        and only.refused == REFUSED_TYPE
        and only.reason == NOT_EVIDENCE
        and shown_suffix(name) not in CLAIMED_SUFFIXES
    )


def _entry(path: str, pieces: list[EvidencePiece], origin: MailOrigin | None) -> InputFile:
    first = pieces[0]
    if first.archive:
        taken = sum(1 for p in pieces[1:] if not p.refused)
        reason = f"tệp nén .zip: {taken}/{len(pieces) - 1} tệp minh chứng được nhận"
        return InputFile(path, first.sha256, first.size, FileStatus.EVIDENCE, reason=reason, mail=origin)
    if first.refused:
        return InputFile(path, first.sha256, first.size, FileStatus.REJECTED, reason=first.reason, mail=origin)
    pages = f", {first.pages} trang" if first.pages else ""
    return InputFile(path, first.sha256, first.size, FileStatus.EVIDENCE, reason=f"{first.detail}{pages}", mail=origin)
