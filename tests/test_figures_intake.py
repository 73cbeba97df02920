"""Raw figures as agencies send them: numerator and denominator checked against the figure, computed when the
figure is blank, compared with last year's figure; evidence required."""

from __future__ import annotations

import pytest
from conftest import NOW, fill_like_agency

from pii_excel.intake.folder import run_intake
from pii_excel.plan import load_plan
from pii_excel.template.generate import make_templates


@pytest.fixture(scope="module")
def skhcn_run(tmp_path_factory):
    plan = load_plan("pii-2024-bac-giang")
    plan.require_indicator("6.1.1").figure.previous_value = 0.4  # last year's figure, as the plan file keeps it
    folder = tmp_path_factory.mktemp("figures")
    made = {m.duties.agency.code: m for m in make_templates(plan, "2024", folder / "tpl", now=NOW)}

    def typed(a):
        a.values.update({"6.1.1": 5.0, "2.2.3": 0.5, "2.2.4": None, "2.2.1": 2.37})
        a.ratios.update({"2.2.3": (700.0, 190_000.0), "2.2.4": (45, 190.0), "6.2.3": (13, None), "6.3.3": (57, 0),
                         "2.2.1": (450, 190.0)})  # fmt: skip
        a.sources["2.2.1"] = ""
        a.notes["2.2.1"] = "https://vanban.bacgiang.gov.vn/41"  # a link alone is not the evidence document

    fill_like_agency(plan, made, "SKHCN", folder / "in" / "skhcn.xlsx", edit=typed)
    result = run_intake(plan, "2024", folder / "in", now=NOW)
    return result, {v.indicator: v for v in result.values}


def _at(result):
    return sorted((f.code, f.location.cell) for f in result.findings if f.location.file == "skhcn.xlsx")


def test_each_figure_problem_is_found_at_its_cell(skhcn_run):
    result, _ = skhcn_run
    # rows: 2.2.3, 2.2.4, 6.1.1, 6.2.3, 6.3.3, 2.2.1 (1.1.1 is a list of documents); columns G numerator,
    # H denominator, I figure, J evidence
    assert _at(result) == sorted([
        ("VALUE_RATIO_MISMATCH", "I4"),
        ("VALUE_FROM_RATIO", "I5"),
        ("VALUE_IMPLAUSIBLE", "I6"),
        ("VALUE_RATIO_PART_MISSING", "H7"),
        ("VALUE_RATIO_ZERO_DENOMINATOR", "H8"),
        ("VALUE_SOURCE_MISSING", "J9"),
    ])  # fmt: skip
    implausible = next(f for f in result.findings if f.code == "VALUE_IMPLAUSIBLE")
    assert "số liệu năm trước (0,4)" in implausible.message


def test_the_figure_used_follows_its_numerator_and_denominator(skhcn_run):
    _, values = skhcn_run
    assert values["2.2.3"].value == pytest.approx(700 / 190_000 * 100)  # the typed 0,5 did not add up
    assert values["2.2.4"].value == pytest.approx(45 / 190)  # left blank: computed
    assert (values["2.2.4"].numerator, values["2.2.4"].denominator) == (45, 190)
    assert values["2.2.1"].value == 2.37  # typed to two decimals: matches 450 / 190 = 2,3684
    assert values["6.1.1"].value == 5.0  # implausible is a warning: the figure stands until the agency says


def test_a_rejected_numerator_is_named_once_at_its_own_cell(pii_2024, tmp_path):
    plan, made = pii_2024

    def typed(a):
        a.ratios.update({"2.2.3": ("khoảng 700", 190_000.0), "2.2.4": (-45, 190.0)})

    fill_like_agency(plan, made, "SKHCN", tmp_path / "in" / "skhcn.xlsx", edit=typed)
    result = run_intake(plan, "2024", tmp_path / "in", now=NOW)
    found = _at(result)
    assert [c for c in found if c[1] in ("G4", "G5")] and all(c[0] != "VALUE_RATIO_PART_MISSING" for c in found)
    messages = " ".join(f.message for f in result.findings)
    assert "chưa có tử số" not in messages and "khoảng 700" in messages
