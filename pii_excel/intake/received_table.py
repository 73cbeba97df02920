"""The received-dates table staff keep in the input folder («ngay-nhan.xlsx»): for files that came by hand, on a
USB stick or through a chat application, the date they were received. It overrides every other time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import PurePosixPath

from pii_excel.cells import cell_ref, parse_moment, text_of
from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.textnorm import fold
from pii_excel.untrusted.files import VN_TZ

NAME_HEADERS = ("tên tệp", "tệp", "tên file", "file")
DATE_HEADERS = ("ngày nhận", "ngày giờ nhận", "thời điểm nhận")
HEADERS_SHOWN = "«Tên tệp» và «Ngày nhận»"


@dataclass
class ReceivedTable:
    """File name (folded) -> when it was received and the cell that says so."""

    rel: str
    dates: dict[str, tuple[datetime, Location]] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)  # folded name -> the name as typed
    findings: list[Finding] = field(default_factory=list)

    def lookup(self, names: tuple[str, ...]) -> tuple[datetime, Location] | None:
        """The first of a file's names (see `names_of`) the table lists."""
        for name in names:
            if name and (hit := self.dates.get(fold(name))):
                return hit
        return None


def names_of(path: str, attachment: str = "") -> tuple[str, ...]:
    """The names staff may write for a file, in order: its path in the input folder, its own name, the name it had
    as an attachment."""
    return (path, PurePosixPath(path).name, attachment)


def _header(rows: list[list]) -> tuple[int, int, int] | None:
    names = {fold(h) for h in NAME_HEADERS}
    dates = {fold(h) for h in DATE_HEADERS}
    for r, row in enumerate(rows[:20]):
        folded = [fold(text_of(v)) for v in row]
        name_col = next((c for c, v in enumerate(folded) if v in names), None)
        date_col = next((c for c, v in enumerate(folded) if v in dates), None)
        if name_col is not None and date_col is not None:
            return r, name_col, date_col
    return None


def read_received_table(book, rel: str) -> ReceivedTable:
    """Every row with a file name and a date, from the first sheet holding both headers."""
    table = ReceivedTable(rel)
    for sheet in book.sheet_names:
        rows = book.rows(sheet)
        found = _header(rows)
        if found is None:
            continue
        top, name_col, date_col = found
        for r in range(top + 1, len(rows)):
            row = rows[r]
            name = text_of(row[name_col]).strip() if name_col < len(row) else ""
            raw = row[date_col] if date_col < len(row) else None
            if not name:
                continue
            at = Location(rel, sheet, cell_ref(r, date_col))
            moment = parse_moment(raw)
            if moment is None:
                table.findings.append(finding(Code.RECEIVED_DATE_INVALID, at=at, value=text_of(raw), name=name))
                continue
            if not isinstance(moment, datetime):
                moment = datetime.combine(moment, time())
            moment = moment.replace(tzinfo=VN_TZ) if moment.tzinfo is None else moment
            if (earlier := table.dates.get(fold(name))) is not None:  # the last row wins, and says so
                table.findings.append(
                    finding(
                        Code.RECEIVED_NAME_TWICE,
                        at=at,
                        name=name,
                        first=earlier[1].cell,
                        value=f"{moment:%d/%m/%Y %H:%M}",
                    )
                )
            table.shown[fold(name)] = name
            table.dates[fold(name)] = (moment, at)
        return table
    table.findings.append(finding(Code.RECEIVED_TABLE_HEADERS_MISSING, at=Location(rel), headers=HEADERS_SHOWN))
    return table
