"""The summary workbook prints legibly on A4: every sheet's text at 9 pt or more after scaling, wide sheets
split across pages at column boundaries rather than shrunk, and no internal code printed. Read back from the
file with openpyxl (the layout Excel will use) and, with LibreOffice, from the printed PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest import convert_with_libreoffice
from openpyxl.utils import get_column_letter

MIN_POINTS = 9.0
EMU_PER_POINT = 12700
DEFAULT_WIDTH = 9.14  # 8.43 characters and the padding
# Liberation Serif's ascent + descent (0.891 + 0.216 em): a word's box in the PDF is this many times its size
BOX_PER_POINT = 1.107
MAX_DEMO_PAGES = 15  # what a head reads on paper (issue #35); the task lists print apart, from nhiem-vu.xlsx


@pytest.fixture(scope="module")
def summary(demo_session):
    return Path(demo_session.result.outputs["summary"])


def _points(width: float) -> float:
    """A column's width in points from the file's width, which already holds the 5 px cell padding (xlsxwriter
    stores 9.71 for a column set to 9: Excel's own way)."""
    return 7 * width * 0.75


def _widths(ws) -> list[float]:
    widths = [DEFAULT_WIDTH] * ws.max_column
    for dim in ws.column_dimensions.values():
        if dim.width and dim.min:
            for col in range(dim.min, min(dim.max, ws.max_column) + 1):
                widths[col - 1] = dim.width
    return widths


def _chart_right_edge(ws, widths: list[float]) -> float:
    """The right edge, in points, of the rightmost chart (xlsxwriter anchors charts to cells)."""
    edge = 0.0
    for chart in ws._charts:
        to = chart.anchor.to
        cols = widths + [DEFAULT_WIDTH] * max(0, to.col + 1 - len(widths))
        edge = max(edge, sum(_points(w) for w in cols[: to.col]) + to.colOff / EMU_PER_POINT)
    return edge


def _smallest_font(ws) -> float:
    return min(c.font.sz for row in ws.iter_rows() for c in row if c.value is not None and c.font and c.font.sz)


def test_every_sheet_prints_at_nine_points_or_more(summary):
    wb = openpyxl.load_workbook(summary)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert setup.paperSize in (9, "9") and setup.orientation == "landscape", ws.title
        printable = (11.69 - ws.page_margins.left - ws.page_margins.right) * 72
        widths = _widths(ws)
        total = max(sum(_points(w) for w in widths), _chart_right_edge(ws, widths))
        if ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage:
            assert setup.fitToWidth in (1, "1", None) and setup.fitToHeight in (0, "0"), ws.title
            scale = min(1.0, printable / total)
        else:  # split across pages: each column page, with the repeated columns, fits at the sheet's scale
            scale = int(setup.scale) / 100
            breaks = [b.id for b in ws.col_breaks.brk]
            assert breaks, ws.title
            repeated = 0
            if ws.print_title_cols:
                last = re.fullmatch(r"\$?A:\$?([A-Z]+)", ws.print_title_cols).group(1)
                repeated = sum(_points(w) for w in widths[: openpyxl.utils.column_index_from_string(last)])
            for start, end in zip([0, *breaks], [*breaks, len(widths)], strict=True):
                page = sum(_points(w) for w in widths[start:end]) + (repeated if start else 0)
                assert page * scale <= printable + 1, (ws.title, get_column_letter(start + 1), page * scale)
        assert _smallest_font(ws) * scale >= MIN_POINTS, (ws.title, _smallest_font(ws), scale)


def test_no_internal_code_is_printed(summary):
    wb = openpyxl.load_workbook(summary)
    codes = {"SBN_ALL", "DAU_VAO", "DAU_RA", "TONG"}
    texts = [
        (ws.title, c.coordinate, c.value)
        for ws in wb
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert not [t for t in texts if t[2] in codes or re.fullmatch(r"[A-Z]+(_[A-Z]+){2,}", t[2])]
    assert "Mã lỗi" not in [c.value for c in wb["Lỗi dữ liệu"][4]]


def test_the_task_sheet_states_each_task_once(summary):
    ws = openpyxl.load_workbook(summary.parent / "nhiem-vu.xlsx")["Nhiệm vụ"]
    header = [c.value for c in ws[4]]
    codes = [r[0] for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    assert header[:3] == ["Mã nhiệm vụ", "Chỉ số", "Nhiệm vụ, giải pháp"]
    assert codes and len(codes) == len(set(codes))


@pytest.mark.slow  # several seconds: CI runs it with the slow tests, the default suite keeps its margin under five minutes
@pytest.mark.libreoffice
def test_the_printed_pdf_is_legible(summary, tmp_path):
    pdf = convert_with_libreoffice(summary, "pdf", tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
    if info.returncode != 0:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    assert pages <= MAX_DEMO_PAGES, pages
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
    heights = [float(b) - float(a) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', boxes)]
    assert heights and min(heights) / BOX_PER_POINT >= MIN_POINTS - 0.1, min(heights) / BOX_PER_POINT


def test_every_overview_label_fits_its_line(summary):
    """The overview's figures sit one per row at the text's own height: a label that wrapped would print over the
    row below (it did, for a label added once)."""
    from pii_excel.xlsx_style import text_lines

    ws = openpyxl.load_workbook(summary).worksheets[0]
    width = _widths(ws)[0] - 0.71  # the width as set, without the padding the file adds
    column = [c.value for c in ws["A"]]
    start = column.index("Số liệu chính") + 1
    labels = column[start : column.index(None, start)]  # the figures' table, down to the blank row after it
    assert len(labels) > 20 and "Chỉ số có điểm ước tính" in labels
    too_long = [label for label in labels if text_lines(label, width, 11, bold=True) > 1]
    assert not too_long
