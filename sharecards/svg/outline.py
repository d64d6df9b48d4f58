"""Glyph outlines, drawn by HarfBuzz from the same font that shaped them, cached per glyph.

An outline is kept as a tuple of drawing operations in font units, y up:
``("M", x, y)``, ``("L", x, y)``, ``("C", x1, y1, x2, y2, x, y)`` and
``("Z",)``. Quadratic curves (TrueType) are raised to cubics, exactly, so
the SVG writer and the cairo drawer share one form.

HarfBuzz's draw API reads TrueType and CFF outlines in C: a card's glyphs
take about a millisecond, where fontTools, parsing CFF in Python, took
about 40 on a cold start. (The tests still use fontTools, independently, to
check where glyphs land.)
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..text.fonts import LoadedFont

Outline = tuple[tuple[Any, ...], ...]


class _OutlinePen:
    """The fontTools pen protocol, which ``draw_glyph_with_pen`` calls."""

    def __init__(self) -> None:
        self.ops: list[tuple[Any, ...]] = []
        self.current = (0.0, 0.0)

    def moveTo(self, p: tuple[float, float]) -> None:
        self.ops.append(("M", *p))
        self.current = p

    def lineTo(self, p: tuple[float, float]) -> None:
        self.ops.append(("L", *p))
        self.current = p

    def curveTo(self, p1: tuple[float, float], p2: tuple[float, float], p3: tuple[float, float]) -> None:
        self.ops.append(("C", *p1, *p2, *p3))
        self.current = p3

    def qCurveTo(self, p1: tuple[float, float], p2: tuple[float, float]) -> None:
        (x0, y0), (x1, y1), (x2, y2) = self.current, p1, p2
        self.ops.append(
            ("C", x0 + 2 / 3 * (x1 - x0), y0 + 2 / 3 * (y1 - y0), x2 + 2 / 3 * (x1 - x2), y2 + 2 / 3 * (y1 - y2), x2, y2)
        )
        self.current = p2

    def closePath(self) -> None:
        self.ops.append(("Z",))


@lru_cache(maxsize=8192)
def load_outline(font: LoadedFont, glyph_id: int) -> Outline:
    """Return the outline of ``glyph_id`` in ``font`` (empty for a space or a bitmap)."""
    pen = _OutlinePen()
    font.hb_font.draw_glyph_with_pen(glyph_id, pen)
    return tuple(pen.ops)
