"""Imported results are used where the run needs them, with nothing typed anywhere else: the edition of the period's
year gives official verdicts, the latest edition up to it the bounds of every estimate (named with their year)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import NOW, fill_like_agency
from test_results_import import _fill

from pii_excel.index.service import import_results, write_template
from pii_excel.pipeline import consolidate
from pii_excel.vocab import Basis, Verdict


def _import(plan, year: int, folder: Path, out: Path, indicators: dict, aggregates: dict) -> None:
    path = write_template(plan, year, folder / f"ket-qua-pii-{year}.xlsx")
    _fill(path, indicators=indicators, aggregates=aggregates)
    done = import_results(plan, path, out)
    assert done.stored and not done.errors, [f.message for f in done.findings]


def test_a_score_target_is_judged_official_after_import_and_estimates_take_the_latest_bounds(pii_2024, tmp_path):
    plan, made = pii_2024
    inp, out = tmp_path / "input", tmp_path / "out"
    # the coordinator reports its figures and types no published score: the «Công bố» sheets stay empty
    fill_like_agency(plan, made, "SKHCN", inp / "SKHCN.xlsx", edit=lambda a: (a.official.clear(), a.pillars.clear()))
    # PII 2023 (made-up figures, consistent with the min–max normalisation): bounds for 2.2.4, 6.1.1
    _import(
        plan,
        2023,
        tmp_path,
        out,
        {"2.2.4": ("0,20", "0,05", "0,80", 20.0, 30), "6.1.1": ("0,30", "0,00", "3,00", 10.0, 25)},
        {"PII": ("46,51", 11)},
    )
    before = consolidate(plan, "2024", inp, out, now=NOW)
    assert not before.model.history.problem  # a history holding only imported results is a readable history
    results = {r.indicator: r for r in before.model.evaluation.indicators}
    estimated = results["2.2.4"]
    assert estimated.score_basis is Basis.ESTIMATE and estimated.figure.value is not None
    bounds = before.model.plan.indicator("2.2.4").figure
    assert (bounds.bounds_min, bounds.bounds_max, bounds.bounds_year) == (0.05, 0.80, 2023)
    expected = round(100 * (estimated.figure.value - 0.05) / 0.75, 2)
    assert estimated.score == min(100.0, max(0.0, expected))
    # PII 2024 published: 2.2.1's score and the index's, official, with no «Công bố» sheet filled
    _import(plan, 2024, tmp_path, out, {"2.2.1": ("3,10", "0,10", "6,10", 50.0, 9)}, {"PII": ("48,20", 10)})
    after = consolidate(plan, "2024", inp, out, now=NOW)
    judged = {r.indicator: r for r in after.model.evaluation.indicators}["2.2.1"]
    assert (judged.score, judged.score_basis, judged.basis) == (50.0, Basis.OFFICIAL, Basis.OFFICIAL)
    assert judged.status in (Verdict.MET, Verdict.EXCEEDED)  # target ≥ 10 points
    overall = next(p for p in after.model.evaluation.pillars if p.code == "TONG")
    assert (overall.score, overall.rank, overall.basis) == (48.2, 10, Basis.OFFICIAL)
    run = json.loads(Path(after.outputs["run_json"]).read_text(encoding="utf-8"))
    result = next(r for r in run["results"] if r["indicator"] == "2.2.1")
    assert result["basis"] == "official" and result["score"] == 50.0
    # the 2024 edition's bounds now estimate 2.2.4 where the plan has none of its own: it has no 2.2.4 row, so 2023's
    assert after.model.plan.indicator("2.2.4").figure.bounds_year == 2023
    assert plan.indicator("2.2.4").figure.bounds_min is None  # the plan itself is untouched
    from pii_excel.history import history_path, read_records

    assert [r.period_id for r in read_records(history_path(out, plan))] == ["2024"]  # periods recorded beside it


def test_next_years_plan_takes_its_baselines_from_the_published_profile(pii_2024, tmp_path):
    from click.testing import CliRunner

    from pii_excel.cli import main
    from pii_excel.plan import check_plan

    plan, made = pii_2024
    inp, out = tmp_path / "input", tmp_path / "out"
    fill_like_agency(plan, made, "SKHCN", inp / "SKHCN.xlsx", edit=lambda a: (a.official.clear(), a.pillars.clear()))
    consolidate(plan, "2024", inp, out, now=NOW)  # recorded: 2.2.1 without a score, the index estimated or pending
    _import(plan, 2024, tmp_path, out, {"2.2.1": ("3,10", "0,10", "6,10", 50.0, 9)}, {"PII": ("48,20", 10)})
    target = tmp_path / "ke-hoach-2025.xlsx"
    done = CliRunner().invoke(
        main, ["plan", "next", plan.id, "--from", "2024", "--ket-qua", str(out), "-o", str(target)]
    )
    assert done.exit_code == 0, done.output
    assert "kết quả công bố PII 2024" in done.stderr
    new = check_plan(target).plan
    assert new is not None
    assert new.indicator("2.2.1").baseline_value == 50.0 and new.indicator("2.2.1").baseline_year == 2024
    assert (new.overall_baseline_score, new.overall_baseline_rank) == (48.2, 10)


def test_the_rolled_over_plan_keeps_its_predecessors_history_and_results(pii_2024, tmp_path):
    """`plan next` names the plan it continues; the next year's run compares with the predecessor's recorded year
    and estimates with the results imported under it, though its own id and folder are new."""
    from pii_excel.history import read_records
    from pii_excel.plan import check_plan
    from pii_excel.roll_over import next_plan

    plan, made = pii_2024
    inp, out = tmp_path / "input", tmp_path / "out"
    fill_like_agency(plan, made, "SKHCN", inp / "SKHCN.xlsx", edit=lambda a: (a.official.clear(), a.pillars.clear()))
    first = consolidate(plan, "2024", inp, out, now=NOW)
    _import(plan, 2024, tmp_path, out, {"2.2.4": ("0,20", "0,05", "0,80", 20.0, 30)}, {"PII": ("48,20", 10)})
    record = next(r for r in read_records(out / plan.id / "lich-su.sqlite") if r.period_id == "2024")
    new = next_plan(plan, record)
    assert new.predecessor == plan.id and new.id != plan.id
    from pii_excel.plan.workbook_write import write_plan_workbook

    write_plan_workbook(new, tmp_path / "ke-hoach-2025.xlsx")
    assert check_plan(tmp_path / "ke-hoach-2025.xlsx").plan.predecessor == plan.id  # kept in the plan workbook
    (tmp_path / "trong").mkdir()
    later = consolidate(new, "2025", tmp_path / "trong", out, now=NOW.replace(year=2025))
    assert later.model.history.year_ago is not None and later.model.history.year_ago.run_id == first.model.run_id
    bounds = later.model.plan.indicator("2.2.4").figure
    assert (bounds.bounds_min, bounds.bounds_max, bounds.bounds_year) == (0.05, 0.80, 2024)
    assert [r.period_id for r in read_records(out / new.id / "lich-su.sqlite")] == ["2025"]  # its own file


def test_the_demo_imports_a_labelled_sample_profile_whose_bounds_every_estimate_names(demo_session):
    """The demo's PII 2023 results workbook (scores of Kế hoạch 41/KH-UBND, raw values and bounds labelled as a
    sample) is imported before consolidation: estimates come from its bounds and say so, and the PCI value the
    coordinator typed for 1.2.1 is estimated like any raw figure — though no agency was asked for it."""
    from docx import Document

    from pii_excel.history import history_path
    from pii_excel.index.store import read_editions
    from pii_excel.sample.results import SAMPLE_LABEL

    run = demo_session.result
    model = run.model
    editions = read_editions(history_path(demo_session.input_dir.parent, model.plan))
    assert [(e.label, e.document) for e in editions] == [("PII 2023", SAMPLE_LABEL)]
    assert any("mẫu" in n and "PII 2023" in n for n in demo_session.notes)
    results = {r.indicator: r for r in model.evaluation.indicators}
    estimates = [r for r in results.values() if r.score_basis is Basis.ESTIMATE]
    assert len(estimates) >= 10 and all(r.bounds_from == "PII 2023" for r in estimates)
    pci = results["1.2.1"]
    assert pci.figure.reported_by == "SKHCN" and pci.score_basis is Basis.ESTIMATE
    low, high = 5.12, 8.43  # the sample's PCI bounds (thang 10)
    assert pci.score == round(100 * (pci.figure.value - low) / (high - low), 2)
    assert results["1.1.1"].score_basis is Basis.PENDING  # an assessed indicator: no count of documents is a score
    text = "\n".join(p.text for p in Document(run.outputs["report"]).paragraphs)
    assert "giới hạn chuẩn hoá (giá trị thấp nhất, cao nhất giữa các tỉnh) của kết quả công bố PII 2023" in text
    data = json.loads(Path(run.outputs["run_json"]).read_text(encoding="utf-8"))
    assert next(r for r in data["results"] if r["indicator"] == "2.2.1")["bounds_from"] == "PII 2023"


def test_an_indicator_whose_definition_changed_is_flagged_wherever_it_is_compared(pii_2024, tmp_path):
    """The framework changes every year (issue #32: OCOP «/tổng số đơn vị hành chính cấp xã» became «/10.000 dân»):
    importing an edition says which indicators changed definition since the previous one, and a run comparing with
    the baseline year flags those indicators in the report and run.json instead of comparing silently."""
    import openpyxl
    from docx import Document

    plan, made = pii_2024
    inp, out = tmp_path / "input", tmp_path / "out"
    fill_like_agency(plan, made, "SNNPTNT", inp / "snn.xlsx")
    _import(plan, 2023, tmp_path, out, {"7.1.2": ("0,30", "0,00", "1,60", 18.75, 30)}, {"PII": ("46,51", 11)})
    path = write_template(plan, 2024, tmp_path / "ket-qua-pii-2024.xlsx")
    _fill(path, indicators={"7.1.2": ("2,10", "0,50", "9,00", 18.82, 28)}, aggregates={"PII": ("48,20", 10)})
    wb = openpyxl.load_workbook(path)
    ws = wb["Chỉ số thành phần"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "7.1.2")
    ws.cell(row, 2).value = "Số sản phẩm OCOP 4 sao trở lên/10.000 dân"  # the 2024 framework's definition
    ws.cell(row, 3).value = "sản phẩm/10.000 dân"
    wb.save(path)
    done = import_results(plan, path, out)
    assert done.stored and list(done.redefined) == ["7.1.2"]
    assert "/tổng số đơn vị hành chính cấp xã" in done.redefined["7.1.2"] and "/10.000 dân" in done.redefined["7.1.2"]
    run = consolidate(plan, "2024", inp, out, now=NOW)
    flagged = {r.indicator: r.redefined for r in run.model.evaluation.indicators if r.redefined}
    assert list(flagged) == ["7.1.2"]
    text = "\n".join(p.text for p in Document(run.outputs["report"]).paragraphs)
    assert "Chỉ số đã đổi định nghĩa so với năm cơ sở" in text and "7.1.2 (PII 2023" in text
    data = json.loads(Path(run.outputs["run_json"]).read_text(encoding="utf-8"))
    assert next(r for r in data["results"] if r["indicator"] == "7.1.2")["redefined"] == flagged["7.1.2"]
