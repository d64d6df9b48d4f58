"""Fitting: the largest font size at which a text fits its box.

The search is a binary search over whole pixel sizes, so it tries about
log2(max - min) sizes, never a linear walk. Preference order:

1. the largest size at which every word fits whole;
2. else the largest size with words hyphenated (or, as a last resort, cut
   between characters);
3. else, at the smallest size, the lines that fit, the last one cut at a
   word boundary and ended with an ellipsis.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .wrap import (
    Hyphenate,
    Measure,
    Piece,
    SplitGraphemes,
    count_greedy_lines,
    measure_line_width,
    split_wide_pieces,
    wrap_pieces,
)

T = TypeVar("T")
ELLIPSIS = "\u2026"
_CUT_PUNCTUATION = " ,;:.\u2014\u2013-\u2010"


@dataclass(frozen=True)
class BoxRules:
    """Box size and typographic limits, all the fitting search needs."""

    width_px: float
    height_px: float
    min_size_px: float
    max_size_px: float
    line_height: float = 1.2
    max_lines: int | None = None
    cap_height_em: float = 0.7
    descender_em: float = 0.25
    hyphenate: bool = True
    balance: bool = True


@dataclass(frozen=True)
class Fit:
    """The chosen size and lines."""

    font_size_px: float
    lines: list[list[Piece]]
    truncated: bool = False

    @property
    def hyphenated(self) -> bool:
        """Whether a word was split to fit."""
        return any(piece.break_after for line in self.lines for piece in line)


def find_largest_size(low: int, high: int, attempt: Callable[[int], T | None]) -> tuple[int, T] | None:
    """Return the largest size in [low, high] that ``attempt`` accepts, and its result.

    Assumes smaller sizes fit more easily; tries ``low`` first, then bisects,
    so at most ``2 + log2(high - low)`` attempts.
    """
    first = attempt(low)
    if first is None:
        return None
    best: tuple[int, T] = (low, first)
    while low < high:
        middle = (low + high + 1) // 2
        result = attempt(middle)
        if result is None:
            high = middle - 1
        else:
            best, low = (middle, result), middle
    return best


def measure_lines_extent(lines: Sequence[Sequence[Piece]], rules: BoxRules) -> tuple[float, float]:
    """Return (height above the first baseline, total height) of ``lines``, in ems.

    The first line's top is its cap height, or its ink if that reaches higher
    (accents on capitals); the bottom is the descender of the last line, or
    any ink that goes lower. Every line's ink is taken into account.
    """
    if not lines:
        return 0.0, 0.0
    step = rules.line_height
    top = rules.cap_height_em
    below = rules.descender_em + step * (len(lines) - 1)
    for index, line in enumerate(lines):
        top = max(top, max(p.metrics.ink_top for p in line) - index * step)
        below = max(below, index * step + max(p.metrics.ink_bottom for p in line))
    return top, top + below


def fit_pieces(
    pieces: Sequence[Piece],
    rules: BoxRules,
    measure: Measure,
    hyphenate: Hyphenate,
    split_graphemes: SplitGraphemes,
) -> Fit:
    """Choose a font size and lines for ``pieces`` in the box ``rules`` describe."""
    if not pieces:
        return Fit(rules.max_size_px, [])
    low = max(1, math.ceil(rules.min_size_px))
    high = max(low, math.floor(rules.max_size_px))

    def attempt(size: int, hyphen: Hyphenate | None) -> list[list[Piece]] | None:
        max_width = rules.width_px / size
        split = split_wide_pieces(pieces, max_width, measure, hyphen, split_graphemes)
        if split is None:
            return None
        lines = wrap_pieces(split, max_width, rules.balance)
        if rules.max_lines is not None and len(lines) > rules.max_lines:
            return None
        if measure_lines_extent(lines, rules)[1] * size > rules.height_px:
            return None
        return lines

    whole = find_largest_size(low, high, lambda size: attempt(size, None))
    if whole is not None:
        return Fit(whole[0], whole[1])
    if rules.hyphenate:
        hyphenated = find_largest_size(low, high, lambda size: attempt(size, hyphenate))
        if hyphenated is not None:
            return Fit(hyphenated[0], hyphenated[1])
    lines, truncated = truncate_pieces(pieces, rules, low, measure, hyphenate, split_graphemes)
    return Fit(low, lines, truncated=truncated)


def truncate_pieces(
    pieces: Sequence[Piece],
    rules: BoxRules,
    size: int,
    measure: Measure,
    hyphenate: Hyphenate,
    split_graphemes: SplitGraphemes,
) -> tuple[list[list[Piece]], bool]:
    """Return the lines that fit at ``size``, the last ending in an ellipsis.

    The flag says whether anything was cut (it can be false when only the
    balanced breaks were too tall and the greedy ones fit).
    """
    max_width = rules.width_px / size
    usable = _fitting_prefix(pieces, max_width, measure, hyphenate if rules.hyphenate else None, split_graphemes)
    starts = count_greedy_lines(usable, max_width)
    bounds = [*starts, len(usable)]
    lines = [list(usable[a:b]) for a, b in zip(bounds, bounds[1:])]
    keep = len(lines) if rules.max_lines is None else min(len(lines), rules.max_lines)
    complete = len(usable) == len(pieces)
    while keep > 0:
        kept = lines[:keep]
        if complete and keep == len(lines):
            last = kept[-1]  # nothing is cut yet: try the lines as they are first
        else:
            last = _end_with_ellipsis(kept[-1], max_width, measure)
        if last:
            kept[-1] = last
            if measure_lines_extent(kept, rules)[1] * size <= rules.height_px:
                return kept, last is not lines[keep - 1]
        keep -= 1
    return [], True


def _fitting_prefix(
    pieces: Sequence[Piece],
    max_width: float,
    measure: Measure,
    hyphenate: Hyphenate | None,
    split_graphemes: SplitGraphemes,
) -> list[Piece]:
    """Pieces split to fit, up to the first one that cannot fit at all."""
    usable: list[Piece] = []
    for piece in pieces:
        split = split_wide_pieces([piece], max_width, measure, hyphenate or (lambda word: []), split_graphemes)
        if split is None:
            break
        usable.extend(split)
    return usable


def _end_with_ellipsis(line: list[Piece], max_width: float, measure: Measure) -> list[Piece]:
    """Cut ``line`` at a word boundary so that it ends with an ellipsis and fits.

    A line that is one fragment of an over-long word (no boundary to cut at)
    loses characters from its end instead.
    """
    for count in range(len(line), 0, -1):
        text = line[count - 1].text.rstrip(_CUT_PUNCTUATION)
        if not text:
            continue
        start = line[count - 1].start
        candidate = [*line[: count - 1], Piece(text + ELLIPSIS, measure(text + ELLIPSIS, start), start=start)]
        if measure_line_width(candidate) <= max_width:
            return candidate
    if len(line) == 1:
        text = line[0].text.rstrip(_CUT_PUNCTUATION)
        while len(text) > 1:
            text = text[:-1]
            candidate = [Piece(text + ELLIPSIS, measure(text + ELLIPSIS, line[0].start), start=line[0].start)]
            if measure_line_width(candidate) <= max_width:
                return candidate
    start = line[0].start if line else 0
    alone = [Piece(ELLIPSIS, measure(ELLIPSIS, start), start=start)]
    return alone if measure_line_width(alone) <= max_width else []
