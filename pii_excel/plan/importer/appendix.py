"""The appendix table of a Word plan: which column holds what (found by the headers' words), which cell names an
indicator, how a cell's bullets become tasks, and a number as typed without a converter's LaTeX."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pii_excel.plan.importer.word import Cell
from pii_excel.textnorm import ascii_slug, clean_text, fold

_CODE = re.compile(r"^\s*(?:chỉ\s*số(?:\s*thành\s*phần)?\s*[:.]?\s*)?(\d+(?:\.\d+){1,3})\.?\s*[:.\-–]?\s*(.*)$",
                   re.IGNORECASE | re.DOTALL)  # fmt: skip
YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_BULLET = re.compile(r"^\s*[-–—•+*]\s*")
# a bullet run into the previous one inside a paragraph: "... đời sống. - Tăng cường ..."
_INLINE_BULLET = re.compile(r"(?<=[.;:!?])\s+[-–—•]\s+(?=[A-ZĐÀ-Ỹ])")
_LATEX = (("\\geq", "≥"), ("\\leq", "≤"), ("\\ge", "≥"), ("\\le", "≤"), ("\\%", "%"), ("$", ""), ("\\", ""))
WORDED_OPS = (("tối thiểu", "≥"), ("ít nhất", "≥"), ("không thấp hơn", "≥"), ("trên", ">"), ("tối đa", "≤"),
               ("không vượt quá", "≤"), ("dưới", "<"))  # fmt: skip


@dataclass
class Columns:
    """Positions of the appendix's columns, found by their headers' words."""

    indicator: int = 1
    baseline: int | None = 2
    target: int | None = 3
    lead: int | None = 4
    cooperating: int | None = 5
    timing: int | None = 6
    baseline_year: int | None = None
    target_year: int | None = None
    on_score: bool = True
    from_headers: bool = False


def words_of(text: str) -> str:
    return " ".join(ascii_slug(fold(text)).lower().replace("-", " ").split())


def columns_of(header_rows: list[list[Cell]]) -> Columns | None:
    if not header_rows:
        return None
    width = max(len(r) for r in header_rows)
    texts = [" ".join(r[i].text for r in header_rows if i < len(r)) for i in range(width)]
    cols = Columns(baseline=None, target=None, lead=None, cooperating=None, timing=None, from_headers=True)
    found_indicator = False
    for i, text in enumerate(texts):
        w = words_of(text)
        years = YEAR.findall(text)
        if "muc tieu" in w or "chi tieu" in w:
            cols.target, cols.target_year = i, int(years[-1]) if years else None
        elif "chu tri" in w:
            cols.lead = i
        elif "phoi hop" in w:
            cols.cooperating = i
        elif any(k in w for k in ("thoi gian", "tien do", "thoi han")):
            cols.timing = i
        elif w in ("stt", "tt") or w.startswith("stt"):
            continue
        elif not found_indicator and any(k in w for k in ("chi so", "nhiem vu", "giai phap", "noi dung")):
            cols.indicator, found_indicator = i, True
        elif any(k in w for k in ("diem", "co so", "hien trang", "thuc hien", "ket qua")) or years:
            cols.baseline, cols.baseline_year = i, int(years[-1]) if years else None
    cols.on_score = "diem" in words_of(" ".join(texts))
    return cols if found_indicator else None


def indicator_code(cell: Cell | None) -> tuple[str, str] | None:
    """(code, name) of an indicator cell: «Chỉ số: 2.2.3. Chi cho …», «Chỉ số 2.2.3: …» or a bare «2.2.3. …»; a
    bare «2.1.» (a numbered heading inside a task) is not an indicator."""
    if cell is None:
        return None
    m = _CODE.match(cell.text)
    if not m or not m.group(2).strip():
        return None
    prefixed = fold(cell.text).startswith("chỉ số")
    if not prefixed and m.group(1).count(".") < 2:
        return None
    return m.group(1), clean_text(m.group(2)).strip(" .")


def cell_at(row: list[Cell], pos: int | None) -> Cell | None:
    return row[pos] if pos is not None and pos < len(row) else None


def split_tasks(paragraphs: list[str], into: list[str]) -> None:
    """Bullets to tasks: a paragraph starting with a dash (or a capital letter) starts a task; one starting in
    lower case continues the task before it (a bullet broken by a page break in the table)."""
    for paragraph in paragraphs:
        for piece in _INLINE_BULLET.split(clean_text(paragraph)):
            text = _BULLET.sub("", piece).strip()
            if not text:
                continue
            if into and not _BULLET.match(piece) and text[:1].islower():
                into[-1] = f"{into[-1]} {text}"
            else:
                into.append(text)


def plain(text: str) -> str:
    """A cell's number as typed, without the LaTeX some converters leave ("$\\geq 10\\%$")."""
    for a, b in _LATEX:
        text = text.replace(a, b)
    return clean_text(text)
