"""What kind of spreadsheet a file really is, from its bytes, and how big it says it is before a reader sees it.

The native reader allocates a sheet's whole used range, so every format's declared or used extent is bounded
here first: OOXML and ODF by their XML (see files.py), old .xls by its BIFF records, .xlsb by its BIFF12 records.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass

# A filled template is a few hundred cells; these bounds leave room for any honest workbook of ours.
MAX_SHEET_CELLS = 2_000_000  # rows x columns of one sheet's used range
MAX_BOOK_CELLS = 6_000_000  # the same, summed over all sheets

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
# BOF records of BIFF2, BIFF3, BIFF4 streams (these were never stored in an OLE container)
_OLD_BIFF_BOF = (b"\x09\x00", b"\x09\x02", b"\x09\x04")


@dataclass(frozen=True)
class Sniffed:
    kind: str  # ooxml | ods | fods | xls | old_biff | encrypted_ooxml | html | xml2003 | csv_text | unknown | empty
    detail: str = ""


def sniff(data: bytes) -> Sniffed:
    """The container, told by content only: agencies rename files and some programs save under a wrong name."""
    if not data:
        return Sniffed("empty")
    head = data[:4096]
    if head.startswith(ZIP_MAGIC):
        return Sniffed("zip")
    if head.startswith(OLE_MAGIC):
        return Sniffed("ole")
    if head[:2] in _OLD_BIFF_BOF:
        return Sniffed("old_biff")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml") or text.startswith(b"<office:document"):
        if b"office:document" in head.lower() and b"opendocument" in head.lower():
            return Sniffed("fods")
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head.lower():
            return Sniffed("xml2003")
        return Sniffed("unknown", "XML")
    if text.startswith((b"<html", b"<!doctype html", b"<table")) or b"<html" in text[:512]:
        return Sniffed("html")
    if text.startswith(b"id;") or text.startswith(b"id;p"):
        return Sniffed("sylk")
    return Sniffed("unknown")


# --- old Excel (.xls, BIFF5/BIFF8 in an OLE container) -----------------------------------------

_BIFF_FILEPASS = 0x002F
_BIFF_BOF = 0x0809
_BIFF_BOUNDSHEET = 0x0085
_BIFF_DIMENSIONS = 0x0200
# FORMULA, LABELSST, NUMBER, RK, BLANK, LABEL, BOOLERR, RSTRING: each begins with its row and column. Not STRING
# (0x0207): it follows a FORMULA with the formula's cached text and begins with that text's length, not a cell.
_BIFF_CELLS = {0x0006, 0x00FD, 0x0203, 0x027E, 0x0201, 0x0204, 0x0205, 0x00D6}
_BIFF_MULTI = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, ..., last column
_BIFF_ROW = 0x0208


@dataclass(frozen=True)
class XlsFacts:
    encrypted: bool = False
    biff5: bool = False
    largest_sheet: int = 0  # rows x columns of the largest sheet, declared or used
    total_cells: int = 0
    sheets: int = 0  # BOUNDSHEET records: every workbook lists at least one sheet


def xls_facts(data: bytes) -> XlsFacts | None:
    """Scan the workbook stream of an .xls: encryption (FILEPASS, XOR and RC4 alike) and each sheet's extent.

    None when the OLE container or its workbook stream cannot be found (the reader would fail too).
    """
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, IndexError, struct.error, TypeError, MemoryError):
        return None
    try:
        stream_name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
        if stream_name is None:
            return None
        stream = ole.openstream(stream_name).read()
    except (OSError, ValueError, IndexError, struct.error, TypeError, MemoryError):
        return None
    finally:
        ole.close()
    return _scan_biff(stream, biff5=stream_name == "Book")


def _scan_biff(stream: bytes, biff5: bool) -> XlsFacts:
    pos, end = 0, len(stream)
    largest = total = rows = cols = 0
    declared = sheets = 0
    encrypted = False
    unpack = struct.unpack_from
    while pos + 4 <= end:
        rtype, length = unpack("<HH", stream, pos)
        body = pos + 4
        pos = body + length
        if rtype == _BIFF_FILEPASS:
            encrypted = True
            break
        if rtype == _BIFF_BOUNDSHEET:
            sheets += 1
        elif rtype == _BIFF_BOF:
            extent = max(rows * cols, declared)
            largest, total = max(largest, extent), total + extent
            rows = cols = declared = 0
        elif rtype == _BIFF_DIMENSIONS and length >= 10:
            if length >= 14:  # BIFF8: 32-bit rows
                _, r2, _, c2 = unpack("<IIHH", stream, body)
            else:
                _, r2, _, c2 = unpack("<HHHH", stream, body)
            declared = max(declared, max(r2, 0) * max(c2, 0))
        elif (rtype in _BIFF_CELLS or rtype == _BIFF_ROW) and length >= 4:
            r, c = unpack("<HH", stream, body)
            rows, cols = max(rows, r + 1), max(cols, c + 1)
        elif rtype in _BIFF_MULTI and length >= 6:
            (r,) = unpack("<H", stream, body)
            (last,) = unpack("<H", stream, body + length - 2)
            rows, cols = max(rows, r + 1), max(cols, last + 1)
        if largest > MAX_SHEET_CELLS or total > MAX_BOOK_CELLS:
            break
    extent = max(rows * cols, declared)
    return XlsFacts(encrypted, biff5, max(largest, extent), total + extent, sheets)


# --- Excel binary (.xlsb, BIFF12 records in a zip) ---------------------------------------------

_XLSB_ROW_HDR = 0x0000
_XLSB_CELLS = set(range(1, 14))  # BrtCellBlank .. BrtFmlaError, BrtCellRString
_XLSB_WS_DIM = 0x0094


def _varint(data: bytes, pos: int, limit: int) -> tuple[int, int]:
    value = shift = 0
    for _ in range(limit):
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return value, pos


def xlsb_sheet_extent(part: bytes) -> int:
    """Rows x columns of one .xlsb worksheet part: the larger of its declared dimension and its used cells."""
    pos, end = 0, len(part)
    declared = rows = cols = 0
    try:
        while pos < end:
            rtype, pos = _varint(part, pos, 2)
            size, pos = _varint(part, pos, 4)
            body, pos = pos, pos + size
            if rtype == _XLSB_WS_DIM and size >= 16:
                _, r2, _, c2 = struct.unpack_from("<IIII", part, body)
                declared = (r2 + 1) * (c2 + 1)
            elif rtype == _XLSB_ROW_HDR and size >= 4:
                rows = max(rows, struct.unpack_from("<I", part, body)[0] + 1)
            elif rtype in _XLSB_CELLS and size >= 4:
                cols = max(cols, struct.unpack_from("<I", part, body)[0] + 1)
            if max(declared, rows * cols) > MAX_SHEET_CELLS:
                break
    except (IndexError, struct.error):
        pass  # a truncated part: what was scanned so far is the extent; the reader will judge the rest
    return max(declared, rows * cols)


# --- flat OpenDocument (.fods): one XML file, repackaged in memory as the .ods the reader knows -------

_FODS_ROOT = re.compile(rb"<office:document(\s[^>]*)>", re.DOTALL)
# Flat files are often indented; the reader rejects text between table elements, where ODF allows none anyway.
_LAYOUT_SPACE = re.compile(rb">\s+(?=</?(?:table|office|style|number):)")


def _element(data: bytes, name: bytes) -> bytes:
    start = data.find(b"<" + name)
    if start < 0:
        return b""
    close = b"</" + name + b">"
    end = data.find(close, start)
    if end < 0:
        return b""
    return data[start : end + len(close)]


def fods_as_ods(data: bytes) -> bytes | None:
    """The same document as an in-memory .ods archive (content.xml, meta.xml), or None if it is not flat ODF."""
    root = _FODS_ROOT.search(data[:65536])
    if root is None:
        return None
    attrs = root.group(1)
    data = _LAYOUT_SPACE.sub(b">", data)
    body = _element(data, b"office:body")
    if not body:
        return None
    styles = _element(data, b"office:automatic-styles")
    meta = _element(data, b"office:meta")
    prolog = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    content = prolog + b"<office:document-content" + attrs + b">" + styles + body + b"</office:document-content>"
    meta_xml = prolog + b"<office:document-meta" + attrs + b">" + meta + b"</office:document-meta>"
    manifest = (
        prolog + b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        b'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        b'<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("meta.xml", meta_xml, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
