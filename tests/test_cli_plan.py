"""The `plan` commands: data on stdout, messages on stderr, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import edit_plan_workbook

from pii_excel.cli import main
from pii_excel.plan import workbook_schema as S

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_version_and_vietnamese_help():
    assert run("--version").output.startswith("pii-excel ")
    out = run("plan", "show", "--help").output
    assert "Cách dùng:" in out and "Ví dụ:" in out and "pii-excel plan show pii-2024-bac-giang" in out


def test_plan_list_shows_both_builtins():
    result = run("plan", "list")
    assert result.exit_code == 0
    ids = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert ids == ["pci-2020-skhcn", "pii-2024-bac-giang"]


def test_plan_show_json_has_the_documented_shape():
    result = run("plan", "show", "pii-2024-bac-giang", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["id"] == "pii-2024-bac-giang" and data["title"].startswith("Duy trì")
    pillar = data["pillars"][0]
    assert pillar["baseline"] == {"score": 67.23, "rank": 4} and pillar["goal"]["top_n"] == 10
    ind = next(i for i in data["indicators"] if i["code"] == "2.2.3")
    assert ind["baseline"] == {"year": 2023, "value": 2.43}
    assert ind["target"] == {"op": "≥", "value": 10.0, "increase": None}
    assert ind["lead"] == ["SKHCN"] and ind["cooperating"] == ["SBN_ALL"] and ind["frequency"] == "yearly"
    assert ind["unit"] and ind["pillar"] == "2" and ind["direction"] == "higher" and len(ind["tasks"]) == 1
    assert {"code": "SNV", "name": "Sở Nội vụ", "kind": "department"}.items() <= data["agencies"][7].items()
    assert data["periods"][0] == {
        "id": "2024",
        "label": "Năm 2024",
        "start": "2023-12-15",  # Nghị định 09/2019: the year's data from 15/12 of the previous year to 14/12
        "end": "2024-12-14",
        "deadline": "2024-12-20",
        "ranking_size": None,
    }
    assert data["periods"][1]["ranking_size"] == 34  # PII 2025 ranks 34 provinces
    assert len(data["fingerprint"]) == 16


def test_plan_show_text_is_vietnamese():
    out = run("plan", "show", "pci-2020-skhcn").stdout
    assert "Chi phí gia nhập thị trường" in out and "mục tiêu ≥ 7,61 (tăng 0,83 so với 2019)" in out
    assert "2020-Q3" in out and "05/10/2020" in out


def test_unknown_plan_is_a_usage_error():
    result = run("plan", "show", "khong-co")
    assert result.exit_code == 2
    # a plan's code is not called a file (issue #35), and the name is not repeated after the message
    assert "Không có kế hoạch có sẵn hay tệp kế hoạch nào tên «khong-co»" in result.stderr
    assert "(khong-co)" not in result.stderr and "PLAN_" not in result.stderr and result.stdout == ""


def test_export_then_check_clean_exits_0(tmp_path):
    out = tmp_path / "ke-hoach.xlsx"
    result = run("plan", "export", "pci-2020-skhcn", "-o", str(out))
    assert result.exit_code == 0 and out.exists()
    result = run("plan", "check", str(out))
    assert result.exit_code == 0
    assert "dùng được" in result.stderr


def test_check_with_errors_exits_1_and_names_the_cell(tmp_path):
    run("plan", "export", "pii-2024-bac-giang", "-o", str(tmp_path / "a.xlsx"))
    bad = edit_plan_workbook(tmp_path / "a.xlsx", tmp_path / "b.xlsx", [(S.SHEET_INDICATORS, "2.2.3", "lead", "XYZ")])
    result = run("plan", "check", str(bad))
    assert result.exit_code == 1
    assert "«XYZ»" in result.stderr and "ô M3" in result.stderr and "«Chỉ số»" in result.stderr
    assert "PLAN_" not in result.stderr  # codes are for machines; people read the message
    assert data_code(run("plan", "check", str(bad), "--json").stdout) == "PLAN_AGENCY_UNKNOWN"
    data = json.loads(run("plan", "check", str(bad), "--json").stdout)
    assert data["ok"] is False and data["findings"][0]["cell"] == "M3"


def test_export_refuses_other_suffix(tmp_path):
    assert run("plan", "export", "pii-2024-bac-giang", "-o", str(tmp_path / "x.csv")).exit_code == 2


def test_generate_py_is_the_same_cli():
    direct = subprocess.run([sys.executable, str(ROOT / "generate.py"), "plan", "list"], capture_output=True, text=True)
    assert direct.returncode == 0
    assert direct.stdout == run("plan", "list").stdout


def data_code(stdout: str) -> str:
    return json.loads(stdout)["findings"][0]["code"]
