"""A Word document a person hands the tool (a report template, a plan): read once, checked before any parser."""

from __future__ import annotations

from pathlib import Path

from pii_excel.intake.files import word_package_problem
from pii_excel.intake.scan import MAX_FILE_BYTES, os_reason, read_file_bytes


class WordFileRefused(Exception):
    """Why the document is not opened, in Vietnamese (a sentence fragment: «tệp có mật khẩu …»)."""


def read_word_file(path: Path) -> bytes:
    """The document's bytes, read once through a descriptor checked to be a regular file's (never a link, FIFO or
    device) and checked like any agency's workbook (size, parts, compression ratio, password, DTD/ENTITY) before
    python-docx sees them; everything later reads these bytes."""
    try:
        raw, _ = read_file_bytes(path)
    except OSError as exc:
        raise WordFileRefused(os_reason(exc)) from None
    if raw is None:
        raise WordFileRefused(f"tệp lớn hơn {MAX_FILE_BYTES // 2**20} MB")
    if problem := word_package_problem(raw):
        raise WordFileRefused(problem)
    return raw
