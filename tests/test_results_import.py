"""Published results: `results template` writes the workbook staff fill from the province's profile, `results
import` checks it against the publisher's arithmetic and stores it per edition, `results show` lists it.

The real figures are Khánh Hòa's PII 2025 profile as VnExpress publishes it (DOMAIN.md): group 1.1 «Môi trường chính
sách» — 1.1.1 47,59 in 28,20–55,64 → 70,66; 1.1.2 7,45 in 6,35–8,44 → 52,63; 1.1.3 7,14 in 6,12–8,03 → 53,40; group
58,90; PII 46,54, 9th of 34. The other groups' and pillars' scores in these tests are made up, consistent with the
publisher's means, and labelled so where they are typed."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pii_excel.cli import main
from pii_excel.index.results import IndicatorResult
from pii_excel.index.service import import_results, stored_editions, write_template
from pii_excel.plan import load_plan
from pii_excel.vocab import ResultKind

PLAN = "pii-2024-bac-giang"
KHANH_HOA_11 = {  # code: (raw, lowest, highest, published score)
    "1.1.1": (47.59, 28.20, 55.64, 70.66),
    "1.1.2": (7.45, 6.35, 8.44, 52.63),
    "1.1.3": (7.14, 6.12, 8.03, 53.40),
}


def test_the_published_arithmetic_is_reproduced_from_a_real_profile():
    scores = []
    for code, (raw, low, high, published) in KHANH_HOA_11.items():
        computed = IndicatorResult(code, "", raw=raw, low=low, high=high).normalised()
        assert computed is not None and abs(computed - published) < 0.01, (code, computed)
        scores.append(published)
    assert abs(sum(scores) / len(scores) - 58.90) < 0.01  # the group is the mean of its indicators


def _fill(
    path: Path,
    *,
    indicators: dict[str, tuple] | None = None,
    aggregates: dict[str, tuple] | None = None,
    info: dict[str, object] | None = None,
) -> Path:
    """Fill the template as staff do in Excel: values typed into the yellow cells, rows added at the bottom."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Chỉ số thành phần"]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}
    free = iter(r for r in range(2, ws.max_row + 1) if not ws.cell(r, 1).value)
    for code, values in (indicators or {}).items():
        r = rows.get(code) or next(free)
        if code not in rows:
            ws.cell(r, 1, code)
            ws.cell(r, 2, f"Chỉ số {code}")
        for col, value in enumerate(values, start=6):
            ws.cell(r, col, value)
    agg = wb["Nhóm, trụ cột"]
    arows = {str(agg.cell(r, 2).value): r for r in range(2, agg.max_row + 1) if agg.cell(r, 2).value}
    for code, values in (aggregates or {}).items():
        for col, value in enumerate(values, start=4):
            agg.cell(arows[code], col, value)
    sheet = wb["Thông tin công bố"]
    labels = {str(sheet.cell(r, 1).value): r for r in range(2, sheet.max_row + 1)}
    for label, value in (info or {}).items():
        sheet.cell(labels[label], 2).value = value
    wb.save(path)
    return path


# Made-up but consistent scores: group 1.1 is Khánh Hòa's real one; every other group scores 50, so pillar 1 is the
# mean of 58,90 and 50 (54,45), the other pillars 50; input = mean of pillars 1–5, output of 6–7, PII of the two.
GROUPS = {
    g: ("50", 20)
    for g in (
        "1.2",
        "2.1",
        "2.2",
        "3.1",
        "3.2",
        "3.3",
        "4.1",
        "4.2",
        "5.1",
        "5.2",
        "5.3",
        "6.1",
        "6.2",
        "6.3",
        "7.1",
        "7.2",
    )
}
CONSISTENT = {
    "1.1": ("58,90", 12),
    **GROUPS,
    "1": ("54,45", "8/34"),
    **{str(p): (50, 15) for p in range(2, 8)},
    "ĐV": ("50,89", 10, 2),
    "ĐR": (50, 11, 3),
    "PII": ("50,445", 9, 2),
}


@pytest.fixture
def filled(tmp_path):
    plan = load_plan(PLAN)
    path = write_template(plan, 2025, tmp_path / "ket-qua-pii-2025.xlsx")
    indicators = {
        code: (str(raw).replace(".", ","), low, high, score, 5)
        for code, (raw, low, high, score) in KHANH_HOA_11.items()
    }
    info = {
        "Số tỉnh, thành phố được xếp hạng": 34,
        "Vùng kinh tế - xã hội": "Trung du và miền núi phía Bắc",
        "Số tỉnh, thành phố trong vùng": 9,
        "Ngày công bố (dd/mm/yyyy)": "01/10/2025",
    }
    return plan, _fill(path, indicators=indicators, aggregates=CONSISTENT, info=info)


def test_a_filled_template_is_checked_stored_and_shown(filled, tmp_path):
    plan, path = filled
    out = tmp_path / "out"
    done = import_results(plan, path, out)
    assert not done.errors, [f.message for f in done.errors]
    assert done.stored and not done.replaced
    stored = stored_editions(plan, out)
    assert [e.label for e in stored] == ["PII 2025"]
    edition = stored[0]
    assert edition.indicator("1.1.2").score == 52.63 and edition.indicator("1.1.2").low == 6.35
    overall = edition.overall
    assert (overall.score, overall.rank, overall.region_rank) == (50.445, 9, 2)
    assert edition.aggregate(ResultKind.PILLAR, "1").rank == 8  # typed «8/34»
    shown = CliRunner().invoke(main, ["results", "show", PLAN, "-o", str(out)])
    assert shown.exit_code == 0 and "PII 2025 — Bắc Giang: 50,45 điểm, xếp thứ 9/34, thứ 2/9 trong vùng" in shown.stderr
    as_json = json.loads(CliRunner().invoke(main, ["results", "show", PLAN, "-o", str(out), "--json"]).stdout)
    assert as_json["editions"][0]["year"] == 2025


def test_importing_an_edition_again_replaces_it_and_says_what_changed(filled, tmp_path):
    plan, path = filled
    out = tmp_path / "out"
    assert import_results(plan, path, out).stored
    _fill(path, aggregates={"PII": ("50,445", 8, 2)})
    again = import_results(plan, path, out)
    assert again.stored and again.replaced and again.changes == ["Chỉ số PII (chung) thứ hạng: 9 → 8"]
    other = write_template(plan, 2024, tmp_path / "ket-qua-pii-2024.xlsx")
    _fill(other, aggregates={"PII": (47, 10)}, info={"Số tỉnh, thành phố được xếp hạng": 63})
    done = import_results(plan, other, out, force=True)  # partial on purpose: its group means are not checked here
    assert done.stored
    assert [e.label for e in stored_editions(plan, out)] == ["PII 2024", "PII 2025"]  # the other edition kept
    assert stored_editions(plan, out)[1].overall.rank == 8


@pytest.mark.parametrize(
    ("edit", "code", "cell"),
    [
        ({"indicators": {"1.1.1": ("47,59", 28.20, 55.64, 60.66, 5)}}, "RESULTS_SCORE_MISMATCH", "I"),
        ({"indicators": {"1.1.2": ("7,45", 8.44, 6.35, 52.63, 5)}}, "RESULTS_BOUNDS_REVERSED", "G"),
        ({"indicators": {"1.1.3": ("9,14", 6.12, 8.03, 53.40, 5)}}, "RESULTS_RAW_OUTSIDE", "F"),
        ({"indicators": {"1.1.3": ("khoảng 7", 6.12, 8.03, 53.40, 5)}}, "RESULTS_VALUE_NOT_NUMBER", "F"),
        ({"indicators": {"1.1.3": ("7,14", 6.12, 8.03, "=1+52.4", 5)}}, "RESULTS_FORMULA", "I"),
        ({"indicators": {"1.1.3": ("7,14", 6.12, 8.03, 53.40, "40/34")}}, "RESULTS_RANK_INVALID", "J"),
        ({"aggregates": {"1": ("60,00", 8)}}, "RESULTS_MEAN_MISMATCH", "D"),
        ({"aggregates": {"PII": ("51,5", 9, 2)}}, "RESULTS_MEAN_MISMATCH", "D"),
        ({"info": {"Tỉnh, thành phố": "Khánh Hòa"}}, "RESULTS_OTHER_PROVINCE", None),
        ({"info": {"Cơ quan công bố": ""}}, "RESULTS_INFO_MISSING", "B"),
        ({"aggregates": {"2": ("150", 3)}}, "RESULTS_SCORE_OUT_OF_RANGE", "D"),
        ({"info": {"Năm của kết quả (PII 2025: 2025)": 2024}}, "RESULTS_OTHER_EDITION", None),
    ],
)
def test_each_bad_value_is_a_located_finding_and_nothing_is_stored(filled, tmp_path, edit, code, cell):
    plan, path = filled
    _fill(path, **edit)
    out = tmp_path / "out"
    done = import_results(plan, path, out)
    codes = [f.code.value for f in done.errors]
    assert code in codes, [f.message for f in done.findings]
    hit = next(f for f in done.errors if f.code.value == code)
    if cell is not None:
        assert hit.location.file == path.name and hit.location.cell.startswith(cell), hit.location
    assert not done.stored and stored_editions(plan, out) == []
    cli = CliRunner().invoke(main, ["results", "import", PLAN, str(path), "-o", str(out)])
    assert cli.exit_code == 1 and "Chưa lưu" in cli.stderr and "Traceback" not in cli.output
    forced = CliRunner().invoke(main, ["results", "import", PLAN, str(path), "-o", str(out), "--force"])
    assert forced.exit_code == 0 and len(stored_editions(plan, out)) == 1


def test_a_blank_template_is_not_stored(tmp_path):
    plan = load_plan(PLAN)
    path = write_template(plan, 2025, tmp_path / "trong.xlsx")
    done = import_results(plan, path, tmp_path / "out")
    assert "RESULTS_INDEX_MISSING" in [f.code.value for f in done.errors] and not done.stored


@pytest.mark.parametrize("content", [b"%PDF-1.7 not a workbook", b"PK\x03\x04 broken", b""])
def test_a_file_that_is_not_a_results_workbook_is_said_in_vietnamese(tmp_path, content):
    plan = load_plan(PLAN)
    path = tmp_path / "ket-qua.xlsx"
    path.write_bytes(content)
    done = import_results(plan, path, tmp_path / "out")
    assert [f.code.value for f in done.findings] == ["RESULTS_UNREADABLE"] and not done.stored
    other = tmp_path / "khac.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Trang tính"
    wb.save(other)
    assert [f.code.value for f in import_results(plan, other, tmp_path / "out").findings] == [
        "RESULTS_NOT_A_RESULTS_FILE"
    ]


def test_the_template_lists_the_edition_and_prints(tmp_path):
    plan = load_plan(PLAN)
    path = write_template(plan, 2023, tmp_path / "ket-qua-pii-2023.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:4] == ["Hướng dẫn", "Thông tin công bố", "Chỉ số thành phần", "Nhóm, trụ cột"]
    indicators = wb["Chỉ số thành phần"]
    codes = [indicators.cell(r, 1).value for r in range(2, indicators.max_row + 1) if indicators.cell(r, 1).value]
    assert codes[:3] == ["1.1.1", "1.2.1", "2.1.2"] and len(codes) == 17  # the seed plan's 17, framework order
    sources = {indicators.cell(r, 1).value: indicators.cell(r, 5).value for r in range(2, 19)}
    assert sources["1.2.1"] == "Điểm của chỉ số khác" and sources["1.1.1"] == "Bộ đánh giá từ văn bản"
    assert indicators.protection.sheet and not indicators.cell(2, 6).protection.locked
    aggregates = wb["Nhóm, trụ cột"]
    kinds = [aggregates.cell(r, 1).value for r in range(2, 2 + 17 + 7 + 3)]
    assert kinds.count(ResultKind.GROUP.label) == 17 and kinds.count(ResultKind.PILLAR.label) == 7
    assert kinds[-1] == ResultKind.INDEX.label


def test_warnings_do_not_stop_an_import(filled, tmp_path):
    """A group whose score differs from the mean of the indicators typed (a profile entered in part) and a row half
    filled are warnings at their cells; the file is stored."""
    plan, path = filled
    # 2.2.1's score 40 (3,10 in 0,10–7,60) beside group 2.2's 50; 2.2.4 with its figure only
    _fill(path, indicators={"2.2.1": ("3,10", "0,10", "7,60", 40, 20), "2.2.4": ("0,20", None, None, None, None)})
    done = import_results(plan, path, tmp_path / "out")
    warned = {f.code.value: f for f in done.findings}
    assert "RESULTS_ROW_INCOMPLETE" in warned and "cao nhất" in warned["RESULTS_ROW_INCOMPLETE"].message
    assert "RESULTS_GROUP_MEAN_DIFFERS" in warned and "1 chỉ số" in warned["RESULTS_GROUP_MEAN_DIFFERS"].message
    assert done.stored and not done.errors


def test_an_edition_not_built_in_takes_its_source_kinds_from_the_nearest_known_one(tmp_path):
    """PII 2025 is not built in: its rows are the plan's indicators, and where the 2023 framework says a code is
    another index's score (1.2.1, PCI) or assessed from documents (1.1.1), the 2025 workbook says so too."""
    plan = load_plan(PLAN)
    wb = openpyxl.load_workbook(write_template(plan, 2025, tmp_path / "kq.xlsx"))
    sheet = wb["Chỉ số thành phần"]
    sources = {sheet.cell(r, 1).value: sheet.cell(r, 5).value for r in range(2, 19)}
    assert sources["1.2.1"] == "Điểm của chỉ số khác" and sources["1.1.1"] == "Bộ đánh giá từ văn bản"
    assert sources["2.2.4"] == "Số liệu của tỉnh"
    assert sheet.row_dimensions[2].height and sheet.row_dimensions[2].height > 16  # wrapped names get their height
