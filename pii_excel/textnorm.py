"""Vietnamese text normalisation: everything compared is NFC, whitespace folded."""

from __future__ import annotations

import functools
import re
import unicodedata


def nfc(text: str) -> str:
    """NFC form: Mac mail and some editors send decomposed (NFD) Vietnamese."""
    return unicodedata.normalize("NFC", text)


def clean_text(value: object) -> str:
    """Cell text as a person means it: NFC, non-breaking spaces folded, trimmed."""
    if value is None:
        return ""
    text = nfc(str(value))
    if "\u200b" in text or "\ufeff" in text:  # zero-width spaces, which Python does not count as whitespace
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    # every run of whitespace (non-breaking and figure spaces included: str.split knows Unicode's) becomes one
    # space; three times faster than the equivalent regular expression on a paragraph
    return " ".join(text.split())


def fold(text: str) -> str:
    """Key for loose comparison of labels typed by people (case and spacing ignored)."""
    if isinstance(text, str) and len(text) <= _CACHED_FOLD_LENGTH:
        return _fold_label(text)
    return clean_text(text).casefold()


# Labels (headers, sheet names, row keys) are the same short texts in every file of a run: folded once each. Long
# texts (agencies' notes) are folded as they come, so the cache holds only labels.
_CACHED_FOLD_LENGTH = 120


@functools.lru_cache(maxsize=4096)
def _fold_label(text: str) -> str:
    return clean_text(text).casefold()


def ascii_slug(text: str) -> str:
    """ASCII-only form of a Vietnamese string, for file names and codes."""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")


def lower_first(text: str) -> str:
    """A label inside a sentence: its first letter lower case, the rest as written — «quý III năm 2024», never
    «quý iii» (a Roman numeral or an abbreviation keeps its capitals), and «UBND» stays «UBND»."""
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text
