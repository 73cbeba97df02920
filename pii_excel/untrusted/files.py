"""Pre-checks on a file's bytes before any parser sees them, and the last-saved time a workbook records."""

from __future__ import annotations

import dataclasses
import functools
import html
import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from pii_excel.findings import Code
from pii_excel.textnorm import fold
from pii_excel.untrusted.formats import (
    _LAYOUT_SPACE,
    MAX_BOOK_CELLS,
    MAX_SHEET_CELLS,
    fods_as_ods,
    sniff,
    xls_facts,
    xlsb_sheet_extent,
)

VN_TZ = timezone(timedelta(hours=7))  # deadlines are Vietnamese calendar days; Vietnam has no summer time

# Bounds for untrusted archives: a filled template is well under 1 MB unpacked.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBER_RATIO = 200  # unpacked / packed per member; zip bombs reach thousands
MAX_MEMBERS = 5_000
MAX_SHEET_XML_BYTES = 30 * 1024 * 1024  # one worksheet's XML; a filled template's is well under 1 MB
# every unprefixed cell element, with its reference when written as every spreadsheet program writes it (one space,
# r first); any other cell (another attribute first, a tab or a line break, no reference) has an empty reference
_CELL_OPEN = re.compile(rb'<c(?: r="([A-Z]{1,3})([0-9]{1,7})"|[\s>/])')
# any cell's reference, whatever its namespace prefix and wherever its r attribute stands among the others
_CELL_REF = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*?\sr="([A-Z]{1,3})([0-9]{1,7})"')
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s>/]")
MAX_KEPT_PART_BYTES = 4 * 1024 * 1024  # a worksheet inflated by the pre-check is kept for the cell probe up to this
MAX_KEPT_BYTES = 16 * 1024 * 1024  # all parts kept by one archive
SMALL_PART_BYTES = 64 * 1024  # an XML part this small is inflated whole by the pre-check and kept for its reader
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_NOT_SPREADSHEETS = {
    "html": "trang web (HTML) được lưu với đuôi bảng tính",
    "xml2003": "Bảng tính XML 2003 (SpreadsheetML)",
    "sylk": "SYLK (.slk)",
}


@dataclass
class PrecheckProblem:
    code: Code
    detail: str = ""
    sheet: str = ""  # where, when one sheet is at fault (as people see it), and the cell to look at
    cell: str = ""


@dataclass
class Checked:
    """A file that may be handed to the reader: the bytes it reads, and the archive when there is one."""

    data: bytes
    zip: Archive | None


class Archive(zipfile.ZipFile):
    """A workbook's zip archive held in memory, each part inflated at most once.

    The pre-check inflates every worksheet to bound it; the cell probe needs the same XML again, and the
    document properties and the saved time are small parts read once each. The central directory is read by
    `zipfile`; a stored or deflated part is inflated straight from the bytes in memory (zipfile's own `open` costs
    more than inflating a small part), bounded by its declared size and checked against its CRC as zipfile does.
    Anything else (another compression, an odd local header) goes through zipfile unchanged."""

    def __init__(self, raw: bytes):
        # set before zipfile reads the directory: a damaged archive raises there, and zipfile then closes it
        self._raw = raw
        self._kept: dict[str, bytes] = {}
        self._kept_bytes = 0
        self.sheet_parts: dict[str, str] = {}  # sheet name -> its worksheet part, from workbook.xml
        self.deferred: dict[str, str | None] = {}  # worksheet part -> its label: bounded when its sheet is read
        self.sheet_count = 0  # sheet entries in workbook.xml
        self.book_cells = 0  # cells of the worksheets bounded so far
        self._refused: PrecheckProblem | None = None
        super().__init__(io.BytesIO(raw))
        self.names = frozenset(self.namelist())

    def _data_start(self, info: zipfile.ZipInfo) -> int | None:
        at = info.header_offset
        if self._raw[at : at + 4] != b"PK\x03\x04" or info.flag_bits & 0x1:
            return None
        name_length, extra_length = struct.unpack_from("<HH", self._raw, at + 26)
        name = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace")
        if self._raw[at + 30 : at + 30 + name_length] != name:
            return None  # a local header that is not this entry's (overlapping entries): zipfile says what is wrong
        start = at + 30 + name_length + extra_length
        return start if start + info.compress_size <= len(self._raw) else None

    def _inflate(self, info: zipfile.ZipInfo, limit: int | None = None) -> bytes | None:
        start = self._data_start(info)
        if start is None or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return None
        packed = self._raw[start : start + info.compress_size]
        wanted = info.file_size if limit is None else min(limit, info.file_size)
        if info.compress_type == zipfile.ZIP_STORED:
            data = packed[:wanted]
        else:
            try:
                data = zlib.decompressobj(-15).decompress(packed, wanted)
            except zlib.error as exc:
                raise zipfile.BadZipFile(f"damaged part {info.filename}: {exc}") from None
        if limit is None and (len(data) != info.file_size or zlib.crc32(data) != info.CRC):
            raise zipfile.BadZipFile(f"bad CRC or size in part {info.filename}")
        return data

    def head(self, info: zipfile.ZipInfo, size: int = 4096) -> bytes:
        """The first bytes of a part, without inflating the rest."""
        if info.filename in self._kept:
            return self._kept[info.filename][:size]
        data = self._inflate(info, size)
        if data is None:
            with self.open(info) as fh:
                data = fh.read(size)
        return data

    def read(self, name: str | zipfile.ZipInfo, pwd: bytes | None = None) -> bytes:
        key = name.filename if isinstance(name, zipfile.ZipInfo) else name
        if key in self._kept:
            return self._kept[key]
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        data = self._inflate(info) if pwd is None else None
        if data is None:
            return super().read(info, pwd)
        if len(data) <= SMALL_PART_BYTES:
            self.keep(key, data)  # properties, styles, the sheet index: read by the pre-check and again later
        return data

    def keep(self, name: str, data: bytes) -> None:
        """Hold an inflated part for its next reader (up to a bound per part and per archive)."""
        if name in self._kept:
            return
        if len(data) <= MAX_KEPT_PART_BYTES and self._kept_bytes + len(data) <= MAX_KEPT_BYTES:
            self._kept[name] = data
            self._kept_bytes += len(data)

    def bound_sheet(self, sheet_name: str) -> PrecheckProblem | None:
        """Bound the worksheet of that name before the native reader allocates it: the pre-check leaves the
        worksheets of a well-formed sheet index for this (a file read only to learn whose it is, superseded by a
        newer one, is never inflated beyond its identification). A name the index does not give bounds them all."""
        if self._refused or not self.deferred:
            return self._refused
        part = sheet_part(self, sheet_name)
        for name in [part] if part in self.deferred else [] if part is not None else list(self.deferred):
            self._refused = _bound_sheet_part(self, self.getinfo(name), self.deferred.pop(name))
            if self._refused:
                break
        return self._refused

    def close(self) -> None:
        self._kept.clear()
        super().close()


def check_bytes(raw: bytes) -> Checked | PrecheckProblem:
    """Refuse what would be unsafe or pointless to hand to a parser, judging the content, never the name."""
    found = sniff(raw)
    if found.kind == "empty":
        return PrecheckProblem(Code.FILE_UNREADABLE, "tệp rỗng (0 byte)")
    if found.kind == "old_biff":
        return PrecheckProblem(Code.FILE_FORMAT_TOO_OLD, "Excel 2.x–4.x")
    if found.kind in _NOT_SPREADSHEETS:
        return PrecheckProblem(Code.FILE_FORMAT_UNSUPPORTED, _NOT_SPREADSHEETS[found.kind])
    if found.kind == "ole":
        return _check_ole(raw)
    if found.kind == "fods":
        if _DTD.search(raw[:65536]):
            return PrecheckProblem(Code.FILE_UNSAFE, "khai báo DTD/ENTITY")
        packed = fods_as_ods(raw)
        if packed is None:
            return PrecheckProblem(Code.FILE_UNREADABLE, "tệp OpenDocument dạng phẳng (.fods) bị hỏng")
        raw = packed
    elif found.kind != "zip":
        return PrecheckProblem(
            Code.FILE_UNREADABLE, "không phải tệp Excel hay LibreOffice hợp lệ (có thể là tệp khác bị đổi tên)"
        )
    try:
        zf = Archive(raw)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zipfile.LargeZipFile):
        return PrecheckProblem(Code.FILE_UNREADABLE, "tệp nén bị hỏng hoặc không trọn vẹn")
    problem = _check_zip(zf)
    if problem:
        zf.close()
        return problem
    repacked = _readable_package(zf)
    if repacked is not None:  # the same parts, only re-encoded or without layout white space: checked again
        zf.close()
        zf = Archive(repacked)
        if problem := _check_zip(zf):
            zf.close()
            return problem
        raw = repacked
    return Checked(raw, zf)


_UTF16_HEADS = (b"\xfe\xff", b"\xff\xfe", b"\x00<", b"<\x00")
_XML_ENCODING = re.compile(rb"""(<\?xml[^>]*?encoding=)["'][^"']*["']""")


def _utf16_as_utf8(data: bytes) -> bytes | None:
    """An XML part written in UTF-16 (some generators do; LibreOffice and Excel read it) in UTF-8, which the
    native reader's XML parser requires; None when the part is not UTF-16."""
    if not data.startswith(_UTF16_HEADS):
        return None
    codec = "utf-16" if data[:2] in (b"\xfe\xff", b"\xff\xfe") else ("utf-16-be" if data[0] == 0 else "utf-16-le")
    try:
        text = data.decode(codec).encode("utf-8")
    except UnicodeDecodeError:
        return None
    return _XML_ENCODING.sub(rb'\1"UTF-8"', text, count=1)


def _readable_package(zf: Archive) -> bytes | None:
    """The package again with what LibreOffice and Excel read but the native reader refuses made plain: XML parts
    in UTF-16 re-encoded as UTF-8, and an .ods content.xml pretty-printed with white space between table elements
    (the reader expects a cell where it finds that white space) without it — the same clean-up flat .fods files get.
    None when nothing needs changing. Parts are at most MAX_SHEET_XML_BYTES (the pre-check refused larger ones)."""
    changed: dict[str, bytes] = {}
    is_ods = "content.xml" in zf.NameToInfo and "mimetype" in zf.NameToInfo
    for info in zf.infolist():
        name = info.filename
        if not name.endswith((".xml", ".rels")) or info.file_size > MAX_SHEET_XML_BYTES:
            continue
        head = zf.head(info, 2)  # a worksheet left to be bounded when read is inflated only if it needs re-encoding
        data: bytes | None = None
        if head.startswith(_UTF16_HEADS):
            data = _utf16_as_utf8(zf.read(info))
        elif is_ods and name == "content.xml":
            content = zf.read(info)
            cleaned = _LAYOUT_SPACE.sub(b">", content)
            data = cleaned if cleaned != content else None
        if data is not None:
            changed[name] = data
    if not changed:
        return None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in zf.infolist():
            data = changed.get(info.filename)
            if data is None:
                data = zf.read(info)
            stored = info.filename == "mimetype"  # ODF: first and stored, as the format requires
            target.writestr(info.filename, data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _check_ole(raw: bytes) -> Checked | PrecheckProblem:
    # An encrypted .xlsx is an OLE container holding an "EncryptionInfo" stream.
    blob = raw[: 4 * 1024 * 1024]
    if "EncryptionInfo".encode("utf-16-le") in blob or "EncryptedPackage".encode("utf-16-le") in blob:
        return PrecheckProblem(Code.FILE_ENCRYPTED)
    facts = xls_facts(raw)
    if facts is None:
        return PrecheckProblem(Code.FILE_UNREADABLE, "tệp Office dạng cũ bị hỏng hoặc không phải bảng tính")
    if facts.encrypted:  # XOR or RC4 obfuscation of an .xls: a password was set when saving
        return PrecheckProblem(Code.FILE_ENCRYPTED)
    if facts.largest_sheet > MAX_SHEET_CELLS or facts.total_cells > MAX_BOOK_CELLS:
        return PrecheckProblem(
            Code.FILE_TOO_LARGE, f"vùng dữ liệu khai báo {facts.largest_sheet:,} ô".replace(",", ".")
        )
    if not facts.sheets:  # no sheet listed: not a workbook the reader can open (ExcelDataReader's memory bomb)
        return PrecheckProblem(Code.FILE_UNREADABLE, "tệp .xls bị hỏng: không có danh sách trang tính")
    return Checked(raw, None)


def package_bounds_problem(zf: zipfile.ZipFile, labels: dict[str, str] | None = None) -> PrecheckProblem | None:
    """Any zip package (a workbook, a Word plan) before a part is inflated: how many parts, how large unpacked,
    compressed how hard, encrypted. `labels` name parts for people ("trang «Chỉ số»")."""
    members = zf.infolist()
    if len(members) > MAX_MEMBERS:
        return PrecheckProblem(Code.FILE_TOO_LARGE, f"{len(members)} phần trong tệp nén")
    total = 0
    for info in members:
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            return PrecheckProblem(Code.FILE_TOO_LARGE, f"giải nén ra hơn {MAX_UNPACKED_BYTES // 10**6} MB")
        if info.compress_size and info.file_size / info.compress_size > MAX_MEMBER_RATIO and info.file_size > 10**7:
            part = (labels or {}).get(info.filename, "một phần bên trong tệp")
            return PrecheckProblem(Code.FILE_TOO_LARGE, f"{part} bị nén bất thường (có thể là «bom nén»)")
        if info.flag_bits & 0x1:
            return PrecheckProblem(Code.FILE_ENCRYPTED)
    return None


def declares_entities(xml_head: bytes) -> bool:
    """A DOCTYPE or ENTITY declaration at the start of an XML part: never parsed (entity expansion)."""
    return b"<!" in xml_head and bool(_DTD.search(xml_head))  # the literal first: a case-blind search is slow


def _check_zip(zf: Archive) -> PrecheckProblem | None:
    try:
        members = zf.infolist()
        labels = _sheet_labels(zf) if len(members) <= MAX_MEMBERS else {}
        if problem := package_bounds_problem(zf, labels):
            return problem
        deferrable = _deferrable(zf, members)
        for info in members:
            name = info.filename
            is_sheet = name.startswith(("xl/worksheets/", "xl/chartsheets/", "xl/macrosheets/", "xl/dialogsheets/"))
            if is_sheet and info.file_size > MAX_SHEET_XML_BYTES:
                return PrecheckProblem(
                    Code.FILE_TOO_LARGE, f"{labels.get(name, 'một trang tính')} {info.file_size // 10**6} MB"
                )
            if is_sheet and name.endswith(".bin"):  # .xlsb: binary records, bounded the same way
                cells = xlsb_sheet_extent(zf.read(info))
                zf.book_cells += cells
                if cells > MAX_SHEET_CELLS or zf.book_cells > MAX_BOOK_CELLS:
                    return PrecheckProblem(Code.FILE_TOO_LARGE, _extent_text(labels.get(name), cells))
                continue
            if not name.endswith((".xml", ".rels")):
                continue
            if is_sheet and name in deferrable:
                zf.deferred[name] = labels.get(name)
                continue
            if is_sheet:
                if problem := _bound_sheet_part(zf, info, labels.get(name)):
                    return problem
                continue
            # a small part (properties, styles, the sheet index) is inflated whole once and kept for its reader; of
            # a larger part only the head is looked at
            whole = info.file_size <= SMALL_PART_BYTES
            if declares_entities(zf.read(info)[:4096] if whole else zf.head(info)):
                return PrecheckProblem(
                    Code.FILE_UNSAFE, f"khai báo DTD/ENTITY trong {labels.get(name, 'một phần bên trong tệp')}"
                )
            if name == "content.xml" and (problem := _check_ods_extent(zf.read(info))):
                return problem
    except zipfile.BadZipFile:
        return _DAMAGED_ARCHIVE
    except _INFLATE_ERRORS:
        return _DAMAGED_PART
    return None


_DAMAGED_ARCHIVE = PrecheckProblem(Code.FILE_UNREADABLE, "tệp nén bị hỏng hoặc không trọn vẹn")
_DAMAGED_PART = PrecheckProblem(Code.FILE_UNREADABLE, "phần nén bên trong tệp bị hỏng")
# zlib and zipfile raise these for damaged or unsupported compression; the reader would fail as well
_INFLATE_ERRORS = (OSError, EOFError, zipfile.LargeZipFile, NotImplementedError, ValueError, RuntimeError)


def _deferrable(zf: Archive, members: list[zipfile.ZipInfo]) -> frozenset[str]:
    """The worksheets whose bounds can wait until their sheet is read: all of them when the sheet index names each
    worksheet part once under a name of its own (every honest workbook), else none — a part the index does not
    name, or names twice, is bounded now, since which part the native reader opens for a name is then unclear."""
    parts = list(zf.sheet_parts.values())
    worksheets = {
        i.filename for i in members if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
    }
    if zf.sheet_count != len(parts) or len(set(parts)) != len(parts) or set(parts) != worksheets:
        return frozenset()
    return frozenset(parts)


def _bound_sheet_part(zf: Archive, info: zipfile.ZipInfo, label: str | None) -> PrecheckProblem | None:
    """One worksheet's XML inflated once (and kept for the cell probe): no entity declarations, an extent the reader
    may allocate, and the workbook's total so far."""
    try:
        data = zf.read(info)
    except zipfile.BadZipFile:
        return _DAMAGED_ARCHIVE
    except _INFLATE_ERRORS:
        return _DAMAGED_PART
    if declares_entities(data[:4096]):
        return PrecheckProblem(Code.FILE_UNSAFE, f"khai báo DTD/ENTITY trong {label or 'một phần bên trong tệp'}")
    cells, problem = _check_sheet_extent(data, label)
    zf.book_cells += cells
    if problem:
        sheet = next((name for name, part in zf.sheet_parts.items() if part == info.filename), "")
        return dataclasses.replace(problem, sheet=sheet)
    if zf.book_cells > MAX_BOOK_CELLS:
        return problem or PrecheckProblem(Code.FILE_TOO_LARGE, f"tổng cộng {zf.book_cells:,} ô".replace(",", "."))
    zf.keep(info.filename, data)
    return None


_SHEET_ENTRY = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_REL_ENTRY = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")


def _sheet_labels(zf: Archive) -> dict[str, str]:
    """«trang “Tên”» for each worksheet part, so a message names the sheet people see, not the part inside; the
    archive keeps which part holds each sheet (`sheet_parts`) for the cell probe."""
    try:
        names = zf.names
        if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
            return {}
        if any(zf.getinfo(n).file_size > 2_000_000 for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")):
            return {}  # no honest workbook has such an index; the bounds below will refuse the file
        index = (zf.read("xl/_rels/workbook.xml.rels"), zf.read("xl/workbook.xml"))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        return {}
    # every file made from one plan's templates has the same small sheet index: worked out once
    small = len(index[0]) + len(index[1]) <= SMALL_PART_BYTES
    labels, parts, zf.sheet_count = _known_sheet_index(*index) if small else _sheet_index(*index)
    zf.sheet_parts.update(parts)
    return dict(labels)


_SheetIndex = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], int]


@functools.lru_cache(maxsize=16)
def _known_sheet_index(rels: bytes, workbook: bytes) -> _SheetIndex:
    return _sheet_index(rels, workbook)


def _sheet_index(rels: bytes, workbook: bytes) -> _SheetIndex:
    """(worksheet part, «trang “Tên”») and (sheet name, worksheet part) pairs of an .xlsx sheet index, and how many
    sheet entries it has."""
    targets = {}
    for m in _REL_ENTRY.finditer(rels):
        attrs = dict(_ATTR.findall(m.group(1)))
        if b"Id" in attrs and b"Target" in attrs:
            target = html.unescape(attrs[b"Target"].decode("utf-8", "replace"))
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[attrs[b"Id"]] = part
    labels: dict[str, str] = {}
    parts: dict[str, str] = {}
    count = 0
    for m in _SHEET_ENTRY.finditer(workbook):
        count += 1
        attrs = dict(_ATTR.findall(m.group(1)))
        rel = next((v for k, v in attrs.items() if k.endswith(b":id")), None)
        if rel in targets and b"name" in attrs:
            sheet = html.unescape(attrs[b"name"].decode("utf-8", "replace"))
            labels[targets[rel]] = f"trang «{sheet}»"
            parts.setdefault(sheet, targets[rel])
    return tuple(labels.items()), tuple(parts.items()), count


def _extent_text(label: str | None, cells: int) -> str:
    return f"{label or 'một trang tính'} có vùng dữ liệu {cells:,} ô".replace(",", ".")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _check_sheet_extent(data: bytes, label: str | None = None) -> tuple[int, PrecheckProblem | None]:
    """Bound a worksheet before a reader allocates its whole used range (a few cells far apart
    would otherwise make a grid of billions). Returns the extent in cells too, for the workbook's total."""
    refs = _CELL_OPEN.findall(data)  # (column letters, row digits) of every cell, collected in C in one pass
    cells = len(refs)
    if refs.count((b"", b"")) or (b":c" in data and _PREFIXED_CELL.search(data)):
        refs = _CELL_REF.findall(data)  # an unusual writer: the slower, thorough pattern
    max_row = max_col = 0
    corner = ""
    if refs:
        columns, rows = zip(*refs, strict=True)
        letters = max(set(columns), key=lambda c: (len(c), c))  # AA after Z: longer is further
        max_col, max_row = _column_number(letters), max(map(int, set(rows)))
        corner = f"{letters.decode()}{max_row}" if letters and max_row else ""
    cells = max(len(refs), cells)
    extent = max(max_row * max_col, cells)
    if extent > MAX_SHEET_CELLS:
        where = f"{label}: " if label else ""
        # the far corner is the cell to look for: a stray value or format there (Ctrl+End in Excel) makes the extent
        far = f", đến ô {corner}" if corner else ""
        return extent, PrecheckProblem(
            Code.FILE_TOO_LARGE,
            f"{where}vùng dữ liệu {max_row:,} dòng × {max_col:,} cột".replace(",", ".") + far,
            cell=corner,
        )
    return extent, None


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
        return PrecheckProblem(Code.FILE_TOO_LARGE, f"vùng dữ liệu {last_row:,} dòng × {width:,} cột".replace(",", "."))
    return None


def has_macros(zf: zipfile.ZipFile) -> bool:
    return any(n.lower().endswith("vbaproject.bin") for n in zf.namelist())


def sheet_part(zf: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The worksheet part of an .xlsx that holds the sheet of that name (the name as the reader gave it)."""
    if not isinstance(zf, Archive):
        return None
    if not zf.sheet_parts:
        _sheet_labels(zf)
    if sheet_name in zf.sheet_parts:
        return zf.sheet_parts[sheet_name]
    wanted = fold(sheet_name)
    return next((part for name, part in zf.sheet_parts.items() if fold(name) == wanted), None)


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


def file_time(mtime: float) -> datetime:
    return datetime.fromtimestamp(mtime, tz=timezone.utc)


def word_package_problem(raw: bytes) -> str | None:
    """Why a Word .docx (a plan, a report template) must not be opened, in Vietnamese, or None: the same bounds as
    agencies' workbooks before any XML is parsed (parts, size, compression ratio, password, DTD/ENTITY)."""
    if raw.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
        # a .docx with a password is an OLE container holding the encrypted package
        return "tệp có mật khẩu (hoặc là tệp Word 97–2003 .doc đổi đuôi): gỡ mật khẩu rồi lưu lại dạng .docx"
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            if (problem := package_bounds_problem(zf)) is not None:
                if problem.code is Code.FILE_ENCRYPTED:
                    return "tệp có mật khẩu: gỡ mật khẩu rồi lưu lại"
                return f"tệp quá lớn để đọc an toàn ({problem.detail})"
            for member in zf.infolist():
                if member.filename.endswith((".xml", ".rels")):
                    with zf.open(member) as part:
                        if declares_entities(part.read(4096)):
                            return "tệp có khai báo DOCTYPE/ENTITY, không an toàn để đọc"
    except zipfile.BadZipFile:
        return "tệp hỏng hoặc không phải văn bản Word .docx"
    except _INFLATE_ERRORS:
        return "một phần nén bên trong tệp bị hỏng"
    return None
