"""A Word document a person hands the tool (a report template, a plan): read once, checked before any parser."""

from __future__ import annotations

from pathlib import Path

from pii_excel.untrusted.files import word_package_problem
from pii_excel.untrusted.scan import MAX_FILE_BYTES, os_reason, read_file_bytes


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


def _opens_as_word(raw: bytes) -> bool:
    """python-docx opens it and parses every XML part it holds (run in a guarded worker)."""
    import io

    try:
        import docx

        document = docx.Document(io.BytesIO(raw))
        for part in document.part.package.iter_parts():
            getattr(part, "element", None)  # an XML part is parsed when loaded; this touches each one
        return True
    except Exception:
        return False


def read_word_document(path: Path) -> bytes:
    """read_word_file, then the document opened once in a supervised worker with time and memory limits, before
    the caller parses it in this process (a report template is rendered here, with the run's model)."""
    from pii_excel.untrusted.guarded import Refused, call_guarded

    raw = read_word_file(path)
    try:
        opens = call_guarded(_opens_as_word, raw)
    except Refused as exc:
        raise WordFileRefused(exc.reason) from None
    if not opens:
        raise WordFileRefused("tệp hỏng hoặc không phải văn bản Word .docx")
    return raw
