"""One look for every workbook the tool writes (templates, plan workbook, summary, feedback): the workbook's
safe options, fonts, fills, number formats, print setup and row heights for wrapped text."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from pii_excel.vocab import OUTCOMES, Tone

FONT = "Times New Roman"
HEADER_FILL = "#DCE6F1"
LABEL_FILL = "#F2F2F2"
INPUT_FILL = "#FFF2CC"  # cells an agency fills in
# Cell fills by tone (Excel's own "good / neutral / bad" styles) and the stronger colours charts use.
TONE_FILL = {Tone.GOOD: "#C6EFCE", Tone.PROGRESS: "#FFEB9C", Tone.BAD: "#FFC7CE", Tone.NEUTRAL: "#D9D9D9",
             Tone.CHECK: "#E4DFEC"}  # fmt: skip
TONE_CHART = {Tone.GOOD: "#63BE7B", Tone.PROGRESS: "#FFD966", Tone.BAD: "#F8696B", Tone.NEUTRAL: "#BFBFBF",
              Tone.CHECK: "#9F8CC9"}  # fmt: skip
# Chart colours of the OUTCOMES (vocab): the tone's colour; a lighter shade tells two outcomes of one tone apart.
OUTCOME_CHART = {"exceeded": TONE_CHART[Tone.GOOD], "met": "#A9D08E", "awaiting": "#E7E6E6"}


def outcome_colour(key: str) -> str:
    """The chart colour of an OUTCOMES key: its tone's, or the lighter shade that tells it from a sibling."""
    tone = next((t for k, _, t in OUTCOMES if k == key), Tone.NEUTRAL)
    return OUTCOME_CHART.get(key, TONE_CHART[tone])


NUMBER = "#,##0.00"
A4 = 9  # xlsxwriter's paper code

LINE_POINTS = 15.75  # one line of 12 pt Times New Roman
CHARS_PER_WIDTH_UNIT = 1.25  # Times New Roman 12 fits about 1.3 characters per Excel column-width unit


def new_workbook(path: Path, properties: dict[str, Any], run_id: str | None = None):
    """An xlsxwriter workbook in which no text ever becomes a formula or a link (agency text is untrusted)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
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


def print_setup(ws, *, landscape: bool = True, repeat_to_row: int = -1, margins: tuple[float, float, float, float]
                = (0.4, 0.4, 0.6, 0.6), header: str = "", footer: str = "") -> None:  # fmt: skip
    """A4, one page wide, header rows repeated on every page; margins (left, right, top, bottom) in inches."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    left, right, top, bottom = margins
    ws.set_margins(left=left, right=right, top=top, bottom=bottom)
    if repeat_to_row >= 0:
        ws.repeat_rows(0, repeat_to_row)
    if header:
        ws.set_header(header)
    ws.set_footer(footer or f'&C&"{FONT}"&10Trang &P/&N')


def row_height(texts: list[tuple[str, float]], min_lines: int = 1) -> float:
    """Height in points that shows every (text, column width) pair fully when printed (LibreOffice and WPS do not
    auto-fit rows of generated files)."""
    lines = min_lines
    for text, width in texts:
        if text:
            per_line = max(width * CHARS_PER_WIDTH_UNIT, 4)
            lines = max(lines, sum(math.ceil(max(len(part), 1) / per_line) for part in str(text).split("\n")))
    return LINE_POINTS * lines + 4
