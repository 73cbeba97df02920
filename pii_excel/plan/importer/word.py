"""What a plan's Word document says, read with python-docx: the first page (number, date, place, issuer, title)
and the appendix table rows, each cell's paragraphs kept (a merged cell once)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from pii_excel.textnorm import clean_text, nfc

_NUMBER = re.compile(r"Số\s*:\s*(\d+)\s*/\s*([A-ZĐa-zđ0-9.-]+)", re.IGNORECASE)
_PLACE_DATE = re.compile(r"([^,\d]{2,40}),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_ISSUER = re.compile(r"^(?:(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN|UBND)\s+(TỈNH|THÀNH\s+PHỐ)\s+(.+)$", re.IGNORECASE)
# a department's own plan: «UBND TỈNH BẮC GIANG» above «SỞ KHOA HỌC VÀ CÔNG NGHỆ»
_DEPARTMENT = re.compile(r"^(?:SỞ|BAN|VĂN PHÒNG)\s+\S.{3,}$")
_TITLE_END = re.compile(r"^(?:căn cứ|trên cơ sở|thực hiện|i\.|phần)", re.IGNORECASE)
# The rule drawn under a heading, typed as a run of underscores, dashes or dots: decoration, never text.
_RULE = re.compile(r"[_\-–—=.…*~]{3,}")
TITLE_MAX = 250  # characters: a longer paragraph is the body's first, not the title's last line


@dataclass
class Cell:
    paragraphs: list[str]

    @property
    def text(self) -> str:
        return clean_text(" ".join(self.paragraphs))


@dataclass
class Table:
    rows: list[list[Cell]]  # each row's cells left to right, a merged cell once
    # each row by grid column: a cell merged across columns stands in every column it covers (the same object),
    # so a header over a column pair and the row below it line up with the data rows
    grid: list[list[Cell]] = field(default_factory=list)


def undecorated(text: str) -> str:
    """A line without the rule drawn under it («TỈNH CÀ MAU _______» -> «TỈNH CÀ MAU»)."""
    return clean_text(_RULE.sub(" ", text))


def is_rule(text: str) -> bool:
    """A paragraph that is only a drawn rule (a separator under the title)."""
    return bool(text.strip()) and not undecorated(text)


@dataclass
class FirstPage:
    number: str = ""
    place: str = ""
    date: date | None = None
    issuer: str = ""  # "UBND tỉnh Bắc Giang", or "Sở Khoa học và Công nghệ tỉnh Bắc Giang" for a department's plan
    province: str = ""
    parent_body: str = ""  # "UBND tỉnh Bắc Giang" above a department
    title: str = ""


@dataclass
class WordPlan:
    first_page: FirstPage
    tables: list[Table] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # body paragraphs, for the index kind and years


def _cell(tc_cell) -> Cell:
    return Cell([nfc(p.text) for p in tc_cell.paragraphs])


def _row_cells(table) -> list[list]:
    """Each row's cells (python-docx `_Cell`s) left to right, a horizontally merged cell once, read from the XML
    itself: python-docx's `row.cells` raises on vertical merges whose cell above is missing or shifted, which
    plans' appendices (written in Word, WPS or converted from PDF) are full of. A cell continuing a vertical merge
    is the cell where the merge starts, as python-docx gives it, or an empty cell when there is none."""
    from docx.table import _Cell

    rows: list[list] = []
    above: dict[int, object] = {}  # grid column -> the cell covering it in the row above
    for tr in table._tbl.tr_lst:
        column, cells, here = tr.grid_before, [], {}
        for tc in tr.tc_lst:
            span = max(tc.grid_span, 1)
            cell = above.get(column) if tc.vMerge == "continue" else None
            if cell is None:
                cell = _Cell(tc, table)
            cells.append(cell)
            for offset in range(column, column + span):
                here[offset] = cell
            column += span
        above = here
        rows.append(cells)
    return rows


def _table(table) -> Table:
    rows, grid = [], []
    made: dict[int, Cell] = {}  # one Cell per python-docx cell, however many columns or rows it covers
    for row in _row_cells(table):
        seen: set[int] = set()
        cells, by_column = [], []
        for cell in row:
            text = made.get(id(cell))  # the rows of _row_cells hold every cell alive: ids are not reused
            if text is None:
                text = made[id(cell)] = _cell(cell)
            by_column += [text] * max(cell._tc.grid_span, 1)
            if id(cell) in seen:  # a cell continuing a vertical merge from this same row's left is kept once
                continue
            seen.add(id(cell))
            cells.append(text)
        rows.append(cells)
        grid.append(by_column)
    return Table(rows, grid)


def _all_tables(container) -> list:
    """Tables and the tables nested in their cells (appendices are sometimes a table inside a layout table)."""
    found = []
    for table in container.tables:
        found.append(table)
        for row in _row_cells(table):
            for cell in row:
                if cell.tables:
                    found.extend(_all_tables(cell))
    return found


def read_word_plan_bytes(raw: bytes) -> WordPlan | None:
    """A checked .docx's bytes to what the plan says, or None when python-docx cannot read it (run in a guarded
    worker: python-docx and lxml raise several types for a package that is not a Word document)."""
    import io

    try:
        return read_word_plan(io.BytesIO(raw))
    except Exception:
        return None


def read_word_plan(source: Path | BinaryIO) -> WordPlan:
    import docx  # python-docx; imported here so the command line starts without it

    document = docx.Document(source if not isinstance(source, Path) else str(source))
    body = [clean_text(nfc(p.text)) for p in document.paragraphs]
    tables = _all_tables(document)
    # each header cell whole and paragraph by paragraph: «UBND TỈNH …» and «SỞ …» are two lines of one cell
    head_lines = [line for t in tables[:2] for r in _table(t).rows[:4] for c in r for line in (*c.paragraphs, c.text)]
    for section in document.sections:  # the issuer and number may sit in the first page's header
        head_lines += [clean_text(nfc(p.text)) for p in section.first_page_header.paragraphs]
        head_lines += [clean_text(nfc(p.text)) for p in section.header.paragraphs]
    return WordPlan(_first_page(head_lines + body[:40], body), [_table(t) for t in tables], body)


def _first_page(lines: list[str], body: list[str]) -> FirstPage:
    page = FirstPage()
    for line in lines:
        for part in re.split(r"\s{2,}|\t|\n", line):
            part = undecorated(part)
            if not page.number and (m := _NUMBER.search(part)):
                page.number = f"{m.group(1)}/{m.group(2).upper()}"
            if not page.date and (m := _PLACE_DATE.search(part)):
                try:
                    page.date = date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
                    page.place = clean_text(m.group(1))
                except ValueError:
                    pass
            if not page.issuer and (m := _ISSUER.match(part)):
                kind = "tỉnh" if m.group(1).upper() == "TỈNH" else "thành phố"
                page.province = _title_case(m.group(2))
                page.issuer = f"UBND {kind} {page.province}"
            elif page.issuer and not page.parent_body and _DEPARTMENT.match(part) and part == part.upper():
                page.parent_body, page.issuer = page.issuer, f"{_department_name(part)} {page.issuer.split(' ', 1)[1]}"
    if not page.province and page.place:
        page.province = page.place
        page.issuer = f"UBND tỉnh {page.place}"
    for i, line in enumerate(body):
        if clean_text(line).upper() == "KẾ HOẠCH":
            title: list[str] = []
            for nxt in body[i + 1 : i + 6]:
                if (not nxt or is_rule(nxt)) and title:  # the rule under the title ends it
                    break
                if not nxt:
                    continue
                if _TITLE_END.match(nxt) or len(nxt) > TITLE_MAX or (title and nxt.rstrip().endswith(":")):
                    break
                title.append(undecorated(nxt))
            page.title = clean_text(" ".join(title))
            break
    return page


def _department_name(upper: str) -> str:
    """ "SỞ KHOA HỌC VÀ CÔNG NGHỆ" as a sentence writes it: the catalogue's name when it knows the department."""
    from pii_excel.plan.importer.agency_names import known, match_agencies

    match = match_agencies(upper)
    entry = known(match.codes[0]) if len(match.codes) == 1 and not match.unknown else None
    return entry.name if entry is not None else upper[:1] + upper[1:].lower()


def _title_case(upper: str) -> str:
    """ "BẮC GIANG" -> "Bắc Giang"; the header prints the province in capitals."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in clean_text(upper).split())
