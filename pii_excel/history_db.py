"""The history database file itself: created with the user's umask, written in one transaction, its errors told in
Vietnamese, and its cells read back as what their columns hold. Below the history and the index results, which
both keep their tables in the plan's `lich-su.sqlite`."""

from __future__ import annotations

import contextlib
import math
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

from pii_excel.cells import parse_moment


class HistoryError(Exception):
    """The history file cannot be read or written; the message is Vietnamese (the library's own words are kept in
    `technical`), the run goes on without it."""

    def __init__(self, message: str, technical: str = ""):
        super().__init__(message)
        self.technical = technical


def connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, timeout=30, isolation_level=None)  # transactions are begun explicitly
    con.execute("PRAGMA foreign_keys = ON")
    return con


def create_with_umask(path: Path) -> None:
    """Create the history file as every other output is created, with the mode the user's umask gives (SQLite
    creates it 0644 whatever the umask: in a shared group folder a colleague's runs could then not record)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666))


_IN_USE = ("locked", "busy")


def explain_error(path: Path, exc: Exception) -> HistoryError:
    technical = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, sqlite3.OperationalError) and any(word in str(exc).lower() for word in _IN_USE):
        return HistoryError(
            f"Tệp lịch sử «{path}» đang được chương trình khác dùng (một lượt chạy khác, hoặc đang "
            "mở bằng công cụ SQLite); lượt này không so sánh với các kỳ trước và không ghi vào lịch "
            "sử. Đợi chương trình đó xong (hoặc đóng nó) rồi chạy lại kỳ này; không đổi tên hay xoá "
            "tệp lịch sử.",
            technical,
        )
    return HistoryError(
        f"Không đọc hoặc ghi được tệp lịch sử «{path}» (tệp hỏng, không phải tệp lịch sử của "
        "pii-excel, hoặc không có quyền); lượt này không so sánh với các kỳ trước và không ghi vào "
        "lịch sử. Đổi tên tệp đó rồi chạy lại các kỳ cần lưu.",
        technical,
    )


@contextlib.contextmanager
def write_transaction(path: Path, schema: str) -> Iterator[sqlite3.Connection]:
    """One write to the history file (created with the umask's mode, `schema` ensured) in one transaction: committed
    when the block ends, rolled back if it raises or the process dies; a system or SQLite error is a HistoryError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        create_with_umask(path)
        with closing(connect(path)) as con:
            con.executescript(schema)
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
    except (sqlite3.Error, OSError) as exc:
        raise explain_error(path, exc) from exc


class BadValue(ValueError):
    """A value of the history file that is not what its column holds: (column, value)."""


def as_text(column: str, value: object, required: bool = True) -> str:
    if isinstance(value, str) and (value or not required):
        return value
    if value is None and not required:
        return ""
    raise BadValue(column, value)


def as_day(column: str, value: object) -> date:
    """ISO 8601, as pii-excel writes it, or dd/mm/yyyy as a person editing the file with a SQLite tool may type."""
    found = parse_moment(value) if isinstance(value, str) else None
    if found is None:
        raise BadValue(column, value)
    return found.date() if isinstance(found, datetime) else found


def as_moment(column: str, value: object) -> datetime:
    found = parse_moment(value) if isinstance(value, str) else None
    if found is None:
        raise BadValue(column, value)
    return found if isinstance(found, datetime) else datetime.combine(found, datetime.min.time())


def as_number(column: str, value: object) -> float | None:
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)):
        return value
    raise BadValue(column, value)


def as_whole(column: str, value: object, required: bool = False) -> int | None:
    if value is None and not required:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise BadValue(column, value)


def shown_value(value: object) -> str:
    text = "trống (NULL)" if value is None else f"«{value}»"
    return text if len(text) <= 40 else text[:39] + "…»"
