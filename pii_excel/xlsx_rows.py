"""Row heights for wrapped text: LibreOffice and WPS do not auto-fit rows of generated .xlsx files."""

from __future__ import annotations

import math

LINE_POINTS = 15.75  # one line of 12 pt Times New Roman
CHARS_PER_WIDTH_UNIT = 1.25  # Times New Roman 12 fits about 1.3 characters per Excel column-width unit


def row_height(texts: list[tuple[str, float]], min_lines: int = 1) -> float:
    """Height in points that shows every (text, column width) pair fully when printed."""
    lines = min_lines
    for text, width in texts:
        if text:
            per_line = max(width * CHARS_PER_WIDTH_UNIT, 4)
            lines = max(lines, sum(math.ceil(max(len(part), 1) / per_line) for part in str(text).split("\n")))
    return LINE_POINTS * lines + 4
