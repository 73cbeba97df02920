"""Failures of the native spreadsheet reader, told in Vietnamese; the library's own text is kept apart as
technical detail (run.json, log) and never shown as the reason."""

from __future__ import annotations

import re

from pii_excel.findings import Code


class ReaderFailure(Exception):
    """The reader could not read an untrusted file: that file's problem, never the run's."""

    def __init__(self, code: Code, reason: str, technical: str = "", sheet: str = "", cell: str = ""):
        super().__init__(reason)
        self.code, self.reason, self.technical = code, reason, technical
        self.sheet, self.cell = sheet, cell  # where, when the pre-check of one sheet refused it


# (pattern in the library's message, catalogue code, reason shown to people); first match wins
_KNOWN: list[tuple[re.Pattern[str], Code, str]] = [
    (re.compile(r"password|encrypt", re.I), Code.FILE_ENCRYPTED, ""),
    (
        re.compile(r"codepage", re.I),
        Code.FILE_UNREADABLE,
        "tệp .xls dùng bảng mã ký tự không hỗ trợ (thường do tệp được đặt mật khẩu kiểu cũ hoặc tạo bằng phần mềm khác)",
    ),
    (re.compile(r"cell limit exceeded", re.I), Code.FILE_TOO_LARGE, "vùng dữ liệu của một trang tính quá lớn"),
    (
        re.compile(r"cannot detect file format", re.I),
        Code.FILE_UNREADABLE,
        "không nhận ra định dạng tệp (có thể là tệp khác bị đổi tên)",
    ),
    (
        re.compile(r"unrecognized (sheet|boundsheet)", re.I),
        Code.FILE_UNREADABLE,
        "tệp có loại trang tính không hỗ trợ (trang macro hoặc trang biểu đồ kiểu cũ)",
    ),
    (re.compile(r"cfb|ole|sector|fat\b|stream", re.I), Code.FILE_UNREADABLE, "cấu trúc bên trong tệp .xls bị hỏng"),
    (
        re.compile(r"file not found|relationship not found|zip|archive|deflate", re.I),
        Code.FILE_UNREADABLE,
        "tệp thiếu thành phần bắt buộc hoặc phần nén bên trong bị hỏng",
    ),
    (
        re.compile(r"xml|attribute|tag|expecting|utf-?8|encoding", re.I),
        Code.FILE_UNREADABLE,
        "nội dung XML bên trong tệp bị hỏng",
    ),
    (
        re.compile(r"fill whole buffer|eof|end of file|truncat|too small", re.I),
        Code.FILE_UNREADABLE,
        "tệp bị cắt cụt hoặc không trọn vẹn (có thể do tải tệp đính kèm bị lỗi)",
    ),
]
_PANIC = "chương trình đọc bảng tính gặp cấu trúc bất thường trong tệp và không đọc được"
_DEFAULT = "tệp bị hỏng hoặc không đúng định dạng bảng tính"


def explain(exc: BaseException) -> ReaderFailure:
    """Map any exception or panic raised by the reader to a finding's code and Vietnamese reason."""
    kind = type(exc).__name__
    text = str(exc)
    technical = f"{kind}: {text}"[:500]
    if kind == "PanicException":  # pyo3's panic type derives from BaseException and has no importable home
        return ReaderFailure(Code.FILE_UNREADABLE, _PANIC, technical)
    if kind == "PasswordError":
        return ReaderFailure(Code.FILE_ENCRYPTED, "", technical)
    if isinstance(exc, MemoryError):
        return ReaderFailure(Code.FILE_TOO_LARGE, "đọc tệp cần quá nhiều bộ nhớ", technical)
    for pattern, code, reason in _KNOWN:
        if pattern.search(text):
            return ReaderFailure(code, reason, technical)
    return ReaderFailure(Code.FILE_UNREADABLE, _DEFAULT, technical)


def is_fatal_to_us(exc: BaseException) -> bool:
    """Interrupts and exits belong to the user and the interpreter, never to a file."""
    return isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit))
