"""Glyph outlines from the font files (fontTools), cached per glyph.

An outline is kept as a tuple of drawing operations in font units, y up:
``("M", x, y)``, ``("L", x, y)``, ``("C", x1, y1, x2, y2, x, y)`` and
``("Z",)``. TrueType's quadratic curves are raised to cubics (exactly), so
the SVG writer and the cairo drawer share one form.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fontTools.pens.basePen import BasePen

from ..text.fonts import LoadedFont

Outline = tuple[tuple[Any, ...], ...]


class _OutlinePen(BasePen):  # type: ignore[misc]
    def __init__(self, glyph_set: Any) -> None:
        super().__init__(glyph_set)
        self.ops: list[tuple[Any, ...]] = []

    def _moveTo(self, p: tuple[float, float]) -> None:
        self.ops.append(("M", *p))

    def _lineTo(self, p: tuple[float, float]) -> None:
        self.ops.append(("L", *p))

    def _curveToOne(self, p1: tuple[float, float], p2: tuple[float, float], p3: tuple[float, float]) -> None:
        self.ops.append(("C", *p1, *p2, *p3))

    def _qCurveToOne(self, p1: tuple[float, float], p2: tuple[float, float]) -> None:
        x0, y0 = self._getCurrentPoint()
        (x1, y1), (x2, y2) = p1, p2
        self.ops.append(
            ("C", x0 + 2 / 3 * (x1 - x0), y0 + 2 / 3 * (y1 - y0), x2 + 2 / 3 * (x1 - x2), y2 + 2 / 3 * (y1 - y2), x2, y2)
        )

    def _closePath(self) -> None:
        self.ops.append(("Z",))

    def _endPath(self) -> None:
        self.ops.append(("Z",))


@lru_cache(maxsize=8192)
def load_outline(font: LoadedFont, glyph_id: int) -> Outline:
    """Return the outline of ``glyph_id`` in ``font`` (empty for a space)."""
    name = font.glyph_order[glyph_id]
    pen = _OutlinePen(font.glyph_set)
    font.glyph_set[name].draw(pen)
    return tuple(pen.ops)
