"""Plan <-> JSON-ready dict. Built-in plans are stored in this form; `plan show --json` prints it.

The fields come from the one field table (`workbook_schema`); only the form's structure is written here: tasks
nest under their indicator (general tasks at the top), periods carry their derived dates and label.
"""

from __future__ import annotations

from datetime import date

from pii_excel.plan import workbook_schema as S
from pii_excel.plan.mapping import from_json, json_type_problems, to_json
from pii_excel.plan.model import Agency, Group, Indicator, Period, Pillar, Plan, ProfileScore, Task
from pii_excel.plan.periods import make_period


def plan_to_dict(plan: Plan) -> dict:
    data = to_json(plan, S.INFO_FIELDS)
    data["pillars"] = [to_json(p, S.PILLAR_COLUMNS) for p in plan.pillars]
    data["groups"] = [to_json(g, S.GROUP_COLUMNS) for g in plan.groups]
    data["indicators"] = [
        {
            **to_json(i, S.INDICATOR_COLUMNS),
            "tasks": [to_json(t, S.TASK_COLUMNS) for t in plan.tasks_of_indicator(i.code)],
        }
        for i in plan.indicators
    ]
    data["tasks"] = [to_json(t, S.TASK_COLUMNS) for t in plan.general_tasks()]
    data["profile"] = [to_json(p, S.PROFILE_COLUMNS) for p in plan.profile]
    data["agencies"] = [to_json(a, S.AGENCY_COLUMNS) for a in plan.agencies]
    data["periods"] = [{**to_json(p, S.PERIOD_COLUMNS), "label": p.label} for p in plan.periods]
    return data


def _period(d: dict) -> Period:
    """A period from its JSON form; a data period left out is the regime's default for its id."""

    def day(key: str) -> date | None:
        return date.fromisoformat(d[key]) if d.get(key) else None

    return make_period(d["id"], date.fromisoformat(d["deadline"]), day("start"), day("end"), d.get("ranking_size"))


def plan_dict_problems(d: object) -> list[tuple[str, str, object, str]]:
    """Every value of the wrong type in a plan's JSON form, located by its path («indicators[3].target.value»):
    checked before the plan is built, so a hand-edited file is a list of findings, never a crash later."""
    if not isinstance(d, dict):
        return [("", "", d, "một đối tượng JSON {…}")]
    problems = json_type_problems(S.INFO_FIELDS, d, "")
    lists = {
        "pillars": S.PILLAR_COLUMNS,
        "groups": S.GROUP_COLUMNS,
        "indicators": S.INDICATOR_COLUMNS,
        "tasks": S.TASK_COLUMNS,
        "profile": S.PROFILE_COLUMNS,
        "agencies": S.AGENCY_COLUMNS,
        "periods": S.PERIOD_COLUMNS,
    }
    for key, columns in lists.items():
        items = d.get(key, [])
        if not isinstance(items, list):
            problems.append((key, "", items, "một danh sách […]"))
            continue
        for n, item in enumerate(items):
            problems += json_type_problems(columns, item, f"{key}[{n}]")
            if key == "indicators" and isinstance(item, dict):
                tasks = item.get("tasks", [])
                if not isinstance(tasks, list):
                    problems.append((f"{key}[{n}].tasks", "", tasks, "một danh sách […]"))
                    continue
                for m, task in enumerate(tasks):
                    problems += json_type_problems(S.TASK_COLUMNS, task, f"{key}[{n}].tasks[{m}]")
    return problems


def plan_from_dict(d: dict) -> Plan:
    """Build a Plan from its dict form; structural mistakes raise KeyError/ValueError (our own data)."""
    tasks: list[Task] = []
    indicators = []
    for i in d.get("indicators", []):
        indicators.append(from_json(Indicator, S.INDICATOR_COLUMNS, i))
        tasks.extend(from_json(Task, S.TASK_COLUMNS, t, indicator=i["code"]) for t in i.get("tasks", []))
    tasks.extend(from_json(Task, S.TASK_COLUMNS, t) for t in d.get("tasks", []))
    return from_json(
        Plan,
        S.INFO_FIELDS,
        d,
        pillars=[from_json(Pillar, S.PILLAR_COLUMNS, p) for p in d.get("pillars", [])],
        groups=[from_json(Group, S.GROUP_COLUMNS, g) for g in d.get("groups", [])],
        profile=[from_json(ProfileScore, S.PROFILE_COLUMNS, p) for p in d.get("profile", [])],
        indicators=indicators,
        agencies=[from_json(Agency, S.AGENCY_COLUMNS, a) for a in d.get("agencies", [])],
        tasks=tasks,
        periods=[_period(p) for p in d.get("periods", [])],
    )
