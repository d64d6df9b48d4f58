"""Text blocks as SVG path data: what the SVG output carries instead of ``<text>``."""

from __future__ import annotations

from ..text.block import TextBlock
from .outline import load_outline


def format_block_path(block: TextBlock) -> str:
    """Return one SVG ``d`` attribute drawing every glyph of ``block``, in canvas px."""
    parts: list[str] = []
    for glyph in block.glyphs:
        if glyph.font.color_png:
            continue  # drawn as an <image> (svg/bitmaps.py)
        ox, oy, s = glyph.x_px, glyph.y_px, glyph.scale
        for op in load_outline(glyph.font, glyph.glyph_id):
            if op[0] == "Z":
                parts.append("Z")
                continue
            coords = " ".join(
                f"{ox + op[i] * s:.2f} {oy - op[i + 1] * s:.2f}" for i in range(1, len(op), 2)
            )
            parts.append(f"{op[0]}{coords}")
    return "".join(parts)
