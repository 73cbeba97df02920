"""A template's identity is believed only when its copies agree: the hidden sheet, the document properties and the
tables themselves. A pasted identity is rejected and never displaces the genuine submission."""

from __future__ import annotations

import zipfile
from datetime import datetime, timezone
from pathlib import Path

import openpyxl
import pytest
from conftest import NOW, fill_like_agency, set_identity

from pii_excel.intake.folder import run_intake
from pii_excel.sample.fill import set_saved_time
from pii_excel.template import layout as L
from pii_excel.template.generate import make_templates

LATER = datetime(2024, 12, 12, 2, 0, tzinfo=timezone.utc)  # after the genuine file's saved time


def _paste_identity(donor: Path, host: Path, target: Path, drop_properties: bool = False) -> Path:
    """What a person does by copying the hidden identity sheet of one workbook over another's."""
    identity = [(r[0].value, r[1].value) for r in openpyxl.load_workbook(donor)[L.SHEET_META].iter_rows(max_col=2)]
    wb = openpyxl.load_workbook(host)
    sheet = wb[L.SHEET_META]
    for row, (key, value) in enumerate(identity, 1):
        sheet.cell(row, 1).value, sheet.cell(row, 2).value = key, value
    if drop_properties:
        wb.custom_doc_props.props.clear()
    wb.save(target)
    set_saved_time(target, LATER)
    return target


@pytest.fixture(scope="module")
def genuine(pii_2024, tmp_path_factory):
    plan, made = pii_2024
    folder = tmp_path_factory.mktemp("genuine")
    return {code: fill_like_agency(plan, made, code, folder / f"{code}.xlsx") for code in ("SKHCN", "STC", "SCT")}


def _run_with_forgery(plan, genuine, tmp_path, forged: Path):
    inp = tmp_path / "input"
    inp.mkdir(parents=True, exist_ok=True)
    for path in genuine.values():
        (inp / path.name).write_bytes(path.read_bytes())
    if forged.parent != inp:
        (inp / forged.name).write_bytes(forged.read_bytes())
    return run_intake(plan, "2024", inp, now=NOW)


def _coordinator_scores(result) -> int:
    return sum(o.score is not None for o in result.official)


def test_identity_pasted_onto_another_agencys_workbook_is_rejected(pii_2024, genuine, tmp_path):
    plan, _ = pii_2024
    forged = _paste_identity(genuine["SKHCN"], genuine["STC"], tmp_path / "gia-mao.xlsx")
    honest = _run_with_forgery(plan, {"SKHCN": genuine["SKHCN"]}, tmp_path / "a", genuine["STC"])
    result = _run_with_forgery(plan, genuine, tmp_path / "b", forged)
    status = {i.path: i.status for i in result.inputs}
    assert status["gia-mao.xlsx"] == "rejected" and status["SKHCN.xlsx"] == "accepted"
    assert [f.code for f in result.findings if f.location.file == "gia-mao.xlsx"] == ["IDENTITY_CONFLICT"]
    assert _coordinator_scores(result) == _coordinator_scores(honest) > 0  # the published scores survive


def test_identity_pasted_from_another_period_or_plan_is_rejected(pii_2024, genuine, tmp_path):
    plan, _ = pii_2024
    made_2025 = {m.duties.agency.code: m for m in make_templates(plan, "2025", tmp_path / "t2025", now=NOW)}
    host_2025 = fill_like_agency(plan, made_2025, "SKHCN", tmp_path / "host-2025.xlsx", period_id="2025")
    forged = _paste_identity(genuine["SKHCN"], host_2025, tmp_path / "ky-khac.xlsx")
    result = _run_with_forgery(plan, genuine, tmp_path / "a", forged)
    assert [f.code for f in result.findings if f.location.file == "ky-khac.xlsx"] == ["IDENTITY_CONFLICT"]
    assert "kỳ" in next(f.message for f in result.findings if f.location.file == "ky-khac.xlsx")

    from pii_excel.plan import load_plan

    pci = load_plan("pci-2020-skhcn")
    made_pci = {m.duties.agency.code: m for m in make_templates(pci, "2020", tmp_path / "pci", now=NOW)}
    host_pci = fill_like_agency(pci, made_pci, "QLCN", tmp_path / "host-pci.xlsx", period_id="2020")
    forged = _paste_identity(genuine["SKHCN"], host_pci, tmp_path / "ke-hoach-khac.xlsx")
    result = _run_with_forgery(plan, genuine, tmp_path / "b", forged)
    assert [f.code for f in result.findings if f.location.file == "ke-hoach-khac.xlsx"] == ["IDENTITY_CONFLICT"]
    assert {i.path: i.status for i in result.inputs}["SKHCN.xlsx"] == "accepted"


def test_identity_pasted_where_no_properties_exist_is_judged_by_the_tables(pii_2024, genuine, tmp_path):
    plan, _ = pii_2024
    forged = _paste_identity(genuine["SCT"], genuine["STC"], tmp_path / "khong-thuoc-tinh.xlsx", drop_properties=True)
    with zipfile.ZipFile(forged) as zf:
        assert (
            "pii_agency" not in zf.read("docProps/custom.xml").decode()
            if "docProps/custom.xml" in zf.namelist()
            else True
        )
    result = _run_with_forgery(plan, genuine, tmp_path / "a", forged)
    status = {i.path: i.status for i in result.inputs}
    assert status["khong-thuoc-tinh.xlsx"] == "rejected" and status["SCT.xlsx"] == "accepted"
    assert [f.code for f in result.findings if f.location.file == "khong-thuoc-tinh.xlsx"] == ["IDENTITY_MISMATCH"]


def test_an_unknown_template_version_is_a_finding(pii_2024, genuine, tmp_path):
    plan, _ = pii_2024
    wb = openpyxl.load_workbook(genuine["STC"])
    set_identity(wb, "template_version", "9")
    target = tmp_path / "phien-ban-moi.xlsx"
    wb.save(target)
    result = _run_with_forgery(plan, {}, tmp_path / "a", target)
    assert [f.code for f in result.findings if f.location.file == "phien-ban-moi.xlsx"] == ["IDENTITY_VERSION_UNKNOWN"]
