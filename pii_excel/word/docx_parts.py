"""Small python-docx helpers for the official layout: fonts, rules, fields, borderless tables, table rows."""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"


def set_run_font(run, size: float | None = None, bold: bool | None = None, italic: bool | None = None) -> None:
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic


def paragraph(
    container,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    before: float = 0,
    after: float = 6,
    line: float | None = None,
    keep_next: bool = False,
):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line
    if indent:
        fmt.first_line_indent = Cm(1.27)
    fmt.keep_with_next = keep_next
    if text:
        set_run_font(p.add_run(text), size, bold, italic)
    return p


def bottom_rule(p, left_cm: float, right_cm: float) -> None:
    """A horizontal rule under a paragraph, shortened by indents (the decree's short lines)."""
    p.paragraph_format.left_indent = Cm(left_cm)
    p.paragraph_format.right_indent = Cm(right_cm)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    ppr.append(borders)


def page_field(p, size: float = 13) -> None:
    """A PAGE field: the page number, updated by Word and LibreOffice when the document is opened or printed."""
    run = p.add_run()
    set_run_font(run, size)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def grid_table(container, widths_cm: list[float]):
    table = container.add_table(rows=0, cols=len(widths_cm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, width in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(width)
    return table


def add_row(
    table,
    texts: list[str],
    widths_cm: list[float],
    *,
    size: float = 12,
    bold: bool = False,
    header: bool = False,
    aligns=None,
):
    row = table.add_row()
    tr_pr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")  # a row never breaks across pages
    tr_pr.append(cant_split)
    if header:
        repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
        tr_pr.append(repeat)
    for i, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
        cell.width = Cm(widths_cm[i])
        p = cell.paragraphs[0]
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.alignment = (aligns[i] if aligns else None) or (
            WD_ALIGN_PARAGRAPH.CENTER if header else WD_ALIGN_PARAGRAPH.LEFT
        )
        if text:
            set_run_font(p.add_run(text), size, bold or header)
        if header:
            shade = OxmlElement("w:shd")
            for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "E7E6E6")):
                shade.set(qn(k), v)
            cell._tc.get_or_add_tcPr().append(shade)
    return row
