"""The catalogue of finding codes: every code is used, reachable, and its message formats with what is passed."""

from __future__ import annotations

import ast
import os
import re
import string
from pathlib import Path

import pytest
from conftest import CATALOGUE_TEST

from pii_excel.findings import CATALOGUE, TRACE_ENV, Code, Location, finding

PACKAGE = Path(__file__).parent.parent / "pii_excel"
# Codes carried as data before they reach finding() (a pre-check's or a reader failure's code, a reader's table
# of known failures) are always reported with the reason as `detail` (FileOutcome.reject(problem.code, detail=)).
CARRIERS = {"PrecheckProblem", "ReaderFailure"}
INDIRECT_DETAILS = {"detail"}
LOCATION_FIELDS = {"value", "file", "sheet", "cell"}  # finding() always supplies these to the template


def _code_of(node: ast.AST) -> Code | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Code":
        return Code(node.attr)
    return None


def _call_sites() -> tuple[dict[Code, list[tuple[str, set[str]]]], dict[Code, list[str]]]:
    """Calls whose first argument is a Code (the code and the keywords passed), and other uses of codes."""
    calls: dict[Code, list[tuple[str, set[str]]]] = {}
    other: dict[Code, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if path.name == "findings.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        first_args = set()
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and node.args
                and (code := _code_of(node.args[0])) is not None
                and ast.unparse(node.func).split(".")[-1] not in CARRIERS
            ):
                first_args.add(id(node.args[0]))
                keywords = {k.arg for k in node.keywords if k.arg}
                calls.setdefault(code, []).append((f"{path.name}:{node.lineno}", keywords))
        for node in ast.walk(tree):
            if (code := _code_of(node)) is not None and id(node) not in first_args:
                other.setdefault(code, []).append(f"{path.name}:{node.lineno}")
    return calls, other


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_codes_follow_the_naming_scheme():
    areas = (
        "PLAN",
        "FILE",
        "IDENTITY",
        "TEMPLATE",
        "VALUE",
        "TEXT",
        "TASK",
        "AGENCY",
        "OFFICIAL",
        "SUBMISSION",
        "MAIL",
        "RECEIVED",
        "RESULTS",
        "EVIDENCE",
    )
    for code in Code:
        assert code.value == code.name and re.fullmatch(r"[A-Z0-9_]+", code.value)
        assert code is Code.PROGRAM_ERROR or code.value.split("_")[0] in areas, code
        assert CATALOGUE[code].code is code
    assert set(CATALOGUE) == set(Code)


def test_every_code_is_used_and_its_message_formats_with_what_call_sites_pass():
    calls, other = _call_sites()
    unused = [c for c in Code if c not in calls and c not in other]
    assert not unused, f"codes nothing in the package produces: {unused}"
    for code, sites in calls.items():
        needed = _placeholders(CATALOGUE[code].template) - LOCATION_FIELDS
        for site, keywords in sites:
            assert needed <= keywords, f"{code} at {site} passes {sorted(keywords)}, its message needs {needed}"
    for code in other:
        if code not in calls:
            needed = _placeholders(CATALOGUE[code].template) - LOCATION_FIELDS
            assert needed <= INDIRECT_DETAILS, f"{code} is reported indirectly but its message needs {needed}"


def test_fix_texts_name_only_facts_their_message_has_and_are_filled_in():
    for code, rule in CATALOGUE.items():
        assert _placeholders(rule.fix) <= _placeholders(rule.template) | LOCATION_FIELDS | {"value"}, code
    f = finding(
        Code.VALUE_RATIO_MISMATCH, at=Location("a.xlsx", "Chỉ số", "I5"), value=30, times=" × 100", computed=30.82
    )
    assert f.fix.endswith("chia mẫu số × 100.") and "{" not in f.fix


def test_details_are_kept_as_data_and_formatted_in_the_message():
    from datetime import date

    f = finding(
        Code.SUBMISSION_LATE,
        at=Location("a.xlsx"),
        agency="STC",
        value="05/01/2025 09:00",
        days=3,
        deadline=date(2025, 1, 2),
        source="thời gian của tệp",
    )
    assert f.details == {"days": 3, "deadline": date(2025, 1, 2), "source": "thời gian của tệp"}
    assert "3 ngày" in f.message and "02/01/2025" in f.message
    data = f.to_dict()
    assert data["details"]["deadline"] == "2025-01-02" and data["agency"] == "STC" and data["file"] == "a.xlsx"


def test_every_code_is_produced_by_some_test(request):
    """Runs last (conftest). Only a run of the whole default suite can tell, so a partial run skips."""
    config = request.config
    whole = not config.option.keyword and [Path(a).resolve() for a in config.args] in (
        [],
        [Path(config.rootpath, "tests").resolve()],
        [Path(config.rootpath).resolve()],
    )
    if not whole or config.option.markexpr != "not slow" or getattr(config.option, "lf", False):
        pytest.skip("only the whole default suite shows which codes the tests produce")
    produced = set(Path(os.environ[TRACE_ENV]).read_text(encoding="utf-8").split())
    missing = sorted(c.value for c in Code if c.value not in produced)
    assert not missing, f"codes no test produces: {missing}"


assert test_every_code_is_produced_by_some_test.__name__ == CATALOGUE_TEST
