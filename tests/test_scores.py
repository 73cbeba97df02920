"""Scores from raw figures: each indicator, group, pillar and composite rests on exactly one basis — published,
estimated from the raw figure and the plan's bounds, or pending — and a raw figure is never judged against a
score target."""

from __future__ import annotations

import pytest

from pii_excel.evaluate import evaluate
from pii_excel.findings import Location
from pii_excel.model import Intake, OfficialScore, ReportedValue
from pii_excel.plan.duties import all_duties
from pii_excel.plan.model import Figure
from pii_excel.plan.serialize import plan_from_dict
from pii_excel.plan.validate import validate_plan
from pii_excel.scores import estimate_score, figure_for_score, required_figure
from pii_excel.vocab import Basis, Verdict


def _indicator(code, group, baseline, target, direction="higher", bounds=(0.0, 10.0), on="score", lead="A"):
    return {
        "code": code,
        "name": f"Chỉ số {code}",
        "unit": "điểm" if on == "score" else "đơn",
        "pillar": code[0],
        "group": group,
        "direction": direction,
        "target_on": on,
        "baseline": {"year": 2023, "value": baseline},
        "target": {"op": "≥" if direction == "higher" else "≤", "value": target, "increase": None},
        "lead": [lead],
        "cooperating": [],
        "frequency": "ongoing",
        "figure": {
            "name": f"Số liệu {code}",
            "unit": "đơn/10.000 dân",
            "bounds_min": bounds[0],
            "bounds_max": bounds[1],
            "bounds_year": 2023,
        }
        if bounds
        else {"name": f"Số liệu {code}", "unit": "đơn"},
        "tasks": [],
    }


def small_plan(profile=True):
    """Two pillars (one input, one output), three groups, four plan indicators and a profile for the rest."""
    data = {
        "id": "thu-nghiem",
        "title": "Kế hoạch thử nghiệm",
        "index_kind": "PII",
        "province": "Tỉnh A",
        "issuer": "UBND tỉnh A",
        "ranking_size": 34,
        "coordinator": "A",
        "pillars": [
            {
                "code": "1",
                "name": "Trụ cột 1",
                "side": "input",
                "baseline": {"score": 40.0},
                "goal": {"op": "≥", "score": 45.0},
            },
            {"code": "6", "name": "Trụ cột 6", "side": "output", "baseline": {"score": 30.0}},
        ],
        "groups": [
            {"code": "1.1", "name": "Nhóm 1.1", "pillar": "1"},
            {"code": "1.2", "name": "Nhóm 1.2", "pillar": "1"},
            {"code": "6.1", "name": "Nhóm 6.1", "pillar": "6"},
        ],
        "indicators": [
            _indicator("1.1.1", "1.1", 20.0, 50.0),  # higher is better, bounds 0–10
            _indicator("1.1.2", "1.1", 80.0, 90.0, direction="lower", bounds=(2.0, 12.0)),
            _indicator("1.2.1", "1.2", 30.0, 40.0),
            _indicator("6.1.1", "6.1", 10.0, 20.0, bounds=None),  # no bounds: cannot be estimated
        ],
        "profile": [
            {"code": "1.2.2", "name": "Chỉ số 1.2.2", "group": "1.2", "score": 70.0, "year": 2023},
            {"code": "6.1.2", "name": "Chỉ số 6.1.2", "group": "6.1", "score": 50.0, "year": 2023},
        ]
        if profile
        else [],
        "agencies": [{"code": "A", "name": "Sở A"}],
        "periods": [{"id": "2024", "deadline": "2024-12-20"}],
    }
    return plan_from_dict(data)


def _value(code, value, agency="A"):
    return ReportedValue(code, agency, value, Location("a.xlsx", "Chỉ số", "I4"), "Báo cáo số 1/BC-A")


def _run(plan, values, official=()):
    intake = Intake(values=tuple(values), official=tuple(official))
    return evaluate(plan, intake, all_duties(plan, "2024"))


def test_the_small_plan_is_valid():
    assert [f.code for f in validate_plan(small_plan()) if f.severity.value != "info"] == []


@pytest.mark.parametrize(
    ("value", "direction", "expected"),
    [
        (5.0, "higher", 50.0),
        (0.0, "higher", 0.0),
        (10.0, "higher", 100.0),
        (12.5, "higher", 100.0),
        (-1.0, "higher", 0.0),
        (2.5, "lower", 75.0),
        (10.0, "lower", 0.0),
        (0.0, "lower", 100.0),
        (11.0, "lower", 0.0),
    ],
)
def test_estimate_is_min_max_reversed_for_lower_and_clipped(value, direction, expected):
    assert estimate_score(Figure(bounds_min=0.0, bounds_max=10.0), value, direction) == pytest.approx(expected)


def test_no_bounds_no_estimate():
    assert estimate_score(Figure(), 5.0, "higher") is None
    assert estimate_score(Figure(bounds_min=3.0, bounds_max=3.0), 5.0, "higher") is None  # a flat range


@pytest.mark.parametrize("direction", ["higher", "lower"])
@pytest.mark.parametrize("score", [0.0, 12.5, 50.0, 87.25, 100.0])
def test_the_required_figure_inverts_the_estimate(direction, score):
    figure = Figure(bounds_min=2.0, bounds_max=12.0)
    needed = figure_for_score(figure, score, direction)
    assert estimate_score(figure, needed, direction) == pytest.approx(score)
    op, value = required_figure(figure, "≥", score, direction)
    assert value == pytest.approx(needed)
    assert op == ("≥" if direction == "higher" else "≤")  # a lower figure scores higher: the comparator turns
    assert required_figure(figure, "≥", 120.0, direction) is None  # a score above 100 needs no figure at all


def test_indicator_group_pillar_and_composite_estimates_follow_the_formulas():
    plan = small_plan()
    ev = _run(plan, [_value("1.1.1", 5.5), _value("1.1.2", 4.0), _value("1.2.1", 3.0), _value("6.1.1", 7.0)])
    r = {x.indicator: x for x in ev.indicators}
    assert r["1.1.1"].score == pytest.approx(55.0) and r["1.1.1"].score_basis is Basis.ESTIMATE
    assert r["1.1.2"].score == pytest.approx(100 * (1 - (4.0 - 2.0) / 10.0))  # 80, lower is better
    assert r["1.2.1"].score == pytest.approx(30.0)
    assert r["1.1.1"].status is Verdict.EXCEEDED and r["1.1.1"].basis is Basis.ESTIMATE
    assert r["1.2.1"].status is Verdict.NOT_MET and r["1.2.1"].improved is False  # 30 = baseline
    # no bounds: the raw figure 7 is shown, but never judged against the score target 20
    six = r["6.1.1"]
    assert (six.figure.value, six.score, six.value, six.basis, six.status) == (
        7.0,
        None,
        None,
        Basis.PENDING,
        Verdict.AWAITING,
    )
    groups = {g.code: g for g in ev.groups}
    assert groups["1.1"].score == pytest.approx((55.0 + 80.0) / 2) and groups["1.1"].basis is Basis.ESTIMATE
    assert groups["1.2"].score == pytest.approx((30.0 + 70.0) / 2)  # the profile holds 1.2.2
    assert groups["6.1"].score is None and groups["6.1"].basis is Basis.PENDING  # 6.1.1 cannot be estimated
    pillars = {p.code: p for p in ev.pillars}
    pillar1 = (67.5 + 50.0) / 2
    assert pillars["1"].score == pytest.approx(pillar1) and pillars["1"].basis is Basis.ESTIMATE
    assert pillars["1"].status is Verdict.EXCEEDED and pillars["6"].basis is Basis.PENDING  # 58,75 ≥ 45
    assert pillars["TONG"].score is None and pillars["TONG"].status is Verdict.NO_GOAL
    # with a published score for 6.1.1, every part is known: output, input and the index are estimated
    ev = _run(
        plan,
        [_value("1.1.1", 5.5), _value("1.1.2", 4.0), _value("1.2.1", 3.0), _value("6.1.1", 7.0)],
        [OfficialScore("6.1.1", "indicator", 30.0)],
    )
    pillars = {p.code: p for p in ev.pillars}
    assert {x.indicator: x.score_basis for x in ev.indicators}["6.1.1"] is Basis.OFFICIAL
    assert pillars["6"].score == pytest.approx((30.0 + 50.0) / 2)
    assert pillars["DAU_VAO"].score == pytest.approx(pillar1) and pillars["DAU_RA"].score == pytest.approx(40.0)
    # estimates are kept at the published precision (two decimals): 49,375 is 49,38
    assert pillars["TONG"].score == round((pillar1 + 40.0) / 2, 2) and pillars["TONG"].basis is Basis.ESTIMATE
    assert pillars["TONG"].computed == pytest.approx((pillar1 + 40.0) / 2)


def test_published_scores_take_precedence_and_are_labelled_official():
    plan = small_plan()
    ev = _run(
        plan,
        [_value("1.1.1", 5.5)],
        [
            OfficialScore("1.1.1", "indicator", 48.0),
            OfficialScore("1.1", "group", 61.0),
            OfficialScore("1", "pillar", 44.0),
        ],
    )
    one = ev.indicator("1.1.1")
    assert (one.score, one.score_basis, one.value, one.status) == (48.0, Basis.OFFICIAL, 48.0, Verdict.NOT_MET)
    assert one.figure.value == 5.5  # the raw figure is still shown beside the published score
    assert {g.code: (g.score, g.basis) for g in ev.groups}["1.1"] == (61.0, Basis.OFFICIAL)
    pillar = {p.code: p for p in ev.pillars}["1"]
    assert (pillar.score, pillar.basis, pillar.status) == (44.0, Basis.OFFICIAL, Verdict.NOT_MET)


def test_without_a_profile_groups_are_not_estimated_from_part_of_their_indicators():
    plan = small_plan(profile=False)
    ev = _run(plan, [_value("1.1.1", 5.5), _value("1.1.2", 4.0), _value("1.2.1", 3.0)])
    assert all(g.score is None and g.basis is Basis.PENDING for g in ev.groups)
    assert ev.indicator("1.1.1").score_basis is Basis.ESTIMATE  # indicators are still estimated


def test_a_missing_figure_is_no_data_and_a_raw_target_is_judged_on_the_raw_figure():
    data_plan = small_plan()
    raw = data_plan.require_indicator("6.1.1")
    raw.target_on, raw.unit, raw.baseline_value = "figure", "đơn", 5.0
    ev = _run(data_plan, [_value("6.1.1", 7.0)])
    six = ev.indicator("6.1.1")
    assert (six.value, six.basis, six.status) == (7.0, Basis.REPORTED, Verdict.NOT_MET)  # 7 < target 20 (raw)
    assert ev.indicator("1.1.1").status is Verdict.NO_DATA  # nothing reported: the lead agency owes it
    assert ev.indicator("1.1.1").required_figure == pytest.approx(5.0) and ev.indicator("1.1.1").required_op == "≥"
