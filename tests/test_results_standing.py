"""Other provinces' results in the results workbook («Các tỉnh khác»): national and regional averages and the rank
in the region worked out when every province is entered, and the goals plans write with them — «cao hơn trung
bình cả nước», «trong nhóm dẫn đầu vùng», «4/7 trụ cột và 50 % chỉ số cao hơn trung bình cả nước» (Cà Mau's 2026
plan) — judged from the import. The province's own figures are Khánh Hòa's real group 1.1 (DOMAIN.md); every
other score here is made up, placed so that the published ranks hold."""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl
import pytest
from conftest import NOW, fill_like_agency
from test_results_import import KHANH_HOA_11, _fill

from pii_excel.index.service import import_results, stored_editions, write_template
from pii_excel.index.workbook import OTHER_COLUMNS, SHEET_OTHERS
from pii_excel.pipeline import consolidate
from pii_excel.plan import load_plan
from pii_excel.plan.model import Goal
from pii_excel.vocab import Verdict

REGION = "Trung du và miền núi phía Bắc"
SIZE, REGION_SIZE = 63, 9
MATES = {0, *range(40, 47)}  # the other provinces of the region: one ranked above the province, seven below
OWN = {  # code: (own score, own national rank) — the province's published row
    "1.1.1": (70.66, 5),
    "1.1.2": (52.63, 5),
    "1.1.3": (53.40, 5),
    "1": (54.45, 8),
    **{str(p): (50.0, 15) for p in range(2, 8)},
    "ĐV": (50.89, 10),
    "ĐR": (50.0, 11),
    "PII": (50.445, 9),
}


def _others(codes: dict[str, tuple[float, int]]) -> list[tuple]:
    """62 other provinces: for each code, those ranked above the province score 5 more, the others 5 less."""
    rows = []
    for n in range(SIZE - 1):
        region = REGION if n in MATES else "Đồng bằng sông Hồng"
        for code, (score, rank) in codes.items():
            above = n < rank - 1
            rows.append(
                (
                    f"Tỉnh {n + 1:02d}",
                    region,
                    code,
                    None,
                    round(score + (5 if above else -5), 2),
                    n + 1 if above else n + 2,
                )
            )
    return rows


def _national_mean(code: str) -> float:
    score, rank = OWN[code]
    return (score + (rank - 1) * (score + 5) + (SIZE - rank) * (score - 5)) / SIZE


def _write_others(path: Path, rows: list[tuple]) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_OTHERS]
    assert [c.value for c in ws[1]] == [h for _, h, _, _ in OTHER_COLUMNS]
    for n, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            ws.cell(n, col, value)
    wb.save(path)
    return path


def _workbook(plan, folder: Path, year: int, rows: list[tuple]) -> Path:
    path = write_template(plan, year, folder / f"ket-qua-pii-{year}.xlsx")
    indicators = {c: (*KHANH_HOA_11[c][:3], s, r) for c, (s, r) in OWN.items() if c.count(".") == 2}
    aggregates = {c: (s, r, 2) for c, (s, r) in OWN.items() if c.count(".") < 2}
    info = {
        "Số tỉnh, thành phố được xếp hạng": SIZE,
        "Vùng kinh tế - xã hội": REGION,
        "Số tỉnh, thành phố trong vùng": REGION_SIZE,
    }
    _fill(path, indicators=indicators, aggregates=aggregates, info=info)
    return _write_others(path, rows)


@pytest.fixture
def plan():
    return load_plan("pii-2024-bac-giang")


def test_averages_and_the_rank_in_the_region_come_from_every_province(plan, tmp_path):
    done = import_results(plan, _workbook(plan, tmp_path, 2024, _others(OWN)), tmp_path / "out")
    assert done.stored and not done.findings, [f.message for f in done.findings]
    edition = stored_editions(plan, tmp_path / "out")[0]  # read back from the history file
    assert len(edition.others) == (SIZE - 1) * len(OWN) and len(edition.provinces()) == SIZE - 1
    for code in ("1.1.1", "1", "PII"):
        key = {"PII": "index"}.get(code, code)
        standing = edition.standing(key)
        assert standing.national_mean == pytest.approx(_national_mean(code), abs=0.01), code  # scores typed rounded
        assert standing.region_rank == 2 and standing.entered == SIZE
        score = OWN[code][0]
        assert standing.region_mean == pytest.approx((score + (score + 5) + 7 * (score - 5)) / REGION_SIZE, abs=0.01)


def test_a_rank_the_other_scores_contradict_and_bad_rows_are_found_at_their_cells(plan, tmp_path):
    rows = _others(OWN)
    at = {row[:3]: n for n, row in enumerate(rows, start=2)}
    slip = at[("Tỉnh 50", "Đồng bằng sông Hồng", "1")]
    rows[slip - 2] = (*rows[slip - 2][:4], 59.45, 5)  # a province typed above ours: pillar 1's 8th is now 9th
    rows += [
        ("Tỉnh 01", REGION, "1", None, 60, 1),  # entered twice
        ("Bắc Giang", REGION, "PII", None, 50, 9),  # the plan's own province
        ("Tỉnh 02", "", "9.9.9.9", None, 50, 3),  # not a code
        ("", "", "PII", None, 50, 3),  # no province
        ("Tỉnh 03", "", "1.1", None, "năm mươi", 3),  # text in a number cell
    ]
    done = import_results(plan, _workbook(plan, tmp_path, 2024, rows), tmp_path / "out")
    found = sorted((f.code.value, f.location.sheet, f.location.cell) for f in done.findings)
    n = len(rows) + 1
    assert found == sorted(
        [
            (
                "RESULTS_RANK_DISAGREES",
                "Nhóm, trụ cột",
                next(f.location.cell for f in done.findings if f.code.value == "RESULTS_RANK_DISAGREES"),
            ),
            ("RESULTS_OTHERS_ROW_REPEATED", SHEET_OTHERS, f"A{n - 4}"),
            ("RESULTS_OTHERS_ROW_INVALID", SHEET_OTHERS, f"C{n - 3}"),
            ("RESULTS_OTHERS_ROW_INVALID", SHEET_OTHERS, f"C{n - 2}"),
            ("RESULTS_OTHERS_ROW_INVALID", SHEET_OTHERS, f"C{n - 1}"),
            ("RESULTS_VALUE_NOT_NUMBER", SHEET_OTHERS, f"E{n}"),
        ]
    ), [f.message for f in done.findings]
    disagree = next(f for f in done.findings if f.code.value == "RESULTS_RANK_DISAGREES")
    assert "là 8, nhưng theo điểm của các tỉnh đã nhập thì là 9" in disagree.message
    assert not done.stored  # text in a number cell is an error: nothing stored (the rest are warnings)


def _goal_plan(plan):
    goals = copy.deepcopy(plan)
    goals.region = REGION
    goals.pillars[0].goal = Goal(above_national=True)  # 54,45 against a national mean of 44,54
    goals.pillars[1].goal = Goal(region_top_n=1)  # second in the region
    goals.overall_goal.pillars_above_national = 4
    goals.overall_goal.indicators_above_national_pct = 50.0
    goals.overall_goal.top_n = None
    return goals


def test_goals_against_averages_and_the_region_are_judged_from_the_import(plan, tmp_path):
    goals = _goal_plan(plan)
    made = {
        m.duties.agency.code: m
        for m in __import__("pii_excel.template.generate", fromlist=["x"]).make_templates(
            goals, "2024", tmp_path / "tpl", now=NOW
        )
    }
    fill_like_agency(
        goals, made, "SKHCN", tmp_path / "in" / "skhcn.xlsx", edit=lambda a: (a.official.clear(), a.pillars.clear())
    )
    out = tmp_path / "out"
    # without the other provinces nothing about averages can be judged yet
    import_results(goals, _workbook(goals, tmp_path, 2024, []), out)
    before = {p.code: p for p in consolidate(goals, "2024", tmp_path / "in", out, now=NOW).model.evaluation.pillars}
    assert before["1"].status is Verdict.AWAITING and before["2"].status is Verdict.NOT_MET  # 2nd, typed
    assert before["TONG"].status is Verdict.AWAITING
    import_results(goals, _workbook(goals, tmp_path, 2024, _others(OWN)), out)
    run = consolidate(goals, "2024", tmp_path / "in", out, now=NOW)
    after = {p.code: p for p in run.model.evaluation.pillars}
    assert after["1"].status is Verdict.MET and after["1"].national_mean == pytest.approx(_national_mean("1"))
    assert after["2"].status is Verdict.NOT_MET and after["2"].region_rank == 2
    assert after["TONG"].status is Verdict.MET  # 7/7 pillars and 3/3 indicators above the national average
    from docx import Document

    text = "\n".join(p.text for p in Document(run.outputs["report"]).paragraphs)
    assert "cao hơn trung bình cả nước" in text and "4/7 trụ cột và 50 % chỉ số thành phần" in text
    assert f"thứ 2 trong vùng {REGION}" in text


def test_the_plan_workbook_keeps_the_new_goals_and_the_region(plan, tmp_path):
    from pii_excel.plan import check_plan
    from pii_excel.plan.fingerprint import plan_fingerprint
    from pii_excel.plan.serialize import plan_to_dict
    from pii_excel.plan.workbook_write import write_plan_workbook

    goals = _goal_plan(plan)
    goals.id = "pii-2024-muc-tieu-vung"  # a plan of the department's own, not the built-in one
    back = check_plan(write_plan_workbook(goals, tmp_path / "ke-hoach.xlsx"))
    assert back.ok, [f.message for f in back.findings]
    assert plan_to_dict(back.plan) == plan_to_dict(goals)
    assert back.plan.region == REGION and back.plan.overall_goal.indicators_above_national_pct == 50.0
    assert plan_fingerprint(back.plan) == plan_fingerprint(goals) != plan_fingerprint(plan)


def test_results_show_says_how_many_provinces_and_the_national_average(plan, tmp_path):
    from click.testing import CliRunner

    from pii_excel.cli import main

    import_results(plan, _workbook(plan, tmp_path, 2024, _others(OWN)), tmp_path / "out")
    shown = CliRunner().invoke(main, ["results", "show", plan.id, "-o", str(tmp_path / "out")])
    from pii_excel.numbers import format_number

    mean = stored_editions(plan, tmp_path / "out")[0].standing("index").national_mean
    assert mean == pytest.approx(_national_mean("PII"), abs=0.01)
    assert (
        shown.exit_code == 0
        and f"Kết quả các tỉnh khác: 62 tỉnh, {62 * len(OWN)} dòng; trung bình cả nước" in shown.stderr
    )
    assert f"trung bình cả nước {format_number(mean, 2)} điểm." in shown.stderr
