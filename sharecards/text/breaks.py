"""Line-break opportunities by the Unicode line breaking algorithm (UAX #14).

ICU finds them, with its dictionaries for Thai, Lao, Khmer and Burmese and
the CJK line-breaking rules (no line starts with 。 or 」, none ends with 「).
Each segment runs from one opportunity to the next and keeps its trailing
spaces, so joining the segments gives back the text. Two language tailorings:

- Japanese breaks between phrases (ICU's ``lw=phrase``), so 膀胱炎 stays whole;
- Korean breaks only at spaces, as Korean is set (CSS ``word-break: keep-all``).
"""

from __future__ import annotations

from functools import lru_cache

from icu4py.breakers import CharacterBreaker, LineBreaker

from .script import base_lang


@lru_cache(maxsize=4096)
def split_line_segments(text: str, lang: str = "en") -> tuple[str, ...]:
    """Return ``text`` cut at every line-break opportunity of its language."""
    if not text:
        return ()
    language = base_lang(lang)
    if language == "ja":
        return tuple(LineBreaker(text, "ja@lw=phrase"))
    segments = tuple(LineBreaker(text, lang))
    return _join_between_spaces(segments) if language == "ko" else segments


def split_unbreakable(text: str, lang: str = "en") -> tuple[str, ...]:
    """Cut a segment too wide for the line: at ICU's plain (character-level) CJK
    breaks where the language has them, which keep the kinsoku rules, else
    between user-perceived characters."""
    language = base_lang(lang)
    if language in ("ja", "ko", "zh"):
        plain = tuple(LineBreaker(text, language))
        if len(plain) > 1:
            return plain
    return split_graphemes(text, lang)


def split_graphemes(text: str, lang: str = "en") -> tuple[str, ...]:
    """Return ``text`` as user-perceived characters (extended grapheme clusters)."""
    return tuple(CharacterBreaker(text, lang)) if text else ()


def _join_between_spaces(segments: tuple[str, ...]) -> tuple[str, ...]:
    joined: list[str] = []
    for segment in segments:
        if joined and not joined[-1].endswith(" "):
            joined[-1] += segment
        else:
            joined.append(segment)
    return tuple(joined)
