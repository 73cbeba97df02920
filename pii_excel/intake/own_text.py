"""Reading the department's own text for the report («noi-dung-cua-so.xlsx» in the input folder; its layout and
why are in `template/own_text.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pii_excel.cells import cell_ref, text_of
from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.model import OWN_TEXT_FILE, OwnText
from pii_excel.template.own_text import PERIOD_LABEL, SECTIONS
from pii_excel.textnorm import clean_text, fold, nfc

MAX_TEXT = 8000  # characters a section keeps: a report's section is a page or two


@dataclass
class OwnTextRead:
    texts: list[OwnText] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def read_own_text(book, rel: str, period_id: str) -> OwnTextRead:
    """The sections filled in the first sheet holding the section keys; a file made for another period is said
    and not used (the input folder may be reused from one period to the next)."""
    out = OwnTextRead()
    keys = {key for key, _ in SECTIONS}
    labels = {fold(label): key for key, label in SECTIONS}
    for sheet in book.sheet_names:
        rows = book.rows(sheet)
        found: dict[str, tuple[str, Location]] = {}
        period = None
        for r, row in enumerate(rows[:60]):
            first = clean_text(text_of(row[0])) if row else ""
            second = clean_text(text_of(row[1])) if len(row) > 1 else ""
            key = first if first in keys else labels.get(fold(second))
            if fold(second) == fold(PERIOD_LABEL) or fold(first) == fold(PERIOD_LABEL):
                period = (clean_text(text_of(row[2])) if len(row) > 2 else "", Location(rel, sheet, cell_ref(r, 2)))
            elif key is not None:
                text = nfc(text_of(row[2])).strip() if len(row) > 2 else ""
                found[key] = (text[:MAX_TEXT], Location(rel, sheet, cell_ref(r, 2)))
        if not found:
            continue
        if period is not None and period[0] and period[0].upper() != period_id.upper():
            out.findings.append(finding(Code.TEXT_OWN_OTHER_PERIOD, at=period[1], value=period[0], period=period_id))
            return out
        out.texts = [OwnText(key, text, at) for key, (text, at) in found.items() if text]
        return out
    out.findings.append(finding(Code.TEXT_OWN_NOT_FOUND, at=Location(rel), name=OWN_TEXT_FILE))
    return out
