"""Colour glyphs (emoji bitmaps) as SVG ``<image>`` elements.

Outline glyphs become path data; a colour bitmap font (CBDT, as Noto Color
Emoji) has no outlines, so each such glyph is embedded as its PNG, scaled to
the glyph's ink box at the text's size. CairoSVG draws them like any other
``data:`` image, in the SVG output and the raster alike.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from ..text.block import TextBlock
from ..text.fonts import LoadedFont


@lru_cache(maxsize=2048)
def _png_data_uri(font: LoadedFont, glyph_id: int) -> str:
    return "data:image/png;base64," + base64.b64encode(font.glyph_png(glyph_id)).decode("ascii")


def format_colour_glyphs(block: TextBlock, opacity: float = 1.0) -> str:
    """Return an ``<image>`` for every colour glyph of ``block`` (empty if none)."""
    parts: list[str] = []
    alpha = f' opacity="{opacity:g}"' if opacity < 1 else ""
    for glyph in block.glyphs:
        if not glyph.font.color_png:
            continue
        ink = glyph.font.ink(glyph.glyph_id)
        if ink.x_max <= ink.x_min:
            continue
        x = glyph.x_px + ink.x_min * glyph.scale
        y = glyph.y_px - ink.y_max * glyph.scale
        width = (ink.x_max - ink.x_min) * glyph.scale
        height = (ink.y_max - ink.y_min) * glyph.scale
        parts.append(
            f'<image x="{x:.2f}" y="{y:.2f}" width="{width:.2f}" height="{height:.2f}"'
            f' preserveAspectRatio="none"{alpha} href="{_png_data_uri(glyph.font, glyph.glyph_id)}"/>'
        )
    return "".join(parts)
