"""so-lieu-gui-bo.xlsx: the raw figures and evidence the department types into the Ministry's online data form.

One row per indicator whose figure an agency supplies, in framework order (1.1.1, 1.2.1, 2.1.2 …): the figure
with its unit, numerator and denominator, the evidence document and link, who reported it and how to reach them,
the cell it was read from and its findings; then a checklist of what is still missing. Reads the model only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pii_excel.atomic import atomic_path
from pii_excel.findings import Finding, on_row
from pii_excel.model import Consolidation, IndicatorResult
from pii_excel.numbers import format_number
from pii_excel.plan.periods import PeriodKind, period_kind
from pii_excel.vocab import FigureFrom, Severity
from pii_excel.xlsx_style import FONT, common_formats, header_text, new_workbook, print_setup, row_height

PACKAGE_XLSX = "so-lieu-gui-bo.xlsx"
SHEET_FIGURES = "Số liệu gửi Bộ"
SHEET_MISSING = "Còn thiếu"
SHEET_DOCUMENTS = "Văn bản chính sách"
TOP = 3  # header row: title, subtitle, a note, then the header

MISSING_FIGURE = "Chưa có số liệu"
MISSING_EVIDENCE = "Chưa có tài liệu minh chứng"
MISSING_EVIDENCE_FILE = "Chưa có tệp minh chứng để tải lên"
MISSING_PARTS = "Chưa có tử số, mẫu số"
HAS_ERRORS = "Số liệu có lỗi phải sửa"
NO_DOCUMENTS = "Chưa kê văn bản nào"


@dataclass(frozen=True)
class Col:
    header: str
    width: float
    kind: str = "cell"


FIGURE_COLUMNS = (
    Col("STT", 6),
    Col("Mã", 7),
    Col("Tên chỉ số", 26),
    Col("Số liệu", 24),
    Col("Giá trị", 10, "number"),
    Col("Đơn vị tính", 11),
    Col("Tử số", 16),
    Col("Mẫu số", 16),
    Col("Kỳ số liệu", 10),
    Col("Đơn vị báo cáo số liệu", 16),
    Col("Tài liệu minh chứng", 22),
    Col("Đường dẫn", 16),
    Col("Tệp minh chứng (thư mục minh-chung)", 22),
    Col("Người báo cáo, liên hệ", 18),
    Col("Tệp, trang, ô", 18),
    Col("Lỗi, cảnh báo", 24),
)
DOCUMENT_COLUMNS = (
    Col("STT", 6),
    Col("Mã", 7),
    Col("Số, ký hiệu", 16),
    Col("Ngày ban hành", 11),
    Col("Trích yếu", 40),
    Col("Cơ quan ban hành", 18),
    Col("Tệp hoặc đường dẫn", 20),
    Col("Đơn vị kê", 16),
    Col("Tệp, trang, ô", 18),
)
MISSING_COLUMNS = (
    Col("STT", 6),
    Col("Mã", 7),
    Col("Tên chỉ số", 34),
    Col("Còn thiếu", 30),
    Col("Đơn vị chủ trì", 26),
    Col("Liên hệ", 30),
)


def package_indicators(model: Consolidation) -> list[IndicatorResult]:
    """Indicators whose raw figure an agency supplies, in framework order (evaluation's order)."""
    return [r for r in model.evaluation.indicators if r.figure_from is FigureFrom.AGENCY]


def document_indicators(model: Consolidation) -> list[IndicatorResult]:
    """Indicators the publisher scores from the documents the province lists (PII 1.1.1)."""
    return [r for r in model.evaluation.indicators if r.figure_from is FigureFrom.DOCUMENTS]


def _document_rows(model: Consolidation, indicators: list[IndicatorResult]) -> list[list]:
    rows: list[list] = []
    for r in indicators:
        for d in r.figure.documents:
            at = d.source
            rows.append(
                [
                    len(rows) + 1,
                    r.indicator,
                    d.number,
                    d.issued.strftime("%d/%m/%Y") if d.issued else "",
                    d.title,
                    d.issuer,
                    d.evidence,
                    model.agency_name(d.agency),
                    f"{at.file} — {at.sheet}!{at.cell}" if at else "",
                ]
            )
    return rows


def figure_findings(model: Consolidation, r: IndicatorResult) -> list[Finding]:
    """Findings on the figure's row of the agency's workbook (the figure, its parts, its evidence)."""
    return on_row(model.findings, r.figure.source)


def _part(value: float | None, name: str, unit: str) -> str:
    if not name:
        return ""
    shown = format_number(value, 4) if value is not None else "…"
    return f"{shown} {unit} ({name})".replace("  ", " ")


def _contact(model: Consolidation, agency: str | None) -> str:
    info = next((i for i in model.intake.infos if i.agency == agency), None)
    if info is None:
        return ""
    return "; ".join(x for x in (info.reporter, info.position, info.phone, info.email) if x)


def evidence_files(model: Consolidation, indicator: str) -> list[str]:
    """The evidence files stored for an indicator, as found in minh-chung/ («2.2.1/SCT - QĐ 123.pdf»)."""
    return [
        path.removeprefix("minh-chung/")
        for e in model.intake.evidence
        for code, path in zip(e.indicators, e.stored_as, strict=False)
        if code == indicator
    ]


def wants_files(model: Consolidation) -> bool:
    """The Ministry's data call takes evidence as files uploaded per indicator; progress reports name documents."""
    return period_kind(model.period.id) is PeriodKind.DATA_CALL


def missing_items(model: Consolidation, r: IndicatorResult) -> list[str]:
    f = r.figure
    items = []
    if f.value is None:
        items.append(MISSING_FIGURE)
    elif not f.evidence:
        items.append(MISSING_EVIDENCE)
    elif wants_files(model) and not evidence_files(model, r.indicator):
        items.append(MISSING_EVIDENCE_FILE)
    if f.value is not None and f.numerator_name and (f.numerator is None or f.denominator is None):
        items.append(MISSING_PARTS)
    if any(x.severity is Severity.ERROR for x in figure_findings(model, r)):
        items.append(HAS_ERRORS)
    return items


def write_table(
    wb, f, name: str, title: str, note: str, columns: tuple[Col, ...], rows: list[list], model: Consolidation
) -> None:
    ws = wb.add_worksheet(name)
    ws.write_string(0, 0, title, f["title"])
    ws.write_string(1, 0, f"{model.plan.title} — {model.period.label}", f["subtitle"])
    ws.write_string(2, 0, note, f["plain"])
    for c, col in enumerate(columns):
        ws.set_column(c, c, col.width)
        ws.write_string(TOP, c, col.header, f["header"])
    ws.set_row(TOP, 32)
    for r, values in enumerate(rows, start=TOP + 1):
        for c, (col, value) in enumerate(zip(columns, values, strict=True)):
            if value is None or value == "":
                ws.write_blank(r, c, None, f["cell"])
            elif col.kind == "number" and isinstance(value, (int, float)):
                ws.write_number(r, c, value, f["figure"])
            elif col.kind == "int" and isinstance(value, int):
                ws.write_number(r, c, value, f["int"])
            else:
                ws.write_string(r, c, str(value), f["cell"])  # agency text stays text: never a formula or link
        ws.set_row(r, row_height([(str(v or ""), col.width) for col, v in zip(columns, values, strict=True)]))
    if not rows:
        ws.write_string(TOP + 1, 0, "Không có nội dung.", f["plain"])
    ws.freeze_panes(TOP + 1, 2)
    m = model
    # printed at 9 pt or more: a table too wide for one page goes on across pages with its number and code
    # repeated, instead of shrinking to 7 pt; the footer names the plan and period as staff know them
    footer = f'&L&"{FONT}"&9{header_text(m.period.label)} — {header_text(m.plan.index_kind)}&R&"{FONT}"&9Trang &P/&N'
    print_setup(
        ws,
        landscape=True,
        repeat_to_row=TOP,
        margins=(0.4, 0.4, 0.6, 0.6),
        footer=footer,
        widths=[c.width for c in columns],
        font_size=11,
        repeat_columns=2,
    )
    ws.print_area(0, 0, TOP + max(len(rows), 1), len(columns) - 1)


def write_ministry_package(model: Consolidation, target: Path) -> Path:
    indicators = package_indicators(model)
    figures: list[list] = []
    missing: list[list] = []
    for n, r in enumerate(indicators, 1):
        fig = r.figure
        at = fig.source
        found = figure_findings(model, r)
        figures.append(
            [
                n,
                r.indicator,
                r.name,
                fig.name,
                fig.value,
                fig.unit,
                _part(fig.numerator, fig.numerator_name, fig.numerator_unit),
                _part(fig.denominator, fig.denominator_name, fig.denominator_unit),
                model.period.label,
                model.plan.agency_name(fig.reported_by)
                if fig.reported_by
                else ", ".join(map(model.agency_name, r.lead)),
                fig.evidence,
                fig.link,
                "\n".join(evidence_files(model, r.indicator)),
                _contact(model, fig.reported_by),
                f"{at.file} — {at.sheet}!{at.cell}" if at else "",
                "\n".join(f"{x.severity.label}: {x.message}" for x in found),
            ]
        )
        gaps = missing_items(model, r)
        if gaps:
            owner = fig.reported_by or (r.lead[0] if r.lead else None)
            missing.append(
                [
                    len(missing) + 1,
                    r.indicator,
                    r.name,
                    "; ".join(gaps),
                    ", ".join(map(model.agency_name, r.lead)),
                    _contact(model, owner),
                ]
            )
    listed = document_indicators(model)
    for r in listed:
        if not r.figure.documents:
            missing.append(
                [len(missing) + 1, r.indicator, r.name, NO_DOCUMENTS, ", ".join(map(model.agency_name, r.lead)), ""]
            )
    with atomic_path(target) as tmp:
        wb = new_workbook(tmp, {"title": f"Số liệu gửi Bộ - {model.period.label} - {model.plan.title}"}, model.run_id)
        f = common_formats(wb, 11)
        f["figure"] = wb.add_format(
            {"font_name": FONT, "font_size": 11, "valign": "top", "border": 1, "num_format": "#,##0.00##"}
        )
        write_table(
            wb,
            f,
            SHEET_FIGURES,
            "SỐ LIỆU, TÀI LIỆU MINH CHỨNG CÁC CHỈ SỐ GỬI BỘ",
            "Số liệu gốc do đơn vị chủ trì báo cáo (không phải điểm số), theo thứ tự khung chỉ số; "
            "nhập vào biểu mẫu thu thập số liệu trực tuyến của Bộ kèm tài liệu minh chứng.",
            FIGURE_COLUMNS,
            figures,
            model,
        )
        write_table(
            wb,
            f,
            SHEET_MISSING,
            "DANH SÁCH CÒN THIẾU TRƯỚC KHI GỬI BỘ",
            f"{len(missing)}/{len(indicators) + len(listed)} chỉ số còn thiếu số liệu, tài liệu minh chứng "
            "hoặc có lỗi.",
            MISSING_COLUMNS,
            missing,
            model,
        )
        if listed:
            write_table(
                wb,
                f,
                SHEET_DOCUMENTS,
                "DANH MỤC VĂN BẢN CHÍNH SÁCH GỬI BỘ",
                f"Chỉ số {', '.join(r.indicator for r in listed)} do Bộ chấm điểm từ văn bản chính sách "
                "của tỉnh: kê từng văn bản kèm tệp văn bản, không gửi số lượng.",
                DOCUMENT_COLUMNS,
                _document_rows(model, listed),
                model,
            )
        wb.close()
    return target
