"""Wrapping: choose where lines break, given measured pieces and a width.

Everything here is in ems and knows nothing of fonts: a *measure* function
(handed in, cached by the caller) turns text into :class:`Metrics`. Tests
drive it with a fake measurer.

The steps, for one font size:

1. :func:`split_wide_pieces` makes every piece fit the line on its own,
   hyphenating a word that is too wide (or, failing that, cutting it between
   characters). It gives up (``None``) if a single character is too wide.
2. :func:`count_greedy_lines` finds the fewest lines possible.
3. :func:`balance_lines` spreads the pieces over exactly that many lines so
   they are as even as possible: no lone word on the last line when a better
   set of breaks exists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol


class Metrics(Protocol):
    """What wrapping needs to know about a piece of text, in ems."""

    @property
    def width(self) -> float: ...
    @property
    def trailing(self) -> float: ...
    @property
    def ink_left(self) -> float: ...
    @property
    def ink_right(self) -> float: ...
    @property
    def ink_top(self) -> float: ...
    @property
    def ink_bottom(self) -> float: ...


# measure(text, start): ``start`` is where ``text`` begins in the paragraph
# (its bidi levels live there); text past the paragraph's (an added hyphen
# or ellipsis) continues the level of the character before it.
Measure = Callable[[str, int], Metrics]
Hyphenate = Callable[[str], list[int]]
SplitGraphemes = Callable[[str], Sequence[str]]


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text between two break opportunities, with its measurement.

    ``break_after`` forces a line break after the piece: it ends in a
    hyphen that was added to split a word. ``start`` is the offset of the
    piece in its paragraph.
    """

    text: str
    metrics: Metrics
    break_after: bool = False
    start: int = 0


def measure_line_width(pieces: Sequence[Piece]) -> float:
    """Return the width a line of ``pieces`` covers, ink included, in ems."""
    extent = _LineExtent(pieces)
    for index in range(len(pieces)):
        extent.extend_to(index)
    return extent.width


class _LineExtent:
    """The extent of pieces[start:end], grown one piece at a time.

    A line covers its advance up to the end of its last piece's text
    (trailing spaces do not count), widened by the largest overhang of ink
    on either side of any piece (an italic overhang, a negative side
    bearing, an Arabic tail). Taking the largest rather than tracking
    positions keeps the bound true whatever order bidi puts the pieces in.
    """

    def __init__(self, pieces: Sequence[Piece]) -> None:
        self.pieces = pieces
        self.pen = 0.0
        self.advance = 0.0
        self.left = 0.0
        self.right = 0.0

    def extend_to(self, index: int) -> None:
        m = self.pieces[index].metrics
        self.left = max(self.left, -m.ink_left)
        self.right = max(self.right, m.ink_right - m.width)
        self.advance = self.pen + m.width
        self.pen += m.width + m.trailing

    @property
    def width(self) -> float:
        return self.advance + self.left + self.right


def split_wide_pieces(
    pieces: Sequence[Piece],
    max_width: float,
    measure: Measure,
    hyphenate: Hyphenate | None,
    split_graphemes: SplitGraphemes,
) -> list[Piece] | None:
    """Return pieces that each fit ``max_width``, or ``None`` if that is impossible.

    Without ``hyphenate`` a piece that is too wide makes the whole attempt
    fail, so the caller shrinks the font before it splits words.
    """
    result: list[Piece] = []
    for piece in pieces:
        if measure_line_width([piece]) <= max_width:
            result.append(piece)
            continue
        if hyphenate is None:
            return None
        parts = _split_piece(piece.text, piece.start, max_width, measure, hyphenate, split_graphemes)
        if parts is None:
            return None
        result.extend(parts)
    return result


def _split_piece(
    text: str,
    start: int,
    max_width: float,
    measure: Measure,
    hyphenate: Hyphenate,
    split_graphemes: SplitGraphemes,
) -> list[Piece] | None:
    def fits(candidate: str) -> bool:
        return measure_line_width([Piece(candidate, measure(candidate, start))]) <= max_width

    parts: list[Piece] = []
    rest = text
    while not fits(rest):
        head = _longest_hyphenated_head(rest, fits, hyphenate) or _longest_grapheme_head(
            rest, fits, split_graphemes
        )
        if head is None:
            return None
        shown, consumed = head
        parts.append(Piece(shown, measure(shown, start), break_after=True, start=start))
        rest = rest[consumed:]
        start += consumed
    parts.append(Piece(rest, measure(rest, start), start=start))
    return parts


_HYPHENS = ("-", "\u2010")


def _longest_hyphenated_head(
    text: str, fits: Callable[[str], bool], hyphenate: Hyphenate
) -> tuple[str, int] | None:
    """The longest ``text[:p] + "-"`` that fits, ``p`` a hyphenation point.

    Returns the text to show and how many characters of ``text`` it uses.
    """
    word = text.rstrip()
    points = sorted(hyphenate(word))
    best = None
    low, high = 0, len(points) - 1
    while low <= high:  # binary search: a longer head is wider
        middle = (low + high) // 2
        head = word[: points[middle]]
        shown = head if head.endswith(_HYPHENS) else head + "-"
        if fits(shown):
            best, low = (shown, points[middle]), middle + 1
        else:
            high = middle - 1
    return best


def _longest_grapheme_head(
    text: str, fits: Callable[[str], bool], split_graphemes: SplitGraphemes
) -> tuple[str, int] | None:
    """The longest run of whole characters at the start of ``text`` that fits."""
    graphemes = split_graphemes(text)
    best = None
    low, high = 1, len(graphemes) - 1
    while low <= high:  # binary search: width grows with the number of characters
        middle = (low + high) // 2
        head = "".join(graphemes[:middle])
        if fits(head):
            best, low = (head, len(head)), middle + 1
        else:
            high = middle - 1
    return best


def count_greedy_lines(pieces: Sequence[Piece], max_width: float) -> list[int]:
    """Fill each line as full as it goes; return where each line starts."""
    starts: list[int] = []
    index = 0
    while index < len(pieces):
        starts.append(index)
        extent = _LineExtent(pieces)
        extent.extend_to(index)
        index += 1
        while index < len(pieces) and not pieces[index - 1].break_after:
            trial = _copy_extent(extent)
            trial.extend_to(index)
            if trial.width > max_width:
                break
            extent = trial
            index += 1
    return starts


def _copy_extent(extent: _LineExtent) -> _LineExtent:
    clone = _LineExtent(extent.pieces)
    clone.pen, clone.advance = extent.pen, extent.advance
    clone.left, clone.right = extent.left, extent.right
    return clone


def balance_lines(pieces: Sequence[Piece], max_width: float, line_count: int) -> list[int]:
    """Return the line starts that make ``line_count`` lines as even as possible.

    Dynamic programming over break positions; the cost of a line is the
    square of the room it leaves, so one short line costs more than two
    slightly short ones. Lines are built from their end backwards, which lets
    the width of a candidate line be grown piece by piece.
    """
    n = len(pieces)
    if line_count <= 1:
        return [0] if n else []
    positions = _absolute_positions(pieces)
    infinity = float("inf")
    # cost[k][j]: best cost of pieces[:j] in k lines; back[k][j]: start of the k-th line.
    cost = [[infinity] * (n + 1) for _ in range(line_count + 1)]
    back = [[0] * (n + 1) for _ in range(line_count + 1)]
    cost[0][0] = 0.0
    for end in range(1, n + 1):
        for start, width in _lines_ending_at(pieces, positions, end, max_width):
            slack = (max_width - width) ** 2
            for k in range(1, line_count + 1):
                total = cost[k - 1][start] + slack
                if total < cost[k][end]:
                    cost[k][end] = total
                    back[k][end] = start
    if cost[line_count][n] == infinity:
        return count_greedy_lines(pieces, max_width)
    starts: list[int] = []
    end = n
    for k in range(line_count, 0, -1):
        end = back[k][end]
        starts.append(end)
    return starts[::-1]


def _absolute_positions(pieces: Sequence[Piece]) -> list[float]:
    positions = [0.0]
    for piece in pieces:
        positions.append(positions[-1] + piece.metrics.width + piece.metrics.trailing)
    return positions


def _lines_ending_at(
    pieces: Sequence[Piece], positions: list[float], end: int, max_width: float
) -> list[tuple[int, float]]:
    """Every (start, width) of a line pieces[start:end] that fits ``max_width`` (see _LineExtent)."""
    last = pieces[end - 1].metrics
    advance_end = positions[end - 1] + last.width
    left = right = 0.0
    found: list[tuple[int, float]] = []
    for start in range(end - 1, -1, -1):
        m = pieces[start].metrics
        if start < end - 1 and pieces[start].break_after:
            break
        left = max(left, -m.ink_left)
        right = max(right, m.ink_right - m.width)
        width = advance_end - positions[start] + left + right
        if width > max_width:
            break
        found.append((start, width))
    return found


def wrap_pieces(pieces: Sequence[Piece], max_width: float, balance: bool = True) -> list[list[Piece]]:
    """Break ``pieces`` (each fitting on its own) into the fewest, most even lines."""
    starts = count_greedy_lines(pieces, max_width)
    if balance and len(starts) > 1:
        starts = balance_lines(pieces, max_width, len(starts))
    bounds = [*starts, len(pieces)]
    return [list(pieces[a:b]) for a, b in zip(bounds, bounds[1:])]
