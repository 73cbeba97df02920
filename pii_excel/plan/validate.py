"""Consistency checks on a loaded plan; each problem is a Finding located where the plan came from."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from pii_excel.findings import NOWHERE, Code, Finding, finding
from pii_excel.plan.model import Plan
from pii_excel.plan.periods import PeriodKind, days_between, format_date, parse_period_id, period_kind
from pii_excel.plan.vocab import DIRECTIONS
from pii_excel.textnorm import ascii_slug
from pii_excel.workdays import day_off_reason, is_working_day

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
# A deadline months before the cut-off or after it is a date left from another year, not one set a little early
# (PCI 2020: "trước ngày 05/12" with data to 14/12) or late.
_EARLIEST_DEADLINE_DAYS, _LATEST_DEADLINE_DAYS = 60, 120
MERGER = date(2025, 7, 1)  # 34 provinces from here on (Nghị quyết 202/2025/QH15)


class _Sink:
    """Collects findings, placing each at the origin recorded for an object's field."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Finding] = []

    def add(self, code: Code, obj=None, attr: str = "", **kw) -> None:
        """A finding placed where `attr` of `obj` came from; `kw` fill the message (one may be named field)."""
        at = NOWHERE
        if obj is not None:
            origin = getattr(obj, "origin", {}) or {}
            at = origin.get(attr) or origin.get("_row") or NOWHERE
        self.items.append(finding(code, at=replace(at, file=self.file), **kw))


def validate_plan(plan: Plan, file: str = "") -> list[Finding]:
    sink = _Sink(file)
    _check_codes(plan, sink)
    _check_agency_refs(plan, sink)
    _check_groups(plan, sink)
    _check_indicators(plan, sink)
    _check_figures(plan, sink)
    _check_indicator_groups(plan, sink)
    _check_pillars(plan, sink)
    _check_periods(plan, sink)
    _check_leftovers(plan, sink)
    return sink.items


def _check_codes(plan: Plan, sink: _Sink) -> None:
    for what, items, attr in (
        ("đơn vị", plan.agencies, "code"),
        ("chỉ số", plan.indicators, "code"),
        ("trụ cột", plan.pillars, "code"),
        ("nhóm chỉ số", plan.groups, "code"),
        ("nhiệm vụ", plan.tasks, "id"),
        ("kỳ báo cáo", plan.periods, "id"),
    ):
        first: dict[str, object] = {}
        for x in items:  # each repeat is reported where it is, naming where the code was first used
            code = getattr(x, attr)
            if code not in first:
                first[code] = x
                continue
            origin = getattr(first[code], "origin", {}) or {}
            at = origin.get(attr) or origin.get("_row")
            sink.add(Code.PLAN_CODE_DUPLICATE, x, attr, what=what, value=code, first=at.cell if at else "trên")
    for a in plan.agencies:
        if not _CODE.match(a.code) or len(a.code) > 20:
            sink.add(
                Code.PLAN_CODE_INVALID,
                a,
                "code",
                what="đơn vị",
                value=a.code,
                detail="chỉ dùng chữ không dấu, số, «-», «_», tối đa 20 ký tự",
            )


def _check_agency_refs(plan: Plan, sink: _Sink) -> None:
    known = {a.code for a in plan.agencies}

    def check(obj, field: str, codes: list[str], where: str) -> None:
        for code in codes:
            if code not in known:
                sink.add(Code.PLAN_AGENCY_UNKNOWN, obj, field, value=code, where=where)

    for i in plan.indicators:
        check(i, "lead", i.lead, f"chủ trì chỉ số {i.code}")
        check(i, "cooperating", i.cooperating, f"phối hợp chỉ số {i.code}")
        if not i.lead:
            sink.add(Code.PLAN_LEAD_MISSING, i, "lead", indicator=i.code)
    for t in plan.tasks:
        check(t, "lead", t.lead, f"chủ trì nhiệm vụ {t.id}")
        check(t, "cooperating", t.cooperating, f"phối hợp nhiệm vụ {t.id}")
        if t.indicator is not None and plan.indicator(t.indicator) is None:
            sink.add(Code.PLAN_INDICATOR_UNKNOWN, t, "indicator", value=t.indicator, task=t.id)
    if plan.coordinator:
        check(plan, "coordinator", [plan.coordinator], "đơn vị tổng hợp")
    else:
        sink.add(Code.PLAN_FIELD_MISSING, plan, "coordinator", field="Đơn vị tổng hợp")
    for a in plan.agencies:
        check(a, "members", a.members, f"thành viên nhóm {a.code}")
    if not plan.reporting_agencies():
        sink.add(Code.PLAN_REPORTER_MISSING)


def _check_groups(plan: Plan, sink: _Sink) -> None:
    for a in plan.agencies:
        if not a.is_group:
            continue
        for m in a.members:
            member = plan.agency(m)
            if member is not None and member.is_group:
                sink.add(Code.PLAN_GROUP_NESTED, a, "members", group=a.code, value=m)
        if not a.members and not a.all_members and not a.by_coordinator:
            sink.add(Code.PLAN_GROUP_EMPTY, a, "members", value=a.code)


def _check_indicators(plan: Plan, sink: _Sink) -> None:
    pillars = {p.code for p in plan.pillars}
    for i in plan.indicators:
        if i.pillar and i.pillar not in pillars:
            sink.add(Code.PLAN_PILLAR_UNKNOWN, i, "pillar", what=f"Chỉ số «{i.code}»", value=i.pillar)
        t = i.target
        if t.value is None and t.increase is None:
            sink.add(Code.PLAN_TARGET_MISSING, i, "target_value", indicator=i.code)
        if t.value is not None and t.op is None:
            sink.add(Code.PLAN_TARGET_COMPARATOR_MISSING, i, "target_op", indicator=i.code)
        wrong_way = {"higher": ("≤", "<"), "lower": ("≥", ">")}.get(i.direction, ())
        if t.op in wrong_way:
            sink.add(
                Code.PLAN_TARGET_AGAINST_DIRECTION,
                i,
                "target_op",
                indicator=i.code,
                value=t.op,
                direction=DIRECTIONS.get(i.direction, i.direction),
            )
        if t.increase is not None:
            if t.increase <= 0:
                sink.add(Code.PLAN_INCREASE_NOT_POSITIVE, i, "target_increase", indicator=i.code, value=t.increase)
            elif i.baseline_value is None:
                sink.add(Code.PLAN_INCREASE_BASELINE_MISSING, i, "baseline_value", indicator=i.code)
            elif t.value is not None:
                sign = -1 if i.direction == "lower" else 1
                expected = i.baseline_value + sign * t.increase
                if abs(expected - t.value) > 0.005:
                    sink.add(
                        Code.PLAN_TARGET_INCONSISTENT,
                        i,
                        "target_value",
                        indicator=i.code,
                        value=t.value,
                        baseline=i.baseline_value,
                        increase=t.increase,
                        expected=round(expected, 4),
                    )
        if i.is_percent:
            for field, label, v in (
                ("baseline_value", "giá trị cơ sở", i.baseline_value),
                ("target_value", "mục tiêu", t.value),
            ):
                if v is not None and not 0 <= v <= 100:
                    sink.add(Code.PLAN_PERCENT_OUT_OF_RANGE, i, field, indicator=i.code, field=label, value=v)


def _check_pillars(plan: Plan, sink: _Sink) -> None:
    n = plan.ranking_size

    def rank(obj, field: str, value: int | None, what: str) -> None:
        if value is not None and not 1 <= value <= n:
            sink.add(Code.PLAN_RANK_OUT_OF_RANGE, obj, field, what=what, value=value, size=n)

    for p in plan.pillars:
        rank(p, "baseline_rank", p.baseline_rank, f"Trụ cột {p.code}, thứ hạng cơ sở")
        rank(p, "goal_top_n", p.goal.top_n, f"Trụ cột {p.code}, mục tiêu top")
    rank(plan, "overall_baseline_rank", plan.overall_baseline_rank, "Chỉ số chung, thứ hạng cơ sở")
    rank(plan, "overall_goal_top_n", plan.overall_goal.top_n, "Chỉ số chung, mục tiêu top")
    weights = [p.weight for p in plan.pillars if p.weight is not None]
    if weights and abs(sum(weights) - 100) > 0.01:
        sink.add(Code.PLAN_WEIGHTS_NOT_100, value=round(sum(weights), 4))


def _check_periods(plan: Plan, sink: _Sink) -> None:
    if not plan.periods:
        sink.add(Code.PLAN_PERIODS_MISSING)
    for p in plan.periods:
        if parse_period_id(p.id) is None:
            sink.add(Code.PLAN_PERIOD_INVALID, p, "id", value=p.id)
            continue
        start, end, deadline = format_date(p.start), format_date(p.end), format_date(p.deadline)
        if p.start > p.end:
            sink.add(Code.PLAN_DATA_PERIOD_INVALID, p, "start", value=p.id, start=start, end=end)
        elif (
            not p.end - timedelta(days=_EARLIEST_DEADLINE_DAYS)
            <= p.deadline
            <= p.end + timedelta(days=_LATEST_DEADLINE_DAYS)
        ):
            expected = p.end + timedelta(days=15)
            sink.add(
                Code.PLAN_DEADLINE_WRONG_YEAR,
                p,
                "deadline",
                value=p.id,
                deadline=deadline,
                start=start,
                end=end,
                expected=f"{expected.month:02d}/{expected.year}",
            )
        elif p.deadline <= p.end:
            sink.add(Code.PLAN_DEADLINE_NOT_AFTER_CUT_OFF, p, "deadline", value=p.id, deadline=deadline, end=end)
        elif not any(is_working_day(d) for d in days_between(p.end, p.deadline)):
            # Nghị định 09/2019, Art. 12: at least one working day between the cut-off and the deadline
            sink.add(Code.PLAN_DEADLINE_NO_WORKING_DAY, p, "deadline", value=p.id, deadline=deadline, end=end)
        if (reason := day_off_reason(p.deadline)) is not None:
            sink.add(Code.PLAN_DEADLINE_DAY_OFF, p, "deadline", value=p.id, deadline=deadline, reason=reason)


def _check_figures(plan: Plan, sink: _Sink) -> None:
    for i in plan.indicators:
        f = i.figure
        if i.agency_reports_figure and not (f.name and f.unit):
            sink.add(Code.PLAN_FIGURE_UNNAMED, i, "figure_name" if not f.name else "figure_unit", indicator=i.code)
        if bool(f.numerator) != bool(f.denominator):
            given, missing = ("tử số", "mẫu số") if f.numerator else ("mẫu số", "tử số")
            field = "figure_denominator" if f.numerator else "figure_numerator"
            sink.add(Code.PLAN_RATIO_INCOMPLETE, i, field, indicator=i.code, given=given, missing=missing)
        low, high = f.bounds_min, f.bounds_max
        if (low is None) != (high is None):
            sink.add(
                Code.PLAN_BOUNDS_INCOMPLETE,
                i,
                "figure_bounds_min" if low is None else "figure_bounds_max",
                indicator=i.code,
            )
        elif low is not None and high is not None and low >= high:
            sink.add(Code.PLAN_BOUNDS_INVALID, i, "figure_bounds_max", indicator=i.code, low=low, high=high)


def _check_indicator_groups(plan: Plan, sink: _Sink) -> None:
    groups = {g.code for g in plan.groups}
    pillars = {p.code for p in plan.pillars}
    for g in plan.groups:
        if g.pillar and g.pillar not in pillars:
            sink.add(Code.PLAN_PILLAR_UNKNOWN, g, "pillar", what=f"Nhóm chỉ số «{g.code}»", value=g.pillar)
    for obj, what in [(i, f"Chỉ số {i.code}") for i in plan.indicators] + [
        (p, f"Điểm công bố của chỉ số {p.code}") for p in plan.profile
    ]:
        if obj.group and obj.group not in groups:
            sink.add(Code.PLAN_GROUP_UNKNOWN, obj, "group", what=what, value=obj.group)


def _check_leftovers(plan: Plan, sink: _Sink) -> None:
    """What a plan made from another plan keeps by mistake: valid, so warned about rather than refused."""
    from pii_excel.plan.duties import TaskRoles, all_duties

    roles = TaskRoles(plan)
    owing = {d.agency.code for p in plan.periods for d in all_duties(plan, p.id, roles)}
    for a in plan.reporting_agencies():
        if a.code not in owing:
            # named in the plan, only beside indicators that give it nothing to report: not a leftover row
            named = [i.code for i in plan.indicators if a.code in i.cooperating or a.code in i.lead]
            if named:
                sink.add(Code.PLAN_AGENCY_NOTHING_TO_REPORT, a, "reports", value=a.code, indicators=", ".join(named))
            else:
                sink.add(Code.PLAN_AGENCY_WITHOUT_DUTIES, a, "code", value=a.code)
    for a in plan.agencies:
        if a.is_group and a.reports:
            sink.add(Code.PLAN_GROUP_MARKED_REPORTING, a, "reports", value=a.code)
        if a.is_group and a.by_coordinator:
            led = sum(a.code in plan.task_lead(t) for t in plan.tasks) + sum(a.code in i.lead for i in plan.indicators)
            sink.add(
                Code.PLAN_GROUP_REPORTED_BY_COORDINATOR,
                a,
                "by_coordinator",
                value=a.display_name,
                count=led,
                coordinator=plan.coordinator,
            )
    for p in plan.periods:
        if p.end >= MERGER and plan.ranking_base(p) > 34:
            attr = "ranking_size" if p.ranking_size else ""
            target = p if attr else plan
            sink.add(
                Code.PLAN_RANKING_SIZE_OUTDATED, target, attr or "ranking_size", value=p.id, size=plan.ranking_base(p)
            )
            break
    _check_id_form(plan, sink)
    _check_id_year(plan, sink)
    _explain_yearly(plan, sink)


_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_MAX = 80


def _check_id_form(plan: Plan, sink: _Sink) -> None:
    """The id names the plan's folder under output/ and its history: lower-case letters, digits and single dashes
    only, so no typed rule («_______»), space, slash or «..» ever becomes part of a path."""
    if _ID.fullmatch(plan.id) and len(plan.id) <= ID_MAX:
        return
    suggestion = "-".join(w for w in ascii_slug(plan.id).lower().replace("_", "-").replace(".", "-").split("-") if w)
    sink.add(Code.PLAN_ID_INVALID, plan, "id", value=plan.id, suggestion=suggestion[:ID_MAX] or "ke-hoach")


def _check_id_year(plan: Plan, sink: _Sink) -> None:
    id_years = sorted({int(y) for y in _YEAR.findall(plan.id)})
    years = {y for y in (plan.baseline_year, plan.target_year) if y}
    years |= {y for p in plan.periods for y in (p.start.year, p.end.year)}
    if plan.doc_date is not None:
        years.add(plan.doc_date.year)
    if not id_years or not years or any(min(years) <= y <= max(years) for y in id_years):
        return
    newest = max(p.end.year for p in plan.periods) if plan.periods else max(years)
    suggestion = _YEAR.sub(str(newest), plan.id, count=1)
    sink.add(
        Code.PLAN_ID_YEAR_MISMATCH,
        plan,
        "id",
        value=plan.id,
        id_years=", ".join(map(str, id_years)),
        plan_years=f"{min(years)}–{max(years)}" if len(years) > 1 else str(min(years)),
        suggestion=suggestion,
    )


def _explain_yearly(plan: Plan, sink: _Sink) -> None:
    """Yearly indicators in a plan with shorter periods: said once, so no one takes their absence from a quarter's
    template for a mistake (the evaluation marks them «Không thuộc kỳ này»)."""
    kinds = {p.id: period_kind(p.id) for p in plan.periods}
    short = [
        pid for pid, kind in kinds.items() if kind is not None and kind not in (PeriodKind.YEAR, PeriodKind.DATA_CALL)
    ]
    yearly = [i.code for i in plan.indicators if i.frequency == "yearly"]
    if not short or not yearly:
        return
    years = ", ".join(pid for pid, kind in kinds.items() if kind is PeriodKind.YEAR) or "chưa có kỳ năm trong lịch"
    codes = ", ".join(yearly[:8]) + (f" và {len(yearly) - 8} chỉ số khác" if len(yearly) > 8 else "")
    sink.add(Code.PLAN_YEARLY_IN_SHORTER_PERIODS, count=len(yearly), codes=codes, years=years, short=", ".join(short))
