"""Small typographic mendings of field text."""

from __future__ import annotations

import re

from .script import base_lang, find_cjk_key

# Which quotation marks a language uses: (open, close, inner open, inner close).
_QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "fr": ("\u00ab\u202f", "\u202f\u00bb", "\u201c", "\u201d"),
    "ja": ("\u300c", "\u300d", "\u300e", "\u300f"),
    "ru": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "uk": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "ar": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "fa": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "pl": ("\u201e", "\u201d", "\u00ab", "\u00bb"),
    "cs": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "zh": ("\u201c", "\u201d", "\u2018", "\u2019"),
}
_DOUBLE = re.compile(r'"([^"]*)"')
_SINGLE_OPEN = re.compile(r"(^|[\s(\[{\u2014\u2013-])'")


def find_quote_marks(lang: str) -> tuple[str, str, str, str]:
    """Return the quotation marks of ``lang`` (English ones if unknown)."""
    base = base_lang(lang)
    if base == "zh" and find_cjk_key(lang) in ("zh-Hant", "zh-HK"):
        return _QUOTES["ja"]  # Traditional Chinese uses corner brackets too
    return _QUOTES.get(base, _QUOTES["en"])


def curl_quotes(text: str, lang: str = "en") -> str:
    """Turn straight quotes and apostrophes into typographic ones."""
    opening, closing, inner_open, _ = find_quote_marks(lang)
    text = _DOUBLE.sub(lambda m: f"{opening}{m[1]}{closing}", text)
    text = _SINGLE_OPEN.sub(lambda m: f"{m[1]}{inner_open}", text)
    return text.replace("'", "\u2019")  # what is left is an apostrophe


def quote_text(text: str, lang: str = "en") -> str:
    """Wrap ``text`` in the language's quotation marks, curling quotes inside."""
    opening, closing = find_quote_marks(lang)[:2]
    body = curl_quotes(text.strip().strip('"\u201c\u201d\u201e\u00ab\u00bb'), lang)
    return f"{opening}{body}{closing}"
