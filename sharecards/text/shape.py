"""Shaping: a string and a font to positioned glyphs, with HarfBuzz.

The result, :class:`ShapedRun`, is also the measurement the wrapping code
works with. Its metrics are in ems (font size 1), so one shaping serves every
font size the fitting search tries, and what is measured is exactly what is
drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb

from .fonts import LoadedFont

_FEATURES = {"kern": True, "liga": True, "calt": True}


@dataclass(frozen=True, eq=False, slots=True)
class ShapedRun:
    """Glyphs of one piece of text, positioned in font units from its origin.

    ``width`` is the advance of the text without its trailing spaces,
    ``trailing`` the advance of those spaces; the ``ink_*`` fields are the
    extremes of the glyphs' ink. All metrics are in ems; ``ink_top`` is the
    height above the baseline, ``ink_bottom`` the depth below it.
    """

    text: str
    font: LoadedFont
    glyph_ids: tuple[int, ...]
    x_units: tuple[float, ...]
    y_units: tuple[float, ...]
    width: float
    trailing: float
    ink_left: float
    ink_right: float
    ink_top: float
    ink_bottom: float
    missing: str


@lru_cache(maxsize=16384)
def shape_run(font: LoadedFont, text: str, tracking_em: float = 0.0, lang: str = "en") -> ShapedRun:
    """Shape ``text`` with ``font`` (cached: segments repeat across sizes)."""
    content = text.rstrip(" ")
    trailing_units = _shape_advance(font, text[len(content):], lang) if content != text else 0.0
    buf = hb.Buffer()
    buf.add_str(content)
    buf.guess_segment_properties()
    buf.language = lang
    hb.shape(font.hb_font, buf, _FEATURES)
    tracking_units = tracking_em * font.units_per_em
    ids: list[int] = []
    xs: list[float] = []
    ys: list[float] = []
    missing: list[str] = []
    pen = 0.0
    ink_left = ink_right = ink_top = ink_bottom = 0.0
    for info, pos in zip(buf.glyph_infos or (), buf.glyph_positions or ()):
        x, y = pen + pos.x_offset, float(pos.y_offset)
        ink = font.ink(info.codepoint)
        if info.codepoint == 0:
            missing.append(content[info.cluster])
        if ink.x_max > ink.x_min:
            ink_left = min(ink_left, x + ink.x_min)
            ink_right = max(ink_right, x + ink.x_max)
            ink_top = max(ink_top, y + ink.y_max)
            ink_bottom = max(ink_bottom, -(y + ink.y_min))
        ids.append(info.codepoint)
        xs.append(x)
        ys.append(y)
        pen += pos.x_advance + tracking_units
    if ids:
        pen -= tracking_units  # tracking goes between letters, not after the last
    em = float(font.units_per_em)
    return ShapedRun(
        text=text,
        font=font,
        glyph_ids=tuple(ids),
        x_units=tuple(xs),
        y_units=tuple(ys),
        width=pen / em,
        trailing=(trailing_units + (tracking_units if content != text else 0.0)) / em,
        ink_left=ink_left / em,
        ink_right=ink_right / em,
        ink_top=ink_top / em,
        ink_bottom=ink_bottom / em,
        missing="".join(dict.fromkeys(missing)),
    )


def _shape_advance(font: LoadedFont, text: str, lang: str) -> float:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.language = lang
    hb.shape(font.hb_font, buf, _FEATURES)
    return float(sum(pos.x_advance for pos in buf.glyph_positions or ()))
