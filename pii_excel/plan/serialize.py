"""Plan <-> JSON-ready dict. Built-in plans are stored in this form; `plan show --json` prints it."""

from __future__ import annotations

from datetime import date

from pii_excel.plan.model import (
    Agency,
    Goal,
    Indicator,
    Period,
    Pillar,
    Plan,
    ReportSettings,
    Target,
    Task,
    with_defaults,
)
from pii_excel.plan.periods import period_label


def _goal(goal: Goal) -> dict:
    return {"op": goal.op, "score": goal.score, "top_n": goal.top_n, "note": goal.note}


def _task(task: Task) -> dict:
    return {"id": task.id, "text": task.text, "lead": task.lead, "cooperating": task.cooperating, "due": task.due}


def plan_to_dict(plan: Plan) -> dict:
    r = plan.report
    return {
        "id": plan.id,
        "title": plan.title,
        "index_kind": plan.index_kind,
        "province": plan.province,
        "issuer": plan.issuer,
        "parent_body": plan.parent_body,
        "doc_number": plan.doc_number,
        "doc_date": plan.doc_date.isoformat() if plan.doc_date else None,
        "ranking_size": plan.ranking_size,
        "baseline_year": plan.baseline_year,
        "target_year": plan.target_year,
        "coordinator": plan.coordinator,
        "overall": {
            "baseline": {"score": plan.overall_baseline_score, "rank": plan.overall_baseline_rank},
            "goal": _goal(plan.overall_goal),
            "scale": plan.overall_scale,
        },
        "report": {
            "doc_symbol": r.doc_symbol,
            "parent_body": r.parent_body,
            "issuing_body": r.issuing_body,
            "place": r.place,
            "recipients": r.recipients,
            "copy_to": r.copy_to,
            "signer_authority": r.signer_authority,
            "signer_title": r.signer_title,
            "signer_name": r.signer_name,
        },
        "pillars": [
            {
                "code": p.code,
                "name": p.name,
                "side": p.side,
                "components": p.components,
                "baseline": {"score": p.baseline_score, "rank": p.baseline_rank},
                "goal": _goal(p.goal),
                "weight": p.weight,
            }
            for p in plan.pillars
        ],
        "indicators": [
            {
                "code": i.code,
                "name": i.name,
                "unit": i.unit,
                "pillar": i.pillar,
                "direction": i.direction,
                "baseline": {"year": i.baseline_year, "value": i.baseline_value},
                "target": {"op": i.target.op, "value": i.target.value, "increase": i.target.increase},
                "lead": i.lead,
                "cooperating": i.cooperating,
                "frequency": i.frequency,
                "note": i.note,
                "tasks": [_task(t) for t in plan.tasks_of_indicator(i.code)],
            }
            for i in plan.indicators
        ],
        "tasks": [_task(t) for t in plan.general_tasks()],
        "agencies": [
            {
                "code": a.code,
                "name": a.name,
                "short_name": a.short_name,
                "kind": a.kind,
                "email": a.email,
                "members": a.members,
                "all_members": a.all_members,
                "reports": a.reports,
            }
            for a in plan.agencies
        ],
        "periods": [
            {
                "id": p.id,
                "label": p.label,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "deadline": p.deadline.isoformat(),
            }
            for p in plan.periods
        ],
        "notes": plan.notes,
    }


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _required_date(text: str) -> date:
    return date.fromisoformat(text)


def _goal_from(d: dict | None) -> Goal:
    d = d or {}
    return with_defaults(Goal, op=d.get("op"), score=d.get("score"), top_n=d.get("top_n"), note=d.get("note"))


def _task_from(d: dict, indicator: str | None) -> Task:
    return with_defaults(Task, id=d["id"], text=d["text"], indicator=indicator, lead=_list(d.get("lead")),
                         cooperating=_list(d.get("cooperating")), due=d.get("due"))  # fmt: skip


def _list(items: list | None) -> list | None:
    return None if items is None else list(items)


def plan_from_dict(d: dict) -> Plan:
    """Build a Plan from its dict form; structural mistakes raise KeyError/ValueError (our own data)."""
    overall = d.get("overall", {})
    report = ReportSettings(**d.get("report", {}))
    tasks: list[Task] = []
    indicators = []
    for i in d.get("indicators", []):
        baseline = i.get("baseline", {})
        target = i.get("target", {})
        indicators.append(
            with_defaults(
                Indicator,
                code=i["code"],
                name=i["name"],
                unit=i.get("unit"),
                pillar=i.get("pillar"),
                direction=i.get("direction"),
                baseline_year=baseline.get("year"),
                baseline_value=baseline.get("value"),
                target=Target(op=target.get("op"), value=target.get("value"), increase=target.get("increase")),
                lead=_list(i.get("lead")),
                cooperating=_list(i.get("cooperating")),
                frequency=i.get("frequency"),
                note=i.get("note"),
            )
        )
        tasks.extend(_task_from(t, i["code"]) for t in i.get("tasks", []))
    tasks.extend(_task_from(t, None) for t in d.get("tasks", []))
    return with_defaults(
        Plan,
        id=d["id"],
        title=d["title"],
        index_kind=d.get("index_kind"),
        province=d.get("province"),
        issuer=d.get("issuer"),
        parent_body=d.get("parent_body"),
        doc_number=d.get("doc_number"),
        doc_date=_date(d.get("doc_date")),
        ranking_size=d.get("ranking_size"),
        baseline_year=d.get("baseline_year"),
        target_year=d.get("target_year"),
        coordinator=d.get("coordinator"),
        overall_baseline_score=overall.get("baseline", {}).get("score"),
        overall_baseline_rank=overall.get("baseline", {}).get("rank"),
        overall_goal=_goal_from(overall.get("goal")),
        overall_scale=overall.get("scale"),
        report=report,
        pillars=[
            with_defaults(
                Pillar,
                code=p["code"],
                name=p["name"],
                side=p.get("side"),
                components=_list(p.get("components")),
                baseline_score=p.get("baseline", {}).get("score"),
                baseline_rank=p.get("baseline", {}).get("rank"),
                goal=_goal_from(p.get("goal")),
                weight=p.get("weight"),
            )
            for p in d.get("pillars", [])
        ],
        indicators=indicators,
        agencies=[
            with_defaults(
                Agency,
                code=a["code"],
                name=a["name"],
                short_name=a.get("short_name"),
                kind=a.get("kind"),
                email=a.get("email"),
                members=_list(a.get("members")),
                all_members=a.get("all_members"),
                reports=a.get("reports"),
            )
            for a in d.get("agencies", [])
        ],
        tasks=tasks,
        periods=[
            Period(
                id=p["id"],
                start=_required_date(p["start"]),
                end=_required_date(p["end"]),
                deadline=_required_date(p["deadline"]),
                label=p.get("label") or period_label(p["id"]),
            )
            for p in d.get("periods", [])
        ],
        notes=_list(d.get("notes")),
    )
