"""Walk the input folder without trusting it: no link is followed, no FIFO or device is opened, and every
entry that cannot be read becomes a reason in Vietnamese instead of an exception."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from pii_excel.textnorm import nfc

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlt", ".ods", ".fods", ".xlsb"}
MAIL_SUFFIXES = {".eml", ".msg", ".mbox"}
RECEIVED_TABLE_STEM = "ngay-nhan"  # «ngay-nhan.xlsx» in the input folder: file name -> date received by hand
OWN_TEXT_STEM = "noi-dung-cua-so"  # «noi-dung-cua-so.xlsx»: the department's own sections of the report
MAX_FILE_BYTES = 50 * 1024 * 1024  # a filled template is well under 1 MB
MAX_DEPTH = 32  # sub-folder levels; deeper trees are a loop or a mistake
MAX_ENTRIES = 100_000

# C0/C1 controls, DEL, and the bidirectional overrides that can make a name display as another name
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Candidate:
    path: Path
    rel: str  # shown name: relative to the input folder, NFC, "/" separators, unsafe characters escaped
    kind: str = "workbook"  # workbook | mail | received_table | own_text | unknown (decided by content when read)


@dataclass
class Skipped:
    rel: str
    reason: str
    path: Path
    regular: bool = True  # a regular file may be hashed; links, FIFOs and devices are never opened


@dataclass
class Unreadable:
    rel: str
    reason: str


def safe_name(raw: str) -> str:
    """A file name as people may see it: NFC, bytes that are not UTF-8 and control characters escaped (\\xNN)."""
    encoded = os.fsencode(raw)
    text = encoded.decode("utf-8", errors="backslashreplace")
    return _UNSAFE_CHARS.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", nfc(text)
    )


def is_ignored(name: str) -> bool:
    """Office lock files and hidden files are not submissions and are not worth a line in the report."""
    return name.startswith(("~$", ".~lock.", ".")) or name in ("Thumbs.db", "desktop.ini")


def os_reason(exc: OSError) -> str:
    """Why the system refused, in Vietnamese."""
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return "không có quyền đọc"
    if isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOENT:
        return "tệp đã bị xoá hoặc chuyển đi trong lúc đang đọc"
    if exc.errno == errno.ELOOP:
        return "là liên kết tượng trưng (symlink)"
    if exc.errno in (errno.EILSEQ, errno.ENAMETOOLONG):
        return "tên tệp không hợp lệ hoặc quá dài"
    if isinstance(exc, IsADirectoryError) or exc.errno == errno.EISDIR:
        return "là thư mục, không phải tệp"
    if exc.errno == errno.EIO:
        return "lỗi đọc ổ đĩa"
    return f"hệ thống báo lỗi khi đọc (mã {exc.errno})"


def _kind_of(mode: int) -> str | None:
    """Why a non-regular, non-directory entry is skipped; None for regular files and folders."""
    if stat.S_ISLNK(mode):
        return "liên kết tượng trưng (symlink) — không đọc, vì có thể trỏ ra ngoài thư mục nhận"
    if stat.S_ISFIFO(mode):
        return "ống dẫn (FIFO), không phải tệp"
    if stat.S_ISSOCK(mode):
        return "socket, không phải tệp"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "thiết bị, không phải tệp"
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    return "mục đặc biệt của hệ thống, không phải tệp"


def shown_suffix(name: str) -> str:
    """The extension as a name shows it once the trailing spaces and dots that some systems keep (a file copied from
    a Mac or a Linux share: «SCT .xlsx », «SNV_2024.xlsx.») are set aside; Windows drops them itself."""
    return Path(os.fsdecode(name).rstrip(" .")).suffix.lower()


def _kind_by_name(name: str, top: bool) -> str:
    """What the name suggests; a name that suggests neither a workbook nor an e-mail is decided by its content
    in the reader (kind "unknown"): a workbook saved without an extension, an e-mail under another name."""
    suffix = shown_suffix(name)
    if suffix in WORKBOOK_SUFFIXES:
        stem = nfc(Path(os.fsdecode(name).rstrip(" .")).stem).lower() if top else ""
        return {RECEIVED_TABLE_STEM: "received_table", OWN_TEXT_STEM: "own_text"}.get(stem, "workbook")
    if suffix in MAIL_SUFFIXES:
        return "mail"
    return "unknown"


def scan_input(folder: Path) -> tuple[list[Candidate], list[Skipped], list[Unreadable]]:
    """Every entry below `folder`, classified without following links or opening anything."""
    candidates: list[Candidate] = []
    skipped: list[Skipped] = []
    unreadable: list[Unreadable] = []
    count = 0

    def walk(directory: Path, prefix: tuple[str, ...]) -> None:
        nonlocal count
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: nfc(os.fsdecode(e.name)))
        except OSError as exc:
            rel = "/".join(safe_name(p) for p in prefix) or "."
            unreadable.append(Unreadable(rel + "/", f"không mở được thư mục: {os_reason(exc)}"))
            return
        for entry in entries:
            count += 1
            if count > MAX_ENTRIES:
                unreadable.append(
                    Unreadable(
                        "/".join(safe_name(p) for p in prefix) + "/",
                        f"thư mục có hơn {MAX_ENTRIES:,} mục; phần còn lại không được đọc".replace(",", "."),
                    )
                )
                return
            name = entry.name
            if is_ignored(name):
                continue
            parts = (*prefix, name)
            rel = "/".join(safe_name(p) for p in parts)
            path = directory / name
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                unreadable.append(Unreadable(rel, os_reason(exc)))
                continue
            kind = _kind_of(mode)
            if kind is not None:
                skipped.append(Skipped(rel, kind, path, regular=False))
            elif stat.S_ISDIR(mode):
                if len(parts) >= MAX_DEPTH:
                    unreadable.append(Unreadable(rel + "/", f"thư mục lồng quá {MAX_DEPTH} cấp"))
                else:
                    walk(path, parts)
            elif name.lower() == "readme.md" and len(parts) == 1:
                continue
            else:
                candidates.append(Candidate(path, rel, _kind_by_name(name, top=len(parts) == 1)))

    walk(folder, ())
    return candidates, skipped, unreadable


class NotARegularFile(OSError):
    """The entry changed into something that is not a plain file between the scan and the read."""


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO that replaced a file must not wait for a writer
_BINARY = getattr(os, "O_BINARY", 0)


def checked_descriptor(path: os.PathLike[str]) -> tuple[int, os.stat_result]:
    """A descriptor on `path` checked to be a regular file (never a link, FIFO or device)."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(errno.EINVAL, "not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def read_file_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> tuple[bytes | None, os.stat_result]:
    """The whole file, read once through a descriptor checked to be a regular file (never a link, FIFO or
    device). Content is None when the file is larger than `limit`; everything later reads these bytes, so
    what is hashed is exactly what is parsed."""
    fd, info = checked_descriptor(path)
    try:
        if info.st_size > limit:
            return None, info
        chunks, total = [], 0
        # one read of the size fstat gave (plus one byte, to see growth): a fixed 1 MB request costs a 1 MB
        # allocation per call, which for a 30 KB workbook costs more than reading it
        size = min(info.st_size, limit) + 1
        while chunk := os.read(fd, size):
            size = 1 << 20
            total += len(chunk)
            if total > limit:  # grew while being read
                return None, info
            chunks.append(chunk)
        return b"".join(chunks), info
    finally:
        os.close(fd)


def digest_file(path: Path) -> tuple[str, int]:
    """sha256 and size of a regular file, streamed, through the same checked descriptor ("" if unreadable)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY)
    except OSError:
        return "", 0
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "", 0
        h, size = hashlib.sha256(), 0
        while chunk := os.read(fd, 1 << 20):
            h.update(chunk)
            size += len(chunk)
        return h.hexdigest(), size
    except OSError:
        return "", 0
    finally:
        os.close(fd)
