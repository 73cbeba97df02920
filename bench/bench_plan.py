"""A plan with many distinct agencies for the benchmark: at scale, every file is a different agency's newest
report, so end to end measures evaluation and every writer too, not only reading superseded copies."""

from __future__ import annotations

import copy

from pii_excel.plan import load_plan
from pii_excel.plan.model import Agency, Plan

BASE = "pii-2024-bac-giang"


def many_agencies_plan(agencies: int) -> Plan:
    """The PII plan with `agencies` departments, each leading its own copy of one of the 17 indicators (and that
    indicator's tasks); the coordinator keeps its official-results duty."""
    base = load_plan(BASE)
    plan = copy.deepcopy(base)
    plan.id, plan.title = f"bench-{agencies}", f"{base.title} (đo hiệu năng, {agencies} đơn vị)"
    coordinator = copy.deepcopy(base.require_agency(base.coordinator))
    plan.agencies, plan.indicators, plan.tasks = [coordinator], [], []
    for i in range(agencies):
        source = base.indicators[i % len(base.indicators)]
        code = f"DV{i + 1:04d}"
        plan.agencies.append(Agency(code=code, name=f"Đơn vị thử nghiệm số {i + 1}", short_name=code))
        indicator = copy.deepcopy(source)
        indicator.code, indicator.lead, indicator.cooperating = f"{source.code}.{i + 1}", [code], []
        plan.indicators.append(indicator)
        for task in base.tasks_of_indicator(source.code):
            clone = copy.deepcopy(task)
            clone.id, clone.indicator, clone.lead, clone.cooperating = f"{task.id}.{i + 1}", indicator.code, [], []
            plan.tasks.append(clone)
    return plan
