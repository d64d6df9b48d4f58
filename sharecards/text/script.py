"""Scripts and languages: what a text is written in when nobody said.

The card's ``lang`` drives hyphenation, line breaking, CJK glyph forms and
quotation marks. When it is missing, :func:`detect_lang` names the language
that the text's dominant script most likely is, from the Unicode Script
property (fontTools ships it).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from fontTools import unicodedata as ucd

# The language a script most likely means, where a script has one clear default.
_LANG_BY_SCRIPT = {
    "Arab": "ar",
    "Hebr": "he",
    "Deva": "hi",
    "Beng": "bn",
    "Taml": "ta",
    "Thai": "th",
    "Hang": "ko",
    "Hira": "ja",
    "Kana": "ja",
    "Hani": "zh",
    "Cyrl": "ru",
    "Grek": "el",
}
_RTL_LANGS = frozenset({"ar", "fa", "he", "iw", "ur", "yi", "ps", "sd", "ug", "ckb", "dv"})
_TRADITIONAL_REGIONS = frozenset({"TW", "MO"})
_DETECT_SAMPLE_CHARS = 400


@lru_cache(maxsize=1024)
def detect_lang(text: str) -> str | None:
    """Guess a language tag from the text's most frequent script.

    ``None`` for Latin (no one language to guess) or no letters at all.
    """
    counts: Counter[str] = Counter()
    for char in text[:_DETECT_SAMPLE_CHARS]:
        script = ucd.script(char)
        if script not in ("Zyyy", "Zinh", "Zzzz"):
            counts[script] += 1
    if not counts:
        return None
    han = counts["Hani"] + counts["Hira"] + counts["Kana"] + counts["Hang"]
    top = counts.most_common(1)[0][0]
    if han and han >= counts[top]:
        # Kana anywhere means Japanese; Hangul means Korean; Han alone, Chinese.
        return "ja" if counts["Hira"] or counts["Kana"] else "ko" if counts["Hang"] else "zh"
    return _LANG_BY_SCRIPT.get(top)


def resolve_lang(lang: str | None, text: str) -> str:
    """The language to lay ``text`` out in: the given tag, else a detected one, else ``en``."""
    return lang or detect_lang(text) or "en"


def find_cjk_key(lang: str) -> str:
    """Which regional CJK face ``lang`` asks for: ja, ko, zh-Hans, zh-Hant or zh-HK."""
    parts = lang.replace("_", "-").split("-")
    base = base_lang(lang)
    subtags = {p.upper() if len(p) == 2 else p.title() for p in parts[1:]}
    if base == "ja":
        return "ja"
    if base == "ko":
        return "ko"
    if base == "zh" or base in ("yue", "cmn"):
        if "HK" in subtags:
            return "zh-HK"
        if "Hant" in subtags or subtags & _TRADITIONAL_REGIONS or base == "yue":
            return "zh-Hant"
        return "zh-Hans"
    return "ja"  # Han in a non-CJK text: Japanese forms, the most common default in fonts


def is_rtl_lang(lang: str) -> bool:
    """Whether ``lang`` is written right to left (used only when the text has no strong letter)."""
    return base_lang(lang) in _RTL_LANGS


def base_lang(lang: str) -> str:
    """The primary language subtag, lower case (``pt-BR`` -> ``pt``)."""
    return lang.replace("_", "-").split("-")[0].lower()
