"""The results workbook: written for staff to fill from the Ministry's published profile (`results template`), and
read back (`results import`) as the untrusted file it is — by header, every value located at its cell."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pii_excel.cells import cell_ref, parse_date, text_of
from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.index.framework import Edition, code_key
from pii_excel.index.results import AggregateResult, EditionResults, IndicatorResult, ProvinceResult
from pii_excel.numbers import parse_number
from pii_excel.plan.model import Plan
from pii_excel.textnorm import clean_text, fold, nfc
from pii_excel.vocab import ResultKind, SourceKind

SHEET_GUIDE = "Hướng dẫn"
SHEET_INFO = "Thông tin công bố"
SHEET_INDICATORS = "Chỉ số thành phần"
SHEET_AGGREGATES = "Nhóm, trụ cột"
SHEET_OTHERS = "Các tỉnh khác"
SHEET_IDENTITY = "_nhan_dang"
VERSION = "1"
EXTRA_INDICATOR_ROWS = 60  # a profile has 52 indicators; the edition may know only those a plan follows
EXTRA_AGGREGATE_ROWS = 6

INFO_ROWS = (  # key, label staff read, required
    ("index", "Chỉ số", True),
    ("year", "Năm của kết quả (PII 2025: 2025)", True),
    ("publisher", "Cơ quan công bố", True),
    ("document", "Văn bản hoặc trang công bố", False),
    ("published_on", "Ngày công bố (dd/mm/yyyy)", False),
    ("ranking_size", "Số tỉnh, thành phố được xếp hạng", True),
    ("province", "Tỉnh, thành phố", True),
    ("region", "Vùng kinh tế - xã hội", False),
    ("region_size", "Số tỉnh, thành phố trong vùng", False),
)
INDICATOR_COLUMNS = (  # key, header, width, filled by staff
    ("code", "Mã", 8, False),
    ("name", "Chỉ số", 46, False),
    ("unit", "Đơn vị", 14, False),
    ("direction", "Hướng", 14, False),
    ("source", "Nguồn số liệu", 18, False),
    ("raw", "Giá trị của tỉnh", 12, True),
    ("low", "Thấp nhất", 11, True),
    ("high", "Cao nhất", 11, True),
    ("score", "Điểm", 9, True),
    ("rank", "Thứ hạng", 9, True),
)
AGGREGATE_COLUMNS = (
    ("kind", "Loại", 12, False),
    ("code", "Mã", 8, False),
    ("name", "Tên", 46, False),
    ("score", "Điểm", 9, True),
    ("rank", "Thứ hạng", 9, True),
    ("region_rank", "Thứ hạng trong vùng", 11, True),
)
OTHER_COLUMNS = (  # one row per province and code, as staff copy them from the other provinces' profiles
    ("province", "Tỉnh, thành phố", 24, True),
    ("region", "Vùng kinh tế - xã hội", 26, True),
    ("code", "Mã", 8, True),
    ("raw", "Giá trị", 12, True),
    ("score", "Điểm", 9, True),
    ("rank", "Thứ hạng", 9, True),
)
OTHER_ROWS = 6000  # 34 provinces × (52 indicators + groups, pillars, input, output, index), with room to spare
HIGHER, LOWER = "Cao hơn là tốt hơn", "Thấp hơn là tốt hơn"
AGGREGATE_CODES = {ResultKind.INPUT: "ĐV", ResultKind.OUTPUT: "ĐR", ResultKind.INDEX: "PII"}


# --- writing ---------------------------------------------------------------------------------------------------


def write_results_template(plan: Plan, edition: Edition, target: Path) -> Path:
    """A protected workbook to fill from the published profile: the edition's facts, one row per indicator it knows
    (and blank rows for the others, code and name typed), one per group, pillar, input, output and the index."""
    from pii_excel.atomic import atomic_path
    from pii_excel.xlsx_style import (
        INPUT_FILL,
        PROTECT_OPTIONS,
        base_format,
        common_formats,
        new_workbook,
        print_setup,
        row_height,
    )

    with atomic_path(target) as tmp:
        wb = new_workbook(tmp, {"title": f"Kết quả công bố {edition.label} — {plan.province}", "subject": plan.id})
        f = common_formats(wb)
        entry = wb.add_format({**base_format(), "border": 1, "bg_color": INPUT_FILL, "locked": False})
        number = wb.add_format(
            {**base_format(), "border": 1, "bg_color": INPUT_FILL, "locked": False, "num_format": "#,##0.00##"}
        )
        whole = wb.add_format(
            {**base_format(), "border": 1, "bg_color": INPUT_FILL, "locked": False, "num_format": "0"}
        )
        guide = wb.add_worksheet(SHEET_GUIDE)
        guide.set_column(0, 0, 90)
        lines = [
            f"NHẬP KẾT QUẢ CÔNG BỐ {edition.label} CỦA {plan.province.upper()}",
            "Chép từ hồ sơ công bố của tỉnh (trang kết quả của Bộ Khoa học và Công nghệ hoặc báo điện tử đăng lại): "
            "mỗi chỉ số thành phần ghi giá trị của tỉnh, giá trị thấp nhất và cao nhất giữa các tỉnh, điểm và thứ hạng; "
            "mỗi nhóm, trụ cột, chỉ số đầu vào, đầu ra và chỉ số chung ghi điểm và thứ hạng.",
            "Chỉ điền các ô màu vàng. Số gõ như trong hồ sơ (58,90); thứ hạng gõ 6 hoặc 6/34. Không dùng công thức.",
            "Chỉ số chưa có dòng sẵn: điền vào các dòng trống cuối trang «Chỉ số thành phần» (mã, tên, đơn vị, hướng).",
            "Trang «Các tỉnh khác» (không bắt buộc): mỗi dòng một tỉnh và một mã (chỉ số 1.1.1, nhóm 1.1, trụ cột 1, "
            "ĐV, ĐR hoặc PII) với điểm, thứ hạng. Khi đủ tất cả các tỉnh được xếp hạng, chương trình tính trung bình "
            "cả nước; đủ các tỉnh trong vùng thì tính trung bình vùng và thứ hạng trong vùng — để đánh giá các mục tiêu "
            "«cao hơn trung bình cả nước», «trong nhóm dẫn đầu vùng».",
            "Nhập vào chương trình: pii-excel results import "
            + plan.id
            + " <tệp này>. Chương trình kiểm tra điểm theo "
            "cách chuẩn hoá của Bộ (min–max), điểm nhóm, trụ cột, đầu vào, đầu ra và chỉ số chung, rồi mới lưu.",
        ]
        for n, line in enumerate(lines):
            guide.write(n, 0, line, f["title"] if n == 0 else f["text"])
            if n:  # LibreOffice and WPS do not fit rows of generated files: wrapped text needs its height set
                guide.set_row(n, row_height([(line, 90)]))
        guide.protect("", PROTECT_OPTIONS)
        print_setup(guide, landscape=False, widths=[90])

        info = wb.add_worksheet(SHEET_INFO)
        info.set_column(0, 0, 40)
        info.set_column(1, 1, 44)
        info.write_row(0, 0, ["Mục", "Giá trị"], f["header"])
        given = {
            "index": edition.index,
            "year": edition.year,
            "publisher": edition.publisher or "Bộ Khoa học và Công nghệ",
            "ranking_size": edition.ranking_size or plan.ranking_size,
            "province": plan.province,
            "region": plan.region or None,
        }
        for n, (key, label, _) in enumerate(INFO_ROWS, start=1):
            info.write(n, 0, label, f["cell"])
            info.set_row(n, row_height([(label, 40)]))
            value = given.get(key)
            info.write(n, 1, value if value is not None else "", whole if isinstance(value, int) else entry)
        info.protect("", PROTECT_OPTIONS)
        print_setup(info, landscape=False, widths=[40, 44])

        sheet = wb.add_worksheet(SHEET_INDICATORS)
        for col, (_, _header, width, _) in enumerate(INDICATOR_COLUMNS):
            sheet.set_column(col, col, width)
        sheet.write_row(0, 0, [h for _, h, _, _ in INDICATOR_COLUMNS], f["header"])
        sheet.set_row(0, row_height([(h, w, True) for _, h, w, _ in INDICATOR_COLUMNS]))
        row = 1
        for ind in edition.indicators:
            texts = [ind.code, ind.name, ind.unit, LOWER if ind.direction == "lower" else HIGHER, ind.source.label]
            sheet.write_row(row, 0, texts, f["cell"])
            sheet.set_row(row, row_height(list(zip(texts, [w for _, _, w, _ in INDICATOR_COLUMNS], strict=False))))
            for col in range(5, 9):
                sheet.write_blank(row, col, None, number)
            sheet.write_blank(row, 9, None, entry)
            row += 1
        for _ in range(EXTRA_INDICATOR_ROWS):
            for col in range(5):
                sheet.write_blank(row, col, None, entry)
            for col in range(5, 9):
                sheet.write_blank(row, col, None, number)
            sheet.write_blank(row, 9, None, entry)
            row += 1
        sheet.data_validation(1, 3, row - 1, 3, {"validate": "list", "source": [HIGHER, LOWER]})
        sheet.data_validation(1, 4, row - 1, 4, {"validate": "list", "source": [k.label for k in SourceKind]})
        sheet.freeze_panes(1, 2)
        sheet.protect("", PROTECT_OPTIONS)
        print_setup(sheet, landscape=True, repeat_to_row=0, widths=[w for _, _, w, _ in INDICATOR_COLUMNS])

        aggs = wb.add_worksheet(SHEET_AGGREGATES)
        for col, (_, _header, width, _) in enumerate(AGGREGATE_COLUMNS):
            aggs.set_column(col, col, width)
        aggs.write_row(0, 0, [h for _, h, _, _ in AGGREGATE_COLUMNS], f["header"])
        aggs.set_row(0, row_height([(h, w, True) for _, h, w, _ in AGGREGATE_COLUMNS]))
        rows = [(ResultKind.GROUP, g.code, g.name) for g in edition.groups]
        rows += [(ResultKind.PILLAR, p.code, p.name) for p in edition.pillars]
        rows += [
            (ResultKind.INPUT, AGGREGATE_CODES[ResultKind.INPUT], "Chỉ số đầu vào"),
            (ResultKind.OUTPUT, AGGREGATE_CODES[ResultKind.OUTPUT], "Chỉ số đầu ra"),
            (ResultKind.INDEX, AGGREGATE_CODES[ResultKind.INDEX], f"Chỉ số {edition.index} (chung)"),
        ]
        row = 1
        for kind, code, name in rows:
            aggs.write_row(row, 0, [kind.label, code, name], f["cell"])
            aggs.set_row(row, row_height([(kind.label, 12), (name, 46)]))
            aggs.write_blank(row, 3, None, number)
            aggs.write_blank(row, 4, None, entry)
            aggs.write_blank(row, 5, None, entry)
            row += 1
        for _ in range(EXTRA_AGGREGATE_ROWS):
            for col in range(3):
                aggs.write_blank(row, col, None, entry)
            aggs.write_blank(row, 3, None, number)
            aggs.write_blank(row, 4, None, entry)
            aggs.write_blank(row, 5, None, entry)
            row += 1
        aggs.data_validation(1, 0, row - 1, 0, {"validate": "list", "source": [k.label for k in ResultKind]})
        aggs.freeze_panes(1, 3)
        aggs.protect("", PROTECT_OPTIONS)
        print_setup(aggs, landscape=False, repeat_to_row=0, widths=[w for _, _, w, _ in AGGREGATE_COLUMNS])

        others = wb.add_worksheet(SHEET_OTHERS)
        others.write_row(0, 0, [h for _, h, _, _ in OTHER_COLUMNS], f["header"])
        others.set_row(0, row_height([(h, w, True) for _, h, w, _ in OTHER_COLUMNS]))
        for col, (key, _header, width, _) in enumerate(OTHER_COLUMNS):
            # whole columns unlocked (cheap: no cell written) so staff paste thousands of rows
            others.set_column(col, col, width, number if key in ("raw", "score") else entry)
        others.data_validation(
            1, 2, OTHER_ROWS, 2, {"validate": "length", "criteria": "<=", "value": 12, "ignore_blank": True}
        )
        others.freeze_panes(1, 1)
        others.protect("", PROTECT_OPTIONS)
        print_setup(others, landscape=False, repeat_to_row=0, widths=[w for _, _, w, _ in OTHER_COLUMNS])

        ident = wb.add_worksheet(SHEET_IDENTITY)
        for n, (key, value) in enumerate(
            (
                ("kind", "pii-excel-results"),
                ("version", VERSION),
                ("plan_id", plan.id),
                ("index", edition.index),
                ("year", str(edition.year)),
            )
        ):
            ident.write_string(n, 0, key)
            ident.write_string(n, 1, value)
        ident.hide()
        ident.protect("", PROTECT_OPTIONS)
        info.activate()
        wb.close()
    return target


# --- reading ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadResults:
    """What the workbook says (None when it cannot be read as a results file), its findings, and its identity."""

    results: EditionResults | None
    findings: list[Finding]
    identity: dict[str, str]


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*>\s*<f[\s>/]')


def _formula_cells(data: bytes, sheet: str) -> set[str]:
    """Cells of an .xlsx sheet that hold a formula (calamine gives only their cached values)."""
    from pii_excel.untrusted.files import Archive, sheet_part

    if not data.startswith(b"PK"):
        return set()
    try:
        with Archive(data) as zf:
            part = sheet_part(zf, sheet)
            if part is None:
                return set()
            return {m.group(1).decode() for m in _FORMULA_CELL.finditer(zf.read(part))}
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return set()


def _header(rows: list[list], columns: tuple) -> tuple[int, dict[str, int]] | None:
    wanted = {fold(header): key for key, header, _, _ in columns}
    for r, row in enumerate(rows[:10]):
        found = {wanted[fold(text_of(v))]: c for c, v in enumerate(row) if fold(text_of(v)) in wanted}
        if "code" in found and len(found) >= len(columns) - 1:
            return r, found
    return None


class _Reader:
    def __init__(self, name: str, data: bytes) -> None:
        self.name, self.data = name, data
        self.findings: list[Finding] = []
        self.formulas: dict[str, set[str]] = {}

    def at(self, sheet: str, row: int, col: int) -> Location:
        return Location(self.name, sheet, cell_ref(row, col))

    def number(self, sheet: str, row: int, col: int, raw: object, field: str) -> float | None:
        where = self.at(sheet, row, col)
        if sheet not in self.formulas:  # once per sheet: the sheet's XML is read for its formula cells
            self.formulas[sheet] = _formula_cells(self.data, sheet)
        if where.cell in self.formulas[sheet]:
            self.findings.append(finding(Code.RESULTS_FORMULA, at=where))
            return None
        parsed = parse_number(raw)
        if parsed.error or parsed.comparator:
            self.findings.append(finding(Code.RESULTS_VALUE_NOT_NUMBER, at=where, field=field, value=text_of(raw)))
            return None
        return parsed.value

    def rank(self, sheet: str, row: int, col: int, raw: object, field: str) -> int | None:
        """6, 6.0, «6», «6/34» (the base is the file's own «Số tỉnh … xếp hạng»)."""
        text = clean_text(text_of(raw))
        if not text:
            return None
        match = re.fullmatch(r"(\d{1,3})\s*(?:/\s*\d{1,3})?", text)
        if match is None:
            value = self.number(sheet, row, col, raw, field)
            if value is not None and float(value).is_integer():
                return int(value)
            if value is not None:
                self.findings.append(
                    finding(Code.RESULTS_VALUE_NOT_NUMBER, at=self.at(sheet, row, col), field=field, value=text)
                )
            return None
        return int(match.group(1))


def read_results_bytes(data: bytes, name: str) -> ReadResults:
    """A results workbook's checked bytes to what it says; run in a guarded worker (calamine)."""
    from python_calamine import CalamineWorkbook

    from pii_excel.untrusted.reader_errors import explain

    reader = _Reader(name, data)
    wanted = (SHEET_INFO, SHEET_INDICATORS, SHEET_AGGREGATES, SHEET_IDENTITY, SHEET_OTHERS)
    try:  # only the native reader's calls: its failures are the file's, anything else would be a bug of ours
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = {fold(n): n for n in book.sheet_names}
        sheets = {w: book.get_sheet_by_name(names[fold(w)]).to_python() for w in wanted if fold(w) in names}
    except BaseException as exc:  # calamine raises several types, and panics (BaseException), for broken files
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        failure = explain(exc)
        detail = failure.reason or "tệp có mật khẩu"
        return ReadResults(
            None, [finding(Code.RESULTS_UNREADABLE, at=Location(name), detail=detail, technical=failure.technical)], {}
        )
    missing = next((w for w in wanted[:3] if w not in sheets), None)
    if missing is not None:
        return ReadResults(None, [finding(Code.RESULTS_NOT_A_RESULTS_FILE, at=Location(name), wanted=missing)], {})
    identity_rows = sheets.get(SHEET_IDENTITY, [])
    identity = {text_of(r[0]): text_of(r[1]) for r in identity_rows if len(r) >= 2}
    info = _read_info(reader, sheets[SHEET_INFO])
    indicators = _read_indicators(reader, sheets[SHEET_INDICATORS])
    aggregates = _read_aggregates(reader, sheets[SHEET_AGGREGATES])
    if indicators is None or aggregates is None:
        return ReadResults(None, reader.findings, identity)
    others = _read_others(reader, sheets.get(SHEET_OTHERS, []), nfc(clean_text(text_of(info.get("province")))))
    year = _int(info.get("year")) or 0
    results = EditionResults(
        index=clean_text(text_of(info.get("index"))) or identity.get("index", "PII"),
        year=year,
        province=nfc(clean_text(text_of(info.get("province")))),
        region=nfc(clean_text(text_of(info.get("region")))),
        publisher=clean_text(text_of(info.get("publisher"))),
        document=clean_text(text_of(info.get("document"))),
        published_on=text_of(info.get("published_on")),
        ranking_size=_int(info.get("ranking_size")),
        region_size=_int(info.get("region_size")),
        indicators=indicators,
        aggregates=aggregates,
        source_file=name,
        others=others,
    )
    return ReadResults(results, reader.findings, identity)


def _int(value: object) -> int | None:
    parsed = parse_number(value)
    return int(parsed.value) if parsed.value is not None and float(parsed.value).is_integer() else None


def _read_info(reader: _Reader, rows: list[list]) -> dict[str, object]:
    labels = {fold(label): (key, required) for key, label, required in INFO_ROWS}
    out: dict[str, object] = {}
    seen = set()
    for r, row in enumerate(rows):
        if len(row) < 2 or fold(text_of(row[0])) not in labels:
            continue
        key, required = labels[fold(text_of(row[0]))]
        seen.add(key)
        value = row[1]
        where = reader.at(SHEET_INFO, r, 1)
        if key in ("ranking_size", "region_size", "year") and text_of(value).strip():
            number = reader.number(SHEET_INFO, r, 1, value, text_of(row[0]))
            value = number
        elif key == "published_on" and text_of(value).strip():
            try:
                day = parse_date(value)
            except ValueError:
                day = None
            if day is None:
                reader.findings.append(
                    finding(Code.RESULTS_VALUE_NOT_NUMBER, at=where, field=text_of(row[0]), value=text_of(value))
                )
            value = day.isoformat() if day else ""
        if required and (value is None or not text_of(value).strip()):
            reader.findings.append(finding(Code.RESULTS_INFO_MISSING, at=where, field=text_of(row[0])))
        out[key] = value
    for key, label, required in INFO_ROWS:
        if required and key not in seen:
            reader.findings.append(
                finding(Code.RESULTS_INFO_MISSING, at=Location(reader.name, SHEET_INFO), field=label)
            )
    return out


def _direction(text: str) -> str:
    return "lower" if fold(text).startswith(("thấp", "thap")) else "higher"


def _source(text: str) -> SourceKind:
    wanted = fold(text)
    return next((k for k in SourceKind if fold(k.label) == wanted), SourceKind.PROVINCE)


_Cell = Callable[[str], object]


def _table(
    reader: _Reader, rows: list[list], columns: tuple, sheet: str
) -> tuple[list[tuple[int, _Cell]], dict] | None:
    """Each data row below the sheet's header as (row index, the row's value of a column key), and the columns'
    positions; None, with the finding, when the sheet has no header this workbook's."""
    found = _header(rows, columns)
    if found is None:
        reader.findings.append(finding(Code.RESULTS_NOT_A_RESULTS_FILE, at=Location(reader.name, sheet), wanted=sheet))
        return None
    top, cols = found

    def getter(row: list) -> _Cell:
        return lambda key: row[cols[key]] if key in cols and cols[key] < len(row) else None

    return [(r, getter(rows[r])) for r in range(top + 1, len(rows))], cols


def _read_indicators(reader: _Reader, rows: list[list]) -> tuple[IndicatorResult, ...] | None:
    table = _table(reader, rows, INDICATOR_COLUMNS, SHEET_INDICATORS)
    if table is None:
        return None
    body, cols = table
    out: dict[str, IndicatorResult] = {}
    for r, cell in body:
        code = clean_text(text_of(cell("code")))
        if not code or not re.fullmatch(r"\d+\.\d+\.\d+", code):
            continue
        at = {key: reader.at(SHEET_INDICATORS, r, c) for key, c in cols.items()}
        values = {
            key: reader.number(SHEET_INDICATORS, r, cols[key], cell(key), header)
            for key, header, _, _ in INDICATOR_COLUMNS[5:9]
            if key in cols
        }
        rank = reader.rank(SHEET_INDICATORS, r, cols["rank"], cell("rank"), "Thứ hạng") if "rank" in cols else None
        out[code] = IndicatorResult(
            code,
            nfc(clean_text(text_of(cell("name")))),
            clean_text(text_of(cell("unit"))),
            _direction(text_of(cell("direction"))),
            _source(text_of(cell("source"))),
            values.get("raw"),
            values.get("low"),
            values.get("high"),
            values.get("score"),
            rank,
            at,
        )
    return tuple(sorted(out.values(), key=lambda i: code_key(i.code)))


_KIND_BY_LABEL = {fold(k.label): k for k in ResultKind}
_CODE_KIND = {fold(code): kind for kind, code in AGGREGATE_CODES.items()}


def _read_aggregates(reader: _Reader, rows: list[list]) -> tuple[AggregateResult, ...] | None:
    table = _table(reader, rows, AGGREGATE_COLUMNS, SHEET_AGGREGATES)
    if table is None:
        return None
    body, cols = table
    out = []
    for r, cell in body:
        code = clean_text(text_of(cell("code")))
        kind = _KIND_BY_LABEL.get(fold(text_of(cell("kind")))) or _CODE_KIND.get(fold(code))
        if kind is None or not code:
            continue
        if kind is ResultKind.GROUP and not re.fullmatch(r"\d+\.\d+", code):
            continue
        at = {key: reader.at(SHEET_AGGREGATES, r, c) for key, c in cols.items()}
        score = reader.number(SHEET_AGGREGATES, r, cols["score"], cell("score"), "Điểm") if "score" in cols else None
        rank = reader.rank(SHEET_AGGREGATES, r, cols["rank"], cell("rank"), "Thứ hạng") if "rank" in cols else None
        region = (
            reader.rank(SHEET_AGGREGATES, r, cols["region_rank"], cell("region_rank"), "Thứ hạng trong vùng")
            if "region_rank" in cols
            else None
        )
        key = {ResultKind.INPUT: "input", ResultKind.OUTPUT: "output", ResultKind.INDEX: "index"}.get(kind, code)
        out.append(AggregateResult(kind, key, nfc(clean_text(text_of(cell("name")))), score, rank, region, at))
    return tuple(out)


_CODE = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,2}")
_WHOLE_CODES = {"input", "output", "index"}


def _other_code(text: str) -> str | None:
    """«1.1.1», «1.1», «1», «ĐV», «ĐR», «PII» (or the index's name) to the key results use; None otherwise."""
    text = clean_text(text)
    if _CODE.fullmatch(text):
        return text
    kind = _CODE_KIND.get(fold(text))
    if kind is not None:
        return {ResultKind.INPUT: "input", ResultKind.OUTPUT: "output", ResultKind.INDEX: "index"}[kind]
    return "index" if fold(text) in ("pci", "chi so chung", "chỉ số chung") else None


def _read_others(reader: _Reader, rows: list[list], own: str) -> tuple[ProvinceResult, ...]:
    """The optional «Các tỉnh khác» sheet: one row per province and code. A row that cannot be used is a warning
    at its cell and left out; the province's own rows belong on the other sheets."""
    if not rows:
        return ()
    found = _header(rows, OTHER_COLUMNS)
    if found is None:
        return ()
    top, cols = found
    if "province" not in cols:
        return ()
    seen: dict[tuple[str, str], str] = {}
    out = []
    for r in range(top + 1, len(rows)):
        row = rows[r]

        def cell(key: str, row: list = row) -> object:
            return row[cols[key]] if key in cols and cols[key] < len(row) else None

        province = nfc(clean_text(text_of(cell("province"))))
        typed_code = clean_text(text_of(cell("code")))
        if not province and not typed_code and all(text_of(cell(k)).strip() == "" for k in ("raw", "score", "rank")):
            continue
        at = {key: reader.at(SHEET_OTHERS, r, c) for key, c in cols.items()}
        code = _other_code(typed_code)
        problem = (
            "thiếu tên tỉnh"
            if not province
            else f"mã «{typed_code}» không phải mã chỉ số, nhóm, trụ cột, ĐV, ĐR hoặc PII"
            if code is None
            else "đây là tỉnh của kế hoạch"
            if own and fold(province) == fold(own)
            else ""
        )
        if problem:
            reader.findings.append(
                finding(Code.RESULTS_OTHERS_ROW_INVALID, at=at.get("code", at["province"]), detail=problem)
            )
            continue
        assert code is not None
        key = (fold(province), code)
        if key in seen:
            reader.findings.append(
                finding(
                    Code.RESULTS_OTHERS_ROW_REPEATED,
                    at=at["province"],
                    province=province,
                    value=typed_code,
                    first=seen[key],
                )
            )
            continue
        seen[key] = at["province"].cell
        numbers = {
            k: reader.number(SHEET_OTHERS, r, cols[k], cell(k), header)
            for k, header, _, _ in OTHER_COLUMNS
            if k in ("raw", "score") and k in cols
        }
        rank = reader.rank(SHEET_OTHERS, r, cols["rank"], cell("rank"), "Thứ hạng") if "rank" in cols else None
        out.append(
            ProvinceResult(
                province,
                nfc(clean_text(text_of(cell("region")))),
                code,
                numbers.get("raw"),
                numbers.get("score"),
                rank,
                at,
            )
        )
    return tuple(out)
