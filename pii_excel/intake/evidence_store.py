"""Evidence files taken in by a worker: each streamed once into the run's evidence store while it is hashed, then
examined there (`evidence_kind`), kept under its digest or deleted. A zip of evidence is unpacked member by member
under bounds — members, bytes, no archive inside an archive, no encrypted member — and a member's folders in the
archive never become folders of ours: only its base name is kept. Memory does not follow the files' sizes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

from pii_excel.intake.evidence_kind import ARCHIVE, REFUSED_DAMAGED, REFUSED_PASSWORD, REFUSED_TYPE, examine
from pii_excel.model import MailOrigin
from pii_excel.untrusted.scan import checked_descriptor, safe_name

MAX_EVIDENCE_BYTES = 50 * 1024 * 1024  # one file; a scanned decision of a few dozen pages is a few MB
MAX_ARCHIVE_MEMBERS = 500
MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024  # unpacked, one archive
MAX_WORKER_BYTES = 3 * 1024 * 1024 * 1024  # written by one worker in a run; the run's own bounds are the parent's
REFUSED_SIZE = "size"  # a refusal kind of the store's own (the others are evidence_kind's)
REFUSED_LIMIT = "limit"
_CHUNK = 1 << 20
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\.|$)", re.IGNORECASE)
_MAX_NAME = 100  # characters of a stored name: minh-chung/<code>/<agency> - <name> stays well inside Windows' 260

_written = 0  # by this worker process, this run


@dataclass
class EvidencePiece:
    """One evidence file as a worker found it: plain data for the parent, which decides its agency and
    indicators."""

    source: str  # shown path: "SCT/qd-123.pdf", "thu.eml › qd-123.pdf", "SCT.zip › 2.2.1/qd-123.pdf"
    name: str  # its own name, safe to show and to store under
    container: str  # where its agency is looked up: the folder (relative to input/) or the message's label
    inner: tuple[str, ...] = ()  # folders between the container and the file (in the input folder or a zip)
    kind: str = ""  # evidence_kind: PDF | Word | Excel | Ảnh; "" when refused
    detail: str = ""
    size: int = 0
    sha256: str = ""
    pages: int | None = None
    blob: str = ""  # where the bytes wait in the store; "" when refused or when nothing is stored
    refused: str = ""
    reason: str = ""
    given_name: str = ""  # the name as sent, when it carried folders (../../x.pdf) or characters Windows refuses
    mail: MailOrigin | None = None
    archive: bool = False  # the file itself was a zip of evidence (its members are pieces of their own)


def stored_name(raw: str) -> tuple[str, str]:
    """A name safe on every system: no folders, no characters Windows refuses, not a device name, not too long.
    With the name as given when it had to change (to say so), else ""."""
    base = re.split(r"[\\/]", raw)[-1]
    shown = safe_name(base).strip(" .") or "(không tên)"
    clean = _WINDOWS_FORBIDDEN.sub("_", shown)
    if _WINDOWS_RESERVED.match(clean):
        clean = f"_{clean}"
    if len(clean) > _MAX_NAME:
        stem, suffix = os.path.splitext(clean)
        clean = stem[: _MAX_NAME - len(suffix[:12])] + suffix[:12]
    changed = clean != safe_name(raw)
    return clean, (safe_name(raw) if changed else "")


def collect_path(store: str | None, rel: str, path: Path) -> list[EvidencePiece]:
    """An evidence file of the input folder (or a zip of them), read through a descriptor checked to be a regular
    file. OSError is the caller's (the file's own finding)."""
    parts = PurePosixPath(rel).parts
    name, given = stored_name(parts[-1])
    piece = EvidencePiece(rel, name, "/".join(parts[:-1]), given_name=given)
    fd, info = checked_descriptor(path)
    with os.fdopen(fd, "rb", buffering=0) as stream:
        return _take(store, piece, stream, info.st_size)


def collect_bytes(
    store: str | None, shown: str, raw_name: str, data: bytes, container: str, mail: MailOrigin | None
) -> list[EvidencePiece]:
    """An evidence attachment of an e-mail (already in memory, bounded by the message's limit)."""
    import io

    name, given = stored_name(raw_name)
    piece = EvidencePiece(shown, name, container, given_name=given, mail=mail)
    return _take(store, piece, io.BytesIO(data), len(data))


def _take(store: str | None, piece: EvidencePiece, stream: Any, declared: int, depth: int = 0) -> list[EvidencePiece]:
    global _written
    if declared > MAX_EVIDENCE_BYTES:
        return [_refused(piece, REFUSED_SIZE, _too_large(declared), declared)]
    if _written > MAX_WORKER_BYTES:
        return [_refused(piece, REFUSED_LIMIT, "đã quá giới hạn dung lượng minh chứng của một lần chạy", declared)]
    with _spool(store) as (spool, spool_path):
        digest, size = hashlib.sha256(), 0
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > MAX_EVIDENCE_BYTES:  # grew while read, or an archive member bigger than it said
                return [_refused(piece, REFUSED_SIZE, _too_large(size), size)]
            digest.update(chunk)
            spool.write(chunk)
        spool.flush()
        piece = replace(piece, size=size, sha256=digest.hexdigest())
        examined = examine(spool)
        if examined.refused:
            return [_refused(piece, examined.refused, examined.reason, size)]
        if examined.kind == ARCHIVE:
            if depth:
                return [_refused(piece, REFUSED_TYPE, "tệp nén nằm trong tệp nén khác; đề nghị gửi một tệp .zip", size)]
            return [replace(piece, kind=ARCHIVE, detail=examined.detail, archive=True), *_unpack(store, piece, spool)]
        piece = replace(piece, kind=examined.kind, detail=examined.detail, pages=examined.pages)
        if spool_path is None:
            return [piece]
        target = os.path.join(store or "", piece.sha256)
        if not os.path.exists(target):
            os.replace(spool_path, target)
            _written += size
        return [replace(piece, blob=target)]


@contextlib.contextmanager
def _spool(store: str | None):
    """A temporary file in the store (renamed into place when kept), or an anonymous one when nothing is stored."""
    if store is None:
        with tempfile.TemporaryFile() as anonymous:
            yield anonymous, None
        return
    path = os.path.join(store, f"tmp-{uuid.uuid4().hex}")
    try:
        with open(path, "w+b") as spool:
            yield spool, path
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _unpack(store: str | None, archive: EvidencePiece, spool: BinaryIO) -> list[EvidencePiece]:
    """Every member of a zip of evidence, each taken like a file of its own; what cannot be taken is refused by
    name and the others still are."""
    pieces: list[EvidencePiece] = []
    container = archive.source
    spool.seek(0)
    try:
        zf = zipfile.ZipFile(spool)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return [_refused(archive, REFUSED_DAMAGED, f"tệp nén bị hỏng ({type(exc).__name__})", archive.size)]
    with zf:
        members = [i for i in zf.infolist() if not i.is_dir()]
        if len(members) > MAX_ARCHIVE_MEMBERS:
            return [
                _refused(
                    archive,
                    REFUSED_LIMIT,
                    f"tệp nén có {len(members):,} tệp, giới hạn {MAX_ARCHIVE_MEMBERS}".replace(",", "."),
                    archive.size,
                )
            ]
        unpacked = 0
        for info in members:
            raw_name = _member_name(info)
            folders = tuple(p for p in re.split(r"[\\/]", raw_name)[:-1] if p not in ("", ".", ".."))
            name, given = stored_name(raw_name)
            shown = f"{container} › {safe_name(raw_name)}"
            piece = EvidencePiece(
                shown,
                name,
                archive.container,
                tuple(safe_name(f) for f in folders),
                given_name=given if ".." in raw_name or raw_name.startswith(("/", "\\")) else "",
                mail=archive.mail,
            )
            if info.flag_bits & 0x1:
                pieces.append(_refused(piece, REFUSED_PASSWORD, "tệp trong tệp nén có mật khẩu", info.file_size))
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                pieces.append(_refused(piece, REFUSED_TYPE, "là liên kết tượng trưng (symlink) trong tệp nén", 0))
                continue
            if unpacked + info.file_size > MAX_ARCHIVE_BYTES:
                pieces.append(
                    _refused(
                        piece,
                        REFUSED_LIMIT,
                        f"tệp nén giải ra quá {MAX_ARCHIVE_BYTES // (1 << 30)} GB; phần còn lại không được lấy",
                        info.file_size,
                    )
                )
                break
            try:
                with zf.open(info) as member:
                    taken = _take(store, piece, _Bounded(member), info.file_size, depth=1)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
                taken = [
                    _refused(piece, REFUSED_DAMAGED, f"không giải nén được ({type(exc).__name__})", info.file_size)
                ]
            unpacked += sum(p.size for p in taken)
            pieces.extend(taken)
    return pieces


class _Bounded:
    """A member stream that stops one chunk past the per-file bound, whatever size the archive declared."""

    def __init__(self, member: IO[bytes]) -> None:
        self.member, self.read_so_far = member, 0

    def read(self, size: int = _CHUNK) -> bytes:
        if self.read_so_far > MAX_EVIDENCE_BYTES:
            return b""
        chunk = self.member.read(size)
        self.read_so_far += len(chunk)
        return chunk


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its maker meant it: zip tools on Vietnamese Windows write names in the OEM code page
    without the UTF-8 flag; Python reads those as CP437. Names that are valid UTF-8 read that way are taken as
    UTF-8 (7-Zip and WinRAR write such names too)."""
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("utf-8")
    return name


def _too_large(size: int) -> str:
    return f"{size / 1e6:.0f} MB, giới hạn {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB cho một tệp minh chứng"


def _refused(piece: EvidencePiece, kind: str, reason: str, size: int) -> EvidencePiece:
    return replace(piece, kind="", refused=kind, reason=reason, size=size or piece.size, blob="")
