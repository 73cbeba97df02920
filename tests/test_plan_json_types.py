"""A plan written as JSON by hand is checked for types before it is used: NaN or infinity, a number typed as text
(«"12,76"»), text where a yes/no or a whole number belongs — each a located finding from `plan check`, never a
crash later in `consolidate`; a UTF-8 BOM (Notepad) is accepted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pii_excel.cli import main
from pii_excel.plan import check_plan


@pytest.fixture(scope="module")
def plan_json(tmp_path_factory) -> dict:
    shown = CliRunner().invoke(main, ["plan", "show", "pii-2024-bac-giang", "--json"])
    data = json.loads(shown.stdout)
    data["id"] = "pii-2024-thu-json"  # not the built-in plan's id: a plan of its own
    return data


def _write(tmp_path: Path, data: dict, name: str = "ke-hoach.json", text: str | None = None, bom: bool = False):
    path = tmp_path / name
    body = text if text is not None else json.dumps(data, ensure_ascii=False, allow_nan=True)
    path.write_bytes(("\ufeff" if bom else "").encode("utf-8") + body.encode("utf-8"))
    return path


def test_a_bom_is_accepted(plan_json, tmp_path):
    result = check_plan(_write(tmp_path, plan_json, bom=True))
    assert result.plan is not None and result.plan.id == "pii-2024-thu-json"


@pytest.mark.parametrize(
    ("edit", "where", "expected"),
    [
        (lambda d: d["indicators"][0]["target"].update(value=float("nan")), None, "NaN"),
        (lambda d: d["indicators"][0]["target"].update(value=float("inf")), None, "Infinity"),
        (lambda d: d["indicators"][0]["baseline"].update(value="12,76"), "indicators[0].baseline.value", "một số"),
        (lambda d: d.update(title=True), "title", "chữ"),
        (lambda d: d.update(ranking_size="63 tỉnh"), "ranking_size", "một số nguyên"),
        (lambda d: d["agencies"][1].update(code=7), "agencies[1].code", "chữ"),
        (lambda d: d.update(indicators={"1.1.1": {}}), None, "«indicators» phải là một danh sách"),
    ],
)
def test_a_wrong_type_is_a_located_finding(plan_json, tmp_path, edit, where, expected):
    data = json.loads(json.dumps(plan_json))
    edit(data)
    path = _write(tmp_path, data)
    result = check_plan(path)
    assert result.plan is None and result.findings, result
    first = result.findings[0]
    assert first.severity.value == "error"
    if where is not None:
        assert first.code.value == "PLAN_JSON_WRONG_TYPE" and first.location.cell == where
    assert expected in first.message
    cli = CliRunner().invoke(main, ["plan", "check", str(path)])
    assert cli.exit_code == 1 and "Traceback" not in cli.output
    run = CliRunner().invoke(
        main, ["consolidate", str(path), "--period", "2024", "-i", str(tmp_path / "in"), "-o", str(tmp_path / "out")]
    )
    assert run.exit_code != 0 and "Lỗi của chương trình" not in run.output
    assert not (tmp_path / "out" / "pii-2024-thu-json" / "2024" / "run.json").exists()
