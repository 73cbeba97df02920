"""Imported results live in the plan's history file (`<output>/<plan>/lich-su.sqlite`), one record per edition:
importing an edition again replaces it (in one transaction) and says what changed; another edition is never
touched. Reading is as forgiving as the history's: a row that cannot be read is skipped and named."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from pii_excel.history_db import HistoryError, as_number, as_whole, explain_error, write_transaction
from pii_excel.index.results import AggregateResult, EditionResults, IndicatorResult, ProvinceResult
from pii_excel.numbers import format_number
from pii_excel.vocab import ResultKind, SourceKind

SCHEMA = """
CREATE TABLE IF NOT EXISTS editions (
    edition TEXT PRIMARY KEY,
    idx TEXT NOT NULL,
    year INTEGER NOT NULL,
    province TEXT NOT NULL,
    region TEXT NOT NULL,
    publisher TEXT NOT NULL,
    document TEXT NOT NULL,
    published_on TEXT NOT NULL,
    ranking_size INTEGER,
    region_size INTEGER,
    source_file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS edition_rows (
    edition TEXT NOT NULL REFERENCES editions(edition) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    direction TEXT NOT NULL,
    source TEXT NOT NULL,
    raw REAL, low REAL, high REAL, score REAL,
    rank INTEGER, region_rank INTEGER,
    PRIMARY KEY (edition, kind, code)
);
CREATE TABLE IF NOT EXISTS edition_provinces (
    edition TEXT NOT NULL REFERENCES editions(edition) ON DELETE CASCADE,
    province TEXT NOT NULL,
    region TEXT NOT NULL,
    code TEXT NOT NULL,
    raw REAL, score REAL, rank INTEGER,
    PRIMARY KEY (edition, province, code)
);
"""
INDICATOR = "indicator"


def edition_key(index: str, year: int) -> str:
    return f"{index.lower()}-{year}"


def _rows(results: EditionResults) -> list[tuple[object, ...]]:
    key = edition_key(results.index, results.year)
    rows: list[tuple[object, ...]] = [
        (
            key,
            INDICATOR,
            i.code,
            i.name,
            i.unit,
            i.direction,
            i.source.value,
            i.raw,
            i.low,
            i.high,
            i.score,
            i.rank,
            None,
        )
        for i in results.indicators
    ]
    rows += [
        (key, a.kind.value, a.code, a.name, "", "", "", None, None, None, a.score, a.rank, a.region_rank)
        for a in results.aggregates
    ]
    return rows


def save_edition(path: Path, results: EditionResults, imported_at: datetime) -> list[str]:
    """Store the edition (replacing an earlier import of the same edition) and return what changed, in Vietnamese:
    one line per value that differs from the earlier import (empty for a first import)."""
    before = next((e for e in read_editions(path) if e.index == results.index and e.year == results.year), None)
    key = edition_key(results.index, results.year)
    with write_transaction(path, SCHEMA) as con:
        con.execute("DELETE FROM editions WHERE edition = ?", (key,))
        con.execute(
            "INSERT INTO editions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                results.index,
                results.year,
                results.province,
                results.region,
                results.publisher,
                results.document,
                results.published_on,
                results.ranking_size,
                results.region_size,
                results.source_file,
                results.sha256,
                imported_at.isoformat(),
            ),
        )
        con.executemany("INSERT INTO edition_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", _rows(results))
        # a history written before other provinces were kept: its rows of this edition are gone with the edition
        con.execute("DELETE FROM edition_provinces WHERE edition = ?", (key,))
        con.executemany(
            "INSERT INTO edition_provinces VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(key, o.province, o.region, o.code, o.raw, o.score, o.rank) for o in results.others],
        )
    return [] if before is None else changes(before, results)


def _value(value: float | int | None) -> str:
    return "trống" if value is None else format_number(float(value), 2)


def changes(before: EditionResults, after: EditionResults) -> list[str]:
    """Each value that differs between two imports of one edition: «2.2.1 điểm: 41,20 → 43,20»."""
    out = []
    words = {
        "raw": "giá trị",
        "low": "thấp nhất",
        "high": "cao nhất",
        "score": "điểm",
        "rank": "thứ hạng",
        "region_rank": "thứ hạng trong vùng",
    }
    old_ind = {i.code: i for i in before.indicators}
    for new in after.indicators:
        old = old_ind.pop(new.code, None)
        for attr in ("raw", "low", "high", "score", "rank"):
            was, now = (getattr(old, attr) if old else None), getattr(new, attr)
            if was != now:
                out.append(f"{new.code} {words[attr]}: {_value(was)} → {_value(now)}")
    out += [f"{code}: không còn trong tệp mới" for code in old_ind]
    old_others = {(o.province, o.code): (o.raw, o.score, o.rank) for o in before.others}
    new_others = {(o.province, o.code): (o.raw, o.score, o.rank) for o in after.others}
    moved = sum(old_others.get(k) != v for k, v in new_others.items()) + len(old_others.keys() - new_others.keys())
    if moved:
        out.append(f"Kết quả các tỉnh khác: {moved} dòng thay đổi")
    old_agg = {(a.kind, a.code): a for a in before.aggregates}
    for new_agg in after.aggregates:
        prev = old_agg.get((new_agg.kind, new_agg.code))
        for attr in ("score", "rank", "region_rank"):
            was, now = (getattr(prev, attr) if prev else None), getattr(new_agg, attr)
            if was != now:
                out.append(f"{new_agg.name} {words[attr]}: {_value(was)} → {_value(now)}")
    return out


def read_editions(path: Path) -> list[EditionResults]:
    """Every imported edition, oldest first; an absent file (or one without results yet) has none."""
    if not path.is_file():
        return []
    try:
        with closing(sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=30)) as con:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "editions" not in tables:
                return []
            heads = con.execute(
                "SELECT edition, idx, year, province, region, publisher, document, published_on, ranking_size, "
                "region_size, source_file, sha256 FROM editions"
            ).fetchall()
            rows = con.execute(
                "SELECT edition, kind, code, name, unit, direction, source, raw, low, high, score, rank, region_rank "
                "FROM edition_rows"
            ).fetchall()
            province_rows = (
                con.execute(
                    "SELECT edition, province, region, code, raw, score, rank FROM edition_provinces"
                ).fetchall()
                if "edition_provinces" in tables
                else []
            )
    except sqlite3.Error as exc:
        raise explain_error(path, exc) from exc
    indicators: dict[str, list[IndicatorResult]] = {}
    aggregates: dict[str, list[AggregateResult]] = {}
    for key, kind, code, name, unit, direction, source, raw, low, high, score, rank, region_rank in rows:
        try:
            if kind == INDICATOR:
                indicators.setdefault(key, []).append(
                    IndicatorResult(
                        str(code),
                        str(name),
                        str(unit),
                        str(direction),
                        SourceKind(source),
                        as_number("raw", raw),
                        as_number("low", low),
                        as_number("high", high),
                        as_number("score", score),
                        as_whole("rank", rank),
                    )
                )
            else:
                aggregates.setdefault(key, []).append(
                    AggregateResult(
                        ResultKind(kind),
                        str(code),
                        str(name),
                        as_number("score", score),
                        as_whole("rank", rank),
                        as_whole("region_rank", region_rank),
                    )
                )
        except (ValueError, TypeError):
            continue  # a row of a newer version or typed by hand: left out, as the history leaves such rows out
    others: dict[str, list[ProvinceResult]] = {}
    for key, province, region, code, raw, score, rank in province_rows:
        try:
            others.setdefault(key, []).append(
                ProvinceResult(
                    str(province),
                    str(region),
                    str(code),
                    as_number("raw", raw),
                    as_number("score", score),
                    as_whole("rank", rank),
                )
            )
        except (ValueError, TypeError):
            continue
    out = []
    for key, index, year, province, region, publisher, document, published_on, size, region_size, source, sha in heads:
        try:
            out.append(
                EditionResults(
                    str(index),
                    int(year),
                    str(province),
                    str(region),
                    str(publisher),
                    str(document),
                    str(published_on),
                    as_whole("ranking_size", size),
                    as_whole("region_size", region_size),
                    tuple(indicators.get(key, ())),
                    tuple(aggregates.get(key, ())),
                    str(source),
                    str(sha),
                    tuple(others.get(key, ())),
                )
            )
        except (ValueError, TypeError):
            continue
    return sorted(out, key=lambda e: (e.index, e.year))


__all__ = ["HistoryError", "changes", "edition_key", "read_editions", "save_edition"]
