"""Line-break opportunities by the Unicode line breaking algorithm (UAX #14).

ICU finds them (with its dictionaries for Thai, Lao, Khmer and Burmese).
Each segment runs from one opportunity to the next and keeps its trailing
spaces, so joining the segments gives back the text.
"""

from __future__ import annotations

from functools import lru_cache

from icu4py.breakers import CharacterBreaker, LineBreaker


@lru_cache(maxsize=4096)
def split_line_segments(text: str, lang: str = "en") -> tuple[str, ...]:
    """Return ``text`` cut at every line-break opportunity."""
    return tuple(LineBreaker(text, lang)) if text else ()


def split_graphemes(text: str, lang: str = "en") -> tuple[str, ...]:
    """Return ``text`` as user-perceived characters (extended grapheme clusters)."""
    return tuple(CharacterBreaker(text, lang)) if text else ()
