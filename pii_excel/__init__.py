"""pii-excel: collect, check and report agencies' progress on a provincial PII/PCI plan.

The library in three calls: `load_plan(id_or_path)`, `make_templates(plan, period, folder)` and
`consolidate(plan, period, input_folder, output_root)`. They are imported on first use, so that the command
line starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "consolidate", "load_plan", "make_templates"]

_EXPORTS = {
    "load_plan": "pii_excel.plan",
    "make_templates": "pii_excel.template.generate",
    "consolidate": "pii_excel.pipeline",
}

if TYPE_CHECKING:
    from pii_excel.pipeline import consolidate
    from pii_excel.plan import load_plan
    from pii_excel.template.generate import make_templates


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'pii_excel' has no attribute {name!r}")
