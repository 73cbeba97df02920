"""Issue #36: `plan import` reads plans as provinces write them. Each layout of tests/plan_layouts.py is imported
and compared with what a person would transcribe from it; every guess is on the guide sheet; `plan check` is clean
once the listed guesses are fixed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import edit_plan_workbook
from plan_layouts import CA_MAU_ROWS, pci_plan, post_merger_pii

from pii_excel.cli import main
from pii_excel.plan import check_plan
from pii_excel.plan import workbook_schema as S
from pii_excel.plan.importer.agency_names import match_agencies
from pii_excel.vocab import Severity


def _import(source: Path, target: Path):
    result = CliRunner().invoke(main, ["plan", "import", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def ca_mau(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ca-mau")
    source, expected = post_merger_pii(folder / "ke-hoach-58.docx")
    result = _import(source, folder / "ke-hoach.xlsx")
    return folder / "ke-hoach.xlsx", expected, result


def test_a_separate_code_column_pillar_rows_and_a_tasks_column_are_read(ca_mau):
    path, expected, _ = ca_mau
    check = check_plan(path)
    assert check.ok, [f.message for f in check.findings if f.severity is Severity.ERROR]
    plan = check.plan
    assert (plan.doc_number, plan.doc_date, plan.province, plan.issuer) == (
        expected.number,
        date(*expected.day),
        expected.province,
        f"UBND tỉnh {expected.province}",
    )
    assert plan.title == expected.title  # the separator line ends it; the body's first paragraph is not in it
    assert plan.id == "pii-2026-ca-mau" and plan.ranking_size == expected.ranking_size == 34
    assert [i.code for i in plan.indicators] == list(expected.indicators)
    for ind in plan.indicators:
        want = expected.indicators[ind.code]
        assert ind.name == want["name"], ind.code
        assert (ind.baseline_year, ind.baseline_value) == (2025, want["baseline"]), ind.code
        assert (ind.target.op, ind.target.value) == want["target"], ind.code
        assert f"Thứ hạng năm 2025: {want['rank']}/34" in ind.note, ind.code  # the score/rank pair under one header
        tasks = plan.tasks_of_indicator(ind.code)
        assert len(tasks) == want["tasks"], ind.code  # from the tasks column, one per bullet
        deadline = want["timing"] if want["timing"] != "Thường xuyên" else ""
        assert {t.due for t in tasks} == {deadline}, ind.code  # a deadline is when tasks are due, not a frequency
    # pillar rows are the pillars' baselines, ranks and targets, never tasks of the indicator above them
    for code, want in expected.pillars.items():
        pillar = plan.pillar(code)
        assert (pillar.baseline_score, pillar.baseline_rank) == (want["score"], want["rank"]), code
        assert (pillar.goal.op, pillar.goal.score) == want["goal"], code
        assert pillar.goal.top_n == want.get("top_n"), code
    assert not [t for t in plan.tasks if t.text in ("II", "24,03", "≥ 28") or "TRỤ CỘT" in t.text]
    # the body: where the province starts from and the goals it sets
    assert (plan.overall_baseline_score, plan.overall_baseline_rank) == (31.52, 27)
    assert (plan.overall_goal.top_n, plan.overall_goal.pillars_above_national) == (23, 4)
    # section III: each agency's duties are general tasks it leads
    general = plan.general_tasks()
    assert {c: sum(c in t.lead for t in general) for c in expected.duties} == expected.duties
    assert [(p.id, p.deadline) for p in plan.periods] == [("2026", date(2026, 12, 15))]  # «trước ngày 15/12/2026»


def test_names_are_the_documents_own_and_decoration_is_not_text(ca_mau):
    path, expected, _ = ca_mau
    plan = check_plan(path).plan
    names = {a.code: a.name for a in plan.agencies}
    for code, name in expected.agencies.items():
        assert names[code] == name, code
    assert "_" not in plan.province + plan.issuer + plan.id + "".join(names.values())
    # two unknown agencies in one cell stay two, with their diacritics
    unknown = {a.name for a in plan.agencies if a.code not in expected.agencies and a.kind != "group"}
    assert unknown == {"Ban Quản lý Khu kinh tế tỉnh", "Hiệp hội Doanh nghiệp tỉnh"}
    # a plan issued after 1/7/2025 names its all-agencies group without districts
    group = next(a for a in plan.agencies if a.code == "SBN_ALL")
    assert "huyện" not in group.name and "xã, phường" in group.name


def test_every_guess_is_on_the_guide_sheet_and_the_plan_checks_clean_once_they_are_fixed(ca_mau, tmp_path):
    path, expected, result = ca_mau
    guide = " ".join(str(c.value) for c in openpyxl.load_workbook(path)[S.SHEET_GUIDE]["A"] if c.value)
    for words in (
        "Ban Quản lý Khu kinh tế tỉnh",
        "bảng kết quả các trụ cột",
        "31,52 điểm, thứ 27/34",
        "nhiệm vụ chung",
        "trụ cột 3 > 40 điểm",
        "của trụ cột 3, 7 (phần",
        "số liệu gốc của từng chỉ số",
    ):
        assert words in guide and words in result.output, words
    assert "không phải một tần suất" not in guide  # deadlines are read, not guessed at
    before = check_plan(path)
    warned = {f.code.value for f in before.findings if f.severity is not Severity.INFO}
    assert warned == {"PLAN_FIGURE_UNNAMED"}, warned  # only what the guide lists: the raw figures to name
    edits = [
        (S.SHEET_INDICATORS, code, key, value)
        for code in expected.indicators
        for key, value in (("figure_name", f"Số liệu của chỉ số {code}"), ("figure_unit", "%"))
    ]
    fixed = check_plan(edit_plan_workbook(path, tmp_path / "da-sua.xlsx", edits))
    assert fixed.ok and not [f for f in fixed.findings if f.severity is not Severity.INFO], [
        f.message for f in fixed.findings
    ]


def test_agency_names_as_2026_plans_write_them():
    """«Ngân hàng Nhà nước Khu vực 14» is one agency (its number is part of its name); two names the catalogue
    does not know, in one cell, are two; «Văn hóa» keeps the document's spelling."""
    one = match_agencies("Ngân hàng Nhà nước Khu vực 14", "Cà Mau")
    assert (one.codes, one.unknown, one.written) == (["NHNN"], [], {"NHNN": "Ngân hàng Nhà nước Khu vực 14"})
    two = match_agencies("Ban Quản lý Khu kinh tế tỉnh, Hiệp hội Doanh nghiệp tỉnh", "Cà Mau")
    assert two.unknown == ["Ban Quản lý Khu kinh tế tỉnh", "Hiệp hội Doanh nghiệp tỉnh"]
    culture = match_agencies("Sở Văn hóa, Thể thao và Du lịch; Sở KH&CN")
    assert culture.codes == ["SVHTTDL", "SKHCN"] and culture.written == {"SVHTTDL": "Sở Văn hóa, Thể thao và Du lịch"}


def test_a_departments_pci_plan_names_its_component_indices_without_codes(tmp_path):
    """A Sở's PCI plan: «UBND TỈNH BẮC GIANG» over «SỞ KHOA HỌC VÀ CÔNG NGHỆ», the rule under the title drawn as a
    border, component indices named without codes, targets «≥ 7,61, tăng 0,62 điểm», focal departments outside the
    Sở and the Sở's own units cooperating."""
    source, expected = pci_plan(tmp_path / "ke-hoach-pci.docx")
    _import(source, tmp_path / "ke-hoach.xlsx")
    check = check_plan(tmp_path / "ke-hoach.xlsx")
    assert check.ok, [f.message for f in check.findings if f.severity is Severity.ERROR]
    plan = check.plan
    assert (plan.index_kind, plan.title, plan.doc_number, plan.doc_date) == (
        "PCI",
        expected.title,
        expected.number,
        date(*expected.day),
    )
    assert (plan.issuer, plan.parent_body, plan.province) == (
        "Sở Khoa học và Công nghệ tỉnh Bắc Giang",
        "UBND tỉnh Bắc Giang",
        "Bắc Giang",
    )
    assert (plan.ranking_size, plan.overall_goal.top_n, plan.overall_scale) == (63, 25, 10.0)
    assert [i.code for i in plan.indicators] == list(expected.indicators)
    assert plan.component_twins() == list(expected.indicators)  # each component is a pillar and a target
    for ind in plan.indicators:
        want = expected.indicators[ind.code]
        assert (ind.name, ind.baseline_year, ind.baseline_value) == (want["name"], 2020, want["baseline"])
        assert (ind.target.op, ind.target.value, ind.target.increase) == want["target"], ind.code
        assert ind.figure_published_elsewhere is False and ind.figure_from == "published"  # VCCI's, no agency's
        assert len(plan.tasks_of_indicator(ind.code)) == want["tasks"], ind.code
        pillar = plan.pillar(ind.code)
        assert (pillar.name, pillar.baseline_score, pillar.goal.score) == (
            ind.name,
            ind.baseline_value,
            ind.target.value,
        )
    kinds = {a.name: (a.kind, a.reports) for a in plan.agencies}
    for name in (
        "Phòng Quản lý Công nghệ và Thị trường công nghệ",
        "Văn phòng Sở",
        "Trung tâm Ứng dụng khoa học và công nghệ",
        "Thanh tra Sở",
    ):
        assert kinds[name] == ("internal_unit", True), name
    assert kinds["Sở Kế hoạch và Đầu tư"] == ("department", False)  # a focal point outside the Sở
    assert kinds["Thanh tra tỉnh"][1] is False


def test_an_imported_pci_plans_coordinator_types_each_component_once(tmp_path):
    """Every target of the imported PCI plan is a component index: the coordinator's template has only the pillars'
    sheet for published results (no empty «Công bố - Chỉ số»), and its guide says so."""
    from datetime import datetime

    from pii_excel.template import layout as L
    from pii_excel.template.generate import make_templates

    source, _ = pci_plan(tmp_path / "ke-hoach-pci.docx")
    _import(source, tmp_path / "ke-hoach.xlsx")
    plan = check_plan(tmp_path / "ke-hoach.xlsx").plan
    made = {m.duties.agency.code: m for m in make_templates(plan, "2021", tmp_path / "mau", now=datetime(2021, 12, 1))}
    coordinator = openpyxl.load_workbook(made[plan.coordinator].path)
    assert (
        L.SHEET_OFFICIAL_INDICATORS not in coordinator.sheetnames and L.SHEET_OFFICIAL_PILLARS in coordinator.sheetnames
    )
    guide = " ".join(str(c.value) for c in coordinator[L.SHEET_GUIDE]["A"] if c.value)
    assert f"Trang «{L.SHEET_OFFICIAL_PILLARS}»" in guide and "Công bố - Chỉ số" not in guide
    assert set(made) == {a.code for a in plan.agencies if a.reports and not a.is_group}


@pytest.mark.slow
def test_an_imported_pci_plan_runs_the_whole_loop(tmp_path):
    """Templates, the units' files, consolidation and the report of the imported PCI plan: the components' scores
    typed once reach both their pillar and their target; no PCI is computed from four of ten components; a unit
    without tasks is not listed with «0/0»."""
    from datetime import datetime

    import docx

    from pii_excel.pipeline import consolidate
    from pii_excel.sample.answers import complete_answers
    from pii_excel.sample.fill import fill_template
    from pii_excel.template.generate import make_templates

    source, expected = pci_plan(tmp_path / "ke-hoach-pci.docx")
    _import(source, tmp_path / "ke-hoach.xlsx")
    plan = check_plan(tmp_path / "ke-hoach.xlsx").plan
    period = plan.require_period("2021")
    now = datetime(2021, 12, 20, 9)
    for m in make_templates(plan, "2021", tmp_path / "mau", now=now):
        fill_template(m.path, tmp_path / "in" / m.path.name, complete_answers(plan, period, m.duties, seed=1))
    model = consolidate(plan, "2021", tmp_path / "in", tmp_path / "out", now=now).model
    ev = model.evaluation
    for code in expected.indicators:
        pillar = next(p for p in ev.pillars if p.code == code)
        assert ev.indicator(code).score == pillar.score is not None and ev.indicator(code).basis.value == "official"
    overall = next(p for p in ev.pillars if p.code == "TONG")
    assert overall.computed is None  # four components without weights are not the index
    text = "\n".join(
        p.text for p in docx.Document(str(tmp_path / "out" / plan.id / "2021" / "bao-cao.docx")).paragraphs
    )
    assert "0/0 nhiệm vụ" not in text and "Trong 4 chỉ số thành phần có mục tiêu:" in text
    assert "ước tính" not in text.split("2. Kết quả các chỉ số thành phần")[0]


def test_agencies_named_only_beside_indicators_without_tasks_belong_to_the_plan(tmp_path):
    """Issue #36: after import, two cooperating agencies of an indicator with no tasks were told their rows might be
    left from an old plan. They are this plan's: the import says they have nothing to report (a listed guess) and
    the checked plan is clean of it."""
    rows = [(*row[:8], "", row[9]) if row[1] == "4.1.1" else row for row in CA_MAU_ROWS]
    source, _ = post_merger_pii(tmp_path / "ke-hoach.docx", rows)
    result = _import(source, tmp_path / "ke-hoach.xlsx")
    assert "chỉ có tên ở chỉ số không có nhiệm vụ" in result.output
    check = check_plan(tmp_path / "ke-hoach.xlsx")
    idle = {a.name: a.reports for a in check.plan.agencies if a.name.startswith(("Ban Quản lý", "Hiệp hội"))}
    assert idle == {"Ban Quản lý Khu kinh tế tỉnh": False, "Hiệp hội Doanh nghiệp tỉnh": False}
    assert not [f for f in check.findings if f.code.value.startswith("PLAN_AGENCY")]


def test_duties_and_goals_are_read_from_the_body_as_plans_word_them():
    """«2.1. Sở Khoa học và Công nghệ: - Chủ trì …» (the duty on the heading's own line or in bullets under it) are
    that agency's tasks; «Mục tiêu cụ thể» pillar goals «đạt trên 67,23 điểm, xếp thứ hạng 04/63», «nằm trong top
    10»; a numbered paragraph that is not an agency ends the list."""
    from pii_excel.plan import load_plan
    from pii_excel.plan.importer.body import agency_duties, read_body_goals

    body = [
        "II. NHIỆM VỤ VÀ GIẢI PHÁP",
        "2.1. Sở Khoa học và Công nghệ: Chủ trì theo dõi, tổng hợp.",
        "- Hướng dẫn các đơn vị chuẩn bị minh chứng.",
        "2.2. Sở Tài chính:",
        "- Bố trí kinh phí.",
        "2.3. Mục tiêu về kinh phí: không dưới 2% tổng chi ngân sách.",
        "- Không phải nhiệm vụ của đơn vị nào.",
        "III. TỔ CHỨC THỰC HIỆN",
    ]
    assert agency_duties(body) == [
        ("Sở Khoa học và Công nghệ", ["Chủ trì theo dõi, tổng hợp.", "Hướng dẫn các đơn vị chuẩn bị minh chứng."]),
        ("Sở Tài chính", ["Bố trí kinh phí."]),
    ]
    plan = load_plan("pii-2024-bac-giang")
    for p in plan.pillars:
        p.goal.op = p.goal.score = p.goal.top_n = None
    said: list[str] = []
    read_body_goals(
        plan,
        ["- Trụ cột 1. Thể chế đạt trên 67,23 điểm, xếp thứ hạng 04/63.", "- Trụ cột 6 nằm trong top 10 cả nước."],
        said.append,
    )
    one, six = plan.pillar("1").goal, plan.pillar("6").goal
    assert (one.op, one.score, one.top_n) == (">", 67.23, 4) and (six.score, six.top_n) == (None, 10)
    assert said and "trụ cột 1 > 67,23 điểm" in said[0]
