"""The plan fingerprint follows the plan's meaning, not the JSON form: templates already sent stay valid."""

from __future__ import annotations

import copy
import dataclasses
import unicodedata

import pytest

from pii_excel.plan import load_plan, serialize
from pii_excel.plan.fingerprint import plan_fingerprint

# Templates made by earlier releases carry these; a change here marks every template sent out as changed.
# Canonical form 2 (issue #13): agencies report raw figures, not scores, so version-1 templates (b8eef16db04decf0,
# a7a3a59e5baca927) no longer match on purpose. Issue #32: 1.2.1 (a PCI sub-index) and 3.1.1 (DTI) are other
# publishers' scores that no agency reports, and 1.1.1 is listed as documents: the PII plan's 2b85a967e10e030e
# no longer matches on purpose.
PUBLISHED = {"pii-2024-bac-giang": "e1960505f061ec4d", "pci-2020-skhcn": "890d2bd67c103d52"}


@pytest.mark.parametrize("plan_id", sorted(PUBLISHED))
def test_fingerprints_of_the_built_in_plans_do_not_move(plan_id):
    assert plan_fingerprint(load_plan(plan_id)) == PUBLISHED[plan_id]


def test_the_json_form_can_change_shape_without_changing_the_fingerprint(monkeypatch):
    plan = load_plan("pii-2024-bac-giang")
    monkeypatch.setattr(serialize, "plan_to_dict", lambda p: {"schema": 2, "everything": "elsewhere"})
    assert plan_fingerprint(plan) == PUBLISHED[plan.id]


def test_what_agencies_fill_in_changes_it_and_nothing_else_does():
    plan = load_plan("pii-2024-bac-giang")
    same = copy.deepcopy(plan)
    same.report = dataclasses.replace(same.report, signer_name="Nguyễn Văn A")
    same.periods = same.periods[:1]
    same.notes = ["ghi chú mới"]
    same.indicators[0].name = unicodedata.normalize("NFD", same.indicators[0].name)  # typed on a Mac
    assert plan_fingerprint(same) == PUBLISHED[plan.id]
    moved = copy.deepcopy(plan)
    moved.indicators[0].target = dataclasses.replace(moved.indicators[0].target, value=99.0)
    assert plan_fingerprint(moved) != PUBLISHED[plan.id]
