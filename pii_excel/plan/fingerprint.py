"""The plan's fingerprint: a hash of what templates depend on, computed from the plan's meaning.

Templates carry it so intake can tell a workbook made from another version of the plan. It is computed from
the plan model through its own canonical form, written out here once and never changed: the JSON form of plans
(`serialize.py`) may change shape or gain fields without marking every template already sent out as changed.
Strings are NFC; report settings, periods and transcription notes are not part of it (changing the signer or a
deadline does not change what an agency fills in). Version 2 adds what agencies report since issue #13 — the raw
figure behind each indicator (name, unit, numerator, denominator, bounds, last year's figure), what the target is
on, who supplies the figure — and the groups the coordinator enters published scores for; templates of version 1
asked for scores and are rightly marked as made from another plan.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import asdict
from typing import Any

from pii_excel.plan.model import Agency, Goal, Group, Indicator, Pillar, Plan, Task

CANONICAL_VERSION = 2


def _text(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _goal(goal: Goal) -> dict[str, Any]:
    out: dict[str, Any] = {"op": goal.op, "score": goal.score, "top_n": goal.top_n, "note": _text(goal.note)}
    # parts added later enter only when set, so templates of plans without them keep their fingerprint
    extra = {
        "region_top_n": goal.region_top_n,
        "above_national": goal.above_national or None,
        "pillars_above_national": goal.pillars_above_national,
        "indicators_above_national_pct": goal.indicators_above_national_pct,
    }
    out.update({k: v for k, v in extra.items() if v is not None})
    return out


def _task(task: Task) -> dict[str, Any]:
    return {
        "id": task.id,
        "text": _text(task.text),
        "lead": task.lead,
        "cooperating": task.cooperating,
        "due": _text(task.due),
    }


def _pillar(p: Pillar) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": _text(p.name),
        "side": p.side,
        "components": [_text(c) for c in p.components],
        "baseline": {"score": p.baseline_score, "rank": p.baseline_rank},
        "goal": _goal(p.goal),
        "weight": p.weight,
    }


def _indicator(plan: Plan, i: Indicator) -> dict[str, Any]:
    return {
        "code": i.code,
        "name": _text(i.name),
        "unit": _text(i.unit),
        "pillar": i.pillar,
        "direction": i.direction,
        "baseline": {"year": i.baseline_year, "value": i.baseline_value},
        "target": {"op": i.target.op, "value": i.target.value, "increase": i.target.increase},
        "lead": i.lead,
        "cooperating": i.cooperating,
        "frequency": i.frequency,
        "note": _text(i.note),
        "tasks": [_task(t) for t in plan.tasks_of_indicator(i.code)],
        "group": i.group,
        "target_on": i.target_on,
        "figure_from": i.figure_from,
        "figure": {k: _text(v) if isinstance(v, str) else v for k, v in asdict(i.figure).items()},
    }


def _group(g: Group) -> dict[str, Any]:
    return {"code": g.code, "name": _text(g.name), "pillar": g.pillar}


def _agency(a: Agency) -> dict[str, Any]:
    out = {
        "code": a.code,
        "name": _text(a.name),
        "short_name": _text(a.short_name),
        "kind": a.kind,
        "email": a.email,
        "members": a.members,
        "all_members": a.all_members,
        "reports": a.reports,
    }
    if a.by_coordinator:  # only when set, so templates of plans without such a group keep their fingerprint
        out["by_coordinator"] = True
    return out


def canonical_plan(plan: Plan) -> dict[str, Any]:
    """The plan's meaning as templates see it, in the fixed form the fingerprint hashes."""
    return {
        "id": plan.id,
        "pillars": [_pillar(p) for p in plan.pillars],
        "indicators": [_indicator(plan, i) for i in plan.indicators],
        "tasks": [_task(t) for t in plan.general_tasks()],
        "agencies": [_agency(a) for a in plan.agencies],
        "groups": [_group(g) for g in plan.groups],
        "version": CANONICAL_VERSION,
    }


def plan_fingerprint(plan: Plan) -> str:
    blob = json.dumps(canonical_plan(plan), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
