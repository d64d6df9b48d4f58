"""Hyphenation points by the card's language, from pyphen's dictionaries."""

from __future__ import annotations

from functools import cache, lru_cache

import pyphen

from .script import base_lang


@cache
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    for candidate in (lang, lang.replace("-", "_"), base_lang(lang)):
        if candidate in pyphen.LANGUAGES:
            return pyphen.Pyphen(lang=candidate)
    # pyphen's fallback guesses from the first two letters ("de" for "de_CH").
    code = pyphen.language_fallback(lang.replace("-", "_"))
    return pyphen.Pyphen(lang=code) if code else None


def find_hyphenation_points(word: str, lang: str = "en") -> list[int]:
    """Return the offsets in ``word`` where a hyphen may go (none if no dictionary)."""
    return list(_positions(word, lang))


@lru_cache(maxsize=4096)
def _positions(word: str, lang: str) -> tuple[int, ...]:
    dictionary = _dictionary(lang)
    return tuple(dictionary.positions(word)) if dictionary is not None else ()
