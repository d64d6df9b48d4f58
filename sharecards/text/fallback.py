"""Per-character font fallback: which bundled font draws each part of a text.

A text box names one font. Characters it lacks are drawn by the first
fallback that has them (``[fallback]`` in ``fonts/fonts.toml``), decided per
grapheme cluster so a base letter and its marks never split across fonts.
Two refinements keep runs long and looks consistent:

- emoji sequences (anything with VS16, a skin tone, a flag or a pictograph
  from the emoji planes) go to the emoji font first, even if the text font
  has a black-and-white glyph for the base character;
- spaces, digits and punctuation (script Common or Inherited) stay in the
  font of the text before them when it has them, so an Arabic phrase is one
  run of the Arabic font, spaces included.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from fontTools import unicodedata as ucd

from .breaks import split_graphemes
from .fonts import FontFace, FontLibrary, LoadedFont


class FontChain:
    """The fonts one text box may draw with, in the order they are tried.

    Fallbacks are opened only when a text needs one: a Latin card never
    touches the CJK or emoji files.
    """

    def __init__(self, primary: LoadedFont, fallback_faces: tuple[FontFace, ...], fonts: FontLibrary) -> None:
        self.primary = primary
        self._faces = fallback_faces
        self._fonts = fonts

    @cached_property
    def fallbacks(self) -> tuple[LoadedFont, ...]:
        return tuple(f for f in map(self._fonts.load_face, self._faces) if f is not self.primary)

    @cached_property
    def emoji(self) -> LoadedFont | None:
        return next((font for font in self.fallbacks if font.color_png), None)


@dataclass(frozen=True, slots=True)
class FontRun:
    """``text[start:end]`` is drawn with ``font``; ``missing`` if no font has it."""

    start: int
    end: int
    font: LoadedFont
    missing: bool = False


def split_font_runs(text: str, chain: FontChain) -> tuple[FontRun, ...]:
    """Cut ``text`` into runs that each one font can draw."""
    if chain.primary.has_chars(text) and not _looks_like_emoji(text):
        return (FontRun(0, len(text), chain.primary),) if text else ()
    return _split_font_runs(text, chain)


@lru_cache(maxsize=8192)
def _split_font_runs(text: str, chain: FontChain) -> tuple[FontRun, ...]:
    runs: list[FontRun] = []
    start = 0
    for cluster in split_graphemes(text):
        previous = runs[-1] if runs else None
        font, missing = _choose_font(cluster, chain, previous.font if previous else None)
        end = start + len(cluster)
        if previous is not None and previous.font is font and previous.missing == missing:
            runs[-1] = FontRun(previous.start, end, font, missing)
        else:
            runs.append(FontRun(start, end, font, missing))
        start = end
    return tuple(runs)


def _choose_font(cluster: str, chain: FontChain, previous: LoadedFont | None) -> tuple[LoadedFont, bool]:
    emoji = chain.emoji
    if emoji is not None and _looks_like_emoji(cluster) and emoji.has_chars(cluster):
        return emoji, False
    if previous is not None and not previous.color_png and _is_common(cluster) and previous.has_chars(cluster):
        return previous, False
    for font in (chain.primary, *chain.fallbacks):
        if font.has_chars(cluster):
            return font, False
    return chain.primary, True


def _looks_like_emoji(text: str) -> bool:
    # Emoji presentation: VS16, or code points of the emoji planes (pictographs,
    # flags' regional indicators, skin tones). Plain-text symbols such as
    # U+2665 without VS16 stay with the text font when it has them.
    return any(char == "\ufe0f" or 0x1F000 <= ord(char) <= 0x1FAFF for char in text)


def _is_common(cluster: str) -> bool:
    return all(ucd.script(char) in ("Zyyy", "Zinh") for char in cluster)
