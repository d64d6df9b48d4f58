"""Text blocks: a string laid out in a template's box, down to glyph positions.

:func:`layout_text` ties the stage together: it cuts the text at break
opportunities, hands a cached measuring function (HarfBuzz shaping with the
box's font) to the fitting search, then places every glyph. The result says
what was chosen (size, lines) and what went wrong (truncation, missing
glyphs), and carries the glyphs to draw.
"""

from __future__ import annotations

import re

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from ..errors import TemplateError
from .breaks import split_graphemes, split_line_segments
from .fit import BoxRules, Fit, fit_pieces, measure_lines_extent
from .fonts import FontLibrary, LoadedFont
from .hyphenate import find_hyphenation_points
from .shape import ShapedRun, shape_run
from .wrap import Piece, measure_line_width

Align = Literal["start", "center", "end"]
VAlign = Literal["top", "middle", "bottom"]
_ALIGNS = {"start": "start", "left": "start", "center": "center", "middle": "center", "end": "end", "right": "end"}
_ASCII_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_VALIGNS = {"top": "top", "middle": "middle", "center": "middle", "bottom": "bottom"}


@dataclass(frozen=True)
class TextBox:
    """A template's declaration of where and how a text goes. Lengths in px."""

    x: float
    y: float
    width: float
    height: float
    font: str = "sans"
    weight: int = 400
    italic: bool = False
    min_size_px: float = 16
    max_size_px: float = 64
    line_height: float = 1.2
    max_lines: int | None = None
    align: Align = "start"
    valign: VAlign = "top"
    tracking_em: float = 0.0
    hyphenate: bool = True
    balance: bool = True

    def __post_init__(self) -> None:
        problems = []
        if not (self.width > 0 and self.height > 0):
            problems.append(f"width and height must be positive (got {self.width} x {self.height})")
        if not (0 < self.min_size_px <= self.max_size_px):
            problems.append(f"size range {self.min_size_px}-{self.max_size_px} is not 0 < min <= max")
        if self.max_size_px > 2000:
            problems.append("max size is over 2000 px")
        if not (0.5 <= self.line_height <= 4):
            problems.append(f"line_height {self.line_height} is not between 0.5 and 4")
        if self.max_lines is not None and self.max_lines < 1:
            problems.append("max_lines must be at least 1")
        if self.align not in _ALIGNS or self.valign not in _VALIGNS:
            problems.append(f"align {self.align!r} / valign {self.valign!r} unknown")
        if problems:
            raise TemplateError("text box: " + "; ".join(problems))


@dataclass(frozen=True, slots=True)
class GlyphPlacement:
    """One glyph to draw: its origin on the canvas and its scale (px per font unit)."""

    font: LoadedFont
    glyph_id: int
    x_px: float
    y_px: float
    scale: float


@dataclass(frozen=True)
class TextLine:
    """One laid-out line: its text, left ink-or-advance edge, baseline and width."""

    text: str
    x_px: float
    baseline_px: float
    width_px: float


@dataclass(frozen=True)
class TextBlock:
    """The layout of one text box."""

    name: str
    box: TextBox
    font_size_px: float
    lines: tuple[TextLine, ...]
    glyphs: tuple[GlyphPlacement, ...] = field(repr=False)
    top_px: float
    bottom_px: float
    hyphenated: bool = False
    truncated: bool = False
    missing: str = ""

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def warnings(self) -> list[str]:
        notes = []
        if self.truncated:
            notes.append(
                f"{self.name}: text cut to {len(self.lines)} line(s) at {self.font_size_px:g}px "
                "(the box holds no more at its smallest size)"
            )
        if self.missing:
            chars = " ".join(f"{c!r} (U+{ord(c):04X})" for c in self.missing)
            notes.append(f"{self.name}: no bundled font has {chars}")
        return notes


def layout_text(name: str, text: str, box: TextBox, fonts: FontLibrary, lang: str = "en") -> TextBlock:
    """Lay ``text`` out in ``box``: choose the size, break the lines, place the glyphs."""
    font = fonts.load(box.font, box.weight, box.italic)
    text = _ASCII_SPACES.sub(" ", text).strip(" ")
    measure: Callable[[str], ShapedRun] = partial(_measure, font, box.tracking_em, lang)
    pieces = [Piece(segment, measure(segment)) for segment in split_line_segments(text, lang)]
    em = float(font.units_per_em)
    rules = BoxRules(
        width_px=box.width,
        height_px=box.height,
        min_size_px=box.min_size_px,
        max_size_px=box.max_size_px,
        line_height=box.line_height,
        max_lines=box.max_lines,
        cap_height_em=font.cap_height / em,
        descender_em=-font.descender / em,
        hyphenate=box.hyphenate,
        balance=box.balance,
    )
    fit = fit_pieces(
        pieces,
        rules,
        measure,
        partial(find_hyphenation_points, lang=lang),
        partial(split_graphemes, lang=lang),
    )
    return _place_glyphs(name, box, rules, fit)


def _measure(font: LoadedFont, tracking_em: float, lang: str, text: str) -> ShapedRun:
    return shape_run(font, text, tracking_em, lang)


def _place_glyphs(name: str, box: TextBox, rules: BoxRules, fit: Fit) -> TextBlock:
    size = fit.font_size_px
    top_em, height_em = measure_lines_extent(fit.lines, rules)
    height = height_em * size
    free = box.height - height
    top = box.y + {"top": 0.0, "middle": free / 2, "bottom": free}[_VALIGNS[box.valign]]
    glyphs: list[GlyphPlacement] = []
    lines: list[TextLine] = []
    missing: list[str] = []
    for index, pieces in enumerate(fit.lines):
        baseline = top + (top_em + index * box.line_height) * size
        left_em, width_em = _line_edges(pieces)
        free_x = box.width - width_em * size
        x = box.x + {"start": 0.0, "center": free_x / 2, "end": free_x}[_ALIGNS[box.align]]
        pen = x - left_em * size
        for piece in pieces:
            run = piece.metrics
            assert isinstance(run, ShapedRun)
            scale = size / run.font.units_per_em
            for glyph_id, gx, gy in zip(run.glyph_ids, run.x_units, run.y_units):
                glyphs.append(GlyphPlacement(run.font, glyph_id, pen + gx * scale, baseline - gy * scale, scale))
            missing.append(run.missing)
            pen += (run.width + run.trailing) * size
        text = "".join(p.text for p in pieces).rstrip(" ")
        lines.append(TextLine(text, x, baseline, width_em * size))
    return TextBlock(
        name=name,
        box=box,
        font_size_px=size,
        lines=tuple(lines),
        glyphs=tuple(glyphs),
        top_px=top,
        bottom_px=top + height,
        hyphenated=fit.hyphenated,
        truncated=fit.truncated,
        missing="".join(dict.fromkeys("".join(missing))),
    )


def _line_edges(pieces: list[Piece]) -> tuple[float, float]:
    """Return the line's left edge relative to its pen start (<= 0) and its width, in ems."""
    left = 0.0
    pen = 0.0
    for piece in pieces:
        left = min(left, pen + piece.metrics.ink_left)
        pen += piece.metrics.width + piece.metrics.trailing
    return left, measure_line_width(pieces)
