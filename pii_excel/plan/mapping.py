"""Moving plan objects to and from their workbook rows and JSON objects, driven by the one field table
(`workbook_schema`). Nothing here names a field: adding one to the table is enough."""

from __future__ import annotations

import dataclasses
import functools
import math
import typing
from datetime import date
from typing import Any, TypeVar

from pii_excel.plan.model import with_defaults
from pii_excel.plan.vocab import YES_NO
from pii_excel.plan.workbook_schema import CHOICE_LABELS, Column

CODE_SEP = "; "
_T = TypeVar("_T")


def get_path(obj: object, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _put(target: dict, path: str, value: object) -> None:
    *parents, last = path.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value


def _take(source: object, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(source, dict) or part not in source:
            return None
        source = source[part]
    return source


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def build(cls: type[_T], values: dict[str, object], **extra: object) -> _T:
    """An object from values keyed by model path ("target.value"); None takes the model's default, nested
    objects (a Target, a Goal, the report settings) are built the same way."""
    nested: dict[str, Any] = {}
    for path, value in values.items():
        _put(nested, path, value)
    hints = _hints(typing.cast(type, cls))
    for name, value in nested.items():
        kind = hints.get(name)
        if isinstance(value, dict) and isinstance(kind, type) and dataclasses.is_dataclass(kind):
            nested[name] = with_defaults(kind, **value)
    return with_defaults(cls, **{**nested, **extra})  # extra: what the caller knows better (nesting, origin)


# --- workbook cells ----------------------------------------------------------------------------------------------


def to_cell(column: Column, value: object) -> object:
    """A model value as staff read and type it: labels for choices, "Có"/"Không", codes joined by "; "."""
    if value is None:
        return None
    if column.kind == "codes":
        return CODE_SEP.join(typing.cast(list, value))
    if column.kind == "lines":
        return "\n".join(typing.cast(list, value))
    if column.kind == "bool":
        return YES_NO[bool(value)]
    if column.kind.startswith("choice:"):
        return CHOICE_LABELS[column.kind.split(":", 1)[1]].get(typing.cast(str, value), value)
    return value


def row_of(obj: object, columns: tuple[Column, ...]) -> dict[str, object]:
    return {c.key: to_cell(c, get_path(obj, c.path)) for c in columns}


def from_cells(cls: type[_T], columns: tuple[Column, ...], values: dict[str, object], **extra: object) -> _T:
    """An object from typed cell values keyed by column. A blank text cell is an empty text (staff cleared it);
    any other blank takes the model's default."""
    given = {c.path: ("" if values.get(c.key) is None and c.kind == "text" else values.get(c.key)) for c in columns}
    return build(cls, given, **extra)


# --- JSON ----------------------------------------------------------------------------------------------------------


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    return value


def to_json(obj: object, columns: tuple[Column, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in columns:
        if c.json_path:
            _put(out, c.json_path, _plain(get_path(obj, c.path)))
    return out


def _parsed(column: Column, value: object) -> object:
    if column.kind == "date" and isinstance(value, str):
        return date.fromisoformat(value) if value else None
    if isinstance(value, list):
        return list(value)
    return value


_EXPECTED = {
    "number": "một số",
    "int": "một số nguyên",
    "date": 'một ngày dạng "yyyy-mm-dd"',
    "bool": "true hoặc false",
    "codes": "một danh sách chữ",
    "lines": "một danh sách chữ",
}


def _json_type_ok(kind: str, value: object) -> bool:
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind in ("codes", "lines"):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "date":
        try:
            return isinstance(value, str) and (not value or bool(date.fromisoformat(value)))
        except ValueError:
            return False
    return isinstance(value, str)  # text, comparator, choice


def json_type_problems(columns: tuple[Column, ...], data: object, where: str) -> list[tuple[str, str, object, str]]:
    """(JSON path, column header, value, what was expected) for each value of the wrong type in one object of a
    plan's JSON form: a number written as text («"12,76"»), NaN or infinity, text where a list belongs."""
    if not isinstance(data, dict):
        return [(where, "", data, "một đối tượng JSON {…}")]
    problems = []
    for c in columns:
        if not c.json_path:
            continue
        value = _take(data, c.json_path)
        if value is not None and not _json_type_ok(c.kind, value):
            problems.append((f"{where}.{c.json_path}".lstrip("."), c.header, value, _EXPECTED.get(c.kind, "chữ")))
    return problems


def from_json(cls: type[_T], columns: tuple[Column, ...], data: dict, **extra: object) -> _T:
    """An object from its JSON form; an absent key takes the model's default."""
    given = {c.path: _parsed(c, _take(data, c.json_path)) for c in columns if c.json_path}
    return build(cls, given, **extra)
