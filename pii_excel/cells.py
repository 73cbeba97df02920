"""Cell addresses and reading raw cell values into typed ones."""

from __future__ import annotations

import functools
from datetime import date, datetime


@functools.lru_cache(maxsize=1024)  # a template's few dozen columns, asked for every cell address written or read
def column_letter(col: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 27 -> AB)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """0-based (row, col) -> "B7"."""
    return f"{column_letter(col)}{row + 1}"


def parse_date(raw: object) -> date | None:
    """A date from a cell: a real date, or text typed as dd/mm/yyyy, d-m-yyyy or ISO yyyy-mm-dd.

    Raises ValueError for text that is not a date.
    """
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


_TEXT_MOMENT = (
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %Hh%M",
    "%d/%m/%Y %Hg%M",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y, %H:%M",
)


def parse_moment(raw: object) -> datetime | date | None:
    """A date, or a date and time, as people type it: a real date cell, ISO 8601 text, or «20/12/2024 17:30» (Excel
    keeps a date-time typed into a text-formatted cell as text); None for what is not a date."""
    if isinstance(raw, datetime):
        return raw
    if isinstance(raw, str):
        text = " ".join(raw.split())
        try:
            return datetime.fromisoformat(text) if len(text) > 10 else date.fromisoformat(text)
        except ValueError:
            pass
        for pattern in _TEXT_MOMENT:
            try:
                return datetime.strptime(text, pattern)
            except ValueError:
                continue
    try:
        return parse_date(raw)
    except ValueError:
        return None


def text_of(raw: object) -> str:
    """Text of a cell the way a person sees it: whole floats without ".0" (Excel stores 2024 as 2024.0)."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)
