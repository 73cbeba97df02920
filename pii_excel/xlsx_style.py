"""One look for every workbook the tool writes (templates, plan workbook, summary, feedback): the workbook's
safe options, fonts, fills, number formats, print setup and row heights for wrapped text."""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pii_excel.vocab import OUTCOMES, Tone

FONT = "Times New Roman"
HEADER_FILL = "#DCE6F1"
LABEL_FILL = "#F2F2F2"
INPUT_FILL = "#FFF2CC"  # cells an agency fills in
# Cell fills by tone (Excel's own "good / neutral / bad" styles) and the stronger colours charts use.
TONE_FILL = {
    Tone.GOOD: "#C6EFCE",
    Tone.PROGRESS: "#FFEB9C",
    Tone.BAD: "#FFC7CE",
    Tone.NEUTRAL: "#D9D9D9",
    Tone.CHECK: "#E4DFEC",
}
TONE_CHART = {
    Tone.GOOD: "#63BE7B",
    Tone.PROGRESS: "#FFD966",
    Tone.BAD: "#F8696B",
    Tone.NEUTRAL: "#BFBFBF",
    Tone.CHECK: "#9F8CC9",
}
# Chart colours of the OUTCOMES (vocab): the tone's colour; a lighter shade tells two outcomes of one tone apart.
OUTCOME_CHART = {"exceeded": TONE_CHART[Tone.GOOD], "met": "#A9D08E", "awaiting": "#E7E6E6"}


def outcome_colour(key: str) -> str:
    """The chart colour of an OUTCOMES key: its tone's, or the lighter shade that tells it from a sibling."""
    tone = next((t for k, _, t in OUTCOMES if k == key), Tone.NEUTRAL)
    return OUTCOME_CHART.get(key, TONE_CHART[tone])


NUMBER = "#,##0.00"
A4 = 9  # xlsxwriter's paper code

LINE_POINTS = 15.75  # one line of 12 pt Times New Roman


# agency and plan text stays text: never a formula, a link or a number it only looks like
SAFE_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def new_workbook(path: Path, properties: dict[str, Any], run_id: str | None = None):
    """An xlsxwriter workbook in which no text ever becomes a formula or a link (agency text is untrusted)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), SAFE_OPTIONS)
    # The Normal style's font sets the width of a column unit (its digit width). Calibri is missing where
    # LibreOffice prints on Linux and its stand-in is wider, so every sheet printed wider than planned; Times
    # New Roman (Liberation Serif has its metrics) has Calibri's 7 px digit at 11 pt, so widths hold everywhere.
    wb.formats[0].set_font_name(FONT)
    wb.set_properties({"author": "pii-excel", **properties})
    if run_id is not None:
        wb.set_custom_property("pii_run_id", run_id or "-")
    return wb


def base_format(size: int = 12) -> dict[str, Any]:
    return {"font_name": FONT, "font_size": size, "valign": "top", "text_wrap": True}


def common_formats(wb, size: int = 12) -> dict[str, Any]:
    """The formats every sheet uses: titles, headers, bordered cells, numbers."""
    base = base_format(size)
    cell = {**base, "border": 1}
    return {
        "title": wb.add_format({**base, "bold": True, "font_size": 14, "text_wrap": False}),
        "subtitle": wb.add_format({**base, "italic": True, "text_wrap": False}),
        "plain": wb.add_format({**base, "text_wrap": False}),
        "bold": wb.add_format({**base, "bold": True, "text_wrap": False}),
        "text": wb.add_format(base),
        "header": wb.add_format(
            {**cell, "bold": True, "bg_color": HEADER_FILL, "align": "center", "valign": "vcenter"}
        ),
        "cell": wb.add_format(cell),
        "number": wb.add_format({**cell, "num_format": NUMBER}),
        "int": wb.add_format({**cell, "num_format": "0"}),
        "pct": wb.add_format({**cell, "num_format": '0.00"%"'}),
        "date": wb.add_format({**cell, "num_format": "dd/mm/yyyy"}),
        "label": wb.add_format({**cell, "bold": True, "bg_color": LABEL_FILL}),
    }


def tone_formats(wb, size: int = 12, centred: bool = True) -> dict[Tone, Any]:
    """Bordered, bold cells filled by tone: statuses and verdicts (centred), legends and severities (not)."""
    cell = {**base_format(size), "border": 1, "bold": True, **({"align": "center"} if centred else {})}
    return {tone: wb.add_format({**cell, "bg_color": colour}) for tone, colour in TONE_FILL.items()}


def header_text(text: str) -> str:
    """Text for a page header or footer, where & starts a code."""
    return text.replace("&", "&&")


MIN_PRINTED_POINTS = 9.0  # the smallest text a printed sheet may show after scaling
A4_INCHES = (8.27, 11.69)


def column_points(width: float) -> float:
    """A column's printed width in points: Excel's width unit is the default font's digit (7 px) plus 5 px."""
    return (7 * width + 5) * 0.75


@dataclass(frozen=True)
class PrintPlan:
    """How a sheet prints: its scale (1.0 = 100 %) and the column pages across (with repeated columns)."""

    scale: float
    pages_wide: int

    def smallest_points(self, font_size: float) -> float:
        return font_size * self.scale


def print_plan(
    widths: list[float],
    font_size: float,
    landscape: bool,
    margins: tuple[float, float],
    repeat_columns: int = 0,
    extra_points: float = 0,
) -> tuple[PrintPlan, list[int]]:
    """The scale and column page breaks that keep `font_size` text at least MIN_PRINTED_POINTS: one page wide
    when that fits, else the least scale-down with the sheet split across pages at column boundaries (the
    first `repeat_columns` printed again on each)."""
    paper = A4_INCHES[1] if landscape else A4_INCHES[0]
    printable = (paper - margins[0] - margins[1]) * 72
    points = [column_points(w) for w in widths]
    total = sum(points) + extra_points
    least = min(1.0, MIN_PRINTED_POINTS / font_size)
    if printable / total >= least:
        return PrintPlan(min(1.0, printable / total), 1), []
    scale = math.ceil(least * 100) / 100
    room = printable / scale
    repeated = sum(points[:repeat_columns])
    breaks, used = [], repeated
    for col in range(repeat_columns, len(points)):
        if used + points[col] > room and used > repeated:
            breaks.append(col)
            used = repeated
        used += points[col]
    return PrintPlan(scale, len(breaks) + 1), breaks


def print_setup(
    ws,
    *,
    landscape: bool = True,
    repeat_to_row: int = -1,
    margins: tuple[float, float, float, float] = (0.4, 0.4, 0.6, 0.6),
    header: str = "",
    footer: str = "",
    widths: list[float] | None = None,
    font_size: float = 12,
    repeat_columns: int = 0,
    extra_points: float = 0,
) -> PrintPlan:
    """A4, header rows repeated on every page; margins (left, right, top, bottom) in inches. One page wide when
    the text stays legible; given the column `widths`, a sheet too wide for that is split across pages instead
    of shrunk below MIN_PRINTED_POINTS."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    plan = PrintPlan(1.0, 1)
    if widths is None:
        ws.fit_to_pages(1, 0)
    else:
        plan, breaks = print_plan(widths, font_size, landscape, margins[:2], repeat_columns, extra_points)
        if breaks:
            ws.set_print_scale(round(plan.scale * 100))
            ws.set_v_pagebreaks(breaks)
            if repeat_columns:
                ws.repeat_columns(0, repeat_columns - 1)
        else:
            ws.fit_to_pages(1, 0)
    left, right, top, bottom = margins
    ws.set_margins(left=left, right=right, top=top, bottom=bottom)
    if repeat_to_row >= 0:
        ws.repeat_rows(0, repeat_to_row)
    if header:
        ws.set_header(header)
    ws.set_footer(footer or f'&C&"{FONT}"&10Trang &P/&N')
    return plan


_WIDEST_EM = 0.92  # "m", "W": the widest advance `_em` gives, so a text this many ems per character always fits


@functools.lru_cache(maxsize=4096)
def _em(char: str) -> float:
    """A character's advance in Times New Roman, in ems (rounded up a little: a row must never clip)."""
    base = unicodedata.normalize("NFD", char)[0]  # "ệ" is as wide as "e"
    if base == " ":
        return 0.25
    if base in "ijlt.,;:'!|":
        return 0.29
    if base in "frI()[]-/":
        return 0.35
    if base in "mwMW%":
        return _WIDEST_EM
    if base.isdigit():
        return 0.5
    if base.isupper() or base in "&@":
        return 0.72
    return 0.5


@functools.lru_cache(maxsize=16384)
def _word_em(word: str) -> float:
    """A word's advance in ems; the same words come back in every row of a sheet (sizing 50,000 rows of a
    corrections sheet character by character took most of a large run)."""
    return sum(map(_em, word))


def text_lines(text: str, width: float, font_size: float = 12, bold: bool = False) -> int:
    """How many lines `text` wraps to in a column `width` units wide: words wrapped whole, as Excel and
    LibreOffice do, a word longer than the line broken."""
    room = (column_points(width) - 4) / (font_size * (1.06 if bold else 1.0))  # 2 pt cell padding each side
    text = str(text)
    if len(text) * _WIDEST_EM <= room and "\n" not in text:
        return 1  # fits however wide its letters: most cells (codes, names, dates) are not measured at all
    return _wrapped_lines(text, room)


@functools.lru_cache(maxsize=4096)
def _wrapped_lines(text: str, room: float) -> int:
    """text_lines of a text that may wrap, `room` ems to a line; a sheet's long texts repeat from row to row
    (an indicator's name, an agency's, the same note)."""
    lines = 0
    for paragraph in text.split("\n"):
        used, lines = 0.0, lines + 1
        for word in paragraph.split(" "):
            size = _word_em(word)
            if used and used + 0.25 + size > room:
                lines, used = lines + 1, 0.0
            elif used:
                used += 0.25
            while size > room:  # a word wider than the column runs onto the next lines
                lines, size = lines + 1, size - room
            used += size
    return lines


def row_height(
    texts: Sequence[tuple[str, float] | tuple[str, float, bool]],
    min_lines: int = 1,
    font_size: float = 12,
    bold: bool = False,
) -> float:
    """Height in points that shows every (text, column width[, bold]) fully when printed (LibreOffice and WPS do
    not auto-fit rows of generated files), for text of `font_size` points; `bold` for entries that do not say."""
    lines = max(
        [
            min_lines,
            *(
                text_lines(text, width, font_size, bool(rest[0]) if rest else bold)
                for text, width, *rest in texts
                if text
            ),
        ]
    )
    return LINE_POINTS * font_size / 12 * lines + 4


# Sheet protection of the workbooks people fill (templates, the results workbook): locked cells cannot be typed over,
# but every cell can be selected and rows and columns resized to read long text.
PROTECT_OPTIONS = {
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "format_rows": True,
    "format_columns": True,
}


# Charts' colours beside the outcomes': a score is not an outcome (the workbook's blue), a goal is grey.
SCORE_COLOUR = "#5B9BD5"  # a score is not an outcome: the workbook's blue, never an outcome colour
GOAL_COLOUR = "#7F7F7F"
