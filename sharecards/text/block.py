"""Text blocks: a string laid out in a template's box, down to glyph positions.

:func:`layout_text` ties the stage together: it cuts the text at break
opportunities, hands a cached measuring function (HarfBuzz shaping with the
box's font) to the fitting search, then places every glyph. The result says
what was chosen (size, lines) and what went wrong (truncation, missing
glyphs), and carries the glyphs to draw.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Literal

from ..errors import TemplateError
from .bidi import find_dominant_rtl, order_visually, resolve_levels
from .breaks import split_line_segments, split_unbreakable
from .fallback import FontChain
from .fit import BoxRules, Fit, fit_pieces, measure_lines_extent
from .fonts import FontLibrary, LoadedFont
from .hyphenate import find_hyphenation_points
from .script import find_cjk_key, resolve_lang
from .shape import ShapedPiece, ShapedRun, shape_piece
from .wrap import Piece

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
    rtl: bool = False

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
            notes.append(f"{self.name}: no bundled font has {describe_chars(self.missing)}")
        return notes


def describe_chars(chars: str) -> str:
    """``'☃' (U+2603) ...``: characters with their code points, for messages."""
    return " ".join(f"{c!r} (U+{ord(c):04X})" for c in chars)


def layout_text(
    name: str, text: str, box: TextBox, fonts: FontLibrary, lang: str | None = None, rtl: bool = False
) -> TextBlock:
    """Lay ``text`` out in ``box``: choose the size, break the lines, place the glyphs.

    ``lang`` (a BCP 47 tag) picks hyphenation, line-breaking rules and CJK
    glyph forms; without it the language is guessed from the script. The
    paragraph runs in the direction of most of its letters (or ``rtl``, the
    card's direction, if it has none). Alignment follows the card, as CSS's
    ``start`` follows the page: in a right-to-left card, "start" is the right.
    """
    text = _ASCII_SPACES.sub(" ", text).strip(" ")
    lang = resolve_lang(lang, text)
    chain = load_font_chain(fonts, box.font, box.weight, box.italic, find_cjk_key(lang))
    dominant = find_dominant_rtl(text)
    paragraph = resolve_levels(text, rtl if dominant is None else dominant)
    measure = partial(_measure, chain, paragraph.levels, box.tracking_em, lang)
    pieces = [Piece(seg, measure(seg, start), start=start) for seg, start in _segments_with_offsets(text, lang)]
    em = float(chain.primary.units_per_em)
    rules = BoxRules(
        width_px=box.width,
        height_px=box.height,
        min_size_px=box.min_size_px,
        max_size_px=box.max_size_px,
        line_height=box.line_height,
        max_lines=box.max_lines,
        cap_height_em=chain.primary.cap_height / em,
        descender_em=-chain.primary.descender / em,
        hyphenate=box.hyphenate,
        balance=box.balance,
    )
    fit = fit_pieces(
        pieces,
        rules,
        measure,
        partial(find_hyphenation_points, lang=lang),
        partial(split_unbreakable, lang=lang),
    )
    return _place_glyphs(name, box, rules, fit, paragraph.rtl, rtl)


@lru_cache(maxsize=256)
def load_font_chain(fonts: FontLibrary, family: str, weight: int, italic: bool, cjk_key: str) -> FontChain:
    """The box's font and its fallbacks, one chain object per combination (it keys caches)."""
    cjk_family = dict(fonts.fallback.cjk_by_lang).get(cjk_key, "Noto Sans CJK JP")
    return FontChain(fonts.load(family, weight, italic), fonts.find_fallbacks(weight, italic, cjk_family), fonts)


def _segments_with_offsets(text: str, lang: str) -> list[tuple[str, int]]:
    result = []
    start = 0
    for segment in split_line_segments(text, lang):
        result.append((segment, start))
        start += len(segment)
    return result


def _measure(
    chain: FontChain, levels: tuple[int, ...], tracking_em: float, lang: str, text: str, start: int
) -> ShapedPiece:
    piece_levels = levels[start : start + len(text)]
    if len(piece_levels) < len(text):  # an added hyphen or ellipsis: the level before it
        fill = piece_levels[-1] if piece_levels else (levels[-1] if levels else 0)
        piece_levels += (fill,) * (len(text) - len(piece_levels))
    return shape_piece(chain, text, piece_levels, tracking_em, lang)


@dataclass(frozen=True, slots=True)
class _Element:
    """A run or a gap of spaces in a line, before it is put in visual order."""

    level: int
    advance: float
    run: ShapedRun | None = None


def _line_elements(pieces: list[Piece]) -> list[_Element]:
    elements: list[_Element] = []
    for index, piece in enumerate(pieces):
        shaped = piece.metrics
        assert isinstance(shaped, ShapedPiece)
        elements.extend(_Element(item.level, item.advance, item.run) for item in shaped.runs)
        if index < len(pieces) - 1 and shaped.trailing:
            elements.append(_Element(shaped.trailing_level, shaped.trailing))
    return elements


def _place_line(
    pieces: list[Piece], size: float, baseline: float
) -> tuple[list[GlyphPlacement], float, float]:
    """The line's glyphs with x from 0, and its left and right edges (ink or advance)."""
    elements = _line_elements(pieces)
    glyphs: list[GlyphPlacement] = []
    pen = left = right = 0.0
    for element in (elements[i] for i in order_visually([e.level for e in elements])):
        run = element.run
        if run is not None:
            scale = size / run.font.units_per_em
            left = min(left, pen + run.ink_left * size)
            right = max(right, pen + run.ink_right * size)
            for glyph_id, gx, gy in zip(run.glyph_ids, run.x_units, run.y_units):
                glyphs.append(GlyphPlacement(run.font, glyph_id, pen + gx * scale, baseline - gy * scale, scale))
        pen += element.advance * size
    return glyphs, left, max(right, pen)


def _place_glyphs(name: str, box: TextBox, rules: BoxRules, fit: Fit, rtl: bool, align_rtl: bool) -> TextBlock:
    size = fit.font_size_px
    top_em, height_em = measure_lines_extent(fit.lines, rules)
    height = height_em * size
    free = box.height - height
    top = box.y + {"top": 0.0, "middle": free / 2, "bottom": free}[_VALIGNS[box.valign]]
    align = _ALIGNS[box.align]
    if align_rtl and align != "center":
        align = "end" if align == "start" else "start"
    glyphs: list[GlyphPlacement] = []
    lines: list[TextLine] = []
    missing: list[str] = []
    for index, pieces in enumerate(fit.lines):
        baseline = top + (top_em + index * box.line_height) * size
        placed, left, right = _place_line(pieces, size, baseline)
        free_x = box.width - (right - left)
        x = box.x + {"start": 0.0, "center": free_x / 2, "end": free_x}[align]
        shift = x - left
        glyphs.extend(
            GlyphPlacement(g.font, g.glyph_id, g.x_px + shift, g.y_px, g.scale) for g in placed
        )
        missing.extend(p.metrics.missing for p in pieces if isinstance(p.metrics, ShapedPiece))
        text = "".join(p.text for p in pieces).rstrip(" ")
        lines.append(TextLine(text, x, baseline, right - left))
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
        rtl=rtl,
    )
