"""minh-chung/: the evidence files ready to upload, one folder per indicator code («minh-chung/2.2.1/SCT - Quyết
định 123.pdf»; those nobody could place in «chua-gan-chi-so/»), and their index «danh-muc-minh-chung.xlsx» —
indicator, agency, document, file, size, pages, SHA-256 — with the files that were not taken and why.
Reads the model only: each file's bytes wait in the run's evidence store, named in the model, until placed here.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from pii_excel.atomic import atomic_path
from pii_excel.model import Consolidation, EvidenceFile
from pii_excel.output.ministry_package import Col, write_table
from pii_excel.vocab import EvidenceMatch
from pii_excel.xlsx_style import common_formats, new_workbook

EVIDENCE_INDEX = "minh-chung/danh-muc-minh-chung.xlsx"
SHEET_FILES = "Tệp minh chứng"
SHEET_REFUSED = "Không nhận"
FILE_COLUMNS = (
    Col("STT", 6),
    Col("Mã chỉ số", 9),
    Col("Tên chỉ số", 26),
    Col("Đơn vị", 16),
    Col("Văn bản ghi trong mẫu", 22),
    Col("Tệp trong thư mục minh-chung", 30),
    Col("Loại", 11),
    Col("Dung lượng (KB)", 10, "number"),
    Col("Số trang", 7, "int"),
    Col("Cách xác định chỉ số", 14),
    Col("Tệp gốc nhận được", 26),
    Col("SHA-256", 24),
)
REFUSED_COLUMNS = (
    Col("STT", 6),
    Col("Tệp nhận được", 34),
    Col("Đơn vị", 16),
    Col("Lý do không lấy", 46),
    Col("Dung lượng (KB)", 10, "number"),
)


def stored(model: Consolidation) -> list[EvidenceFile]:
    return [e for e in model.intake.evidence if e.stored_as]


def files_of(model: Consolidation, indicator: str) -> list[EvidenceFile]:
    """The evidence files stored for one indicator, in the order they were received."""
    return [e for e in stored(model) if indicator in e.indicators]


def write_evidence(model: Consolidation, place: Callable[[str], Path]) -> list[str]:
    """Every stored evidence file put at its place and the index written; the names written (relative to the
    period's output folder), nothing when no evidence came in."""
    if not model.intake.evidence:
        return []
    written: list[str] = []
    for item in stored(model):
        for name in item.stored_as:
            _place_copy(Path(item.blob), place(name))
            written.append(name)
    write_index(model, place(EVIDENCE_INDEX))
    written.append(EVIDENCE_INDEX)
    return written


def _place_copy(blob: Path, target: Path) -> None:
    """A hard link when the store and the output share a disk (no bytes copied), else a streamed copy."""
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    try:
        os.link(blob, target)
    except OSError:
        shutil.copyfile(blob, target)


def _kb(size: int) -> float:
    return round(size / 1024, 1)


def write_index(model: Consolidation, target: Path) -> Path:
    names = {r.indicator: r.name for r in model.evaluation.indicators}
    rows: list[list] = []
    for item in stored(model):
        for code, path in zip(item.indicators or ("",), item.stored_as, strict=True):
            rows.append(
                [
                    len(rows) + 1,
                    code or "—",
                    names.get(code, "Chưa xác định — phòng gán chỉ số"),
                    model.agency_name(item.agency) if item.agency else "Chưa rõ đơn vị",
                    "; ".join(item.documents),
                    path.removeprefix("minh-chung/"),
                    item.kind,
                    _kb(item.size),
                    item.pages,
                    item.matched_by.label,
                    item.source,
                    item.sha256,
                ]
            )
    refused = [
        [
            n,
            e.source,
            model.agency_name(e.agency) if e.agency else "Chưa rõ đơn vị",
            e.refused or f"Giống hệt {e.duplicate_of} (đã lưu một lần)",
            _kb(e.size),
        ]
        for n, e in enumerate((e for e in model.intake.evidence if not e.stored_as), 1)
    ]
    matched = sum(1 for e in stored(model) if e.matched_by is not EvidenceMatch.UNMATCHED)
    with atomic_path(target) as tmp:
        wb = new_workbook(
            tmp, {"title": f"Danh mục minh chứng - {model.period.label} - {model.plan.title}"}, model.run_id
        )
        f = common_formats(wb, 11)
        f["figure"] = wb.add_format({**_cell(), "num_format": "#,##0.0"})
        write_table(
            wb,
            f,
            SHEET_FILES,
            "DANH MỤC TỆP MINH CHỨNG GỬI BỘ",
            f"{len(stored(model))} tệp, {matched} tệp đã xác định chỉ số; mỗi tệp nằm trong thư mục mang mã "
            "chỉ số để tải lên đúng chỉ số.",
            FILE_COLUMNS,
            rows,
            model,
        )
        write_table(
            wb,
            f,
            SHEET_REFUSED,
            "TỆP KHÔNG ĐƯỢC LẤY VÀO BỘ MINH CHỨNG",
            "Các tệp này không được chép vào thư mục minh-chung (loại tệp, mật khẩu, macro, dung lượng, "
            "hoặc gửi trùng).",
            REFUSED_COLUMNS,
            refused,
            model,
        )
        wb.close()
    return target


def _cell() -> dict:
    from pii_excel.xlsx_style import base_format

    return {**base_format(11), "border": 1}
