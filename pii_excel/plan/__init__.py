"""Plans as data: built-in plans, plan workbooks and JSON plan files, all loaded into one model."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: `plan list` reads two fields of each built-in plan and needs neither the
    # plan model (its dataclasses take a fifth of a start-up) nor the finding catalogue and checks
    from pii_excel.findings import Finding
    from pii_excel.plan.model import Plan

DEFAULT_PLAN = "pii-2024-bac-giang"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


class PlanError(Exception):
    """A plan could not be loaded; `findings` says exactly why, in Vietnamese."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("; ".join(f.message for f in findings[:3]))


@dataclass
class PlanCheck:
    plan: Plan | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        from pii_excel.findings import has_errors

        return self.plan is not None and not has_errors(self.findings)


def builtin_plan_ids() -> list[str]:
    folder = resources.files("pii_excel.plan") / "builtin"
    return sorted(p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json"))


def builtin_plan_heading(plan_id: str) -> tuple[str, str]:
    """A built-in plan's index and title, read without building the plan (`plan list` prints only these)."""
    data = _builtin_dict(plan_id)
    return str(data.get("index_kind", "")), str(data.get("title", ""))


def _builtin_dict(plan_id: str) -> dict:
    text = (resources.files("pii_excel.plan") / "builtin" / f"{plan_id}.json").read_text(encoding="utf-8")
    return json.loads(text)


def check_plan(ref: str | Path) -> PlanCheck:
    """Load a plan (built-in id, plan workbook or JSON file) and report every problem found."""
    from pii_excel.findings import Code, Location, finding
    from pii_excel.plan.serialize import plan_from_dict
    from pii_excel.plan.validate import validate_plan

    ref_text = str(ref)
    if ref_text in builtin_plan_ids():
        plan = plan_from_dict(_builtin_dict(ref_text))
        return PlanCheck(plan, validate_plan(plan, file=ref_text))
    path = Path(ref)
    name = path.name
    if not path.exists():
        known = ", ".join(builtin_plan_ids())
        # a plan's code or a file's name: neither is there (the message says both, not «tệp»)
        return PlanCheck(None, [finding(Code.PLAN_NOT_FOUND, name=ref_text, known=known)])
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"), parse_constant=_not_a_number)  # BOM: Notepad
            if typed := _json_type_findings(data, name):
                return PlanCheck(None, typed)
            plan = plan_from_dict(data)
        except Exception as exc:  # anything in a hand-edited JSON file: said in Vietnamese, the detail kept apart
            return PlanCheck(
                None,
                [
                    finding(
                        Code.PLAN_UNREADABLE,
                        at=Location(name),
                        detail=_json_problem(exc),
                        technical=f"{type(exc).__name__}: {exc}"[:500],
                    )
                ],
            )
        return PlanCheck(plan, _id_taken(plan, name) + validate_plan(plan, file=name))
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from pii_excel.plan.workbook_read import read_plan_workbook

        from_workbook, problems = read_plan_workbook(path)
        if from_workbook is None:
            return PlanCheck(None, problems)
        # A cell already reported as unreadable is not reported again as, say, a missing target.
        seen = {(f.location.sheet, f.location.cell) for f in problems}
        later = [
            f
            for f in validate_plan(from_workbook, file=name)
            if not f.location.cell or (f.location.sheet, f.location.cell) not in seen
        ]
        return PlanCheck(from_workbook, _id_taken(from_workbook, name) + problems + later)
    return PlanCheck(
        None,
        [finding(Code.PLAN_UNREADABLE, at=Location(name), detail="chỉ nhận tệp kế hoạch .xlsx, .ods, .xls hoặc .json")],
    )


def _id_taken(plan: Plan, file: str) -> list[Finding]:
    """A plan file that keeps a built-in plan's id but not its content would be taken for that plan: its results
    written into the built-in plan's folder and history. What a department adds to the same plan over time keeps
    it the same plan: deadlines, the report's signer, agencies' e-mail addresses, and the raw-figure details
    (normalisation bounds, last year's figures, sources); indicators, targets, agencies and tasks do not."""
    if plan.id not in builtin_plan_ids():
        return []
    from pii_excel.findings import Code, Location, finding
    from pii_excel.plan.fingerprint import canonical_plan
    from pii_excel.plan.serialize import plan_from_dict
    from pii_excel.textnorm import ascii_slug

    builtin = plan_from_dict(_builtin_dict(plan.id))

    def meaning(p: Plan) -> dict:
        data = canonical_plan(p)
        for agency in data["agencies"]:
            agency.pop("email", None)
        for indicator in data["indicators"]:
            indicator.pop("figure", None)
        return data

    if meaning(plan) == meaning(builtin):
        return []
    at = plan.origin.get("id") or Location("", "", "")
    suggestion = f"{plan.index_kind.lower()}-{plan.target_year or plan.baseline_year or 'nam'}-" + (
        ascii_slug(plan.province).lower() or "tinh"
    )
    return [
        finding(
            Code.PLAN_ID_TAKEN,
            at=Location(file, at.sheet, at.cell),
            value=plan.id,
            title=builtin.title,
            suggestion=suggestion,
        )
    ]


def _not_a_number(constant: str) -> float:
    raise ValueError(f"«{constant}» không phải số hợp lệ trong JSON")


def _json_type_findings(data: object, file: str) -> list[Finding]:
    from pii_excel.findings import Code, Location, finding
    from pii_excel.plan.serialize import plan_dict_problems

    found = []
    for path, header, value, expected in plan_dict_problems(data):
        where = path or "gốc tệp"
        if not header:  # the form's structure, not a field: the file is not a plan as written
            detail = f"nội dung không đúng cấu trúc của một kế hoạch: «{where}» phải là {expected}"
            found.append(
                finding(
                    Code.PLAN_UNREADABLE,
                    at=Location(file, "", where),
                    detail=detail,
                    technical=f"JSON {where}: {type(value).__name__}",
                )
            )
            continue
        found.append(
            finding(
                Code.PLAN_JSON_WRONG_TYPE,
                at=Location(file, "", where),
                field=header,
                value=json.dumps(value, ensure_ascii=False)[:80],
                expected=expected,
            )
        )
    return found


def _json_problem(exc: Exception) -> str:
    from pii_excel.untrusted.scan import os_reason

    if isinstance(exc, OSError):
        return f"không mở được tệp ({os_reason(exc)})"
    if isinstance(exc, json.JSONDecodeError):
        return f"JSON viết sai ở dòng {exc.lineno}, cột {exc.colno}"
    if isinstance(exc, ValueError) and "không phải số hợp lệ" in str(exc):
        return f"{exc} (NaN, Infinity không dùng được; viết một số hoặc để trống)"
    if isinstance(exc, UnicodeDecodeError):
        return "tệp không phải văn bản UTF-8"
    if isinstance(exc, KeyError):
        return f"thiếu trường «{exc.args[0]}»"
    return "nội dung không đúng cấu trúc của một kế hoạch (xem mẫu bằng: pii-excel plan show --json)"


def load_plan(ref: str | Path) -> Plan:
    """Load a plan; raise PlanError when it has errors (warnings are allowed). A built-in plan is not checked again
    here: the test suite holds every built-in plan free of errors, and its working-day checks alone (the holidays
    calendar) cost more than the 150 ms `plan list` and `plan show` may take to start."""
    if str(ref) in builtin_plan_ids():
        from pii_excel.plan.serialize import plan_from_dict

        return plan_from_dict(_builtin_dict(str(ref)))
    result = check_plan(ref)
    if not result.ok or result.plan is None:
        raise PlanError([f for f in result.findings if f.severity.value == "error"] or result.findings)
    return result.plan
