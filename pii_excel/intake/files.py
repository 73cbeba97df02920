"""Input files: which to read, pre-checks before any parser sees them, hashes and last-saved times."""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pii_excel.textnorm import nfc

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
VN_TZ = timezone(timedelta(hours=7))  # deadlines are Vietnamese calendar days; Vietnam has no summer time

# Bounds for untrusted archives: a filled template is well under 1 MB unpacked.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBER_RATIO = 200  # unpacked / packed per member; zip bombs reach thousands
MAX_MEMBERS = 5_000
MAX_SHEET_XML_BYTES = 30 * 1024 * 1024  # one worksheet's XML; a filled template's is well under 1 MB
MAX_SHEET_CELLS = 2_000_000  # rows x columns of a sheet's used range: readers allocate the whole grid
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
UNSUPPORTED = {".xlsb": "Excel nhị phân (.xlsb)"}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass
class Candidate:
    path: Path
    rel: str  # path relative to the input folder, NFC, with "/" separators


@dataclass
class Skipped:
    rel: str
    reason: str
    path: Path


def is_ignored(name: str) -> bool:
    """Office lock files and hidden files are not submissions and are not worth a line in the report."""
    return name.startswith(("~$", ".~lock.", ".")) or name in ("Thumbs.db", "desktop.ini")


def scan_input(folder: Path) -> tuple[list[Candidate], list[Skipped]]:
    candidates, skipped = [], []
    for path in sorted(folder.rglob("*"), key=lambda p: nfc(str(p))):
        rel_parts = path.relative_to(folder).parts
        if any(is_ignored(part) for part in rel_parts):
            continue
        rel = nfc("/".join(rel_parts))
        if path.is_symlink():
            # a link may point anywhere on the machine; agencies' files are never links
            skipped.append(Skipped(rel, "liên kết tượng trưng (symlink), không phải tệp được gửi", path))
            continue
        if not path.is_file():
            continue
        if path.name.lower() == "readme.md" and len(rel_parts) == 1:
            continue
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            candidates.append(Candidate(path, rel))
        else:
            skipped.append(Skipped(rel, f"không phải tệp bảng tính (đuôi «{path.suffix or 'không có'}»)", path))
    return candidates, skipped


def file_digest(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


@dataclass
class PrecheckProblem:
    code: str  # a catalogue code
    detail: str = ""


def precheck(path: Path, zf: zipfile.ZipFile | None = None) -> PrecheckProblem | None:
    """Refuse what would be unsafe or pointless to hand to a parser; None when the file may be read."""
    size = path.stat().st_size
    if size == 0:
        return PrecheckProblem("FILE_UNREADABLE", "tệp rỗng (0 byte)")
    if size > MAX_FILE_BYTES:
        return PrecheckProblem("FILE_TOO_LARGE", f"{size / 1e6:.0f} MB, giới hạn {MAX_FILE_BYTES / 1e6:.0f} MB")
    with open(path, "rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        return PrecheckProblem("FILE_FORMAT_UNSUPPORTED", UNSUPPORTED[suffix])
    if head.startswith(_OLE_MAGIC):
        # An encrypted .xlsx is an OLE container holding an "EncryptionInfo" stream.
        with open(path, "rb") as fh:
            blob = fh.read(min(size, 4 * 1024 * 1024))
        if "EncryptionInfo".encode("utf-16-le") in blob or "EncryptedPackage".encode("utf-16-le") in blob:
            return PrecheckProblem("FILE_ENCRYPTED")
        return None if suffix in (".xls", ".xlsx", ".xlsm") else PrecheckProblem("FILE_UNREADABLE", "định dạng lạ")
    if not head.startswith(_ZIP_MAGIC):
        return PrecheckProblem(
            "FILE_UNREADABLE", "không phải tệp Excel hay LibreOffice hợp lệ (có thể là tệp khác bị đổi tên)"
        )
    if zf is None:
        try:
            with zipfile.ZipFile(path) as own:
                return _check_zip(own)
        except zipfile.BadZipFile:
            return PrecheckProblem("FILE_UNREADABLE", "tệp nén bị hỏng hoặc không trọn vẹn")
    return _check_zip(zf)


def _check_zip(zf: zipfile.ZipFile) -> PrecheckProblem | None:
    try:
        members = zf.infolist()
        if len(members) > MAX_MEMBERS:
            return PrecheckProblem("FILE_TOO_LARGE", f"{len(members)} phần trong tệp nén")
        total = 0
        for info in members:
            total += info.file_size
            if total > MAX_UNPACKED_BYTES:
                return PrecheckProblem("FILE_TOO_LARGE", f"giải nén ra hơn {MAX_UNPACKED_BYTES // 10**6} MB")
            if info.compress_size and info.file_size / info.compress_size > MAX_MEMBER_RATIO and info.file_size > 10**7:
                return PrecheckProblem("FILE_TOO_LARGE", f"phần «{info.filename}» nén bất thường")
            if info.flag_bits & 0x1:
                return PrecheckProblem("FILE_ENCRYPTED")
        for info in members:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            is_sheet = info.filename.startswith("xl/worksheets/")
            if is_sheet and info.file_size > MAX_SHEET_XML_BYTES:
                return PrecheckProblem("FILE_TOO_LARGE", f"trang tính «{info.filename}» {info.file_size // 10**6} MB")
            if is_sheet:
                data = zf.read(info)  # read once: for the entity check and the extent check
                head = data[:4096]
            else:
                with zf.open(info) as fh:
                    head = fh.read(4096)
            if _DTD.search(head):
                return PrecheckProblem("FILE_UNSAFE", f"khai báo DTD/ENTITY trong «{info.filename}»")
            if is_sheet and (problem := _check_sheet_extent(data)):
                return problem
            if info.filename == "content.xml" and (problem := _check_ods_extent(zf.read(info))):
                return problem
    except zipfile.BadZipFile:
        return PrecheckProblem("FILE_UNREADABLE", "tệp nén bị hỏng hoặc không trọn vẹn")
    except (OSError, EOFError, zipfile.LargeZipFile, NotImplementedError) as exc:
        return PrecheckProblem("FILE_UNREADABLE", f"tệp nén bị hỏng ({type(exc).__name__})")
    return None


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _check_sheet_extent(data: bytes) -> PrecheckProblem | None:
    """Bound a worksheet before a reader allocates its whole used range (a few cells far apart
    would otherwise make a grid of billions)."""
    max_row = max_col = cells = 0
    for m in _CELL_REF.finditer(data):
        cells += 1
        max_col = max(max_col, _column_number(m.group(1)))
        max_row = max(max_row, int(m.group(2)))
    cells = max(cells, data.count(b"<c ") + data.count(b"<c>"))
    if max_row * max_col > MAX_SHEET_CELLS or cells > MAX_SHEET_CELLS:
        return PrecheckProblem("FILE_TOO_LARGE", f"vùng dữ liệu {max_row:,} dòng × {max_col:,} cột".replace(",", "."))
    return None


_ODS_TAG = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>")
_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="(\d+)"')
_COLS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d+)"')


def _check_ods_extent(content: bytes) -> PrecheckProblem | None:
    """Bound each OpenDocument table before a reader expands repeated cells into a grid.

    Repeats of empty cells and rows (LibreOffice writes a million of them) cost nothing; a repeated cell that
    holds a value is expanded, so a few hundred bytes could otherwise ask for billions of cells.
    """
    row = last_row = width = row_width = col = 0
    rows_repeat, row_has_value = 1, False
    for m in _ODS_TAG.finditer(content):
        closing, tag, attrs, empty = m.group(1), m.group(2), m.group(3), m.group(4)
        if tag == b"table":
            if not closing:
                row = last_row = width = 0
            elif last_row * width > MAX_SHEET_CELLS:
                break
        elif tag == b"table-row" and not closing:
            rep = _ROWS_REPEATED.search(attrs)
            rows_repeat, row_has_value, col, row_width = int(rep.group(1)) if rep else 1, False, 0, 0
            if empty:  # a self-closing row holds nothing
                row += rows_repeat
        elif tag == b"table-row":
            row += rows_repeat
            if row_has_value:
                last_row, width = row, max(width, row_width)
        elif not closing:  # a cell
            rep = _COLS_REPEATED.search(attrs)
            col += int(rep.group(1)) if rep else 1
            if b"value-type" in attrs or not empty:
                row_has_value, row_width = True, col
    if last_row * width > MAX_SHEET_CELLS:
        return PrecheckProblem("FILE_TOO_LARGE", f"vùng dữ liệu {last_row:,} dòng × {width:,} cột".replace(",", "."))
    return None


def has_macros(zf: zipfile.ZipFile) -> bool:
    return any(n.lower().endswith("vbaproject.bin") for n in zf.namelist())


def _parse_iso(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)  # OOXML and ODF store UTC
    return moment


_MODIFIED = re.compile(rb"<(?:dcterms:modified|dc:date)[^>]*>([^<]{10,40})<")


def workbook_saved_time(zf: zipfile.ZipFile | None) -> datetime | None:
    """When the workbook itself says it was last saved (xlsx core.xml, ods meta.xml), if it says."""
    if zf is None:
        return None
    try:
        names = set(zf.namelist())
        for member in ("docProps/core.xml", "meta.xml"):
            if member not in names or zf.getinfo(member).file_size >= 1_000_000:
                continue
            if (m := _MODIFIED.search(zf.read(member))) and (moment := _parse_iso(m.group(1).decode())):
                return moment
    except (zipfile.BadZipFile, OSError, ValueError, UnicodeDecodeError):
        return None
    return None


def file_time(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
