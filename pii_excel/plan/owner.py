"""Which plan a results folder belongs to. Results, history and templates live under output/<plan id>/, so two
plans sharing an id (a plan file made from another and never renamed) would mix their results: the folder records
the plan that first wrote into it, and a different plan under the same id is refused."""

from __future__ import annotations

import json
from pathlib import Path

from pii_excel.atomic import write_text_atomic
from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.plan.model import Plan
from pii_excel.textnorm import fold

OWNER_FILE = "ke-hoach.json"


def _identity(plan: Plan) -> dict[str, str]:
    return {
        "id": plan.id,
        "title": plan.title,
        "index_kind": plan.index_kind,
        "province": plan.province,
        "doc_number": plan.doc_number,
    }


def _describe(record: dict) -> str:
    number = f", {record['doc_number']}" if record.get("doc_number") else ""
    return f"({record.get('index_kind', '')}, {record.get('province', '')}{number})"


def _same_plan(record: dict, plan: Plan) -> bool:
    """The same plan, possibly edited (a target fixed, a deadline moved): same index and province, and the same
    document number where both have one."""
    mine = _identity(plan)
    if any(fold(str(record.get(k, ""))) != fold(mine[k]) for k in ("index_kind", "province")):
        return False
    theirs, ours = fold(str(record.get("doc_number", ""))), fold(mine["doc_number"])
    return not (theirs and ours and theirs != ours)


def folder_owner_problem(plan: Plan, plan_root: Path) -> Finding | None:
    """A finding when `plan_root` (output/<plan id>) holds another plan's results; None when it is this plan's,
    new, or its record cannot be read (an unreadable record never stops a run)."""
    try:
        record = json.loads((plan_root / OWNER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or _same_plan(record, plan):
        return None
    return finding(
        Code.PLAN_OUTPUT_OTHER_PLAN,
        at=Location(str(plan_root)),
        value=plan.id,
        folder=str(plan_root),
        other=_describe(record),
        this=_describe(_identity(plan)),
    )


def record_folder_owner(plan: Plan, plan_root: Path) -> None:
    """Note this plan as the folder's owner (kept when it is already there, so the first plan stays the owner)."""
    target = plan_root / OWNER_FILE
    if target.exists():
        return
    try:
        plan_root.mkdir(parents=True, exist_ok=True)
        write_text_atomic(target, json.dumps(_identity(plan), ensure_ascii=False, indent=2) + "\n")
    except OSError:  # the record is a safeguard; a read-only output folder fails later with its own message
        pass
