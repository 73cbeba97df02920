"""Agency names as plans write them, mapped to agency codes: full names, the abbreviations documents use ("Sở
KH&CN", "Ban Quản lý các KCN") and the catch-all phrases ("các sở, ngành và các đơn vị liên quan")."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field

from pii_excel.textnorm import ascii_slug, fold


@dataclass(frozen=True)
class KnownAgency:
    code: str
    name: str
    short_name: str
    aliases: tuple[str, ...] = ()
    kind: str = "department"
    all_members: bool = False


# Codes follow the built-in plans so an imported plan and a built-in one name agencies alike. Names before and after
# the 2025 mergers are both here (a 2024 plan names Sở Kế hoạch và Đầu tư; a 2026 plan the merged Sở Tài chính).
CATALOGUE: tuple[KnownAgency, ...] = (
    KnownAgency("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN", ("sở khcn", "sở kh và cn", "skhcn")),
    KnownAgency("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", ("sở khđt", "sở kh và đt", "skhđt")),
    KnownAgency("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", ("sở gdđt", "sở gd và đt")),
    KnownAgency("SCT", "Sở Công Thương", "Sở Công Thương", ("sở công thương",)),
    KnownAgency("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", ("sở nn và ptnt",)),
    KnownAgency("SNNMT", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", ("sở nn và mt",)),
    KnownAgency("STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT", ("sở tn và mt",)),
    KnownAgency("STTTT", "Sở Thông tin và Truyền thông", "Sở TT&TT", ("sở tt và tt",)),
    KnownAgency("STC", "Sở Tài chính", "Sở Tài chính"),
    KnownAgency("SNV", "Sở Nội vụ", "Sở Nội vụ"),
    KnownAgency("STP", "Sở Tư pháp", "Sở Tư pháp"),
    KnownAgency("SYT", "Sở Y tế", "Sở Y tế"),
    KnownAgency("SXD", "Sở Xây dựng", "Sở Xây dựng"),
    KnownAgency("SGTVT", "Sở Giao thông vận tải", "Sở GTVT"),
    KnownAgency(
        "SLDTBXH",
        "Sở Lao động - Thương binh và Xã hội",
        "Sở LĐ-TB&XH",
        ("sở lao động, thương binh và xã hội", "sở lđtbxh"),
    ),
    KnownAgency(
        "SVHTTDL", "Sở Văn hoá, Thể thao và Du lịch", "Sở VH,TT&DL", ("sở văn hóa, thể thao và du lịch", "sở vhttdl")
    ),
    KnownAgency("SDTTG", "Sở Dân tộc và Tôn giáo", "Sở DT&TG"),
    KnownAgency(
        "BQLKCN",
        "Ban Quản lý các Khu công nghiệp tỉnh",
        "BQL các KCN",
        ("ban quản lý các kcn", "bql các kcn", "ban quản lý các khu công nghiệp", "bql các khu công nghiệp"),
    ),
    KnownAgency(
        "NHNN",
        "Ngân hàng Nhà nước chi nhánh tỉnh",
        "NHNN chi nhánh tỉnh",
        (
            "ngân hàng nhà nước việt nam chi nhánh",
            "ngân hàng nhà nước chi nhánh",
            "ngân hàng nhà nước khu vực",
            "nhnn chi nhánh",
        ),
    ),
    KnownAgency(
        "NHCSXH",
        "Ngân hàng Chính sách xã hội chi nhánh tỉnh",
        "NHCSXH chi nhánh tỉnh",
        ("ngân hàng chính sách xã hội chi nhánh", "nhcsxh chi nhánh"),
    ),
    KnownAgency("CTK", "Cục Thống kê tỉnh", "Cục Thống kê", ("cục thống kê", "chi cục thống kê", "thống kê tỉnh")),
    KnownAgency(
        "VPUBND",
        "Văn phòng UBND tỉnh",
        "VP UBND tỉnh",
        ("văn phòng ủy ban nhân dân tỉnh", "văn phòng uỷ ban nhân dân tỉnh"),
    ),
    KnownAgency("LHH", "Liên hiệp các hội Khoa học và Kỹ thuật tỉnh", "Liên hiệp các hội KH&KT"),
    KnownAgency("TDTN", "Tỉnh đoàn", "Tỉnh đoàn", ("tỉnh đoàn thanh niên",)),
    KnownAgency(
        "UBND_HUYEN",
        "UBND các huyện, thị xã, thành phố",
        "UBND cấp huyện",
        (
            "ubnd các huyện, thành phố",
            "ubnd các huyện, thị xã, thành phố",
            "ủy ban nhân dân các huyện",
            "uỷ ban nhân dân các huyện",
            "ubnd cấp huyện",
        ),
        kind="group",
    ),
    KnownAgency(
        "UBND_XA",
        "UBND các xã, phường",
        "UBND cấp xã",
        (
            "ubnd các xã, phường, đặc khu",
            "ubnd các xã, phường",
            "ủy ban nhân dân các xã, phường",
            "uỷ ban nhân dân các xã, phường",
            "ubnd cấp xã",
        ),
        kind="group",
    ),
    KnownAgency(
        "SBN_ALL",
        "Các sở, ban, ngành, UBND các huyện, thị xã, thành phố và các đơn vị liên quan",
        "Các sở, ngành và đơn vị liên quan",
        (
            "các sở, ban, ngành, ubnd các huyện, thị xã, thành phố và các đơn vị liên quan",
            "các sở, ngành, ubnd các huyện, thị xã, thành phố và các đơn vị liên quan",
            "các sở, ngành, ubnd các huyện, thành phố và các đơn vị liên quan",
            "các sở, ban, ngành và các đơn vị liên quan",
            "các sở, ngành và các đơn vị liên quan",
            "các sở, ngành và đơn vị liên quan",
            "các sở, ban, ngành",
            "các sở, ngành",
            "các cơ quan, đơn vị liên quan",
            "các đơn vị liên quan",
            "các cơ quan liên quan",
            "đơn vị liên quan",
        ),
        kind="group",
        all_members=True,
    ),
)
# Words that join names and mean nothing alone ("Sở A; Sở B và các đơn vị liên quan").
_GLUE = re.compile(r"^(?:và|với|cùng|các|;|,|\.|-|\s)*$")
FUZZY_AT_LEAST = 0.82
UNKNOWN_MARK = "?"


def _key(text: str) -> str:
    """Names compared without case, diacritics (typed without Unikey), "&" spellings or repeated spaces."""
    text = fold(text).replace("&", " và ").replace("uỷ", "ủy").replace("hoá", "hóa")
    return " ".join(ascii_slug(text).lower().replace("-", " ").split())


@functools.cache
def _patterns() -> list[tuple[str, KnownAgency]]:
    pairs = []
    for agency in CATALOGUE:
        for text in (agency.name, agency.short_name, *agency.aliases):
            pairs.append((_key(text), agency))
    return sorted(set(pairs), key=lambda p: -len(p[0]))  # longest first: the catch-all phrase before "UBND huyện"


@dataclass
class NameMatch:
    """What a cell naming agencies came to: codes in order, guesses made and names not recognised."""

    codes: list[str] = field(default_factory=list)  # in the cell's order; an unknown name as UNKNOWN_MARK + name
    guesses: list[str] = field(default_factory=list)  # "«Sở KHCN» đọc là Sở Khoa học và Công nghệ (SKHCN)"
    unknown: list[str] = field(default_factory=list)  # names as written


def match_agencies(text: str, province: str = "") -> NameMatch:
    """Find every agency a cell names. Known names and abbreviations are matched whole; what is left is split at
    separators and matched loosely (a guess, listed), else reported as unknown. The province's own name after an
    agency ("Ngân hàng Nhà nước chi nhánh Bắc Giang") belongs to that agency."""
    result = NameMatch()
    key = _key(text)
    if province:
        key = re.sub(rf"(?<![a-z0-9])(?:tinh )?{re.escape(_key(province))}(?![a-z0-9])", lambda m: "#" * len(m[0]), key)
    found: list[tuple[int, str]] = []
    for pattern, agency in _patterns():
        for m in re.finditer(rf"(?<![a-z0-9]){re.escape(pattern)}(?![a-z0-9])", key):
            found.append((m.start(), agency.code))
            key = key[: m.start()] + "#" * len(pattern) + key[m.end() :]
    for piece in re.split(r"[#;,]+|\bva\b", key):
        piece = " ".join(piece.split())
        if not piece or _GLUE.match(piece) or piece in {"cac", "va cac", "tinh"}:
            continue
        best = max(((difflib.SequenceMatcher(None, piece, p).ratio(), a) for p, a in _patterns()),
                   key=lambda x: x[0])  # fmt: skip
        position = _key(text).find(piece)
        if best[0] >= FUZZY_AT_LEAST:
            found.append((position, best[1].code))
            result.guesses.append(f"«{_original(text, piece)}» đọc là {best[1].name} ({best[1].code})")
        else:
            name = _original(text, piece)
            found.append((position, UNKNOWN_MARK + name))
            result.unknown.append(name)
    for _, code in sorted(found, key=lambda x: x[0]):
        if code not in result.codes:
            result.codes.append(code)
    return result


def _original(text: str, piece: str) -> str:
    """The words of `text` a folded piece came from, for messages staff recognise."""
    chunks = [" ".join(c.split()).strip(" .") for c in re.split(r"[;,]|\s+và\s+", text)]
    exact = next((c for c in chunks if _key(c) == piece), None)
    return exact or next((c for c in chunks if piece in _key(c)), piece)


def known(code: str) -> KnownAgency | None:
    return next((a for a in CATALOGUE if a.code == code), None)


def code_for_unknown(name: str, taken: set[str]) -> str:
    """A code for a name the catalogue does not know: the initials of its words ("Công an tỉnh" -> CAT)."""
    words = [w for w in ascii_slug(name).replace("-", " ").split() if w]
    base = ("".join(w[0] for w in words).upper() or "DV")[:12]
    code, n = base, 2
    while code in taken:
        code, n = f"{base}{n}", n + 1
    return code
