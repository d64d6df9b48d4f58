"""Shaping: text to positioned glyphs, with HarfBuzz.

:func:`shape_run` shapes one run: one font, one direction. :func:`shape_piece`
shapes the text between two break opportunities: it cuts it into runs by
font (fallback) and by bidi level, and shapes each in its own direction, in
logical order; nothing is reordered before shaping. The result,
:class:`ShapedPiece`, is also the measurement the wrapping code works with.
Metrics are in ems (font size 1), so one shaping serves every size the
fitting search tries, and what is measured is exactly what is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb

from .fallback import FontChain, split_font_runs
from .fonts import LoadedFont

_FEATURES = {"kern": True, "liga": True, "calt": True}


@dataclass(frozen=True, eq=False, slots=True)
class ShapedRun:
    """Glyphs of one run (one font, one direction), in font units from its origin.

    Glyphs are in visual order (HarfBuzz reverses right-to-left runs).
    ``width`` is the advance in ems; the ``ink_*`` fields are the extremes
    of the glyphs' ink, ``ink_top`` above the baseline and ``ink_bottom``
    below it.
    """

    text: str
    font: LoadedFont
    rtl: bool
    glyph_ids: tuple[int, ...]
    x_units: tuple[float, ...]
    y_units: tuple[float, ...]
    width: float
    ink_left: float
    ink_right: float
    ink_top: float
    ink_bottom: float


@dataclass(frozen=True, slots=True)
class LevelRun:
    """A shaped run with its bidi embedding level and its advance in the line, in ems."""

    run: ShapedRun
    level: int
    advance: float


@dataclass(frozen=True, eq=False, slots=True)
class ShapedPiece:
    """The text between two break opportunities, shaped; its metrics are in ems.

    ``width`` is the advance without trailing spaces and ``trailing`` theirs.
    The ink extents are bounds that hold whatever order the runs end up in on
    the line: ``ink_left`` is the largest overhang on the left of any run,
    ``ink_right`` the piece's width plus the largest overhang on the right.
    """

    text: str
    runs: tuple[LevelRun, ...]
    width: float
    trailing: float
    trailing_level: int
    ink_left: float
    ink_right: float
    ink_top: float
    ink_bottom: float
    missing: str


@lru_cache(maxsize=16384)
def shape_run(font: LoadedFont, text: str, tracking_em: float = 0.0, lang: str = "en", rtl: bool = False) -> ShapedRun:
    """Shape ``text`` with ``font`` in one direction (cached: runs repeat across sizes)."""
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    buf.language = lang
    hb.shape(font.hb_font, buf, _FEATURES)
    # Letter-spacing would tear joined scripts apart; right-to-left runs get none.
    tracking_units = 0.0 if rtl else tracking_em * font.units_per_em
    ids: list[int] = []
    xs: list[float] = []
    ys: list[float] = []
    pen = 0.0
    ink_left = ink_right = ink_top = ink_bottom = 0.0
    for info, pos in zip(buf.glyph_infos or (), buf.glyph_positions or ()):
        x, y = pen + pos.x_offset, float(pos.y_offset)
        ink = font.ink(info.codepoint)
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
        rtl=rtl,
        glyph_ids=tuple(ids),
        x_units=tuple(xs),
        y_units=tuple(ys),
        width=pen / em,
        ink_left=ink_left / em,
        ink_right=ink_right / em,
        ink_top=ink_top / em,
        ink_bottom=ink_bottom / em,
    )


@lru_cache(maxsize=16384)
def shape_piece(
    chain: FontChain, text: str, levels: tuple[int, ...], tracking_em: float = 0.0, lang: str = "en"
) -> ShapedPiece:
    """Shape one piece: runs split by font and by bidi level (``levels``: one per character)."""
    content = text.rstrip(" ")
    runs: list[LevelRun] = []
    missing: list[str] = []
    found = _split_runs(content, levels, chain)
    for index, (start, end, font, level, is_missing) in enumerate(found):
        run = shape_run(font, content[start:end], tracking_em, lang, level % 2 == 1)
        between = tracking_em if index < len(found) - 1 and not run.rtl else 0.0
        runs.append(LevelRun(run, level, run.width + between))
        if is_missing:
            missing.append(content[start:end])
    trailing = 0.0
    if content != text:
        # Spaces after an emoji take the text font's width, not the emoji font's.
        last_font = found[-1][2] if found and not found[-1][2].color_png else chain.primary
        space = shape_run(last_font, text[len(content):], 0.0, lang)
        trailing = space.width + (tracking_em if content else 0.0)
    return _measure_piece(text, tuple(runs), trailing, levels[-1] if levels else 0, "".join(missing))


def _split_runs(
    text: str, levels: tuple[int, ...], chain: FontChain
) -> list[tuple[int, int, LoadedFont, int, bool]]:
    """(start, end, font, level, missing) for each maximal run of one font and one level."""
    result: list[tuple[int, int, LoadedFont, int, bool]] = []
    for font_run in split_font_runs(text, chain):
        start = font_run.start
        for index in range(font_run.start + 1, font_run.end + 1):
            if index == font_run.end or levels[index] != levels[start]:
                result.append((start, index, font_run.font, levels[start], font_run.missing))
                start = index
    return result


def _measure_piece(
    text: str, runs: tuple[LevelRun, ...], trailing: float, trailing_level: int, missing: str
) -> ShapedPiece:
    width = sum(item.advance for item in runs)
    left_overhang = max((-item.run.ink_left for item in runs), default=0.0)
    right_overhang = max((item.run.ink_right - item.run.width for item in runs), default=0.0)
    return ShapedPiece(
        text=text,
        runs=runs,
        width=width,
        trailing=trailing,
        trailing_level=trailing_level,
        ink_left=-max(0.0, left_overhang),
        ink_right=width + max(0.0, right_overhang),
        ink_top=max((item.run.ink_top for item in runs), default=0.0),
        ink_bottom=max((item.run.ink_bottom for item in runs), default=0.0),
        missing="".join(dict.fromkeys(missing)),
    )
