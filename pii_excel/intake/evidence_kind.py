"""What an evidence file really is, told from its content, and whether the Ministry's upload may take it.

Accepted: PDF, Word (.doc, .docx, .odt), Excel (.xls, .xlsx, .ods) and pictures (JPEG, PNG, TIFF, GIF, BMP).
Refused, never copied: programs and scripts whatever their name, documents that carry macros or scripts (VBA, an
ODF Basic library, a PDF that runs JavaScript or launches a program when opened), files that need a password, and
anything else. Every check reads a seekable stream — a file on disk is never loaded whole.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from pii_excel.untrusted.formats import OLE_MAGIC, ZIP_MAGIC

PDF = "PDF"
WORD = "Word"
EXCEL = "Excel"
PICTURE = "Ảnh"
ARCHIVE = "zip"  # a container of evidence files, unpacked by the store

# refusal kinds: each has its own finding (findings.Code.EVIDENCE_*)
REFUSED_TYPE = "type"
REFUSED_MACRO = "macro"
REFUSED_PASSWORD = "password"
REFUSED_DAMAGED = "damaged"

NOT_EVIDENCE = "không phải PDF, Word, Excel hay ảnh"  # content of no kind we know (text, a web page)
_HEAD = 8192
_IMAGE_MAGIC = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
)
_PROGRAM_MAGIC = (
    (b"MZ", "chương trình Windows (.exe, .dll, .scr)"),
    (b"\x7fELF", "chương trình Linux"),
    (b"\xcf\xfa\xed\xfe", "chương trình macOS"),
    (b"\xfe\xed\xfa\xcf", "chương trình macOS"),
    (b"\xca\xfe\xba\xbe", "chương trình macOS hoặc Java"),
    (b"#!", "tệp lệnh (script)"),
    (b"L\x00\x00\x00\x01\x14\x02\x00", "lối tắt Windows (.lnk)"),
)
_OTHER_ARCHIVES = (
    (b"Rar!\x1a\x07", "tệp nén RAR"),
    (b"7z\xbc\xaf\x27\x1c", "tệp nén 7-Zip"),
    (b"\x1f\x8b", "tệp nén gzip"),
)
_SCRIPT_WORDS = (b"<script", b"wscript", b"powershell", b"<hta:", b"createobject(")
# names of macro storage in an OLE file (Word «Macros», Excel «_VBA_PROJECT_CUR», PowerPoint and others «VBA»)
_OLE_MACRO_STREAMS = {"macros", "_vba_project_cur", "vba"}


@dataclass(frozen=True)
class Examined:
    kind: str  # PDF | Word | Excel | Ảnh | zip, or "" when refused
    detail: str = ""  # the format as people know it: "PDF", "Word (.docx)", "Ảnh JPEG"
    pages: int | None = None  # where it can be read cheaply: PDF pages, a .docx's saved page count, 1 per picture
    refused: str = ""  # REFUSED_* when the file is not taken
    reason: str = ""  # why, in Vietnamese


def refused(kind: str, reason: str) -> Examined:
    return Examined("", refused=kind, reason=reason)


def examine(stream: BinaryIO) -> Examined:
    """The evidence kind of a seekable stream positioned anywhere; the stream is left open."""
    stream.seek(0)
    head = stream.read(_HEAD)
    if not head:
        return refused(REFUSED_DAMAGED, "tệp rỗng")
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK\x05\x06"):
        return _zip(stream)
    if head.startswith(OLE_MAGIC):
        return _ole(stream)
    for magic, name in _IMAGE_MAGIC:
        if head.startswith(magic):
            return _picture(stream, name)
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:  # Acrobat accepts a header within the first 1 KB
        return _pdf(stream)
    for magic, name in (*_PROGRAM_MAGIC, *_OTHER_ARCHIVES):
        if head.startswith(magic):
            if name.startswith("tệp nén"):
                return refused(REFUSED_TYPE, f"{name} — chưa đọc được; đề nghị gửi tệp .zip hoặc gửi từng tệp")
            return refused(REFUSED_TYPE, f"là {name}")
    if head.lstrip().startswith(b"{\\rtf"):
        return refused(REFUSED_TYPE, "tệp RTF (có thể chứa đối tượng nhúng); đề nghị lưu thành PDF hoặc .docx")
    lowered = head.lower()
    if any(word in lowered for word in _SCRIPT_WORDS):
        return refused(REFUSED_TYPE, "chứa mã lệnh (script)")
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return refused(REFUSED_TYPE, "ảnh HEIC (iPhone); đề nghị gửi ảnh JPG hoặc PDF")
    return refused(REFUSED_TYPE, NOT_EVIDENCE)


def _pdf(stream: BinaryIO) -> Examined:
    import pypdf  # only when a PDF is met
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged PDF's warnings are the file's, said once
    stream.seek(0)
    try:
        reader = pypdf.PdfReader(stream, strict=False)
        if reader.is_encrypted and not _opens_without_password(reader, pypdf.PasswordType):
            return refused(REFUSED_PASSWORD, "tệp PDF có mật khẩu mở")
        root = reader.trailer["/Root"].get_object()
        if _pdf_runs_code(root):
            return refused(REFUSED_MACRO, "tệp PDF tự chạy mã lệnh (JavaScript) hoặc mở chương trình khác khi mở")
        pages = len(reader.pages)
    except FileNotDecryptedError:
        return refused(REFUSED_PASSWORD, "tệp PDF có mật khẩu mở")
    except (PdfReadError, KeyError, ValueError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        return refused(REFUSED_DAMAGED, f"tệp PDF bị hỏng, không mở được ({type(exc).__name__})")
    except NotImplementedError:  # an encryption pypdf cannot undo: Acrobat would ask for a password
        return refused(REFUSED_PASSWORD, "tệp PDF được mã hoá")
    if pages == 0:
        return refused(REFUSED_DAMAGED, "tệp PDF không có trang nào")
    return Examined(PDF, "PDF", pages)


def _opens_without_password(reader, kinds) -> bool:
    """Whether a reader opens the PDF without asking: its user password is empty. pypdf tries the owner password
    first, so an empty owner password (qpdf --encrypt "secret" "") lets it in though Acrobat asks for the user
    password; then the user password is checked on its own (pypdf's own routine; if that ever moves, the file
    is taken, as pypdf opened it)."""
    opened = reader.decrypt("")
    if opened != kinds.OWNER_PASSWORD:
        return bool(opened == kinds.USER_PASSWORD)
    try:
        from pypdf._encryption import AlgV4, AlgV5

        enc = reader._encryption
        values = enc.values
        if enc.V <= 4:
            key = AlgV4.verify_user_password(
                b"", enc.R, enc.Length, values.O, values.U, enc.P, enc.id1_entry, enc.EncryptMetadata
            )
        else:
            key = AlgV5.verify_user_password(enc.R, b"", values.U, values.UE)
    except Exception:  # pypdf's internals changed: it opened the file, so it is taken
        return True
    return bool(key)


def _pdf_runs_code(root: object) -> bool:
    """A document-level action that runs when the file is opened: JavaScript, launching a program, or a form that
    submits itself. Links a reader must click are not."""

    def action_runs(action: object, depth: int = 0) -> bool:
        with contextlib.suppress(Exception):
            action = action.get_object()  # type: ignore[attr-defined]
        if not isinstance(action, dict) or depth > 8:
            return False
        if str(action.get("/S", "")) in ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData"):
            return True
        follow = action.get("/Next")
        followers = follow if isinstance(follow, list) else [follow] if follow is not None else []
        return any(action_runs(f, depth + 1) for f in followers)

    if not isinstance(root, dict):
        return False
    if action_runs(root.get("/OpenAction")):
        return True
    additional = root.get("/AA")
    with contextlib.suppress(Exception):
        additional = additional.get_object()  # type: ignore[union-attr]
    if isinstance(additional, dict) and any(action_runs(a) for a in additional.values()):
        return True
    names = root.get("/Names")
    with contextlib.suppress(Exception):
        names = names.get_object()  # type: ignore[union-attr]
    return isinstance(names, dict) and "/JavaScript" in names


def _picture(stream: BinaryIO, name: str) -> Examined:
    from PIL import Image  # only when a picture is met

    stream.seek(0)
    try:
        with Image.open(stream) as image:
            frames = getattr(image, "n_frames", 1) if name == "TIFF" else 1
            image.verify()
    except Image.DecompressionBombError:
        return refused(REFUSED_DAMAGED, f"ảnh {name} có quá nhiều điểm ảnh để mở an toàn")
    except Exception as exc:  # Pillow raises many kinds for a damaged picture
        return refused(REFUSED_DAMAGED, f"ảnh {name} bị hỏng, không mở được ({type(exc).__name__})")
    return Examined(PICTURE, f"Ảnh {name}", frames)


_OOXML_KINDS = {"word/": (WORD, ".docx"), "xl/": (EXCEL, ".xlsx")}
_ODF_KINDS = {
    b"application/vnd.oasis.opendocument.text": (WORD, ".odt"),
    b"application/vnd.oasis.opendocument.spreadsheet": (EXCEL, ".ods"),
}


def _zip(stream: BinaryIO) -> Examined:
    """An Office or OpenDocument file (both are zip packages), or a plain zip of evidence files."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            lowered = {n.lower() for n in names}
            if "[Content_Types].xml" in names:
                return _ooxml(zf, lowered)
            if "mimetype" in names and zf.getinfo("mimetype").file_size < 256:
                mimetype = zf.read("mimetype").strip()
                if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                    return _odf(zf, lowered, mimetype)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        return refused(REFUSED_DAMAGED, f"tệp nén hoặc tài liệu bị hỏng ({type(exc).__name__})")
    return Examined(ARCHIVE, "tệp nén .zip")


def _ooxml(zf: zipfile.ZipFile, names: set[str]) -> Examined:
    if any(n.endswith("vbaproject.bin") or n.endswith("vbadata.xml") for n in names):
        return refused(REFUSED_MACRO, "tài liệu Office có macro (VBA)")
    with contextlib.suppress(KeyError):
        if zf.getinfo("[Content_Types].xml").file_size < 1 << 20:
            types = zf.read("[Content_Types].xml").lower()
            if b"macroenabled" in types or b"vbaproject" in types:
                return refused(REFUSED_MACRO, "tài liệu Office có macro (VBA)")
    for prefix, (kind, suffix) in _OOXML_KINDS.items():
        if any(n.startswith(prefix) for n in names):
            return Examined(kind, f"{kind} ({suffix})", _docx_pages(zf) if kind == WORD else None)
    return refused(REFUSED_TYPE, "tài liệu Office không phải Word hay Excel (ví dụ PowerPoint); đề nghị lưu thành PDF")


def _docx_pages(zf: zipfile.ZipFile) -> int | None:
    """The page count Word saved in docProps/app.xml (Word's own count when the file was last saved)."""
    try:
        info = zf.getinfo("docProps/app.xml")
        if info.file_size > 1 << 20:
            return None
        found = re.search(rb"<(?:\w+:)?Pages>(\d{1,6})</", zf.read(info))
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return None
    return int(found.group(1)) if found and int(found.group(1)) > 0 else None


def _odf(zf: zipfile.ZipFile, names: set[str], mimetype: bytes) -> Examined:
    if any(n.startswith(("basic/", "scripts/")) for n in names):
        return refused(REFUSED_MACRO, "tài liệu OpenDocument có macro")
    with contextlib.suppress(KeyError):
        info = zf.getinfo("META-INF/manifest.xml")
        if info.file_size < 1 << 20 and b"encryption-data" in zf.read(info):
            return refused(REFUSED_PASSWORD, "tài liệu OpenDocument có mật khẩu")
    for known, (kind, suffix) in _ODF_KINDS.items():
        if mimetype.startswith(known) and not mimetype.startswith(known + b"-"):
            return Examined(kind, f"{kind} ({suffix})")
    return refused(REFUSED_TYPE, "tài liệu OpenDocument không phải văn bản hay bảng tính; đề nghị lưu thành PDF")


def _ole(stream: BinaryIO) -> Examined:
    """An old Office file (.doc, .xls) or an encrypted new one (Office keeps those in an OLE container)."""
    import olefile

    stream.seek(0)
    try:
        with olefile.OleFileIO(stream) as ole:
            entries = ole.listdir(streams=True, storages=True)
            names = {part.lower() for entry in entries for part in entry}
            top = {entry[0].lower() for entry in entries if len(entry) == 1}
            if "encryptedpackage" in top or "encryptioninfo" in top:
                return refused(REFUSED_PASSWORD, "tài liệu Office có mật khẩu")
            if names & _OLE_MACRO_STREAMS:
                return refused(REFUSED_MACRO, "tài liệu Office có macro (VBA)")
            if "worddocument" in top:
                if _doc_encrypted(ole):
                    return refused(REFUSED_PASSWORD, "tài liệu Word có mật khẩu")
                return Examined(WORD, "Word (.doc)")
            if top & {"workbook", "book"}:
                return Examined(EXCEL, "Excel (.xls)")
            if "__substg1.0_0037001f" in top or "__substg1.0_0037001e" in top:
                return refused(REFUSED_TYPE, "là thư Outlook (.msg) lồng trong minh chứng")
    except (OSError, ValueError, IndexError, TypeError, RecursionError) as exc:
        return refused(REFUSED_DAMAGED, f"tài liệu Office bị hỏng ({type(exc).__name__})")
    return refused(REFUSED_TYPE, "tài liệu Office cũ không phải Word hay Excel; đề nghị lưu thành PDF")


def _doc_encrypted(ole) -> bool:
    """Word 97–2003's fEncrypted flag (bit 0 of the byte at offset 11 of the WordDocument stream's FIB)."""
    try:
        with ole.openstream("WordDocument") as fib:
            head = fib.read(12)
    except (OSError, ValueError):
        return False
    return len(head) >= 12 and bool(head[11] & 0x01)


def examine_bytes(data: bytes) -> Examined:
    return examine(io.BytesIO(data))
