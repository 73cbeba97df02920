"""The appendix table of a Word plan: which column holds what (found by the headers' words), which cell names an
indicator, how a cell's bullets become tasks, and a number as typed without a converter's LaTeX."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pii_excel.plan.importer.word import Cell
from pii_excel.textnorm import ascii_slug, clean_text, fold

_CODE = re.compile(
    r"^\s*(?:chỉ\s*số(?:\s*thành\s*phần)?\s*[:.]?\s*)?(\d+(?:\.\d+){1,3})\.?\s*[:.\-–]?\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_BULLET = re.compile(r"^\s*[-–—•+*]\s*")
# a bullet run into the previous one inside a paragraph: "... đời sống. - Tăng cường ..."
_INLINE_BULLET = re.compile(r"(?<=[.;:!?])\s+[-–—•]\s+(?=[A-ZĐÀ-Ỹ])")
_LATEX = (("\\geq", "≥"), ("\\leq", "≤"), ("\\ge", "≥"), ("\\le", "≤"), ("\\%", "%"), ("$", ""), ("\\", ""))
WORDED_OPS = (
    ("tối thiểu", "≥"),
    ("ít nhất", "≥"),
    ("không thấp hơn", "≥"),
    ("trên", ">"),
    ("tối đa", "≤"),
    ("không vượt quá", "≤"),
    ("dưới", "<"),
)


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
    code: int | None = None  # a column of its own for the codes («Mã số»)
    rank: int | None = None  # the baseline year's rank («Thứ hạng (/34)»)
    ranked_of: int | None = None  # the number ranked, from that header
    tasks: int | None = None  # tasks in a column of their own («Nhiệm vụ, giải pháp chủ yếu»)


def words_of(text: str) -> str:
    return " ".join(ascii_slug(fold(text)).lower().replace("-", " ").split())


def _header_texts(header_rows: list[list[Cell]]) -> list[str]:
    """Each grid column's header: the distinct cells over it, top to bottom («Kết quả PII năm 2025 Điểm»)."""
    width = max(len(r) for r in header_rows)
    texts = []
    for i in range(width):
        seen: list[Cell] = []
        for row in header_rows:
            if i < len(row) and not any(row[i] is c for c in seen):
                seen.append(row[i])
        texts.append(" ".join(c.text for c in seen))
    return texts


_TASK_WORDS = ("nhiem vu", "giai phap")
_INDICATOR_WORDS = ("chi so", "noi dung", "chi tieu thanh phan", "tru cot")


def columns_of(header_rows: list[list[Cell]]) -> Columns | None:
    """Columns found by their headers' words; `header_rows` by grid column (Table.grid), so a header merged over
    a pair of columns names both."""
    if not header_rows:
        return None
    texts = _header_texts(header_rows)
    cols = Columns(baseline=None, target=None, lead=None, cooperating=None, timing=None, from_headers=True)
    words = [words_of(t) for t in texts]
    # the indicator column names indicators; a column of tasks beside it is the tasks column. One header naming
    # both («Nhiệm vụ, giải pháp cải thiện … các chỉ số thành phần») is the indicator column, tasks below it.
    indicator = next(
        (
            i
            for i, w in enumerate(words)
            if any(k in w for k in _INDICATOR_WORDS)
            and not any(k in w for k in ("chu tri", "phoi hop", "muc tieu", "diem"))
        ),
        None,
    )
    if indicator is None:
        indicator = next((i for i, w in enumerate(words) if any(k in w for k in _TASK_WORDS)), None)
    if indicator is None:
        return None
    cols.indicator = indicator
    for i, (text, w) in enumerate(zip(texts, words, strict=True)):
        if i == indicator:
            continue
        years = YEAR.findall(text)
        if w in ("ma", "ma so", "ma chi so", "ma so chi so") or w.startswith("ma so") or w.startswith("ma chi so"):
            cols.code = i
        elif "thu hang" in w or "xep hang" in w:
            cols.rank = i
            of = re.search(r"/\s*(\d{2,3})", text)
            cols.ranked_of = int(of.group(1)) if of else None
            cols.baseline_year = cols.baseline_year or (int(years[-1]) if years else None)
        elif "muc tieu" in w or "chi tieu" in w:
            cols.target, cols.target_year = i, int(years[-1]) if years else None
        elif "chu tri" in w or "dau moi" in w:
            cols.lead = i
        elif "phoi hop" in w:
            cols.cooperating = i
        elif any(k in w for k in ("thoi gian", "tien do", "thoi han")):
            cols.timing = i
        elif w in ("stt", "tt") or w.startswith("stt"):
            continue
        elif any(k in w for k in _TASK_WORDS):
            cols.tasks = i
        elif any(k in w for k in ("diem", "co so", "hien trang", "thuc hien", "ket qua")) or years:
            cols.baseline, cols.baseline_year = i, int(years[-1]) if years else None
    cols.on_score = "diem" in words_of(" ".join(texts))
    return cols


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


_PILLAR = re.compile(
    r"^\s*(?:[IVX]+\s*[.\-–]?\s*)?tr[uụ]\s*c[oộ]t\s*(\d{1,2})\s*[.:\-–]?\s*(.*)$", re.IGNORECASE | re.DOTALL
)
_BARE_CODE = re.compile(r"^\s*(\d+(?:\.\d+){1,3})\.?\s*$")


def pillar_heading(row: list[Cell]) -> tuple[str, str] | None:
    """(code, name) of a pillar row inside the appendix («II | TRỤ CỘT 2. VỐN CON NGƯỜI…»), from its first cells."""
    for cell in row[:4]:
        m = _PILLAR.match(cell.text)
        if m:
            return m.group(1), clean_text(m.group(2)).strip(" .")
    return None


# VCCI's ten component indices in its own order, by the words that name each (PCI methodology; «Dịch vụ hỗ trợ doanh
# nghiệp» is «Chính sách hỗ trợ doanh nghiệp» from PCI 2021, «Tính năng động» was «… và tiên phong của lãnh đạo tỉnh»).
PCI_COMPONENTS: tuple[tuple[str, str], ...] = (
    ("1", "gia nhap thi truong"),
    ("2", "tiep can dat dai"),
    ("3", "minh bach"),
    ("4", "chi phi thoi gian"),
    ("5", "chi phi khong chinh thuc"),
    ("6", "canh tranh binh dang"),
    ("7", "nang dong"),
    ("8", "ho tro doanh nghiep"),
    ("9", "dao tao lao dong"),
    ("10", "thiet che phap ly"),
)
_COMPONENT_MAX = 90  # characters: a longer cell is a task that mentions a component, not the component


def pci_component(cell: Cell | None) -> tuple[str, str] | None:
    """(VCCI's number, the name as written) of a PCI component index named in a cell without a code."""
    if cell is None or not cell.paragraphs:
        return None
    text = clean_text(next((p for p in cell.paragraphs if clean_text(p)), ""))
    if not text or len(text) > _COMPONENT_MAX or _BULLET.match(text):
        return None
    words = words_of(text)
    for code, key in PCI_COMPONENTS:
        if key in words:
            name = re.sub(r"^\s*(?:chỉ\s*số(?:\s*thành\s*phần)?\s*[:.]?\s*)", "", text, flags=re.IGNORECASE)
            return code, name.strip(' .«»"“”')
    return None


def bare_code(cell: Cell | None) -> str | None:
    """The code in a column of codes («2.2.3»); None when the cell holds anything else."""
    m = _BARE_CODE.match(cell.text) if cell is not None else None
    return m.group(1) if m else None


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
