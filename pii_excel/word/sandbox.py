"""The Jinja environment a report template is rendered in: a sandbox, because the template is a .docx anyone in
the department can edit and pass on, so its placeholders are untrusted code.

Jinja's `ImmutableSandboxedEnvironment` already refuses attributes that start with an underscore (the way from
`self` or a string to `__globals__` and `__builtins__`) and methods that change data. This one is stricter:
- attributes are read only on plain data (text, numbers, dates, lists, dicts — what `build_context` gives) and
  on Jinja's own loop helpers; any other object in the context (a native chart) can be printed and nothing else,
  so no placeholder can reach the document, the package or a file through it;
- no template is loaded by name: `{% include %}`, `{% import %}` and `{% extends %}` are refused;
- no global but the harmless ones, `range` bounded, and `*`/`**` refused where they would build a huge value.
Everything refused raises `SecurityError` (a `TemplateError`), which `render_report` turns into «Lỗi mẫu báo cáo».
"""

from __future__ import annotations

import operator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup

# Types whose public attributes and methods a template may use (after the sandbox's own checks).
_DATA_TYPES: tuple[type, ...] = (str, Markup, int, float, bool, Decimal, date, datetime, list, tuple, dict)
_HELPER_TYPES: tuple[type, ...] = (LoopContext, Cycler, Joiner, Namespace)
# The report's tables are at most a few thousand rows; a loop far beyond that is an attack or a mistake. The total
# over one render bounds nested loops too (10,000 × 10,000 would print a hundred million times).
MAX_RANGE = 10_000
MAX_RANGE_TOTAL = 100_000
# The longest text or list `*` may build, and the largest exponent `**` may take.
MAX_REPEAT = 100_000
MAX_EXPONENT = 100


class ReportEnvironment(ImmutableSandboxedEnvironment):
    """Renders the report template's placeholders with the report's context and nothing else."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self) -> None:
        # autoescape is set by docxtpl's render (agency text with "<" or "&" must not break the document's XML)
        super().__init__(undefined=StrictUndefined, autoescape=False)
        self.globals = {
            "range": self._bounded_range,
            "dict": dict,
            "cycler": Cycler,
            "joiner": Joiner,
            "namespace": Namespace,
        }
        self._ranged = 0  # elements every range() of this render has given so far
        self.last_source: str | None = None  # the part being rendered, so an error can quote its placeholder

    def from_string(self, source: Any, *args: Any, **kwargs: Any) -> Any:
        self.last_source = source if isinstance(source, str) else None
        return super().from_string(source, *args, **kwargs)

    def _bounded_range(self, *args: int) -> range:
        rng = range(*args)
        self._ranged += len(rng)
        if len(rng) > MAX_RANGE or self._ranged > MAX_RANGE_TOTAL:
            raise SecurityError("vòng lặp range() quá lớn")
        return rng

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not isinstance(obj, _DATA_TYPES + _HELPER_TYPES):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"số mũ quá lớn ({right})")
            return operator.pow(left, right)
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_REPEAT:
                raise SecurityError("phép nhân tạo ra văn bản hoặc danh sách quá dài")
        return operator.mul(left, right)

    # Loading a template by name is how {% include %}, {% import %} and {% extends %} reach files.
    def get_template(self, *args: Any, **kwargs: Any) -> Any:
        raise SecurityError("mẫu báo cáo không được nạp mẫu khác (include, import, extends)")

    select_template = get_template
    get_or_select_template = get_template
